"""Work around a reference-counting bug of PySide6 6.12.0 on CPython 3.11, measured on this project's stack; and
keep shiboken's import hook from holding the source of every module imported after PySide6 (see the end).

With PySide6 6.12.0 on Python 3.11.7 every `Signal.emit()` made from Python drops one reference to `True`,
and every call of a Python slot from C++ (a key typed, an action triggered, a timer) drops one reference to
`None`. Other objects are not affected. Python 3.12 made None/True/False immortal, so the bug is invisible
there; on 3.11 the counts start near 5,000 and the process aborts with "Fatal Python error: none_dealloc"
(or bool_dealloc) after a few thousand UI events — a few dozen intakes at the counter. PySide6 6.11.3 on
the same Python does not leak (tests/test_gui_compat.py measures both counts).

The fix is to leave 6.12.0 (pin `PySide6!=6.12.0`) or to run on Python 3.12+. Until then `apply()` does
for these three singletons what CPython 3.12 does for all of them: it gives them a reference count that
cannot reach zero. They are statically allocated and never freed, so the extra count changes nothing else.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# 2**40 references: a billion UI events a day for three thousand years.
_EXTRA_REFERENCES = 1 << 40
_applied = False


def affected() -> bool:
    import PySide6

    return (
        platform.python_implementation() == "CPython"
        and sys.version_info < (3, 12)
        and tuple(PySide6.__version_info__[:3]) == (6, 12, 0)
    )


def apply() -> bool:
    """Make None, True and False effectively immortal when running the affected PySide6; True if applied."""
    global _applied
    if _applied or not affected():
        return _applied
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _EXTRA_REFERENCES
    _applied = True
    return True


# --- shiboken's import hook and linecache (issue 15 item 1: the window's resident memory) ---------------------------
#
# Importing PySide6 replaces builtins.__import__ with shiboken's `__feature_import__` (for `from __feature__ import
# snake_case`). For every module imported after that, it asks `_mod_uses_pyside(module)`, which is
# `"PySide6" in inspect.getsource(module)`: inspect reads the file through linecache, and linecache keeps every
# line of it for the rest of the process. Measured 2026-12-04 (PySide6 6.11, Python 3.11): 506 files, 9 MB of
# source text, +21 MB resident for SQLAlchemy and the services imported after Qt; clearing linecache later gives
# back only ~3 MB (the lines are freed between the modules' own objects, which stay). This asks shiboken's
# question of the file itself, without linecache: the same answer for a module with a .py file (the only ones
# inspect.getsource can read here), False like before for the others, and nothing kept. This project never
# imports `__feature__`, so the answer changes nothing it uses either way.


def _mod_uses_pyside(module) -> bool:
    """shiboken's question (does the module's source mention PySide6?), read from the file and not kept."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def keep_sources_out_of_linecache() -> bool:
    """Replace shiboken's `_mod_uses_pyside` by one that keeps nothing; False where this shiboken has none."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _mod_uses_pyside)  # noqa: B010 (a module attribute mypy does not know)
    return True
