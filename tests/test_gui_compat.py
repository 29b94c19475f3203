"""The PySide6 6.12.0 / Python 3.11 reference leak on None and True is neutralised (gui/pyside_compat.py)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

import counter_app.gui  # noqa: F401  (applies the work-around on import)
from counter_app.gui import pyside_compat


class _Emitter(QObject):
    sig = Signal(object)


def test_signals_and_slots_do_not_drain_none_or_true(qapp):
    emitter = _Emitter()
    calls = []
    emitter.sig.connect(lambda value: calls.append(value))
    action = QAction("x")
    action.triggered.connect(lambda: calls.append(None))
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2_000):
        emitter.sig.emit(1)
        action.trigger()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert len(calls) == 4_000
    if pyside_compat.affected():
        assert pyside_compat.apply() is True
        # Still leaking, but from a count that cannot reach zero.
        assert min(after) > 1 << 39
    else:
        assert after[0] >= before[0] - 10 and after[1] >= before[1] - 10, "this PySide6 leaks None/True too"


def test_modules_imported_after_pyside_leave_no_source_in_linecache(tmp_path, monkeypatch):
    """shiboken's import hook asks of every new module whether its source mentions PySide6; asked through
    inspect.getsource, the whole source stayed in linecache (+21 MB for SQLAlchemy and the services). The same
    answer, nothing kept (gui/pyside_compat.py)."""
    import importlib
    import linecache

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "pyside_feature_dict"):
        return  # a shiboken without the hook: nothing to keep out
    (tmp_path / "uses_qt_for_compat_test.py").write_text("import PySide6\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "plain_for_compat_test.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()

    # An import statement, as a module's own imports are: through builtins.__import__, which shiboken replaced.
    uses_qt = __import__("uses_qt_for_compat_test")
    plain = __import__("plain_for_compat_test")

    assert (uses_qt.VALUE, plain.VALUE) == (1, 2)
    assert uses_qt.__file__ not in linecache.cache and plain.__file__ not in linecache.cache
    # shiboken's own answers: 0 = the module uses PySide6 (no feature selected), -1 = it does not.
    assert feature.pyside_feature_dict.get("uses_qt_for_compat_test") == 0
    assert feature.pyside_feature_dict.get("plain_for_compat_test") == -1
    for name in ("uses_qt_for_compat_test", "plain_for_compat_test"):
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)
