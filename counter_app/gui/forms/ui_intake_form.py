# Generated from ui/intake_form.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'intake_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QSpinBox, QTableWidget,
    QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

class Ui_IntakeForm(object):
    def setupUi(self, IntakeForm):
        if not IntakeForm.objectName():
            IntakeForm.setObjectName(u"IntakeForm")
        IntakeForm.resize(1280, 470)
        self.formLayout = QVBoxLayout(IntakeForm)
        self.formLayout.setSpacing(6)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setContentsMargins(6, 6, 6, 4)
        self.procedureBox = QGroupBox(IntakeForm)
        self.procedureBox.setObjectName(u"procedureBox")
        self.procedureLayout = QGridLayout(self.procedureBox)
        self.procedureLayout.setObjectName(u"procedureLayout")
        self.procedureLayout.setHorizontalSpacing(8)
        self.procedureLayout.setVerticalSpacing(3)
        self.procedureSearchLabel = QLabel(self.procedureBox)
        self.procedureSearchLabel.setObjectName(u"procedureSearchLabel")

        self.procedureLayout.addWidget(self.procedureSearchLabel, 0, 0, 1, 1)

        self.procedureSearch = QLineEdit(self.procedureBox)
        self.procedureSearch.setObjectName(u"procedureSearch")
        self.procedureSearch.setClearButtonEnabled(True)

        self.procedureLayout.addWidget(self.procedureSearch, 0, 1, 1, 3)

        self.procedureError = QLabel(self.procedureBox)
        self.procedureError.setObjectName(u"procedureError")
        self.procedureError.setVisible(False)
        self.procedureError.setWordWrap(True)

        self.procedureLayout.addWidget(self.procedureError, 1, 1, 1, 3)

        self.fieldCaption = QLabel(self.procedureBox)
        self.fieldCaption.setObjectName(u"fieldCaption")

        self.procedureLayout.addWidget(self.fieldCaption, 2, 0, 1, 1)

        self.fieldValue = QLabel(self.procedureBox)
        self.fieldValue.setObjectName(u"fieldValue")
        self.fieldValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.procedureLayout.addWidget(self.fieldValue, 2, 1, 1, 1)

        self.codeCaption = QLabel(self.procedureBox)
        self.codeCaption.setObjectName(u"codeCaption")

        self.procedureLayout.addWidget(self.codeCaption, 2, 2, 1, 1)

        self.codeValue = QLabel(self.procedureBox)
        self.codeValue.setObjectName(u"codeValue")
        self.codeValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.procedureLayout.addWidget(self.codeValue, 2, 3, 1, 1)

        self.durationCaption = QLabel(self.procedureBox)
        self.durationCaption.setObjectName(u"durationCaption")

        self.procedureLayout.addWidget(self.durationCaption, 3, 0, 1, 1)

        self.durationValue = QLabel(self.procedureBox)
        self.durationValue.setObjectName(u"durationValue")

        self.procedureLayout.addWidget(self.durationValue, 3, 1, 1, 1)

        self.feeCaption = QLabel(self.procedureBox)
        self.feeCaption.setObjectName(u"feeCaption")

        self.procedureLayout.addWidget(self.feeCaption, 3, 2, 1, 1)

        self.feeValue = QLabel(self.procedureBox)
        self.feeValue.setObjectName(u"feeValue")
        self.feeValue.setWordWrap(True)
        self.feeValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.procedureLayout.addWidget(self.feeValue, 3, 3, 1, 1)

        self.procedureLayout.setColumnStretch(1, 3)
        self.procedureLayout.setColumnStretch(3, 2)

        self.formLayout.addWidget(self.procedureBox)

        self.middleLayout = QHBoxLayout()
        self.middleLayout.setSpacing(6)
        self.middleLayout.setObjectName(u"middleLayout")
        self.applicantBox = QGroupBox(IntakeForm)
        self.applicantBox.setObjectName(u"applicantBox")
        self.applicantLayout = QGridLayout(self.applicantBox)
        self.applicantLayout.setObjectName(u"applicantLayout")
        self.applicantLayout.setHorizontalSpacing(8)
        self.applicantLayout.setVerticalSpacing(4)
        self.applicantNameLabel = QLabel(self.applicantBox)
        self.applicantNameLabel.setObjectName(u"applicantNameLabel")

        self.applicantLayout.addWidget(self.applicantNameLabel, 0, 0, 1, 1)

        self.applicantName = QLineEdit(self.applicantBox)
        self.applicantName.setObjectName(u"applicantName")

        self.applicantLayout.addWidget(self.applicantName, 0, 1, 1, 3)

        self.applicantNameError = QLabel(self.applicantBox)
        self.applicantNameError.setObjectName(u"applicantNameError")
        self.applicantNameError.setVisible(False)
        self.applicantNameError.setWordWrap(True)

        self.applicantLayout.addWidget(self.applicantNameError, 1, 1, 1, 3)

        self.organizationLabel = QLabel(self.applicantBox)
        self.organizationLabel.setObjectName(u"organizationLabel")

        self.applicantLayout.addWidget(self.organizationLabel, 2, 0, 1, 1)

        self.organization = QLineEdit(self.applicantBox)
        self.organization.setObjectName(u"organization")

        self.applicantLayout.addWidget(self.organization, 2, 1, 1, 1)

        self.taxCodeLabel = QLabel(self.applicantBox)
        self.taxCodeLabel.setObjectName(u"taxCodeLabel")

        self.applicantLayout.addWidget(self.taxCodeLabel, 2, 2, 1, 1)

        self.taxCode = QLineEdit(self.applicantBox)
        self.taxCode.setObjectName(u"taxCode")
        self.taxCode.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.applicantLayout.addWidget(self.taxCode, 2, 3, 1, 1)

        self.organizationError = QLabel(self.applicantBox)
        self.organizationError.setObjectName(u"organizationError")
        self.organizationError.setVisible(False)
        self.organizationError.setWordWrap(True)

        self.applicantLayout.addWidget(self.organizationError, 3, 1, 1, 3)

        self.idNumberLabel = QLabel(self.applicantBox)
        self.idNumberLabel.setObjectName(u"idNumberLabel")

        self.applicantLayout.addWidget(self.idNumberLabel, 4, 0, 1, 1)

        self.idLayout = QHBoxLayout()
        self.idLayout.setSpacing(4)
        self.idLayout.setObjectName(u"idLayout")
        self.idType = QComboBox(self.applicantBox)
        self.idType.addItem("")
        self.idType.addItem("")
        self.idType.addItem("")
        self.idType.addItem("")
        self.idType.setObjectName(u"idType")
        self.idType.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.idLayout.addWidget(self.idType)

        self.idNumber = QLineEdit(self.applicantBox)
        self.idNumber.setObjectName(u"idNumber")

        self.idLayout.addWidget(self.idNumber)

        self.idCountry = QLineEdit(self.applicantBox)
        self.idCountry.setObjectName(u"idCountry")
        self.idCountry.setVisible(False)

        self.idLayout.addWidget(self.idCountry)

        self.idLayout.setStretch(1, 3)
        self.idLayout.setStretch(2, 2)

        self.applicantLayout.addLayout(self.idLayout, 4, 1, 1, 3)

        self.phoneLabel = QLabel(self.applicantBox)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.applicantLayout.addWidget(self.phoneLabel, 7, 0, 1, 1)

        self.phone = QLineEdit(self.applicantBox)
        self.phone.setObjectName(u"phone")

        self.applicantLayout.addWidget(self.phone, 7, 1, 1, 1)

        self.idNumberError = QLabel(self.applicantBox)
        self.idNumberError.setObjectName(u"idNumberError")
        self.idNumberError.setVisible(False)
        self.idNumberError.setWordWrap(True)

        self.applicantLayout.addWidget(self.idNumberError, 5, 1, 1, 3)

        self.phoneError = QLabel(self.applicantBox)
        self.phoneError.setObjectName(u"phoneError")
        self.phoneError.setVisible(False)
        self.phoneError.setWordWrap(True)

        self.applicantLayout.addWidget(self.phoneError, 8, 1, 1, 1)

        self.emailLabel = QLabel(self.applicantBox)
        self.emailLabel.setObjectName(u"emailLabel")

        self.applicantLayout.addWidget(self.emailLabel, 7, 2, 1, 1)

        self.email = QLineEdit(self.applicantBox)
        self.email.setObjectName(u"email")

        self.applicantLayout.addWidget(self.email, 7, 3, 1, 1)

        self.emailError = QLabel(self.applicantBox)
        self.emailError.setObjectName(u"emailError")
        self.emailError.setVisible(False)
        self.emailError.setWordWrap(True)

        self.applicantLayout.addWidget(self.emailError, 8, 3, 1, 1)

        self.addressLabel = QLabel(self.applicantBox)
        self.addressLabel.setObjectName(u"addressLabel")

        self.applicantLayout.addWidget(self.addressLabel, 9, 0, 1, 1)

        self.address = QLineEdit(self.applicantBox)
        self.address.setObjectName(u"address")

        self.applicantLayout.addWidget(self.address, 9, 1, 1, 3)

        self.addressError = QLabel(self.applicantBox)
        self.addressError.setObjectName(u"addressError")
        self.addressError.setVisible(False)
        self.addressError.setWordWrap(True)

        self.applicantLayout.addWidget(self.addressError, 10, 1, 1, 3)

        self.birthDateLabel = QLabel(self.applicantBox)
        self.birthDateLabel.setObjectName(u"birthDateLabel")

        self.applicantLayout.addWidget(self.birthDateLabel, 11, 0, 1, 1)

        self.personalLayout = QHBoxLayout()
        self.personalLayout.setSpacing(4)
        self.personalLayout.setObjectName(u"personalLayout")
        self.birthDate = QLineEdit(self.applicantBox)
        self.birthDate.setObjectName(u"birthDate")

        self.personalLayout.addWidget(self.birthDate)

        self.sexLabel = QLabel(self.applicantBox)
        self.sexLabel.setObjectName(u"sexLabel")

        self.personalLayout.addWidget(self.sexLabel)

        self.sex = QComboBox(self.applicantBox)
        self.sex.addItem("")
        self.sex.addItem("")
        self.sex.addItem("")
        self.sex.setObjectName(u"sex")

        self.personalLayout.addWidget(self.sex)

        self.personalLayout.setStretch(0, 3)
        self.personalLayout.setStretch(2, 2)

        self.applicantLayout.addLayout(self.personalLayout, 11, 1, 1, 1)

        self.idIssuedOnLabel = QLabel(self.applicantBox)
        self.idIssuedOnLabel.setObjectName(u"idIssuedOnLabel")

        self.applicantLayout.addWidget(self.idIssuedOnLabel, 11, 2, 1, 1)

        self.idIssuedOn = QLineEdit(self.applicantBox)
        self.idIssuedOn.setObjectName(u"idIssuedOn")

        self.applicantLayout.addWidget(self.idIssuedOn, 11, 3, 1, 1)

        self.personalError = QLabel(self.applicantBox)
        self.personalError.setObjectName(u"personalError")
        self.personalError.setVisible(False)
        self.personalError.setWordWrap(True)

        self.applicantLayout.addWidget(self.personalError, 12, 1, 1, 3)

        self.channelLabel = QLabel(self.applicantBox)
        self.channelLabel.setObjectName(u"channelLabel")

        self.applicantLayout.addWidget(self.channelLabel, 13, 0, 1, 1)

        self.channel = QComboBox(self.applicantBox)
        self.channel.addItem("")
        self.channel.addItem("")
        self.channel.addItem("")
        self.channel.setObjectName(u"channel")

        self.applicantLayout.addWidget(self.channel, 13, 1, 1, 1)

        self.copiesLabel = QLabel(self.applicantBox)
        self.copiesLabel.setObjectName(u"copiesLabel")

        self.applicantLayout.addWidget(self.copiesLabel, 13, 2, 1, 1)

        self.copies = QSpinBox(self.applicantBox)
        self.copies.setObjectName(u"copies")
        self.copies.setMinimum(1)
        self.copies.setMaximum(50)

        self.applicantLayout.addWidget(self.copies, 13, 3, 1, 1)

        self.channelError = QLabel(self.applicantBox)
        self.channelError.setObjectName(u"channelError")
        self.channelError.setVisible(False)
        self.channelError.setWordWrap(True)

        self.applicantLayout.addWidget(self.channelError, 14, 1, 1, 3)

        self.copiesError = QLabel(self.applicantBox)
        self.copiesError.setObjectName(u"copiesError")
        self.copiesError.setVisible(False)
        self.copiesError.setWordWrap(True)

        self.applicantLayout.addWidget(self.copiesError, 15, 1, 1, 3)

        self.applicantSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.applicantLayout.addItem(self.applicantSpacer, 16, 0, 1, 4)

        self.applicantLayout.setColumnStretch(1, 3)
        self.applicantLayout.setColumnStretch(3, 2)

        self.middleLayout.addWidget(self.applicantBox)

        self.documentsBox = QGroupBox(IntakeForm)
        self.documentsBox.setObjectName(u"documentsBox")
        self.documentsLayout = QVBoxLayout(self.documentsBox)
        self.documentsLayout.setSpacing(3)
        self.documentsLayout.setObjectName(u"documentsLayout")
        self.documentsTable = QTableWidget(self.documentsBox)
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
        self.documentsTable.setMinimumSize(QSize(0, 96))
        self.documentsTable.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed)
        self.documentsTable.setTabKeyNavigation(False)
        self.documentsTable.setAlternatingRowColors(True)
        self.documentsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documentsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documentsTable.setWordWrap(False)
        self.documentsTable.setCornerButtonEnabled(False)
        self.documentsTable.setColumnCount(4)
        self.documentsTable.horizontalHeader().setHighlightSections(False)
        self.documentsTable.verticalHeader().setVisible(False)

        self.documentsLayout.addWidget(self.documentsTable)

        self.documentsError = QLabel(self.documentsBox)
        self.documentsError.setObjectName(u"documentsError")
        self.documentsError.setVisible(False)
        self.documentsError.setWordWrap(True)

        self.documentsLayout.addWidget(self.documentsError)

        self.noteLayout = QHBoxLayout()
        self.noteLayout.setSpacing(8)
        self.noteLayout.setObjectName(u"noteLayout")
        self.noteLabel = QLabel(self.documentsBox)
        self.noteLabel.setObjectName(u"noteLabel")

        self.noteLayout.addWidget(self.noteLabel)

        self.note = QLineEdit(self.documentsBox)
        self.note.setObjectName(u"note")

        self.noteLayout.addWidget(self.note)


        self.documentsLayout.addLayout(self.noteLayout)

        self.noteError = QLabel(self.documentsBox)
        self.noteError.setObjectName(u"noteError")
        self.noteError.setVisible(False)
        self.noteError.setWordWrap(True)

        self.documentsLayout.addWidget(self.noteError)

        self.documentsHint = QLabel(self.documentsBox)
        self.documentsHint.setObjectName(u"documentsHint")

        self.documentsLayout.addWidget(self.documentsHint)


        self.middleLayout.addWidget(self.documentsBox)

        self.middleLayout.setStretch(0, 5)
        self.middleLayout.setStretch(1, 6)

        self.formLayout.addLayout(self.middleLayout)

        self.appointmentBar = QFrame(IntakeForm)
        self.appointmentBar.setObjectName(u"appointmentBar")
        self.appointmentBar.setFrameShape(QFrame.Shape.StyledPanel)
        self.appointmentLayout = QGridLayout(self.appointmentBar)
        self.appointmentLayout.setObjectName(u"appointmentLayout")
        self.appointmentLayout.setHorizontalSpacing(8)
        self.appointmentLayout.setVerticalSpacing(2)
        self.appointmentLayout.setContentsMargins(8, 4, 4, 4)
        self.dueLabel = QLabel(self.appointmentBar)
        self.dueLabel.setObjectName(u"dueLabel")

        self.appointmentLayout.addWidget(self.dueLabel, 0, 0, 1, 1)

        self.dueDetailsButton = QToolButton(self.appointmentBar)
        self.dueDetailsButton.setObjectName(u"dueDetailsButton")
        self.dueDetailsButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dueDetailsButton.setCheckable(True)
        self.dueDetailsButton.setAutoRaise(True)

        self.appointmentLayout.addWidget(self.dueDetailsButton, 0, 1, 1, 1)

        self.appointmentSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.appointmentLayout.addItem(self.appointmentSpacer, 0, 2, 1, 1)

        self.skipPreview = QCheckBox(self.appointmentBar)
        self.skipPreview.setObjectName(u"skipPreview")

        self.appointmentLayout.addWidget(self.skipPreview, 0, 3, 1, 1)

        self.clearButton = QPushButton(self.appointmentBar)
        self.clearButton.setObjectName(u"clearButton")
        self.clearButton.setAutoDefault(False)

        self.appointmentLayout.addWidget(self.clearButton, 0, 4, 1, 1)

        self.saveButton = QPushButton(self.appointmentBar)
        self.saveButton.setObjectName(u"saveButton")
        self.saveButton.setAutoDefault(False)

        self.appointmentLayout.addWidget(self.saveButton, 0, 5, 1, 1)

        self.dueReasons = QLabel(self.appointmentBar)
        self.dueReasons.setObjectName(u"dueReasons")
        self.dueReasons.setVisible(False)
        self.dueReasons.setWordWrap(True)
        self.dueReasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.appointmentLayout.addWidget(self.dueReasons, 1, 0, 1, 6)

        self.formMessage = QLabel(self.appointmentBar)
        self.formMessage.setObjectName(u"formMessage")
        self.formMessage.setVisible(False)
        self.formMessage.setWordWrap(True)
        self.formMessage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.appointmentLayout.addWidget(self.formMessage, 2, 0, 1, 6)


        self.formLayout.addWidget(self.appointmentBar)

