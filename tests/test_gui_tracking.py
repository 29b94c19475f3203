"""The "Theo dõi hồ sơ" tab, the scanner in the main window, the dossier window and the return at the counter,
under pytest-qt (offscreen), end to end through the real services and the one worker.

A scan is simulated as the scanner does it: the code's characters as key presses, back to back, then Enter,
into whatever widget has the focus (codes are ASCII: qtbot.keyClicks is safe). Slips are printed to PDF files
(QPrinter PdfFormat) by the same printer factory as the receipt tests.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.services.dossier_list import DossierFilter, DueFilter
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, XRAY_CODE

pytestmark = pytest.mark.gui

SCAN_INTERVAL_MS = 40


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=OFFICE_TZ)


class PdfPrinters:
    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []

    def __call__(self, code: str):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = self.folder / f"printed-{len(self.files) + 1}-{code}.pdf"
        printer.setOutputFileName(str(path))
        self.files.append(path)
        return printer


@pytest.fixture
def printers(tmp_path: Path) -> PdfPrinters:
    folder = tmp_path / "printed"
    folder.mkdir()
    return PdfPrinters(folder)


@pytest.fixture
def dossiers(services, clock):
    """Seen on Wednesday 25/11/2026 10:00 (Tuesday 24/11 is a provisional holiday in the bundled calendar)."""

    def take(moment, name, procedure=XRAY_CODE, **extra):
        clock.moment = moment
        return services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name=name, **extra)).code

    codes = {
        # X-ray, 5 working days: received 17/11 → due 25/11 17:00; resolved on 20/11.
        "resolved": take(at(17, 9), "Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
        # Received 16/11 → due 23/11; waiting for supplements since 20/11.
        "awaiting": take(at(16, 9), "Đặng Văn Hải"),
        # Received 18/11 → due Thu 26/11: the next working day, still not resolved (apology due).
        "due_soon": take(at(18, 9), "Trần Thị Hà"),
        # Certificate, 10 working days, received today: nothing pressing.
        "fresh": take(at(25, 8), "Lê Minh Đức", procedure=CERT_CODE, id_number="036085001122"),
    }
    clock.moment = at(20, 9)
    services.lifecycle.record(
        EventRequest.of(codes["resolved"], EventKind.RESOLVED, result="Giấy xác nhận khai báo số 15")
    )
    services.lifecycle.record(
        EventRequest.of(codes["awaiting"], EventKind.SUPPLEMENT_REQUESTED, missing=["1"], reason="Thiếu chữ ký")
    )
    clock.moment = at(25, 10)
    return codes


def _window(qtbot, services, worker, printers, tmp_path, *, slips=True):
    from counter_app.gui.app import create_application
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations
    from counter_app.gui.tracking import install_tracking

    create_application([])
    win = MainWindow(
        ops=(ops := Operations(services if slips else replace(services, slips=None), worker)),
        preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        printer_factory=printers,
    )
    qtbot.addWidget(win)
    tab = install_tracking(win, ops, printer_factory=printers, scanner_interval_ms=SCAN_INTERVAL_MS)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: bool(win.intake_form.picker.procedures))
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    return win, tab


@pytest.fixture
def tracked(qtbot, services, worker, printers, tmp_path, dossiers):
    win, tab = _window(qtbot, services, worker, printers, tmp_path)
    yield win, tab
    _close_dialogs(tab)
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    tab.scanner.uninstall()


def _close_dialogs(tab) -> None:
    c = tab.controller
    for dialog in (c.return_dialog, c.message_box, c.detail_dialog):
        if dialog is not None:
            dialog.close()


def scan(qtbot, code: str) -> None:
    """What a USB scanner does: the code's keys back to back, then Enter, into the focused widget."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, code)
    QTest.keyClick(target, Qt.Key.Key_Return)


def focus_applicant_field(qtbot, win):
    field = win.intake_form.ui.applicantName
    field.setText("đang gõ dở")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return field


# --- scanning -------------------------------------------------------------------------------------------


