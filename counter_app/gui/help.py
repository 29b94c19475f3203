"""F1: the keyboard shortcuts of the counter window, in Vietnamese."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.screen import fit_to_screen

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Enter", "Lưu hồ sơ và in giấy tiếp nhận, hẹn trả kết quả"),
    ("Ctrl+N", "Làm mới biểu mẫu để tiếp nhận hồ sơ mới"),
    ("Ctrl+G", "Thiếu giấy tờ bắt buộc: in phiếu hướng dẫn bổ sung (mẫu 02), không tiếp nhận hồ sơ"),
    ("Ctrl+K", "Đính kèm bản quét (PDF/JPEG/PNG) của giấy tờ đang chọn trong danh mục"),
    ("Ctrl+F hoặc F3", "Về ô tìm thủ tục (gõ không dấu cũng được)"),
    ("↓ / ↑, Enter", "Chọn thủ tục trong danh sách gợi ý; Enter nhận thủ tục đang chọn"),
    ("Tab / Shift+Tab", "Sang ô kế tiếp / ô trước, theo thứ tự trên mẫu giấy"),
    ("Alt+T, C, D, O, E, A, P, B", "Họ và tên, Tổ chức, Số CCCD, Điện thoại, Email, Địa chỉ, Hình thức nộp, Số bộ"),
    ("Alt+S, rồi Tab", "Ngày sinh, Giới tính, Ngày cấp giấy tờ (quét mã QR trên thẻ CCCD sẽ tự điền)"),
    ("Alt+N", "Về danh sách thành phần hồ sơ"),
    ("Space", "Đánh dấu đã nhận / bỏ đánh dấu giấy tờ đang chọn"),
    ("Ctrl+A", "Đánh dấu đã nhận tất cả giấy tờ (nhấn lần nữa để bỏ hết)"),
    ("+ / −", "Tăng / giảm số lượng của giấy tờ đang chọn"),
    ("Alt+I", "Ghi chú"),
    ("Alt+Y", "Bật / tắt “In ngay không xem trước”"),
    ("Ctrl+L", "Về danh sách hồ sơ tiếp nhận hôm nay"),
    ("Ctrl+P", "In lại giấy tiếp nhận của hồ sơ đang chọn trong danh sách"),
    ("F5", "Tải lại danh sách hôm nay và danh mục thủ tục"),
    ("Enter / Esc", "Trong cửa sổ xem trước: in / đóng không in"),
    ("Ctrl+1 / Ctrl+2", "Trang Tiếp nhận hồ sơ / trang Theo dõi hồ sơ"),
    (
        "Quét mã vạch",
        "Ở bất kỳ đâu trong cửa sổ: mở hồ sơ — có kết quả thì mở Trả kết quả, chờ bổ sung thì sẵn "
        "Nhận hồ sơ bổ sung (Enter); mã QR trên thẻ CCCD điền họ tên, số CCCD, ngày sinh, giới tính, địa chỉ, ngày cấp",
    ),
    ("Ctrl+F (Theo dõi hồ sơ)", "Tìm theo mã hồ sơ, họ tên (gõ không dấu được), số CCCD, số điện thoại"),
    ("Enter (Theo dõi hồ sơ)", "Mở hồ sơ đang chọn; trong cửa sổ hồ sơ, Enter làm việc được gợi ý"),
    ("Alt+I (cửa sổ hồ sơ)", "In lại giấy tờ đã chọn trong «Giấy tờ đã in» (có dòng «BẢN IN LẠI», được ghi nhận)"),
    ("Ctrl+Shift+M", "Thông báo gần đây: mọi thông báo của phiên làm việc, đủ nội dung"),
    ("F1", "Bảng phím tắt này"),
    ("Ctrl+Q", "Thoát"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Phím tắt")
        table = QTableWidget(len(SHORTCUTS), 2, self)
        table.setHorizontalHeaderLabels(["Phím", "Việc"])
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        for row, (keys, action) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(action))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng (Esc)")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        rows_height = table.verticalHeader().defaultSectionSize() * len(SHORTCUTS)
        fit_to_screen(self, 760, rows_height + table.horizontalHeader().sizeHint().height() + 70)
