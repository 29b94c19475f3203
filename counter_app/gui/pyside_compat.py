"""Work around a reference-counting bug of PySide6 6.12.0 on CPython 3.11, measured on this project's stack.

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
