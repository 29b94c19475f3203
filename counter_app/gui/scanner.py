"""The barcode scanner as a keyboard: a USB scanner "types" the dossier code and Enter, far faster than a person.

`ScannerWedge` is an application-wide event filter. Key presses of characters a code can hold ([A-Z0-9.-])
are held back for a moment; if at least `min_length` of them arrive with less than `max_interval_ms` between
each, followed by Enter, and they spell a dossier code (domain.codes.DOSSIER_CODE_PATTERN), the whole burst
is swallowed — nothing lands in the field that had the focus — and `sig_scanned(code)` is emitted. Anything
else (a person typing, a pause, another key, a modifier) releases the held keys to the widget they were meant
for, in order, unchanged. The cost for a person typing is a delay of about `max_interval_ms` + 20 ms before a
character appears.

Only windows in scope react: the main window, and any window with the dynamic property `acceptsScans` set to
True (the dossier detail window). Elsewhere (a modal dialog with its own fields) keys pass untouched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from counter_app.domain.codes import DOSSIER_CODE_PATTERN

SCAN_PROPERTY = "acceptsScans"
DEFAULT_MAX_INTERVAL_MS = 30
DEFAULT_MIN_LENGTH = 8
# After the last held key, how much longer to wait before deciding it was a person (the scanner's next key
# may be queued behind a repaint).
FLUSH_SLACK_MS = 20

_CODE_CHAR = re.compile(r"^[A-Za-z0-9.\-]$")
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ALLOWED_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


@dataclass
class _HeldKey:
    target: QWidget  # checked with shiboken6.isValid before use (PySide6 has no QPointer)
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at_ms: float


def _monotonic_ms() -> float:
    return time.monotonic() * 1000


class ScannerWedge(QObject):
    """Recognises scans anywhere in the windows in scope; `sig_scanned(code)` carries the code in upper case."""

    sig_scanned = Signal(str)

    def __init__(
        self,
        scope: QWidget,
        *,
        max_interval_ms: float = DEFAULT_MAX_INTERVAL_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock_ms: Callable[[], float] | None = None,
        pattern: re.Pattern[str] = DOSSIER_CODE_PATTERN,
        parent: QObject | None = None,
    ):
        super().__init__(parent if parent is not None else scope)
        self._scope = scope
        self.max_interval_ms = max_interval_ms
        self.min_length = min_length
        self._clock_ms = clock_ms or _monotonic_ms
        self._pattern = pattern
        self._held: list[_HeldKey] = []
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        scope.setProperty(SCAN_PROPERTY, True)

    # --- installation -----------------------------------------------------------------------------------

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self.flush()

    @property
    def held_text(self) -> str:
        """The characters held back right now (tests)."""
        return "".join(k.text for k in self._held)

    # --- the filter -------------------------------------------------------------------------------------

    def _in_scope(self, widget: QWidget) -> bool:
        window = widget.window()
        return window is self._scope or bool(window.property(SCAN_PROPERTY))

    def _now(self, event: QKeyEvent) -> float:
        # The window system's time stamp when there is one (it stays right if the UI thread was busy when the
        # keys were queued); synthetic events carry 0.
        stamp = event.timestamp()
        return float(stamp) if stamp else self._clock_ms()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        # Key events reach the filter first for the QWindow, then for the focus widget, then for each parent
        # the event propagates to: only widgets count, and a held key never propagates.
        if not isinstance(obj, QWidget) or not self._in_scope(obj):
            return False
        assert isinstance(event, QKeyEvent)
        now = self._now(event)
        key = event.key()
        text = event.text()
        extra_modifiers = event.modifiers() & ~_ALLOWED_MODIFIERS
        if event.isAutoRepeat() or extra_modifiers != Qt.KeyboardModifier.NoModifier:
            self.flush()
            return False
        if key in _ENTER_KEYS:
            return self._enter(now)
        if len(text) == 1 and _CODE_CHAR.match(text):
            if self._held and now - self._held[-1].at_ms > self.max_interval_ms:
                self.flush()  # a pause: what was held was typed by a person
            self._held.append(_HeldKey(obj, key, event.modifiers(), text, now))
            self._timer.start(int(self.max_interval_ms + FLUSH_SLACK_MS))
            return True
        self.flush()
        return False

    def _enter(self, now: float) -> bool:
        if self._held and now - self._held[-1].at_ms <= self.max_interval_ms and len(self._held) >= self.min_length:
            code = self.held_text.upper()
            if self._pattern.match(code):
                self._held.clear()
                self._timer.stop()
                # Emitted from the event loop, not from inside the filter: the receiver opens windows.
                QTimer.singleShot(0, lambda: self.sig_scanned.emit(code))
                return True
        self.flush()
        return False

    def flush(self) -> None:
        """Give the held keys to the widgets they were meant for, in order (it was a person typing)."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                if not shiboken6.isValid(item.target):
                    continue
                replay = QKeyEvent(QEvent.Type.KeyPress, item.key, item.modifiers, item.text)
                QCoreApplication.sendEvent(item.target, replay)
        finally:
            self._replaying = False