def test_scan_of_a_ready_result_opens_the_return_and_records_a_late_return(
    qtbot, services, clock, printers, tracked, dossiers
):
    win, tab = tracked
    code = dossiers["resolved"]
    clock.moment = at(26, 9, 15)  # the day after the appointment (25/11 17:00): a late return
    field = focus_applicant_field(qtbot, win)
    scan(qtbot, code)
    qtbot.waitUntil(lambda: tab.controller.return_dialog is not None and tab.controller.return_dialog.isVisible())
    dialog = tab.controller.return_dialog
    assert field.text() == "đang gõ dở"  # the scan did not land in the form
    assert dialog.late and dialog.late_label.isVisible()
    assert "TRẢ MUỘN" in dialog.late_label.text()
    assert dialog.receiver.text() == "Nguyễn Thị Hương"
    assert dialog.receiver_id.text() == "001190012345"
    dialog.receiver.setText("Nguyễn Văn Nam")  # her husband collects it
    dialog.receiver_id.setText("001085004321")
    with qtbot.waitSignal(dialog.sig_finished, timeout=15_000) as finished:
        QTest.keyClick(dialog.receiver, Qt.Key.Key_Return)
    assert "TRẢ MUỘN" in finished.args[0]
    assert "Đã in phiếu trả kết quả" in finished.args[0]
    detail = services.dossiers.detail(code)
    assert detail.status == "returned" and detail.returned_late
    returned = next(e for e in detail.timeline if e.kind == EventKind.RESULT_RETURNED)
    assert returned.payload["receiver"] == "Nguyễn Văn Nam" and returned.payload["receiver_id"] == "001085004321"
    printed = [e for e in detail.timeline if e.kind == EventKind.SLIP_PRINTED]
    assert [e.payload["form"] for e in printed] == ["return"]
    assert printers.files and printers.files[-1].exists() and printers.files[-1].stat().st_size > 1000
    qtbot.waitUntil(lambda: "TRẢ MUỘN" in win.statusBar().currentMessage())


def test_an_on_time_return_is_not_late(qtbot, services, tracked, dossiers):
    win, tab = tracked
    scan(qtbot, dossiers["resolved"]) if QApplication.focusWidget() else None
    qtbot.waitUntil(lambda: tab.controller.return_dialog is not None)
    dialog = tab.controller.return_dialog
    assert not dialog.late and not dialog.late_label.isVisible()
    with qtbot.waitSignal(dialog.sig_finished, timeout=15_000):
        dialog.confirm()
    detail = services.dossiers.detail(dossiers["resolved"])
    assert detail.status == "returned" and not detail.returned_late


def test_return_asks_who_collects(qtbot, services, tracked, dossiers):
    _win, tab = tracked
    tab.page.focus_search()
    scan(qtbot, dossiers["resolved"])
    qtbot.waitUntil(lambda: tab.controller.return_dialog is not None)
    dialog = tab.controller.return_dialog
    assert tab.page.search_box.text() == ""  # swallowed from the search box too
    dialog.receiver.clear()
    dialog.receiver_id.setText("12345")
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.receiver_error.isVisible())
    assert "Họ và tên người nhận: không được để trống." == dialog.receiver_error.text()
    assert "12 chữ số" in dialog.receiver_id_error.text()
    assert dialog.isVisible()
    assert services.dossiers.detail(dossiers["resolved"]).status == "resolved"  # nothing recorded
    dialog.reject()


def test_return_without_the_slip_service_records_and_says_nothing_was_printed(
    qtbot, services, worker, printers, tmp_path, dossiers
):
    win, tab = _window(qtbot, services, worker, printers, tmp_path, slips=False)
    try:
        tab.controller.open_code(dossiers["resolved"])
        qtbot.waitUntil(lambda: tab.controller.return_dialog is not None)
        dialog = tab.controller.return_dialog
        with qtbot.waitSignal(dialog.sig_finished, timeout=15_000) as finished:
            dialog.confirm()
        assert "Chưa in phiếu trả kết quả" in finished.args[0]
        assert "chưa có trong phiên bản đang chạy" in finished.args[0]
        assert services.dossiers.detail(dossiers["resolved"]).status == "returned"
        assert printers.files == []
    finally:
        _close_dialogs(tab)
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
        tab.scanner.uninstall()