#if QT_CONFIG(shortcut)
        self.procedureSearchLabel.setBuddy(self.procedureSearch)
        self.applicantNameLabel.setBuddy(self.applicantName)
        self.organizationLabel.setBuddy(self.organization)
        self.taxCodeLabel.setBuddy(self.taxCode)
        self.idNumberLabel.setBuddy(self.idNumber)
        self.phoneLabel.setBuddy(self.phone)
        self.emailLabel.setBuddy(self.email)
        self.addressLabel.setBuddy(self.address)
        self.birthDateLabel.setBuddy(self.birthDate)
        self.sexLabel.setBuddy(self.sex)
        self.idIssuedOnLabel.setBuddy(self.idIssuedOn)
        self.channelLabel.setBuddy(self.channel)
        self.copiesLabel.setBuddy(self.copies)
        self.noteLabel.setBuddy(self.note)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.procedureSearch, self.applicantName)
        QWidget.setTabOrder(self.applicantName, self.organization)
        QWidget.setTabOrder(self.organization, self.idNumber)
        QWidget.setTabOrder(self.idNumber, self.idCountry)
        QWidget.setTabOrder(self.idCountry, self.phone)
        QWidget.setTabOrder(self.phone, self.email)
        QWidget.setTabOrder(self.email, self.address)
        QWidget.setTabOrder(self.address, self.birthDate)
        QWidget.setTabOrder(self.birthDate, self.sex)
        QWidget.setTabOrder(self.sex, self.idIssuedOn)
        QWidget.setTabOrder(self.idIssuedOn, self.channel)
        QWidget.setTabOrder(self.channel, self.copies)
        QWidget.setTabOrder(self.copies, self.documentsTable)
        QWidget.setTabOrder(self.documentsTable, self.note)
        QWidget.setTabOrder(self.note, self.skipPreview)
        QWidget.setTabOrder(self.skipPreview, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.clearButton)
        QWidget.setTabOrder(self.clearButton, self.taxCode)
        QWidget.setTabOrder(self.taxCode, self.idType)

        self.retranslateUi(IntakeForm)

        QMetaObject.connectSlotsByName(IntakeForm)
    # setupUi

    def retranslateUi(self, IntakeForm):
        IntakeForm.setWindowTitle(QCoreApplication.translate("IntakeForm", u"Ti\u1ebfp nh\u1eadn h\u1ed3 s\u01a1", None))
        self.procedureBox.setTitle(QCoreApplication.translate("IntakeForm", u"Th\u1ee7 t\u1ee5c h\u00e0nh ch\u00ednh", None))
        self.procedureSearchLabel.setText(QCoreApplication.translate("IntakeForm", u"Th\u1ee7 t\u1ee5c (F3): *", None))
        self.procedureSearch.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"G\u00f5 t\u00ean ho\u1eb7c m\u00e3 th\u1ee7 t\u1ee5c, kh\u00f4ng c\u1ea7n d\u1ea5u (v\u00ed d\u1ee5: chung chi buc xa) \u2014 \u2193 \u0111\u1ec3 ch\u1ecdn trong danh s\u00e1ch, Enter \u0111\u1ec3 nh\u1eadn", None))
        self.procedureError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.fieldCaption.setText(QCoreApplication.translate("IntakeForm", u"L\u0129nh v\u1ef1c:", None))
        self.fieldValue.setText(QCoreApplication.translate("IntakeForm", u"\u2014", None))
        self.fieldValue.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"infoValue", None))
        self.codeCaption.setText(QCoreApplication.translate("IntakeForm", u"M\u00e3 TTHC:", None))
        self.codeValue.setText(QCoreApplication.translate("IntakeForm", u"\u2014", None))
        self.codeValue.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"infoValue", None))
        self.durationCaption.setText(QCoreApplication.translate("IntakeForm", u"Th\u1eddi h\u1ea1n gi\u1ea3i quy\u1ebft:", None))
        self.durationValue.setText(QCoreApplication.translate("IntakeForm", u"\u2014", None))
        self.durationValue.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"infoValue", None))
        self.feeCaption.setText(QCoreApplication.translate("IntakeForm", u"Ph\u00ed, l\u1ec7 ph\u00ed:", None))
        self.feeValue.setText(QCoreApplication.translate("IntakeForm", u"\u2014", None))
        self.feeValue.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"infoValue", None))
        self.applicantBox.setTitle(QCoreApplication.translate("IntakeForm", u"Ng\u01b0\u1eddi n\u1ed9p h\u1ed3 s\u01a1", None))
        self.applicantNameLabel.setText(QCoreApplication.translate("IntakeForm", u"H\u1ecd v\u00e0 &t\u00ean: *", None))
        self.applicantName.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"H\u1ecd v\u00e0 t\u00ean ng\u01b0\u1eddi n\u1ed9p h\u1ed3 s\u01a1 (c\u00e1 nh\u00e2n ho\u1eb7c ng\u01b0\u1eddi \u0111\u1ea1i di\u1ec7n t\u1ed5 ch\u1ee9c)", None))
        self.applicantNameError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.organizationLabel.setText(QCoreApplication.translate("IntakeForm", u"T\u1ed5 &ch\u1ee9c:", None))
        self.organization.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"T\u00ean t\u1ed5 ch\u1ee9c (b\u1ecf tr\u1ed1ng n\u1ebfu l\u00e0 c\u00e1 nh\u00e2n)", None))
        self.taxCodeLabel.setText(QCoreApplication.translate("IntakeForm", u"&MST:", None))
        self.taxCode.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"10 s\u1ed1, ho\u1eb7c 10 s\u1ed1-3 s\u1ed1", None))
