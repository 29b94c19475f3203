# Generated from ui/procedure_dialog.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'procedure_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QComboBox, QDateEdit, QDialog, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSpinBox, QTabWidget, QTableWidget,
    QTableWidgetItem, QTimeEdit, QVBoxLayout, QWidget)

class Ui_ProcedureDialog(object):
    def setupUi(self, ProcedureDialog):
        if not ProcedureDialog.objectName():
            ProcedureDialog.setObjectName(u"ProcedureDialog")
        ProcedureDialog.resize(900, 660)
        self.mainLayout = QVBoxLayout(ProcedureDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.versionInfo = QLabel(ProcedureDialog)
        self.versionInfo.setObjectName(u"versionInfo")
        self.versionInfo.setWordWrap(True)

        self.mainLayout.addWidget(self.versionInfo)

        self.tabs = QTabWidget(ProcedureDialog)
        self.tabs.setObjectName(u"tabs")
        self.generalTab = QWidget()
        self.generalTab.setObjectName(u"generalTab")
        self.generalLayout = QFormLayout(self.generalTab)
        self.generalLayout.setObjectName(u"generalLayout")
        self.generalLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.codeLabel = QLabel(self.generalTab)
        self.codeLabel.setObjectName(u"codeLabel")

        self.generalLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(self.generalTab)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(64)

        self.generalLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.codeEdit)

        self.nameLabel = QLabel(self.generalTab)
        self.nameLabel.setObjectName(u"nameLabel")

        self.generalLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QPlainTextEdit(self.generalTab)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaximumSize(QSize(16777215, 56))
        self.nameEdit.setTabChangesFocus(True)

        self.generalLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.fieldLabel = QLabel(self.generalTab)
        self.fieldLabel.setObjectName(u"fieldLabel")

        self.generalLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.fieldLabel)

        self.fieldCombo = QComboBox(self.generalTab)
        self.fieldCombo.setObjectName(u"fieldCombo")

        self.generalLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.fieldCombo)

        self.levelLabel = QLabel(self.generalTab)
        self.levelLabel.setObjectName(u"levelLabel")

        self.generalLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.levelLabel)

        self.levelCombo = QComboBox(self.generalTab)
        self.levelCombo.setObjectName(u"levelCombo")

        self.generalLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.levelCombo)

        self.durationLabel = QLabel(self.generalTab)
        self.durationLabel.setObjectName(u"durationLabel")

        self.generalLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.durationLabel)

        self.durationLayout = QHBoxLayout()
        self.durationLayout.setObjectName(u"durationLayout")
        self.durationSpin = QSpinBox(self.generalTab)
        self.durationSpin.setObjectName(u"durationSpin")
        self.durationSpin.setMinimumSize(QSize(130, 0))
        self.durationSpin.setMaximum(1000)

        self.durationLayout.addWidget(self.durationSpin)

        self.unitCombo = QComboBox(self.generalTab)
        self.unitCombo.setObjectName(u"unitCombo")

        self.durationLayout.addWidget(self.unitCombo)

        self.triggerLabel = QLabel(self.generalTab)
        self.triggerLabel.setObjectName(u"triggerLabel")

        self.durationLayout.addWidget(self.triggerLabel)

        self.triggerCombo = QComboBox(self.generalTab)
        self.triggerCombo.setObjectName(u"triggerCombo")

        self.durationLayout.addWidget(self.triggerCombo)

        self.durationSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.durationLayout.addItem(self.durationSpacer)


        self.generalLayout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.durationLayout)

        self.cutoffLabel = QLabel(self.generalTab)
        self.cutoffLabel.setObjectName(u"cutoffLabel")

        self.generalLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.cutoffLabel)

        self.cutoffLayout = QHBoxLayout()
        self.cutoffLayout.setObjectName(u"cutoffLayout")
        self.cutoffCheck = QCheckBox(self.generalTab)
        self.cutoffCheck.setObjectName(u"cutoffCheck")

        self.cutoffLayout.addWidget(self.cutoffCheck)

        self.cutoffTime = QTimeEdit(self.generalTab)
        self.cutoffTime.setObjectName(u"cutoffTime")
        self.cutoffTime.setEnabled(False)
        self.cutoffTime.setTime(QTime(15, 0, 0))

        self.cutoffLayout.addWidget(self.cutoffTime)

        self.cutoffHint = QLabel(self.generalTab)
        self.cutoffHint.setObjectName(u"cutoffHint")

        self.cutoffLayout.addWidget(self.cutoffHint)

        self.cutoffSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.cutoffLayout.addItem(self.cutoffSpacer)


        self.generalLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.cutoffLayout)

        self.feeLabel = QLabel(self.generalTab)
        self.feeLabel.setObjectName(u"feeLabel")

        self.generalLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.feeLabel)

        self.feeEdit = QPlainTextEdit(self.generalTab)
        self.feeEdit.setObjectName(u"feeEdit")
        self.feeEdit.setTabChangesFocus(True)

        self.generalLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.feeEdit)

        self.onlineLabel = QLabel(self.generalTab)
        self.onlineLabel.setObjectName(u"onlineLabel")

        self.generalLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.onlineLabel)

        self.onlineCombo = QComboBox(self.generalTab)
        self.onlineCombo.setObjectName(u"onlineCombo")

        self.generalLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.onlineCombo)

        self.legalLabel = QLabel(self.generalTab)
        self.legalLabel.setObjectName(u"legalLabel")

        self.generalLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.legalLabel)

        self.legalEdit = QPlainTextEdit(self.generalTab)
        self.legalEdit.setObjectName(u"legalEdit")
        self.legalEdit.setTabChangesFocus(True)

        self.generalLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.legalEdit)

        self.resultPlaceLabel = QLabel(self.generalTab)
        self.resultPlaceLabel.setObjectName(u"resultPlaceLabel")

        self.generalLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.resultPlaceLabel)

        self.resultPlaceEdit = QLineEdit(self.generalTab)
        self.resultPlaceEdit.setObjectName(u"resultPlaceEdit")
        self.resultPlaceEdit.setMaxLength(255)

        self.generalLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.resultPlaceEdit)

        self.effectiveFromLabel = QLabel(self.generalTab)
        self.effectiveFromLabel.setObjectName(u"effectiveFromLabel")

        self.generalLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.effectiveFromLabel)

        self.effectiveLayout = QHBoxLayout()
        self.effectiveLayout.setObjectName(u"effectiveLayout")
        self.effectiveFromDate = QDateEdit(self.generalTab)
        self.effectiveFromDate.setObjectName(u"effectiveFromDate")
        self.effectiveFromDate.setCalendarPopup(True)

        self.effectiveLayout.addWidget(self.effectiveFromDate)

        self.effectiveToCheck = QCheckBox(self.generalTab)
        self.effectiveToCheck.setObjectName(u"effectiveToCheck")

        self.effectiveLayout.addWidget(self.effectiveToCheck)

        self.effectiveToDate = QDateEdit(self.generalTab)
        self.effectiveToDate.setObjectName(u"effectiveToDate")
        self.effectiveToDate.setEnabled(False)
        self.effectiveToDate.setCalendarPopup(True)

        self.effectiveLayout.addWidget(self.effectiveToDate)

        self.effectiveSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.effectiveLayout.addItem(self.effectiveSpacer)


        self.generalLayout.setLayout(10, QFormLayout.ItemRole.FieldRole, self.effectiveLayout)

        self.tabs.addTab(self.generalTab, "")
        self.documentsTab = QWidget()
        self.documentsTab.setObjectName(u"documentsTab")
        self.documentsLayout = QVBoxLayout(self.documentsTab)
        self.documentsLayout.setObjectName(u"documentsLayout")
        self.documentsTable = QTableWidget(self.documentsTab)
        if (self.documentsTable.columnCount() < 4):
            self.documentsTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.documentsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.documentsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.documentsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.documentsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.documentsTable.setObjectName(u"documentsTable")
        self.documentsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documentsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documentsTable.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.documentsTable.horizontalHeader().setStretchLastSection(False)
        self.documentsTable.verticalHeader().setVisible(True)

        self.documentsLayout.addWidget(self.documentsTable)

        self.documentButtons = QHBoxLayout()
        self.documentButtons.setObjectName(u"documentButtons")
        self.addDocumentButton = QPushButton(self.documentsTab)
        self.addDocumentButton.setObjectName(u"addDocumentButton")
        self.addDocumentButton.setAutoDefault(False)

        self.documentButtons.addWidget(self.addDocumentButton)

        self.removeDocumentButton = QPushButton(self.documentsTab)
        self.removeDocumentButton.setObjectName(u"removeDocumentButton")
        self.removeDocumentButton.setAutoDefault(False)

        self.documentButtons.addWidget(self.removeDocumentButton)

        self.upButton = QPushButton(self.documentsTab)
        self.upButton.setObjectName(u"upButton")
        self.upButton.setAutoDefault(False)

        self.documentButtons.addWidget(self.upButton)

        self.downButton = QPushButton(self.documentsTab)
        self.downButton.setObjectName(u"downButton")
        self.downButton.setAutoDefault(False)

        self.documentButtons.addWidget(self.downButton)

        self.documentSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.documentButtons.addItem(self.documentSpacer)


        self.documentsLayout.addLayout(self.documentButtons)

        self.tabs.addTab(self.documentsTab, "")

        self.mainLayout.addWidget(self.tabs)

        self.errorLabel = QLabel(ProcedureDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ProcedureDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.codeLabel.setBuddy(self.codeEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.fieldLabel.setBuddy(self.fieldCombo)
        self.levelLabel.setBuddy(self.levelCombo)
        self.durationLabel.setBuddy(self.durationSpin)
        self.triggerLabel.setBuddy(self.triggerCombo)
        self.feeLabel.setBuddy(self.feeEdit)
        self.onlineLabel.setBuddy(self.onlineCombo)
        self.legalLabel.setBuddy(self.legalEdit)
        self.resultPlaceLabel.setBuddy(self.resultPlaceEdit)
        self.effectiveFromLabel.setBuddy(self.effectiveFromDate)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.codeEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.fieldCombo)
        QWidget.setTabOrder(self.fieldCombo, self.levelCombo)
        QWidget.setTabOrder(self.levelCombo, self.durationSpin)
        QWidget.setTabOrder(self.durationSpin, self.unitCombo)
        QWidget.setTabOrder(self.unitCombo, self.triggerCombo)
        QWidget.setTabOrder(self.triggerCombo, self.cutoffCheck)
        QWidget.setTabOrder(self.cutoffCheck, self.cutoffTime)
        QWidget.setTabOrder(self.cutoffTime, self.feeEdit)
        QWidget.setTabOrder(self.feeEdit, self.onlineCombo)
        QWidget.setTabOrder(self.onlineCombo, self.legalEdit)
        QWidget.setTabOrder(self.legalEdit, self.resultPlaceEdit)
        QWidget.setTabOrder(self.resultPlaceEdit, self.effectiveFromDate)
        QWidget.setTabOrder(self.effectiveFromDate, self.effectiveToCheck)
        QWidget.setTabOrder(self.effectiveToCheck, self.effectiveToDate)
        QWidget.setTabOrder(self.effectiveToDate, self.documentsTable)
        QWidget.setTabOrder(self.documentsTable, self.addDocumentButton)
        QWidget.setTabOrder(self.addDocumentButton, self.removeDocumentButton)
        QWidget.setTabOrder(self.removeDocumentButton, self.upButton)
        QWidget.setTabOrder(self.upButton, self.downButton)

        self.retranslateUi(ProcedureDialog)
        self.buttonBox.rejected.connect(ProcedureDialog.reject)
        self.cutoffCheck.toggled.connect(self.cutoffTime.setEnabled)
        self.effectiveToCheck.toggled.connect(self.effectiveToDate.setEnabled)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(ProcedureDialog)
    # setupUi

    def retranslateUi(self, ProcedureDialog):
        ProcedureDialog.setWindowTitle(QCoreApplication.translate("ProcedureDialog", u"S\u1eeda th\u1ee7 t\u1ee5c", None))
        self.versionInfo.setText("")
        self.versionInfo.setProperty(u"role", QCoreApplication.translate("ProcedureDialog", u"hint", None))
        self.codeLabel.setText(QCoreApplication.translate("ProcedureDialog", u"&M\u00e3 th\u1ee7 t\u1ee5c (m\u00e3 TTHC): *", None))
        self.codeEdit.setPlaceholderText(QCoreApplication.translate("ProcedureDialog", u"v\u00ed d\u1ee5 1.004563.000.00.00.H61", None))
        self.nameLabel.setText(QCoreApplication.translate("ProcedureDialog", u"&T\u00ean th\u1ee7 t\u1ee5c: *", None))
        self.fieldLabel.setText(QCoreApplication.translate("ProcedureDialog", u"&L\u0129nh v\u1ef1c: *", None))
        self.levelLabel.setText(QCoreApplication.translate("ProcedureDialog", u"&C\u1ea5p th\u1ef1c hi\u1ec7n:", None))
        self.durationLabel.setText(QCoreApplication.translate("ProcedureDialog", u"T&h\u1eddi h\u1ea1n gi\u1ea3i quy\u1ebft: *", None))
        self.durationSpin.setSpecialValueText(QCoreApplication.translate("ProcedureDialog", u"0 (trong ng\u00e0y)", None))
        self.triggerLabel.setText(QCoreApplication.translate("ProcedureDialog", u"t\u00ednh &t\u1eeb khi:", None))
        self.cutoffLabel.setText(QCoreApplication.translate("ProcedureDialog", u"Gi\u1edd ti\u1ebfp nh\u1eadn cu\u1ed1i:", None))
        self.cutoffCheck.setText(QCoreApplication.translate("ProcedureDialog", u"C\u00f3 gi\u1edd ti\u1ebfp nh\u1eadn cu\u1ed1i trong ng\u00e0y:", None))
        self.cutoffTime.setDisplayFormat(QCoreApplication.translate("ProcedureDialog", u"HH:mm", None))
        self.cutoffHint.setText(QCoreApplication.translate("ProcedureDialog", u"(nh\u1eadn sau gi\u1edd n\u00e0y t\u00ednh t\u1eeb ng\u00e0y l\u00e0m vi\u1ec7c ti\u1ebfp theo)", None))
        self.cutoffHint.setProperty(u"role", QCoreApplication.translate("ProcedureDialog", u"hint", None))
        self.feeLabel.setText(QCoreApplication.translate("ProcedureDialog", u"&Ph\u00ed, l\u1ec7 ph\u00ed:", None))
        self.onlineLabel.setText(QCoreApplication.translate("ProcedureDialog", u"M\u1ee9c \u0111\u1ed9 t&r\u1ef1c tuy\u1ebfn:", None))
        self.legalLabel.setText(QCoreApplication.translate("ProcedureDialog", u"C\u0103n c\u1ee9 ph\u00e1p &l\u00fd:", None))
        self.resultPlaceLabel.setText(QCoreApplication.translate("ProcedureDialog", u"N\u01a1i tr\u1ea3 &k\u1ebft qu\u1ea3:", None))
        self.effectiveFromLabel.setText(QCoreApplication.translate("ProcedureDialog", u"\u00c1p d\u1ee5ng &t\u1eeb ng\u00e0y:", None))
        self.effectiveFromDate.setDisplayFormat(QCoreApplication.translate("ProcedureDialog", u"dd/MM/yyyy", None))
        self.effectiveToCheck.setText(QCoreApplication.translate("ProcedureDialog", u"H\u1ebft &hi\u1ec7u l\u1ef1c sau ng\u00e0y:", None))
        self.effectiveToDate.setDisplayFormat(QCoreApplication.translate("ProcedureDialog", u"dd/MM/yyyy", None))
        self.tabs.setTabText(self.tabs.indexOf(self.generalTab), QCoreApplication.translate("ProcedureDialog", u"Th\u00f4ng tin chung", None))
        ___qtablewidgetitem = self.documentsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ProcedureDialog", u"T\u00ean gi\u1ea5y t\u1edd", None))
        ___qtablewidgetitem1 = self.documentsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ProcedureDialog", u"Lo\u1ea1i b\u1ea3n", None))
        ___qtablewidgetitem2 = self.documentsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ProcedureDialog", u"S\u1ed1 l\u01b0\u1ee3ng", None))
        ___qtablewidgetitem3 = self.documentsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ProcedureDialog", u"B\u1eaft bu\u1ed9c", None))
        self.addDocumentButton.setText(QCoreApplication.translate("ProcedureDialog", u"Th\u00eam &gi\u1ea5y t\u1edd", None))
        self.removeDocumentButton.setText(QCoreApplication.translate("ProcedureDialog", u"&X\u00f3a gi\u1ea5y t\u1edd", None))
        self.upButton.setText(QCoreApplication.translate("ProcedureDialog", u"L\u00ean \u2191", None))
        self.downButton.setText(QCoreApplication.translate("ProcedureDialog", u"Xu\u1ed1ng \u2193", None))
        self.tabs.setTabText(self.tabs.indexOf(self.documentsTab), QCoreApplication.translate("ProcedureDialog", u"Th\u00e0nh ph\u1ea7n h\u1ed3 s\u01a1", None))
        self.errorLabel.setText("")
        self.errorLabel.setProperty(u"role", QCoreApplication.translate("ProcedureDialog", u"fieldError", None))
    # retranslateUi

