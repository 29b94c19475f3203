"""Catalogue import/export: errors by sheet/row/column, all or nothing, versions, round trips through XLSX and JSON."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import CopyKind, DocumentRequirement, DurationUnit, StartTrigger
from counter_app.domain.catalogue_io import (
    DOCUMENT_COLUMNS,
    FIELD_COLUMNS,
    PROCEDURE_COLUMNS,
    CatalogueFileError,
    ImportIssue,
    catalogue_to_tables,
    parse_json_document,
    parse_tables,
)
from counter_app.services.catalogue import DEMO_CATALOGUE, ProcedureInvalid
from counter_app.services.intake import IntakeRequest
from counter_app.store import repository
from counter_app.store.models import ProcedureDocument, ProcedureVersion
from tests.conftest import CERT_CODE, XRAY_CODE

FIELD_HEADERS = [c.header for c in FIELD_COLUMNS]
PROCEDURE_HEADERS = [c.header for c in PROCEDURE_COLUMNS]
DOCUMENT_HEADERS = [c.header for c in DOCUMENT_COLUMNS]

# A small catalogue as an officer would type it, in the exporter's order (field, then name).
SOURCE_FIELDS = [
    ["ATBX", "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"],
    ["TDC", "Tiêu chuẩn đo lường chất lượng"],
]
SOURCE_PROCEDURES = [
    [
        "2.000001",
        "Cấp chứng chỉ nhân viên bức xạ",
        "ATBX",
        "Cấp tỉnh",
        10,
        "ngày làm việc",
        "nhận đủ hồ sơ hợp lệ",
        None,
        "Không",
        "toàn trình",
        "Nghị định số 142/2020/NĐ-CP",
        "Bộ phận Một cửa",
        datetime(2025, 7, 1),
        None,
    ],
    [
        "2.000002",
        "Khai báo thiết bị X-quang chẩn đoán trong y tế",
        "ATBX",
        "Cấp tỉnh",
        5,
        "ngày làm việc",
        "nhận đủ hồ sơ và phí, lệ phí",
        "15:00",
        "Phí thẩm định: 200.000 đồng",
        "một phần",
        None,
        None,
        datetime(2025, 7, 1),
        datetime(2027, 12, 31),
    ],
    [
        "3.000001",
        "Đăng ký công bố hợp chuẩn dựa trên kết quả chứng nhận",
        "TDC",
        "Cấp tỉnh",
        36,
        "giờ làm việc",
        "nhận đủ hồ sơ hợp lệ",
        None,
        "150.000 đồng",
        "toàn trình",
        None,
        None,
        None,
        None,
    ],
]
SOURCE_DOCUMENTS = [
    ["2.000001", 1, "Đơn đề nghị cấp chứng chỉ theo mẫu", "Bản chính", 1, "Có"],
    ["2.000001", 2, "Bản sao văn bằng, chứng chỉ đào tạo", "Bản sao chứng thực", 1, "Có"],
    ["2.000001", 3, "Ảnh 3x4", "Bản chính", 2, "Không"],
    ["2.000002", 1, "Phiếu khai báo thiết bị X-quang", "Bản chính hoặc bản sao chứng thực", 1, "Có"],
    ["3.000001", 1, "Bản công bố hợp chuẩn theo mẫu", "Bản photo", 3, "Có"],
]


def write_xlsx(
    path: Path, fields=SOURCE_FIELDS, procedures=SOURCE_PROCEDURES, documents=SOURCE_DOCUMENTS, title_row: bool = False
) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headers, rows in (
        ("Lĩnh vực", FIELD_HEADERS, fields),
        ("Thủ tục", PROCEDURE_HEADERS, procedures),
        ("Thành phần hồ sơ", DOCUMENT_HEADERS, documents),
    ):
        ws = workbook.create_sheet(name)
        if title_row:
            ws.append([f"DANH MỤC — {name.upper()}"])
        ws.append(headers)
        for row in rows:
            ws.append(list(row))
    workbook.save(path)
    return path


def sheet_values(path: Path) -> dict[str, list[list[object]]]:
    workbook = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def counts(services) -> tuple[int, int]:
    with services.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(ProcedureVersion)),
            s.scalar(select(func.count()).select_from(ProcedureDocument)),
        )


def issue_texts(exc: CatalogueFileError) -> list[str]:
    return [str(i) for i in exc.issues]


# --- the pure parser --------------------------------------------------------------------------------------


def tables(procedures=SOURCE_PROCEDURES, documents=SOURCE_DOCUMENTS, fields=SOURCE_FIELDS):
    return {
        "Lĩnh vực": [FIELD_HEADERS, *fields],
        "Thủ tục": [PROCEDURE_HEADERS, *procedures],
        "Thành phần hồ sơ": [DOCUMENT_HEADERS, *documents],
    }


def test_tables_parse_to_procedures_with_documents_in_order():
    data = parse_tables(tables())
    assert [f.code for f in data.fields] == ["ATBX", "TDC"]
    cert, xray, standard = data.procedures
    assert cert.field_name == "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"
    assert cert.processing_time.duration == 10 and cert.effective_from == date(2025, 7, 1)
    assert [d.name for d in cert.documents] == [
        "Đơn đề nghị cấp chứng chỉ theo mẫu",
        "Bản sao văn bằng, chứng chỉ đào tạo",
        "Ảnh 3x4",
    ]
    assert cert.documents[2] == DocumentRequirement("Ảnh 3x4", CopyKind.ORIGINAL, 2, False)
    assert xray.processing_time.trigger == StartTrigger.FEE_PAID
    assert xray.processing_time.cutoff.strftime("%H:%M") == "15:00"
    assert xray.effective_to == date(2027, 12, 31)
    assert standard.processing_time.unit == DurationUnit.WORKING_HOURS
    assert standard.documents[0].copy_kind == CopyKind.PHOTOCOPY


def test_headers_are_found_by_name_in_any_order_without_diacritics_below_a_title():
    order = [13, 0, 2, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3]
    headers = [PROCEDURE_HEADERS[i] for i in order]
    headers[1] = "MA THU TUC"  # typed without diacritics, upper case
    rows = [[row[i] for i in order] for row in SOURCE_PROCEDURES]
    sheets = tables()
    sheets["Thủ tục"] = [["Danh mục thủ tục hành chính"], [], headers, *rows, [None] * 14]
    sheets["Ghi chú"] = [["an extra sheet is ignored"]]
    data = parse_tables(sheets)
    assert [p.code for p in data.procedures] == ["2.000001", "2.000002", "3.000001"]
    assert data == parse_tables(tables())


def test_every_bad_cell_is_reported_with_sheet_row_column_and_reason():
    procedures = [list(r) for r in SOURCE_PROCEDURES]
    procedures[0][4] = "mười"  # Thời hạn, row 2
    procedures[1][5] = "tuần"  # Đơn vị thời hạn, row 3
    procedures[1][7] = "25:00"  # Giờ tiếp nhận cuối
    procedures[2][2] = "XYZ"  # unknown field, row 4
    procedures[2][12] = "31/02/2026"  # not a date
    procedures.append(list(SOURCE_PROCEDURES[0]))  # duplicate code, row 5
    documents = [list(r) for r in SOURCE_DOCUMENTS] + [["9.999999", 1, "Giấy mồ côi", "Bản chính", 1, "Có"]]
    documents[0][5] = "có lẽ"
    documents[1][4] = 0
    with pytest.raises(CatalogueFileError) as info:
        parse_tables(tables(procedures, documents))
    assert issue_texts(info.value) == [
        "Sheet 'Thủ tục', dòng 2, cột 'Thời hạn': 'mười' không phải số",
        "Sheet 'Thủ tục', dòng 3, cột 'Đơn vị thời hạn': 'tuần' không hợp lệ "
        "(chỉ nhận: ngày làm việc, giờ làm việc, ngày lịch)",
        "Sheet 'Thủ tục', dòng 3, cột 'Giờ tiếp nhận cuối': '25:00' không phải giờ hợp lệ (HH:MM, ví dụ 15:00)",
        "Sheet 'Thủ tục', dòng 4, cột 'Mã lĩnh vực': mã lĩnh vực 'XYZ' không có trong danh sách lĩnh vực "
        "(sheet 'Lĩnh vực' hoặc danh mục đang dùng)",
        "Sheet 'Thủ tục', dòng 4, cột 'Hiệu lực từ ngày': '31/02/2026' không phải ngày hợp lệ (dd/mm/yyyy)",
        "Sheet 'Thủ tục', dòng 5, cột 'Mã thủ tục': mã thủ tục '2.000001' trùng với dòng 2",
        "Sheet 'Thành phần hồ sơ', dòng 2, cột 'Bắt buộc': 'có lẽ' không hợp lệ (ghi 'Có' hoặc 'Không')",
        "Sheet 'Thành phần hồ sơ', dòng 3, cột 'Số lượng': 0 phải từ 1 đến 99",
        "Sheet 'Thành phần hồ sơ', dòng 7, cột 'Mã thủ tục': mã thủ tục '9.999999' không có trong sheet 'Thủ tục'",
    ]


def test_missing_sheet_and_missing_column_are_reported():
    sheets = tables()
    del sheets["Thành phần hồ sơ"]
    sheets["Thủ tục"] = [[h for h in PROCEDURE_HEADERS if h != "Thời hạn"], *[r[:4] + r[5:] for r in SOURCE_PROCEDURES]]
    with pytest.raises(CatalogueFileError) as info:
        parse_tables(sheets)
    texts = issue_texts(info.value)
    assert "Thiếu sheet 'Thành phần hồ sơ' (tệp có: 'Lĩnh vực', 'Thủ tục')." in texts
    assert "Sheet 'Thủ tục', dòng 1: thiếu cột 'Thời hạn'" in texts


def test_required_cells_and_text_are_cleaned_to_nfc():
    procedures = [list(r) for r in SOURCE_PROCEDURES]
    procedures[0][1] = unicodedata.normalize("NFD", "  Cấp   chứng chỉ nhân viên bức xạ ")
    procedures[1][1] = "   "
    with pytest.raises(CatalogueFileError) as info:
        parse_tables(tables(procedures))
    assert issue_texts(info.value) == ["Sheet 'Thủ tục', dòng 3, cột 'Tên thủ tục': không được để trống"]
    procedures[1][1] = "Khai báo"
    data = parse_tables(tables(procedures))
    assert data.procedures[0].name == "Cấp chứng chỉ nhân viên bức xạ"
    assert unicodedata.is_normalized("NFC", data.procedures[0].name)


def test_json_errors_name_the_item_and_key():
    document = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    document["procedures"][2]["duration"] = "mười"
    document["procedures"][4]["documents"][1]["copy_kind"] = "bản nháp"
    code2, code4 = document["procedures"][2]["code"], document["procedures"][4]["code"]
    with pytest.raises(CatalogueFileError) as info:
        parse_json_document(document)
    assert issue_texts(info.value) == [
        f"Thủ tục thứ 3 (mã {code2}), trường 'duration': 'mười' không phải số",
        f"Thủ tục thứ 5 (mã {code4}), giấy tờ thứ 2, trường 'copy_kind': 'bản nháp' không hợp lệ "
        "(chỉ nhận: Bản chính, Bản sao chứng thực, Bản photo, Bản chính hoặc bản sao chứng thực)",
    ]


def test_issue_text_without_location():
    assert str(ImportIssue("Tệp trống.")) == "Tệp trống."


# --- import into the store ----------------------------------------------------------------------------------


def test_bad_file_imports_nothing(services, tmp_path: Path):
    before = counts(services)
    procedures = [list(r) for r in SOURCE_PROCEDURES]
    procedures[2][4] = "mười"
    path = write_xlsx(tmp_path / "bad.xlsx", procedures=procedures)
    with pytest.raises(CatalogueFileError) as info:
        services.catalogue.import_file(path)
    assert issue_texts(info.value) == ["Sheet 'Thủ tục', dòng 4, cột 'Thời hạn': 'mười' không phải số"]
    assert counts(services) == before
    assert "TDC" not in {f.code for f in services.catalogue.fields()}


def test_not_a_workbook_is_a_clear_error(services, tmp_path: Path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(CatalogueFileError) as info:
        services.catalogue.import_file(path)
    assert "không đọc được tệp 'fake.xlsx'" in str(info.value).lower()
    with pytest.raises(CatalogueFileError, match=r"chỉ nhận tệp \.xlsx hoặc \.json"):
        services.catalogue.import_file(tmp_path / "catalogue.csv")


def test_import_adds_then_leaves_unchanged(services, tmp_path: Path):
    path = write_xlsx(tmp_path / "c.xlsx")
    first = services.catalogue.import_file(path)
    assert first.added == ("2.000001", "2.000002", "3.000001")
    assert first.fields_added == ("TDC",) and not first.new_versions
    again = services.catalogue.import_file(path)
    assert again.unchanged == ("2.000001", "2.000002", "3.000001")
    assert not again.changed
    assert "0 thủ tục mới, 0 thủ tục có phiên bản mới, 3 thủ tục không đổi" in again.describe()


def test_dry_run_reports_and_writes_nothing(services, tmp_path: Path):
    before = counts(services)
    summary = services.catalogue.import_file(write_xlsx(tmp_path / "c.xlsx"), dry_run=True)
    assert summary.dry_run and len(summary.added) == 3
    assert counts(services) == before


def test_changed_procedure_gets_a_new_version_and_dossiers_keep_theirs(services, clock, tmp_path: Path):
    # A dossier received under version 1 of the certificate procedure (10 working days).
    services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Văn An"))
    v1 = services.catalogue.find(CERT_CODE, clock().date())
    path = tmp_path / "c.json"
    services.catalogue.export_file(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    cert = next(p for p in document["procedures"] if p["code"] == CERT_CODE)
    cert["duration"] = 7
    cert["effective_from"] = "2026-12-01"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    summary = services.catalogue.import_file(path)
    assert summary.new_versions == (CERT_CODE,)
    assert len(summary.unchanged) == 2 and not summary.added

    history = services.catalogue.history(CERT_CODE)
    assert [(v.version, v.retired, v.dossier_count) for v in history] == [(1, False, 1), (2, False, 0)]
    assert history[0].procedure.effective_to == date(2026, 11, 30)
    assert history[1].procedure.effective_from == date(2026, 12, 1)
    # The dossier still points at version 1 and its rule.
    with services.db.read() as s:
        dossier = s.scalars(select(repository.Dossier)).one()
        assert dossier.procedure_id == v1.version_id
        assert repository.procedure_version(s, dossier.procedure_id).processing_time.duration == 10
    # Before the new version starts, intake still uses version 1; from 01/12 it uses version 2.
    assert services.catalogue.find(CERT_CODE, date(2026, 11, 30)).processing_time.duration == 10
    assert services.catalogue.find(CERT_CODE, date(2026, 12, 1)).processing_time.duration == 7
    assert [
        p.processing_time.duration for p in services.catalogue.procedures(date(2026, 12, 1)) if p.code == CERT_CODE
    ] == [7]
    clock.moment = datetime(2026, 12, 1, 9, 0, tzinfo=OFFICE_TZ)
    later = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Trần Thị Bình"))
    with services.db.read() as s:
        assert repository.dossier_by_code(s, later.code).procedure_id == history[1].procedure.version_id
    # Importing the same file again changes nothing.
    assert not services.catalogue.import_file(path).changed


def test_new_version_without_a_date_starts_today_and_one_starting_earlier_retires_the_old(services, clock, tmp_path):
    path = tmp_path / "c.json"
    services.catalogue.export_file(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    xray = next(p for p in document["procedures"] if p["code"] == XRAY_CODE)
    xray["fee"] = "Không thu phí"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    services.catalogue.import_file(path)
    old, new = services.catalogue.history(XRAY_CODE)
    assert new.procedure.effective_from == clock().date()
    assert old.procedure.effective_to == date(2026, 11, 24) and not old.retired

    xray["fee"] = "Miễn phí"
    xray["effective_from"] = "2026-11-25"  # same first day as version 2: version 2 never applied alone
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    services.catalogue.import_file(path)
    history = services.catalogue.history(XRAY_CODE)
    assert [(v.version, v.retired) for v in history] == [(1, False), (2, True), (3, False)]
    assert services.catalogue.find(XRAY_CODE, clock().date()).fee == "Miễn phí"


def test_retire_and_restore(services, clock):
    assert services.catalogue.retire(XRAY_CODE) == 1
    assert XRAY_CODE not in {p.code for p in services.catalogue.procedures(clock().date())}
    entries = {e.procedure.code: e for e in services.catalogue.entries(include_retired=True)}
    assert entries[XRAY_CODE].status(clock().date()) == "Đã bãi bỏ"
    assert XRAY_CODE not in {e.procedure.code for e in services.catalogue.entries()}
    with pytest.raises(Exception, match="còn hiệu lực"):
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Cường"))
    services.catalogue.restore(XRAY_CODE)
    assert XRAY_CODE in {p.code for p in services.catalogue.procedures(clock().date())}


def test_save_checks_and_creates_a_version_only_on_change(services, clock):
    current = services.catalogue.find(CERT_CODE, clock().date())
    same = services.catalogue.save(dataclasses.replace(current, name=unicodedata.normalize("NFD", current.name)))
    assert not same.created and same.version == 1
    with pytest.raises(ProcedureInvalid) as info:
        services.catalogue.save(dataclasses.replace(current, name=" ", field_code="NOPE"))
    assert [str(i) for i in info.value.issues] == [
        "Trường 'Tên thủ tục': không được để trống",
        "Trường 'Mã lĩnh vực': mã lĩnh vực 'NOPE' không có trong danh sách lĩnh vực (sheet 'Lĩnh vực' hoặc "
        "danh mục đang dùng)",
    ]
    changed = services.catalogue.save(
        dataclasses.replace(
            current,
            effective_from=None,
            documents=current.documents + (DocumentRequirement("Giấy khám sức khỏe", CopyKind.ORIGINAL, 1, True),),
        )
    )
    assert changed.created and changed.version == 2
    assert changed.procedure.documents[-1].name == "Giấy khám sức khỏe"
    assert services.catalogue.find(CERT_CODE, clock().date()).version_id == changed.procedure.version_id


# --- round trips ------------------------------------------------------------------------------------------


def test_xlsx_round_trip_import_then_export_gives_the_same_workbook(tmp_path: Path):
    from counter_app.services.app import open_services

    source = write_xlsx(tmp_path / "source.xlsx", title_row=False)
    app = open_services(tmp_path / "fresh", load_demo=False)
    try:
        assert len(app.catalogue.import_file(source).added) == 3
        exported = tmp_path / "exported.xlsx"
        assert app.catalogue.export_file(exported) == 3
    finally:
        app.close()
    original, written = sheet_values(source), sheet_values(exported)
    assert list(written) == ["Lĩnh vực", "Thủ tục", "Thành phần hồ sơ", "Phí, lệ phí"]
    fee_sheet = written.pop("Phí, lệ phí")  # no fees in the source: the sheet has its header row only
    assert len(fee_sheet) == 1 and fee_sheet[0][:2] == ["Mã thủ tục", "Loại"]
    assert written == original
    # The exported workbook is a proper one: bold headers, frozen header row, dates formatted as dates.
    ws = load_workbook(exported)["Thủ tục"]
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws["M2"].number_format == "DD/MM/YYYY"


def test_demo_catalogue_round_trips_through_xlsx_and_json(tmp_path: Path):
    from counter_app.services.app import open_services

    app = open_services(tmp_path / "a", load_demo=False)
    other = open_services(tmp_path / "b", load_demo=False)
    try:
        app.catalogue.import_file(DEMO_CATALOGUE)
        app.catalogue.export_file(tmp_path / "demo.xlsx")
        app.catalogue.export_file(tmp_path / "demo.json")
        other.catalogue.import_file(tmp_path / "demo.xlsx")
        other.catalogue.export_file(tmp_path / "again.xlsx")
        assert sheet_values(tmp_path / "again.xlsx") == sheet_values(tmp_path / "demo.xlsx")
        assert [dataclasses.replace(p, version_id=None) for p in app.catalogue.procedures()] == [
            dataclasses.replace(p, version_id=None) for p in other.catalogue.procedures()
        ]
    finally:
        app.close()
        other.close()
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    exported = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert exported["schema"] == 1
    assert sorted(exported["fields"], key=lambda f: f["code"]) == sorted(demo["fields"], key=lambda f: f["code"])
    by_code = {p["code"]: p for p in exported["procedures"]}
    for original in demo["procedures"]:
        written = by_code[original["code"]]
        for key, value in original.items():
            assert written[key] == value, (original["code"], key)
    # And the exported JSON parses to the same procedures as the demo file.
    mine, theirs = parse_json_document(exported), parse_json_document(demo)
    assert set(mine.fields) == set(theirs.fields)
    assert sorted(mine.procedures, key=lambda p: p.code) == sorted(theirs.procedures, key=lambda p: p.code)


def test_tables_writer_and_parser_agree():
    data = parse_tables(tables())
    assert parse_tables(catalogue_to_tables(data.fields, data.procedures)) == data