#if QT_CONFIG(tooltip)
        self.taxCode.setToolTip(QCoreApplication.translate("IntakeForm", u"M\u00e3 s\u1ed1 thu\u1ebf c\u1ee7a t\u1ed5 ch\u1ee9c (Alt+M): 10 ch\u1eef s\u1ed1 (c\u00f3 ch\u1eef s\u1ed1 ki\u1ec3m tra), ho\u1eb7c 13 ch\u1eef s\u1ed1 c\u1ee7a \u0111\u01a1n v\u1ecb ph\u1ee5 thu\u1ed9c (10 s\u1ed1 + '-' + 3 s\u1ed1)", None))
#endif // QT_CONFIG(tooltip)
        self.organizationError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.idNumberLabel.setText(QCoreApplication.translate("IntakeForm", u"Gi\u1ea5y t\u1edd (&D):", None))
        self.idType.setItemText(0, QCoreApplication.translate("IntakeForm", u"CCCD", None))
        self.idType.setItemText(1, QCoreApplication.translate("IntakeForm", u"CMND", None))
        self.idType.setItemText(2, QCoreApplication.translate("IntakeForm", u"H\u1ed9 chi\u1ebfu", None))
        self.idType.setItemText(3, QCoreApplication.translate("IntakeForm", u"Gi\u1ea5y t\u1edd kh\u00e1c", None))

