"""Keys typed before the counter window is ready are kept (issue 15): the first window records them and replays
them, in order, into whichever window of ours takes the keyboard next.

Offscreen: the replay itself (text, a Backspace, a shortcut through Qt's shortcut map, keys arriving after the
switch). On a real X server (Xvfb + openbox + xdotool, skipped only when they are missing): `python -m counter_app`
started on a set-up store, typed into at 40 ms per key as soon as its first window appears, and the counter
window's procedure search holding exactly what was typed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from counter_app.gui.early_window import EarlyWindow
from tests.xdisplay import MISSING, XDisplay, stop

pytestmark = pytest.mark.gui

WAIT_S = 120  # generous: the machine is shared; nothing is asserted about time


def _type(widget, text: str) -> None:
    """Press and release each character as X delivers it: a key code (none for a Vietnamese letter) and its text."""
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Press, widget, key, ch, Qt.KeyboardModifier.NoModifier)
        QTest.sendKeyEvent(QTest.KeyAction.Release, widget, key, ch, Qt.KeyboardModifier.NoModifier)


def test_keys_typed_into_the_first_window_reach_the_counter_window_in_order(qtbot, tmp_path):
    early = EarlyWindow(str(tmp_path / "ui.ini"))  # not given to qtbot: it deletes itself once it hands over
    early.show_now()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is early.windowHandle(), timeout=5000)
    _type(early.typed, "giấy phépp")
    QTest.keyClick(early.typed, Qt.Key.Key_Backspace)
    _type(early.typed, " xây")
    assert early.typed.text() == "giấy phép xây"  # the first window echoes what is typed
    typed_before_switch = len(early.keys)

    main = QMainWindow()
    qtbot.addWidget(main)
    field = QLineEdit()
    main.setCentralWidget(field)
    fired: list[bool] = []
    QShortcut(QKeySequence("Ctrl+Return"), main).activated.connect(lambda: fired.append(True))
    QTest.keyClick(early.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    field.setFocus()
    main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: early.finished, timeout=5000)

    assert field.text() == "giấy phép xây"
    assert fired == [True]  # the shortcut typed early went through the shortcut map, as a typed one does
    assert early.replayed == len(early.keys) == typed_before_switch + 4  # Ctrl, Return, both released
    qtbot.waitUntil(lambda: not shiboken6.isValid(early), timeout=5000)  # closed and deleted once handed over


def test_nothing_is_replayed_into_a_window_that_is_not_ours_to_type_into(qtbot, tmp_path):
    early = EarlyWindow(str(tmp_path / "ui.ini"))
    qtbot.addWidget(early)  # never handed over: qtbot closes it
    early.show_now()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is early.windowHandle(), timeout=5000)
    _type(early.typed, "abc")
    assert early.replayed == 0 and not early.finished  # still the focus window: the keys stay with it
    assert [k.text for k in early.keys if k.press] == ["a", "b", "c"]


def _set_up_store(folder: Path) -> None:
    from counter_app.services.app import open_services
    from counter_app.services.settings import SPECS

    services = open_services(folder, check_integrity=False, load_demo=False)
    try:
        services.catalogue.ensure_demo_catalogue(Path(__file__).with_name("data") / "mini_catalogue.json")
        missing = services.settings.missing_setup()
        services.settings.set_many({key: SPECS[key].default or "Thử nghiệm" for key in missing})
    finally:
        services.close()


@pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (./dev installs xvfb openbox xdotool)")
def test_typing_at_once_after_start_in_a_real_x_window_loses_nothing(tmp_path):
    _set_up_store(tmp_path / "data")
    display = XDisplay("1366x768")  # up once openbox has taken the screen (the first window maps fast)
    processes: list[subprocess.Popen] = []
    try:
        env = dict(display.env)
        env.update(
            COUNTER_APP_DATA_DIR=str(tmp_path / "data"),
            COUNTER_APP_START_PROBE="1",
            COUNTER_APP_PROBE_HOLD_MS="1500",  # the counter window is not up before the typing ends
            COUNTER_APP_PROBE_QUIT_MS="1500",
        )
        app = subprocess.Popen(
            [sys.executable, "-m", "counter_app"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        processes.append(app)
        assert app.stdout is not None
        stamps: dict[str, str] = {}
        for line in app.stdout:
            label, _, rest = line.rstrip("\n").partition(" ")
            stamps.setdefault(label, rest)  # the first of each: `replayed` then counts the keys typed before
            if label == "early-focus":
                # The window manager has given the first window the keyboard (X focus, not only a mapped window:
                # keys typed before that go to the desktop, under any application): type at once, at 40 ms per
                # key, with Vietnamese letters.
                subprocess.run(
                    ["xdotool", "type", "--delay", "40", "giấy phép xây"], env=env, check=True, timeout=WAIT_S
                )
            if label == "focus-text":
                break
        app.wait(WAIT_S)
        assert "focus-text" in stamps, app.stderr.read() if app.stderr else ""
        assert "early-focus" in stamps
        replayed = int(stamps["replayed"].split()[1])
        assert replayed >= len("giấy phép xây")  # every key was typed while the first window had the keyboard
        assert json.loads(stamps["focus-text"].split(" ", 1)[1]) == "giấy phép xây"
        assert app.returncode == 0
    finally:
        stop(processes)
        display.close()
