"""The counter window: the intake form on top, today's dossiers below, every action on a key.

Everything that touches the database or renders a PDF goes through the operations (gui/operations.py) to the one
worker; the window only gathers input, shows results and draws the finished PDF onto the printer. It refreshes
today's list and the procedures when the operations announce that another screen changed them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from counter_app import __version__
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.validation import ValidationError
from counter_app.gui import heap
from counter_app.gui.forms.ui_main_window import Ui_MainWindow
from counter_app.gui.intake_form import IntakeForm, format_due
from counter_app.gui.operations import Changes, Operations, Printable, SavedIntake
from counter_app.gui.screen import PageScroll
from counter_app.gui.today_model import CODE_COLUMN, COLUMN_KEYS, TodayModel
from counter_app.services.dossiers import DossierSummary
from counter_app.services.settings import StationSettings

if TYPE_CHECKING:  # QtPrintSupport is imported only when the first receipt is printed
    from PySide6.QtPrintSupport import QPrinter

    PrinterFactory = Callable[[str], QPrinter]

log = logging.getLogger(__name__)
STATUS_MS = 15_000
PREF_SKIP_PREVIEW = "intake/skip_preview"
PREF_GEOMETRY = "window/geometry"
PREF_PREVIEW_SLIPS = "slips/preview"  # the dossier window's "Xem trước khi in"


class MainWindow(QMainWindow):
    sig_saved = Signal(object)  # IntakeResult, once committed
    sig_printed = Signal(str)  # dossier code, once printed and recorded
    sig_today_loaded = Signal()
    sig_guidance_printed = Signal(str)  # guidance slip id, once printed and recorded
    _watching_dialogs = False  # set by focus_procedure_when_shown (the app's wiring); event() runs before __init__

    def __init__(
        self,
        *,
        ops: Operations,
        preferences: QSettings | None = None,
        printer_factory: PrinterFactory | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        # The intake page scrolls on a screen smaller than it is (1366×768 at 125 % or 150 %): the window fits.
        self.setCentralWidget(PageScroll(self.takeCentralWidget(), self))
        self.ops = ops
        self._preferences = preferences
        self._printer_factory = printer_factory
        self._saving = False
        self._tabs: QTabWidget | None = None  # made by add_page, when a second page joins the intake
        self.has_saved_geometry = False
        self.preview_dialog = None  # the open print preview, if any (tests drive it)

        self.intake_form = IntakeForm(ops, self)
        self.ui.intakeHostLayout.addWidget(self.intake_form)
        self.today = TodayModel(self)
        self.ui.todayTable.setModel(self.today)
        self._setup_today_table()
        self._setup_status_bar()
        self._setup_actions()
        self._connect()
        self._restore_preferences()
        # After the form's own chain (… Lưu và in, Làm mới) comes the list below it.
        QWidget.setTabOrder(self.intake_form.ui.clearButton, self.ui.todayTable)
        self.intake_form.focus_procedure()
        self.load()

    # --- set-up --------------------------------------------------------------------------------------

    def _setup_today_table(self) -> None:
        # The form keeps its natural height (it grows when messages open under the fields); the list below
        # takes whatever the screen has left. A splitter would clip the form's wrapped messages instead.
        table = self.ui.todayTable
        header = table.horizontalHeader()
        for column, key in enumerate(COLUMN_KEYS):
            mode = QHeaderView.ResizeMode.Stretch if key == "procedure" else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)

    def _setup_status_bar(self) -> None:
        self._station_label = QLabel("Đang đọc thiết lập…", self)
        # Its text never sets the window's smallest width (it may be cut on a narrow window; whole in the title and
        # the settings), so stepping aside for a message changes no window size hint.
        self._station_label.setMinimumWidth(1)
        self._station_text = self._station_label.text()
        self._station_aside = False
        self._store_label = QLabel("Dữ liệu: đang kiểm tra…", self)
        self._worker_label = QLabel("", self)
        bar = self.statusBar()
        # A long message may be cut at the window's edge: its whole text is the bar's tooltip.
        bar.messageChanged.connect(lambda text: bar.setToolTip(text))
        bar.messageChanged.connect(self._make_room_for_message)
        bar.addPermanentWidget(self._worker_label)
        bar.addPermanentWidget(self._store_label)
        bar.addPermanentWidget(self._station_label)

    def _make_room_for_message(self, text: str) -> None:
        """The station's line (counter, officer, agency: also in the title and the settings) gives way while a
        message needs its room, and comes back when the message goes: on a 1024-pixel screen the message had
        ~140 pixels and "Đã in giấy tiếp nhận … ra …" was cut after a few words. It steps aside by showing no text
        (not by hiding: the window's size hints stay as they are)."""
        label = self._station_label
        if not text:
            self._set_station_aside(False)
            return
        bar = self.statusBar()
        # The message is drawn from the bar's left edge to the first permanent widget. The room it would have with
        # the station's line shown, from the widgets' own widths (not their positions: a layout may be pending).
        others = [w for w in bar.findChildren(QWidget) if w.parentWidget() is bar and w.isVisible() and w is not label]
        taken = sum(w.sizeHint().width() + 8 for w in others)  # 8: the layout's spacing
        room = bar.width() - taken - label.fontMetrics().horizontalAdvance(self._station_text) - 8
        # aside while the message needs the room; back as soon as a shorter message leaves room for both
        self._set_station_aside(bar.fontMetrics().horizontalAdvance(text) + 16 > room)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # the room changed under the message shown: weigh it again once the bar is laid out at its new width
            QTimer.singleShot(0, self, lambda: self._make_room_for_message(self.statusBar().currentMessage()))

    def _set_station_aside(self, aside: bool) -> None:
        if aside != self._station_aside:
            self._station_aside = aside
            self._station_label.setText("" if aside else self._station_text)

    def _setup_actions(self) -> None:
        ui = self.ui
        ui.actionSaveAndPrint.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        ui.actionFindProcedure.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("F3")])
        for action in (
            ui.actionSaveAndPrint,
            ui.actionNew,
            ui.actionReprint,
            ui.actionFindProcedure,
            ui.actionFocusToday,
            ui.actionRefresh,
            ui.actionHelp,
            ui.actionQuit,
        ):
            # The window owns the actions, so the keys work wherever the focus is inside it.
            self.addAction(action)
            keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            action.setToolTip(f"{action.text()} ({keys})")

    def _connect(self) -> None:
        ui = self.ui
        ui.actionSaveAndPrint.triggered.connect(self.save_and_print)
        ui.actionNew.triggered.connect(self.new_intake)
        ui.actionReprint.triggered.connect(self.reprint_selected)
        ui.actionFindProcedure.triggered.connect(self.intake_form.focus_procedure)
        ui.actionFocusToday.triggered.connect(self.focus_today)
        ui.actionRefresh.triggered.connect(self.load)
        ui.actionHelp.triggered.connect(self.show_shortcuts)
        ui.actionAbout.triggered.connect(self.show_about)
        ui.actionQuit.triggered.connect(self.close)
        self.intake_form.sig_save_requested.connect(self.save_and_print)
        self.intake_form.sig_clear_requested.connect(self.new_intake)
        self.intake_form.sig_guidance_requested.connect(self.print_guidance)
        guidance_action = QAction("In phiếu hướng dẫn bổ sung (mẫu 02)", self)
        guidance_action.setShortcut(QKeySequence("Ctrl+G"))
        guidance_action.triggered.connect(self.print_guidance)
        self.addAction(guidance_action)
        self.guidance_action = guidance_action
        self.ops.sig_busy_changed.connect(self._worker_busy)
        self.ops.sig_changed.connect(self._changed)
        self.ops.sig_unhandled_error.connect(self._background_error)

    def add_tool(self, menu_title: str, text: str, shortcut: str, callback) -> QAction:
        """A supervisor tool (catalogue, calendar, reports…) in its menu, with a window-wide shortcut.
        Tools are added by the application's wiring (gui/app.py), so this window needs no service it does
        not use itself."""
        menu = next(
            (a.menu() for a in self.menuBar().actions() if a.menu() is not None and a.menu().title() == menu_title),
            None,
        )
        if menu is None:
            menu = QMenu(menu_title, self)
            self.menuBar().insertMenu(self.ui.menuHelp.menuAction(), menu)
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text} ({shortcut})")
        action.triggered.connect(callback)
        menu.addAction(action)
        self.addAction(action)
        return action

    def add_page(self, title: str, page: QWidget, shortcut: str = "") -> int:
        """A page beside the intake (the dossier list), as tabs; added by the wiring (gui/app.py) like the tools.
        The intake's own keys (Ctrl+Enter, Ctrl+N, Ctrl+P, Ctrl+F/F3) act only while the intake page shows."""
        if self._tabs is None:
            intake_page = self.takeCentralWidget()
            self._tabs = QTabWidget(self)
            self._tabs.setDocumentMode(True)
            self._tabs.addTab(intake_page, "Tiếp nhận hồ sơ (Ctrl+1)")
            self.setCentralWidget(self._tabs)
            self._tabs.currentChanged.connect(self._page_changed)
            self._page_action("Tiếp nhận hồ sơ", "Ctrl+1", 0)
            # takeCentralWidget() took the focus away with the page: give the procedure search its keyboard back.
            self.intake_form.focus_procedure()
        index = self._tabs.addTab(PageScroll(page, self._tabs), f"{title} ({shortcut})" if shortcut else title)
        if shortcut:
            self._page_action(title, shortcut, index)
        return index

    def focus_procedure_when_shown(self) -> None:
        """The procedure search has the keyboard when the window appears, and again whenever a dialog of this
        window closes while the form has no procedure yet (the officer starts with the next citizen)."""
        self.intake_form.focus_procedure()
        self._watching_dialogs = True

    def event(self, event: QEvent) -> bool:
        # Every dialog opened on this window (a message box, the preview, the dossier window…) is watched for
        # its closing: the keyboard then goes back where the officer's hands expect it.
        if event.type() == QEvent.Type.ChildPolished and self._watching_dialogs:
            child = event.child()
            if isinstance(child, QDialog):
                child.installEventFilter(self)
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog) and watched.isWindow():
            QTimer.singleShot(0, lambda: self._dialog_closed(watched))
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._watching_dialogs:
            QTimer.singleShot(0, self._dialog_closed)

    def _dialog_closed(self, dialog: QDialog | None = None) -> None:
        if not shiboken6.isValid(self) or not self.isVisible():
            return
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            return  # the officer only clicked back into this window; the dialog is still open
        if QApplication.activeModalWidget() is not None:
            return  # another dialog still has the keyboard
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is not self and focus.window().isVisible():
            return  # the officer is working in another window that is still open (the dossier window)
        if focus is None:
            self.activateWindow()
        on_intake = self._tabs is None or self._tabs.currentIndex() == 0
        if on_intake and (self.intake_form.procedure is None or focus is None):
            self.intake_form.focus_procedure()
        elif not on_intake and focus is None and self._tabs is not None:
            self._tabs.currentWidget().setFocus()

    def _page_action(self, title: str, shortcut: str, index: int) -> None:
        action = QAction(title, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{title} ({shortcut})")
        action.triggered.connect(lambda: self.show_page(index))
        self.ui.menuView.addAction(action)
        self.addAction(action)

    def show_page(self, index: int) -> None:
        if self._tabs is not None:
            self._tabs.setCurrentIndex(index)

    def _page_changed(self, index: int) -> None:
        on_intake = index == 0
        ui = self.ui
        for action in (ui.actionSaveAndPrint, ui.actionNew, ui.actionReprint, ui.actionFindProcedure):
            action.setEnabled(on_intake)
        self.guidance_action.setEnabled(on_intake)

    @property
    def preferences(self) -> QSettings | None:
        """The UI preferences (ui.ini beside the data), for the pages and windows the wiring adds."""
        return self._preferences

    def _restore_preferences(self) -> None:
        prefs = self._preferences
        if prefs is None:
            return
        self.intake_form.set_skip_preview(prefs.value(PREF_SKIP_PREVIEW, False, type=bool))
        geometry = prefs.value(PREF_GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.has_saved_geometry = self.restoreGeometry(geometry)

    def _save_preferences(self) -> None:
        prefs = self._preferences
        if prefs is None:
            return
        prefs.setValue(PREF_SKIP_PREVIEW, self.intake_form.skip_preview)
        prefs.setValue(PREF_GEOMETRY, self.saveGeometry())
        prefs.sync()

    # --- loading -------------------------------------------------------------------------------------

    def load(self) -> None:
        """Settings, catalogue and today's list, all read on the worker (the window is already up)."""
        self.ops.station().success(self._show_station).run(self)
        self.reload_procedures()
        self.refresh_today()

    def reload_procedures(self) -> None:
        # Only the procedures in force today are offered (F5 reloads them after midnight).
        today = datetime.now(OFFICE_TZ).date()
        self.ops.procedures(today).success(self._procedures_loaded).run(self)

    def _changed(self, changes: Changes) -> None:
        """The operations' change notice: what other screens (or a sync) changed."""
        if changes.catalogue:
            self.reload_procedures()
        if changes.settings:
            self.ops.station().success(self._show_station).run(self)
        if changes.initiator is not self and (changes.dossiers or changes.synced):
            self.refresh_today()

    def _show_station(self, station: StationSettings) -> None:
        self._station_text = (
            f"Quầy {station.counter} · Cán bộ: {station.officer_name} · Mã cơ quan {station.agency_code}"
            f" · Máy trạm {station.station_id[:8]}"
        )
        if not self._station_aside:
            self._station_label.setText(self._station_text)
        self._station_label.setToolTip(f"Mã máy trạm: {station.station_id}\nKhổ giấy biên nhận: {station.paper}")
        self.setWindowTitle(f"Tiếp nhận hồ sơ — Bộ phận Một cửa — Quầy {station.counter}")

    def _procedures_loaded(self, procedures: list) -> None:
        self.intake_form.set_procedures(procedures)
        if not procedures:
            self.statusBar().showMessage("Danh mục thủ tục đang trống: chưa nạp danh mục.", STATUS_MS)

    def refresh_today(self, select: str | None = None) -> None:
        self.ops.received_on().success(lambda rows: self._today_loaded(rows, select)).run(self)

    def _today_loaded(self, rows: list[DossierSummary], select: str | None) -> None:
        keep = select or self.selected_code()
        self.today.set_rows(rows)
        count = len(rows)
        self.ui.todayCount.setText(f"{count} hồ sơ" if count else "Chưa có hồ sơ nào.")
        if keep and (row := self.today.row_of(keep)) >= 0:
            self.ui.todayTable.selectionModel().setCurrentIndex(
                self.today.index(row, CODE_COLUMN),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.sig_today_loaded.emit()

    # --- intake --------------------------------------------------------------------------------------

    def save_and_print(self) -> None:
        if self._saving:  # a second Ctrl+Enter while the first is saving must not make a second dossier
            return
        request = self.intake_form.request()
        self._saving = True
        self.intake_form.set_busy(True)
        self.statusBar().showMessage("Đang lưu hồ sơ…")
        self.ops.intake(request).success(self._saved).failure(self._save_failed).run(self)

    def _saved(self, saved: SavedIntake) -> None:
        result = saved.result
        self._saving = False
        self.intake_form.set_busy(False)
        self.intake_form.clear()
        warnings = "".join(f" Lưu ý: {w}" for w in result.warnings)
        self.intake_form.show_message(
            f"Đã lưu hồ sơ {result.code} — {result.applicant_name} — hẹn trả {format_due(result.due_at)}.{warnings}",
            "warning" if result.warnings else "ok",
        )
        self.statusBar().showMessage(f"Đã lưu hồ sơ {result.code}.", STATUS_MS)
        # The receipt was rendered in the same job, while the commit waited for the disk.
        if saved.receipt is not None:
            self._receipt_rendered(result.code, saved.receipt)
        else:
            self._print_failed(result.code, saved.receipt_error or RuntimeError("không có giấy tiếp nhận"))
        self.refresh_today(select=result.code)
        self.sig_saved.emit(result)

    def _save_failed(self, error: object) -> None:
        self._saving = False
        self.intake_form.set_busy(False)
        if isinstance(error, ValidationError):
            self.intake_form.show_errors(error)
            self.statusBar().showMessage("Chưa lưu: thông tin chưa hợp lệ, xem các ô viền đỏ.", STATUS_MS)
            return
        self.statusBar().showMessage("Không lưu được hồ sơ.", STATUS_MS)
        QMessageBox.critical(self, "Không lưu được hồ sơ", f"Hồ sơ chưa được lưu.\n\n{error}")

    def fill_from_cccd(self, card) -> None:
        """A chip CCCD card's QR was scanned on the intake page: its holder is the applicant."""
        self.show_page(0)
        self.intake_form.fill_from_cccd(card)
        self.statusBar().showMessage("Đã điền thông tin người nộp từ mã QR trên thẻ CCCD.", STATUS_MS)

    def new_intake(self) -> None:
        self.intake_form.clear()
        self.statusBar().showMessage("Biểu mẫu mới: gõ tên thủ tục.", STATUS_MS)

    # --- printing ------------------------------------------------------------------------------------

    def _make_printer(self, code: str, job: Printable) -> QPrinter:
        if self._printer_factory is not None:
            return self._printer_factory(code)
        from counter_app.gui.printing import system_printer

        return system_printer(code, job.printer, job.tray, folder=job.folder)

    def print_receipt(self, code: str) -> None:
        """Render a reprint on the worker (from the store), then preview or print here. (An intake's receipt comes
        with its save: _saved.)"""
        (
            self.ops.receipt_for_printing(code)
            .success(lambda job: self._receipt_rendered(code, job))
            .failure(lambda error: self._print_failed(code, error))
            .run(self)
        )

    def _receipt_rendered(self, code: str, job: Printable) -> None:
        from counter_app.gui import printing

        try:
            printer = self._make_printer(code, job)
            if self.intake_form.skip_preview:
                printing.print_pdf(job.pdf, printer)
                self._printed(code, printing.describe_target(printer))
                return
            dialog = printing.ReceiptPreviewDialog(job.pdf, printer, code, self)
        except printing.PrintError as error:
            self._print_failed(code, error)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._preview_closed(dialog, code, printing.describe_target(printer)))
        self.preview_dialog = dialog
        dialog.open()

    def _preview_closed(self, dialog, code: str, target: str) -> None:
        self.preview_dialog = None
        if dialog.printed:
            self._printed(code, target)
        elif dialog.error:
            self._print_failed(code, dialog.error)
        else:
            self.statusBar().showMessage(
                f"Chưa in giấy tiếp nhận {code}: chọn hồ sơ trong danh sách (Ctrl+L) và nhấn Ctrl+P để in.", STATUS_MS
            )
        self.intake_form.focus_procedure()

    def _printed(self, code: str, target: str) -> None:
        self.statusBar().showMessage(f"Đã in giấy tiếp nhận {code} ra {target}.", STATUS_MS)

        def recorded(_none: object) -> None:
            self.refresh_today()
            self.sig_printed.emit(code)
            heap.release_soon()  # the receipt's freed memory given back at idle (gui/heap.py)

        self.ops.receipt_printed(code).success(recorded).run(self)

    def _print_failed(self, code: str, error: object) -> None:
        log.warning(
            "receipt of %s not printed: %s", code, error, exc_info=error if isinstance(error, Exception) else None
        )
        self.statusBar().showMessage(f"Chưa in được giấy tiếp nhận {code}.", STATUS_MS)
        QMessageBox.warning(
            self,
            "Chưa in được giấy tiếp nhận",
            f"Hồ sơ {code} đã được lưu nhưng chưa in được giấy tiếp nhận.\n\n{error}\n\n"
            "Kiểm tra máy in rồi chọn hồ sơ trong danh sách hôm nay (Ctrl+L) và nhấn Ctrl+P để in lại.",
        )

    def reprint_selected(self) -> None:
        code = self.selected_code()
        if not code:
            self.statusBar().showMessage("Chọn một hồ sơ trong danh sách hôm nay (Ctrl+L) rồi nhấn Ctrl+P.", STATUS_MS)
            return
        self.statusBar().showMessage(f"Đang tạo lại giấy tiếp nhận {code}…", STATUS_MS)
        self.print_receipt(code)

    # --- form 02 for a walk-in -----------------------------------------------------------------------

    def print_guidance(self) -> None:
        """The unticked mandatory papers become a form 02: recorded first, then rendered and printed."""
        if self._saving:
            return
        if not self.ops.has("guidance"):
            self.statusBar().showMessage("Máy này chưa có dịch vụ in phiếu hướng dẫn.", STATUS_MS)
            return
        request = self.intake_form.guidance_request()
        if self.intake_form.procedure is not None and not request.missing:
            self.intake_form.show_message(
                "Đã đánh dấu đủ giấy tờ bắt buộc: tiếp nhận hồ sơ bằng Ctrl+Enter (không cần phiếu hướng dẫn).", "ok"
            )
            return
        self._saving = True
        self.intake_form.set_busy(True)
        self.statusBar().showMessage("Đang ghi phiếu hướng dẫn…")
        self.ops.issue_guidance(request).success(self._guidance_issued).failure(self._guidance_failed).run(self)

    def _guidance_failed(self, error: object) -> None:
        self._saving = False
        self.intake_form.set_busy(False)
        if isinstance(error, ValidationError):
            self.intake_form.show_errors(error)
            self.statusBar().showMessage(
                "Chưa in phiếu hướng dẫn: thông tin chưa hợp lệ, xem các ô viền đỏ.", STATUS_MS
            )
            return
        self.statusBar().showMessage("Không ghi được phiếu hướng dẫn.", STATUS_MS)
        QMessageBox.critical(self, "Không ghi được phiếu hướng dẫn", f"Phiếu hướng dẫn chưa được ghi.\n\n{error}")

    def _guidance_issued(self, record) -> None:
        self._saving = False
        self.intake_form.set_busy(False)
        self.intake_form.clear()  # the citizen leaves with the slip; nothing was received
        missing = "; ".join(d.name for d in record.missing)
        self.intake_form.show_message(
            f"Đã ghi phiếu hướng dẫn (mẫu 02) cho {record.applicant_name} — thiếu: {missing}. Không tiếp nhận hồ sơ.",
            "warning",
        )
        (
            self.ops.guidance_for_printing(record.id)
            .success(lambda job: self._guidance_rendered(record, job))
            .failure(self._guidance_print_failed)
            .run(self)
        )

    def _guidance_rendered(self, record, job: Printable) -> None:
        from counter_app.gui import printing

        name = "phieu-huong-dan"
        try:
            printer = self._make_printer(name, job)
            if self.intake_form.skip_preview:
                printing.print_pdf(job.pdf, printer)
                self._guidance_printed(record, printing.describe_target(printer))
                return
            dialog = printing.ReceiptPreviewDialog(job.pdf, printer, "phiếu hướng dẫn", self)
        except printing.PrintError as error:
            self._guidance_print_failed(error)
            return
        dialog.setWindowTitle(f"Xem trước phiếu hướng dẫn — {record.applicant_name}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        target = printing.describe_target(printer)

        def closed(_result: int) -> None:
            self.preview_dialog = None
            if dialog.printed:
                self._guidance_printed(record, target)
            elif dialog.error:
                self._guidance_print_failed(dialog.error)
            else:
                self.statusBar().showMessage("Chưa in phiếu hướng dẫn (đã đóng cửa sổ xem trước).", STATUS_MS)
            self.intake_form.focus_procedure()

        dialog.finished.connect(closed)
        self.preview_dialog = dialog
        dialog.open()

    def _guidance_printed(self, record, target: str) -> None:
        self.statusBar().showMessage(f"Đã in phiếu hướng dẫn cho {record.applicant_name} ra {target}.", STATUS_MS)
        self.ops.guidance_printed(record.id).success(lambda _n: self.sig_guidance_printed.emit(record.id)).run(self)

    def _guidance_print_failed(self, error: object) -> None:
        self.statusBar().showMessage("Chưa in được phiếu hướng dẫn.", STATUS_MS)
        QMessageBox.warning(
            self, "Chưa in được phiếu hướng dẫn", f"Phiếu hướng dẫn đã được ghi nhưng chưa in được.\n\n{error}"
        )

    # --- today's list --------------------------------------------------------------------------------

    def selected_code(self) -> str | None:
        selection = self.ui.todayTable.selectionModel()
        rows = selection.selectedRows() if selection else []
        return self.today.summary(rows[0].row()).code if rows else None

    def focus_today(self) -> None:
        self.show_page(0)
        table = self.ui.todayTable
        table.setFocus()
        if self.today.rowCount() and not table.selectionModel().hasSelection():
            table.selectRow(0)

    # --- status, help, errors ------------------------------------------------------------------------

    def _worker_busy(self, busy: bool) -> None:
        self._worker_label.setText("● Đang ghi dữ liệu…" if busy else "")

    def show_integrity(self, problems: list[str]) -> None:
        """Result of the start-up integrity check run on the worker (run() submits it)."""
        if not problems:
            self._store_label.setText("Dữ liệu: tốt")
            return
        self._store_label.setText("Dữ liệu: CÓ LỖI")
        shown = "\n".join(f"• {p}" for p in problems[:10])
        more = f"\n… và {len(problems) - 10} lỗi khác." if len(problems) > 10 else ""
        QMessageBox.critical(
            self,
            "Tệp dữ liệu bị hỏng",
            "Kiểm tra toàn vẹn phát hiện lỗi trong tệp dữ liệu của phần mềm:\n\n"
            f"{shown}{more}\n\n"
            "Hãy ngừng tiếp nhận trên máy này, báo cán bộ phụ trách CNTT và khôi phục từ bản sao lưu gần nhất.",
        )

    def show_integrity_error(self, error: object) -> None:
        """The check could not run (a full disk, a locked file…): that is not damage, and restoring a backup
        would lose today's work, so the message says what it is (the store's error says it in Vietnamese)."""
        from counter_app.services.app import WorkStopped

        if isinstance(error, WorkStopped):  # stopped because the window is closing: nothing to say
            return
        self._store_label.setText("Dữ liệu: chưa kiểm tra được")
        QMessageBox.warning(
            self,
            "Chưa kiểm tra được tệp dữ liệu",
            f"Phần mềm chưa kiểm tra được tệp dữ liệu lúc khởi động:\n\n{error}",
        )

    def _background_error(self, error: object) -> None:
        """A background job failed with no handler of its own (the worker logged it): the crash dialog."""
        from counter_app.gui.errors import report_exception

        self.statusBar().showMessage("Có lỗi khi làm việc với dữ liệu.", STATUS_MS)
        report_exception(error if isinstance(error, BaseException) else RuntimeError(str(error)), self, logged=True)

    def show_shortcuts(self) -> None:
        from counter_app.gui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "Giới thiệu",
            f"Phần mềm Bộ phận Một cửa — phiên bản {__version__}\n"
            "Tiếp nhận hồ sơ, in giấy tiếp nhận và hẹn trả kết quả; làm việc không cần mạng.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_preferences()
        super().closeEvent(event)
