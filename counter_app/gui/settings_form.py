"""One form row per setting (label, editor, Vietnamese help, error line): shared by the first-run wizard and the
settings dialog, so both check a value exactly as `counter-app settings set` does (services.settings.check_setting)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from counter_app.domain.codes import MAX_COUNTER, MIN_COUNTER
from counter_app.domain.policy import CHOICES as POLICY_CHOICES
from counter_app.domain.transport import ALLOW_SETTING
from counter_app.services.settings import SETTING_HELP, SPECS, SettingsError, check_setting

PRINTER_KEYS = ("printing.receipt_printer", "printing.forms_printer", "printing.report_printer")
DEFAULT_PRINTER = "(máy in mặc định của Windows)"


def available_printers() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    return list(QPrinterInfo.availablePrinterNames())


class SettingsForm(QWidget):
    """Rows for `keys`, filled from `values`; `values()` reads them back as text, `check()` validates them."""

    def __init__(self, keys: Iterable[str], values: Mapping[str, str], parent=None):
        super().__init__(parent)
        self.keys = tuple(keys)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(2)
        for key in self.keys:
            editor = self._editor(key, values.get(key, ""))
            editor.setObjectName(key)
            editor.setToolTip(SETTING_HELP.get(key, ""))
            help_label = QLabel(SETTING_HELP.get(key, ""), self)
            help_label.setWordWrap(True)
            help_label.setProperty("role", "hint")
            # Under its field, whatever height the form gives the row (QFormLayout may give a wrapped label more
            # lines' height than it takes: centred, the text floated away from its field).
            help_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            error = QLabel("", self)
            error.setWordWrap(True)
            error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            error.setProperty("role", "error")
            error.setStyleSheet("color: #b00020;")
            error.hide()
            label = QLabel(f"{SPECS[key].label}:", self)
            label.setBuddy(editor)
            # Rows of their own (not a nested widget): QFormLayout gives wrapped labels their full height.
            form.addRow(label, editor)
            form.addRow("", help_label)
            form.addRow("", error)
            self.editors[key] = editor
            self.errors[key] = error

    def _editor(self, key: str, value: str) -> QWidget:
        if key == "station.counter":
            spin = QSpinBox(self)
            spin.setRange(0, MAX_COUNTER)
            spin.setSpecialValueText("— chọn số quầy —")  # 0: not chosen yet; refused by check()
            spin.setValue(int(value) if value.isdigit() and MIN_COUNTER <= int(value) <= MAX_COUNTER else 0)
            return spin
        if key == "printing.paper":
            combo = QComboBox(self)
            combo.addItem("A5", "A5")
            combo.addItem("A4", "A4")
            combo.addItem("Cuộn 80 mm (máy in nhiệt)", "80MM")
            combo.setCurrentIndex(max(combo.findData(value or "A5"), 0))
            return combo
        if key == ALLOW_SETTING:
            combo = QComboBox(self)
            combo.addItem("Không — chỉ https:// (hoặc máy chủ trên chính máy này)", "no")
            combo.addItem("Có — chấp nhận http:// không mã hoá (mạng nội bộ đã được bảo vệ)", "yes")
            combo.setCurrentIndex(max(combo.findData(value or "no"), 0))
            return combo
        if key.endswith("_tray"):
            from counter_app.services.settings import TRAYS

            combo = QComboBox(self)
            for tray, label in TRAYS.items():
                combo.addItem(label, tray)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        if key in POLICY_CHOICES:  # a policy choice: its values with what each one does, the default marked
            choice = POLICY_CHOICES[key]
            combo = QComboBox(self)
            for option, text in choice.options.items():
                combo.addItem(f"{option}{' (mặc định)' if option == choice.default else ''} — {text}", option)
            # Long descriptions: the combo does not widen the form to fit them (no sideways scrolling).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)
            combo.setToolTip(choice.basis)
            combo.setCurrentIndex(max(combo.findData(value or choice.default), 0))
            return combo
        if key in PRINTER_KEYS:
            combo = QComboBox(self)
            combo.addItem(DEFAULT_PRINTER, "")
            for name in available_printers():
                combo.addItem(name, name)
            if value and combo.findData(value) < 0:
                combo.addItem(f"{value} (không thấy trên máy này)", value)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        line = QLineEdit(value, self)
        if key == "printing.pdf_folder":  # empty: the folder actually used, shown where the officer looks
            line.setClearButtonEnabled(True)  # (its placeholder: show_default_folder, once the values are read)
        if SPECS[key].secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        return line

    def show_default_folder(self, folder: str) -> None:
        """The folder PDFs go to when printing.pdf_folder is empty, as the field's placeholder."""
        editor = self.editors.get("printing.pdf_folder")
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText(folder)

    def value(self, key: str) -> str:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            return str(editor.value()) if editor.value() else ""
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return data if isinstance(data, str) else editor.currentText()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, key: str, value: str) -> None:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if value.isdigit() else 0)
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            editor.setCurrentIndex(index if index >= 0 else editor.findText(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def values(self) -> dict[str, str]:
        return {key: self.value(key) for key in self.keys}

    def check(self) -> dict[str, str] | None:
        """Cleaned values, or None with each wrong field's message shown under it (the first one focused)."""
        cleaned: dict[str, str] = {}
        first_bad: QWidget | None = None
        for key in self.keys:
            try:
                cleaned[key] = check_setting(key, self.value(key))  # pure: no store
                self.show_error(key, "")
            except SettingsError as exc:
                message = str(exc)
                if key == "station.counter" and not self.value(key):
                    message = f"{SPECS[key].label}: chọn số quầy của máy này ({MIN_COUNTER}–{MAX_COUNTER})."
                self.show_error(key, message)
                first_bad = first_bad or self.editors[key]
        if first_bad is not None:
            first_bad.setFocus()
            return None
        return cleaned

    def show_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.setVisible(bool(message))
