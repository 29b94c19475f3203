"""The intake's own overhead (issue 15 item 2): what every intake asks (the settings, who is signed in, the calendar,
the procedure) is kept between intakes and read again as soon as the store's configuration changes (migration 0021's
config_generation, moved by triggers), whoever changed it: this process, another one, a bare SQL write. And one
intake sends a bounded number of statements, so a regression that adds reads to the hot path fails here."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import event

from counter_app.domain.calendar import CalendarEntry, DayKind
from counter_app.services.accounts import NotSignedIn
from counter_app.services.app import open_services
from counter_app.services.intake import IntakeRequest
from counter_app.store.db import DATABASE_FILE
from tests.conftest import CERT_CODE, XRAY_CODE

# BEGIN IMMEDIATE; the code sequence read and upsert; the station's next event number; the dossier, its event,
# the audit trail's last entry and the new one. Nothing else: no settings, accounts, catalogue or calendar reads.
INTAKE_STATEMENTS = 8
CONFIG_TABLES = (
    "settings",
    "accounts",
    "procedures",
    "procedure_documents",
    "fields",
    "calendar_years",
    "calendar_entries",
)


def _request(**changes) -> IntakeRequest:
    values = dict(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương", id_number="001203004567")
    values.update(changes)
    return IntakeRequest(**values)


def _statements(services) -> list[str]:
    seen: list[str] = []
    for engine in {services.db.read_engine, services.db.write_engine}:
        event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_one_intake_and_its_receipt_data_send_a_bounded_number_of_statements(services):
    first = services.intake.intake(_request())
    services.dossiers.receipt_data(first.code, intake=first)
    seen = _statements(services)
    result = services.intake.intake(_request(applicant_name="Trần Văn Minh"))
    intake_sql = list(seen)
    seen.clear()
    data = services.dossiers.receipt_data(result.code, intake=result)
    assert len(intake_sql) <= INTAKE_STATEMENTS, intake_sql
    assert not [sql for sql in intake_sql if "FROM settings" in sql or "FROM accounts" in sql]
    assert seen == []  # the receipt data: from the result and what is kept
    assert data.applicant_name == "Trần Văn Minh" and data.dossier_code == result.code
    # and everything an intake commits is still there: the dossier, its event, the audit entry, the search index
    assert services.dossiers.detail(result.code).applicant_name == "Trần Văn Minh"
    assert [d.code for d in services.search.search("tran van minh")] == [result.code]
    report = services.accounts.verify_trail()
    assert report.problem is None and report.checked >= 2


def test_a_setting_changed_here_another_process_or_by_bare_sql_is_seen_at_the_next_intake(services, data_dir):
    assert services.intake.intake(_request()).code.endswith("-1001")
    services.settings.set("station.counter", "2")
    assert services.intake.intake(_request()).code.endswith("-2001")

    other = open_services(data_dir, load_demo=False)  # its own engines and caches: as another process
    try:
        other.settings.set_many({"station.counter": "3", "officer.name": "Lê Thị Lan"})
    finally:
        other.close()
    result = services.intake.intake(_request())
    assert result.code.endswith("-3001")
    assert result.committed_events[0].officer == "Lê Thị Lan"
    assert services.dossiers.receipt_data(result.code, intake=result).officer_name == "Lê Thị Lan"

    bare = sqlite3.connect(data_dir / DATABASE_FILE)
    with bare:
        bare.execute("UPDATE settings SET value = '4' WHERE key = 'station.counter'")
    bare.close()
    assert services.intake.intake(_request()).code.endswith("-4001")
    assert services.settings.get("station.counter") == "4"


def test_an_account_disabled_or_renamed_elsewhere_holds_from_the_next_intake(services, data_dir):
    services.accounts.create("quantri", "Lê Văn Quản", "admin", "quan-tri-2026")
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", "can-bo-2026")
    services.accounts.sign_in("ha", "can-bo-2026")
    assert services.intake.intake(_request()).committed_events[0].officer == "Nguyễn Thị Hà"

    bare = sqlite3.connect(data_dir / DATABASE_FILE)
    with bare:
        bare.execute("UPDATE accounts SET display_name = 'Nguyễn Thị Thu Hà' WHERE username = 'ha'")
    result = services.intake.intake(_request())
    assert result.committed_events[0].officer == "Nguyễn Thị Thu Hà"
    assert services.dossiers.receipt_data(result.code, intake=result).officer_name == "Nguyễn Thị Thu Hà"

    other = open_services(data_dir, load_demo=False)
    try:
        other.accounts.sign_in("quantri", "quan-tri-2026")
        other.accounts.set_active("ha", False)
    finally:
        other.close()
    with pytest.raises(NotSignedIn):
        services.intake.intake(_request())
    bare.close()


def test_a_calendar_day_or_a_catalogue_change_is_seen_at_the_next_intake(services, data_dir):
    before = services.intake.intake(_request(procedure_code=XRAY_CODE)).due_at
    # The office closes on Thursday 26/11/2026 (the day after the test clock's Wednesday): one working day later.
    services.office_calendar.add_entry(
        CalendarEntry(date(2026, 11, 26), DayKind.CLOSURE, "Kiểm kê", "Thông báo 12/TB-VP")
    )
    after = services.intake.intake(_request(procedure_code=XRAY_CODE)).due_at
    assert after.date() > before.date()

    bare = sqlite3.connect(data_dir / DATABASE_FILE)
    with bare:
        bare.execute("UPDATE procedures SET name = 'Cấp chứng chỉ (tên mới)' WHERE code = ?", (CERT_CODE,))
    bare.close()
    result = services.intake.intake(_request())
    assert result.procedure_name == "Cấp chứng chỉ (tên mới)"
    assert services.dossiers.receipt_data(result.code, intake=result).procedure_name == "Cấp chứng chỉ (tên mới)"


def test_every_configuration_table_moves_the_generation_in_its_own_transaction(services, data_dir):
    conn = sqlite3.connect(data_dir / DATABASE_FILE)
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for table in CONFIG_TABLES:  # a migration that recreates one of these tables drops its triggers: caught here
        for operation in ("insert", "update", "delete"):
            assert f"config_generation_{table}_{operation}" in triggers
    start = services.db.config_generation()
    with conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x.test', '1')")
    assert services.db.config_generation() == start + 1
    try:
        with conn:
            conn.execute("DELETE FROM settings WHERE key = 'x.test'")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert services.db.config_generation() == start + 1  # a change rolled back moves nothing
    before = services.db.config_generation()
    services.intake.intake(_request())  # an intake is not a configuration change: what is kept stays kept
    assert services.db.config_generation() == before
    conn.close()
