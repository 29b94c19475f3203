"""The supervisor's dashboard: charts fed by ReportService, the numbers behind each one click away, filters by period
and field, the report saved from it, and the menu entry of the main window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.event_kinds import EventRequest
from tests.test_reports import KHCN, LICENCE, SHTT, XRAY, T, intake, open_report_services, resolve

pytestmark = pytest.mark.gui

TODAY = date(2021, 6, 10)


@pytest.fixture
def office(data_dir, clock):
    """Q2 2021 at 10:15 on 10/06: some resolved early and late, some pending, overdue and paused."""
    clock.moment = T(2021, 6, 10, 10, 15)
    app = open_report_services(data_dir, clock)
    codes = {}
    for n, day in enumerate((1, 2, 3, 8, 9, 10)):  # March: carried over
        resolve(app, intake(app, SHTT, T(2021, 3, day, 9), "online" if n % 2 else "direct"), T(2021, 3, 25, 10))
    for n, day in enumerate((5, 6, 7, 12, 13, 19, 20, 26, 27)):
        code = intake(app, XRAY, T(2021, 4, day, 9), ("direct", "postal", "online")[n % 3])
        resolve(app, code, T(2021, 4, day, 9) + timedelta(days=2 if n < 6 else 12))  # the last three late
    codes["overdue"] = intake(app, LICENCE, T(2021, 5, 3, 9))
    codes["paused"] = intake(app, KHCN, T(2021, 5, 20, 9), "online")
    app.lifecycle.record(EventRequest.of(codes["paused"], "supplement_requested", at=T(2021, 5, 21, 9), missing=["1"]))
    codes["soon"] = intake(app, XRAY, T(2021, 6, 7, 9))
    codes["later"] = intake(app, KHCN, T(2021, 6, 9, 14), "online")
    yield app, codes
    app.close()


def _dialog(qtbot, app, **kw):
    from counter_app.gui.dashboard import DashboardDialog
    from counter_app.gui.operations import Operations

    dialog = DashboardDialog(Operations(app, kw.pop("worker", None)), None, today=TODAY, **kw)
    qtbot.addWidget(dialog)
    dialog.resize(1300, 850)
    dialog.show()
    dialog.activateWindow()  # window shortcuts (Ctrl+T, Ctrl+E) act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    return dialog


def test_charts_and_the_numbers_behind_them(qtbot, office):
    app, codes = office
    dialog = _dialog(qtbot, app)
    data = dialog.data
    assert data is not None and dialog.period_box.currentText() == "Quý này"
    report = app.reports.report("2021-Q2")
    assert data.report.total == report.total
    t = report.total
    assert (t.received_total, t.carried_over, t.resolved_total, t.resolved_late, t.pending_total) == (19, 6, 15, 3, 4)
    assert (
        "nhận giải quyết <b>19</b>" in dialog.summary.text()
        and "tính đến 10:15 ngày 10/06/2021" in dialog.summary.text()
    )

    # Received per week by channel: the table's total row is the period's new dossiers, by channel.
    received = dialog.received_panel.table_values()
    assert received[-1] == ["Cộng", "5", "3", "5", "13"]
    assert sum(int(r[4]) for r in received[:-1]) == t.received_online + t.received_direct
    series = dialog.received_panel.chart_view.chart().series()[0]
    assert [s.label() for s in series.barSets()] == ["Trực tiếp", "Bưu chính công ích", "Trực tuyến"]
    assert sum(sum(s.at(i) for i in range(s.count())) for s in series.barSets()) == 13

    # On time per field: the same figures as the report's rows.
    on_time = {row[0]: row[1:] for row in dialog.on_time_panel.table_values()}
    atbx = next(r for r in report.rows if r.key == "ATBX")
    assert on_time[atbx.label] == ["9", "6", "0", "3", "66,7%"]
    assert on_time["Sở hữu trí tuệ"] == ["6", "6", "0", "0", "100,0%"]

    # Pending now by working days left; the overdue list.
    pending = dict(dialog.pending_panel.table_values())
    assert pending["Quá hạn"] == "1" and pending["Đang chờ bổ sung"] == "1" and pending["Cộng"] == "4"
    assert sum(int(v) for k, v in pending.items() if k != "Cộng") == 4
    # Now is inside the period: the dossiers being handled now are the report's pending, overdue alike.
    assert (data.pending_now, data.overdue_now) == (t.pending_total, t.pending_overdue) == (4, 1)
    overdue = dialog.overdue_panel.table_values()
    assert [row[0] for row in overdue] == [
        codes["overdue"]
    ] and "Hồ sơ quá hạn hiện tại: 1" == dialog.overdue_panel.title.text()

    # One click (or Ctrl+T) away: every chart's numbers, and back.
    assert not dialog.received_panel.showing_table()
    dialog.received_panel.toggle.click()
    assert dialog.received_panel.showing_table() and dialog.received_panel.toggle.text() == "Biểu đồ"
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert all(p.showing_table() for p in (dialog.received_panel, dialog.on_time_panel, dialog.pending_panel))
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not any(p.showing_table() for p in (dialog.received_panel, dialog.on_time_panel, dialog.pending_panel))


def test_filters_by_period_and_field(qtbot, office):
    app, _codes = office
    dialog = _dialog(qtbot, app)
    dialog.field_box.setCurrentIndex(dialog.field_box.findData("ATBX"))
    assert dialog.data.field_code == "ATBX"
    assert dialog.data.report.total == app.reports.report("2021-Q2", field_code="ATBX").total
    assert [r.key for r in dialog.data.report.rows] == ["ATBX"]
    assert [row[0] for row in dialog.overdue_panel.table_values()] and dialog.data.pending_now == 2
    dialog.period_box.setCurrentIndex(dialog.period_box.findText("Quý trước"))
    assert dialog.data.report.period.code == "2021-Q1" and dialog.data.report.total.received_total == 0
    assert "Chưa có hồ sơ nào được giải quyết" in dialog.on_time_panel.chart_view.chart().title()
    dialog.field_box.setCurrentIndex(0)
    dialog.period_box.setCurrentIndex(dialog.period_box.findText("Từ ngày … đến ngày …"))
    assert dialog.from_edit.isEnabled()
    from counter_app.domain.reports import custom_period

    dialog.set_period(custom_period(date(2021, 4, 1), date(2021, 4, 30)))
    assert dialog.data.report.period.label == "Từ ngày 01/04/2021 đến ngày 30/04/2021"
    assert (
        dialog.data.report.total.resolved_total
        == app.reports.report(custom_period(date(2021, 4, 1), date(2021, 4, 30))).total.resolved_total
    )


def test_the_report_is_saved_from_the_dashboard(qtbot, office, tmp_path):
    from openpyxl import load_workbook

    app, _codes = office
    asked = []

    def save_path(suggested: str, fmt: str) -> str:
        asked.append(suggested)
        return str(tmp_path / ("bieu06" if fmt == "xlsx" else suggested))

    dialog = _dialog(qtbot, app, save_path=save_path)
    with qtbot.waitSignal(dialog.sig_exported, timeout=10_000) as saved:
        dialog.xlsx_button.click()
    assert saved.args[0].endswith("bieu06.xlsx") and asked[0] == "Bieu06_2021-Q2.xlsx"
    ws = load_workbook(saved.args[0]).active
    assert ws["J1"].value == "Biểu số 06/VPCP/KSTT"
    with qtbot.waitSignal(dialog.sig_exported, timeout=10_000) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (tmp_path / "Bieu06_2021-Q2.pdf").read_bytes().startswith(b"%PDF")


def test_main_window_menu_opens_the_dashboard_on_the_worker(qtbot, office, tmp_path):
    from counter_app.gui.app import _add_supervisor_tools, create_application
    from counter_app.gui.dashboard import DashboardDialog
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations
    from counter_app.gui.worker import Worker

    app, _codes = office
    create_application([])
    worker = Worker()
    try:
        win = MainWindow(
            ops=Operations(app, worker),
            preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(win)
        _add_supervisor_tools(win, win.ops)
        assert "Báo cáo (&R)" in [a.text() for a in win.menuBar().actions()]
        action = next(a for a in win.actions() if a.text().startswith("Theo dõi và báo cáo"))
        assert action.shortcut().toString() == "Ctrl+Shift+B"
        action.trigger()
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, DashboardDialog) and w.isVisible()]
        assert len(dialogs) == 1
        dialog = dialogs[0]
        qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
        assert dialog.data.report.period.kind == "quarter"
        dialog.close()
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    finally:
        assert worker.shutdown(10_000)
