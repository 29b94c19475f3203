"""The dossier window's "Tệp đính kèm": scans of its papers and the result's file (issue 13, item 5).

"Đính kèm tệp…" (Alt+M) picks a PDF/JPEG/PNG and asks which paper it is of (or, once there is a result, whether it
is the result's file); "Lấy tệp mới từ máy quét" (Alt+Q) takes the newest file a document scanner wrote into
the folder of settings `files.scan_folder`; "Mở tệp" (Alt+P, or Enter on a line) checks the file against its hash
before handing it to the PC's viewer — a damaged file is said, never shown as the paper.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.files import FileRole, human_size
from counter_app.gui.flow import FlowLayout
from counter_app.gui.screen import wrap_items
from counter_app.services.dossiers import AttachedFile, DossierDetail

GENERAL_SCAN = "Bản quét (không gắn với giấy tờ nào)"
RESULT_FILE = "Tệp kết quả giải quyết (kết quả điện tử)"
FILE_FILTER = "Tệp quét (*.pdf *.jpg *.jpeg *.png);;Mọi tệp (*)"


def file_line(f: AttachedFile) -> str:
    paper = f" — {f.document}" if f.document else ""
    return f"{f.role_label}{paper}: {f.filename} ({human_size(f.size)}), {f.attached_at:%d/%m/%Y %H:%M}"


class AttachedFilesBox(QGroupBox):
    """The files of the shown dossier. Asks the window (signals) to attach or open; never calls a service."""

    sig_attach = Signal(object, str, object)  # path, role, document name or None
    sig_open = Signal(str)  # sha256
    sig_take_scan = Signal()  # the newest file in the scanner's folder, then asks what it is

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Tệp đính kèm", parent)
        self.setObjectName("attachedFiles")
        self.detail: DossierDetail | None = None
        self.files: list[AttachedFile] = []
        self.list = QListWidget(self)
        self.list.setObjectName("filesList")
        wrap_items(self.list)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.attach_button = QPushButton("Đính kè&m tệp…", self)
        self.attach_button.setObjectName("attachFile")
        self.attach_button.setToolTip("Chọn tệp PDF, JPEG hoặc PNG (bản quét giấy tờ, hoặc tệp kết quả).")
        self.attach_button.clicked.connect(self.choose_file)
        self.scan_button = QPushButton("Lấy tệp mới từ máy &quét", self)
        self.scan_button.setObjectName("takeScan")
        self.scan_button.setToolTip("Đính kèm tệp mới nhất trong thư mục máy quét (thiết lập files.scan_folder).")
        self.scan_button.clicked.connect(self.sig_take_scan)
        self.open_button = QPushButton("Mở tệ&p", self)
        self.open_button.setObjectName("openFile")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        for button in (self.attach_button, self.scan_button, self.open_button):
            button.setAutoDefault(False)
        self.list.currentRowChanged.connect(lambda row: self.open_button.setEnabled(0 <= row < len(self.files)))
        buttons = FlowLayout()  # onto a second line in a narrow window (1366×768 at 150 %), never cut
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.scan_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_detail(self, detail: DossierDetail) -> None:
        self.detail = detail
        self.files = list(detail.files)
        self.list.clear()
        for f in self.files:
            item = QListWidgetItem(file_line(f), self.list)
            item.setData(Qt.ItemDataRole.UserRole, f.sha256)
            item.setToolTip(f"SHA-256 {f.sha256}\nCán bộ: {f.officer}")
        flags = []
        if detail.scans:
            flags.append("đã số hoá")
        if detail.e_result:
            flags.append("có kết quả điện tử")
        self.setTitle("Tệp đính kèm" + (f" ({', '.join(flags)})" if flags else ""))
        if self.files:
            self.list.setCurrentRow(len(self.files) - 1)

    @property
    def current(self) -> AttachedFile | None:
        row = self.list.currentRow()
        return self.files[row] if 0 <= row < len(self.files) else None

    def open_current(self) -> None:
        if self.current is not None:
            self.sig_open.emit(self.current.sha256)

    # --- what a file is ------------------------------------------------------------------------------------

    def choices(self) -> list[str]:
        """What a new file may be: a scan of each received paper, a general scan, the result once there is one."""
        if self.detail is None:
            return []
        papers = [f"Bản quét: {d['name']}" for d in self.detail.documents]
        result = [RESULT_FILE] if self.detail.status in (DossierStatus.RESOLVED, DossierStatus.RETURNED) else []
        return result + papers + [GENERAL_SCAN] if result else papers + [GENERAL_SCAN]

    def meaning(self, choice: str) -> tuple[str, str | None]:
        """(role, document) of a choice from `choices`."""
        if choice == RESULT_FILE:
            return FileRole.RESULT.value, None
        if choice.startswith("Bản quét: "):
            return FileRole.COMPONENT.value, choice.removeprefix("Bản quét: ")
        return FileRole.COMPONENT.value, None

    def ask_meaning(self, path: Path) -> tuple[str, str | None] | None:
        options = self.choices()
        choice, ok = QInputDialog.getItem(self, "Đính kèm tệp", f"Tệp {path.name} là:", options, 0, False)
        return self.meaning(choice) if ok and choice else None

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn tệp quét hoặc tệp kết quả", "", FILE_FILTER)
        if name:
            self.attach_path(Path(name))

    def attach_path(self, path: Path) -> None:
        meaning = self.ask_meaning(path)
        if meaning is not None:
            self.sig_attach.emit(path, meaning[0], meaning[1])


def open_with_viewer(path: Path) -> bool:
    """Hand a checked file to the PC's viewer (the PDF reader, the photo viewer)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
