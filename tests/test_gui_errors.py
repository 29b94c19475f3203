"""The crash dialog and the error box: an exception in a slot, in the worker, in a plain thread or from Qt itself
is logged and shown in Vietnamese with "Sao chép chi tiết" (version, OS, Python/Qt, the log's tail); never a
traceback on screen, never a silent exit."""

from __future__ import annotations

import logging
import platform
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qInstallMessageHandler, qVersion, qWarning
from PySide6.QtWidgets import QApplication, QPushButton

from counter_app import __version__, logs

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def reporter(qtbot, tmp_path: Path):
    """The window's crash reporter installed as gui/app.py does, on a log in this test's folder; everything put
    back afterwards."""
    from counter_app.gui import errors
    from counter_app.gui.app import create_application

    create_application([])
    root = logging.getLogger()
    level = root.level
    hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    logs.shutdown_logging()
    path = logs.setup_logging(tmp_path / "data", "test")
    errors.install_crash_reporter()
    yield path
    dialog = errors.current_crash_dialog()
    if dialog is not None:
        dialog.close()
    qInstallMessageHandler(None)
    logs.set_presenter(None)
    sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
    logs.shutdown_logging()
    root.setLevel(level)


def read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def visible_text(dialog) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    labels = [w.text() for w in dialog.findChildren(QLabel)]
    buttons = [b.text() for b in dialog.findChildren(QAbstractButton)]
    return "\n".join([dialog.windowTitle(), *labels, *buttons])


def assert_vietnamese_crash_dialog(dialog, error_line: str) -> None:
    assert dialog is not None and dialog.isVisible()
    shown = visible_text(dialog)
    assert dialog.windowTitle() == "Phần mềm gặp lỗi"
    assert "Phần mềm vừa gặp một lỗi không lường trước" in shown
    assert "Các hồ sơ đã lưu không bị ảnh hưởng" in shown
    assert f"Mã lỗi: {error_line}" in shown
    assert "Traceback" not in shown and 'File "' not in shown, "never a raw traceback on screen"
    assert dialog.copy_button.text() == "Sao chép chi tiết"
    assert [b.text() for b in (dialog.open_log_button, dialog.close_button)] == ["Mở thư mục nhật ký", "Đóng"]


def assert_clipboard_has_the_details(error_line: str) -> str:
    copied = QApplication.clipboard().text()
    assert f"Phần mềm: counter_app {__version__}" in copied
    assert f"Hệ điều hành: {platform.platform()}" in copied
    assert f"Python: {platform.python_version()}" in copied
    assert f"Qt: {qVersion()}" in copied
    assert f"Lỗi: {error_line}" in copied
    assert "dòng cuối của nhật ký" in copied
    return copied


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_opens_the_crash_dialog_and_copy_puts_details_on_the_clipboard(
    qtbot, reporter: Path
) -> None:
    from counter_app.gui import errors

    button = QPushButton("Lưu")
    qtbot.addWidget(button)

    def broken_slot() -> None:
        raise RuntimeError("boom-in-slot")

    button.clicked.connect(broken_slot)
    QApplication.clipboard().clear()
    button.click()

    dialog = errors.current_crash_dialog()
    assert_vietnamese_crash_dialog(dialog, "RuntimeError: boom-in-slot")
    text = read(reporter)
    assert "CRITICAL" in text and "unhandled exception" in text and "RuntimeError: boom-in-slot" in text
    assert "Traceback (most recent call last)" in text

    dialog.copy_button.click()
    copied = assert_clipboard_has_the_details("RuntimeError: boom-in-slot")
    assert "in broken_slot" in copied, "the log's tail (with the traceback) is copied"
    assert dialog.copy_button.text() == "Đã sao chép ✓"
    assert str(reporter) in copied

    # a second error while the dialog is open is counted in it, not stacked on top of it
    button.click()
    assert errors.current_crash_dialog() is dialog
    assert "Lỗi đã xảy ra 2 lần" in dialog.technical_label.text()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: errors.current_crash_dialog() is None)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_callback_and_in_a_plain_thread_open_the_dialog(qtbot, reporter: Path, worker) -> None:
    from counter_app.gui import errors

    def callback(_value: object) -> None:
        raise ValueError("boom-in-callback")

    worker.submit(lambda: 42, on_success=callback)
    qtbot.waitUntil(lambda: errors.current_crash_dialog() is not None, timeout=10_000)
    assert_vietnamese_crash_dialog(errors.current_crash_dialog(), "ValueError: boom-in-callback")
    errors.current_crash_dialog().close()
    qtbot.waitUntil(lambda: errors.current_crash_dialog() is None)

    def thread_job() -> None:
        raise OSError("boom-in-thread")

    thread = threading.Thread(target=thread_job, name="a-python-thread")
    thread.start()
    thread.join(10)
    qtbot.waitUntil(lambda: errors.current_crash_dialog() is not None, timeout=10_000)
    dialog = errors.current_crash_dialog()
    assert_vietnamese_crash_dialog(dialog, "OSError: boom-in-thread")
    dialog.copy_details()
    assert_clipboard_has_the_details("OSError: boom-in-thread")
    text = read(reporter)
    assert "unhandled exception in thread a-python-thread" in text and "OSError: boom-in-thread" in text


