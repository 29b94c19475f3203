"""The list of problems found in a file that was not imported (ui/import_errors_dialog.ui)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from counter_app.gui.forms.ui_import_errors_dialog import Ui_ImportErrorsDialog


class ImportErrorsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ImportErrorsDialog()
        self.ui.setupUi(self)
        self.ui.copyButton.clicked.connect(self.copy_to_clipboard)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")

    def set_errors(
        self, file_name: str, errors: Sequence[str], *, title: str = "Không nhập được tệp", hint: str | None = None
    ) -> None:
        self.setWindowTitle(title)
        if hint is not None:
            self.ui.hintLabel.setText(hint)
        count = len(errors)
        self.ui.summaryLabel.setText(
            f"Tệp {file_name} có {count} lỗi nên chưa nhập gì."
            if count != 1
            else f"Tệp {file_name} có lỗi nên chưa nhập gì."
        )
        self.ui.errorList.clear()
        self.ui.errorList.addItems([str(e) for e in errors])

    def errors(self) -> list[str]:
        return [self.ui.errorList.item(i).text() for i in range(self.ui.errorList.count())]

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setText("\n".join([self.ui.summaryLabel.text(), *self.errors()]))
