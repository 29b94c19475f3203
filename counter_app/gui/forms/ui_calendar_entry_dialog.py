# Generated from ui/calendar_entry_dialog.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'calendar_entry_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CalendarEntryDialog(object):
    def setupUi(self, CalendarEntryDialog):
        if not CalendarEntryDialog.objectName():
            CalendarEntryDialog.setObjectName(u"CalendarEntryDialog")
        CalendarEntryDialog.resize(620, 300)
        self.mainLayout = QVBoxLayout(CalendarEntryDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.dayLabel = QLabel(CalendarEntryDialog)
        self.dayLabel.setObjectName(u"dayLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.dayLabel)

        self.dayLayout = QHBoxLayout()
        self.dayLayout.setObjectName(u"dayLayout")
        self.dayEdit = QDateEdit(CalendarEntryDialog)
        self.dayEdit.setObjectName(u"dayEdit")
        self.dayEdit.setCalendarPopup(True)

        self.dayLayout.addWidget(self.dayEdit)

        self.weekdayLabel = QLabel(CalendarEntryDialog)
        self.weekdayLabel.setObjectName(u"weekdayLabel")

        self.dayLayout.addWidget(self.weekdayLabel)

        self.daySpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dayLayout.addItem(self.daySpacer)


        self.formLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.dayLayout)

        self.kindLabel = QLabel(CalendarEntryDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(CalendarEntryDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.nameLabel = QLabel(CalendarEntryDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(CalendarEntryDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.sourceLabel = QLabel(CalendarEntryDialog)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.sourceLabel)

        self.sourceEdit = QPlainTextEdit(CalendarEntryDialog)
        self.sourceEdit.setObjectName(u"sourceEdit")
        self.sourceEdit.setMaximumSize(QSize(16777215, 64))
        self.sourceEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sourceEdit)

        self.provisionalCheck = QCheckBox(CalendarEntryDialog)
        self.provisionalCheck.setObjectName(u"provisionalCheck")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.provisionalCheck)


        self.mainLayout.addLayout(self.formLayout)

        self.verticalSpacer = QSpacerItem(10, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.errorLabel = QLabel(CalendarEntryDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(CalendarEntryDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.dayLabel.setBuddy(self.dayEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.nameLabel.setBuddy(self.nameEdit)
        self.sourceLabel.setBuddy(self.sourceEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.dayEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.sourceEdit)
        QWidget.setTabOrder(self.sourceEdit, self.provisionalCheck)

        self.retranslateUi(CalendarEntryDialog)
        self.buttonBox.rejected.connect(CalendarEntryDialog.reject)

        QMetaObject.connectSlotsByName(CalendarEntryDialog)
    # setupUi

    def retranslateUi(self, CalendarEntryDialog):
        CalendarEntryDialog.setWindowTitle(QCoreApplication.translate("CalendarEntryDialog", u"Ng\u00e0y trong l\u1ecbch l\u00e0m vi\u1ec7c", None))
        self.dayLabel.setText(QCoreApplication.translate("CalendarEntryDialog", u"&Ng\u00e0y: *", None))
        self.dayEdit.setDisplayFormat(QCoreApplication.translate("CalendarEntryDialog", u"dd/MM/yyyy", None))
        self.weekdayLabel.setText("")
        self.weekdayLabel.setProperty(u"role", QCoreApplication.translate("CalendarEntryDialog", u"hint", None))
        self.kindLabel.setText(QCoreApplication.translate("CalendarEntryDialog", u"&Lo\u1ea1i ng\u00e0y: *", None))
        self.nameLabel.setText(QCoreApplication.translate("CalendarEntryDialog", u"&T\u00ean ng\u00e0y: *", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("CalendarEntryDialog", u"v\u00ed d\u1ee5: T\u1ebft Nguy\u00ean \u0111\u00e1n; Ngh\u1ec9 b\u00f9 Gi\u1ed7 T\u1ed5 H\u00f9ng V\u01b0\u01a1ng; L\u00e0m b\u00f9 cho Th\u1ee9 S\u00e1u 02/01", None))
        self.sourceLabel.setText(QCoreApplication.translate("CalendarEntryDialog", u"&C\u0103n c\u1ee9: *", None))
        self.sourceEdit.setPlaceholderText(QCoreApplication.translate("CalendarEntryDialog", u"V\u0103n b\u1ea3n ho\u1eb7c th\u00f4ng b\u00e1o quy \u0111\u1ecbnh ng\u00e0y n\u00e0y, v\u00ed d\u1ee5: Th\u00f4ng b\u00e1o 9441/TB-BNV ng\u00e0y 16/10/2025", None))
        self.provisionalCheck.setText(QCoreApplication.translate("CalendarEntryDialog", u"&D\u1ef1 ki\u1ebfn (ch\u01b0a c\u00f3 th\u00f4ng b\u00e1o ch\u00ednh th\u1ee9c: h\u1ea1n tr\u1ea3 qua ng\u00e0y n\u00e0y s\u1ebd k\u00e8m c\u1ea3nh b\u00e1o)", None))
        self.errorLabel.setText("")
        self.errorLabel.setProperty(u"role", QCoreApplication.translate("CalendarEntryDialog", u"fieldError", None))
    # retranslateUi