def test_a_failed_job_with_no_handler_is_logged_with_its_traceback_and_shown_by_the_window(
    qtbot, reporter: Path, services, worker, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from counter_app.gui import errors
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations

    window = MainWindow(
        ops=Operations(services, worker),
        preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)

    worker.submit(services.dossiers.receipt_pdf, "H61.22-261125-9999")  # no such dossier, no on_error
    qtbot.waitUntil(lambda: errors.current_crash_dialog() is not None, timeout=10_000)
    dialog = errors.current_crash_dialog()
    assert dialog.isVisible() and dialog.parent() is window
    assert "Traceback" not in visible_text(dialog)
    assert window.statusBar().currentMessage() == "Có lỗi khi làm việc với dữ liệu."
    text = read(reporter)
    assert "(DossierService.receipt_pdf) failed" in text and "Traceback (most recent call last)" in text
    assert "has no error handler" in text


def test_show_error_logs_and_speaks_vietnamese_with_the_copy_button(qtbot, reporter: Path) -> None:
    from counter_app.gui.errors import show_error

    parent = QPushButton()
    qtbot.addWidget(parent)
    try:
        open("/nonexistent-folder/x.pdf", "wb")  # noqa: SIM115 - a real error to report
    except OSError as exc:
        error = exc
    dialog = show_error(parent, "Không ghi được tệp báo cáo. Hãy chọn thư mục khác.", error, title="Không lưu được")
    assert dialog.isVisible() and dialog.windowTitle() == "Không lưu được"
    shown = visible_text(dialog)
    assert "Không ghi được tệp báo cáo. Hãy chọn thư mục khác." in shown
    assert "Mã lỗi: FileNotFoundError" in shown and "Traceback" not in shown
    dialog.copy_button.click()
    assert_clipboard_has_the_details("FileNotFoundError")
    text = read(reporter)
    assert "shown to the officer: Không lưu được" in text and "FileNotFoundError" in text
    dialog.close()


def test_qt_warnings_go_to_the_log(qtbot, reporter: Path) -> None:
    assert logs.excepthooks_installed()
    qWarning("a warning from Qt for the log")
    text = read(reporter)
    assert "WARNING" in text and " qt: a warning from Qt for the log" in text


FATAL_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer, qFatal
    from PySide6.QtWidgets import QApplication
    from counter_app import logs
    from counter_app.gui import errors
    from counter_app.gui.app import create_application

    create_application([])
    logs.setup_logging(Path(sys.argv[1]), "test")
    errors.install_crash_reporter()

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        print("DIALOG:", dialog.windowTitle(), "|", dialog.message_label.text().splitlines()[0], flush=True)
        dialog.close()

    QTimer.singleShot(200, look_and_close)
    qFatal("a fatal error inside Qt")
    """
)


def test_a_fatal_qt_message_is_logged_and_shown_before_qt_ends_the_program(tmp_path: Path) -> None:
    script = tmp_path / "fatal.py"
    script.write_text(FATAL_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode != 0, "Qt ends the program after a fatal message"
    assert "DIALOG: Phần mềm gặp lỗi | Phần mềm gặp lỗi nghiêm trọng và phải đóng lại." in done.stdout
    text = (tmp_path / "data" / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "qt: a fatal error inside Qt" in text


def test_a_store_that_cannot_be_opened_at_start_is_shown_with_the_copy_button(qtbot, tmp_path: Path, monkeypatch):
    """gui/app.py run(): a damaged data file is explained in Vietnamese (and logged), not a traceback."""
    from counter_app.gui import app as gui_app

    data = tmp_path / "data"
    data.mkdir()
    (data / "counter.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(data))
    hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    seen: list[str] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(visible_text(dialog))
        dialog.close()

    QTimer.singleShot(200, look_and_close)
    try:
        assert gui_app.run([]) == gui_app.EXIT_STORE_ERROR
        text = (data / "logs" / "counter-app.log").read_text(encoding="utf-8")
    finally:
        qInstallMessageHandler(None)
        logs.set_presenter(None)
        sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
        logs.shutdown_logging()
    (shown,) = seen
    assert shown.startswith("Không mở được dữ liệu") and "Phần mềm không mở được tệp dữ liệu" in shown
    assert "Sao chép chi tiết" in shown and "Traceback" not in shown
    assert "start window: counter_app" in text and "Traceback (most recent call last)" in text


AFTER_CRASH_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.gui.app as gui_app
from counter_app.gui.errors import ErrorDialog
from counter_app.gui.main_window import MainWindow

def poll():
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if dialogs and windows:
        print("DIALOG", dialogs[0].windowTitle(), "|", dialogs[0].message_label.text().splitlines()[0], flush=True)
        dialogs[0].close()
        windows[0].close()
        QApplication.quit()
    else:
        QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
QTimer.singleShot(30_000, QApplication.quit)
sys.exit(gui_app.run(["counter-app"]))
"""


def test_after_a_hard_crash_the_next_start_tells_the_officer(data_dir: Path) -> None:
    """What faulthandler left in logs/faults.log (tests/test_logs.py makes a real one) is reported at the next
    start: copied into the log, and said to the officer over the window."""
    from counter_app.services.app import open_services
    from tests.conftest import set_up_station

    services = open_services(data_dir, load_demo=False)
    set_up_station(services.settings)  # a store never set up opens the first-run wizard first
    services.close()
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    (data_dir / "logs" / "faults.log").write_text(
        'Fatal Python error: Segmentation fault\n\nThread 0x00007f (most recent call first):\n  File "x.py", line 1\n',
        encoding="utf-8",
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", AFTER_CRASH_SCRIPT], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "DIALOG Phần mềm đã bị đóng đột ngột | Lần làm việc trước, phần mềm đã bị đóng đột ngột" in result.stdout
    text = (data_dir / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "start window: counter_app" in text and "Qt " in text
    assert "the previous session ended abruptly" in text and "Fatal Python error: Segmentation fault" in text
    assert "window closed (exit code 0)" in text
