"""The supervisor's catalogue screen (ui/catalogue_dialog.ui): list, search, edit, retire, import and export.

Every change goes through the operations (gui/operations.py: the catalogue service on the one worker; a new
version for an edit, all-or-nothing for an import). Each change is announced on the operations' change notice
(`Changes.catalogue`): the main window reloads the procedures the intake form offers, the dossier list its filters.

    dialog = open_catalogue_dialog(parent, ops)
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QMessageBox, QWidget

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import COPY_KIND_LABELS, FieldOfWork, Procedure, matches_query
from counter_app.domain.catalogue_io import LEVEL_LABELS, TRIGGER_XLSX, CatalogueFileError
from counter_app.domain.fees import FeeSchedule
from counter_app.gui.forms.ui_catalogue_dialog import Ui_CatalogueDialog
from counter_app.gui.import_errors_dialog import ImportErrorsDialog
from counter_app.gui.operations import Operations
from counter_app.gui.procedure_dialog import ProcedureDialog
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.style import set_state
from counter_app.services.catalogue import (
    CatalogueEntry,
    CatalogueError,
    ImportSummary,
    ProcedureInvalid,
    SaveResult,
    VersionInfo,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
FILE_FILTER = "Danh mục thủ tục (*.xlsx *.json);;Bảng tính Excel (*.xlsx);;JSON (*.json)"
ALL_FIELDS = ""
GREY = QColor("#7a7f87")


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class CatalogueTableModel(QAbstractTableModel):
    COLUMNS = (
        "Mã thủ tục",
        "Tên thủ tục",
        "Lĩnh vực",
        "Thời hạn",
        "Trực tuyến",
        "Hiệu lực từ",
        "Hiệu lực đến",
        "Trạng thái",
        "Phiên bản",
    )
    CODE, NAME, FIELD, TIME, ONLINE, FROM, TO, STATUS, VERSION = range(9)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: list[CatalogueEntry] = []
        self._today = date.today()

    def set_entries(self, entries: list[CatalogueEntry], today: date) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._today = today
        self.endResetModel()

    def entry(self, row: int) -> CatalogueEntry:
        return self._entries[row]

    def entries(self) -> list[CatalogueEntry]:
        return list(self._entries)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def _value(self, entry: CatalogueEntry, column: int) -> tuple[str, Any]:
        """(text shown, sort key) of one cell."""
        p = entry.procedure
        t = p.processing_time
        if column == self.CODE:
            return p.code, p.code
        if column == self.NAME:
            return p.name, p.name
        if column == self.FIELD:
            return p.field_name or p.field_code, p.field_name or p.field_code
        if column == self.TIME:
            return t.describe(), (t.unit.value, t.duration)
        if column == self.ONLINE:
            return p.online_level, p.online_level
        if column == self.FROM:
            return _d(p.effective_from), p.effective_from.isoformat() if p.effective_from else ""
        if column == self.TO:
            return _d(p.effective_to), p.effective_to.isoformat() if p.effective_to else "9999"
        if column == self.STATUS:
            status = entry.status(self._today)
            return status, status
        text = str(entry.version) + (f" / {entry.version_count}" if entry.version_count > entry.version else "")
        return text, entry.version

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._value(entry, index.column())[0]
        if role == SORT_ROLE:
            return str(self._value(entry, index.column())[1])
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (self.NAME, self.FIELD, self.TIME):
            return self._value(entry, index.column())[0]
        if role == Qt.ItemDataRole.ForegroundRole and entry.status(self._today) != "Đang áp dụng":
            return GREY
        if role == Qt.ItemDataRole.FontRole and entry.retired:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class CatalogueFilter(QSortFilterProxyModel):
    """Search words without diacritics (domain.catalogue.matches_query), one field, retired shown or not."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._query = ""
        self._field = ALL_FIELDS
        self._show_retired = False
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() with begin/endFilterChange(); older Qt has only the former.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - PySide6 < 6.10
            change()
            self.invalidateRowsFilter()

    def set_query(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_query", text))

    def set_field(self, code: str) -> None:
        self._refilter(lambda: setattr(self, "_field", code or ALL_FIELDS))

    def set_show_retired(self, show: bool) -> None:
        self._refilter(lambda: setattr(self, "_show_retired", show))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CatalogueTableModel)
        entry = model.entry(source_row)
        if entry.retired and not self._show_retired:
            return False
        if self._field and entry.procedure.field_code != self._field:
            return False
        return not self._query.strip() or matches_query(entry.procedure, self._query)


# Initial widths (pixels) of the columns beside the name, which takes the rest; all can be dragged wider.
COLUMN_WIDTHS = {
    CatalogueTableModel.CODE: 130,
    CatalogueTableModel.FIELD: 150,
    CatalogueTableModel.TIME: 130,
    CatalogueTableModel.ONLINE: 85,
    CatalogueTableModel.FROM: 88,
    CatalogueTableModel.TO: 92,
    CatalogueTableModel.STATUS: 110,
    CatalogueTableModel.VERSION: 80,
}


