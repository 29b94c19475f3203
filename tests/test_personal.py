"""The applicant's date of birth, sex and identity paper's issue date (issue 10, item 8): read from the CCCD QR or
typed, checked (not in the future, Nam/Nữ, issued after birth, and against what the CCCD number encodes), stored
with the dossier (migration 0014), shown masked."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import inspect

from counter_app.domain.personal import clean_personal, describe_personal, mask_birth_date, parse_day
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE

TODAY = date(2026, 11, 25)
# 001 (Hà Nội), digit 1: born in the 1900s, female; 90: born 1990.
CCCD_WOMAN_1990 = "001190012345"


def request(**changes) -> IntakeRequest:
    base = {"procedure_code": CERT_CODE, "applicant_name": "Nguyễn Thị Hương", "id_number": CCCD_WOMAN_1990}
    return IntakeRequest(**{**base, **changes})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/1990", date(1990, 3, 5)),
        ("5/3/1990", date(1990, 3, 5)),
        ("05-03-1990", date(1990, 3, 5)),
        ("05.03.1990", date(1990, 3, 5)),
        ("05031990", date(1990, 3, 5)),  # as the card's QR writes it
        ("1990-03-05", date(1990, 3, 5)),  # as scripts write it
        ("  ", None),
        (None, None),
    ],
)
def test_days_are_read_as_officers_and_scripts_type_them(text, expected):
    assert parse_day(text, "birth_date") == expected


@pytest.mark.parametrize("text", ["31/02/1990", "1990", "5 tháng 3", "03/05/90", "1990-3-5x"])
def test_what_is_not_a_day_is_refused_never_guessed(text):
    with pytest.raises(ValueError, match="ngày"):
        parse_day(text, "birth_date")


@pytest.mark.parametrize(
    ("birth", "sex", "issued", "field", "fragment"),
    [
        ("26/11/2026", None, None, "birth_date", "sau hôm nay"),
        ("01/01/1899", None, None, "birth_date", "trước năm 1900"),
        (None, "Không rõ", None, "sex", "Nam hoặc Nữ"),
        (None, None, "26/11/2026", "id_issued_on", "sau hôm nay"),
        ("05/03/1990", None, "04/03/1990", "id_issued_on", "trước ngày sinh"),
        (None, "Nam", None, "sex", "giới tính Nữ"),  # the CCCD's 4th digit says female
        ("05/03/1991", None, None, "birth_date", "năm sinh 1990"),  # the CCCD says born 1990
    ],
)
def test_facts_are_checked_against_the_clock_each_other_and_the_cccd(birth, sex, issued, field, fragment):
    _values, problems = clean_personal(
        birth, sex, issued, id_type="cccd", id_number=CCCD_WOMAN_1990, today=TODAY, number_typed=True
    )
    assert [(p.field, fragment in str(p)) for p in problems] == [(field, True)], [str(p) for p in problems]


def test_an_issue_date_needs_a_paper_and_good_facts_pass():
    (born, sex, issued), problems = clean_personal(
        "05/03/1990", "nu", "10/05/2021", id_type="cccd", id_number=CCCD_WOMAN_1990, today=TODAY
    )
    assert (born, sex, issued, problems) == (date(1990, 3, 5), "Nữ", date(2021, 5, 10), [])
    _values, problems = clean_personal(None, None, "10/05/2021", id_type=None, id_number=None, today=TODAY)
    assert [p.field for p in problems] == ["id_issued_on"] and "chưa ghi số giấy tờ" in str(problems[0])
    assert mask_birth_date(date(1990, 3, 5)) == "••/••/1990"
    assert describe_personal(date(1990, 3, 5), "Nữ", date(2021, 5, 10)) == (
        "sinh ••/••/1990, Nữ, giấy tờ cấp ngày 10/05/2021"
    )


def test_intake_stores_the_facts_with_the_dossier(services):
    code = services.intake.intake(request(birth_date="15/03/1990", sex="Nữ", id_issued_on="10/05/2021")).code
    detail = services.dossiers.detail(code)
    assert (detail.birth_date, detail.sex, detail.id_issued_on) == (date(1990, 3, 15), "Nữ", date(2021, 5, 10))
    shown = detail.to_json()
    assert shown["birth_date_masked"] == "••/••/1990" and "1990-03-15" not in json.dumps(shown)
    assert shown["sex"] == "Nữ" and shown["id_issued_on"] == "2021-05-10"
    received = detail.timeline[0]
    assert received.payload["birth_date"] == "1990-03-15"  # the event carries them: sync and re-folds keep them


def test_intake_refuses_bad_facts_and_writes_nothing(services):
    with pytest.raises(ValidationError) as info:
        services.intake.intake(request(birth_date="15/03/2030", sex="X", id_issued_on="01/01/1980"))
    assert {e.field for e in info.value.errors} == {"birth_date", "sex"}
    assert "Ngày sinh" in info.value.message and "Giới tính" in info.value.message
    from sqlalchemy import func, select

    from counter_app.store.models import Dossier

    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_cli_intake_and_show(services, data_dir, capsys):
    from counter_app.cli import main

    args = ["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Thị Hương", "--id-number", CCCD_WOMAN_1990]
    assert main([*args, "--birth-date", "15/03/1990", "--sex", "nữ", "--id-issued-on", "2021-05-10"]) == 0
    code = capsys.readouterr().out.strip()
    assert main(["show", code]) == 0
    out = capsys.readouterr().out
    assert "Nhân thân:    sinh ••/••/1990, Nữ, giấy tờ cấp ngày 10/05/2021" in out
    assert "15/03/1990" not in out
    assert main([*args, "--birth-date", "30/02/1990"]) == 2
    err = capsys.readouterr().err
    assert "Ngày sinh" in err and "không có trên lịch" in err and len(err.strip().splitlines()) == 1


def test_migration_0014_adds_the_columns_and_keeps_older_dossiers(services):
    from alembic import command

    from counter_app.store.db import _alembic_config

    code = services.intake.intake(request(birth_date="15/03/1990")).code
    with services.db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013")
        columns = {c["name"] for c in inspect(conn).get_columns("dossiers")}
        assert not {"birth_date", "sex", "id_issued_on"} & columns
        command.upgrade(cfg, "head")
        columns = {c["name"] for c in inspect(conn).get_columns("dossiers")}
        assert {"birth_date", "sex", "id_issued_on"} <= columns
    detail = services.dossiers.detail(code)  # a dossier from before: readable, its facts simply empty
    assert detail.birth_date is None and detail.applicant_name == "Nguyễn Thị Hương"
    # The FTS name index's triggers survived (columns were added in place): a new dossier is found by name.
    services.intake.intake(request(applicant_name="Đặng Văn Hải", id_number=None))
    assert [r.applicant_name for r in services.search.search("dang van hai")] == ["Đặng Văn Hải"]
