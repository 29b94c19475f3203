"""The first window of a start: up before the store opens, and every key typed into it is kept.

Opening the counter window needs SQLAlchemy, the store and the catalogue (~0.5-1 s on a counter PC). An officer who
starts typing the procedure as soon as something appears must not lose those keys, so `counter-app` (cli_launch.py)
shows this window first, with a search field that echoes what is typed, and loads the rest in a background thread
while the window's event loop runs. Every key pressed here is recorded. When another window of ours takes the
keyboard (the counter window, or a sign-in or first-run dialog before it), the recorded keys are replayed into it
through Qt's window-system path (QTest.sendKeyEvent on the focus window: shortcuts and the completer see them as
they see typed keys), in the order typed; keys still arriving here afterwards are forwarded at once. The window
closes itself when the counter window (a QMainWindow) has the keyboard.

COUNTER_APP_START_PROBE=1 (benchmarks/startup.py, tests/test_start_keys.py) prints, on stdout, when this window
was shown (`early-shown`), when the window manager gave it the keyboard (`early-focus`), when it received its
first key (`first-key`), when its keys were replayed (`replayed`) and, with COUNTER_APP_PROBE_QUIT_MS=N, the focused
field's text N ms after the counter window took the keyboard (`focus-text`) and where the window manager put that window (`window-frame`: its frame and the screen's free area,
in Qt's pixels) before leaving; COUNTER_APP_PROBE_HOLD_MS=N holds the first window N ms longer (tests type into it
whatever the machine's speed). Nothing of what was typed is printed otherwise.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

PROBE_ENV = "COUNTER_APP_START_PROBE"
PROBE_QUIT_ENV = "COUNTER_APP_PROBE_QUIT_MS"
PROBE_HOLD_ENV = "COUNTER_APP_PROBE_HOLD_MS"
TITLE = "Tiếp nhận hồ sơ — Bộ phận Một cửa"
# What the background thread imports while the window takes keys: the command line, the services and the store
# (SQLAlchemy), the counter window's modules. Whatever fails here is imported again, and reported, by the normal
# start.
PRELOAD = (
    "counter_app.cli",
    "counter_app.services.app",
    "counter_app.gui.operations",
    "counter_app.gui.worker",
    "counter_app.gui.main_window",
    "counter_app.gui.accounts",
    "counter_app.gui.tracking",
)


def _probe(label: str, detail: str = "") -> None:
    if os.environ.get(PROBE_ENV) and sys.stdout is not None:
        print(f"{label} {time.time():.6f}{' ' + detail if detail else ''}", flush=True)


@dataclass(frozen=True)
class TypedKey:
    press: bool
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class EarlyWindow(QMainWindow):
    """A window with the counter's title and geometry and a search field; it records the keys typed into it."""

    def __init__(self, ui_settings: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.status = QLabel("Đang mở dữ liệu… Các phím đã gõ được giữ lại và chuyển vào ô tìm thủ tục.")
        self.typed = QLineEdit()
        self.typed.setPlaceholderText("Tìm thủ tục (tên, mã hoặc từ khoá)")
        self.typed.setAccessibleName("Tìm thủ tục")
        layout.addWidget(self.typed)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setCentralWidget(page)
        self.setFocusProxy(self.typed)
        self.keys: list[TypedKey] = []
        self.replayed = 0
        self.finished = False
        self._replaying = False
        self._first_key = True
        self._focus_reported = False
        self.typed.installEventFilter(self)
        self._restore_geometry(ui_settings)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_moved)

    def _restore_geometry(self, ui_settings: str | None) -> None:
        self.has_saved_geometry = False
        if ui_settings and os.path.exists(ui_settings):
            from PySide6.QtCore import QByteArray

            geometry = QSettings(ui_settings, QSettings.Format.IniFormat).value("window/geometry")
            if isinstance(geometry, QByteArray):
                self.has_saved_geometry = self.restoreGeometry(geometry)

    def show_now(self) -> None:
        self.show() if self.has_saved_geometry else self.showMaximized()
        self.activateWindow()
        self.typed.setFocus()

    # --- recording ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(event, QKeyEvent):
            if self._first_key:
                self._first_key = False
                _probe("first-key")
            typed = TypedKey(kind == QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text())
            self.keys.append(typed)
            target = self._target()
            if target is not None:  # a window of ours has the keyboard already: this key goes there at once
                self._replay(target)
                return True
        return False  # the field echoes what is typed

    # --- replay ------------------------------------------------------------------------------------------

    def _target(self) -> QWindow | None:
        focus = QGuiApplication.focusWindow()
        mine = self.windowHandle()
        if focus is None or focus is mine:
            return None
        return focus

    def report_focus(self) -> None:
        """Probe line `early-focus`, once: the window manager has given this window the keyboard."""
        if not self._focus_reported and QGuiApplication.focusWindow() is self.windowHandle():
            self._focus_reported = True
            _probe("early-focus")

    def _focus_moved(self, window: QWindow | None) -> None:
        if window is self.windowHandle():
            self.report_focus()
        if self.finished or window is None or window is self.windowHandle():
            return
        # After the events already queued for this window: a key typed before the switch comes first.
        QTimer.singleShot(0, self._flush)

    def _flush(self) -> None:
        target = self._target()
        if target is None or self.finished:
            return
        self._replay(target)
        widget = QApplication.activeWindow()
        if isinstance(widget, QMainWindow) and widget is not self:
            self.finish(widget)

    def _replay(self, target: QWindow) -> None:
        from PySide6.QtTest import QTest

        if self._replaying:  # a replayed key opened a popup (the completer): the outer loop goes on
            return
        self._replaying = True
        start = self.replayed
        try:
            while self.replayed < len(self.keys):
                typed = self.keys[self.replayed]
                self.replayed += 1
                window = QGuiApplication.focusWindow() or target  # the completer's popup, once it opens
                action = QTest.KeyAction.Press if typed.press else QTest.KeyAction.Release
                QTest.sendKeyEvent(action, window, Qt.Key(typed.key), typed.text, typed.modifiers)
        finally:
            self._replaying = False
        if self.replayed > start:
            _probe("replayed", str(self.replayed))  # how many key events so far, in all

    def finish(self, main_window: QWidget) -> None:
        """The counter window has the keyboard: replay what is left, then close (once)."""
        if self.finished:
            return
        target = self._target()
        if target is not None:
            self._replay(target)
        self.finished = True
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.disconnect(self._focus_moved)
        self.typed.removeEventFilter(self)
        self.close()
        self.deleteLater()
        _probe_quit_later(main_window)


