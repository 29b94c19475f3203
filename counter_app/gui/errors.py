"""How the window tells the officer that something went wrong, in Vietnamese, after logging it.

- `report_exception(exc)`: an error nobody expected (a bug, a broken disk, a job that failed with no handler of its
  own). Logged with its traceback, then the crash dialog: what happened in plain words, that saved dossiers are
  safe, and "Sao chép chi tiết" (version, OS, Python/Qt, the error and the log's tail to the clipboard). Any thread
  may call it: the dialog always opens on the UI thread.
- `show_error(parent, message, exc=None)`: an error with a message for the officer (a file that cannot be written,
  a refused action). Logged; with `exc`, the box has "Sao chép chi tiết" too.
- `install_crash_reporter()`: at start, routes sys.excepthook, threading.excepthook and Qt's own messages
  (qInstallMessageHandler) into the log and the crash dialog. Never a silent exit, never a traceback on screen.

Both dialogs are non-blocking (`open()`): the caller goes on, tests can look at them.
"""

from __future__ import annotations

import logging
import os
import threading

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QObject,
    Qt,
    QThread,
    QtMsgType,
    QUrl,
    Signal,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from counter_app import logs

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

CRASH_TITLE = "Phần mềm gặp lỗi"
CRASH_MESSAGE = (
    "Phần mềm vừa gặp một lỗi không lường trước. Chi tiết đã được ghi vào nhật ký.\n\n"
    "Các hồ sơ đã lưu không bị ảnh hưởng. Nếu vừa lưu hoặc in, hãy kiểm tra lại trong danh sách hôm nay "
    "(Ctrl+L). Có thể làm việc tiếp; nếu lỗi lặp lại, hãy đóng rồi mở lại phần mềm.\n\n"
    "Bấm «Sao chép chi tiết» rồi dán vào thư hoặc tin nhắn gửi cán bộ phụ trách CNTT."
)
FATAL_MESSAGE = (
    "Phần mềm gặp lỗi nghiêm trọng và phải đóng lại. Chi tiết đã được ghi vào nhật ký.\n\n"
    "Các hồ sơ đã lưu không bị ảnh hưởng. Hãy mở lại phần mềm; nếu lỗi lặp lại, bấm «Sao chép chi tiết» rồi gửi "
    "cho cán bộ phụ trách CNTT."
)
COPY_LABEL = "Sao chép chi tiết"
COPIED_LABEL = "Đã sao chép ✓"


def qt_versions() -> dict[str, str]:
    """The Qt half of the details (the rest comes from `logs.debug_info`)."""
    import PySide6

    app = QGuiApplication.instance()
    rows = {"Qt": f"{qVersion()} (PySide6 {PySide6.__version__})"}
    if isinstance(app, QGuiApplication):
        screen = app.primaryScreen()
        ratio = f", tỉ lệ {screen.devicePixelRatio():g}" if screen is not None else ""
        rows["Giao diện"] = f"{QGuiApplication.platformName()}{ratio}"
    return rows


def details_text(exc: BaseException | None = None) -> str:
    """What "Sao chép chi tiết" copies: version, OS, Python and Qt, the data folder and the log, the error, the
    log's tail."""
    return logs.debug_info(qt_versions(), exc)


def copy_details(exc: BaseException | None = None) -> str:
    text = details_text(exc)
    QGuiApplication.clipboard().setText(text)
    return text


