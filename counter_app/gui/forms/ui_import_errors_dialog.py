# Generated from ui/import_errors_dialog.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_errors_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog,
    QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_ImportErrorsDialog(object):
    def setupUi(self, ImportErrorsDialog):
        if not ImportErrorsDialog.objectName():
            ImportErrorsDialog.setObjectName(u"ImportErrorsDialog")
        ImportErrorsDialog.resize(820, 420)
        self.mainLayout = QVBoxLayout(ImportErrorsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.summaryLabel = QLabel(ImportErrorsDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.summaryLabel)

        self.errorList = QListWidget(ImportErrorsDialog)
        self.errorList.setObjectName(u"errorList")
        self.errorList.setAlternatingRowColors(True)
        self.errorList.setWordWrap(True)
        self.errorList.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        self.mainLayout.addWidget(self.errorList)

        self.hintLabel = QLabel(ImportErrorsDialog)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.hintLabel)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.copyButton = QPushButton(ImportErrorsDialog)
        self.copyButton.setObjectName(u"copyButton")
        self.copyButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.copyButton)

        self.buttonBox = QDialogButtonBox(ImportErrorsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.buttonLayout.addWidget(self.buttonBox)


        self.mainLayout.addLayout(self.buttonLayout)


        self.retranslateUi(ImportErrorsDialog)
        self.buttonBox.rejected.connect(ImportErrorsDialog.reject)

        QMetaObject.connectSlotsByName(ImportErrorsDialog)
    # setupUi

    def retranslateUi(self, ImportErrorsDialog):
        ImportErrorsDialog.setWindowTitle(QCoreApplication.translate("ImportErrorsDialog", u"Kh\u00f4ng nh\u1eadp \u0111\u01b0\u1ee3c t\u1ec7p", None))
        self.summaryLabel.setText("")
        self.summaryLabel.setProperty(u"state", QCoreApplication.translate("ImportErrorsDialog", u"error", None))
        self.hintLabel.setText(QCoreApplication.translate("ImportErrorsDialog", u"D\u00f2ng v\u00e0 c\u1ed9t t\u00ednh nh\u01b0 trong Excel (d\u00f2ng 1 l\u00e0 d\u00f2ng ti\u00eau \u0111\u1ec1). S\u1eeda t\u1ec7p r\u1ed3i nh\u1eadp l\u1ea1i; ch\u01b0a c\u00f3 g\u00ec b\u1ecb thay \u0111\u1ed5i.", None))
        self.hintLabel.setProperty(u"role", QCoreApplication.translate("ImportErrorsDialog", u"hint", None))
        self.copyButton.setText(QCoreApplication.translate("ImportErrorsDialog", u"&Sao ch\u00e9p danh s\u00e1ch l\u1ed7i", None))
    # retranslateUi

