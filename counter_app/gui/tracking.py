"""The "Theo dõi hồ sơ" tab and what opens a dossier (from the list, the search box or a scan).

`TrackingPage` lays out the search box, the filter bar, the lazily fetched list and the side panel;
`TrackingController` opens a dossier with the next sensible action ready — the return dialog for a result
waiting at the counter, "record the supplements" for a dossier waiting for them, otherwise the dossier window —
and says plainly when a code is unknown. Both reach the services only through the operations (gui/operations.py,
on the one worker; only the list's page queries run on the UI thread, see dossier_list) and refresh when the
operations announce changed dossiers — an event recorded in any window, an intake, a sync.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.events import EventKind
from counter_app.domain.tracking import NextAction, QueryKind, next_action, parse_query
from counter_app.gui.dossier_detail import DossierDetailDialog
from counter_app.gui.dossier_list import COLUMN_KEYS, DossierListModel, FilterBar, TodayPanel
from counter_app.gui.fields import empty, forget_history, forget_history_when_emptied
from counter_app.gui.operations import Changes, DetailBundle, Operations
from counter_app.gui.return_dialog import ReturnDialog
from counter_app.gui.slip_printing import SlipPrinting
from counter_app.services.dossier_list import DossierFilter
from counter_app.services.dossiers import DossierNotFound

# Search as the officer types: each key's search starts at once (a store search takes a few ms, issue 15), and
# while one is on the worker the next waits for it and then runs once for the latest text (never a queue of them).
SEARCH_DELAY_MS = 0
COUNTS_REFRESH_MS = 60_000

QUERY_KIND_TEXT = {
    QueryKind.CODE: "theo mã hồ sơ",
    QueryKind.ID_NUMBER: "theo số CCCD",
    QueryKind.PHONE: "theo số điện thoại (hoặc mã số thuế)",
    QueryKind.DIGITS: "theo đầu số CCCD, CMND / điện thoại / mã số thuế",
    QueryKind.PAPER: "theo số hộ chiếu, giấy tờ (hoặc đầu mã hồ sơ)",
    QueryKind.TAX_CODE: "theo mã số thuế",
    QueryKind.NAME: "theo họ tên (không phân biệt dấu, hoa thường)",
    QueryKind.LOCATION: "theo vị trí lưu hồ sơ giấy (kệ, hộp …)",
}


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class TrackingController(QObject):
    """Opens dossiers: `open_code(code)` (a scan, Enter in the list), `open_apology(code)`."""

    sig_message = Signal(str)  # for the status bar
    sig_opened = Signal(str, str)  # code, what opened: NextAction value
    sig_not_found = Signal(str)  # the code nobody knows

    def __init__(
        self,
        window: QWidget,
        ops: Operations,
        printer_factory: Callable[[str], Any] | None = None,
    ):
        super().__init__(window)
        self._window = window
        self.ops = ops
        from counter_app.gui.main_window import PREF_PREVIEW_SLIPS

        self._preferences = getattr(window, "preferences", None)
        self._preview_key = PREF_PREVIEW_SLIPS
        preview = bool(self._preferences.value(PREF_PREVIEW_SLIPS, False, type=bool)) if self._preferences else False
        self.slips = SlipPrinting(window, ops, printer_factory, preview=preview)
        self.detail_dialog: DossierDetailDialog | None = None
        self.return_dialog: ReturnDialog | None = None
        self.message_box: QMessageBox | None = None

    # --- opening ----------------------------------------------------------------------------------------

    def open_code(self, code: str, *, scanned: bool = False) -> None:
        code = code.strip().upper()
        if scanned:
            self.sig_message.emit(f"Đã quét mã {code}: đang mở hồ sơ…")
        self.ops.dossier_bundle(code).success(self._loaded).failure(lambda error: self._failed(code, error)).run(self)

    def _loaded(self, bundle: DetailBundle) -> None:
        action = next_action(bundle.detail.status)
        if action == NextAction.RETURN:
            self.open_return(bundle)
        else:
            focus = EventKind.SUPPLEMENT_RECEIVED if action == NextAction.SUPPLEMENT_RECEIVED else None
            dialog = self._detail()
            dialog.show_bundle(bundle, focus)
            self._raise(dialog)
        self.sig_opened.emit(bundle.detail.code, action.value)

    def _failed(self, code: str, error: object) -> None:
        if isinstance(error, DossierNotFound):
            text = f"Không tìm thấy hồ sơ mã {code}."
            self.sig_not_found.emit(code)
        else:
            text = f"Không mở được hồ sơ {code}: {error}"
        self.sig_message.emit(text)
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Không tìm thấy hồ sơ", text, QMessageBox.StandardButton.Ok, self._window
        )
        box.button(QMessageBox.StandardButton.Ok).setText("Đóng (Enter)")
        box.setInformativeText(
            "Kiểm tra lại mã trên giấy tiếp nhận, hoặc tìm theo họ tên, số CCCD, số điện thoại (Ctrl+F)."
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: setattr(self, "message_box", None))
        self.message_box = box
        box.open()

    def _detail(self) -> DossierDetailDialog:
        if self.detail_dialog is None:
            dialog = DossierDetailDialog(
                ops=self.ops,
                slips=self.slips,
                open_return=self.open_return,
                parent=self._window,
            )
            dialog.setWindowFlag(Qt.WindowType.Window, True)
            dialog.sig_message.connect(self.sig_message)
            dialog.sig_preview_changed.connect(self._remember_preview)
            dialog.destroyed.connect(lambda *_: setattr(self, "detail_dialog", None))
            self.detail_dialog = dialog
        return self.detail_dialog

    def _remember_preview(self, on: bool) -> None:
        if self._preferences is not None:
            self._preferences.setValue(self._preview_key, on)

    @staticmethod
    def _raise(dialog: QWidget) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def open_detail(self, code: str, focus: EventKind | None = None) -> None:
        dialog = self._detail()
        dialog.load(code, focus)
        self._raise(dialog)

    def open_return(self, bundle: DetailBundle) -> None:
        if self.return_dialog is not None:
            self.return_dialog.close()
        dialog = ReturnDialog(
            bundle.detail,
            now=bundle.now,
            ops=self.ops,
            slips=self.slips,
            parent=self.detail_dialog
            if self.detail_dialog is not None and self.detail_dialog.isVisible()
            else self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_finished.connect(self._returned)
        dialog.finished.connect(lambda _r: setattr(self, "return_dialog", None))
        self.return_dialog = dialog
        dialog.open()

    def _returned(self, message: str) -> None:
        self.sig_message.emit(message)
        if self.detail_dialog is not None and self.detail_dialog.isVisible() and self.detail_dialog.code:
            self.detail_dialog.load(self.detail_dialog.code)

    def open_apology(self, code: str) -> None:
        """The dossier window with form 04 (apology, new date) open and pre-filled."""
        dialog = self._detail()
        self._raise(dialog)

        def loaded(bundle: DetailBundle) -> None:
            dialog.sig_loaded.disconnect(loaded)
            if EventKind.EXTENDED in bundle.detail.allowed_kinds:
                dialog.start(EventKind.EXTENDED)

        dialog.sig_loaded.connect(loaded)
        dialog.load(code, EventKind.EXTENDED)


class TrackingPage(QWidget):
    """Search, filters, the list and today's side panel. Enter or a double click opens the dossier."""

    sig_counts_loaded = Signal(dict)
    sig_search_done = Signal(str)  # the query whose results are shown
    sig_total_loaded = Signal(int)

    def __init__(self, ops: Operations, controller: TrackingController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.controller = controller
        self._search_seq = 0
        self._search_busy = False  # a search is on the worker
        self._search_again = False  # the text changed meanwhile: search once more when it returns
        self._count_seq = 0
        self._started = False
        self.total: int | None = None

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("dossierSearch")
        self.search_box.setClearButtonEnabled(True)
        forget_history_when_emptied(self.search_box)  # what was searched (names, CCCD numbers) is not kept all day
        self.search_box.setPlaceholderText("Mã hồ sơ, họ tên (gõ không dấu được), số CCCD hoặc số điện thoại")
        search_label = QLabel("&Tìm hồ sơ:", self)
        search_label.setBuddy(self.search_box)
        self.search_hint = QLabel("Ctrl+F · Enter: mở · F5", self)
        self.search_hint.setToolTip("Ctrl+F: về ô tìm · Enter: mở hồ sơ · F5: tải lại danh sách và số liệu hôm nay")
        self.search_hint.setProperty("role", "hint")
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.search_hint)

        self.filter_bar = FilterBar(self, today=ops.now().date())
        self.model = DossierListModel(ops.list_page, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("dossierTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, key in enumerate(COLUMN_KEYS):
            mode = QHeaderView.ResizeMode.Stretch if key == "procedure" else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(column, mode)
        # Widths from the font (ResizeToContents would measure every loaded row on each page).
        metrics = self.table.fontMetrics()
        samples = {
            "code": "H61.22-261125-1001",
            "applicant": "Nguyễn Thị Phương Th",
            "id_number": "••••••••0000",
            "received": "00/00/0000",
            "due": "00:00 00/00/0000",
            "status": "Đã tiếp nhận · Sắp đến hạn",
        }
        for key, sample in samples.items():
            self.table.setColumnWidth(COLUMN_KEYS.index(key), metrics.horizontalAdvance(sample) + 14)
        self.count_label = QLabel("", self)
        self.count_label.setWordWrap(True)  # a long search summary must not widen the window
        self.legend = QLabel(
            "<span style='background:#f9d6d5'>&nbsp;Quá hạn&nbsp;</span> "
            "<span style='background:#fdefc3'>&nbsp;Sắp đến hạn (hôm nay, ngày làm việc kế tiếp)&nbsp;</span>",
            self,
        )
        self.legend.setProperty("role", "hint")
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.legend)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.filter_bar)
        left_layout.addLayout(count_row)
        left_layout.addWidget(self.table, 1)

        self.panel = TodayPanel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 280])
        self.panel.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        self.action_search = QAction("Tìm hồ sơ", self)
        self.action_search.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("F3")])
        self.action_search.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action_search.triggered.connect(self.focus_search)
        self.action_refresh = QAction("Tải lại", self)
        self.action_refresh.setShortcut(QKeySequence("F5"))
        self.action_refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action_refresh.triggered.connect(self.refresh)
        self.action_open = QAction("Mở hồ sơ", self)
        self.action_open.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.action_open.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action_open.triggered.connect(self.open_selected)
        self.addAction(self.action_search)
        self.addAction(self.action_refresh)
        self.table.addAction(self.action_open)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_REFRESH_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)

        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._search_entered)
        self.filter_bar.sig_changed.connect(self.apply_filter)
        self.panel.sig_filter_requested.connect(self.show_filter)
        self.panel.sig_apology_requested.connect(controller.open_apology)
        self.panel.sig_open_requested.connect(controller.open_code)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.model.sig_fetched.connect(lambda _n: self._show_count())
        ops.sig_changed.connect(self._changed)

    # --- start --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """First load: catalogue for the filters, the list, the counts (all but the first page on the worker)."""
        if self.ops.has("catalogue"):
            self.ops.catalogue_choices().success(lambda pair: self.filter_bar.set_catalogue(*pair)).run(self)
        self._started = True
        self.apply_filter(self.filter_bar.filters())
        self.refresh_counts()

    # The counts age with the clock (due soon, overdue): refreshed every minute while the page shows.
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._started:
            self.refresh_counts()
            self._counts_timer.start()

    def hideEvent(self, event) -> None:
        self._counts_timer.stop()
        super().hideEvent(event)

    # --- the list -----------------------------------------------------------------------------------------

    def apply_filter(self, filters: DossierFilter) -> None:
        if self.search_box.text().strip():
            self.search_box.blockSignals(True)
            empty(self.search_box)
            self.search_box.blockSignals(False)
        self.model.set_filter(filters)
        if self.model.canFetchMore():
            self.model.fetchMore()
        self.total = None
        self._show_count()
        self._count_seq += 1
        seq = self._count_seq
        self.ops.count(filters).success(lambda n: self._total_loaded(seq, n)).run(self)

    def show_filter(self, filters: DossierFilter) -> None:
        """Set the filter bar (and so the list) to `filters` — the side panel's counts."""
        self.filter_bar.set_filters(filters)
        self.table.setFocus()

    def _total_loaded(self, seq: int, total: int) -> None:
        if seq != self._count_seq:
            return
        self.total = total
        self._show_count()
        self.sig_total_loaded.emit(total)

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.search_mode:
            return
        if self.total is None:
            text = f"Đang hiện {_number(shown)} hồ sơ (đang đếm…)"
        elif self.total == 0:
            text = "Không có hồ sơ nào theo điều kiện lọc."
        else:
            text = f"{_number(self.total)} hồ sơ · đang hiện {_number(shown)}, mới nhận ở trên"
            if self.model.capped:
                text += f" — chỉ hiện {_number(self.model.max_rows)} hồ sơ đầu: thu hẹp bằng bộ lọc hoặc ô tìm"
        self.count_label.setText(text)

    def refresh(self) -> None:
        """F5 and after every recorded event: the list from the top, the counts, the search results."""
        if self.model.search_mode:
            self.run_search()
        else:
            self.apply_filter(self.filter_bar.filters())
        self.refresh_counts()

    def _changed(self, changes: Changes) -> None:
        """The operations' change notice: dossiers received, recorded or synced make the list and counts stale."""
        if changes.dossiers or changes.synced or changes.catalogue:
            if changes.catalogue and self._started and self.ops.has("catalogue"):
                self.ops.catalogue_choices().success(lambda pair: self.filter_bar.set_catalogue(*pair)).run(self)
            if changes.dossiers or changes.synced:
                self.refresh()

    def refresh_counts(self) -> None:
        try:
            self.ops.today_counts().success(self._counts_loaded).run(self)
            self.ops.due_soon().success(self.panel.set_due_soon).run(self)
        except RuntimeError:  # the worker has stopped: the application is closing
            self._counts_timer.stop()

    def _counts_loaded(self, counts: dict) -> None:
        self.panel.set_counts(counts, self.ops.now().date())
        self.sig_counts_loaded.emit(counts)

    # --- search -------------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        forget_history(self.search_box)  # a new search types over the old one: no Ctrl+Z back through the day
        self.search_box.selectAll()

    def run_search(self) -> None:
        self._search_timer.stop()
        if self._search_busy:
            self._search_seq += 1  # the answer on its way is for an older text
            self._search_again = True
            return
        text = self.search_box.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if not text:
            if self.model.search_mode:
                self.apply_filter(self.filter_bar.filters())
            return
        parsed = parse_query(text)
        if parsed.kind == QueryKind.EMPTY:
            self.model.show_results([])
            self.count_label.setText("Gõ thêm: ít nhất một chữ của họ tên hoặc 4 chữ số.")
            return
        kind = parsed.kind

        def found(rows: list) -> None:
            self._search_done(seq, text, kind, rows)
            self._search_returned()

        def failed(error: BaseException) -> None:
            self.count_label.setText(f"Không tìm được: {error}")
            self._search_returned()

        self._search_busy = True
        try:
            self.ops.search(text).success(found).failure(failed).run(self)
        except BaseException:  # not queued (the worker has stopped): nothing is on its way
            self._search_busy = False
            raise

    def _search_returned(self) -> None:
        self._search_busy = False
        if self._search_again:
            self._search_again = False
            self.run_search()

    def _search_done(self, seq: int, text: str, kind: QueryKind, rows: list) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way
        self.model.show_results(rows)
        how = QUERY_KIND_TEXT.get(kind, "")
        if rows:
            limit = " (50 kết quả đầu, gõ thêm để thu hẹp)" if len(rows) >= 50 else ""
            self.count_label.setText(f"{len(rows)} hồ sơ tìm {how} «{text}»{limit} — bộ lọc không áp dụng khi tìm.")
            self.table.selectRow(0)
        else:
            self.count_label.setText(f"Không tìm thấy hồ sơ nào {how} «{text}».")
        self.sig_search_done.emit(text)

    def _search_entered(self) -> None:
        """Enter in the search box: search now; with one result (or the exact code) open it, else go to the list."""
        text = self.search_box.text().strip()
        parsed = parse_query(text)
        if (
            parsed.kind == QueryKind.CODE
            and self._search_timer.isActive() is False
            and self.model.row_of(parsed.value) >= 0
        ):
            self.controller.open_code(parsed.value)
            return
        if self._search_timer.isActive() or not self.model.search_mode:
            self.run_search()

            def done(query: str) -> None:
                self.sig_search_done.disconnect(done)
                self._after_search_enter(query)

            self.sig_search_done.connect(done)
            return
        self._after_search_enter(text)

    def _after_search_enter(self, text: str) -> None:
        parsed = parse_query(text)
        exact = self.model.row_of(parsed.value) if parsed.kind == QueryKind.CODE else -1
        if exact >= 0 or self.model.rowCount() == 1:
            self.open_row(max(exact, 0))
        elif self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    # --- opening ------------------------------------------------------------------------------------------

    def selected_code(self) -> str | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        return self.model.summary(rows[0].row()).code if rows else None

    def open_selected(self) -> None:
        code = self.selected_code()
        if code:
            self.controller.open_code(code)

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.controller.open_code(self.model.summary(row).code)

    def focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)


