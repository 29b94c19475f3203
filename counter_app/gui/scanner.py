"""The barcode scanner as a keyboard: a USB scanner "types" what it reads and Enter, far faster than a person.

`ScannerWedge` is an application-wide event filter on the key path of EVERY window of the application — the
main window, its dialogs, and the popups (the procedure search's completer list is a separate top-level window:
keys typed while it is open are on the same path as the others, so none can overtake another).

Timing mode (the default). Key presses that carry a printable character are held back for a moment; if at
least `min_length` of them arrive with less than `max_interval_ms` between each, followed by Enter, and the
text is something a scanner reads — a dossier code (domain.codes) or the QR of a chip CCCD card (domain.cccd) —
the whole burst is swallowed (nothing lands in the field that had the focus) and `sig_scan(Scan)` is emitted.
Anything else (a person typing, a pause, another key, a modifier) releases the held keys — presses AND the
releases that came while they were held — to the widgets they were meant for, in the order they were typed.
The cost for a person typing is a delay of about `max_interval_ms` + 20 ms before a character appears.

Exact mode (settings `scanner.prefix` / `scanner.suffix`): most USB scanners can send a key before and after
what they read (e.g. F9 … Enter). Then only what comes between the prefix and the suffix is a scan, whatever
its speed, and typed keys are never held at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.domain import slip_code
from counter_app.domain.cccd import parse_cccd_qr
from counter_app.domain.codes import DOSSIER_CODE_PATTERN

# A window with this property set opens the scanned dossier itself (the dossier window); elsewhere a scan goes
# to the main window's handler, which says so when a dialog is in the way. False: the window opts out.
SCAN_PROPERTY = "acceptsScans"
DEFAULT_MAX_INTERVAL_MS = 30
DEFAULT_MIN_LENGTH = 8
# After the last held key, how much longer to wait before deciding it was a person (the scanner's next key
# may be queued behind a repaint).
FLUSH_SLACK_MS = 20
# Inside a burst already known to be a machine's (at least BURST_KEYS keys, on average faster than half the
# threshold: no person types like that), one late key — the system was busy — does not end the scan.
HICCUP_MS = 250
BURST_KEYS = 3
# Exact mode: a prefix with no suffix after this long was not a scanner (keys are given back).
EXACT_TIMEOUT_MS = 1500

KIND_CODE = "code"
KIND_CCCD = "cccd"
KIND_UNKNOWN = "unknown"

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ALLOWED_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


@dataclass(frozen=True)
class Scan:
    kind: str  # KIND_CODE, KIND_CCCD, KIND_UNKNOWN (exact mode only)
    text: str  # what the scanner typed (a code: upper case)
    value: Any  # the code (str), a CccdCard, or the raw text
    window: QWidget | None  # the window that had the keyboard when the scan came


def recognise(text: str) -> tuple[str, Any] | None:
    """What a scanner's text is: a dossier code (the barcode, or the signed QR of a slip: its code), or a CCCD QR;
    None for anything else."""
    code = text.strip().upper()
    if DOSSIER_CODE_PATTERN.match(code):
        return KIND_CODE, code
    if code.startswith(slip_code.VERSION + slip_code.SEPARATOR):  # the signed QR beside a slip's barcode
        try:
            return KIND_CODE, slip_code.parse(text).code
        except slip_code.MalformedSlip:
            pass
    card = parse_cccd_qr(text)
    if card is not None:
        return KIND_CCCD, card
    return None


@dataclass
class _HeldKey:
    target: QWidget  # checked with shiboken6.isValid before use (PySide6 has no QPointer)
    type: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at_ms: float


def _monotonic_ms() -> float:
    return time.monotonic() * 1000


def parse_key(spec: str) -> tuple[int, Qt.KeyboardModifier] | None:
    """A settings value such as "F9", "Ctrl+F12" or "~" as (key, modifiers); None when empty or not a key."""
    spec = spec.strip()
    if not spec:
        return None
    sequence = QKeySequence(spec)
    if sequence.count() != 1:
        return None
    combination = sequence[0]
    return int(combination.key().value), combination.keyboardModifiers()


def _printable(text: str) -> bool:
    return len(text) == 1 and text.isprintable()


class ScannerWedge(QObject):
    """Recognises scans anywhere in the application; `sig_scan(Scan)`, and `sig_scanned(code)` for codes."""

    sig_scan = Signal(object)  # Scan
    sig_scanned = Signal(str)  # a dossier code, upper case

    def __init__(
        self,
        scope: QWidget,
        *,
        max_interval_ms: float = DEFAULT_MAX_INTERVAL_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock_ms: Callable[[], float] | None = None,
        recogniser: Callable[[str], tuple[str, Any] | None] = recognise,
        prefix: str = "",
        suffix: str = "",
        parent: QObject | None = None,
    ):
        super().__init__(parent if parent is not None else scope)
        self._scope = scope
        self.max_interval_ms = max_interval_ms
        self.min_length = min_length
        self._clock_ms = clock_ms or _monotonic_ms
        self._recognise = recogniser
        self._held: list[_HeldKey] = []
        self._last_press_ms = 0.0
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._prefix: tuple[int, Qt.KeyboardModifier] | None = None
        self._suffix: tuple[int, Qt.KeyboardModifier] | None = None
        self._capturing = False
        self.configure(prefix, suffix)
        scope.setProperty(SCAN_PROPERTY, True)

    # --- installation -----------------------------------------------------------------------------------

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        if not shiboken6.isValid(self):
            return  # deleted with its window: Qt removed the filter then
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self.flush()

    def configure(self, prefix: str = "", suffix: str = "") -> None:
        """Exact mode when a prefix is given (settings scanner.prefix / scanner.suffix; no suffix: Enter)."""
        self.flush()
        self._prefix = parse_key(prefix)
        self._suffix = parse_key(suffix) if self._prefix else None

    @property
    def exact(self) -> bool:
        return self._prefix is not None

    @property
    def held_text(self) -> str:
        """The characters held back right now (tests)."""
        return "".join(k.text for k in self._held if k.type == QEvent.Type.KeyPress)

    # --- the filter -------------------------------------------------------------------------------------

    @staticmethod
    def _target(widget: QWidget) -> QWidget:
        # A completer's popup forwards typed characters to the field it completes (its focus proxy): a held key
        # is given straight to that field, which is what the popup would have done.
        window = widget.window()
        if window.windowType() == Qt.WindowType.Popup and window.focusProxy() is not None:
            return window.focusProxy()
        return widget

    @staticmethod
    def _in_scope(widget: QWidget) -> bool:
        window = widget.window()
        if window.windowType() == Qt.WindowType.Popup and window.focusProxy() is not None:
            window = window.focusProxy().window()
        return window.property(SCAN_PROPERTY) is not False

    def _now(self, event: QKeyEvent) -> float:
        # The window system's time stamp when there is one (it stays right if the UI thread was busy when the
        # keys were queued); synthetic events carry 0.
        stamp = event.timestamp()
        return float(stamp) if stamp else self._clock_ms()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        # Key events reach the filter first for the QWindow, then for the focus widget (or the open popup),
        # then for each parent the event propagates to: only widgets count, and a held key never propagates.
        if not isinstance(obj, QWidget) or not self._in_scope(obj):
            return False
        assert isinstance(event, QKeyEvent)
        if self.exact:
            return self._exact(obj, event)
        if kind == QEvent.Type.KeyRelease:
            if self._held:  # a release must not overtake the press it belongs to
                self._hold(obj, event, self._last_press_ms)
                return True
            return False
        now = self._now(event)
        text = event.text()
        extra_modifiers = event.modifiers() & ~_ALLOWED_MODIFIERS
        if event.isAutoRepeat() or extra_modifiers != Qt.KeyboardModifier.NoModifier:
            self.flush()
            return False
        if event.key() in _ENTER_KEYS:
            return self._enter(obj, now)
        # What a scanner reads starts with a letter or digit (a code, a CCCD number): other keys (space, +, -)
        # are held only inside a burst, so they act at once on a checklist or a button.
        if _printable(text) and (self._held or text.isalnum()):
            if self._held and now - self._last_press_ms > self._allowed_gap():
                self.flush()  # a pause: what was held was typed by a person
            self._hold(obj, event, now)
            self._last_press_ms = now
            self._timer.start(int(self._allowed_gap() + FLUSH_SLACK_MS))
            return True
        self.flush()
        return False

    def _hold(self, obj: QWidget, event: QKeyEvent, at_ms: float) -> None:
        self._held.append(
            _HeldKey(self._target(obj), event.type(), event.key(), event.modifiers(), event.text(), at_ms)
        )

    def _allowed_gap(self) -> float:
        """The longest pause that keeps the held keys one burst: the threshold, or HICCUP_MS once the burst is
        plainly a machine's (a person typing never gets here: their first pause already gave the keys back)."""
        presses = [k.at_ms for k in self._held if k.type == QEvent.Type.KeyPress]
        if len(presses) >= BURST_KEYS and (presses[-1] - presses[0]) / (len(presses) - 1) <= self.max_interval_ms / 2:
            return max(self.max_interval_ms, HICCUP_MS)
        return self.max_interval_ms

    def _enter(self, obj: QWidget, now: float) -> bool:
        presses = [k for k in self._held if k.type == QEvent.Type.KeyPress]
        if presses and now - self._last_press_ms <= self._allowed_gap() and len(presses) >= self.min_length:
            text = self.held_text
            found = self._recognise(text)
            if found is not None:
                self._held.clear()
                self._timer.stop()
                self._emit(found[0], text, found[1], obj)
                return True
        self.flush()
        return False

    def _exact(self, obj: QWidget, event: QKeyEvent) -> bool:
        if event.type() == QEvent.Type.KeyRelease:
            return self._capturing
        combination = (int(event.key()), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if not self._capturing:
            if combination == self._prefix and not event.isAutoRepeat():
                self._capturing = True
                self._held.clear()
                self._timer.start(EXACT_TIMEOUT_MS)
                return True
            return False
        ends = combination == self._suffix if self._suffix else event.key() in _ENTER_KEYS
        if ends:
            self._capturing = False
            self._timer.stop()
            text = self.held_text
            self._held.clear()
            found = self._recognise(text)
            kind, value = found if found is not None else (KIND_UNKNOWN, text)
            self._emit(kind, text, value, obj)
            return True
        if _printable(event.text()):
            self._hold(obj, event, self._clock_ms())
            self._timer.start(EXACT_TIMEOUT_MS)
            return True
        return True  # anything else inside a scan (a stray Shift, a Tab) is the scanner's, not the field's

    def _emit(self, kind: str, text: str, value: Any, obj: QWidget) -> None:
        scan = Scan(kind, text.upper() if kind == KIND_CODE else text, value, obj.window() if obj else None)
        if scan.window is not None and scan.window.windowType() == Qt.WindowType.Popup:
            proxy = scan.window.focusProxy()
            scan = Scan(scan.kind, scan.text, scan.value, proxy.window() if proxy is not None else None)
        popup = QApplication.activePopupWidget()
        if popup is not None and popup.focusProxy() is not None:
            popup.hide()  # the completer's list was for the typed query, not for the scan

        def deliver() -> None:  # from the event loop, not from inside the filter: the receivers open windows
            self.sig_scan.emit(scan)
            if kind == KIND_CODE:
                self.sig_scanned.emit(value)

        QTimer.singleShot(0, deliver)

    def flush(self) -> None:
        """Give the held keys to the widgets they were meant for, in order (it was a person typing)."""
        self._timer.stop()
        self._capturing = False
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                if not shiboken6.isValid(item.target):
                    continue
                replay = QKeyEvent(item.type, item.key, item.modifiers, item.text)
                QCoreApplication.sendEvent(item.target, replay)
        finally:
            self._replaying = False


def scan_notice(text: str, near: QWidget | None, status_bar: Any = None) -> None:
    """Tell the officer what a scan did not do: beside the widget that has the keyboard, and in the status bar."""
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QToolTip

    QApplication.beep()
    widget = QApplication.focusWidget() or near
    if widget is not None and widget.isVisible():
        QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), text, widget)
    else:
        QToolTip.showText(QCursor.pos(), text)
    if status_bar is not None:
        status_bar.showMessage(text, 15_000)