def test_scan_of_a_dossier_awaiting_supplements_has_that_action_ready(qtbot, services, tracked, dossiers):
    win, tab = tracked
    focus_applicant_field(qtbot, win)
    scan(qtbot, dossiers["awaiting"])
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.bundle is not None
    )
    detail = tab.controller.detail_dialog
    assert detail.isVisible()
    assert detail.code == dossiers["awaiting"]
    assert detail.default_action == EventKind.SUPPLEMENT_RECEIVED
    assert "Nhận hồ sơ bổ sung" in detail.actions_box.title()
    QTest.keyClick(detail, Qt.Key.Key_Return)  # Enter: record the supplements
    qtbot.waitUntil(lambda: detail.event_dialog is not None)
    event_dialog = detail.event_dialog
    assert event_dialog.kind == EventKind.SUPPLEMENT_RECEIVED
    with qtbot.waitSignal(detail.ops.sig_changed, timeout=10_000):
        QTest.keyClick(event_dialog, Qt.Key.Key_Return)
    assert services.dossiers.detail(dossiers["awaiting"]).status == "in_progress"
    qtbot.waitUntil(lambda: detail.bundle.detail.status == "in_progress", timeout=10_000)
    labels = [detail.timeline.item(r, 1).text() for r in range(detail.timeline.rowCount())]
    assert labels == ["Tiếp nhận hồ sơ", "Yêu cầu bổ sung", "Nhận hồ sơ bổ sung"]


def test_scan_of_an_open_dossier_shows_it_with_timeline_and_due_explanation(qtbot, tracked, dossiers):
    win, tab = tracked
    focus_applicant_field(qtbot, win)
    scan(qtbot, dossiers["fresh"])
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.bundle is not None
    )
    detail = tab.controller.detail_dialog
    assert detail.default_action is None
    assert detail.timeline.rowCount() == 1
    assert detail.timeline.item(0, 1).text() == "Tiếp nhận hồ sơ"
    text = detail.explanation.toPlainText()
    assert "Nhận hồ sơ lúc 08:00 ngày Thứ Tư 25/11/2026" in text
    assert "Thời hạn 10 ngày làm việc" in text
    assert detail.fact_values["id_number"].text() == "••••••••1122"  # masked even here
    assert {EventKind.HANDED_OVER, EventKind.RESOLVED, EventKind.EXTENDED} <= set(detail.action_buttons)
    assert EventKind.RESULT_RETURNED not in detail.action_buttons  # the rules decide the buttons


def test_unknown_code_is_said_plainly(qtbot, tracked):
    win, tab = tracked
    field = focus_applicant_field(qtbot, win)
    with qtbot.waitSignal(tab.controller.sig_not_found, timeout=5_000) as blocker:
        scan(qtbot, "H61.22-261125-9999")
    assert blocker.args == ["H61.22-261125-9999"]
    box = tab.controller.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "Không tìm thấy hồ sơ mã H61.22-261125-9999."
    assert field.text() == "đang gõ dở"
    assert "Không tìm thấy hồ sơ mã H61.22-261125-9999." in win.statusBar().currentMessage()


def test_slow_typing_in_the_intake_form_passes_through(qtbot, tracked, dossiers):
    win, tab = tracked
    field = win.intake_form.ui.note
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    code = dossiers["fresh"]
    for ch in code:
        QTest.keyClick(field, ch)
        qtbot.wait(SCAN_INTERVAL_MS + 30)
    qtbot.wait(100)
    assert field.text() == code
    assert tab.controller.detail_dialog is None and tab.controller.return_dialog is None


# --- the list tab ------------------------------------------------------------------------------------------


