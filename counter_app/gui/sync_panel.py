"""The sync indicator of the status bar, the conflicts list and the hub connection dialog.

The indicator shows at a glance whether the counter is in sync: online/offline, the last successful sync, how
many events wait and why, a clock too far from the hub's; "Đồng bộ ngay" asks the background loop for a cycle
(it never runs one here); "Xung đột" opens the list a supervisor resolves. Status comes from the sync thread as
a plain SyncStatus through a queued signal; reading conflicts and saving settings go to the window's worker.
"""

from __future__ import annotations

from collections.abc import Callable

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
from counter_app.gui.screen import fit_to_screen
from counter_app.services.sync import ConflictInfo, CycleResult, SyncService, SyncStatus

Submit = Callable[..., int]  # the window's worker: submit(fn, *args, on_success=…, on_error=…)

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

    def __init__(self, sync: SyncService, submit: Submit, settings=None, parent: QWidget | None = None):
        super().__init__(parent)
        self._sync = sync
        self._submit = submit
        self._settings = settings
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
        self._sync.start_background(on_status=self.sig_status.emit, on_cycle=self.sig_cycle.emit, **loop_options)

    def stop(self) -> None:
        self._sync.stop_background()

    def poke(self, *_args: object) -> None:
        self._sync.poke()

    def sync_now(self) -> None:
        self.label.setText("Đồng bộ: đang gửi và nhận…")
        self._sync.request_now()

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

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self._sync, self._submit, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self.poke)
        dialog.open()
        return dialog

    def show_connection(self) -> HubConnectionDialog | None:
        if self._settings is None:
            return None
        dialog = HubConnectionDialog(self._settings, self._submit, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.sync_now)
        dialog.open()
        return dialog


class ConflictsDialog(QDialog):
    """Events kept but not applied (the rules refuse them after the merge), for a supervisor to resolve."""

    resolved = Signal()
    HEADERS = ("Mã hồ sơ", "Sự kiện", "Thời điểm", "Cán bộ", "Lý do", "Trạng thái")

    def __init__(self, sync: SyncService, submit: Submit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Xung đột đồng bộ cần xử lý")
        fit_to_screen(self, 960, 420)
        self._sync = sync
        self._submit = submit
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
        self._submit(self._sync.conflicts, self.show_all.isChecked(), on_success=self._loaded)

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

        self._submit(self._sync.resolve_conflict, conflict_id, note, on_success=done)


class HubConnectionDialog(QDialog):
    """The settings screen for joining a hub: its address and this station's token (hub.url, hub.token)."""

    saved = Signal()

    def __init__(self, settings, submit: Submit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Kết nối máy chủ đồng bộ")
        self._settings = settings
        self._submit = submit
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
        submit(settings.all, on_success=lambda values: self.url.setText(values.get("hub.url", "")))

    def save(self) -> None:
        values = {"hub.url": self.url.text()}
        if self.token.text().strip():
            values["hub.token"] = self.token.text().strip()

        def done(_cleaned: object) -> None:
            self.saved.emit()
            self.accept()

        self._submit(self._settings.set_many, values, on_success=done, on_error=lambda e: self.message.setText(str(e)))


def install_sync(
    window, sync: SyncService, worker, settings=None, *, start: bool = True, **loop_options
) -> SyncIndicator:
    """Put the sync indicator in the window's status bar and start the background loop.

    The officer's saves and prints refresh the waiting count at once; the loop stops when the application quits
    (before the store is closed).
    """
    from PySide6.QtWidgets import QApplication

    def submit(fn, *args, **kwargs) -> int:
        return worker.submit(fn, *args, context=window, **kwargs)

    indicator = SyncIndicator(sync, submit, settings, window)
    window.statusBar().addPermanentWidget(indicator)
    window.sync_indicator = indicator
    for signal_name in ("sig_saved", "sig_printed"):
        signal = getattr(window, signal_name, None)
        if signal is not None:
            signal.connect(indicator.poke)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(indicator.stop)
    if start:
        indicator.start(**loop_options)
    return indicator
