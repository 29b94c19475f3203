"""The sync indicator of the status bar, the conflicts list and the hub connection dialog.

The indicator shows at a glance whether the counter is in sync: online/offline, the last successful sync, how
many events wait and why, a clock too far from the hub's; "Đồng bộ ngay" asks the background loop for a cycle
(it never runs one here); "Xung đột" opens the list a supervisor resolves. Status comes from the sync thread as
a plain SyncStatus through a queued signal. Everything goes through the operations (gui/operations.py): reading
conflicts and saving settings on the one worker, the loop's controls to the sync's own thread (the network never
holds the worker). A cycle that folds in other stations' events is announced as `Changes.synced`, and the loop is
poked when this station records something (`Changes.dossiers`, `Changes.printed`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import as_office_time
from counter_app.domain.event_kinds import EVENT_LABELS
from counter_app.domain.events import EventKind
from counter_app.gui.operations import Changes, Operations
from counter_app.gui.screen import fit_to_screen
from counter_app.services.sync import ConflictInfo, CycleResult, SyncStatus

_COLOURS = {"ok": "#1b7f3b", "waiting": "#b26a00", "offline": "#b3261e", "idle": "#666666"}


def describe(status: SyncStatus) -> tuple[str, str, str]:
    """(text, colour key, tooltip) for a status."""
    text = status.line()
    if not status.configured:
        key = "idle"
    elif status.online is False or status.error:
        key = "offline"
    elif status.pending or status.conflicts or status.skew_warning or status.insecure:
        key = "waiting"
    else:
        key = "ok"
    lines = [f"Máy chủ: {status.hub_url or '(chưa thiết lập)'}"]
    if status.last_success:
        lines.append(f"Lần đồng bộ tốt gần nhất: {as_office_time(status.last_success):%H:%M:%S %d/%m/%Y}")
    lines.append(f"Sự kiện chờ gửi: {status.pending}")
    if status.reason:
        lines.append(f"Lý do: {status.reason}")
    if status.next_attempt and status.configured:
        lines.append(f"Lần thử tiếp theo: {as_office_time(status.next_attempt):%H:%M:%S}")
    if status.conflicts:
        lines.append(f"Xung đột cần xử lý: {status.conflicts}")
    for warning in filter(None, (status.skew_warning, status.warning)):
        lines.append(f"Cảnh báo: {warning}")
    return text, key, "\n".join(lines)


class SyncIndicator(QWidget):
    sig_status = Signal(object)  # SyncStatus, from the sync thread
    sig_cycle = Signal(object)  # CycleResult, from the sync thread

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.status: SyncStatus | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("Đồng bộ: đang kiểm tra…", self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.sync_button = QToolButton(self)
        self.sync_button.setText("Đồng bộ ngay")
        self.sync_button.setToolTip("Gửi và nhận dữ liệu với máy chủ ngay bây giờ (không làm gián đoạn việc tiếp nhận)")
        self.sync_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.sync_button)
        menu.addAction("Xem xung đột…", self.show_conflicts)
        menu.addAction("Kết nối máy chủ đồng bộ…", self.show_connection)
        self.sync_button.setMenu(menu)
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.conflicts_button.hide()
        layout.addWidget(self.label)
        layout.addWidget(self.conflicts_button)
        layout.addWidget(self.sync_button)
        self.sync_button.clicked.connect(self.sync_now)
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.sig_status.connect(self.show_status, Qt.ConnectionType.QueuedConnection)
        self.sig_cycle.connect(self._cycle_done, Qt.ConnectionType.QueuedConnection)

    def start(self, **loop_options) -> None:
        """Start the background loop; its reports arrive here through the signals (queued to the UI thread)."""
        self._ops.start_sync(on_status=self.sig_status.emit, on_cycle=self.sig_cycle.emit, **loop_options)

    def stop(self) -> None:
        self._ops.stop_sync()

    def poke(self, *_args: object) -> None:
        self._ops.poke_sync()

    def sync_now(self) -> None:
        self.label.setText("Đồng bộ: đang gửi và nhận…")
        self._ops.sync_now()

    def changed(self, changes: Changes) -> None:
        """The operations' change notice: something recorded here is waiting to be sent."""
        if changes.dossiers or changes.printed:
            self.poke()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        text, key, tooltip = describe(status)
        self.label.setText(f'<span style="color:{_COLOURS[key]}">●</span> {text}')
        self.setToolTip(tooltip)
        self.label.setToolTip(tooltip)
        if status.conflicts:
            self.conflicts_button.setText(f"Xung đột ({status.conflicts})")
            self.conflicts_button.show()
        else:
            self.conflicts_button.hide()

    def _cycle_done(self, result: CycleResult) -> None:
        self.sync_button.setToolTip(result.describe())
        if result.applied:
            self._ops.notify(Changes(synced=True))

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self._ops, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self.poke)
        dialog.open()
        return dialog

    def show_connection(self) -> HubConnectionDialog | None:
        dialog = HubConnectionDialog(self._ops, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.sync_now)
        dialog.open()
        return dialog