def _detail_html(entry: CatalogueEntry, history: list[VersionInfo], today: date) -> str:
    p = entry.procedure
    e = html.escape
    t = p.processing_time
    cutoff = f"; nhận sau {t.cutoff:%H:%M} tính từ ngày làm việc tiếp theo" if t.cutoff else ""
    rows = [
        ("Mã thủ tục", e(p.code)),
        ("Lĩnh vực", e(f"{p.field_code} — {p.field_name}")),
        ("Cấp thực hiện", e(LEVEL_LABELS.get(p.level, p.level))),
        ("Thời hạn", e(f"{t.describe()}, tính từ khi {TRIGGER_XLSX[t.trigger]}{cutoff}")),
        ("Phí, lệ phí", e(p.fee or "—").replace("\n", "<br>")),
        ("Mức thu", "<br>".join(e(line) for line in FeeSchedule.describe(p.fees)) or "<i>(chưa nhập mức thu)</i>"),
        ("Mức độ trực tuyến", e(p.online_level)),
        ("Căn cứ pháp lý", e(p.legal_basis or "—").replace("\n", "<br>")),
        ("Nơi trả kết quả", e(p.result_place or "—")),
        ("Trạng thái", e(entry.status(today))),
    ]
    parts = [f"<h3 style='margin:0'>{e(p.name)}</h3><table cellspacing='2'>"]
    parts += [f"<tr><td style='color:#5a5f66;padding-right:12px'>{k}</td><td>{v}</td></tr>" for k, v in rows]
    parts.append("</table><p style='margin-bottom:2px'><b>Thành phần hồ sơ</b></p><ol style='margin-top:0'>")
    for d in p.documents:
        optional = "" if d.mandatory else " <i>(không bắt buộc)</i>"
        parts.append(f"<li>{e(d.name)} — {e(COPY_KIND_LABELS[d.copy_kind])}, {d.quantity} bản{optional}</li>")
    if not p.documents:
        parts.append("<li><i>(chưa có)</i></li>")
    parts.append("</ol>")
    if history:
        parts.append("<p style='margin-bottom:2px'><b>Các phiên bản</b></p><table cellspacing='2'>")
        for v in history:
            vp = v.procedure
            span = f"{_d(vp.effective_from) or '…'} – {_d(vp.effective_to) or '…'}"
            flag = " (đã bãi bỏ)" if v.retired else ""
            parts.append(
                f"<tr><td>Phiên bản {v.version}{flag}</td><td style='padding:0 12px'>{span}</td>"
                f"<td>{e(vp.processing_time.describe())}</td><td style='padding-left:12px'>{v.dossier_count} hồ sơ</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class CatalogueDialog(QDialog):
    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        agency_name: str = "",
        today: Callable[[], date] | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_CatalogueDialog()
        self.ui.setupUi(self)
        self.ops = ops
        self._agency_name = agency_name
        self._today = today or (lambda: datetime.now(OFFICE_TZ).date())
        self._fields: list[FieldOfWork] = []
        self._message: str | None = None
        self._message_state: str | None = None
        self.procedure_dialog: ProcedureDialog | None = None
        self.errors_dialog: ImportErrorsDialog | None = None
        # Hooks a test (or a kiosk set-up) can replace: questions and file choices.
        self.confirm: Callable[[str, str], bool] = self._ask
        self.choose_open_path: Callable[[], str] = self._ask_open_path
        self.choose_save_path: Callable[[], str] = self._ask_save_path

        self.model = CatalogueTableModel(self)
        self.proxy = CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        table = self.ui.procedureTable
        table.setModel(self.proxy)
        header = table.horizontalHeader()
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(CatalogueTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.sortByColumn(CatalogueTableModel.FIELD, Qt.SortOrder.AscendingOrder)
        self.ui.splitter.setSizes([420, 200])
        self._connect()
        self._update_buttons()
        self.reload()

    def set_agency_name(self, name: str) -> None:
        """The agency named in exported files (read from the settings when the screen opens)."""
        self._agency_name = name or ""

    def _connect(self) -> None:
        ui = self.ui
        ui.searchEdit.textChanged.connect(self._filter_changed)
        ui.fieldFilter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        ui.showRetired.toggled.connect(self._filter_changed)
        ui.procedureTable.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        ui.procedureTable.doubleClicked.connect(lambda _i: self.edit_selected())
        ui.newButton.clicked.connect(self.new_procedure)
        ui.editButton.clicked.connect(self.edit_selected)
        ui.retireButton.clicked.connect(self.retire_selected)
        ui.restoreButton.clicked.connect(self.restore_selected)
        ui.importButton.clicked.connect(self._import_clicked)
        ui.exportButton.clicked.connect(self._export_clicked)

    # --- loading and the list ------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        keep = select or (self.selected_entry().procedure.code if self.selected_entry() else None)
        self.ops.catalogue_entries().success(lambda result: self._loaded(*result, keep)).failure(self._failed).run(self)

    def _loaded(self, entries: list[CatalogueEntry], fields: list[FieldOfWork], select: str | None) -> None:
        self._fields = fields
        combo = self.ui.fieldFilter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Tất cả lĩnh vực", ALL_FIELDS)
        for f in fields:
            combo.addItem(f.name, f.code)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)
        self.proxy.set_field(combo.currentData())
        self.model.set_entries(entries, self._today())
        if select:
            self.select_code(select)
        self._update_status()
        self._selection_changed()

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_show_retired(self.ui.showRetired.isChecked())
        self.proxy.set_field(self.ui.fieldFilter.currentData() or ALL_FIELDS)
        self.proxy.set_query(self.ui.searchEdit.text())
        if self.selected_entry() is None and self.proxy.rowCount():
            self.ui.procedureTable.selectRow(0)
        self._update_status()
        self._selection_changed()

    def visible_codes(self) -> list[str]:
        """Codes of the rows shown, top to bottom."""
        return [
            self.proxy.data(self.proxy.index(row, 0), ENTRY_ROLE).procedure.code for row in range(self.proxy.rowCount())
        ]

    def select_code(self, code: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), ENTRY_ROLE).procedure.code == code:
                self.ui.procedureTable.selectRow(row)
                return True
        return False

    def selected_entry(self) -> CatalogueEntry | None:
        rows = self.ui.procedureTable.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(self.proxy.index(rows[0].row(), 0), ENTRY_ROLE)

    def _selection_changed(self) -> None:
        self._update_buttons()
        entry = self.selected_entry()
        if entry is None:
            self.ui.detailView.clear()
            return
        (
            self.ops.procedure_history(entry.procedure.code)
            .success(lambda history: self._show_detail(entry, history))
            .failure(lambda _e: self._show_detail(entry, []))
            .run(self)
        )

    def _show_detail(self, entry: CatalogueEntry, history: list[VersionInfo]) -> None:
        if self.selected_entry() != entry:
            return
        self.ui.detailView.setHtml(_detail_html(entry, history, self._today()))

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.ui.editButton.setEnabled(entry is not None and not entry.retired)
        self.ui.retireButton.setEnabled(entry is not None and not entry.retired)
        self.ui.restoreButton.setEnabled(entry is not None and entry.retired)

    def _update_status(self, message: str | None = None, state: str | None = None) -> None:
        """The counts line, after the last message (kept until another one replaces it)."""
        if message is not None:
            self._message, self._message_state = message, state
        message, state = self._message, self._message_state
        entries = self.model.entries()
        live = sum(1 for e in entries if not e.retired)
        retired = len(entries) - live
        showing_retired = self.ui.showRetired.isChecked()
        total = len(entries) if showing_retired else live
        text = f"Đang hiện {self.proxy.rowCount()} / {total} thủ tục"
        if retired:
            text += f" ({retired} thủ tục đã bãi bỏ{'' if showing_retired else ', đang ẩn'})"
        text += "."
        if message:
            text = f"{message}  ·  {text}"
        self.ui.statusLabel.setText(text)
        set_state(self.ui.statusLabel, "state", state)

    def _failed(self, error: object) -> None:
        self._update_status(f"Lỗi: {error}", "error")

    def _changed(self, message: str, select: str | None = None) -> None:
        self._update_status(message, "ok")
        self.reload(select)

    # --- editing ---------------------------------------------------------------------------------------

    def new_procedure(self) -> ProcedureDialog:
        return self._open_editor(None, None)

    def edit_selected(self) -> ProcedureDialog | None:
        entry = self.selected_entry()
        if entry is None or entry.retired:
            return None
        return self._open_editor(entry.procedure, entry.version)

    def _open_editor(self, procedure: Procedure | None, version: int | None) -> ProcedureDialog:
        dialog = ProcedureDialog(self._fields, procedure, today=self._today(), current_version=version, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_save_requested.connect(lambda p: self._save(dialog, p))
        self.procedure_dialog = dialog
        dialog.open()
        return dialog

    def _save(self, dialog: ProcedureDialog, procedure: Procedure) -> None:
        def saved(result: SaveResult) -> None:
            dialog.accept()
            if not result.created:
                self._update_status(f"Thủ tục {result.procedure.code} không thay đổi, không tạo phiên bản mới.")
                return
            p = result.procedure
            since = f", áp dụng từ {p.effective_from:%d/%m/%Y}" if p.effective_from else ""
            self._changed(f"Đã lưu phiên bản {result.version} của thủ tục {p.code}{since}.", p.code)

        def failed(error: object) -> None:
            if isinstance(error, ProcedureInvalid):
                dialog.show_problems([str(i) for i in error.issues])
            elif isinstance(error, CatalogueError):
                dialog.show_problems([str(error)])
            else:
                dialog.show_problems([f"Không lưu được: {error}"])

        self.ops.save_procedure(procedure, new=dialog.is_new).success(saved).failure(failed).run(self)

    def retire_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.retired:
            return
        p = entry.procedure
        if not self.confirm(
            "Bãi bỏ thủ tục",
            f"Bãi bỏ thủ tục {p.code} — {p.name}?\n\nThủ tục sẽ không còn trong danh sách tiếp nhận. Hồ sơ đã nhận "
            "và lịch sử các phiên bản vẫn được giữ; có thể khôi phục sau.",
        ):
            return
        (
            self.ops.retire_procedure(p.code)
            .success(lambda _n: self._changed(f"Đã bãi bỏ thủ tục {p.code}.", p.code))
            .failure(self._failed)
            .run(self)
        )

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.retired:
            return
        code = entry.procedure.code
        (
            self.ops.restore_procedure(code)
            .success(lambda _p: self._changed(f"Đã khôi phục thủ tục {code}.", code))
            .failure(self._failed)
            .run(self)
        )

    # --- files ---------------------------------------------------------------------------------------

    def _import_clicked(self) -> None:
        path = self.choose_open_path()
        if path:
            self.import_from(path)

    def _export_clicked(self) -> None:
        path = self.choose_save_path()
        if path:
            self.export_to(path)

    def import_from(self, path: str | Path) -> None:
        """Check the file (a dry run), say what would change, and import it when the supervisor agrees."""
        path = Path(path)

        def checked(summary: ImportSummary) -> None:
            if not summary.changed:
                self._update_status(f"Tệp {path.name}: {len(summary.unchanged)} thủ tục, không có gì thay đổi.")
                return
            text = summary.describe().replace("Kiểm tra (chưa nhập): ", "")
            if not self.confirm("Nhập danh mục", f"Tệp {path.name}: {text}\n\nNhập các thay đổi này?"):
                self._update_status("Đã hủy nhập danh mục.")
                return
            (
                self.ops.import_catalogue(path, dry_run=False)
                .success(lambda done: self._changed(f"{done.describe()} (tệp {path.name})"))
                .failure(lambda error: self._import_failed(path, error))
                .run(self)
            )

        (
            self.ops.import_catalogue(path, dry_run=True)
            .success(checked)
            .failure(lambda error: self._import_failed(path, error))
            .run(self)
        )

    def _import_failed(self, path: Path, error: object) -> None:
        problems = [str(i) for i in error.issues] if isinstance(error, CatalogueFileError) else [str(error)]
        dialog = ImportErrorsDialog(self)
        hint = (
            "Dòng và cột tính như trong Excel (dòng 1 thường là dòng tiêu đề). "
            if path.suffix.lower() == ".xlsx"
            else ""
        ) + "Sửa tệp rồi nhập lại; danh mục chưa bị thay đổi gì."
        dialog.set_errors(path.name, problems, title="Không nhập được danh mục", hint=hint)
        self.errors_dialog = dialog
        self._update_status(f"Không nhập được tệp {path.name}: {len(problems)} lỗi, chưa nhập gì.", "error")
        dialog.open()

    def export_to(self, path: str | Path) -> None:
        path = Path(path)
        if path.suffix.lower() not in (".xlsx", ".json"):
            path = path.with_suffix(".xlsx")
        (
            self.ops.export_catalogue(path, self._agency_name)
            .success(lambda count: self._update_status(f"Đã xuất {count} thủ tục ra {path}.", "ok"))
            .failure(self._failed)
            .run(self)
        )

    # --- questions -----------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_open_path(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(self, "Nhập danh mục thủ tục", "", FILE_FILTER)
        return path

    def _ask_save_path(self) -> str:
        stamp = datetime.now(OFFICE_TZ).strftime("%Y%m%d")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Xuất danh mục thủ tục", f"danh-muc-thu-tuc-{stamp}.xlsx", FILE_FILTER
        )
        return path


def open_catalogue_dialog(parent: QWidget | None, ops: Operations) -> CatalogueDialog:
    """Open the catalogue screen (non-modal, deleted when closed); the agency's name for exports is read first."""
    dialog = CatalogueDialog(ops, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_to_screen(dialog, dialog.width(), dialog.height())
    ops.setting("agency.name").success(dialog.set_agency_name).failure(lambda _e: None).run(dialog)
    dialog.show()
    return dialog


__all__ = ["CatalogueDialog", "open_catalogue_dialog"]
