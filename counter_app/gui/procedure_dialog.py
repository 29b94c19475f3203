"""Editing one procedure of the catalogue (ui/procedure_dialog.ui); saving makes a new version through the service.

The dialog only gathers what the supervisor typed into a Procedure and shows the problems the service reports;
the catalogue dialog does the saving (sig_save_requested) and closes it when the save went through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from counter_app.domain.catalogue import (
    CopyKind,
    DocumentRequirement,
    DurationUnit,
    FieldOfWork,
    Procedure,
    ProcessingTime,
    StartTrigger,
)
from counter_app.domain.catalogue_io import (
    COPY_KIND_XLSX,
    LEVEL_LABELS,
    ONLINE_LEVELS,
    TRIGGER_XLSX,
    UNIT_XLSX,
    content_key,
)
from counter_app.domain.fees import FeeSchedule
from counter_app.gui.forms.ui_procedure_dialog import Ui_ProcedureDialog
from counter_app.gui.style import set_state

NAME_COLUMN, KIND_COLUMN, QUANTITY_COLUMN, MANDATORY_COLUMN = range(4)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _fill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index < 0 and isinstance(value, str):
        combo.addItem(value, value)  # a value the lists do not know (an older import): keep it
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


class ProcedureDialog(QDialog):
    """`procedure=None` adds a new procedure; otherwise edits `procedure` (its code cannot change)."""

    sig_save_requested = Signal(object)  # Procedure

    def __init__(
        self,
        fields: Sequence[FieldOfWork],
        procedure: Procedure | None,
        *,
        today: date,
        current_version: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_ProcedureDialog()
        self.ui.setupUi(self)
        self._original = procedure
        self._today = today
        ui = self.ui
        _fill(ui.fieldCombo, [(f"{f.code} — {f.name}", f.code) for f in fields])
        _fill(ui.levelCombo, [(label, code) for code, label in LEVEL_LABELS.items()])
        _fill(ui.unitCombo, [(label, unit) for unit, label in UNIT_XLSX.items()])
        _fill(ui.triggerCombo, [(label, trigger) for trigger, label in TRIGGER_XLSX.items()])
        _fill(ui.onlineCombo, [(level, level) for level in ONLINE_LEVELS])
        save = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Lưu phiên bản mới" if procedure else "Lưu thủ tục")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        header = ui.documentsTable.horizontalHeader()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in (KIND_COLUMN, QUANTITY_COLUMN, MANDATORY_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        ui.buttonBox.accepted.connect(self._save_clicked)
        ui.addDocumentButton.clicked.connect(lambda: self.add_document())
        ui.removeDocumentButton.clicked.connect(self.remove_document)
        ui.upButton.clicked.connect(lambda: self.move_document(-1))
        ui.downButton.clicked.connect(lambda: self.move_document(+1))
        ui.effectiveToCheck.toggled.connect(lambda _on: self.show_problems([]))

        if procedure is None:
            self.setWindowTitle("Thêm thủ tục")
            ui.versionInfo.setText(
                "Thủ tục mới được lưu thành phiên bản 1. Mã thủ tục là mã TTHC trên Cổng Dịch vụ công quốc gia."
            )
            ui.effectiveFromDate.setDate(_qdate(today))
            ui.effectiveToDate.setDate(_qdate(today))
            ui.resultPlaceEdit.setText("Bộ phận Một cửa")
            ui.codeEdit.setFocus()
        else:
            self.setWindowTitle(f"Sửa thủ tục {procedure.code}")
            self._load(procedure, current_version)
            ui.nameEdit.setFocus()

    @property
    def is_new(self) -> bool:
        return self._original is None

    # --- loading ---------------------------------------------------------------------------------------

    def _load(self, p: Procedure, version: int | None) -> None:
        ui = self.ui
        ui.codeEdit.setText(p.code)
        ui.codeEdit.setReadOnly(True)
        ui.nameEdit.setPlainText(p.name)
        _select(ui.fieldCombo, p.field_code)
        _select(ui.levelCombo, p.level)
        ui.durationSpin.setValue(p.processing_time.duration)
        _select(ui.unitCombo, p.processing_time.unit)
        _select(ui.triggerCombo, p.processing_time.trigger)
        ui.cutoffCheck.setChecked(p.processing_time.cutoff is not None)
        if p.processing_time.cutoff is not None:
            ui.cutoffTime.setTime(QTime(p.processing_time.cutoff.hour, p.processing_time.cutoff.minute))
        ui.feeEdit.setPlainText(p.fee)
        _select(ui.onlineCombo, p.online_level)
        ui.legalEdit.setPlainText(p.legal_basis)
        ui.resultPlaceEdit.setText(p.result_place)
        # A new version starts today by default (never before the current one did).
        start = max(self._today, p.effective_from) if p.effective_from else self._today
        ui.effectiveFromDate.setDate(_qdate(start))
        ui.effectiveToCheck.setChecked(p.effective_to is not None)
        ui.effectiveToDate.setDate(_qdate(p.effective_to or start))
        for document in p.documents:
            self.add_document(document)
        since = f", áp dụng từ {p.effective_from:%d/%m/%Y}" if p.effective_from else ""
        until = f" đến {p.effective_to:%d/%m/%Y}" if p.effective_to else ""
        number = version or 1
        ui.versionInfo.setText(
            f"Phiên bản hiện hành: {number}{since}{until}. Lưu thay đổi sẽ tạo phiên bản {number + 1}, áp dụng từ "
            f"ngày chọn ở mục «Áp dụng từ ngày»; phiên bản {number} kết thúc vào ngày trước đó. "
            "Hồ sơ đã tiếp nhận vẫn giữ phiên bản cũ."
        )

    # --- documents -------------------------------------------------------------------------------------

    def add_document(self, document: DocumentRequirement | None = None) -> int:
        table = self.ui.documentsTable
        row = table.rowCount()
        table.insertRow(row)
        self._set_document_row(row, document or DocumentRequirement(""))
        if document is None:
            table.setCurrentCell(row, NAME_COLUMN)
            table.editItem(table.item(row, NAME_COLUMN))
        return row

    def _set_document_row(self, row: int, document: DocumentRequirement) -> None:
        table = self.ui.documentsTable
        table.setItem(row, NAME_COLUMN, QTableWidgetItem(document.name))
        kind = QComboBox()
        _fill(kind, [(label, k) for k, label in COPY_KIND_XLSX.items()])
        _select(kind, document.copy_kind)
        table.setCellWidget(row, KIND_COLUMN, kind)
        quantity = QSpinBox()
        quantity.setRange(1, 99)
        quantity.setValue(max(1, document.quantity))
        table.setCellWidget(row, QUANTITY_COLUMN, quantity)
        mandatory = QTableWidgetItem("bắt buộc")
        mandatory.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        mandatory.setCheckState(Qt.CheckState.Checked if document.mandatory else Qt.CheckState.Unchecked)
        table.setItem(row, MANDATORY_COLUMN, mandatory)

    def _document_at(self, row: int) -> DocumentRequirement:
        table = self.ui.documentsTable
        name_item = table.item(row, NAME_COLUMN)
        kind = table.cellWidget(row, KIND_COLUMN)
        quantity = table.cellWidget(row, QUANTITY_COLUMN)
        mandatory = table.item(row, MANDATORY_COLUMN)
        return DocumentRequirement(
            name_item.text() if name_item else "",
            CopyKind(kind.currentData()) if isinstance(kind, QComboBox) else CopyKind.ORIGINAL,
            quantity.value() if isinstance(quantity, QSpinBox) else 1,
            mandatory is not None and mandatory.checkState() == Qt.CheckState.Checked,
        )

    def documents(self) -> list[DocumentRequirement]:
        """The documents as listed; rows left without a name are dropped."""
        docs = [self._document_at(row) for row in range(self.ui.documentsTable.rowCount())]
        return [d for d in docs if d.name.strip()]

    def remove_document(self) -> None:
        row = self.ui.documentsTable.currentRow()
        if row >= 0:
            self.ui.documentsTable.removeRow(row)

    def move_document(self, step: int) -> None:
        table = self.ui.documentsTable
        row = table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < table.rowCount():
            return
        here, there = self._document_at(row), self._document_at(target)
        self._set_document_row(row, there)
        self._set_document_row(target, here)
        table.setCurrentCell(target, NAME_COLUMN)

    # --- the result ------------------------------------------------------------------------------------

    def procedure(self) -> Procedure:
        """What the form says now, as a Procedure (not yet checked: the service does that)."""
        ui = self.ui
        cutoff_value = ui.cutoffTime.time()
        cutoff = time(cutoff_value.hour(), cutoff_value.minute()) if ui.cutoffCheck.isChecked() else None
        return Procedure(
            code=ui.codeEdit.text(),
            name=ui.nameEdit.toPlainText(),
            field_code=ui.fieldCombo.currentData() or "",
            field_name="",
            processing_time=ProcessingTime(
                ui.durationSpin.value(),
                DurationUnit(ui.unitCombo.currentData()),
                StartTrigger(ui.triggerCombo.currentData()),
                cutoff,
            ),
            documents=tuple(self.documents()),
            level=ui.levelCombo.currentData() or "provincial",
            fee=ui.feeEdit.toPlainText(),
            online_level=ui.onlineCombo.currentData() or "một phần",
            legal_basis=ui.legalEdit.toPlainText(),
            result_place=ui.resultPlaceEdit.text(),
            effective_from=_pydate(ui.effectiveFromDate.date()),
            effective_to=_pydate(ui.effectiveToDate.date()) if ui.effectiveToCheck.isChecked() else None,
            # The fee schedule is edited through the catalogue file (XLSX sheet "Phí, lệ phí"); a new version made
            # here keeps the one it comes from.
            fees=self._original.fees if self._original is not None else FeeSchedule(),
        )

    def is_unchanged(self) -> bool:
        """Editing: nothing but the start date of the would-be new version differs from the current version."""
        if self._original is None:
            return False
        edited = self.procedure()
        original = self._original
        return content_key(edited) == content_key(original) and edited.effective_to == original.effective_to

    def show_problems(self, problems: Sequence[str]) -> None:
        self.ui.errorLabel.setText("\n".join(problems))
        set_state(self.ui.errorLabel, "state", "error" if problems else None)

    def _save_clicked(self) -> None:
        if self.is_unchanged():
            self.show_problems(["Chưa có thay đổi nào so với phiên bản hiện hành, không cần lưu."])
            return
        self.show_problems([])
        self.sig_save_requested.emit(self.procedure())
