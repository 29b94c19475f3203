"""Issue 13 item 2: a representative filing for the applicant, an organisation's dossier (tax code checked), the
deciding agency apart from the receiving unit (catalogue data, overridable at intake) — stored, shown masked, on the
receipt, from the command line."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from counter_app.cli import main
from counter_app.domain.identity import IdentityError, check_tax_code, tax_check_digit
from counter_app.domain.representation import Representative, clean_representative
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station

APPLICANT_ID = "001090012345"  # Hà Nội, a man born 1990
REP_ID = "001190054321"  # Hà Nội, a woman born 1990


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def request(**changes) -> IntakeRequest:
    base = {"procedure_code": CERT_CODE, "applicant_name": "Nguyễn Văn An", "id_number": APPLICANT_ID}
    return IntakeRequest(**{**base, **changes})


REPRESENTATIVE = {
    "representative_name": "Trần Thị Bích",
    "representative_id": REP_ID,
    "relationship": "Được ủy quyền",
    "authorisation": "Giấy ủy quyền số 12/2026/GUQ ngày 01/11/2026",
}


# --- the tax code (MST) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0100233488", "0100233488"),  # python-stdnum's own examples (stdnum/vn/mst.py)
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
        ("0312 687 878", "0312687878"),
    ],
)
def test_valid_tax_codes_are_stored_in_the_certificate_form(typed, stored):
    assert check_tax_code(typed) == stored


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("0100233480", "chữ số kiểm tra"),
        ("12345", "10 chữ số"),
        ("0314409058-000", "001 đến 999"),
        ("0100000000", "từ 0000001"),
        ("01002334881", "10 chữ số"),
    ],
)
def test_wrong_tax_codes_say_why_in_vietnamese(typed, fragment):
    with pytest.raises(IdentityError) as info:
        check_tax_code(typed)
    assert fragment in str(info.value)


def test_the_check_digit_is_the_weighted_sum_rule():
    # 31·0 + 29·1 + 23·0 + 19·0 + 17·2 + 13·3 + 7·3 + 5·4 + 3·8 = 167; 167 mod 11 = 2; 10 − 2 = 8.
    assert tax_check_digit("010023348") == 8


# --- the representative -----------------------------------------------------------------------------------


def test_a_representative_needs_name_number_and_relationship_or_paper():
    errors: list = []
    assert clean_representative("Trần Thị Bích", None, None, None, errors, current_year=2026) is None
    fields = {e.field for e in errors}
    assert fields == {"representative_id", "relationship"}
    errors = []
    found = clean_representative(" Trần  Thị Bích ", REP_ID, None, "Giấy ủy quyền số 5", errors, current_year=2026)
    assert errors == [] and found == Representative("Trần Thị Bích", REP_ID, "", "Giấy ủy quyền số 5")
    errors = []
    assert clean_representative(None, None, "  ", None, errors, current_year=2026) is None and errors == []


def test_the_representative_is_not_the_applicant():
    errors: list = []
    clean_representative(
        "Trần Thị Bích", APPLICANT_ID, "Con", None, errors, current_year=2026, applicant_id=APPLICANT_ID
    )
    assert [e.field for e in errors] == ["representative_id"] and "người khác" in errors[0].message


def test_intake_by_a_representative_for_an_organisation_is_stored_and_printed(services):
    result = services.intake.intake(
        request(
            organization="Công ty TNHH Bình Minh",
            tax_code="0314409058002",
            deciding_agency="  UBND huyện Đông Anh ",
            **REPRESENTATIVE,
        )
    )
    detail = services.dossiers.detail(result.code)
    assert detail.applicant_kind == "organization"
    assert detail.tax_code == "0314409058-002"
    assert detail.representative == Representative(
        "Trần Thị Bích", REP_ID, "Được ủy quyền", "Giấy ủy quyền số 12/2026/GUQ ngày 01/11/2026"
    )
    assert detail.deciding_agency == "UBND huyện Đông Anh"
    shown = detail.to_json()
    assert shown["representative"]["id_number_masked"].endswith("4321") and REP_ID not in json.dumps(shown)
    text = pdf_text(services.dossiers.receipt_pdf(result.code))
    assert "Người nộp thay: Trần Thị Bích" in text and REP_ID in text
    assert "Giấy ủy quyền số 12/2026/GUQ" in text
    assert "Tên tổ chức: Công ty TNHH Bình Minh" in text and "0314409058-002" in text
    assert "Cơ quan giải quyết: UBND huyện Đông Anh" in text


def test_the_deciding_agency_comes_from_the_catalogue_unless_typed(services, tmp_path):
    """Catalogue data: imported from the catalogue file (JSON here; the XLSX column «Cơ quan giải quyết»)."""
    catalogue = json.loads(MINI_CATALOGUE.read_text(encoding="utf-8"))
    for item in catalogue["procedures"]:
        if item["code"] == CERT_CODE:
            item["deciding_agency"] = "Sở Khoa học và Công nghệ"
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    summary = services.catalogue.import_file(path)
    assert CERT_CODE in summary.new_versions  # who decides is part of the rule: a new version
    plain = services.intake.intake(request())
    typed = services.intake.intake(request(deciding_agency="UBND xã Tân Lập"))
    assert services.dossiers.detail(plain.code).deciding_agency == "Sở Khoa học và Công nghệ"
    assert services.dossiers.detail(typed.code).deciding_agency == "UBND xã Tân Lập"
    exported = tmp_path / "out.xlsx"  # and back out, as a supervisor edits it
    services.catalogue.export_file(exported)
    from counter_app.services.catalogue_io import read_workbook

    rows = read_workbook(exported)["Thủ tục"]
    column = list(rows[0]).index("Cơ quan giải quyết")
    assert "Sở Khoa học và Công nghệ" in {row[column] for row in rows[1:] if row[0] == CERT_CODE}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"applicant_kind": "organization"}, "organization", "phải ghi tên tổ chức"),
        ({"applicant_kind": "individual", "organization": "Công ty A"}, "organization", "cá nhân"),
        ({"tax_code": "0100233480", "organization": "Công ty A"}, "tax_code", "chữ số kiểm tra"),
        ({"representative_name": "Trần Thị Bích"}, "representative_id", "phải ghi số CCCD"),
        ({"representative_name": "Trần 3", "representative_id": REP_ID, "relationship": "Con"},
         "representative_name", "chữ số"),
        ({**REPRESENTATIVE, "representative_id": "123"}, "representative_id", "12 chữ số"),
        ({"deciding_agency": "x" * 256}, "deciding_agency", "dài quá 255"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_written(services, changes, field, fragment):
    with pytest.raises(ValidationError) as info:
        services.intake.intake(request(**changes))
    assert any(e.field == field and fragment in e.message for e in info.value.errors), info.value.errors
    assert services.search.search("Nguyễn Văn An") == []


def test_a_request_id_from_before_still_replays(services):
    """The new fields are left out of the fingerprint when not given: a retry of an older script's request matches."""
    from counter_app.services.intake import _fingerprint

    plain = request(request_id="abc")
    assert _fingerprint(plain) == _fingerprint(request(request_id="abc", deciding_agency=None))
    assert _fingerprint(plain) != _fingerprint(request(request_id="abc", deciding_agency="UBND"))
    first = services.intake.intake(plain)
    assert services.intake.intake(plain).code == first.code