#if QT_CONFIG(tooltip)
        self.idType.setToolTip(QCoreApplication.translate("IntakeForm", u"Lo\u1ea1i gi\u1ea5y t\u1edd t\u00f9y th\u00e2n (Alt+L)", None))
#endif // QT_CONFIG(tooltip)
        self.idNumber.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"12 ch\u1eef s\u1ed1", None))
        self.idCountry.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"Qu\u1ed1c gia c\u1ea5p", None))
        self.phoneLabel.setText(QCoreApplication.translate("IntakeForm", u"\u0110i\u1ec7n th&o\u1ea1i:", None))
        self.phone.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"09xx xxx xxx", None))
        self.idNumberError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.phoneError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.emailLabel.setText(QCoreApplication.translate("IntakeForm", u"&Email:", None))
        self.email.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"ten@donvi.gov.vn", None))
        self.emailError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.addressLabel.setText(QCoreApplication.translate("IntakeForm", u"\u0110\u1ecb&a ch\u1ec9:", None))
        self.address.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"S\u1ed1 nh\u00e0, \u0111\u01b0\u1eddng/th\u00f4n, x\u00e3/ph\u01b0\u1eddng, t\u1ec9nh/th\u00e0nh ph\u1ed1", None))
        self.addressError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.birthDateLabel.setText(QCoreApplication.translate("IntakeForm", u"Ng\u00e0y &sinh:", None))
        self.birthDate.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"ng\u00e0y/th\u00e1ng/n\u0103m", None))
