"""Quản trị → Khôi phục từ bản sao lưu…: choose a copy, see what it holds (when it was written, how many dossiers,
the last code) and what restoring it would lose compared with the data in use, confirm — then the window closes
its store and the application restores the copy (the current file kept in backups/) and opens it again
(gui/app.py), through the same service as `counter-app restore FILE` (services.backup.restore_copy).

Reading and comparing copies are operations on the worker (gui/operations.py: `backup_copies`, `restore_preview`);
nothing is changed until the officer confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.operations import BackupCopies, Operations
from counter_app.gui.screen import fit_to_screen
from counter_app.services.backup import CopyInfo, RestorePreview
from counter_app.services.backup_crypto import BackupKeyError, key_file_key, passphrase_key

COLUMNS = ("Dữ liệu đến", "Số hồ sơ", "Hồ sơ tiếp nhận cuối", "Tệp")


def _when(info: CopyInfo) -> str:
    """What the copy holds up to: its latest event (the file's own time when it holds none)."""
    return f"{info.data_until or info.written_at:%H:%M %d/%m/%Y}"


class RestoreDialog(QDialog):
    """`chosen` is the copy to restore once the officer has confirmed (the dialog is then accepted)."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Khôi phục dữ liệu từ bản sao lưu")
        self.ops = ops  # reads run on the window's one worker, answers come back on this thread
        self._folder: Path | None = None  # backups/, once listed: where "Chọn tệp khác…" opens
        self._copies: list[CopyInfo] = []
        self.preview: RestorePreview | None = None
        self.chosen: Path | None = None
        self.key: bytes | None = None  # the key that opened the chosen copy (an encrypted one)
        self._pending: Path | None = None  # the encrypted copy waiting for its key

        intro = QLabel(
            "Chọn bản sao lưu để đưa dữ liệu trở lại thời điểm đó. Những gì ghi sau thời điểm sao lưu sẽ mất "
            "(được liệt kê bên dưới trước khi khôi phục). Tệp dữ liệu hiện tại luôn được giữ lại trong thư mục "
            "backups/. Chỉ khôi phục khi tệp dữ liệu hỏng hoặc theo hướng dẫn của cán bộ CNTT.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selected)
        self.other_button = QPushButton("Chọn &tệp khác…", self)
        self.other_button.clicked.connect(self._choose_file)
        # An encrypted copy (`backup --encrypt`, or daily copies with backup.key_file): the admin's key opens it.
        self.key_row = QWidget(self)
        key_layout = QHBoxLayout(self.key_row)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_label = QLabel("Khoá &giải mã:", self.key_row)
        self.key_edit = QLineEdit(self.key_row)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("cụm mật khẩu của bản sao lưu (hoặc chọn tệp khoá)")
        key_label.setBuddy(self.key_edit)
        self.key_edit.returnPressed.connect(self.open_with_typed_key)
        self.open_button = QPushButton("&Mở bản sao", self.key_row)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_with_typed_key)
        self.key_file_button = QPushButton("Chọn tệp k&hoá…", self.key_row)
        self.key_file_button.setAutoDefault(False)
        self.key_file_button.clicked.connect(self._choose_key_file)
        for widget in (key_label, self.key_edit, self.open_button, self.key_file_button):
            key_layout.addWidget(widget, 1 if widget is self.key_edit else 0)
        self.key_row.setVisible(False)
        self.details = QLabel("Đang đọc các bản sao lưu…", self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("&Khôi phục…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.addButton("Đóng (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.other_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.key_row)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        fit_to_screen(self, 860, 520)
        self.ops.backup_copies().success(self._show_copies).failure(self._failed).run(self)

    # --- the list -------------------------------------------------------------------------------------

    def _show_copies(self, listed: BackupCopies) -> None:
        self._folder = listed.folder
        self._copies = list(listed.copies)
        self.table.setRowCount(len(self._copies))
        for r, info in enumerate(self._copies):
            if info.encrypted:
                cells = (f"{info.written_at:%H:%M %d/%m/%Y}", "—", "Đã mã hoá (cần khoá để xem)", info.path.name)
            else:
                cells = (
                    _when(info),
                    str(info.dossiers) if info.usable else "—",
                    (info.last_code or "(chưa có hồ sơ)") if info.usable else "Không dùng được (chọn để xem lý do)",
                    info.path.name,
                )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not info.usable:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if not self._copies:
            self.details.setText("Chưa có bản sao lưu nào trong thư mục backups/. Dùng «Chọn tệp khác…».")
        else:
            self.details.setText("Chọn một bản sao lưu để xem nó chứa gì và sẽ mất gì nếu khôi phục.")

    def _selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return
        info = self._copies[rows.pop()]
        self.select_copy(info.path, encrypted=info.encrypted)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp sao lưu",
            str(self._folder or ""),
            "Tệp sao lưu (*.sqlite3 *.sqlite3.enc);;Mọi tệp (*)",
        )
        if name:
            from counter_app.services.backup_crypto import is_encrypted

            self.select_copy(Path(name), encrypted=is_encrypted(Path(name)))

    # --- the key of an encrypted copy ---------------------------------------------------------------

    def open_with_typed_key(self) -> None:
        if self._pending is None:
            return
        try:
            key = passphrase_key(self.key_edit.text())
        except BackupKeyError as exc:
            self._failed(exc)
            return
        self.select_copy(self._pending, encrypted=True, key=key)

    def _choose_key_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn tệp khoá sao lưu", "", "Tệp khoá (*.key);;Mọi tệp (*)")
        if name:
            self.open_with_key_file(Path(name))

    def open_with_key_file(self, path: Path) -> None:
        if self._pending is None:
            return
        try:
            key = key_file_key(path)
        except BackupKeyError as exc:
            self._failed(exc)
            return
        self.select_copy(self._pending, encrypted=True, key=key)

    # --- one copy -------------------------------------------------------------------------------------

    def select_copy(self, path: Path, *, encrypted: bool = False, key: bytes | None = None) -> None:
        """Read the copy and compare it with the data in use (on the worker). An encrypted copy first asks for its
        key; a wrong key says so and changes nothing."""
        self.preview = None
        self.key = None
        self.restore_button.setEnabled(False)
        self._pending = path if encrypted else None
        self.key_row.setVisible(encrypted)
        self.details.setStyleSheet("")
        if encrypted and key is None:
            self.key_edit.clear()
            self.details.setText(
                f"Bản sao lưu {path.name} đã được mã hoá. Gõ khoá (cụm mật khẩu) hoặc chọn tệp khoá của quản trị "
                "để xem nó chứa gì."
            )
            self.key_edit.setFocus()
            return
        self.details.setText(f"Đang đọc {path.name} và so sánh với dữ liệu đang dùng…")

        def shown(preview: RestorePreview) -> None:
            self.key = key
            self._show_preview(preview)

        self.ops.restore_preview(path, key).success(shown).failure(self._failed).run(self)

    def _show_preview(self, preview: RestorePreview) -> None:
        self.preview = preview
        info = preview.copy
        lines = [
            f"Bản sao lưu {info.path.name} (tệp ghi lúc {info.written_at:%H:%M %d/%m/%Y}):",
            f"• {info.dossiers} hồ sơ; hồ sơ tiếp nhận cuối: {info.last_code or '(chưa có)'}"
            + (f" lúc {info.last_received_at:%H:%M %d/%m/%Y}" if info.last_received_at else "")
            + (f"; dữ liệu đến {info.data_until:%H:%M %d/%m/%Y}." if info.data_until else "."),
            "Nếu khôi phục: " + preview.summary(),
        ]
        self.details.setText("\n".join(lines))
        self.details.setStyleSheet("color: #b00020;" if preview.lost_dossiers or preview.lost_events else "")
        self.restore_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.preview = None
        self.restore_button.setEnabled(False)
        self.details.setStyleSheet("color: #b00020;")
        self.details.setText(f"Không dùng được bản sao này: {exc}")

    def confirm(self) -> None:
        if self.preview is None:
            return
        info = self.preview.copy
        answer = QMessageBox.question(
            self,
            "Xác nhận khôi phục",
            f"Khôi phục dữ liệu về bản sao lưu có dữ liệu đến {_when(info)} ({info.dossiers} hồ sơ)?\n\n"
            f"{self.preview.summary()}\n\n"
            "Tệp dữ liệu hiện tại được giữ lại trong backups/. Cửa sổ sẽ đóng dữ liệu, khôi phục rồi mở lại.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.chosen = info.path
        self.key_edit.clear()
        self.accept()


def open_restore_dialog(window, ops: Operations) -> None:
    """Quản trị → Khôi phục từ bản sao lưu: as `counter-app restore`, an admin's (or the set-up admin's of a store
    without accounts), checked on the worker first. On "Khôi phục", the window closes and gui/app.py restores the
    chosen copy. The dialog is `window.restore_dialog` once open (tests drive it)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.domain.roles import Action
    from counter_app.gui import errors

    def refused(exc: BaseException) -> None:  # NotAllowed / NotSignedIn: a Vietnamese sentence
        errors.show_error(window, str(exc), title="Khôi phục")

    def allowed(officer) -> None:
        window.restore_officer = officer  # gui/app.py's restore records it in the restored store's audit trail
        dialog = RestoreDialog(ops, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def restore_chosen() -> None:
            window.restore_request = dialog.chosen  # gui/app.py closes the store, restores, opens it again
            window.restore_key = dialog.key  # an encrypted copy's key (None: a plain copy)
            window.close()
            QApplication.quit()

        dialog.accepted.connect(restore_chosen)
        window.restore_dialog = dialog
        dialog.open()

    ops.require(Action.RESTORE).success(allowed).failure(refused).run(window)