@dataclass
class TrackingTab:
    page: TrackingPage
    controller: TrackingController
    scanner: Any  # ScannerWedge


def install_tracking(
    window,  # MainWindow
    ops: Operations,
    *,
    printer_factory: Callable[[str], Any] | None = None,
    scanner_interval_ms: float | None = None,
    scanner_prefix: str = "",
    scanner_suffix: str = "",
    start: bool = True,
) -> TrackingTab:
    """Add the "Theo dõi hồ sơ" page (Ctrl+2) to the main window and the scanner to the whole window:
    a scan anywhere in it opens the dossier with its next action ready."""
    from counter_app.gui.scanner import DEFAULT_MAX_INTERVAL_MS, ScannerWedge, route_scan

    controller = TrackingController(window, ops, printer_factory)
    page = TrackingPage(ops, controller, window)
    window.add_page("Theo dõi hồ sơ", page, "Ctrl+2")
    scanner = ScannerWedge(
        window,
        max_interval_ms=scanner_interval_ms or DEFAULT_MAX_INTERVAL_MS,
        prefix=scanner_prefix,
        suffix=scanner_suffix,
    )
    scanner.sig_scan.connect(lambda scan: route_scan(window, controller, scan))
    scanner.install()
    if not scanner_prefix:  # exact mode as the station's settings say (read on the worker; again when they change)

        def configure(values: dict) -> None:
            scanner.configure(values.get("scanner.prefix", ""), values.get("scanner.suffix", ""))

        def read_settings() -> None:
            ops.all_settings().success(configure).run(window)

        read_settings()
        ops.sig_changed.connect(lambda changes: read_settings() if changes.settings else None)
    controller.sig_message.connect(lambda text: window.statusBar().showMessage(text, 15_000))
    if start:
        QTimer.singleShot(0, page.start)  # once the window is up: its own loading goes to the worker first
    return TrackingTab(page, controller, scanner)
