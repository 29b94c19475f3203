"""The supervisor's screens under pytest-qt (offscreen): the catalogue (search, edit, retire, import/export) and
the office calendar (days, yearly import, office hours).

Vietnamese text is set with setText() (qtbot.keyClicks with non-ASCII characters aborts the run: PLATFORM-NOTES).
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from counter_app.domain.validation import ValidationError
from counter_app.gui.operations import Operations
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, XRAY_CODE

pytestmark = pytest.mark.gui

OLD_CODE = "1.000003.000.00.00.H61"  # mini catalogue: "Đăng ký chuyển giao công nghệ (đặc biệt: Đặng)", ended 2020


@pytest.fixture
def dialog(qtbot, services, clock):
    from counter_app.gui.catalogue_dialog import CatalogueDialog

    dlg = CatalogueDialog(Operations(services), today=lambda: clock().date())
    qtbot.addWidget(dlg)
    dlg.confirm = lambda _title, _text: True
    return dlg


def _save(qtbot, editor) -> None:
    qtbot.mouseClick(editor.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


# --- catalogue --------------------------------------------------------------------------------------------


def test_lists_the_current_procedures(dialog):
    assert sorted(dialog.visible_codes()) == sorted([CERT_CODE, XRAY_CODE, OLD_CODE])
    statuses = {e.procedure.code: e.status(date(2026, 11, 25)) for e in dialog.model.entries()}
    assert statuses[OLD_CODE] == "Hết hiệu lực" and statuses[CERT_CODE] == "Đang áp dụng"
    assert dialog.ui.statusLabel.text().startswith("Đang hiện 3 / 3 thủ tục")


def test_search_ignores_diacritics_and_filters_by_field(dialog):
    dialog.ui.searchEdit.setText("chung chi buc xa")
    assert dialog.visible_codes() == [CERT_CODE]
    dialog.ui.searchEdit.setText("dang")  # finds "Đặng" and "Đăng ký" (đ folded to d)
    assert dialog.visible_codes() == [OLD_CODE]
    dialog.ui.searchEdit.setText("X-QUANG")
    assert dialog.visible_codes() == [XRAY_CODE]
    dialog.ui.searchEdit.setText("")
    dialog.ui.fieldFilter.setCurrentIndex(dialog.ui.fieldFilter.findData("SHTT"))
    assert dialog.visible_codes() == [OLD_CODE]
    dialog.ui.searchEdit.setText("không có thủ tục này")
    assert dialog.visible_codes() == []
    assert "Đang hiện 0 / 3" in dialog.ui.statusLabel.text()


def test_selecting_shows_details_and_versions(dialog):
    assert dialog.select_code(CERT_CODE)
    text = dialog.ui.detailView.toPlainText()
    assert "Cấp chứng chỉ nhân viên bức xạ" in text
    assert "Bản sao văn bằng, chứng chỉ đào tạo — Bản sao chứng thực, 1 bản" in text
    assert "Ảnh 3x4 — Bản chính, 2 bản (không bắt buộc)" in text
    assert "Phiên bản 1" in text and "0 hồ sơ" in text
    assert dialog.ui.editButton.isEnabled() and dialog.ui.retireButton.isEnabled()
    assert not dialog.ui.restoreButton.isEnabled()


def test_edit_creates_a_new_version(qtbot, dialog, services, clock):
    services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Văn An"))
    dialog.select_code(CERT_CODE)
    editor = dialog.edit_selected()
    assert editor.ui.codeEdit.isReadOnly() and editor.ui.codeEdit.text() == CERT_CODE
    assert editor.ui.effectiveFromDate.date() == QDate(2026, 11, 25)  # a new version starts today by default
    assert "Phiên bản hiện hành: 1" in editor.ui.versionInfo.text()
    editor.ui.durationSpin.setValue(7)
    editor.ui.feeEdit.setPlainText("Lệ phí: 100.000 đồng")
    editor.ui.effectiveFromDate.setDate(QDate(2026, 12, 1))
    row = editor.add_document()
    editor.ui.documentsTable.item(row, 0).setText("Giấy khám sức khỏe")
    with qtbot.waitSignal(dialog.ops.sig_changed, timeout=2000):
        _save(qtbot, editor)
    assert not editor.isVisible()
    history = services.catalogue.history(CERT_CODE)
    assert [(v.version, v.dossier_count) for v in history] == [(1, 1), (2, 0)]
    new = history[1].procedure
    assert new.processing_time.duration == 7 and new.fee == "Lệ phí: 100.000 đồng"
    assert new.effective_from == date(2026, 12, 1) and history[0].procedure.effective_to == date(2026, 11, 30)
    assert new.documents[-1].name == "Giấy khám sức khỏe"
    assert "Đã lưu phiên bản 2 của thủ tục" in dialog.ui.statusLabel.text()
    dialog.select_code(CERT_CODE)
    assert dialog.selected_entry().version == 2
    # Intake today still promises the old rule; from 01/12 the new one.
    assert services.catalogue.find(CERT_CODE, clock().date()).processing_time.duration == 10
    assert services.catalogue.find(CERT_CODE, date(2026, 12, 1)).processing_time.duration == 7


def test_edit_without_changes_or_with_errors_saves_nothing(qtbot, dialog, services):
    dialog.select_code(XRAY_CODE)
    editor = dialog.edit_selected()
    _save(qtbot, editor)
    assert "Chưa có thay đổi nào" in editor.ui.errorLabel.text() and editor.isVisible()
    editor.ui.nameEdit.setPlainText("   ")
    _save(qtbot, editor)
    assert editor.ui.errorLabel.text() == "Trường 'Tên thủ tục': không được để trống"
    assert editor.isVisible()
    assert len(services.catalogue.history(XRAY_CODE)) == 1


def test_new_procedure(qtbot, dialog, services, clock):
    editor = dialog.new_procedure()
    assert not editor.ui.codeEdit.isReadOnly()
    editor.ui.codeEdit.setText("1.000009.000.00.00.H61")
    editor.ui.nameEdit.setPlainText("Cấp giấy phép vận chuyển chất phóng xạ")
    editor.ui.fieldCombo.setCurrentIndex(editor.ui.fieldCombo.findData("ATBX"))
    editor.ui.durationSpin.setValue(2)
    editor.ui.unitCombo.setCurrentIndex(editor.ui.unitCombo.findText("giờ làm việc"))
    editor.ui.cutoffCheck.setChecked(True)
    editor.ui.cutoffTime.setTime(QTime(16, 0))
    row = editor.add_document()
    editor.ui.documentsTable.item(row, 0).setText("Đơn đề nghị")
    _save(qtbot, editor)
    procedure = services.catalogue.find("1.000009.000.00.00.H61", clock().date())
    assert procedure.processing_time.unit.value == "working_hours"
    assert procedure.processing_time.cutoff == time(16, 0)
    assert [d.name for d in procedure.documents] == ["Đơn đề nghị"]
    assert "1.000009.000.00.00.H61" in dialog.visible_codes()


def test_new_procedure_with_an_existing_code_is_refused(qtbot, dialog, services):
    editor = dialog.new_procedure()
    editor.ui.codeEdit.setText(XRAY_CODE)
    editor.ui.nameEdit.setPlainText("Một thủ tục khác")
    _save(qtbot, editor)
    assert editor.isVisible()
    assert f"Mã thủ tục '{XRAY_CODE}' đã có trong danh mục" in editor.ui.errorLabel.text()
    assert len(services.catalogue.history(XRAY_CODE)) == 1


def test_retire_hides_it_from_intake_and_restore_brings_it_back(qtbot, dialog, services, clock):
    dialog.select_code(XRAY_CODE)
    with qtbot.waitSignal(dialog.ops.sig_changed, timeout=2000):
        qtbot.mouseClick(dialog.ui.retireButton, Qt.MouseButton.LeftButton)
    assert XRAY_CODE not in {p.code for p in services.catalogue.procedures(clock().date())}
    with pytest.raises(ValidationError):
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Thị Cúc"))
    assert XRAY_CODE not in dialog.visible_codes()
    assert "1 thủ tục đã bãi bỏ, đang ẩn" in dialog.ui.statusLabel.text()
    dialog.ui.showRetired.setChecked(True)
    assert XRAY_CODE in dialog.visible_codes()
    dialog.select_code(XRAY_CODE)
    assert dialog.selected_entry().status(clock().date()) == "Đã bãi bỏ"
    assert dialog.ui.restoreButton.isEnabled() and not dialog.ui.editButton.isEnabled()
    qtbot.mouseClick(dialog.ui.restoreButton, Qt.MouseButton.LeftButton)
    assert XRAY_CODE in {p.code for p in services.catalogue.procedures(clock().date())}


def test_retire_asks_first(qtbot, dialog, services, clock):
    dialog.confirm = lambda _title, _text: False
    dialog.select_code(XRAY_CODE)
    qtbot.mouseClick(dialog.ui.retireButton, Qt.MouseButton.LeftButton)
    assert XRAY_CODE in {p.code for p in services.catalogue.procedures(clock().date())}


def test_import_with_an_error_shows_the_list_and_imports_nothing(qtbot, dialog, services, tmp_path: Path):
    path = tmp_path / "danh-muc.xlsx"
    dialog.export_to(path)
    assert "Đã xuất 3 thủ tục" in dialog.ui.statusLabel.text()
    workbook = load_workbook(path)
    sheet = workbook["Thủ tục"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == CERT_CODE:
            sheet.cell(row, 5).value = "mười"
            bad_row = row
    sheet.cell(sheet.max_row + 1, 1).value = "9.000001"  # a new procedure, not imported either
    sheet.cell(sheet.max_row, 2).value = "Thủ tục mới"
    sheet.cell(sheet.max_row, 3).value = "ATBX"
    sheet.cell(sheet.max_row, 5).value = 3
    workbook.save(path)
    before = services.catalogue.entries(include_retired=True)
    dialog.choose_open_path = lambda: str(path)
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    errors = dialog.errors_dialog
    assert errors is not None and errors.isVisible()
    assert errors.errors() == [f"Sheet 'Thủ tục', dòng {bad_row}, cột 'Thời hạn': 'mười' không phải số"]
    assert "có lỗi nên chưa nhập gì" in errors.ui.summaryLabel.text()
    assert "dòng 1 thường là dòng tiêu đề" in errors.ui.hintLabel.text()
    assert services.catalogue.entries(include_retired=True) == before
    assert "chưa nhập gì" in dialog.ui.statusLabel.text()


def test_import_asks_with_a_summary_then_imports(qtbot, dialog, services, tmp_path: Path):
    path = tmp_path / "c.json"
    dialog.export_to(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["procedures"][0]["duration"] = 12
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    asked: list[str] = []
    dialog.confirm = lambda _title, text: asked.append(text) or False
    dialog.import_from(path)
    assert asked and "0 thủ tục mới, 1 thủ tục có phiên bản mới, 2 thủ tục không đổi" in asked[0]
    assert all(e.version == 1 for e in services.catalogue.entries())
    dialog.confirm = lambda _title, _text: True
    with qtbot.waitSignal(dialog.ops.sig_changed, timeout=2000):
        dialog.import_from(path)
    assert sorted(e.version for e in services.catalogue.entries()) == [1, 1, 2]
    assert "Đã nhập: 0 thủ tục mới, 1 thủ tục có phiên bản mới" in dialog.ui.statusLabel.text()


def test_works_through_the_background_worker(qtbot, services, clock):
    from counter_app.gui.catalogue_dialog import open_catalogue_dialog
    from counter_app.gui.worker import Worker

    worker = Worker()
    try:
        dlg = open_catalogue_dialog(None, Operations(services, worker))
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: len(dlg.visible_codes()) == 3, timeout=3000)
        dlg.confirm = lambda _title, _text: True
        dlg.select_code(XRAY_CODE)
        with qtbot.waitSignal(dlg.ops.sig_changed, timeout=3000):
            dlg.retire_selected()
        qtbot.waitUntil(lambda: XRAY_CODE not in dlg.visible_codes(), timeout=3000)
    finally:
        assert worker.shutdown(10_000)


# --- office calendar --------------------------------------------------------------------------------------


@pytest.fixture
def calendar_dialog(qtbot, services):
    from counter_app.gui.calendar_dialog import CalendarDialog

    dlg = CalendarDialog(Operations(services), year=2026)
    qtbot.addWidget(dlg)
    dlg.confirm = lambda _title, _text: True
    return dlg


def _rows(dlg) -> list[tuple[str, ...]]:
    table = dlg.ui.entriesTable
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def test_calendar_shows_a_year_and_warns_for_an_unloaded_one(calendar_dialog):
    rows = _rows(calendar_dialog)
    assert ("16/02/2026", "Thứ Hai", "ngày lễ", "Tết Nguyên đán Bính Ngọ") == rows[3][:4]
    assert calendar_dialog.ui.originLabel.text() == "Lịch kèm phần mềm (tệp 2026.json)"
    assert calendar_dialog.ui.completeCheck.isChecked()
    calendar_dialog.ui.yearSpin.setValue(2031)
    assert calendar_dialog.ui.warningLabel.text().startswith("⚠ Chưa nạp lịch làm việc năm 2031")
    assert not calendar_dialog.ui.completeCheck.isChecked()
    # The statutory holidays are listed for reference, greyed and not editable.
    rows = _rows(calendar_dialog)
    assert rows[0][:4] == ("01/01/2031", "Thứ Tư", "ngày lễ theo luật", "Tết Dương lịch")
    calendar_dialog.ui.entriesTable.selectRow(0)
    assert calendar_dialog.selected_entry() is None and not calendar_dialog.ui.editButton.isEnabled()


def test_calendar_add_edit_delete(qtbot, calendar_dialog, services):
    editor = calendar_dialog.add_entry()
    editor.ui.dayEdit.setDate(QDate(2026, 12, 31))
    editor.ui.kindCombo.setCurrentIndex(editor.ui.kindCombo.findData("closure"))
    editor.ui.nameEdit.setText("Nghỉ kiểm kê cuối năm")
    _save(qtbot, editor)
    assert editor.isVisible() and "Chưa ghi căn cứ" in editor.ui.errorLabel.text()
    editor.ui.sourceEdit.setPlainText("Thông báo 15/TB-SKHCN")
    with qtbot.waitSignal(calendar_dialog.ops.sig_changed, timeout=2000):
        _save(qtbot, editor)
    assert not editor.isVisible()
    assert services.calendar().entry(date(2026, 12, 31)).name == "Nghỉ kiểm kê cuối năm"
    assert "sửa từ lịch kèm phần mềm" in calendar_dialog.ui.originLabel.text()
    assert not calendar_dialog.ui.resetButton.isHidden()

    assert calendar_dialog.select_day(date(2026, 12, 31))
    editor = calendar_dialog.edit_selected()
    assert editor.ui.nameEdit.text() == "Nghỉ kiểm kê cuối năm"
    editor.ui.nameEdit.setText("Nghỉ kiểm kê")
    _save(qtbot, editor)
    assert services.calendar().entry(date(2026, 12, 31)).name == "Nghỉ kiểm kê"

    calendar_dialog.select_day(date(2026, 12, 31))
    qtbot.mouseClick(calendar_dialog.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert services.calendar().entry(date(2026, 12, 31)) is None
    qtbot.mouseClick(calendar_dialog.ui.resetButton, Qt.MouseButton.LeftButton)
    assert calendar_dialog.view.origin == "bundled"


def test_calendar_import_error_and_success(calendar_dialog, services, tmp_path: Path):
    bad = tmp_path / "2029.json"
    bad.write_text('{"year": 2029, "entries": [{"date": "2029-01-01", "kind": "holiday", "name": "Tết"}]}')
    calendar_dialog.import_from(bad)
    assert calendar_dialog.errors_dialog.isVisible()
    assert calendar_dialog.errors_dialog.errors() == [
        "Tệp 2029.json, mục 1: thiếu căn cứ (source): văn bản hoặc thông báo quy định ngày này"
    ]
    assert 2029 not in services.calendar().loaded_years
    bad.write_text(
        '{"year": 2029, "entries": [{"date": "2029-01-01", "kind": "holiday", "name": "Tết", "source": "BLLĐ"}]}'
    )
    calendar_dialog.import_from(bad)
    assert calendar_dialog.year == 2029
    assert 2029 in services.calendar().loaded_years
    assert calendar_dialog.ui.warningLabel.isHidden()
    out = tmp_path / "out.json"
    calendar_dialog.export_to(out)
    assert json.loads(out.read_text(encoding="utf-8"))["entries"][0]["name"] == "Tết"


def test_calendar_saves_office_hours(qtbot, calendar_dialog, services):
    ui = calendar_dialog.ui
    ui.morningStart.setTime(QTime(8, 0))
    ui.cutoffCheck.setChecked(True)
    ui.cutoffTime.setTime(QTime(16, 30))
    qtbot.mouseClick(ui.saveHoursButton, Qt.MouseButton.LeftButton)
    hours = services.calendar().hours
    assert hours.morning_start == time(8, 0) and hours.cutoff == time(16, 30)
    ui.afternoonStart.setTime(QTime(11, 0))  # before the morning ends
    qtbot.mouseClick(ui.saveHoursButton, Qt.MouseButton.LeftButton)
    assert "Giờ làm việc không hợp lệ" in ui.statusLabel.text()
    assert services.calendar().hours.afternoon_start == time(13, 30)


def test_open_calendar_dialog(qtbot, services):
    from counter_app.gui.calendar_dialog import open_calendar_dialog

    dlg = open_calendar_dialog(None, Operations(services), year=2027)
    qtbot.addWidget(dlg)
    assert dlg.isVisible() and dlg.year == 2027
    assert "dự kiến" in dlg.ui.warningLabel.text()
