# Generated from ui/catalogue_dialog.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'catalogue_dialog.ui'
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
    QDialog, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSplitter, QTableView, QTextBrowser, QVBoxLayout,
    QWidget)

class Ui_CatalogueDialog(object):
    def setupUi(self, CatalogueDialog):
        if not CatalogueDialog.objectName():
            CatalogueDialog.setObjectName(u"CatalogueDialog")
        CatalogueDialog.resize(1240, 700)
        self.mainLayout = QVBoxLayout(CatalogueDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.searchLabel = QLabel(CatalogueDialog)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterLayout.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(CatalogueDialog)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filterLayout.addWidget(self.searchEdit)

        self.fieldFilterLabel = QLabel(CatalogueDialog)
        self.fieldFilterLabel.setObjectName(u"fieldFilterLabel")

        self.filterLayout.addWidget(self.fieldFilterLabel)

        self.fieldFilter = QComboBox(CatalogueDialog)
        self.fieldFilter.setObjectName(u"fieldFilter")
        self.fieldFilter.setMinimumContentsLength(24)
        self.fieldFilter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.filterLayout.addWidget(self.fieldFilter)

        self.showRetired = QCheckBox(CatalogueDialog)
        self.showRetired.setObjectName(u"showRetired")

        self.filterLayout.addWidget(self.showRetired)


        self.mainLayout.addLayout(self.filterLayout)

        self.splitter = QSplitter(CatalogueDialog)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.procedureTable = QTableView(self.splitter)
        self.procedureTable.setObjectName(u"procedureTable")
        self.procedureTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.procedureTable.setAlternatingRowColors(True)
        self.procedureTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.procedureTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.procedureTable.setSortingEnabled(True)
        self.procedureTable.setWordWrap(False)
        self.splitter.addWidget(self.procedureTable)
        self.procedureTable.horizontalHeader().setStretchLastSection(False)
        self.procedureTable.verticalHeader().setVisible(False)
        self.detailView = QTextBrowser(self.splitter)
        self.detailView.setObjectName(u"detailView")
        self.detailView.setOpenLinks(False)
        self.splitter.addWidget(self.detailView)

        self.mainLayout.addWidget(self.splitter)

        self.statusLabel = QLabel(CatalogueDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.statusLabel)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.newButton = QPushButton(CatalogueDialog)
        self.newButton.setObjectName(u"newButton")
        self.newButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.newButton)

        self.editButton = QPushButton(CatalogueDialog)
        self.editButton.setObjectName(u"editButton")
        self.editButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.editButton)

        self.retireButton = QPushButton(CatalogueDialog)
        self.retireButton.setObjectName(u"retireButton")
        self.retireButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.retireButton)

        self.restoreButton = QPushButton(CatalogueDialog)
        self.restoreButton.setObjectName(u"restoreButton")
        self.restoreButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.restoreButton)

        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.importButton = QPushButton(CatalogueDialog)
        self.importButton.setObjectName(u"importButton")
        self.importButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.importButton)

        self.exportButton = QPushButton(CatalogueDialog)
        self.exportButton.setObjectName(u"exportButton")
        self.exportButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.exportButton)

        self.closeButton = QPushButton(CatalogueDialog)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.searchEdit)
        self.fieldFilterLabel.setBuddy(self.fieldFilter)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.searchEdit, self.fieldFilter)
        QWidget.setTabOrder(self.fieldFilter, self.showRetired)
        QWidget.setTabOrder(self.showRetired, self.procedureTable)
        QWidget.setTabOrder(self.procedureTable, self.newButton)
        QWidget.setTabOrder(self.newButton, self.editButton)
        QWidget.setTabOrder(self.editButton, self.retireButton)
        QWidget.setTabOrder(self.retireButton, self.restoreButton)
        QWidget.setTabOrder(self.restoreButton, self.importButton)
        QWidget.setTabOrder(self.importButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.closeButton)
        QWidget.setTabOrder(self.closeButton, self.detailView)

        self.retranslateUi(CatalogueDialog)
        self.closeButton.clicked.connect(CatalogueDialog.reject)

        QMetaObject.connectSlotsByName(CatalogueDialog)
    # setupUi

    def retranslateUi(self, CatalogueDialog):
        CatalogueDialog.setWindowTitle(QCoreApplication.translate("CatalogueDialog", u"Danh m\u1ee5c th\u1ee7 t\u1ee5c h\u00e0nh ch\u00ednh", None))
        self.searchLabel.setText(QCoreApplication.translate("CatalogueDialog", u"&T\u00ecm:", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("CatalogueDialog", u"M\u00e3, t\u00ean th\u1ee7 t\u1ee5c ho\u1eb7c l\u0129nh v\u1ef1c \u2014 g\u00f5 kh\u00f4ng d\u1ea5u c\u0169ng \u0111\u01b0\u1ee3c (v\u00ed d\u1ee5: x quang)", None))
        self.fieldFilterLabel.setText(QCoreApplication.translate("CatalogueDialog", u"&L\u0129nh v\u1ef1c:", None))
        self.showRetired.setText(QCoreApplication.translate("CatalogueDialog", u"&Hi\u1ec7n c\u1ea3 th\u1ee7 t\u1ee5c \u0111\u00e3 b\u00e3i b\u1ecf", None))
        self.detailView.setPlaceholderText(QCoreApplication.translate("CatalogueDialog", u"Ch\u1ecdn m\u1ed9t th\u1ee7 t\u1ee5c \u0111\u1ec3 xem th\u00e0nh ph\u1ea7n h\u1ed3 s\u01a1, ph\u00ed, c\u0103n c\u1ee9 ph\u00e1p l\u00fd v\u00e0 c\u00e1c phi\u00ean b\u1ea3n.", None))
        self.statusLabel.setText("")
        self.statusLabel.setProperty(u"role", QCoreApplication.translate("CatalogueDialog", u"hint", None))
        self.newButton.setText(QCoreApplication.translate("CatalogueDialog", u"Th\u00ea&m th\u1ee7 t\u1ee5c\u2026", None))
        self.editButton.setText(QCoreApplication.translate("CatalogueDialog", u"&S\u1eeda\u2026", None))
        self.retireButton.setText(QCoreApplication.translate("CatalogueDialog", u"&B\u00e3i b\u1ecf", None))
        self.restoreButton.setText(QCoreApplication.translate("CatalogueDialog", u"&Kh\u00f4i ph\u1ee5c", None))
        self.importButton.setText(QCoreApplication.translate("CatalogueDialog", u"&Nh\u1eadp t\u1eeb t\u1ec7p\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("CatalogueDialog", u"&Xu\u1ea5t ra t\u1ec7p\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("CatalogueDialog", u"\u0110\u00f3ng", None))
    # retranslateUi