def test_tab_search_and_shortcuts(qtbot, services, tracked, dossiers):
    win, tab = tracked
    page = tab.page
    QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.isVisible)
    assert not win.ui.actionSaveAndPrint.isEnabled()  # Ctrl+Enter does not save an intake behind the list
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    with qtbot.waitSignal(page.sig_search_done, timeout=5_000):
        qtbot.keyClicks(page.search_box, "dang van")
    assert page.model.search_mode
    assert page.model.codes() == [dossiers["awaiting"]]
    assert "theo họ tên" in page.count_label.text()
    QTest.keyClick(page.search_box, Qt.Key.Key_Return)  # one result: Enter opens it
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.code == dossiers["awaiting"]
    )
    tab.controller.detail_dialog.close()
    page.search_box.clear()
    qtbot.waitUntil(lambda: not page.model.search_mode, timeout=5_000)
    assert page.model.rowCount() == 4
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    QTest.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.ui.actionSaveAndPrint.isEnabled()


def test_side_panel_counts_filter_the_list(qtbot, tracked, dossiers):
    _win, tab = tracked
    page = tab.page
    panel = page.panel
    qtbot.waitUntil(lambda: panel.count_values["due_soon"].text() not in ("…", ""))
    assert panel.count_values["awaiting_return"].text() == "1"
    assert panel.count_values["awaiting_supplement"].text() == "1"
    assert panel.count_values["received"].text() == "1"
    assert panel.count_values["due"].text() == "1"  # resolved 17/11 → due today, not yet collected
    assert panel.count_values["due_soon"].text() == "1"
    with qtbot.waitSignal(page.sig_total_loaded, timeout=5_000):
        panel.count_buttons["awaiting_supplement"].click()
    assert page.model.filters == DossierFilter(status="awaiting_supplement")
    assert page.model.codes() == [dossiers["awaiting"]]
    assert page.filter_bar.status.currentData() == "awaiting_supplement"
    assert page.total == 1
    with qtbot.waitSignal(page.sig_total_loaded, timeout=5_000):
        panel.count_buttons["due_soon"].click()
    assert page.model.filters.due == DueFilter.WITHIN
    assert page.model.codes() == [dossiers["due_soon"]]
    row = page.model.row_of(dossiers["due_soon"])
    status_index = page.model.index(row, 6)
    assert page.model.data(status_index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Sắp đến hạn" in page.model.data(status_index)


def test_apology_from_the_side_panel_is_prefilled_and_recorded(qtbot, services, printers, tracked, dossiers):
    _win, tab = tracked
    panel = tab.page.panel
    qtbot.waitUntil(lambda: panel.due_soon_list.count() == 1 and panel.selected_code() is None)
    panel.due_soon_list.setCurrentRow(0)
    assert panel.selected_code() == dossiers["due_soon"]
    panel.apology_button.click()
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.event_dialog is not None,
        timeout=5_000,
    )
    detail = tab.controller.detail_dialog
    dialog = detail.event_dialog
    assert dialog.kind == EventKind.EXTENDED
    values = dialog.values()
    assert "cần thêm thời gian" in values["reason"] and "17:00 ngày 26/11/2026" in values["reason"]
    assert values["new_due"] == at(3, 17, month=12)  # five working days after 26/11
    assert dialog.print_after.isChecked()
    with qtbot.waitSignal(detail.ops.sig_changed, timeout=10_000):
        QTest.keyClick(dialog.inputs["new_due"], Qt.Key.Key_Return)
    recorded = services.dossiers.detail(dossiers["due_soon"])
    assert recorded.due_at == at(3, 17, month=12) and recorded.extension_count == 1
    qtbot.waitUntil(
        lambda: any(e.kind == EventKind.SLIP_PRINTED for e in services.dossiers.detail(dossiers["due_soon"]).timeline),
        timeout=15_000,
    )
    assert printers.files and printers.files[-1].exists()
    # No longer flagged once the new date is set.
    qtbot.waitUntil(lambda: panel.count_values["due_soon"].text() == "0", timeout=5_000)