#if QT_CONFIG(tooltip)
        self.birthDate.setToolTip(QCoreApplication.translate("IntakeForm", u"Ng\u00e0y sinh nh\u01b0 tr\u00ean th\u1ebb CCCD, v\u00ed d\u1ee5 05/03/1990 (qu\u00e9t m\u00e3 QR tr\u00ean th\u1ebb \u0111\u1ec3 \u0111i\u1ec1n t\u1ef1 \u0111\u1ed9ng)", None))
#endif // QT_CONFIG(tooltip)
        self.sexLabel.setText(QCoreApplication.translate("IntakeForm", u"Gi\u1edbi t\u00ednh:", None))
        self.sex.setItemText(0, QCoreApplication.translate("IntakeForm", u"\u2014", None))
        self.sex.setItemText(1, QCoreApplication.translate("IntakeForm", u"Nam", None))
        self.sex.setItemText(2, QCoreApplication.translate("IntakeForm", u"N\u1eef", None))

        self.idIssuedOnLabel.setText(QCoreApplication.translate("IntakeForm", u"Ng\u00e0y c\u1ea5p:", None))
        self.idIssuedOn.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"ng\u00e0y/th\u00e1ng/n\u0103m", None))
#if QT_CONFIG(tooltip)
        self.idIssuedOn.setToolTip(QCoreApplication.translate("IntakeForm", u"Ng\u00e0y c\u1ea5p gi\u1ea5y t\u1edd t\u00f9y th\u00e2n (th\u1ebb CCCD: m\u1eb7t sau)", None))
