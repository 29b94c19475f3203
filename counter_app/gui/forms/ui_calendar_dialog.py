# Generated from ui/calendar_dialog.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'calendar_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QDialog,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QTableWidget, QTableWidgetItem, QTimeEdit, QVBoxLayout,
    QWidget)

class Ui_CalendarDialog(object):
    def setupUi(self, CalendarDialog):
        if not CalendarDialog.objectName():
            CalendarDialog.setObjectName(u"CalendarDialog")
        CalendarDialog.resize(1100, 640)
        self.mainLayout = QVBoxLayout(CalendarDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.yearLayout = QHBoxLayout()
        self.yearLayout.setObjectName(u"yearLayout")
        self.yearLabel = QLabel(CalendarDialog)
        self.yearLabel.setObjectName(u"yearLabel")

        self.yearLayout.addWidget(self.yearLabel)

        self.yearSpin = QSpinBox(CalendarDialog)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2000)
        self.yearSpin.setMaximum(2100)
        self.yearSpin.setValue(2026)

        self.yearLayout.addWidget(self.yearSpin)

        self.originLabel = QLabel(CalendarDialog)
        self.originLabel.setObjectName(u"originLabel")

        self.yearLayout.addWidget(self.originLabel)

        self.yearSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.yearLayout.addItem(self.yearSpacer)


        self.mainLayout.addLayout(self.yearLayout)

        self.warningLabel = QLabel(CalendarDialog)
        self.warningLabel.setObjectName(u"warningLabel")
        self.warningLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.warningLabel)

        self.entriesTable = QTableWidget(CalendarDialog)
        if (self.entriesTable.columnCount() < 5):
            self.entriesTable.setColumnCount(5)
        __qtablewidgetitem = QTableWidgetItem()
        self.entriesTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.entriesTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.entriesTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.entriesTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.entriesTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        self.entriesTable.setObjectName(u"entriesTable")
        self.entriesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entriesTable.setAlternatingRowColors(True)
        self.entriesTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entriesTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entriesTable.setWordWrap(False)
        self.entriesTable.horizontalHeader().setStretchLastSection(True)
        self.entriesTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.entriesTable)

        self.entryButtons = QHBoxLayout()
        self.entryButtons.setObjectName(u"entryButtons")
        self.addButton = QPushButton(CalendarDialog)
        self.addButton.setObjectName(u"addButton")
        self.addButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.addButton)

        self.editButton = QPushButton(CalendarDialog)
        self.editButton.setObjectName(u"editButton")
        self.editButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.editButton)

        self.deleteButton = QPushButton(CalendarDialog)
        self.deleteButton.setObjectName(u"deleteButton")
        self.deleteButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.deleteButton)

        self.completeCheck = QCheckBox(CalendarDialog)
        self.completeCheck.setObjectName(u"completeCheck")

        self.entryButtons.addWidget(self.completeCheck)

        self.entrySpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.entryButtons.addItem(self.entrySpacer)

        self.resetButton = QPushButton(CalendarDialog)
        self.resetButton.setObjectName(u"resetButton")
        self.resetButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.resetButton)

        self.importButton = QPushButton(CalendarDialog)
        self.importButton.setObjectName(u"importButton")
        self.importButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.importButton)

        self.exportButton = QPushButton(CalendarDialog)
        self.exportButton.setObjectName(u"exportButton")
        self.exportButton.setAutoDefault(False)

        self.entryButtons.addWidget(self.exportButton)


        self.mainLayout.addLayout(self.entryButtons)

        self.hoursBox = QGroupBox(CalendarDialog)
        self.hoursBox.setObjectName(u"hoursBox")
        self.hoursLayout = QHBoxLayout(self.hoursBox)
        self.hoursLayout.setSpacing(8)
        self.hoursLayout.setObjectName(u"hoursLayout")
        self.morningLabel = QLabel(self.hoursBox)
        self.morningLabel.setObjectName(u"morningLabel")

        self.hoursLayout.addWidget(self.morningLabel)

        self.morningStart = QTimeEdit(self.hoursBox)
        self.morningStart.setObjectName(u"morningStart")

        self.hoursLayout.addWidget(self.morningStart)

        self.morningDash = QLabel(self.hoursBox)
        self.morningDash.setObjectName(u"morningDash")

        self.hoursLayout.addWidget(self.morningDash)

        self.morningEnd = QTimeEdit(self.hoursBox)
        self.morningEnd.setObjectName(u"morningEnd")

        self.hoursLayout.addWidget(self.morningEnd)

        self.afternoonLabelGap = QSpacerItem(16, 10, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.hoursLayout.addItem(self.afternoonLabelGap)

        self.afternoonLabel = QLabel(self.hoursBox)
        self.afternoonLabel.setObjectName(u"afternoonLabel")

        self.hoursLayout.addWidget(self.afternoonLabel)

        self.afternoonStart = QTimeEdit(self.hoursBox)
        self.afternoonStart.setObjectName(u"afternoonStart")

        self.hoursLayout.addWidget(self.afternoonStart)

        self.afternoonDash = QLabel(self.hoursBox)
        self.afternoonDash.setObjectName(u"afternoonDash")

        self.hoursLayout.addWidget(self.afternoonDash)

        self.afternoonEnd = QTimeEdit(self.hoursBox)
        self.afternoonEnd.setObjectName(u"afternoonEnd")

        self.hoursLayout.addWidget(self.afternoonEnd)

        self.cutoffCheckGap = QSpacerItem(16, 10, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.hoursLayout.addItem(self.cutoffCheckGap)

        self.cutoffCheck = QCheckBox(self.hoursBox)
        self.cutoffCheck.setObjectName(u"cutoffCheck")

        self.hoursLayout.addWidget(self.cutoffCheck)

        self.cutoffTime = QTimeEdit(self.hoursBox)
        self.cutoffTime.setObjectName(u"cutoffTime")
        self.cutoffTime.setEnabled(False)
        self.cutoffTime.setTime(QTime(16, 30, 0))

        self.hoursLayout.addWidget(self.cutoffTime)

        self.hoursSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.hoursLayout.addItem(self.hoursSpacer)

        self.saveHoursButton = QPushButton(self.hoursBox)
        self.saveHoursButton.setObjectName(u"saveHoursButton")
        self.saveHoursButton.setAutoDefault(False)

        self.hoursLayout.addWidget(self.saveHoursButton)


        self.mainLayout.addWidget(self.hoursBox)

        self.bottomLayout = QHBoxLayout()
        self.bottomLayout.setObjectName(u"bottomLayout")
        self.statusLabel = QLabel(CalendarDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.bottomLayout.addWidget(self.statusLabel)

        self.closeButton = QPushButton(CalendarDialog)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.bottomLayout.addWidget(self.closeButton)

        self.bottomLayout.setStretch(0, 1)

        self.mainLayout.addLayout(self.bottomLayout)

#if QT_CONFIG(shortcut)
        self.yearLabel.setBuddy(self.yearSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.yearSpin, self.entriesTable)
        QWidget.setTabOrder(self.entriesTable, self.addButton)
        QWidget.setTabOrder(self.addButton, self.editButton)
        QWidget.setTabOrder(self.editButton, self.deleteButton)
        QWidget.setTabOrder(self.deleteButton, self.completeCheck)
        QWidget.setTabOrder(self.completeCheck, self.resetButton)
        QWidget.setTabOrder(self.resetButton, self.importButton)
        QWidget.setTabOrder(self.importButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.morningStart)
        QWidget.setTabOrder(self.morningStart, self.morningEnd)
        QWidget.setTabOrder(self.morningEnd, self.afternoonStart)
        QWidget.setTabOrder(self.afternoonStart, self.afternoonEnd)
        QWidget.setTabOrder(self.afternoonEnd, self.cutoffCheck)
        QWidget.setTabOrder(self.cutoffCheck, self.cutoffTime)
        QWidget.setTabOrder(self.cutoffTime, self.saveHoursButton)
        QWidget.setTabOrder(self.saveHoursButton, self.closeButton)

        self.retranslateUi(CalendarDialog)
        self.closeButton.clicked.connect(CalendarDialog.reject)
        self.cutoffCheck.toggled.connect(self.cutoffTime.setEnabled)

        QMetaObject.connectSlotsByName(CalendarDialog)
    # setupUi

    def retranslateUi(self, CalendarDialog):
        CalendarDialog.setWindowTitle(QCoreApplication.translate("CalendarDialog", u"L\u1ecbch l\u00e0m vi\u1ec7c c\u1ee7a c\u01a1 quan", None))
        self.yearLabel.setText(QCoreApplication.translate("CalendarDialog", u"&N\u0103m:", None))
        self.originLabel.setText("")
        self.originLabel.setProperty(u"role", QCoreApplication.translate("CalendarDialog", u"hint", None))
        self.warningLabel.setText("")
        self.warningLabel.setProperty(u"state", QCoreApplication.translate("CalendarDialog", u"warning", None))
        ___qtablewidgetitem = self.entriesTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("CalendarDialog", u"Ng\u00e0y", None))
        ___qtablewidgetitem1 = self.entriesTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("CalendarDialog", u"Th\u1ee9", None))
        ___qtablewidgetitem2 = self.entriesTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("CalendarDialog", u"Lo\u1ea1i", None))
        ___qtablewidgetitem3 = self.entriesTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("CalendarDialog", u"T\u00ean ng\u00e0y", None))
        ___qtablewidgetitem4 = self.entriesTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("CalendarDialog", u"C\u0103n c\u1ee9", None))
        self.addButton.setText(QCoreApplication.translate("CalendarDialog", u"&Th\u00eam ng\u00e0y\u2026", None))
        self.editButton.setText(QCoreApplication.translate("CalendarDialog", u"&S\u1eeda\u2026", None))
        self.deleteButton.setText(QCoreApplication.translate("CalendarDialog", u"&X\u00f3a", None))
        self.completeCheck.setText(QCoreApplication.translate("CalendarDialog", u"L\u1ecbch n\u0103m n\u00e0y \u0111\u00e3 \u0111\u1ea7y \u0111\u1ee7 theo th\u00f4ng b\u00e1o ch\u00ednh th\u1ee9c", None))
        self.resetButton.setText(QCoreApplication.translate("CalendarDialog", u"D\u00f9ng l\u1ea1i l\u1ecbch k\u00e8m ph\u1ea7n m\u1ec1m", None))
        self.importButton.setText(QCoreApplication.translate("CalendarDialog", u"Nh\u1ead&p l\u1ecbch n\u0103m t\u1eeb t\u1ec7p\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("CalendarDialog", u"Xu\u1ea5t &ra t\u1ec7p\u2026", None))
        self.hoursBox.setTitle(QCoreApplication.translate("CalendarDialog", u"Gi\u1edd l\u00e0m vi\u1ec7c (\u00e1p d\u1ee5ng cho m\u1ecdi n\u0103m)", None))
        self.morningLabel.setText(QCoreApplication.translate("CalendarDialog", u"S\u00e1ng:", None))
        self.morningStart.setDisplayFormat(QCoreApplication.translate("CalendarDialog", u"HH:mm", None))
        self.morningDash.setText(QCoreApplication.translate("CalendarDialog", u"\u2013", None))
        self.morningEnd.setDisplayFormat(QCoreApplication.translate("CalendarDialog", u"HH:mm", None))
        self.afternoonLabel.setText(QCoreApplication.translate("CalendarDialog", u"Chi\u1ec1u:", None))
        self.afternoonStart.setDisplayFormat(QCoreApplication.translate("CalendarDialog", u"HH:mm", None))
        self.afternoonDash.setText(QCoreApplication.translate("CalendarDialog", u"\u2013", None))
        self.afternoonEnd.setDisplayFormat(QCoreApplication.translate("CalendarDialog", u"HH:mm", None))
        self.cutoffCheck.setText(QCoreApplication.translate("CalendarDialog", u"Gi\u1edd ti\u1ebfp nh\u1eadn cu\u1ed1i:", None))
        self.cutoffTime.setDisplayFormat(QCoreApplication.translate("CalendarDialog", u"HH:mm", None))
        self.saveHoursButton.setText(QCoreApplication.translate("CalendarDialog", u"&L\u01b0u gi\u1edd l\u00e0m vi\u1ec7c", None))
        self.statusLabel.setText("")
        self.closeButton.setText(QCoreApplication.translate("CalendarDialog", u"\u0110\u00f3ng", None))
    # retranslateUi