def test_keyboard_only_from_the_list_to_a_recorded_event(qtbot, services, tracked, dossiers):
    """Ctrl+2, the list, Enter opens the dossier; Tab to another action and Enter does that one; Ctrl+Enter records."""
    win, tab = tracked
    page = tab.page
    QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    page.focus_list()
    row = page.model.row_of(dossiers["fresh"])
    page.table.selectRow(row)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.code == dossiers["fresh"]
    )
    detail = tab.controller.detail_dialog
    qtbot.waitUntil(lambda: bool(detail.action_buttons))
    handover = detail.action_buttons[EventKind.HANDED_OVER]
    handover.setFocus()
    QTest.keyClick(handover, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.event_dialog is not None)
    dialog = detail.event_dialog
    assert dialog.kind == EventKind.HANDED_OVER
    dialog.inputs["to_unit"].setText("Phòng Quản lý chuyên ngành")
    dialog.inputs["note"].setFocus()
    with qtbot.waitSignal(detail.ops.sig_changed, timeout=10_000):
        QTest.keyClick(dialog.inputs["note"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    recorded = services.dossiers.detail(dossiers["fresh"])
    assert recorded.status == "in_progress" and recorded.location == "Phòng Quản lý chuyên ngành"
    # The control sheet that travels with the dossier is printed and recorded.
    qtbot.waitUntil(
        lambda: any(e.kind == EventKind.SLIP_PRINTED for e in services.dossiers.detail(dossiers["fresh"]).timeline),
        timeout=15_000,
    )


def test_an_officer_is_refused_the_apology_in_the_window(qtbot, services, tracked, dossiers):
    """Issue 12: the window refuses a supervisor's decision to an officer with the service's own sentence."""
    services.accounts.create("quantri", "Lê Văn Quản", "admin", "quan-tri-2026")
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", "can-bo-2026")
    services.accounts.sign_in("ha", "can-bo-2026")
    _win, tab = tracked
    panel = tab.page.panel
    qtbot.waitUntil(lambda: panel.due_soon_list.count() == 1 and panel.selected_code() is None)
    panel.due_soon_list.setCurrentRow(0)
    panel.apology_button.click()
    qtbot.waitUntil(
        lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.event_dialog is not None,
        timeout=5_000,
    )
    dialog = tab.controller.detail_dialog.event_dialog
    QTest.keyClick(dialog.inputs["new_due"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "không được" in dialog.message.text(), timeout=10_000)
    assert dialog.message.text().startswith("Chưa ghi nhận: Tài khoản ha (cán bộ tiếp nhận) không được gia hạn")
    assert dialog.isVisible() and services.dossiers.detail(dossiers["due_soon"]).extension_count == 0


def test_the_scanner_takes_its_exact_mode_from_the_settings_and_follows_a_change(qtbot, tracked):
    """scanner.prefix/suffix are read by an operation when the tab is installed, and again when a save through the
    operations announces Changes.settings (Quản trị → Cài đặt): no restart needed."""
    win, tab = tracked
    assert not tab.scanner.exact  # the store's default: speed mode
    with qtbot.waitSignal(win.ops.sig_changed):
        win.ops.set_settings({"scanner.prefix": "F9"}).run(win)
    qtbot.waitUntil(lambda: tab.scanner.exact, timeout=10_000)
    with qtbot.waitSignal(win.ops.sig_changed):
        win.ops.set_settings({"scanner.prefix": ""}).run(win)
    qtbot.waitUntil(lambda: not tab.scanner.exact, timeout=10_000)


def test_search_runs_as_typed_one_at_a_time_and_ends_on_the_last_text(qtbot, services, tracked, dossiers):
    """Each key searches at once (issue 15: a keystroke repaints the list within the store's few ms), but never
    more than one search is on the worker: keys typed meanwhile make one more search, for the latest text."""
    win, tab = tracked
    page = tab.page
    QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.isVisible)
    searched: list[str] = []
    real_search = page.ops.search

    def counting(text):
        searched.append(text)
        return real_search(text)

    page.ops.search = counting
    try:
        page.search_box.setFocus()
        QTest.keyClick(page.search_box, Qt.Key.Key_D)
        qtbot.waitUntil(lambda: searched == ["d"], timeout=5_000)  # the first key searched without waiting
        assert page._search_busy or page.model.search_mode
        for ch in "ang van":  # typed before the first answer is shown: no search each, one for the last text
            QTest.keyClick(page.search_box, ch)
        qtbot.waitUntil(lambda: not page._search_busy and page.model.codes() == [dossiers["awaiting"]], timeout=10_000)
        assert searched[-1] == "dang van"
        assert len(searched) <= 1 + len("ang van")
        assert "«dang van»" in page.count_label.text()
    finally:
        page.ops.search = real_search


def test_the_return_done_fully_from_the_dialog(qtbot, services, tracked, dossiers, printers, tmp_path):
    """Issue 13 item 3: who collected (a representative), their ID, the original handed back (Space ticks it), the
    result's kind and number, where the paper file goes; the slip says them, the dossier window shows them."""
    from pypdf import PdfReader

    win, tab = tracked
    code = dossiers["resolved"]
    tab.controller.open_code(code)
    qtbot.waitUntil(lambda: tab.controller.return_dialog is not None and tab.controller.return_dialog.isVisible())
    dialog = tab.controller.return_dialog
    assert not dialog.tracking_number.isVisibleTo(dialog)  # at the counter: no postal item
    dialog.collector.setCurrentIndex(dialog.collector.findData("post"))
    assert dialog.method.currentData() == "post" and dialog.tracking_number.isVisibleTo(dialog)
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.tracking_number_error.isVisible())
    assert "Số hiệu bưu gửi" in dialog.tracking_number_error.text()
    assert services.dossiers.detail(code).status == "resolved"  # nothing recorded
    dialog.collector.setCurrentIndex(dialog.collector.findData("representative"))
    assert dialog.method.currentData() == "counter" and not dialog.tracking_number.isVisibleTo(dialog)
    dialog.receiver.setText("Trần Văn Bình")
    dialog.receiver_id.setText("001085004321")
    dialog.originals.setFocus()
    dialog.originals.setCurrentCell(0, 0)
    QTest.keyClick(dialog.originals, Qt.Key.Key_Space)
    assert dialog.chosen_originals() == ("1:1",)
    dialog.result_kind.setText("Giấy xác nhận khai báo")
    dialog.result_number.setText("15/XN-SKHCN")
    dialog.file_location.setText("Kệ 3 hộp 12")
    dialog.grab().save(str(tmp_path / "return_dialog.png"))
    with qtbot.waitSignal(dialog.sig_finished, timeout=15_000):
        dialog.confirm()
    detail = services.dossiers.detail(code)
    returned = next(e for e in detail.timeline if e.kind == EventKind.RESULT_RETURNED).payload
    assert returned["collector"] == "representative" and returned["receiver_id"] == "001085004321"
    assert returned["originals"] == [{"name": "Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế", "quantity": 1}]
    assert (returned["result_kind"], returned["result_number"]) == ("Giấy xác nhận khai báo", "15/XN-SKHCN")
    assert detail.file_location == "Kệ 3 hộp 12"
    assert printers.files and printers.files[-1].stat().st_size > 1000  # printed (through QPrinter: no text layer)
    slip = services.slips.render(code, "return")
    (tmp_path / "return_slip.pdf").write_bytes(slip)
    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "return_slip.pdf")).pages)
    assert "Người đến nhận: Người được ủy quyền" in text and "Vị trí lưu hồ sơ: Kệ 3 hộp 12" in text
    assert "Giấy tờ kết quả: Giấy xác nhận khai báo số 15/XN-SKHCN" in text
    # The dossier window: the return and the paper file, the collector's number not shown.
    tab.controller.open_code(code)
    qtbot.waitUntil(lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.isVisible())
    window = tab.controller.detail_dialog
    qtbot.waitUntil(lambda: window.fact_values["file_location"].text().startswith("Kệ 3 hộp 12"))
    assert window.fact_values["returned_to"].text() == (
        "Người được ủy quyền: Trần Văn Bình; Giấy xác nhận khai báo số 15/XN-SKHCN"
    )
    window.grab().save(str(tmp_path / "dossier_window.png"))
    # The file moves: the dossier window's "Vị trí lưu hồ sơ…" (Alt+V) records it as an event of its own.
    button = window.action_buttons[EventKind.FILE_STORED]
    assert button.isVisible() and button.text() == "&Vị trí lưu hồ sơ…"
    services.lifecycle.record(EventRequest.of(code, EventKind.FILE_STORED, file_location="Kho lưu trữ giá 2"))
    assert [r.code for r in services.search.search("kho luu tru gia 2")] == [code]