def route_scan(window: Any, controller: Any, scan: Scan) -> None:
    """Where a scan goes. A dossier code opens the dossier (TrackingController.open_code) unless a dialog that
    does not take scans is in the way; a CCCD QR fills the intake form of the main window (`fill_from_cccd`)."""
    modal = QApplication.activeModalWidget()
    blocked = modal is not None and modal.property(SCAN_PROPERTY) is not True
    status = window.statusBar() if hasattr(window, "statusBar") else None
    if scan.kind == KIND_CODE:
        if blocked:
            scan_notice(
                f"Đã quét mã hồ sơ {scan.value}. Đóng cửa sổ «{modal.windowTitle()}» (Esc) rồi quét lại để mở hồ sơ.",
                modal,
                status,
            )
            return
        controller.open_code(scan.value, scanned=True)
    elif scan.kind == KIND_CCCD:
        if blocked or scan.window is not window or not hasattr(window, "fill_from_cccd"):
            scan_notice("Đã quét mã QR trên thẻ CCCD: mã này chỉ dùng ở màn hình tiếp nhận hồ sơ.", modal, status)
            return
        window.fill_from_cccd(scan.value)
    else:
        scan_notice(f"Mã vừa quét không phải mã hồ sơ hay mã QR CCCD: {scan.text[:60]}", modal, status)
