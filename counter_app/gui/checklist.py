"""The procedure's document checklist (thành phần hồ sơ): what the officer has actually received.

Rows start UNTICKED. Pre-ticking every mandatory document would save a keystroke or two, but the receipt
is the agency's written acknowledgement that each listed paper was handed in: a pre-ticked list can be
saved without anyone looking at the papers, and a missing document then surfaces weeks later as the
agency's fault. So the officer ticks what is on the desk: Space toggles the current row, Ctrl+A ticks
all (one key for a complete dossier), + / − change the number of copies. Saving with a mandatory row
unticked is refused by the intake service, naming the missing papers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from counter_app.domain.catalogue import COPY_KIND_LABELS, DocumentRequirement, Procedure
from counter_app.services.intake import DocumentInput

COL_CHECK, COL_NAME, COL_KIND, COL_QUANTITY = range(4)
REQUIREMENT_ROLE = Qt.ItemDataRole.UserRole + 1
MANDATORY_MARK = " (*)"
MAX_QUANTITY = 99


class DocumentChecklist(QObject):
    sig_changed = Signal()

    def __init__(self, table: QTableWidget, parent: QObject | None = None):
        super().__init__(parent)
        self._table = table
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_QUANTITY, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.itemChanged.connect(lambda _item: self.sig_changed.emit())
        table.installEventFilter(self)

    # --- content -------------------------------------------------------------------------------------

    def fill(self, procedure: Procedure | None) -> None:
        table = self._table
        table.blockSignals(True)
        try:
            table.clearContents()
            documents = procedure.documents if procedure else ()
            table.setRowCount(len(documents))
            for row, requirement in enumerate(documents):
                self._fill_row(row, requirement)
        finally:
            table.blockSignals(False)
        if table.rowCount():
            table.setCurrentCell(0, COL_CHECK)
        self.sig_changed.emit()

    def _fill_row(self, row: int, requirement: DocumentRequirement) -> None:
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        check.setCheckState(Qt.CheckState.Unchecked)
        check.setData(REQUIREMENT_ROLE, requirement)
        name = QTableWidgetItem(requirement.name + (MANDATORY_MARK if requirement.mandatory else ""))
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        name.setToolTip(requirement.name + ("\nGiấy tờ bắt buộc" if requirement.mandatory else "\nKhông bắt buộc"))
        if requirement.mandatory:
            font = QFont(self._table.font())
            font.setBold(True)
            name.setFont(font)
        kind = QTableWidgetItem(COPY_KIND_LABELS.get(requirement.copy_kind, str(requirement.copy_kind)))
        kind.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        quantity = QTableWidgetItem()
        quantity.setData(Qt.ItemDataRole.EditRole, requirement.quantity)
        quantity.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        quantity.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
        for column, item in ((COL_CHECK, check), (COL_NAME, name), (COL_KIND, kind), (COL_QUANTITY, quantity)):
            self._table.setItem(row, column, item)

    def requirement(self, row: int) -> DocumentRequirement:
        return self._table.item(row, COL_CHECK).data(REQUIREMENT_ROLE)

    def is_ticked(self, row: int) -> bool:
        return self._table.item(row, COL_CHECK).checkState() == Qt.CheckState.Checked

    def quantity(self, row: int) -> int:
        return int(self._table.item(row, COL_QUANTITY).data(Qt.ItemDataRole.EditRole) or 1)

    @property
    def row_count(self) -> int:
        return self._table.rowCount()

    def received(self) -> tuple[DocumentInput, ...]:
        """The ticked rows, as the intake service takes them."""
        return tuple(
            DocumentInput(self.requirement(row).name, self.requirement(row).copy_kind, self.quantity(row))
            for row in range(self.row_count)
            if self.is_ticked(row)
        )

    # --- keyboard ------------------------------------------------------------------------------------

    def missing_mandatory(self) -> tuple[str, ...]:
        """Checklist numbers (1-based, as on the form) of the mandatory papers not ticked."""
        return tuple(
            str(row + 1) for row in range(self.row_count) if self.requirement(row).mandatory and not self.is_ticked(row)
        )

    def set_ticked(self, row: int, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self._table.item(row, COL_CHECK).setCheckState(state)

    def toggle_current(self) -> None:
        row = self._table.currentRow()
        if 0 <= row < self.row_count:
            self.set_ticked(row, not self.is_ticked(row))

    def tick_all(self) -> None:
        # Ctrl+A on a fully ticked list clears it: the same key undoes a slip.
        everything = all(self.is_ticked(row) for row in range(self.row_count))
        for row in range(self.row_count):
            self.set_ticked(row, not everything)

    def adjust_quantity(self, delta: int) -> None:
        row = self._table.currentRow()
        if 0 <= row < self.row_count:
            value = min(MAX_QUANTITY, max(1, self.quantity(row) + delta))
            self._table.item(row, COL_QUANTITY).setData(Qt.ItemDataRole.EditRole, value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is not self._table
            or event.type() != QEvent.Type.KeyPress
            or self._table.state() == QTableWidget.State.EditingState
        ):
            return False
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_Space and modifiers == Qt.KeyboardModifier.NoModifier:
            self.toggle_current()
            return True
        if key == Qt.Key.Key_A and modifiers == Qt.KeyboardModifier.ControlModifier:
            self.tick_all()
            return True
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.adjust_quantity(+1)
            return True
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.adjust_quantity(-1)
            return True
        return False
