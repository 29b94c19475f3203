"""Quản trị → Cài đặt: every setting README lists, checked as `counter-app settings set` checks it, saved in one
transaction; a change of counter number or hub is checked against the hub first (never two PCs on one number)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
)

from counter_app.domain.transport import ALLOW_SETTING
from counter_app.gui.operations import Operations, SetupStart, present_error
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.settings_form import SettingsForm
from counter_app.gui.setup_wizard import HubChecker, check_with_hub, confirm_plain_http
from counter_app.services.accounts import NotAllowed
from counter_app.services.settings import SPECS, SettingsError, check_settings

# Changing these re-asks the hub (when one is configured) whether this PC may issue codes as that counter.
HUB_CHECKED = ("agency.code", "station.counter", "hub.url", "hub.token", ALLOW_SETTING)


class SettingsDialog(QDialog):
    def __init__(self, ops: Operations, *, hub_checker: HubChecker = check_with_hub, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Cài đặt máy trạm")
        self._ops = ops
        self._hub_checker = hub_checker
        self._before: dict[str, str] = {}
        self._station_id = ""
        self.form = SettingsForm(tuple(SPECS), self._before, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng, không lưu (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Các thiết lập của máy trạm này (lưu trong tệp dữ liệu, đi theo bản sao lưu). "
            "Giá trị sai được báo ngay dưới ô, không có gì được lưu cho đến khi tất cả đều đúng.",
            self,
        )
        intro.setWordWrap(True)  # one line of 1,057 pixels made the dialog wider than a 1024-pixel screen
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # As wide as the rows at their narrowest (long labels such as the scanner's prefix), where the screen allows:
        # the form then scrolls down, never sideways.
        fit_to_screen(self, max(820, self.form.minimumSizeHint().width() + 60), 680)
        self.save_button.setEnabled(False)  # until the values are read
        self._ops.settings_start().success(self._loaded).run(self)

    def _loaded(self, start: SetupStart) -> None:
        self._before = dict(start.values)
        self._station_id = start.station_id
        for key in self.form.keys:
            self.form.set_value(key, self._before.get(key, ""))
        self.form.show_default_folder(start.pdf_folder)
        self.save_button.setEnabled(True)

    def changed(self) -> dict[str, str]:
        values = self.form.values()
        return {key: value for key, value in values.items() if value != self._before.get(key, "")}

    def save(self) -> None:
        cleaned = self.form.check()
        if cleaned is None:
            self._say("Chưa lưu: sửa các ô báo lỗi.", error=True)
            return
        changes = {k: v for k, v in cleaned.items() if v != self._before.get(k, "")}
        if not changes:
            self.accept()
            return
        if "agency.code" in changes or "station.counter" in changes:
            answer = QMessageBox.question(
                self,
                "Đổi mã cơ quan hoặc số quầy",
                "Hồ sơ đã tiếp nhận giữ nguyên mã cũ; hồ sơ mới sẽ mang mã theo thiết lập mới. "
                "Hai máy trong cơ quan không được dùng chung số quầy. Tiếp tục?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            check_settings(self._before, changes)  # the rules between keys (office hours, http:// off this PC)
        except SettingsError as exc:
            self._say(f"Chưa lưu: {exc}", error=True)
            return
        if ("hub.url" in changes or ALLOW_SETTING in changes) and not confirm_plain_http(self, self._before, changes):
            self._say("Chưa lưu: địa chỉ máy chủ không mã hoá chưa được xác nhận.", error=True)
            return
        merged = {**self._before, **cleaned}
        if merged.get("hub.url") and merged.get("hub.token") and any(key in changes for key in HUB_CHECKED):
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                ok, message = self._hub_checker(
                    merged["hub.url"],
                    merged["hub.token"],
                    merged["agency.code"],
                    int(merged["station.counter"]),
                    self._station_id,
                    allow_plain_http=merged.get(ALLOW_SETTING) == "yes",
                )
            finally:
                QApplication.restoreOverrideCursor()
            if not ok:
                self._say(f"Chưa lưu: {message}", error=True)
                return

        def refused(exc: BaseException) -> None:
            if isinstance(exc, (SettingsError, NotAllowed)):  # NotAllowed: settings are an admin's (domain/roles.py)
                self._say(f"Chưa lưu: {exc}", error=True)
            else:
                present_error(self, "Không lưu được thiết lập", exc)

        # One transaction; the window hears of it through the change notice (Changes.settings).
        self._ops.set_settings(changes).success(lambda _none: self.accept()).failure(refused).run(self)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")


def open_settings_dialog(parent, ops: Operations) -> SettingsDialog:
    dialog = SettingsDialog(ops, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