class ErrorDialog(QDialog):
    """A message for the officer with "Sao chép chi tiết", "Mở thư mục nhật ký" and "Đóng"; one technical line
    (the error's type and message, masked) but never a traceback."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        message: str,
        exc: BaseException | None = None,
        *,
        critical: bool = True,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal
        )
        self.exceptions: list[BaseException] = [exc] if exc is not None else []

        icon = QLabel(self)
        kind = QStyle.StandardPixmap.SP_MessageBoxCritical if critical else QStyle.StandardPixmap.SP_MessageBoxWarning
        icon.setPixmap(self.style().standardIcon(kind).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(message, self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.technical_label = QLabel(self)
        self.technical_label.setWordWrap(True)
        self.technical_label.setProperty("role", "hint")
        self.technical_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(COPY_LABEL, self)
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_log_button = QPushButton("Mở thư mục nhật ký", self)
        self.open_log_button.setAutoDefault(False)
        buttons.addButton(self.open_log_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        self.open_log_button.clicked.connect(self.open_log_folder)
        buttons.rejected.connect(self.reject)
        self.open_log_button.setEnabled(logs.current_log_file() is not None)

        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.message_label)
        text.addWidget(self.technical_label)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._update_technical()

    def add_occurrence(self, exc: BaseException) -> None:
        """Another error while this dialog is open: counted here rather than a second dialog on top."""
        self.exceptions.append(exc)
        self._update_technical()

    def _update_technical(self) -> None:
        where = logs.current_log_file()
        lines = [f"Nhật ký: {where}" if where else "Nhật ký: chưa mở được tệp, chi tiết chỉ nằm trong bộ nhớ."]
        if self.exceptions:
            lines.append(f"Mã lỗi: {logs.describe_exception(self.exceptions[-1])}")
        if len(self.exceptions) > 1:
            lines.append(f"Lỗi đã xảy ra {len(self.exceptions)} lần kể từ khi hộp thoại này mở.")
        self.technical_label.setText("\n".join(lines))

    def copy_details(self) -> str:
        text = copy_details(self.exceptions[-1] if self.exceptions else None)
        self.copy_button.setText(COPIED_LABEL)
        return text

    def open_log_folder(self) -> None:
        where = logs.current_log_file()
        if where is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(where.parent)))


def show_error(
    parent: QWidget | None, message: str, exc: BaseException | None = None, *, title: str = "Có lỗi"
) -> ErrorDialog:
    """An error the officer can act on: `message` is Vietnamese and says what to do. Logged (with the traceback
    when `exc` is given); the dialog opens without blocking and is returned. Call on the UI thread."""
    if exc is not None:
        log.warning("shown to the officer: %s", title, exc_info=exc)
    else:
        log.warning("shown to the officer: %s", title)
    dialog = ErrorDialog(parent, title, message, exc, critical=False)
    dialog.open()
    return dialog


# --- the crash dialog, from any thread ----------------------------------------------------------------------------


class _Reporter(QObject):
    """Lives on the UI thread; a report from another thread arrives through the queued signal."""

    sig_exception = Signal(object, object)  # exception, parent widget or None

    def __init__(self) -> None:
        super().__init__()
        self.dialog: ErrorDialog | None = None
        self.sig_exception.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def show(self, exc: BaseException, parent: QWidget | None = None) -> ErrorDialog:
        if self.dialog is not None:
            try:
                if self.dialog.isVisible():
                    self.dialog.add_occurrence(exc)
                    return self.dialog
            except RuntimeError:  # deleted on close
                pass
        parent = parent if parent is not None else QApplication.activeWindow()
        dialog = ErrorDialog(parent, CRASH_TITLE, CRASH_MESSAGE, exc)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog


_reporter: _Reporter | None = None


def _on_ui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def _get_reporter() -> _Reporter | None:
    global _reporter
    app = QCoreApplication.instance()
    if app is None:
        return None
    if _reporter is None:
        if not _on_ui_thread():
            return None
        _reporter = _Reporter()
    return _reporter


def report_exception(exc: BaseException, parent: QWidget | None = None, *, logged: bool = False) -> ErrorDialog | None:
    """An unexpected error: logged with its traceback (unless `logged`: the caller already did), then the crash
    dialog. From the UI thread the dialog is returned; from another thread it opens a moment later (None)."""
    if not logged:
        log.error("unexpected error", exc_info=exc)
    reporter = _get_reporter()
    if reporter is None:  # no QApplication (yet), or a thread before the reporter exists: the log has it
        return None
    if _on_ui_thread():
        return reporter.show(exc, parent)
    reporter.sig_exception.emit(exc, None)
    return None


def current_crash_dialog() -> ErrorDialog | None:
    return _reporter.dialog if _reporter is not None else None


# --- Qt's own messages ---------------------------------------------------------------------------------------------

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's warnings go to the log (not to a console the officer does not have). A fatal message is logged and
    shown before Qt ends the program."""
    category = context.category if context.category and context.category != "default" else ""
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s%s", f"[{category}] " if category else "", message, where)
    if mode == QtMsgType.QtFatalMsg:
        for handler in logging.getLogger().handlers:
            handler.flush()
        if _on_ui_thread() and isinstance(QCoreApplication.instance(), QApplication):
            dialog = ErrorDialog(None, CRASH_TITLE, FATAL_MESSAGE, RuntimeError(message))
            dialog.exec()  # Qt aborts as soon as this handler returns: let the officer read it first


def _present(exc: BaseException) -> None:
    """The presenter `logs` calls after logging an uncaught exception (any thread)."""
    report_exception(exc, logged=True)


def install_crash_reporter() -> None:
    """At start, on the UI thread, once the QApplication exists: uncaught exceptions of every thread and Qt's
    messages are logged and shown."""
    _get_reporter()
    logs.set_presenter(_present)
    logs.install_excepthooks()
    qInstallMessageHandler(qt_message_handler)
    log.info("Qt %s, platform %s, thread %s", qVersion(), QGuiApplication.platformName(), threading.get_ident())
    if os.environ.get("QT_SCALE_FACTOR"):
        log.info("QT_SCALE_FACTOR=%s", os.environ["QT_SCALE_FACTOR"])
