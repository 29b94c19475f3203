"""The supervisor's tools reach the main window through its menu and shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

pytestmark = pytest.mark.gui


def test_quan_tri_menu_opens_catalogue_and_calendar(qtbot, services, worker, tmp_path):
    from counter_app.gui.app import _add_supervisor_tools, create_application
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations

    create_application([])
    win = MainWindow(
        ops=Operations(services, worker),
        preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    _add_supervisor_tools(win, win.ops)
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles.count("&Quản trị") == 1, titles  # both tools share one menu
    tools = {a.text(): a for a in win.actions()}
    tools["Danh mục thủ tục…"].trigger()
    tools["Lịch làm việc của cơ quan…"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    names = {type(d).__name__ for d in dialogs}
    assert any("Catalogue" in n for n in names), names
    assert any("Calendar" in n for n in names), names
    for dialog in dialogs:
        dialog.close()