def _probe_quit_later(main_window: QWidget) -> None:
    delay = os.environ.get(PROBE_QUIT_ENV) if os.environ.get(PROBE_ENV) else None
    if not delay:
        return

    def report() -> None:
        focus = QApplication.focusWidget()
        text = focus.text() if isinstance(focus, QLineEdit) else ""
        _probe("focus-text", json.dumps(text, ensure_ascii=False))
        # Where the window manager put the counter window, its frame included, and the screen's free area.
        screen = main_window.screen()
        frame = main_window.frameGeometry().getRect()
        free = screen.availableGeometry().getRect() if screen is not None else None
        _probe("window-frame", json.dumps({"frame": frame, "available": free}))
        QApplication.exit(0)  # not quit(): a form with text would ask whether to leave

    QTimer.singleShot(int(delay), main_window, report)


def _import_all(names: Iterable[str], errors: list[BaseException]) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except BaseException as exc:  # the normal start imports it again and reports it
            errors.append(exc)
            return


def preload(app: QApplication, names: Iterable[str] = PRELOAD) -> None:
    """Import `names` on a background thread while the event loop runs (the window echoes keys meanwhile)."""
    from PySide6.QtCore import QEventLoop

    errors: list[BaseException] = []
    loop = QEventLoop()
    done = threading.Event()

    # tests: keep the first window up long enough to type into it, whatever the machine's speed
    hold_ms = int(os.environ.get(PROBE_HOLD_ENV) or 0) if os.environ.get(PROBE_ENV) else 0

    def work() -> None:
        try:
            if hold_ms:
                time.sleep(hold_ms / 1000)
            _import_all(names, errors)
        finally:
            done.set()

    thread = threading.Thread(target=work, name="preload", daemon=True)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: loop.quit() if done.is_set() else None)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    thread.join()
    if errors:
        log.warning("preloading the window's modules failed: %s", errors[0])


_early: list[EarlyWindow] = []  # kept alive until the counter window takes over


def show_early_window(app: QApplication) -> EarlyWindow | None:
    """Show the first window and load the rest behind it. Never stops a start: on any error, None."""
    try:
        from counter_app.services.paths import ui_settings_path

        window = EarlyWindow(str(ui_settings_path()))
        window.show_now()
        _early.append(window)
        app.processEvents()
        _probe("early-shown")
        window.report_focus()
        preload(app)
        return window
    except Exception as exc:  # the normal start follows and reports what is wrong
        log.warning("the first window could not be shown: %s", exc)
        return None


def early_window() -> EarlyWindow | None:
    """The first window of this start, if it is still up."""
    return next((w for w in _early if not w.finished), None)
