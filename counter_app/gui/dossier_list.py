"""The dossier list of the "Theo dõi hồ sơ" tab: a lazily fetched table model, its filter bar and the side
panel with today's counts and the dossiers that need an apology slip.

The model never holds the whole store: it asks DossierListService for one page at a time (keyset: the next
page starts after the last row shown), as the view scrolls, up to MAX_LOADED_ROWS rows; past that the officer
is asked to narrow the list with a filter or the search box. A page is an index walk of well under a
millisecond at 1,000,000 dossiers (benchmarks/counter.py: "list page"), so fetchMore() calls the service on the
UI thread: going through the worker would only add a round trip. Counts walk much more of an index and go to
the worker (see tracking.TrackingPage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.events import CHANNEL_LABELS, Channel
from counter_app.domain.tracking import URGENCY_LABELS, Urgency
from counter_app.services.dossier_list import DossierFilter, DueFilter
from counter_app.services.dossiers import DossierSummary

PAGE_SIZE = 200
MAX_LOADED_ROWS = 20_000

COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Mã hồ sơ"),
    ("applicant", "Người nộp"),
    ("id_number", "CCCD"),
    ("procedure", "Thủ tục"),
    ("received", "Ngày nhận"),
    ("due", "Hẹn trả"),
    ("status", "Trạng thái"),
)
COLUMN_KEYS = [key for key, _ in COLUMNS]
CODE_COLUMN = COLUMN_KEYS.index("code")

# Soft backgrounds that keep black text readable; the status column says it in words too.
URGENCY_BACKGROUND = {
    Urgency.OVERDUE.value: QColor("#f9d6d5"),
    Urgency.DUE_SOON.value: QColor("#fdefc3"),
}
URGENCY_TOOLTIP = {
    Urgency.OVERDUE.value: "Quá hạn: đã qua thời điểm hẹn trả mà chưa có kết quả.",
    Urgency.DUE_SOON.value: "Sắp đến hạn: hẹn trả trong hôm nay hoặc ngày làm việc kế tiếp mà chưa có kết quả; nếu không kịp, "
    "lập văn bản xin lỗi và hẹn lại trước khi hết hạn.",
}

Index = QModelIndex | QPersistentModelIndex
PageFetcher = Callable[..., list]


def _cell(row: DossierSummary, key: str) -> str:
    match key:
        case "code":
            return row.code
        case "applicant":
            return row.applicant_name
        case "id_number":
            return row.id_number_masked
        case "procedure":
            return row.procedure_name
        case "received":
            return f"{row.received_at:%d/%m/%Y}"
        case "due":
            return f"{row.due_at:%H:%M %d/%m/%Y}"
        case "status":
            urgency = getattr(row, "urgency", "")
            label = URGENCY_LABELS.get(Urgency(urgency), "") if urgency else ""
            return f"{row.status_label} · {label}" if label else row.status_label
    return ""


class DossierListModel(QAbstractTableModel):
    """Rows of DossierSummary, newest received first, fetched a page at a time from `fetch_page`.

    `fetch_page(filters, after=<last summary or None>, limit=n)` is DossierListService.page. In search mode
    (`show_results`) the model holds the given rows and fetches nothing.
    """

    sig_fetched = Signal(int)  # rows loaded so far, after each page

    def __init__(
        self,
        fetch_page: PageFetcher,
        *,
        page_size: int = PAGE_SIZE,
        max_rows: int = MAX_LOADED_ROWS,
        parent=None,
    ):
        super().__init__(parent)
        self._fetch_page = fetch_page
        self.page_size = page_size
        self.max_rows = max_rows
        self._filters = DossierFilter()
        self._rows: list[DossierSummary] = []
        self._exhausted = False
        self._search_mode = False

    # --- what is shown ----------------------------------------------------------------------------------

    @property
    def filters(self) -> DossierFilter:
        return self._filters

    @property
    def search_mode(self) -> bool:
        return self._search_mode

    @property
    def exhausted(self) -> bool:
        """Every row of the filter is loaded (or the model shows search results)."""
        return self._exhausted

    @property
    def capped(self) -> bool:
        """MAX_LOADED_ROWS reached with more rows in the store: narrow the list to see the rest."""
        return not self._exhausted and len(self._rows) >= self.max_rows

    def set_filter(self, filters: DossierFilter) -> None:
        """Show the list for `filters` from its first row (the view fetches the first page)."""
        self.beginResetModel()
        self._filters = filters
        self._rows = []
        self._exhausted = False
        self._search_mode = False
        self.endResetModel()

    def reload(self) -> None:
        """The same filter from the top (after a change in the store)."""
        if self._search_mode:
            return
        self.set_filter(self._filters)
        if self.canFetchMore():
            self.fetchMore()

    def show_results(self, rows: Sequence[DossierSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._exhausted = True
        self._search_mode = True
        self.endResetModel()

    def summary(self, row: int) -> DossierSummary:
        return self._rows[row]

    def codes(self) -> list[str]:
        return [r.code for r in self._rows]

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    # --- lazy fetching ------------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and len(self._rows) < self.max_rows

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        limit = min(self.page_size, self.max_rows - len(self._rows))
        after = self._rows[-1] if self._rows else None
        page = self._fetch_page(self._filters, after=after, limit=limit)
        if len(page) < limit:
            self._exhausted = True
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.sig_fetched.emit(len(self._rows))

    # --- Qt model -----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, key)
        urgency = getattr(row, "urgency", "")
        if role == Qt.ItemDataRole.BackgroundRole and urgency in URGENCY_BACKGROUND:
            return QBrush(URGENCY_BACKGROUND[urgency])
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "procedure":
                return f"{row.procedure_code}\n{row.procedure_name}"
            if key in ("due", "status") and urgency in URGENCY_TOOLTIP:
                return URGENCY_TOOLTIP[urgency]
            if key == "applicant":
                return row.applicant_name
            if key == "received":
                return f"Nhận lúc {row.received_at:%H:%M ngày %d/%m/%Y}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("received", "due"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None


# --- the filter bar --------------------------------------------------------------------------------------

DUE_CHOICES: tuple[tuple[DueFilter, str], ...] = (
    (DueFilter.ANY, "Mọi hạn trả"),
    (DueFilter.TODAY, "Hẹn trả hôm nay"),
    (DueFilter.WITHIN, "Sắp đến hạn trong"),
    (DueFilter.OVERDUE, "Quá hạn"),
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class FilterBar(QWidget):
    """Status, field, procedure, channel, received range and due filters; emits the DossierFilter on change."""

    sig_changed = Signal(object)  # DossierFilter

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self._quiet = False
        today = today or date.today()

        self.status = QComboBox(self)
        self.status.addItem("Mọi trạng thái", None)
        for status in DossierStatus:
            self.status.addItem(STATUS_LABELS[status], status.value)
        self.field = QComboBox(self)
        self.field.addItem("Mọi lĩnh vực", None)
        self.procedure = QComboBox(self)
        self.procedure.addItem("Mọi thủ tục", None)
        self.channel = QComboBox(self)
        self.channel.addItem("Mọi hình thức nộp", None)
        for channel in Channel:
            self.channel.addItem(CHANNEL_LABELS[channel], channel.value)

        self.received_on = QCheckBox("&Nhận từ", self)
        self.received_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.received_to = QDateEdit(_qdate(today), self)
        for edit in (self.received_from, self.received_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        to_label = QLabel("đến", self)

        self.due = QComboBox(self)
        for value, label in DUE_CHOICES:
            self.due.addItem(label, value.value)
        self.due_days = QSpinBox(self)
        self.due_days.setRange(0, 60)
        self.due_days.setValue(1)
        self.due_days.setSuffix(" ngày làm việc")
        self.due_days.setEnabled(False)
        self.clear_button = QPushButton("Bỏ lọc", self)
        self.clear_button.setToolTip("Bỏ mọi điều kiện lọc")

        # Two rows, every combo allowed to shrink: the page must fit a 1024-pixel screen beside today's panel
        # (tests/test_gui_fit.py). A combo's open list shows each choice whole.
        for combo in (self.status, self.field, self.procedure, self.channel, self.due):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.procedure.setMinimumContentsLength(16)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        # Three rows: the procedure (long names) has a row of its own, and the dates and the due filter fit under
        # the short combos.
        layout.addWidget(self.status, 0, 0)
        layout.addWidget(self.field, 0, 1)
        layout.addWidget(self.channel, 0, 2)
        layout.addWidget(self.clear_button, 0, 3, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.procedure, 1, 0, 1, 4)
        dates = QHBoxLayout()
        dates.setSpacing(6)
        for widget in (self.received_on, self.received_from, to_label, self.received_to):
            dates.addWidget(widget)
        dates.addStretch(1)
        layout.addLayout(dates, 2, 0, 1, 2)
        layout.addWidget(self.due, 2, 2)
        layout.addWidget(self.due_days, 2, 3)
        for column, stretch in enumerate((2, 3, 2, 0)):  # the field's names are the longest; the last keeps its size
            layout.setColumnStretch(column, stretch)
        # Tab goes as the eye reads: row by row, "Bỏ lọc" last.
        chain: list[QWidget] = [self.status, self.field, self.channel, self.procedure, self.received_on]
        chain += [self.received_from, self.received_to, self.due, self.due_days, self.clear_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

        for combo in (self.status, self.field, self.procedure, self.channel, self.due):
            combo.currentIndexChanged.connect(self._changed)
        self.received_on.toggled.connect(self._received_toggled)
        self.received_from.dateChanged.connect(self._changed)
        self.received_to.dateChanged.connect(self._changed)
        self.due_days.valueChanged.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)

    def set_catalogue(self, fields: Sequence, procedures: Sequence) -> None:
        """Fill the field and procedure choices (domain FieldOfWork / Procedure)."""
        self._quiet = True
        try:
            chosen_field, chosen_procedure = self.field.currentData(), self.procedure.currentData()
            self.field.clear()
            self.field.addItem("Mọi lĩnh vực", None)
            for f in fields:
                self.field.addItem(f.name, f.code)
            self.procedure.clear()
            self.procedure.addItem("Mọi thủ tục", None)
            seen: set[str] = set()
            for p in procedures:
                if p.code in seen:
                    continue
                seen.add(p.code)
                self.procedure.addItem(p.name, p.code)
                self.procedure.setItemData(
                    self.procedure.count() - 1, f"{p.code}\n{p.name}", Qt.ItemDataRole.ToolTipRole
                )
            self._select(self.field, chosen_field)
            self._select(self.procedure, chosen_procedure)
        finally:
            self._quiet = False

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def _received_toggled(self, on: bool) -> None:
        self.received_from.setEnabled(on)
        self.received_to.setEnabled(on)
        self._changed()

    def _changed(self, *_args) -> None:
        self.due_days.setEnabled(self.due.currentData() == DueFilter.WITHIN.value)
        if not self._quiet:
            self.sig_changed.emit(self.filters())

    def filters(self) -> DossierFilter:
        received_from = received_to = None
        if self.received_on.isChecked():
            received_from, received_to = _pydate(self.received_from.date()), _pydate(self.received_to.date())
            if received_from > received_to:
                received_from, received_to = received_to, received_from
        return DossierFilter(
            status=self.status.currentData(),
            field_code=self.field.currentData(),
            procedure_code=self.procedure.currentData(),
            channel=self.channel.currentData(),
            received_from=received_from,
            received_to=received_to,
            due=DueFilter(self.due.currentData() or ""),
            due_within_days=self.due_days.value(),
        )

    def set_filters(self, filters: DossierFilter) -> None:
        """Show `filters` in the widgets (the side panel's shortcuts) and emit them once."""
        self._quiet = True
        try:
            self._select(self.status, filters.status)
            self._select(self.field, filters.field_code)
            self._select(self.procedure, filters.procedure_code)
            self._select(self.channel, filters.channel)
            on = filters.received_from is not None or filters.received_to is not None
            self.received_on.setChecked(on)
            self.received_from.setEnabled(on)
            self.received_to.setEnabled(on)
            if filters.received_from:
                self.received_from.setDate(_qdate(filters.received_from))
            if filters.received_to:
                self.received_to.setDate(_qdate(filters.received_to))
            self._select(self.due, filters.due.value)
            self.due_days.setValue(filters.due_within_days)
            self.due_days.setEnabled(filters.due == DueFilter.WITHIN)
        finally:
            self._quiet = False
        self.sig_changed.emit(self.filters())

    def clear(self) -> None:
        self.set_filters(DossierFilter())


# --- the side panel ---------------------------------------------------------------------------------------

COUNT_ITEMS: tuple[tuple[str, str], ...] = (
    ("received", "Tiếp nhận hôm nay"),
    ("due", "Hẹn trả hôm nay"),
    ("overdue", "Quá hạn"),
    ("due_soon", "Sắp đến hạn, chưa có kết quả"),
    ("awaiting_supplement", "Chờ bổ sung"),
    ("awaiting_return", "Có kết quả, chờ trả"),
)


class TodayPanel(QWidget):
    """Today's counts (each one a button that filters the list) and the dossiers that need an apology slip."""

    sig_filter_requested = Signal(object)  # DossierFilter
    sig_apology_requested = Signal(str)  # dossier code
    sig_open_requested = Signal(str)  # dossier code

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._today: date | None = None
        self.counts_box = QGroupBox("Hôm nay", self)
        grid = QGridLayout(self.counts_box)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        self.count_buttons: dict[str, QPushButton] = {}
        self.count_values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(COUNT_ITEMS):
            button = QPushButton(label, self.counts_box)
            button.setFlat(True)
            button.setProperty("role", "countLink")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("Lọc danh sách theo mục này")
            button.clicked.connect(lambda _=False, k=key: self._count_clicked(k))
            value = QLabel("…", self.counts_box)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("role", "infoValue")
            grid.addWidget(button, row, 0)
            grid.addWidget(value, row, 1)
            self.count_buttons[key] = button
            self.count_values[key] = value

        self.warning_box = QGroupBox("Cần lập văn bản xin lỗi", self)
        warning_layout = QVBoxLayout(self.warning_box)
        warning_layout.setContentsMargins(6, 4, 6, 4)
        self.warning_hint = QLabel(
            "Hồ sơ chưa có kết quả, hẹn trả trong hôm nay hoặc ngày làm việc kế tiếp. Nếu không kịp, lập văn "
            "bản xin lỗi và hẹn lại ngày trả trước khi hết hạn.",
            self.warning_box,
        )
        self.warning_hint.setWordWrap(True)
        self.warning_hint.setProperty("role", "hint")
        self.due_soon_list = QListWidget(self.warning_box)
        self.due_soon_list.setAlternatingRowColors(True)
        self.due_soon_list.setWordWrap(True)
        self.due_soon_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.due_soon_list.setMinimumHeight(120)
        self.apology_button = QPushButton("Lập văn bản &xin lỗi…", self.warning_box)
        self.apology_button.setEnabled(False)
        warning_layout.addWidget(self.warning_hint)
        warning_layout.addWidget(self.due_soon_list, 1)
        warning_layout.addWidget(self.apology_button)

        self.setStyleSheet('QPushButton[role="countLink"] { text-align: left; padding: 2px 4px; }')
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.warning_box, 1)

        self.due_soon_list.currentRowChanged.connect(lambda row: self.apology_button.setEnabled(row >= 0))
        self.due_soon_list.itemActivated.connect(
            lambda item: self.sig_open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.apology_button.clicked.connect(self._apology_clicked)

    def set_counts(self, counts: dict[str, int], today: date) -> None:
        self._today = today
        self.counts_box.setTitle(f"Hôm nay {today:%d/%m/%Y}")
        for key, label in self.count_values.items():
            value = counts.get(key)
            label.setText("…" if value is None else f"{value:,}".replace(",", "."))

    def set_due_soon(self, rows: Sequence[DossierSummary]) -> None:
        current = self.selected_code()
        self.due_soon_list.clear()
        for row in rows:
            item = QListWidgetItem(
                f"{row.code} — {row.applicant_name}\nhẹn trả {row.due_at:%H:%M %d/%m/%Y} · {row.status_label}"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.code)
            item.setToolTip(row.procedure_name)
            self.due_soon_list.addItem(item)
            if row.code == current:
                self.due_soon_list.setCurrentItem(item)
        self.warning_box.setTitle(f"Cần lập văn bản xin lỗi ({len(rows)})" if rows else "Cần lập văn bản xin lỗi")
        if not rows:
            empty = QListWidgetItem("Không có hồ sơ nào sắp đến hạn.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.due_soon_list.addItem(empty)
        self.apology_button.setEnabled(self.selected_code() is not None)

    def selected_code(self) -> str | None:
        item = self.due_soon_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _apology_clicked(self) -> None:
        code = self.selected_code()
        if code:
            self.sig_apology_requested.emit(code)

    def _count_clicked(self, key: str) -> None:
        today = self._today or date.today()
        filters = {
            "received": DossierFilter(received_from=today, received_to=today),
            "due": DossierFilter(due=DueFilter.TODAY),
            "overdue": DossierFilter(due=DueFilter.OVERDUE),
            "due_soon": DossierFilter(due=DueFilter.WITHIN, due_within_days=1),
            "awaiting_supplement": DossierFilter(status=DossierStatus.AWAITING_SUPPLEMENT.value),
            "awaiting_return": DossierFilter(status=DossierStatus.RESOLVED.value),
        }[key]
        self.sig_filter_requested.emit(filters)
