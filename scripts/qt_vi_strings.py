"""Writes resources/translations/qt_vi.ts: Vietnamese for the strings Qt itself shows (buttons of message boxes,
the context menu of text fields, the file dialog, spin boxes, the wizard…). Qt ships no Vietnamese translation.

    uv run python scripts/qt_vi_strings.py && uv run pyside6-lrelease resources/translations/qt_vi.ts

Contexts and source texts are Qt's own (as in the qtbase_*.qm files PySide6 ships); edit TRANSLATIONS, rerun both.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

TRANSLATIONS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả",
        "&No": "&Không",
        "N&o to All": "K&hông với tất cả",
        "Abort": "Huỷ bỏ",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Huỷ",
        "Discard": "Không lưu",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QDialogButtonBox": {"OK": "Đồng ý"},
    "QLineEdit": {
        "&Undo": "&Hoàn tác",
        "&Redo": "&Làm lại",
        "Cu&t": "&Cắt",
        "&Copy": "Sao &chép",
        "&Paste": "&Dán",
        "Delete": "Xoá",
        "Select All": "Chọn tất cả",
    },
    "QWidgetTextControl": {
        "&Undo": "&Hoàn tác",
        "&Redo": "&Làm lại",
        "Cu&t": "&Cắt",
        "&Copy": "Sao &chép",
        "Copy &Link Location": "Sao chép địa chỉ &liên kết",
        "&Paste": "&Dán",
        "Delete": "Xoá",
        "Select All": "Chọn tất cả",
    },
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QMessageBox": {
        "Show Details...": "Xem chi tiết…",
        "Hide Details...": "Ẩn chi tiết…",
        "About Qt": "Về Qt",
    },
    "QErrorMessage": {
        "&OK": "Đồng ý",
        "&Show this message again": "&Hiện lại thông báo này",
        "An error occurred": "Đã xảy ra lỗi",
        "Warning:": "Cảnh báo:",
        "Information:": "Thông tin:",
        "Critical Error:": "Lỗi nghiêm trọng:",
        "Fatal Error:": "Lỗi không khắc phục được:",
        "Debug Message:": "Thông báo gỡ lỗi:",
    },
    "QComboBox": {"True": "Đúng", "False": "Sai", "Open the combo box selection popup": "Mở danh sách chọn"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
    "QFileDialog": {
        "&Look in:": "&Tìm trong:",
        "File &name:": "&Tên tệp:",
        "Files of &type:": "&Loại tệp:",
        "&Open": "&Mở",
        "&Save": "&Lưu",
        "&Choose": "&Chọn",
        "&Delete": "&Xoá",
        "&Rename": "Đổi &tên",
        "&New Folder": "Thư mục &mới",
        "All Files (*)": "Mọi tệp (*)",
        "All files (*)": "Mọi tệp (*)",
        "Back": "Lùi",
        "Forward": "Tiến",
        "Go back": "Quay lại",
        "Go forward": "Đi tiếp",
        "Parent Directory": "Thư mục cha",
        "Go to the parent directory": "Lên thư mục cha",
        "Create New Folder": "Tạo thư mục mới",
        "Create a New Folder": "Tạo một thư mục mới",
        "New Folder": "Thư mục mới",
        "List View": "Xem dạng danh sách",
        "Detail View": "Xem chi tiết",
        "Change to list view mode": "Chuyển sang xem dạng danh sách",
        "Change to detail view mode": "Chuyển sang xem chi tiết",
        "Directory:": "Thư mục:",
        "Directories": "Thư mục",
        "Files": "Tệp",
        "Find Directory": "Tìm thư mục",
        "Open": "Mở",
        "Save As": "Lưu thành",
        "Remove": "Bỏ khỏi danh sách",
        "Delete": "Xoá",
        "Recent Places": "Nơi mở gần đây",
        "Sidebar": "Thanh bên",
        "List of places and bookmarks": "Các nơi và dấu trang",
        "Show &hidden files": "Hiện tệp &ẩn",
        "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nCó ghi đè lên không?",
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp."
        ),
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
            "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục."
        ),
        "Are you sure you want to delete '%1'?": "Xoá '%1'?",
        "'%1' is write protected.\nDo you want to delete it anyway?": "'%1' đang được bảo vệ chống ghi.\nVẫn xoá?",
        "Could not delete directory.": "Không xoá được thư mục.",
    },
    "QFileSystemModel": {
        "Name": "Tên",
        "Size": "Kích thước",
        "Type": "Loại",
        "Kind": "Loại",
        "Date Modified": "Ngày sửa",
        "Computer": "Máy tính",
        "My Computer": "Máy tính",
    },
    "QWizard": {
        "< &Back": "< &Quay lại",
        "&Next >": "&Tiếp >",
        "&Next": "&Tiếp",
        "&Finish": "&Xong",
        "Cancel": "Huỷ",
        "&Help": "&Trợ giúp",
        "Help": "Trợ giúp",
        "Go Back": "Quay lại",
        "Continue": "Tiếp tục",
        "Commit": "Xác nhận",
        "Done": "Xong",
    },
}


def write(path: Path) -> None:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="vi_VN">']
    for context, messages in TRANSLATIONS.items():
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for source, translation in messages.items():
            lines += [
                "    <message>",
                f"        <source>{escape(source)}</source>",
                f"        <translation>{escape(translation)}</translation>",
                "    </message>",
            ]
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(__file__).resolve().parent.parent / "resources" / "translations" / "qt_vi.ts")
