"""Search: code (exact and prefix), names without diacritics (đ→d), CCCD, phone — always through an index.

The plans are checked with EXPLAIN QUERY PLAN: the name search must go through the FTS5 table and every other
kind through a B-tree index; no step may be a plain scan of the dossiers table.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.tracking import QueryKind, parse_query
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, XRAY_CODE

PEOPLE = (
    ("Nguyễn Thị Hương", "001190012345", "0912345678"),
    ("Đặng Văn Hải", "001190054321", "0987654321"),
    ("Trần Thị Hà", "036085001122", None),
    ("NGUYỄN THỊ HƯƠNG GIANG", None, "02431234567"),
    ("Lê Hải Đăng", None, None),
)


@pytest.fixture
def people(services, clock):
    codes = {}
    for name, id_number, phone in PEOPLE:
        clock.moment += timedelta(minutes=3)
        result = services.intake.intake(
            IntakeRequest(procedure_code=CERT_CODE, applicant_name=name, id_number=id_number, phone=phone)
        )
        codes[name] = result.code
    return codes


def names(rows) -> list[str]:
    return [r.applicant_name for r in rows]


# --- recognising the query ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("H61.22-261125-1001", QueryKind.CODE, "H61.22-261125-1001"),
        ("h61.22-2611", QueryKind.CODE, "H61.22-2611"),
        ("H61", QueryKind.CODE, "H61"),
        ("12345-261125-1001", QueryKind.CODE, "12345-261125-1001"),
        ("001190012345", QueryKind.ID_NUMBER, "001190012345"),
        ("001 190 012 345", QueryKind.ID_NUMBER, "001190012345"),
        ("0912345678", QueryKind.PHONE, "0912345678"),
        ("0912.345.678", QueryKind.PHONE, "0912345678"),
        ("+84 912 345 678", QueryKind.PHONE, "0912345678"),
        ("84912345678", QueryKind.PHONE, "0912345678"),
        ("02431234567", QueryKind.PHONE, "02431234567"),
        ("0011", QueryKind.DIGITS, "0011"),
        ("12", QueryKind.EMPTY, "12"),
        ("nguyen thi huong", QueryKind.NAME, "nguyen thi huong"),
        ("  Đặng   ", QueryKind.NAME, "dang"),
        ("ĐẶNG văn", QueryKind.NAME, "dang van"),
        ("", QueryKind.EMPTY, ""),
        ("  ", QueryKind.EMPTY, ""),
        ("***", QueryKind.EMPTY, ""),
    ],
)
def test_query_kinds(typed, kind, value):
    parsed = parse_query(typed)
    assert parsed.kind == kind
    assert parsed.value == value


def test_fts_syntax_typed_by_the_officer_is_only_words(services, people):
    # Quotes, stars, NEAR, parentheses: none reaches FTS5 as syntax.
    assert names(services.search.search('nguyen" OR "*')) == []
    assert names(services.search.search("NEAR(dang hai)")) == []
    assert names(services.search.search("dang AND hai")) == []  # "and" is a word nobody has


# --- results --------------------------------------------------------------------------------------------


def test_name_without_diacritics_and_case(services, people):
    rows = services.search.search("nguyen thi huong")
    assert names(rows) == ["NGUYỄN THỊ HƯƠNG GIANG", "Nguyễn Thị Hương"]  # newest first
    assert names(services.search.search("NGUYEN THI HUONG")) == names(rows)
    assert names(services.search.search("Nguyễn Thị Hương")) == names(rows)
    assert names(services.search.search("huong nguyen")) == names(rows)  # any order


def test_d_with_stroke_folds_to_d(services, people):
    assert names(services.search.search("dang")) == ["Lê Hải Đăng", "Đặng Văn Hải"]
    assert names(services.search.search("Đặng")) == ["Lê Hải Đăng", "Đặng Văn Hải"]
    assert names(services.search.search("dang van hai")) == ["Đặng Văn Hải"]


def test_whole_words_come_before_beginnings(services, people):
    # "ha" is Hà; Hải and Hương only start with it, and come after.
    rows = names(services.search.search("ha"))
    assert rows[0] == "Trần Thị Hà"
    assert set(rows[1:]) == {"Lê Hải Đăng", "Đặng Văn Hải"}
    # The last word while it is still being typed.
    assert names(services.search.search("nguyen thi huo")) == ["NGUYỄN THỊ HƯƠNG GIANG", "Nguyễn Thị Hương"]
    assert names(services.search.search("dang van h")) == ["Đặng Văn Hải"]


def test_code_exact_and_prefix(services, people):
    code = people["Trần Thị Hà"]
    rows = services.search.search(code)
    assert [r.code for r in rows] == [code]
    rows = services.search.search(code.lower())
    assert [r.code for r in rows] == [code]
    prefix = code.rsplit("-", 1)[0]
    rows = services.search.search(prefix)
    assert [r.code for r in rows] == sorted(people.values(), reverse=True)
    assert services.search.search("ZZ9-") == []


def test_exact_code_comes_first_among_longer_codes(services, people):
    first = people["Nguyễn Thị Hương"]
    rows = services.search.search(first[:-1])  # "…-100": 1001..1005 all start with it
    assert len(rows) == 5
    assert services.search.search(first)[0].code == first


def test_cccd_and_phone(services, people):
    assert names(services.search.search("001190054321")) == ["Đặng Văn Hải"]
    assert names(services.search.search("0987 654 321")) == ["Đặng Văn Hải"]
    assert names(services.search.search("+84987654321")) == ["Đặng Văn Hải"]
    assert names(services.search.search("024 3123 4567")) == ["NGUYỄN THỊ HƯƠNG GIANG"]
    assert names(services.search.search("001190099999")) == []
    # The beginning of a number: CCCD or phone.
    assert set(names(services.search.search("00119"))) == {"Nguyễn Thị Hương", "Đặng Văn Hải"}
    assert names(services.search.search("0243")) == ["NGUYỄN THỊ HƯƠNG GIANG"]


def test_results_are_masked(services, people):
    row = services.search.search("001190012345")[0]
    assert row.id_number_masked == "••••••••2345"
    assert row.phone_masked == "091••••678"
    assert "001190012345" not in repr(row) and "0912345678" not in repr(row)


def test_limit(services, clock):
    for _ in range(60):
        clock.moment += timedelta(seconds=30)
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Phạm Thu Trang"))
    rows = services.search.search("pham thu trang")
    assert len(rows) == 50
    assert [r.code for r in rows] == sorted((r.code for r in rows), reverse=True)
    assert len(services.search.search("pham", limit=10)) == 10


# --- never a scan ---------------------------------------------------------------------------------------


def _no_scan(plans: list[list[str]]) -> None:
    """No step reads every dossier: a SCAN of the dossiers is one even "USING INDEX" (another index walked whole, as
    SQLite did with ix_dossiers_received_at for a tax code before migration 0022). The name index's own SCAN (FTS5
    "VIRTUAL TABLE INDEX") is a search."""
    for plan in plans:
        for step in plan:
            assert not (step.startswith("SCAN") and ("dossiers" in step or " d " in f"{step} ")), plan


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("nguyen thi huong", "VIRTUAL TABLE INDEX"),
        ("dang", "VIRTUAL TABLE INDEX"),
        ("H61.22-2611", "USING INDEX sqlite_autoindex_dossiers"),
        ("001190012345", "USING INDEX ix_dossiers_id_number (id_number=?)"),
        ("0912345678", "USING INDEX ix_dossiers_phone (phone=?)"),
        ("00119", "USING INDEX ix_dossiers_id_number (id_number>? AND id_number<?)"),
    ],
)
def test_every_search_uses_an_index(services, people, query, needle):
    plans = services.search.query_plans(query)
    assert plans
    assert any(needle in step for step in plans[0]), plans
    _no_scan(plans)
    if parse_query(query).kind == QueryKind.NAME:
        assert all(any("dossier_search" in step for step in plan) for plan in plans)
        # Rows are fetched by rowid, 50 at most: no scan of the dossiers.
        assert all(any("USING INTEGER PRIMARY KEY (rowid=?)" in step for step in plan) for plan in plans)


def test_lookups_use_their_index_when_statistics_say_most_rows_lack_the_value(services, people):
    """Most dossiers have no tax code and no file location. In a store that was ever ANALYZEd, statistics over whole
    indexes said "one value, every row", and SQLite answered a phone or tax-code search by walking the received_at
    index over every dossier (185 ms at 1M). The indexes hold only the rows with a value (migration 0022)."""
    with services.db.write() as session:
        columns = [row[1] for row in session.execute(text("PRAGMA table_info(dossiers)"))]
        # Every copy its own CCCD and phone, as people have; none of them a tax code or a file location.
        chosen = {
            "id": "lower(hex(randomblob(16)))",
            "code": "d.code || '-' || n.i",
            "id_number": "printf('0012%08d', n.i * 100 + d.rowid)",
            "phone": "printf('098%07d', n.i * 100 + d.rowid)",
        }
        picks = ", ".join(chosen.get(c, f"d.{c}") for c in columns)
        session.execute(
            text(
                f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
                f"INSERT INTO dossiers ({', '.join(columns)}) SELECT {picks} FROM dossiers d, n"
            )
        )
        session.execute(text("UPDATE dossiers SET tax_code = '0100109106' WHERE rowid = 1"))
        session.execute(text("ANALYZE"))
        assert session.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'dossiers'")).scalar()
    services.db.read_engine.dispose()  # new connections read the statistics
    for query, needles in (
        ("0912345678", ("ix_dossiers_phone (phone=?)", "ix_dossiers_tax_code (tax_code=?)")),
        ("001190012345", ("ix_dossiers_id_number (id_number=?)",)),
        ("0100109106001", ("ix_dossiers_tax_code (tax_code=?)",)),
        ("00119", ("ix_dossiers_id_number (id_number>? AND id_number<?)",)),
    ):
        plans = services.search.query_plans(query)
        for needle in needles:
            assert any(needle in step for plan in plans for step in plan), (query, plans)
        _no_scan(plans)
    with services.db.read() as session:
        organisation = session.execute(text("SELECT code FROM dossiers WHERE rowid = 1")).scalar()
    assert organisation in [r.code for r in services.search.search("0100109106")]


# --- the FTS index follows the dossiers -----------------------------------------------------------------


def test_triggers_keep_the_index_current(services, people):
    db = services.db
    code = people["Đặng Văn Hải"]
    with db.write() as session:
        session.execute(
            text(
                "UPDATE dossiers SET applicant_name = 'Bùi Thị Mai', applicant_folded = 'bui thi mai' WHERE code = :c"
            ),
            {"c": code},
        )
    assert names(services.search.search("dang van hai")) == []
    assert [r.code for r in services.search.search("bui thi mai")] == [code]
    with db.write() as session:
        # (its events stay: dossier_events are append-only since migration 0012; the projection row is what goes)
        session.execute(text("DELETE FROM dossiers WHERE code = :c"), {"c": code})
    assert services.search.search("bui thi mai") == []
    services.search.check_index()
    services.search.rebuild_index()
    services.search.check_index()
    assert names(services.search.search("tran thi ha")) == ["Trần Thị Hà"]


def test_a_store_at_0003_gets_its_names_indexed(tmp_path: Path):
    from alembic import command

    from counter_app.services.app import open_services
    from counter_app.store.db import _alembic_config, open_database

    db = open_database(tmp_path, migrate=False)
    try:
        with db.write_engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
            conn.exec_driver_sql("INSERT INTO fields (code, name) VALUES ('ATBX', 'An toàn bức xạ')")
            conn.exec_driver_sql(
                "INSERT INTO procedures (id, code, version, name, field_code, level, duration, unit, trigger, fee,"
                " online_level, legal_basis, result_place, retired) VALUES (1, 'P1', 1, 'Thủ tục', 'ATBX',"
                " 'provincial', 5, 'working_days', 'complete_dossier', '', '', '', '', 0)"
            )
            for i, name in enumerate(("Đặng Thị Thu", "Nguyễn Văn An")):
                at = datetime(2026, 11, 20, 9, i, tzinfo=OFFICE_TZ).isoformat()
                conn.exec_driver_sql(
                    "INSERT INTO dossiers (id, code, procedure_id, procedure_code, field_code, channel, status,"
                    " applicant_name, applicant_folded, id_number, copies, documents, result_delivery, received_at,"
                    " received_day, due_at, original_due_at, station_id, counter_number, officer, last_event_at,"
                    " print_count) VALUES (?, ?, 1, 'P1', 'ATBX', 'direct', 'received', ?, ?, ?, 1, '[]', 'counter',"
                    " ?, '2026-11-20', ?, ?, 's', 1, 'o', ?, 0)",
                    (
                        f"id-{i}",
                        f"H61-261120-100{i}",
                        name,
                        name.lower().replace("đ", "d").replace("ặ", "a").replace("ễ", "e").replace("ă", "a"),
                        f"00119001234{i}",
                        at,
                        at,
                        at,
                        at,
                    ),
                )
    finally:
        db.dispose()
    app = open_services(tmp_path, load_demo=False)
    try:
        assert [r.applicant_name for r in app.search.search("dang thi thu")] == ["Đặng Thị Thu"]
        assert [r.code for r in app.search.search("001190012341")] == ["H61-261120-1001"]
        app.search.check_index()
    finally:
        app.close()
