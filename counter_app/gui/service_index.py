"""The supervisor's panel of the service index (Decision 766/QĐ-TTg): four figures per field and in total, for a
period, each with the dossiers behind it one click away.

The table has one row per field (and "Tổng cộng" first) and one column per figure ("85,7 % (6/7)", or "chưa có
dữ liệu"); clicking a figure (or Enter on it) lists the dossiers it is a share of, those counted first. The
definitions and their sources are under the table (docs/REPORTS.md says the same). Reads through the operations
(services/service_index.py on the one worker).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.reports import PeriodError, ReportPeriod, custom_period
from counter_app.domain.satisfaction import LEVELS
from counter_app.domain.service_index import DEFINITIONS, INDICATORS, SOURCE, IndexRow, ServiceIndex
from counter_app.gui.dashboard import PRESETS
from counter_app.gui.operations import Operations
from counter_app.gui.screen import fit_to_screen

KEYS = tuple(INDICATORS)
# Short column headings (the full name is the heading's tooltip and the list's title).
SHORT = {
    "on_time": "Giải quyết đúng hạn",
    "multi_supplement": "Bổ sung quá 1 lần\n(tính là quá hạn)",
    "digitised": "Được số hóa",
    "satisfied": "Hài lòng",
}
LIST_HEADERS = ("Được tính", "Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Nhận lúc", "Hẹn trả", "Số lần bổ sung")


class ServiceIndexDialog(QDialog):
    """Non-modal window of the index (open it with open_service_index)."""

    sig_loaded = Signal(object)  # ServiceIndex, once shown
    sig_listed = Signal(str, str)  # (field key, indicator key) whose dossiers are listed

    def __init__(self, ops: Operations, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self._ops = ops
        self._today = today
        self.index: ServiceIndex | None = None
        self.listed: tuple[str, str] | None = None
        self.setObjectName("serviceIndex")
        self.setWindowTitle("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        period_label = QLabel("&Kỳ:", self)
        bar.addWidget(period_label)
        self.period_box = QComboBox(self)
        for label, _ in PRESETS:
            self.period_box.addItem(label)
        period_label.setBuddy(self.period_box)
        bar.addWidget(self.period_box)
        self.from_edit, self.to_edit = QDateEdit(self), QDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        bar.addWidget(QLabel("từ", self))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel("đến", self))
        bar.addWidget(self.to_edit)
        self.refresh_button = QPushButton("Làm mới (F5)", self)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.heading = QLabel("Đang tính…", self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, len(KEYS) + 2, splitter)
        self.table.setObjectName("indexTable")
        self.table.setHorizontalHeaderLabels(["Lĩnh vực", *(SHORT[k] for k in KEYS), "Số đánh giá\ntheo mức 1…5"])
        for column, key in enumerate(KEYS, start=1):
            heading = self.table.horizontalHeaderItem(column)
            if heading is not None:
                heading.setToolTip(f"{INDICATORS[key]}: {DEFINITIONS[key]}")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(KEYS) + 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.cellClicked.connect(self._cell_chosen)
        self.table.cellActivated.connect(self._cell_chosen)
        bottom = QWidget(splitter)
        below = QVBoxLayout(bottom)
        below.setContentsMargins(0, 0, 0, 0)
        self.list_title = QLabel("Bấm vào một số liệu để xem các hồ sơ của số liệu đó.", bottom)
        self.list_title.setWordWrap(True)
        below.addWidget(self.list_title)
        self.list = QTableWidget(0, len(LIST_HEADERS), bottom)
        self.list.setObjectName("indexDossiers")
        self.list.setHorizontalHeaderLabels(LIST_HEADERS)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        below.addWidget(self.list)
        layout.addWidget(splitter, 1)
        definitions = "<br>".join(f"<b>{INDICATORS[k]}</b>: {text}" for k, text in DEFINITIONS.items())
        self.notes = QLabel(f"Theo {SOURCE}.<br>{definitions}", self)
        self.notes.setWordWrap(True)
        self.notes.setProperty("role", "hint")
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notes)

        self.period_box.currentIndexChanged.connect(self._preset_changed)
        self.from_edit.dateChanged.connect(lambda _d: self._custom_changed())
        self.to_edit.dateChanged.connect(lambda _d: self._custom_changed())
        self.refresh_button.clicked.connect(self.load)
        QShortcut(QKeySequence("F5"), self, self.load)
        fit_to_screen(self, 1200, 760)
        self._suspend = True
        self._preset_changed(0)
        self._suspend = False
        self.load()

    # --- the period ------------------------------------------------------------------------------------------

    def today(self) -> date:
        return self._today if self._today is not None else self._ops.now().date()

    def period(self) -> ReportPeriod:
        _, make = PRESETS[self.period_box.currentIndex()]
        if make is not None:
            return make(self.today())
        first, last = self.from_edit.date(), self.to_edit.date()
        return custom_period(
            date(first.year(), first.month(), first.day()), date(last.year(), last.month(), last.day())
        )

    def set_period(self, period: ReportPeriod) -> None:
        self._suspend = True
        self.period_box.setCurrentIndex(len(PRESETS) - 1)
        self.from_edit.setDate(QDate(period.start.year, period.start.month, period.start.day))
        self.to_edit.setDate(QDate(period.end.year, period.end.month, period.end.day))
        self._suspend = False
        self.load()

    def _preset_changed(self, index: int) -> None:
        _, make = PRESETS[index]
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(make is None)
        if make is not None:
            period = make(self.today())
            was, self._suspend = self._suspend, True
            self.from_edit.setDate(QDate(period.start.year, period.start.month, period.start.day))
            self.to_edit.setDate(QDate(period.end.year, period.end.month, period.end.day))
            self._suspend = was
        if not self._suspend:
            self.load()

    def _custom_changed(self) -> None:
        if not self._suspend and PRESETS[self.period_box.currentIndex()][1] is None:
            self.load()

    # --- the figures -------------------------------------------------------------------------------------------

    def load(self) -> None:
        try:
            period = self.period()
        except PeriodError as error:
            self.heading.setText(str(error))
            return
        self.heading.setText("Đang tính…")
        self._ops.service_index(period).success(self._loaded).failure(self._failed).run(self)

    def _failed(self, error: object) -> None:
        self.heading.setText(f"Không tính được chỉ số: {error}")

    def rows(self) -> list[IndexRow]:
        return [] if self.index is None else [self.index.total, *self.index.rows]

    def _loaded(self, index: ServiceIndex) -> None:
        self.index = index
        line = index.period_line()
        self.heading.setText(
            f"<b>{line}</b>" if line.startswith(index.period.label) else f"<b>{index.period.label}</b> — {line}"
        )
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.label)
            if not row.key:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            self.table.setItem(r, 0, name)
            for c, key in enumerate(KEYS, start=1):
                item = QTableWidgetItem(row[key].text())
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip("Bấm để xem các hồ sơ của số liệu này")
                self.table.setItem(r, c, item)
            levels = " · ".join(f"{level.number}: {len(row.levels.get(level.number, ()))}" for level in LEVELS)
            self.table.setItem(r, len(KEYS) + 1, QTableWidgetItem(levels))
        self.table.resizeRowsToContents()
        self.list.setRowCount(0)
        self.listed = None
        self.list_title.setText("Bấm vào một số liệu để xem các hồ sơ của số liệu đó.")
        self.sig_loaded.emit(index)

    def figure(self, field_key: str, key: str) -> str:
        """The text shown for `key` of field `field_key` ("" = the total)."""
        r = next(i for i, row in enumerate(self.rows()) if row.key == field_key)
        item = self.table.item(r, KEYS.index(key) + 1)
        return item.text() if item is not None else ""

    def _cell_chosen(self, r: int, c: int) -> None:
        rows = self.rows()
        if not 1 <= c <= len(KEYS) or r >= len(rows):
            return
        self.show_dossiers(rows[r].key, KEYS[c - 1])

    def show_dossiers(self, field_key: str, key: str) -> None:
        """List the dossiers behind figure `key` of field `field_key` (those counted first)."""
        row = next(r for r in self.rows() if r.key == field_key)
        indicator = row[key]
        self.listed = (field_key, key)
        if not indicator.known:
            self.list.setRowCount(0)
            self.list_title.setText(f"{indicator.label} — {row.label}: chưa có dữ liệu để tính.")
            self.sig_listed.emit(field_key, key)
            return
        self.list_title.setText(
            f"{indicator.label} — {row.label}: {indicator.text()}. Đang đọc {len(indicator.denominator)} hồ sơ…"
        )
        counted = set(indicator.numerator)
        (
            self._ops.index_dossiers(indicator.denominator)
            .success(lambda items: self._listed(row, key, counted, items))
            .failure(self._failed)
            .run(self)
        )

    def _listed(self, row: IndexRow, key: str, counted: set[str], items: list) -> None:
        indicator = row[key]
        items = sorted(items, key=lambda i: (i.code not in counted, i.code))
        self.list.setRowCount(len(items))
        for r, item in enumerate(items):
            values = (
                "Có" if item.code in counted else "Không",
                item.code,
                item.applicant_name,
                item.procedure_name,
                item.status_label,
                f"{item.received_at:%d/%m/%Y %H:%M}",
                f"{item.due_at:%d/%m/%Y %H:%M}",
                str(item.supplement_rounds),
            )
            for c, value in enumerate(values):
                self.list.setItem(r, c, QTableWidgetItem(value))
        self.list.resizeColumnsToContents()
        self.list_title.setText(
            f"{indicator.label} — {row.label}: {indicator.text()}; {len(counted)} hồ sơ được tính trong "
            f"{len(items)} hồ sơ."
        )
        self.sig_listed.emit(row.key, key)

    def listed_codes(self) -> list[tuple[str, str]]:
        """(Được tính, code) of the list shown."""
        out = []
        for r in range(self.list.rowCount()):
            mark, code = self.list.item(r, 0), self.list.item(r, 1)
            out.append((mark.text() if mark else "", code.text() if code else ""))
        return out


def open_service_index(parent: QWidget | None, ops: Operations) -> ServiceIndexDialog:
    dialog = ServiceIndexDialog(ops, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    return dialog


__all__ = ["ServiceIndexDialog", "open_service_index"]