#endif // QT_CONFIG(tooltip)
        self.personalError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.channelLabel.setText(QCoreApplication.translate("IntakeForm", u"H\u00ecnh th\u1ee9c n\u1ed9&p:", None))
        self.channel.setItemText(0, QCoreApplication.translate("IntakeForm", u"Tr\u1ef1c ti\u1ebfp", None))
        self.channel.setItemText(1, QCoreApplication.translate("IntakeForm", u"B\u01b0u ch\u00ednh", None))
        self.channel.setItemText(2, QCoreApplication.translate("IntakeForm", u"Tr\u1ef1c tuy\u1ebfn", None))

        self.copiesLabel.setText(QCoreApplication.translate("IntakeForm", u"S\u1ed1 &b\u1ed9 h\u1ed3 s\u01a1:", None))
        self.copies.setSuffix(QCoreApplication.translate("IntakeForm", u" b\u1ed9", None))
        self.channelError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.copiesError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.documentsBox.setTitle(QCoreApplication.translate("IntakeForm", u"Th\u00e0nh ph\u1ea7n h\u1ed3 s\u01a1 \u0111\u00e3 &nh\u1eadn", None))
        ___qtablewidgetitem = self.documentsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("IntakeForm", u"Nh\u1eadn", None))
        ___qtablewidgetitem1 = self.documentsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("IntakeForm", u"T\u00ean gi\u1ea5y t\u1edd", None))
        ___qtablewidgetitem2 = self.documentsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("IntakeForm", u"H\u00ecnh th\u1ee9c", None))
        ___qtablewidgetitem3 = self.documentsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("IntakeForm", u"SL", None))
        self.documentsError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.noteLabel.setText(QCoreApplication.translate("IntakeForm", u"Gh&i ch\u00fa:", None))
        self.note.setPlaceholderText(QCoreApplication.translate("IntakeForm", u"Ghi ch\u00fa c\u1ee7a c\u00e1n b\u1ed9 ti\u1ebfp nh\u1eadn (n\u1ebfu c\u00f3)", None))
        self.noteError.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"fieldError", None))
        self.documentsHint.setText(QCoreApplication.translate("IntakeForm", u"(*) b\u1eaft bu\u1ed9c \u00b7 Space: nh\u1eadn/b\u1ecf \u00b7 Ctrl+A: nh\u1eadn t\u1ea5t c\u1ea3\n"
"+ / \u2212: s\u1ed1 l\u01b0\u1ee3ng \u00b7 Alt+N: v\u1ec1 danh s\u00e1ch n\u00e0y", None))
        self.documentsHint.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"hint", None))
        self.dueLabel.setText(QCoreApplication.translate("IntakeForm", u"H\u1eb9n tr\u1ea3: \u2014", None))
        self.dueLabel.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"due", None))