class ConflictsDialog(QDialog):
    """Events kept but not applied (the rules refuse them after the merge), for a supervisor to resolve."""

    resolved = Signal()
    HEADERS = ("Mã hồ sơ", "Sự kiện", "Thời điểm", "Cán bộ", "Lý do", "Trạng thái")

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Xung đột đồng bộ cần xử lý")
        fit_to_screen(self, 960, 420)
        self._ops = ops
        self.conflicts: list[ConflictInfo] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Các sự kiện dưới đây được ghi ở các quầy khác nhau khi mất kết nối và không thể cùng áp dụng "
            "(ví dụ trả kết quả hai lần). Sự kiện vẫn được lưu giữ, không bị xóa; hồ sơ hiển thị theo các sự kiện "
            "còn lại. Kiểm tra thực tế, xử lý rồi ghi nhận tại đây.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.show_all = QPushButton("Hiện cả xung đột đã xử lý", self)
        self.show_all.setCheckable(True)
        self.resolve_button = QPushButton("Ghi nhận đã xử lý…", self)
        close = QPushButton("Đóng", self)
        buttons.addWidget(self.show_all)
        buttons.addStretch(1)
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        close.clicked.connect(self.accept)
        self.show_all.toggled.connect(lambda _checked: self.load())
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.load()

    def load(self) -> None:
        self._ops.sync_conflicts(self.show_all.isChecked()).success(self._loaded).run(self)

    def _loaded(self, conflicts: list[ConflictInfo]) -> None:
        self.conflicts = conflicts
        self.table.setRowCount(len(conflicts))
        for row, c in enumerate(conflicts):
            state = f"Đã xử lý: {c.resolution} ({c.resolved_by})" if c.resolved_at else "Chờ xử lý"
            values = (
                c.code or c.dossier_id[:8],
                EVENT_LABELS.get(EventKind(c.kind), c.kind),
                c.occurred_at,
                c.officer,
                c.reason,
                state,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        self.resolve_button.setEnabled(any(c.resolved_at is None for c in conflicts))

    def resolve_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "Chọn xung đột", "Chọn một dòng trong danh sách trước.")
            return
        conflict = self.conflicts[rows[0].row()]
        note, ok = QInputDialog.getText(self, "Ghi nhận đã xử lý", f"Hồ sơ {conflict.code}: đã xử lý thế nào?")
        if ok:
            self.resolve(conflict.id, note)

    def resolve(self, conflict_id: int, note: str) -> None:
        def done(_ok: object) -> None:
            self.resolved.emit()
            self.load()

        self._ops.resolve_conflict(conflict_id, note).success(done).run(self)


class HubConnectionDialog(QDialog):
    """The settings screen for joining a hub: its address and this station's token (hub.url, hub.token)."""

    saved = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Kết nối máy chủ đồng bộ")
        self._ops = ops
        form = QFormLayout(self)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://dongbo.so-khcn.example.vn")
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("mã do quản trị cấp (counter-app hub add-station); để trống: giữ mã cũ")
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        form.addRow("Địa chỉ máy chủ:", self.url)
        form.addRow("Mã truy cập:", self.token)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        ops.all_settings().success(lambda values: self.url.setText(values.get("hub.url", ""))).run(self)

    def save(self) -> None:
        values = {"hub.url": self.url.text()}
        if self.token.text().strip():
            values["hub.token"] = self.token.text().strip()

        def done(_cleaned: object) -> None:
            self.saved.emit()
            self.accept()

        self._ops.set_settings(values).success(done).failure(lambda e: self.message.setText(str(e))).run(self)


def install_sync(window, ops: Operations, sync, *, start: bool = True, **loop_options) -> SyncIndicator:
    """Put the sync indicator in the window's status bar and start the background loop of `sync` (SyncService).

    The officer's saves and prints poke the loop at once (the operations' change notice); the loop stops when the
    application quits (before the store is closed).
    """
    from PySide6.QtWidgets import QApplication

    ops.attach_sync(sync)
    indicator = SyncIndicator(ops, window)
    window.statusBar().addPermanentWidget(indicator)
    window.sync_indicator = indicator
    ops.sig_changed.connect(indicator.changed)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(indicator.stop)
    if start:
        indicator.start(**loop_options)
    return indicator
