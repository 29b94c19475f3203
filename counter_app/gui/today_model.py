"""Table model of today's dossiers (DossierService.received_on): personal data arrives already masked."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from counter_app.services.dossiers import DossierSummary

COLUMNS: tuple[tuple[str, str], ...] = (
    ("index", "STT"),
    ("code", "Mã hồ sơ"),
    ("applicant", "Người nộp"),
    ("id_number", "Số CCCD"),
    ("phone", "Điện thoại"),
    ("procedure", "Thủ tục"),
    ("channel", "Hình thức"),
    ("received", "Nhận lúc"),
    ("due", "Hẹn trả"),
    ("status", "Trạng thái"),
)
COLUMN_KEYS = [key for key, _ in COLUMNS]
CODE_COLUMN = COLUMN_KEYS.index("code")

Index = QModelIndex | QPersistentModelIndex


def _cell(row: DossierSummary, number: int, key: str) -> str:
    match key:
        case "index":
            return str(number)
        case "code":
            return row.code
        case "applicant":
            return row.applicant_name
        case "id_number":
            return row.id_number_masked
        case "phone":
            return row.phone_masked
        case "procedure":
            return row.procedure_name
        case "channel":
            return row.channel_label
        case "received":
            return f"{row.received_at:%H:%M}"
        case "due":
            return f"{row.due_at:%H:%M %d/%m/%Y}"
        case "status":
            return row.status_label
    return ""


class TodayModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DossierSummary] = []

    def set_rows(self, rows: list[DossierSummary]) -> None:
        # Newest first: the dossier just saved is the top line, where the officer looks for it.
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (r.received_at, r.code), reverse=True)
        self.endResetModel()

    def summary(self, row: int) -> DossierSummary:
        return self._rows[row]

    def codes(self) -> list[str]:
        return [r.code for r in self._rows]

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            # STT counts up from the first dossier of the day although the newest is shown first.
            return _cell(row, len(self._rows) - index.row(), key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("procedure", "applicant"):
            return f"{row.procedure_code}\n{row.procedure_name}" if key == "procedure" else row.applicant_name
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("index", "received", "due"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None
