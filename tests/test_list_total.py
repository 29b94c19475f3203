"""The list count with no filter and by status alone, read from the tally the triggers of migration 0023 keep
(dossier_status_counts), agrees with count(*) over the dossiers: after intakes on every channel, every kind of status
change, an extension, the retention purge, writes by bare SQL (insert, update, delete), and a migration of an
existing store. The clock is the conftest FakeClock (25/11/2026 09:30) unless a test moves it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import text

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind as K
from counter_app.domain.state import DossierStatus
from counter_app.services.dossier_list import DossierFilter, DueFilter
from counter_app.services.intake import IntakeRequest
from counter_app.store import tracking
from counter_app.store.db import DATABASE_FILE, _alembic_config
from counter_app.store.models import DossierPendingDueDay, DossierStatusCount
from tests.conftest import CERT_CODE, XRAY_CODE

STATUSES = [s.value for s in DossierStatus]
PENDING = ("received", "in_progress")


def T(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OFFICE_TZ)


def _rows(services) -> dict[str, int]:
    with services.db.read() as session:
        by_status = dict(session.execute(text("SELECT status, count(*) FROM dossiers GROUP BY status")).all())
    return {"": sum(by_status.values()), **{s: by_status.get(s, 0) for s in STATUSES}}


def _agree(services, total: int | None = None) -> None:
    """Every count the tally answers equals count(*), and the tally answers them (no statement on dossiers)."""
    rows = _rows(services)
    if total is not None:
        assert rows[""] == total
    listing = services.dossier_list
    assert listing.count() == listing.count(DossierFilter()) == rows[""]
    for status in STATUSES:
        assert listing.count(DossierFilter(status=status)) == rows[status], status
    with services.db.read() as session:
        tally = dict(session.execute(text("SELECT status, n FROM dossier_status_counts")).all())
    assert {s: n for s, n in tally.items() if n} == {s: n for s, n in rows.items() if s and n}
    _overdue_agrees(services)


def _pending_due(services) -> list[tuple[str, datetime]]:
    with services.db.read() as session:
        rows = session.execute(text("SELECT status, due_at FROM dossiers WHERE status IN ('received', 'in_progress')"))
        return [(status, datetime.fromisoformat(due)) for status, due in rows]


def _overdue_agrees(services) -> None:
    """The overdue count (tally of migration 0024 + today's range) equals the dossiers counted one by one, at the
    clock's moment and around every due moment on record (a second before, at, after; the day's start and end), for
    both statuses still being handled, each alone and together, with the tally answering (no other filter)."""
    pending = _pending_due(services)
    moments = {services.dossier_list._summaries.now()}
    for _, due in pending:
        day = datetime.combine(due.date(), datetime.min.time(), OFFICE_TZ)
        moments |= {due - timedelta(seconds=1), due, due + timedelta(seconds=1), day, day + timedelta(days=1)}
    with services.db.read() as session:
        tally = {
            (s, d): n for s, d, n in session.execute(text("SELECT status, due_day, n FROM dossier_pending_due_days"))
        }
        for moment in sorted(moments):
            for statuses in (PENDING, PENDING[:1], PENDING[1:]):
                expected = sum(1 for status, due in pending if status in statuses and due < moment)
                conditions = tracking.ListConditions(due_statuses=statuses, due_before=moment)
                assert tracking._due_before_alone(conditions)
                assert tracking.count(session, conditions) == expected, (moment, statuses)
    by_day: dict[tuple[str, str], int] = {}
    for status, due in pending:
        by_day[(status, due.date().isoformat())] = by_day.get((status, due.date().isoformat()), 0) + 1
    assert tally == by_day  # no day left at zero
    now = services.dossier_list._summaries.now()
    assert services.dossier_list.count(DossierFilter(due=DueFilter.OVERDUE)) == sum(1 for _, d in pending if d < now)
    assert services.dossier_list.today_counts()["overdue"] == sum(1 for _, d in pending if d < now)


def test_the_tally_follows_every_write(services, clock):
    _agree(services, 0)
    codes = []
    for i, (moment, channel) in enumerate(
        [
            (T(2026, 11, 2, 9), "direct"),
            (T(2026, 11, 3, 10), "postal"),
            (T(2026, 11, 4, 11), "online"),
            (T(2026, 11, 5, 9), "direct"),
            (T(2026, 11, 6, 9), "direct"),
            (T(2026, 11, 9, 9), "postal"),
            (T(2026, 11, 10, 9), "direct"),
        ]
    ):
        clock.moment = moment
        procedure = XRAY_CODE if i % 2 else CERT_CODE
        request = IntakeRequest(procedure_code=procedure, applicant_name=f"Người Nộp {chr(65 + i)}", channel=channel)
        codes.append(services.intake.intake(request).code)
        _agree(services, i + 1)
    clock.moment = T(2026, 11, 12, 9)
    record = services.lifecycle.record
    for request in (
        EventRequest.of(codes[0], K.HANDED_OVER, from_unit="Bộ phận Một cửa", to_unit="Phòng chuyên môn"),
        EventRequest.of(codes[0], K.SUPPLEMENT_REQUESTED, missing=["Ảnh 3x4"], reason="thiếu ảnh"),
        EventRequest.of(codes[1], K.RESOLVED, result="Giấy xác nhận"),
        EventRequest.of(codes[1], K.RESULT_RETURNED, receiver="Người Nộp B", method="counter"),
        EventRequest.of(codes[2], K.REFUSED, reason="không thuộc thẩm quyền"),
        EventRequest.of(codes[3], K.WITHDRAWN),
        EventRequest.of(codes[4], K.STOPPED, reason="người nộp đề nghị dừng"),
        EventRequest.of(codes[5], K.EXTENDED, new_due=T(2026, 11, 20, 17), reason="cần thẩm định"),
        EventRequest.of(codes[6], K.RESOLVED, result="Giấy xác nhận"),
    ):
        record(request)
        _agree(services, 7)
    clock.moment = T(2026, 11, 13, 9)
    record(EventRequest.of(codes[0], K.SUPPLEMENT_RECEIVED))
    _agree(services, 7)
    assert _rows(services)["in_progress"] == 1 and _rows(services)["returned"] == 1
    # More than a year later: the purge of dossiers closed before the cutoff (rows stay, personal values go).
    clock.moment = T(2028, 1, 20, 9)
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp Mới"))
    services.settings.set_many({"privacy.retention_years": "1"})
    assert services.privacy.purge().codes
    _agree(services, 8)


def test_writes_by_bare_sql_are_counted_too(services, clock, data_dir):
    for i in range(3):
        clock.moment = T(2026, 11, 2 + i, 9)
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=f"Người Nộp {chr(65 + i)}"))
    conn = sqlite3.connect(data_dir / DATABASE_FILE)
    with conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(dossiers)")]
        picks = ", ".join({"id": "'copy-' || id", "code": "code || '-X'"}.get(c, c) for c in columns)
        conn.execute(f"INSERT INTO dossiers ({', '.join(columns)}) SELECT {picks} FROM dossiers")
        conn.execute("UPDATE dossiers SET status = 'resolved' WHERE id LIKE 'copy-%' AND rowid % 2 = 0")
        conn.execute("UPDATE dossiers SET status = status, applicant_name = 'X' WHERE id LIKE 'copy-%'")  # no change
    _agree(services, 6)
    with conn:
        conn.execute("DELETE FROM dossiers WHERE id LIKE 'copy-%' AND status = 'resolved'")
    _agree(services)
    with conn:
        conn.execute("UPDATE dossiers SET due_at = '2026-11-30T17:00:00+07:00' WHERE id LIKE 'copy-%'")
    _agree(services)
    with conn:
        conn.execute("DELETE FROM dossiers WHERE id IN (SELECT id FROM dossiers WHERE id LIKE 'copy-%' LIMIT 1)")
    conn.close()
    _agree(services)
    assert _rows(services)[""] in (3, 4)  # 3 + 3 copies, less the resolved copies and one received


def test_a_migrated_store_is_tallied_from_its_rows(services, clock):
    codes = []
    for i in range(5):
        clock.moment = T(2026, 11, 2 + i, 9)
        request = IntakeRequest(procedure_code=CERT_CODE, applicant_name=f"Người Cũ {chr(65 + i)}")
        codes.append(services.intake.intake(request).code)
    services.lifecycle.record(EventRequest.of(codes[0], K.RESOLVED, result="Giấy xác nhận"))
    with services.db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0022")
        assert not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'dossier_status_counts'").first()
        # Written while the store had no tally (an older program): counted when the migration builds it.
        conn.exec_driver_sql("UPDATE dossiers SET status = 'in_progress' WHERE code = :c", {"c": codes[1]})
        command.upgrade(cfg, "head")
    services.db.read_engine.dispose()
    _agree(services, 5)
    assert _rows(services)["in_progress"] == 1 and _rows(services)["resolved"] == 1
    clock.moment = T(2026, 11, 25, 9, 30)
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Mới"))
    _agree(services, 6)


def test_other_filters_still_count_the_rows(services, clock):
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp A"))
    with services.db.read() as session:
        # A filter beyond a status alone is a count over the dossiers, as before.
        conditions = tracking.ListConditions(status="received", channel="direct")
        assert tracking.count(session, conditions) == 1
        session.execute(text("DELETE FROM dossier_status_counts"))  # in this read transaction only, never committed
        assert tracking.count(session, conditions) == 1
        assert tracking.count(session, tracking.ListConditions()) == 0  # the tally answered, not the rows


def test_the_overdue_count_reads_the_due_day_tally(services, clock):
    clock.moment = T(2026, 11, 2, 9)
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp A"))
    clock.moment = T(2027, 3, 1, 9)
    overdue = tracking.ListConditions(due_statuses=PENDING, due_before=clock.moment)
    with services.db.read() as session:
        assert tracking.count(session, overdue) == 1
        session.execute(text("DELETE FROM dossier_pending_due_days"))  # in this read transaction only
        assert tracking.count(session, overdue) == 0  # the tally answered, not the rows
        # With any other filter, or a moment not in office time, the rows are counted as before.
        assert (
            tracking.count(
                session, tracking.ListConditions(channel="direct", due_statuses=PENDING, due_before=clock.moment)
            )
            == 1
        )
        assert tracking.count(session, replace(overdue, due_before=clock.moment.astimezone(UTC))) == 1


@pytest.mark.parametrize("model", [DossierStatusCount, DossierPendingDueDay])
def test_the_migrated_tally_table_is_the_model(services, model):
    table = model.__table__
    with services.db.read() as session:
        info = session.execute(text(f"PRAGMA table_info({table.name})")).all()
        sql = session.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table.name}).scalar()
        triggers = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"), {"p": f"{table.name}_%"}
        ).all()
    assert [(r[1], r[2].upper(), bool(r[3]), r[5]) for r in info] == [
        (c.name, str(c.type).upper(), not c.nullable, i + 1 if c.primary_key else 0)
        for i, c in enumerate(table.columns)
    ]
    assert "WITHOUT ROWID" in sql and table.dialect_options["sqlite"]["with_rowid"] is False
    assert len(triggers) == 3


def test_verify_compares_the_tallies_with_the_dossiers_and_rebuilds_them(services, clock, data_dir, capsys):
    from counter_app.cli import EXIT_ERROR, main

    for i in range(3):
        clock.moment = T(2026, 11, 2 + i, 9)
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=f"Người Nộp {chr(65 + i)}"))
    assert main(["verify"]) == 0
    assert "Bảng đếm hồ sơ: khớp" in capsys.readouterr().out
    conn = sqlite3.connect(data_dir / DATABASE_FILE)
    with conn:  # a tally drifted (a hand edit; no writer of the program does this)
        conn.execute("UPDATE dossier_pending_due_days SET n = n + 2")
        conn.execute("DELETE FROM dossier_status_counts WHERE status = 'received'")
    conn.close()
    assert main(["verify"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "dossier_status_counts received: ghi 0, đếm lại được 3" in err
    assert "dossier_pending_due_days received/" in err and "--rebuild-counts" in err and "Traceback" not in err
    assert main(["verify", "--rebuild-counts"]) == 0
    assert "Đã dựng lại" in capsys.readouterr().out
    assert main(["verify"]) == 0
    services.db.read_engine.dispose()
    _agree(services, 3)


def test_verify_on_an_older_store_checks_what_it_has_and_rebuilds_nothing(services, clock, data_dir, capsys):
    from counter_app.cli import EXIT_STORE, main

    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp A"))
    for revision, said in (("0023", "khớp với dữ liệu"), ("0022", "chưa có (tệp ở phiên bản cũ)")):
        with services.db.write_engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        assert main(["verify"]) == 0
        assert f"Bảng đếm hồ sơ: {said}" in capsys.readouterr().out
        assert main(["verify", "--rebuild-counts"]) == EXIT_STORE  # counts of another schema: not rebuilt
        err = capsys.readouterr().err
        assert f"phiên bản lược đồ {revision}" in err and "nâng cấp" in err and "Traceback" not in err
