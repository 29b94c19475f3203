"""Identity papers as they really are: CCCD checked against the official province table, the century/sex digit and
the birth year (relative to the clock passed in); 9-digit CMND; passports and other papers as typed with their
issuing country; organisations' tax codes with their check digit. Masking, search, the CLI and the migration."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.identity import (
    IdentityError,
    check_cccd,
    check_cmnd,
    check_tax_code,
    province_table,
    tax_check_digit,
)
from counter_app.domain.tracking import QueryKind, parse_query
from counter_app.domain.validation import FieldError, ValidationError, clean_identity, mask_id_number
from counter_app.resources import resource_path
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE


def test_the_province_table_is_data_with_its_source():
    table = province_table()
    assert len(table.codes) == 63
    assert table.codes["001"] == "Hà Nội" and table.codes["096"] == "Cà Mau" and table.codes["079"] == "Hồ Chí Minh"
    assert "Thông tư 59/2021/TT-BCA" in table.source
    assert resource_path("identity", "cccd_province_codes.json").is_file()


@pytest.mark.parametrize("code", ["000", "003", "097", "099", "100", "500"])
def test_cccd_with_a_province_code_that_does_not_exist_is_refused_naming_it(code):
    with pytest.raises(IdentityError, match=f"mã tỉnh {code}"):
        check_cccd(f"{code}203004567", 2026)


def test_cccd_facts_and_the_century_digit():
    facts = check_cccd("001203004567", 2026)
    assert (facts.province, facts.birth_year, facts.sex) == ("Hà Nội", 2003, "nam")
    assert check_cccd("079185001122", 2026).birth_year == 1985 and check_cccd("079185001122", 2026).sex == "nữ"
    for digit in "456789":  # 22nd–24th centuries: a birth year after any current year
        with pytest.raises(IdentityError, match=f"chữ số thứ 4 \\({digit}"):
            check_cccd(f"001{digit}03004567", 2026)


def test_birth_year_is_judged_against_the_clock_passed_in_never_today():
    with pytest.raises(IdentityError, match="năm sinh 2027, sau năm hiện tại 2026"):
        check_cccd("001227004567", 2026)
    assert check_cccd("001227004567", 2027).birth_year == 2027
    with pytest.raises(IdentityError, match="sau năm hiện tại 2025"):
        check_cccd("001226004567", 2025)


def test_cmnd_nine_digits():
    assert check_cmnd("012345678") == "012345678"
    with pytest.raises(IdentityError, match="9 chữ số"):
        check_cmnd("01234567")


def test_clean_identity_per_type():
    errors: list[FieldError] = []
    assert clean_identity(None, "001 203 004 567", None, errors, 2026) == ("cccd", "001203004567", None)
    assert clean_identity(None, "012345678", None, errors, 2026) == ("cmnd", "012345678", None)
    assert clean_identity("passport", " C1234567 ", "Đức", errors, 2026) == ("passport", "C1234567", "Đức")
    assert clean_identity("other", "TRC-2024/0815", "Nhật Bản", errors, 2026) == ("other", "TRC-2024/0815", "Nhật Bản")
    assert clean_identity(None, None, None, errors, 2026) == (None, None, None)
    assert errors == []
    cases = [
        (("passport", "C1234567", None), "id_country", "quốc gia cấp"),
        (("cccd", "097203004567", None), "id_number", "mã tỉnh 097"),
        ((None, "C1234567", None), "id_number", "chọn loại giấy tờ"),
        (("visa", "1", None), "id_type", "passport"),
        (("cmnd", "0123456789", None), "id_number", "9 chữ số"),
        (("passport", "C12;DROP", "Đức"), "id_number", "chữ cái Latinh"),
    ]
    for args, field, text in cases:
        errors = []
        clean_identity(*args, errors, 2026)
        assert len(errors) == 1 and errors[0].field == field and text in errors[0].message, (args, errors)


@pytest.mark.parametrize("good", ["0100109106", "0300588569", "0100109106-001", "0100109106001"])
def test_tax_codes_with_their_check_digit(good):
    assert check_tax_code(good).replace("-", "") == good.replace("-", "")
    assert check_tax_code("0100109106001") == "0100109106-001"  # stored as printed on the certificate


@pytest.mark.parametrize(
    "bad, text",
    [
        ("0100109107", "chữ số kiểm tra"),
        ("0300588560", "chữ số kiểm tra"),
        ("010010910", "10 chữ số"),
        ("01001091060", "10 chữ số"),
        ("0100109106-000", "001 đến 999"),
        ("0100109106-01", "10 chữ số"),
        ("01001O9106", "10 chữ số"),
    ],
)
def test_bad_tax_codes_are_refused(bad, text):
    with pytest.raises(IdentityError, match=text):
        check_tax_code(bad)


def test_check_digit_weights():
    assert tax_check_digit("010010910") == 6 and tax_check_digit("030058856") == 9


def test_masking_works_for_every_paper():
    assert mask_id_number("001203004567") == "••••••••4567"
    assert mask_id_number("C1234567") == "••••4567"
    assert mask_id_number("012345678") == "•••••5678"
    assert mask_id_number("AB1") == "•••"


def test_search_recognises_every_paper():
    assert parse_query("C1234567").kind == QueryKind.PAPER
    assert parse_query("c1234567").value == "c1234567"
    assert parse_query("0100109106-001") == parse_query("0100109106001")
    assert parse_query("0100109106-001").kind == QueryKind.TAX_CODE
    assert parse_query("H61.22-261125").kind == QueryKind.CODE


# --- through the service, the list, the search, the CLI ----------------------------------------------------------


def _intake(services, **kw):
    return services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Anna Schmidt", **kw))


def test_a_cccd_with_province_097_is_refused_and_nothing_is_written(services):
    with pytest.raises(ValidationError) as info:
        _intake(services, id_number="097203004567")
    assert "mã tỉnh 097" in str(info.value) and info.value.errors[0].field == "id_number"
    assert services.dossier_list.page() == []


def test_a_foreign_experts_passport_is_accepted_masked_and_found(services):
    result = _intake(services, id_type="passport", id_number="C4X7Y2Z9", id_country="Cộng hòa Liên bang Đức")
    detail = services.dossiers.detail(result.code)
    assert (detail.id_type, detail.id_number, detail.id_country) == ("passport", "C4X7Y2Z9", "Cộng hòa Liên bang Đức")
    assert detail.to_json()["id_number_masked"] == "••••Y2Z9" and "C4X7Y2Z9" not in str(detail.to_json())
    row = services.dossier_list.page()[0]
    assert row.id_number_masked == "••••Y2Z9"
    passport = _intake(services, id_type="passport", id_number="B1234567", id_country="Nhật Bản")
    assert [r.code for r in services.search.search("b1234567")] == [passport.code]
    assert [r.code for r in services.search.search("B1234567")] == [passport.code]
    receipt = services.dossiers.receipt_data(passport.code)
    assert (receipt.id_label, receipt.id_country) == ("Số hộ chiếu", "Nhật Bản")


def test_cmnd_and_organisations_tax_code_are_recorded_and_searchable(services):
    cmnd = _intake(services, id_number="012345678")
    org = _intake(services, organization="Công ty TNHH Thiết bị Y tế An Bình", tax_code="0100109106001")
    head = _intake(services, organization="Công ty Cổ phần Sữa", tax_code="0300588569")
    assert services.dossiers.detail(cmnd.code).id_type == "cmnd"
    assert services.dossiers.detail(org.code).tax_code == "0100109106-001"
    assert [r.code for r in services.search.search("012345678")] == [cmnd.code]
    assert [r.code for r in services.search.search("0100109106-001")] == [org.code]
    assert [r.code for r in services.search.search("0300588569")] == [head.code]  # ten digits from 0: phone or MST
    with pytest.raises(ValidationError, match="Mã số thuế: mã số thuế 0100109107 sai chữ số kiểm tra"):
        _intake(services, organization="X", tax_code="0100109107")
    for query in ("C1234567", "0100109106-001", "0300588569", "012345678"):
        for plan in services.search.query_plans(query):
            assert not any(step.startswith("SCAN") for step in plan), (query, plan)


def test_birth_year_follows_the_test_clock(services, clock):
    clock.moment = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    with pytest.raises(ValidationError, match="năm sinh 2027, sau năm hiện tại 2026"):
        _intake(services, id_number="001227004567")
    clock.moment = datetime(2027, 1, 4, 9, 30, tzinfo=OFFICE_TZ)
    assert _intake(services, id_number="001227004567").code


def test_cli_id_type_and_tax_code(services, data_dir, capsys):
    from counter_app.cli import main

    base = ["intake", "--procedure", CERT_CODE, "--applicant", "Anna Schmidt"]
    rc = main([*base, "--id-type", "passport", "--id-number", "C4X7Y2Z9", "--id-country", "Đức"])
    assert rc == 0, capsys.readouterr().err
    code = capsys.readouterr().out.strip()
    assert main(["show", code]) == 0
    out = capsys.readouterr().out
    assert "Số hộ chiếu: ••••Y2Z9 (nơi cấp: Đức)" in out and "C4X7Y2Z9" not in out
    rc = main([*base, "--id-number", "097203004567"])
    err = capsys.readouterr().err
    assert rc == 2 and "097" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    rc = main([*base, "--id-type", "passport", "--id-number", "C4X7Y2Z9"])
    assert rc == 2 and "quốc gia cấp" in capsys.readouterr().err
    rc = main([*base, "--organization", "Công ty A", "--tax-code", "0100109106-001"])
    assert rc == 0


def test_migration_0011_keeps_numbers_and_marks_them_cccd(tmp_path):
    from alembic import command

    from counter_app.store import repository
    from counter_app.store.db import _alembic_config, head_revision, open_database

    db = open_database(tmp_path)
    with db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    with db.write_engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO fields (code, name) VALUES ('ATBX', 'An toàn bức xạ')")
        conn.exec_driver_sql(
            "INSERT INTO procedures (id, code, version, name, field_code, level, duration, unit, trigger, fee, "
            "online_level, legal_basis, result_place, retired) VALUES (1, 'P', 1, 'Thủ tục', 'ATBX', 'provincial', "
            "5, 'working_days', 'complete_dossier', '', '', '', '', 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO dossiers (id, code, procedure_id, procedure_code, field_code, channel, status, applicant_name,"
            " applicant_folded, id_number, copies, documents, result_delivery, received_at, received_day, due_at,"
            " original_due_at, station_id, counter_number, officer, last_event_at, print_count) VALUES ('d1',"
            " 'H61.22-261102-1001', 1, 'P', 'ATBX', 'direct', 'received', 'A', 'a', '001203004567', 1, '[]', 'counter',"
            " '2026-11-02T09:00:00+07:00', '2026-11-02', '2026-11-09T17:00:00+07:00', '2026-11-09T17:00:00+07:00',"
            " 's', 1, 'o', '2026-11-02T09:00:00+07:00', 0)"
        )
    db.dispose()
    db = open_database(tmp_path)
    try:
        assert db.current_revision() == head_revision()
        with db.read() as s:
            row = repository.dossier_by_code(s, "H61.22-261102-1001")
            assert (row.id_type, row.id_number, row.id_country, row.tax_code) == ("cccd", "001203004567", None, None)
        with db.read_engine.connect() as conn:
            names = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(dossiers)")}
            triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "ix_dossiers_tax_code" in names and triggers  # the FTS triggers of 0004 are still there
    finally:
        db.dispose()


def test_defaults_and_demo_catalogue_name_no_real_province():
    """The 2025 map: the settings' defaults name no province (any of the 63 birth-registration names), and the
    demo catalogue uses only the two-tier levels."""
    import json as _json

    from counter_app.printing.data import AgencyInfo
    from counter_app.services.settings import SPECS

    provinces = set(province_table().codes.values())
    defaults = [SPECS[k].default for k in ("agency.governing_name", "agency.place")]
    defaults += [AgencyInfo().governing_name, AgencyInfo().place]
    for value in defaults:
        assert not any(name.lower() in value.lower() for name in provinces), value
    demo = _json.loads(resource_path("catalogue", "demo_catalogue.json").read_text(encoding="utf-8"))
    assert {p["level"] for p in demo["procedures"]} <= {"provincial", "commune"}
    assert "huyện" not in _json.dumps(demo, ensure_ascii=False)
