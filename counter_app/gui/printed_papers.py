"""The dossier window's "Giấy tờ đã in": every paper of the dossier (the receipt, each slip, once per event it is
printed from), how many times each went to a printer, and "In lại" for the one chosen (issue 10, item 6).

The list is built from the dossier's own timeline (domain.printed): nothing more is read. The reprint renders the
paper from the committed record, marked "BẢN IN LẠI", shows it first when "Xem trước khi in" is ticked, prints
it and records the print (gui/slip_printing.py): the timeline and this list then count it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from counter_app.domain.printed import PrintedPaper, paper_line, printed_papers
from counter_app.services.dossiers import DossierDetail


class PrintedPapersBox(QGroupBox):
    """The papers of the shown dossier, with "In lại" (Alt+I) for the chosen one."""

    sig_reprint = Signal(object)  # PrintedPaper

    def __init__(self, parent=None, *, preview: bool = True, on_preview_changed: Callable[[bool], None] | None = None):
        super().__init__("Giấy tờ đã in", parent)
        self.setObjectName("printedPapers")
        self.papers: list[PrintedPaper] = []
        self.list = QListWidget(self)
        self.list.setObjectName("printedList")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.reprint())  # Enter or a double click on a line
        self.list.currentRowChanged.connect(self._chosen)
        self.reprint_button = QPushButton("&In lại bản đã chọn", self)
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setAutoDefault(False)
        self.reprint_button.setEnabled(False)
        self.reprint_button.setToolTip(
            "In lại giấy tờ đang chọn từ dữ liệu đã lưu, có dòng «BẢN IN LẠI»; lần in được ghi nhận."
        )
        self.reprint_button.clicked.connect(self.reprint)
        self.preview = QCheckBox("Xem trước khi in", self)
        self.preview.setObjectName("previewSlips")
        self.preview.setChecked(preview)
        self.preview.setToolTip("Mở bản xem trước (Enter: in, Esc: đóng không in) trước khi in mọi phiếu của hồ sơ.")
        if on_preview_changed is not None:
            self.preview.toggled.connect(on_preview_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.preview)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_detail(self, detail: DossierDetail) -> None:
        chosen = self.current.key if self.current is not None else None
        self.papers = printed_papers(detail.timeline)
        self.list.clear()
        for paper in self.papers:
            item = QListWidgetItem(paper_line(paper, self.papers), self.list)
            item.setData(Qt.ItemDataRole.UserRole, paper.key)
            item.setToolTip(item.text())
        keys = [p.key for p in self.papers]
        printed = [i for i, p in enumerate(self.papers) if p.count]
        row = keys.index(chosen) if chosen in keys else (printed[0] if printed else 0)
        if self.papers:
            self.list.setCurrentRow(row)
        self._chosen(self.list.currentRow())

    @property
    def current(self) -> PrintedPaper | None:
        row = self.list.currentRow()
        return self.papers[row] if 0 <= row < len(self.papers) else None

    def choose(self, key: str) -> None:
        keys = [p.key for p in self.papers]
        if key in keys:
            self.list.setCurrentRow(keys.index(key))

    def _chosen(self, _row: int) -> None:
        paper = self.current
        self.reprint_button.setEnabled(paper is not None)
        self.reprint_button.setText("&In lại bản đã chọn" if paper is None or paper.count else "&In bản đã chọn")

    def reprint(self) -> None:
        paper = self.current
        if paper is not None and self.reprint_button.isEnabled():
            self.sig_reprint.emit(paper)