# --- the command line -------------------------------------------------------------------------------------


@pytest.fixture
def station(data_dir):
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    return data_dir


def test_cli_intake_with_a_representative_and_an_organisation(station, capsys, tmp_path):
    pdf = tmp_path / "receipt.pdf"
    args = ["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Văn An", "--id-number", APPLICANT_ID]
    rc = main(
        [
            *args,
            "--organisation",
            "Hợp tác xã Hòa Bình",
            "--tax-code",
            "0100233488",
            "--representative-name",
            "Trần Thị Bích",
            "--representative-id",
            REP_ID,
            "--relationship",
            "Được ủy quyền",
            "--authorisation",
            "Giấy ủy quyền số 7/UQ",
            "--deciding-agency",
            "UBND huyện Đông Anh",
            "--pdf",
            str(pdf),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0
    code = out.split()[0]
    text = pdf_text(pdf.read_bytes())
    assert "Người nộp thay: Trần Thị Bích" in text and "Giấy ủy quyền số 7/UQ" in text
    assert "Hợp tác xã Hòa Bình" in text and "Cơ quan giải quyết: UBND huyện Đông Anh" in text
    assert main(["show", code]) == 0
    shown = capsys.readouterr().out
    assert "Người nộp thay: Trần Thị Bích (giấy tờ ••••••••4321), Được ủy quyền, Giấy ủy quyền số 7/UQ" in shown
    assert REP_ID not in shown and "Cơ quan giải quyết: UBND huyện Đông Anh" in shown
    # A representative without a number: one line on stderr, exit 2, nothing written.
    rc = main([*args, "--representative-name", "Lê Văn C", "--relationship", "Con"])
    captured = capsys.readouterr()
    assert rc == 2 and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "Số giấy tờ người nộp thay" in captured.err


# --- the report by deciding agency ------------------------------------------------------------------------


def test_the_report_by_deciding_agency_adds_up_to_bieu_06(services, clock, capsys, tmp_path):
    from datetime import datetime

    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.domain.event_kinds import EventRequest
    from counter_app.domain.events import EventKind
    from counter_app.domain.representation import UNKNOWN_AGENCY

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour, tzinfo=OFFICE_TZ)

    made = []
    for day, agency in ((16, "UBND huyện Đông Anh"), (17, "UBND huyện Đông Anh"), (18, "Sở KH&CN"), (19, None)):
        made.append(services.intake.intake(request(received_at=at(day, 9), deciding_agency=agency)).code)
    services.lifecycle.record(EventRequest.of(made[0], EventKind.RESOLVED, at=at(20, 10)))
    by_agency = services.reports.report("2026-12", by="agency")  # 15/11–14/12
    by_field = services.reports.report("2026-12")
    assert by_agency.group_by == "agency"
    rows = {r.key: r for r in by_agency.rows}
    assert set(rows) == {"UBND huyện Đông Anh", "Sở KH&CN", UNKNOWN_AGENCY}
    assert rows["UBND huyện Đông Anh"].received_total == 2 and rows["UBND huyện Đông Anh"].resolved_total == 1
    assert by_agency.total.figures() == by_field.total.figures()  # the same dossiers, grouped otherwise
    assert by_agency.to_json()["rows"][0]["deciding_agency"] in rows
    xlsx = tmp_path / "agency.xlsx"
    xlsx.write_bytes(services.reports.export(by_agency, "xlsx"))
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(xlsx).active.iter_rows() for c in row if c.value]
    assert "Cơ quan giải quyết" in cells and "UBND huyện Đông Anh" in cells
    assert "Cơ quan giải quyết" in pdf_text(services.reports.export(by_agency, "pdf"))


def test_the_representative_is_personal_data_the_retention_rule_erases():
    from datetime import date

    from counter_app.domain.privacy import erase_payload

    payload = {"code": "H61.22-261125-1001", "deciding_agency": "UBND huyện Đông Anh", **REPRESENTATIVE}
    erased = erase_payload(payload, date(2031, 12, 1))
    assert erased is not None and Representative.from_payload(erased) is None
    assert all(erased[key] is None for key in REPRESENTATIVE) and erased["deciding_agency"] == "UBND huyện Đông Anh"
