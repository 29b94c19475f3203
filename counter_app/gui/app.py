"""Start-up of the counter window: QApplication, services, the worker, the window; then the slow checks.

The window is shown before anything slow happens: the database is opened without its integrity check
(that runs next, on the worker), reportlab, QtPdf and QtPrintSupport are imported only when the first
receipt is printed, and the catalogue and today's list are read on the worker once the window is up.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app import __version__, logs
from counter_app.gui import errors
from counter_app.gui.style import STYLE_SHEET, ui_font

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_STORE_ERROR = 1
EXIT_CRASH = 1
EXIT_AFTER_SHOW_ENV = "COUNTER_APP_EXIT_AFTER_SHOW"
PREVIOUS_CRASH = (
    "Lần làm việc trước, phần mềm đã bị đóng đột ngột; chi tiết đã được ghi vào nhật ký.\n\n"
    "Hãy xem lại các hồ sơ vừa tiếp nhận trong danh sách hôm nay (Ctrl+L). Nếu việc này lặp lại, bấm "
    "«Sao chép chi tiết» rồi gửi cho cán bộ phụ trách CNTT."
)


_translators: list = []  # kept alive for the application's lifetime


def install_vietnamese(app: QApplication) -> bool:
    """Qt's own strings in Vietnamese (Yes/No, OK/Cancel, the text fields' context menu, the file dialog…: the
    resources/translations/qt_vi.qm compiled from qt_vi.ts), and vi_VN for calendars, dates and numbers. On Linux
    the file dialogs are Qt's own (a desktop's native dialog would speak the desktop's language); on Windows the
    system's dialogs follow Windows' language. Returns whether the translation was loaded."""
    from PySide6.QtCore import QLocale, Qt, QTranslator

    from counter_app.resources import resource_path

    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if sys.platform != "win32":
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    if _translators:
        return True
    translator = QTranslator(app)
    if not translator.load(str(resource_path("translations", "qt_vi.qm"))):
        log.warning("Qt's Vietnamese translation (resources/translations/qt_vi.qm) could not be loaded")
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    return True


def create_application(argv: list[str]) -> QApplication:
    from counter_app.gui import heap

    heap.hand_back_large_blocks()  # before Qt's first large buffers (gui/heap.py)
    app = QApplication.instance() or QApplication(argv)
    install_vietnamese(app)
    app.setApplicationName("counter_app")
    app.setOrganizationName("counter_app")
    app.setApplicationVersion(__version__)
    app.setFont(ui_font())
    app.setStyleSheet(STYLE_SHEET)
    return app


def _front_widget(window):
    """What a second start should bring forward: an open modal dialog (the wizard), else the main window."""
    from PySide6.QtWidgets import QApplication

    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    if window is not None:
        return window
    return next((w for w in QApplication.topLevelWidgets() if w.isVisible()), None)


def run(argv: list[str]) -> int:
    """Open the window and run until it closes. Whatever goes wrong is logged and shown in Vietnamese."""
    logs.hold_early_messages()  # Qt's first messages arrive before the log file is open
    app = create_application(argv)
    errors.install_crash_reporter()
    try:
        return _run(app)
    except Exception as exc:  # before or after the event loop: show it and wait, or the program would just vanish
        dialog = errors.report_exception(exc)
        if dialog is not None:
            dialog.exec()
        return EXIT_CRASH


def _run(app: QApplication) -> int:
    """One window per store: a second start brings the running one forward and leaves (gui/single_instance.py)."""
    from counter_app.gui.single_instance import InstanceGuard, bring_to_front
    from counter_app.services.app import data_folder, open_services

    logs.setup_logging(data_folder(), "window")
    main_window: list = [None]
    try:
        guard: InstanceGuard | None = InstanceGuard(data_folder())
    except OSError as exc:  # the data folder cannot be created: the store error below says it in Vietnamese
        log.warning("single instance: %s", exc)
        guard = None
    if guard is not None and not guard.acquire():
        if guard.activate_running():
            log.info("another window has this store: brought it to the front")
            return EXIT_OK
        QMessageBox.information(
            None,
            "Phần mềm đang chạy",
            "Phần mềm Một cửa đang mở trên máy này (có thể ở tài khoản Windows khác). Dùng cửa sổ đang mở.",
        )
        return EXIT_OK
    if guard is not None:

        def activate() -> None:
            widget = _front_widget(main_window[0])
            if widget is not None:
                bring_to_front(widget)

        guard.sig_activate_requested.connect(activate)
    try:
        while True:
            code = _run_window(app, open_services, main_window)
            # Quản trị → Khôi phục…: the window closed its store; restore the copy, then open the store again in
            # a new window (the instance guard stays held: no second window starts meanwhile).
            request = getattr(main_window[0], "restore_request", None)
            if request is None:
                return code
            officer = getattr(main_window[0], "restore_officer", None)
            key = getattr(main_window[0], "restore_key", None)
            main_window[0] = None
            perform_restore(request, officer=officer, key=key)
    finally:
        if guard is not None:
            guard.release()


def perform_restore(copy: Path, parent=None, *, officer=None, key: bytes | None = None) -> bool:
    """Restore `copy` as the store (closed by every window first), then say what was lost, or why it failed.
    The same service as `counter-app restore FILE`; the restored store's audit trail goes on with the restore,
    by `officer` (who was signed in and allowed to restore)."""
    from counter_app.services.app import data_folder, open_services
    from counter_app.services.backup import restore_copy

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = restore_copy(data_folder(), copy, key)  # `key`: the one that opened an encrypted copy
    except Exception as exc:  # refused, locked, no room…: the store under its name is the old one or the copy
        log.warning("restore from %s failed: %s", copy.name, exc)
        QApplication.restoreOverrideCursor()
        errors.show_error(parent, f"Không khôi phục được từ {copy.name}.\n\n{exc}", exc, title="Khôi phục").exec()
        return False
    try:
        from counter_app.gui.operations import Operations

        restored = open_services(check_integrity=False)
        try:  # inline (no worker: the window is closed)
            (
                Operations(restored)
                .record_audit("restore", target=copy.name, officer=officer)
                .failure(
                    lambda exc: log.warning("restore from %s: the audit entry was not written: %s", copy.name, exc)
                )
                .run()
            )
        finally:
            restored.close()
    except Exception as exc:  # the restore is done; the window opening next says what is wrong with the store
        log.warning("restore from %s: the audit entry was not written: %s", copy.name, exc)
    QApplication.restoreOverrideCursor()
    log.info("restored the store from %s", copy.name)
    lines = [f"Đã khôi phục dữ liệu từ {copy.name}."]
    if result.kept_aside:
        lines.append(f"Tệp dữ liệu trước khi khôi phục được giữ tại {result.kept_aside}.")
    if result.comparison_error:
        lines.append("Không so sánh được với tệp trước đó: hãy đối chiếu sổ theo dõi.")
    if result.lost_dossiers:
        lines.append(
            f"Cần nhập lại {len(result.lost_dossiers)} hồ sơ tiếp nhận sau thời điểm sao lưu: "
            + ", ".join(result.lost_dossiers)
        )
    if result.lost_events:
        lines.append(
            f"Cần ghi lại {result.lost_events} bước xử lý của các hồ sơ: " + ", ".join(result.lost_event_codes)
        )
    box = QMessageBox(QMessageBox.Icon.Information, "Đã khôi phục", "\n\n".join(lines), parent=parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
    return True


def _run_window(app: QApplication, open_services, main_window: list) -> int:
    crashed_before = logs.enable_fault_log()
    try:
        services = open_services(check_integrity=False)
    except Exception as exc:  # StoreError (corrupt file, failed migration) or a folder that cannot be written
        errors.show_error(
            None,
            f"Phần mềm không mở được tệp dữ liệu trên máy này.\n\n{exc}\n\n"
            "Chưa có gì bị thay đổi. Hãy báo cán bộ phụ trách CNTT.",
            exc,
            title="Không mở được dữ liệu",
        ).exec()
        return EXIT_STORE_ERROR

    from counter_app.gui.operations import Operations

    set_up_now = not _is_set_up(services)
    if set_up_now:  # a new station: the office's own names before anything is printed
        from counter_app.gui.setup_wizard import run_setup_wizard

        # Before the window and its worker: the wizard's operations run inline (it is modal).
        if not run_setup_wizard(Operations(services)):
            services.close()
            return EXIT_OK  # left the wizard: nothing written, no window
    if not _signed_in_at_start(services, first_run=set_up_now):
        services.close()
        return EXIT_OK  # left the sign-in: nothing done, no window

    from counter_app.gui.worker import Worker

    worker = Worker()
    from counter_app.gui.aside import AsideRunner

    aside = AsideRunner()  # the start-up check and the daily copy, beside the worker (gui/aside.py)
    ops = Operations(services, worker, aside=aside)  # the one road from every screen to the services
    # UI preferences (window layout, "print without preview") live beside the data: a portable install
    # and a backup of the folder carry them.
    from counter_app.services.paths import ui_settings_path

    preferences = QSettings(str(ui_settings_path(services.db.path.parent)), QSettings.Format.IniFormat)
    window = build_main_window(services, worker, preferences, ops=ops)
    main_window[0] = window
    if os.environ.get(EXIT_AFTER_SHOW_ENV):  # the cold-start benchmark: usable = catalogue and list loaded
        window.sig_today_loaded.connect(lambda: (print(f"usable-at {time.time():.6f}", flush=True), app.quit()))
    # A counter workstation gives the whole screen to this window, until the officer arranges it otherwise.
    window.show() if window.has_saved_geometry else window.showMaximized()
    from counter_app.gui.early_window import early_window

    if early_window() is not None:  # the first window of this start kept the keys typed so far: they follow
        window.activateWindow()
    if set_up_now:  # the wizard had the focus: give the first key back to the procedure search
        window.activateWindow()
        from PySide6.QtCore import QTimer as _Timer

        _Timer.singleShot(0, window.intake_form.focus_procedure)
    if crashed_before:
        errors.show_error(window, PREVIOUS_CRASH, title="Phần mềm đã bị đóng đột ngột")
    # The check, then the daily copy, beside the worker: the counter never waits for them (20–30 s each at 1M).
    ops.check_store().success(window.show_integrity).failure(window.show_integrity_error).run_aside(window)
    ops.daily_backup().failure(lambda exc: log.warning("daily backup failed: %s", exc)).run_aside()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: _install_sync(window, ops, services))  # once the window is up
    try:
        code = app.exec()
        log.info("window closed (exit code %d)", code)
        return code
    finally:
        services.db.long_work.stop()  # a check or a copy still running stops now (closing never waits for it)
        if not aside.shutdown(5.0):
            log.warning("the start-up check or the daily copy was still running at exit")
        worker.shutdown()  # a save still queued is finished before the store closes
        services.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))


def _signed_in_at_start(services, *, first_run: bool) -> bool:
    from counter_app.gui.accounts import sign_in_at_start
    from counter_app.gui.operations import Operations

    return sign_in_at_start(Operations(services), first_run=first_run)  # inline: no worker yet


def _is_set_up(services) -> bool:
    from counter_app.gui.operations import Operations

    answer: list[bool] = []
    Operations(services).is_set_up().success(answer.append).run()  # inline: no worker yet
    return bool(answer and answer[0])


def build_main_window(services, worker, preferences: QSettings | None = None, *, printer_factory=None, ops=None):
    """The whole counter window as `counter-app` shows it: the intake, the tracking tab with the scanner on
    every window, the supervisor's tools. Tests build it through here too, so they see what the officer sees.
    Every screen reaches `services` through one `Operations` on `worker` (gui/operations.py): `window.ops`."""
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations
    from counter_app.gui.tracking import install_tracking

    ops = ops or Operations(services, worker)
    window = MainWindow(ops=ops, preferences=preferences, printer_factory=printer_factory)
    _add_supervisor_tools(window, ops)
    from counter_app.gui.message_log import install_message_log

    install_message_log(window)  # every status message, whole: Xem → Thông báo gần đây… (Ctrl+Shift+M)
    from counter_app.gui.accounts import install_accounts_for

    install_accounts_for(window, ops)  # Tài khoản menu and the idle lock
    window.tracking = install_tracking(window, ops, printer_factory=printer_factory)
    # The procedure search has the keyboard once the window is up (after the tabs and any start-up dialog).
    window.focus_procedure_when_shown()
    return window


def _add_supervisor_tools(window, ops) -> None:
    """The supervisor's screens, imported only when opened so they cost nothing at start."""

    def open_catalogue() -> None:
        from counter_app.gui.catalogue_dialog import open_catalogue_dialog

        open_catalogue_dialog(window, ops)  # its changes reach the window through the operations' notice

    def open_calendar() -> None:
        from counter_app.gui.calendar_dialog import open_calendar_dialog

        open_calendar_dialog(window, ops)

    def open_reports() -> None:
        from counter_app.gui.dashboard import open_dashboard

        open_dashboard(window, ops)

    def open_settings() -> None:
        from counter_app.gui.settings_dialog import open_settings_dialog

        open_settings_dialog(window, ops)  # what it saves reaches the window through the change notice

    def relock(minutes: str) -> None:  # a new security.idle_lock_minutes applies at once
        lock = getattr(window, "idle_lock", None)
        if lock is not None:
            lock.set_minutes(int(minutes or 0))

    ops.sig_changed.connect(
        lambda changes: (
            ops.setting("security.idle_lock_minutes").success(relock).run(window) if changes.settings else None
        )
    )

    window.add_tool("&Quản trị", "Cài đặt…", "Ctrl+Shift+S", open_settings)
    window.add_tool("&Quản trị", "Danh mục thủ tục…", "Ctrl+Shift+T", open_catalogue)
    window.add_tool("&Quản trị", "Lịch làm việc của cơ quan…", "Ctrl+Shift+L", open_calendar)

    def open_restore() -> None:
        from counter_app.gui.restore_dialog import open_restore_dialog

        open_restore_dialog(window, ops)  # the restore itself runs in _run, once the store is closed

    window.restore_request = None
    window.add_tool("&Quản trị", "Khôi phục từ bản sao lưu…", "", open_restore)
    window.add_tool("Báo cáo (&R)", "Theo dõi và báo cáo kết quả giải quyết (Biểu 06)…", "Ctrl+Shift+B", open_reports)

    def open_index() -> None:
        from counter_app.gui.service_index import open_service_index

        open_service_index(window, ops)

    def open_kiosk_window() -> None:
        from counter_app.gui.rating import open_kiosk

        window.kiosk = open_kiosk(window, ops)

    window.add_tool("Báo cáo (&R)", "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)…", "Ctrl+Shift+I", open_index)
    window.add_tool(window.ui.menuView.title(), "Màn hình đánh giá cho người dân (kiosk)…", "", open_kiosk_window)


def _install_sync(window, ops, services) -> None:
    """The sync indicator in the status bar and its background loop (httpx is imported only now, not at start)."""
    from counter_app.gui.sync_panel import install_sync
    from counter_app.services.sync import SyncService

    install_sync(window, ops, SyncService(services.db, services.settings))
