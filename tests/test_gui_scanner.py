"""The scanner wedge with simulated key events: a fast burst + Enter is a scan, a person typing is not.

Codes are ASCII, so qtbot.keyClicks is safe here (PLATFORM-NOTES: only non-ASCII text trips Qt's assertion).
QTest sends its events back to back (well under a millisecond apart): a burst is "fast" on its own; "slow" typing
waits between keys with qtbot.wait, longer than the (injected) threshold.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from counter_app.gui.scanner import ScannerWedge

pytestmark = pytest.mark.gui

CODE = "H61.22-261125-1001"


@pytest.fixture
def scene(qtbot):
    window = QMainWindow()
    central = QWidget(window)
    layout = QVBoxLayout(central)
    field = QLineEdit(central)
    other = QLineEdit(central)
    layout.addWidget(field)
    layout.addWidget(other)
    window.setCentralWidget(central)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wedge = ScannerWedge(window, max_interval_ms=40)
    wedge.install()
    scans: list[str] = []
    wedge.sig_scanned.connect(scans.append)
    field.setFocus()
    yield window, field, other, wedge, scans
    wedge.uninstall()


def test_fast_burst_with_enter_is_a_scan_and_is_swallowed(qtbot, scene):
    window, field, _other, wedge, scans = scene
    field.setText("ghi chú")  # what the officer had typed stays as it was
    returns: list[bool] = []
    field.returnPressed.connect(lambda: returns.append(True))
    qtbot.keyClicks(field, CODE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert field.text() == "ghi chú"
    assert returns == []  # Enter did not reach the field either
    assert wedge.held_text == ""


def test_lower_case_scan_is_upper_cased(qtbot, scene):
    _window, field, _other, _wedge, scans = scene
    qtbot.keyClicks(field, CODE.lower())
    QTest.keyClick(field, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert field.text() == ""


def test_slow_typing_passes_through_untouched(qtbot, scene):
    _window, field, _other, wedge, scans = scene
    for ch in "H61-2611":
        QTest.keyClick(field, ch)
        qtbot.wait(wedge.max_interval_ms + 40)  # a person: longer than the threshold between keys
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert field.text() == "H61-2611"
    assert scans == []


def test_fast_text_that_is_not_a_code_is_given_back_in_order(qtbot, scene):
    _window, field, _other, _wedge, scans = scene
    returns: list[str] = []
    field.returnPressed.connect(lambda: returns.append(field.text()))
    qtbot.keyClicks(field, "ABCDEFGHIJ")  # fast and long, but not a dossier code
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "ABCDEFGHIJ"
    assert returns == ["ABCDEFGHIJ"]  # the text arrived before Enter did
    assert scans == []


def test_short_burst_is_typing(qtbot, scene):
    _window, field, _other, wedge, scans = scene
    qtbot.keyClicks(field, "A1-2")
    qtbot.waitUntil(lambda: field.text() == "A1-2", timeout=1000)  # released by the timer
    assert wedge.held_text == ""
    assert scans == []


def test_other_keys_release_held_characters_first(qtbot, scene):
    _window, field, _other, _wedge, scans = scene
    qtbot.keyClicks(field, "H61")
    QTest.keyClick(field, Qt.Key.Key_Space)
    qtbot.keyClicks(field, "X")
    qtbot.waitUntil(lambda: field.text() == "H61 X", timeout=1000)
    assert scans == []


def test_scan_from_any_widget_of_the_window(qtbot, scene):
    _window, field, other, _wedge, scans = scene
    other.setFocus()
    qtbot.keyClicks(other, CODE)
    QTest.keyClick(other, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert other.text() == "" and field.text() == ""


def test_dialogs_are_in_scope_and_a_window_can_opt_out(qtbot, scene):
    window, _field, _other, _wedge, scans = scene
    dialog = QDialog(window)
    box = QLineEdit(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    box.setFocus()
    qtbot.keyClicks(box, CODE)
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert box.text() == "", "a scan never lands in a dialog's field"
    dialog.setProperty("acceptsScans", False)  # a window may opt out: it gets the keys as typed
    qtbot.keyClicks(box, CODE)
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == CODE
    assert scans == [CODE]


def test_releases_keep_their_place_behind_held_presses(qtbot, scene):
    _window, field, _other, wedge, _scans = scene
    seen: list[str] = []

    class Spy(QLineEdit):
        def keyPressEvent(self, event):
            seen.append("+" + event.text())
            super().keyPressEvent(event)

        def keyReleaseEvent(self, event):
            seen.append("-" + event.text())
            super().keyReleaseEvent(event)

    spy = Spy(field.parentWidget())
    spy.show()
    spy.setFocus()
    for ch in "ab":
        QTest.keyPress(spy, ch)
        QTest.keyRelease(spy, ch)
    assert wedge.held_text == "ab"
    qtbot.waitUntil(lambda: spy.text() == "ab", timeout=1000)
    assert seen == ["+a", "-a", "+b", "-b"]


def test_exact_mode_takes_only_what_is_between_prefix_and_suffix(qtbot, scene):
    _window, field, _other, wedge, scans = scene
    wedge.configure("F9", "")
    assert wedge.exact
    qtbot.keyClicks(field, "H61")  # fast typing is never held in exact mode
    assert field.text() == "H61"
    QTest.keyClick(field, Qt.Key.Key_F9)
    for ch in CODE.lower():
        QTest.keyClick(field, ch)
        qtbot.wait(5)
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert field.text() == "H61"
    wedge.configure("", "")
    assert not wedge.exact


def test_one_late_key_inside_a_machine_burst_does_not_break_the_scan(qtbot, scene):
    """The system was busy for a moment in the middle of a scan (a recorded trace: 2 ms per key, one key 120 ms late)."""
    _window, field, _other, wedge, scans = scene
    for i, ch in enumerate(CODE):
        if i == 9:
            qtbot.wait(120)
        QTest.keyClick(field, ch)
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scans == [CODE], timeout=1000)
    assert field.text() == ""


def test_a_person_pausing_is_never_taken_for_a_burst(qtbot, scene):
    _window, field, _other, wedge, scans = scene
    for ch in "H61":
        QTest.keyClick(field, ch)
        qtbot.wait(wedge.max_interval_ms + 30)
    qtbot.waitUntil(lambda: field.text() == "H61", timeout=1000)
    assert scans == []