#if QT_CONFIG(tooltip)
        self.dueDetailsButton.setToolTip(QCoreApplication.translate("IntakeForm", u"Xem c\u00e1ch t\u00ednh ng\u00e0y h\u1eb9n tr\u1ea3", None))
#endif // QT_CONFIG(tooltip)
        self.dueDetailsButton.setText(QCoreApplication.translate("IntakeForm", u"C\u00e1ch t\u00ednh\u2026", None))
#if QT_CONFIG(tooltip)
        self.skipPreview.setToolTip(QCoreApplication.translate("IntakeForm", u"In th\u1eb3ng ra m\u00e1y in m\u1eb7c \u0111\u1ecbnh, kh\u00f4ng m\u1edf c\u1eeda s\u1ed5 xem tr\u01b0\u1edbc", None))
#endif // QT_CONFIG(tooltip)
        self.skipPreview.setText(QCoreApplication.translate("IntakeForm", u"In nga&y kh\u00f4ng xem tr\u01b0\u1edbc", None))
#if QT_CONFIG(tooltip)
        self.clearButton.setToolTip(QCoreApplication.translate("IntakeForm", u"Xo\u00e1 tr\u1eafng bi\u1ec3u m\u1eabu \u0111\u1ec3 ti\u1ebfp nh\u1eadn h\u1ed3 s\u01a1 m\u1edbi", None))
#endif // QT_CONFIG(tooltip)
        self.clearButton.setText(QCoreApplication.translate("IntakeForm", u"L\u00e0m m\u1edbi (Ctrl+N)", None))
#if QT_CONFIG(tooltip)
        self.saveButton.setToolTip(QCoreApplication.translate("IntakeForm", u"L\u01b0u h\u1ed3 s\u01a1, in Gi\u1ea5y ti\u1ebfp nh\u1eadn h\u1ed3 s\u01a1 v\u00e0 h\u1eb9n tr\u1ea3 k\u1ebft qu\u1ea3", None))
#endif // QT_CONFIG(tooltip)
        self.saveButton.setText(QCoreApplication.translate("IntakeForm", u"L\u01b0u v\u00e0 in (Ctrl+Enter)", None))
        self.saveButton.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"primary", None))
        self.dueReasons.setProperty(u"role", QCoreApplication.translate("IntakeForm", u"hint", None))
    # retranslateUi

