# Generated from ui/main_window.ui by pyside6-uic — do not edit.
# Regenerate with: uv run python scripts/compile_ui.py
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QMainWindow, QMenu,
    QMenuBar, QSizePolicy, QSpacerItem, QStatusBar,
    QTableView, QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1340, 740)
        self.actionSaveAndPrint = QAction(MainWindow)
        self.actionSaveAndPrint.setObjectName(u"actionSaveAndPrint")
        self.actionNew = QAction(MainWindow)
        self.actionNew.setObjectName(u"actionNew")
        self.actionReprint = QAction(MainWindow)
        self.actionReprint.setObjectName(u"actionReprint")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionFindProcedure = QAction(MainWindow)
        self.actionFindProcedure.setObjectName(u"actionFindProcedure")
        self.actionFocusToday = QAction(MainWindow)
        self.actionFocusToday.setObjectName(u"actionFocusToday")
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
        self.actionHelp = QAction(MainWindow)
        self.actionHelp.setObjectName(u"actionHelp")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setSpacing(0)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.intakeHost = QWidget(self.centralwidget)
        self.intakeHost.setObjectName(u"intakeHost")
        self.intakeHostLayout = QVBoxLayout(self.intakeHost)
        self.intakeHostLayout.setSpacing(0)
        self.intakeHostLayout.setObjectName(u"intakeHostLayout")
        self.intakeHostLayout.setContentsMargins(0, 0, 0, 0)

        self.centralLayout.addWidget(self.intakeHost)

        self.todayBox = QGroupBox(self.centralwidget)
        self.todayBox.setObjectName(u"todayBox")
        self.todayLayout = QVBoxLayout(self.todayBox)
        self.todayLayout.setSpacing(3)
        self.todayLayout.setObjectName(u"todayLayout")
        self.todayLayout.setContentsMargins(6, 4, 6, 4)
        self.todayHeaderLayout = QHBoxLayout()
        self.todayHeaderLayout.setObjectName(u"todayHeaderLayout")
        self.todayCount = QLabel(self.todayBox)
        self.todayCount.setObjectName(u"todayCount")

        self.todayHeaderLayout.addWidget(self.todayCount)

        self.todayHeaderSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.todayHeaderLayout.addItem(self.todayHeaderSpacer)

        self.todayHint = QLabel(self.todayBox)
        self.todayHint.setObjectName(u"todayHint")

        self.todayHeaderLayout.addWidget(self.todayHint)


        self.todayLayout.addLayout(self.todayHeaderLayout)

        self.todayTable = QTableView(self.todayBox)
        self.todayTable.setObjectName(u"todayTable")
        self.todayTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.todayTable.setTabKeyNavigation(False)
        self.todayTable.setAlternatingRowColors(True)
        self.todayTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.todayTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.todayTable.setWordWrap(False)
        self.todayTable.setCornerButtonEnabled(False)
        self.todayTable.horizontalHeader().setHighlightSections(False)
        self.todayTable.horizontalHeader().setStretchLastSection(False)
        self.todayTable.verticalHeader().setVisible(False)

        self.todayLayout.addWidget(self.todayTable)


        self.centralLayout.addWidget(self.todayBox)

        self.centralLayout.setStretch(1, 1)
        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menubar.setGeometry(QRect(0, 0, 1340, 22))
        self.menuDossier = QMenu(self.menubar)
        self.menuDossier.setObjectName(u"menuDossier")
        self.menuView = QMenu(self.menubar)
        self.menuView.setObjectName(u"menuView")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuDossier.menuAction())
        self.menubar.addAction(self.menuView.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuDossier.addAction(self.actionSaveAndPrint)
        self.menuDossier.addAction(self.actionNew)
        self.menuDossier.addAction(self.actionReprint)
        self.menuDossier.addSeparator()
        self.menuDossier.addAction(self.actionQuit)
        self.menuView.addAction(self.actionFindProcedure)
        self.menuView.addAction(self.actionFocusToday)
        self.menuView.addAction(self.actionRefresh)
        self.menuHelp.addAction(self.actionHelp)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"Ti\u1ebfp nh\u1eadn h\u1ed3 s\u01a1 \u2014 B\u1ed9 ph\u1eadn M\u1ed9t c\u1eeda", None))
        self.actionSaveAndPrint.setText(QCoreApplication.translate("MainWindow", u"L\u01b0u v\u00e0 in gi\u1ea5y ti\u1ebfp nh\u1eadn", None))
#if QT_CONFIG(shortcut)
        self.actionSaveAndPrint.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Return", None))
#endif // QT_CONFIG(shortcut)
        self.actionNew.setText(QCoreApplication.translate("MainWindow", u"L\u00e0m m\u1edbi bi\u1ec3u m\u1eabu (h\u1ed3 s\u01a1 m\u1edbi)", None))
#if QT_CONFIG(shortcut)
        self.actionNew.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+N", None))
#endif // QT_CONFIG(shortcut)
        self.actionReprint.setText(QCoreApplication.translate("MainWindow", u"In l\u1ea1i gi\u1ea5y ti\u1ebfp nh\u1eadn c\u1ee7a h\u1ed3 s\u01a1 \u0111ang ch\u1ecdn", None))
#if QT_CONFIG(shortcut)
        self.actionReprint.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+P", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"Tho\u00e1t", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionFindProcedure.setText(QCoreApplication.translate("MainWindow", u"T\u00ecm th\u1ee7 t\u1ee5c", None))
#if QT_CONFIG(shortcut)
        self.actionFindProcedure.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
        self.actionFocusToday.setText(QCoreApplication.translate("MainWindow", u"Danh s\u00e1ch h\u1ed3 s\u01a1 h\u00f4m nay", None))
#if QT_CONFIG(shortcut)
        self.actionFocusToday.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+L", None))
#endif // QT_CONFIG(shortcut)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"T\u1ea3i l\u1ea1i danh s\u00e1ch", None))
#if QT_CONFIG(shortcut)
        self.actionRefresh.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.actionHelp.setText(QCoreApplication.translate("MainWindow", u"Ph\u00edm t\u1eaft", None))
#if QT_CONFIG(shortcut)
        self.actionHelp.setShortcut(QCoreApplication.translate("MainWindow", u"F1", None))
#endif // QT_CONFIG(shortcut)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"Gi\u1edbi thi\u1ec7u", None))
        self.todayBox.setTitle(QCoreApplication.translate("MainWindow", u"H\u1ed3 s\u01a1 ti\u1ebfp nh\u1eadn h\u00f4m nay", None))
        self.todayCount.setText(QCoreApplication.translate("MainWindow", u"Ch\u01b0a c\u00f3 h\u1ed3 s\u01a1 n\u00e0o.", None))
        self.todayHint.setText(QCoreApplication.translate("MainWindow", u"Ctrl+L: v\u1ec1 danh s\u00e1ch \u00b7 Ctrl+P: in l\u1ea1i gi\u1ea5y ti\u1ebfp nh\u1eadn c\u1ee7a h\u1ed3 s\u01a1 \u0111ang ch\u1ecdn \u00b7 F5: t\u1ea3i l\u1ea1i", None))
        self.todayHint.setProperty(u"role", QCoreApplication.translate("MainWindow", u"hint", None))
        self.menuDossier.setTitle(QCoreApplication.translate("MainWindow", u"&H\u1ed3 s\u01a1", None))
        self.menuView.setTitle(QCoreApplication.translate("MainWindow", u"Xem (&V)", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"Tr\u1ee3 &gi\u00fap", None))
    # retranslateUi

