"""The session's status messages, whole and in order (issue 10: a status-bar message is cut, or gone after a few
seconds, before the officer has read the saved file's path).

`install_message_log(window)` keeps every message the status bar shows (the last MAX_MESSAGES, in memory only:
nothing is written to disk, so names in a message never reach a file) and adds *Xem → Thông báo gần đây…*
(Ctrl+Shift+M), a window listing them with the time each was shown, newest last, selectable and copyable.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from counter_app.gui.screen import fit_to_screen

MAX_MESSAGES = 200
SHORTCUT = "Ctrl+Shift+M"


class MessageLog(QObject):
    """Messages of this session: (time shown, text)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.messages: deque[tuple[datetime, str]] = deque(maxlen=MAX_MESSAGES)
        self.dialog: MessageLogDialog | None = None

    def add(self, text: str) -> None:
        text = text.strip()
        if not text or (self.messages and self.messages[-1][1] == text):
            return  # the bar cleared, or the same message shown again
        self.messages.append((datetime.now(), text))
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def text(self) -> str:
        return "\n".join(f"{at:%H:%M:%S}  {message}" for at, message in self.messages)


class MessageLogDialog(QDialog):
    def __init__(self, log: MessageLog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageLog")
        self.setWindowTitle("Thông báo gần đây")
        self._log = log
        hint = QLabel(
            f"Các thông báo của phiên làm việc này ({MAX_MESSAGES} thông báo gần nhất), mới nhất ở cuối.", self
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton("Đóng (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 420)
        self.refresh()

    def refresh(self) -> None:
        self.view.setPlainText(self._log.text() or "Chưa có thông báo nào.")
        self.view.moveCursor(QTextCursor.MoveOperation.End)


def install_message_log(window) -> MessageLog:
    """Keep `window`'s status-bar messages and add *Xem → Thông báo gần đây…* (Ctrl+Shift+M)."""
    log = MessageLog(window)
    window.statusBar().messageChanged.connect(log.add)

    def open_log() -> None:
        if log.dialog is None:
            log.dialog = MessageLogDialog(log, window)
        log.dialog.refresh()
        log.dialog.show()
        log.dialog.raise_()
        log.dialog.activateWindow()

    action = window.add_tool(window.ui.menuView.title(), "Thông báo gần đây…", SHORTCUT, open_log)
    action.setObjectName("messageLogAction")
    window.message_log = log
    return log
