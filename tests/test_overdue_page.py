"""The overdue list page read from ix_dossiers_pending_received (migration 0023): the same rows, order and keyset
paging as every due-window filter gave before, a plan that walks that partial index without sorting (with and
without statistics), and the migration itself. The clock is the conftest FakeClock (25/11/2026 09:30)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.schema import CreateIndex

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.tracking import ACTIVE_STATUSES
from counter_app.services.dossier_list import DossierFilter, DueFilter
from counter_app.services.intake import IntakeRequest
from counter_app.store import tracking as store
from counter_app.store.db import _alembic_config
from counter_app.store.models import PENDING_STATUSES, PENDING_WHERE, Dossier
from tests.conftest import CERT_CODE, XRAY_CODE

INDEX = "ix_dossiers_pending_received"
STATUSES = ("received", "in_progress", "awaiting_supplement", "resolved", "returned", "stopped")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@pytest.fixture
def mixed(services, clock):
    """60 dossiers, then their status, channel and dates shuffled in place: every status, due dates from weeks ago
    to weeks ahead (some on the current second, some on today's bounds), several dossiers per received second."""
    for i in range(60):
        clock.moment = datetime(2026, 11, 2 + i % 20, 8, 0, tzinfo=OFFICE_TZ)
        procedure = XRAY_CODE if i % 3 else CERT_CODE
        services.intake.intake(
            IntakeRequest(procedure_code=procedure, applicant_name=f"Người Thứ {chr(65 + i % 26)}{chr(65 + i // 26)}")
        )
    clock.moment = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    now = clock.moment
    rng = random.Random(15)
    with services.db.write() as session:
        rowids = [r[0] for r in session.execute(text("SELECT rowid FROM dossiers ORDER BY rowid"))]
        for n, rowid in enumerate(rowids):
            received = datetime(2026, 10, 20, 8, tzinfo=OFFICE_TZ) + timedelta(hours=rng.choice(range(0, 800, 7)))
            due = rng.choice(
                [
                    now,
                    now - timedelta(seconds=1),
                    datetime(2026, 11, 25, 0, 0, tzinfo=OFFICE_TZ),
                    datetime(2026, 11, 25, 17, 0, tzinfo=OFFICE_TZ),
                    datetime(2026, 11, 26, 17, 0, tzinfo=OFFICE_TZ),
                    now + timedelta(days=rng.randint(-30, 30), hours=rng.randint(-8, 8)),
                ]
            )
            session.execute(
                text("UPDATE dossiers SET status = :s, channel = :c, received_at = :r, due_at = :d WHERE rowid = :id"),
                {
                    "s": STATUSES[n % len(STATUSES)] if n % 4 else "received",
                    "c": ("direct", "postal", "online")[n % 3],
                    "r": _iso(received),
                    "d": _iso(due),
                    "id": rowid,
                },
            )
    return rowids


def _filters() -> list[DossierFilter]:
    due = [
        {"due": DueFilter.OVERDUE},
        {"due": DueFilter.TODAY},
        *({"due": DueFilter.WITHIN, "due_within_days": d} for d in (0, 1, 2, 10)),
    ]
    narrower = [
        {},
        *({"status": s} for s in STATUSES),
        {"channel": "postal"},
        {"procedure_code": XRAY_CODE},
        {"field_code": "ATBX"},
        {"received_from": date(2026, 11, 1), "received_to": date(2026, 11, 10)},
    ]
    return [DossierFilter(**d, **n) for d in due for n in narrower]


def _expected(services, conditions: store.ListConditions) -> list[str]:
    """The filter applied in Python to every row, newest received first, ties by code (descending)."""
    c = conditions
    with services.db.read() as session:
        rows = session.execute(
            text("SELECT code, status, channel, procedure_code, field_code, received_at, due_at FROM dossiers")
        ).all()
    kept = []
    for code, status, channel, procedure, field, received, due in rows:
        if c.status and status != c.status or c.channel and channel != c.channel:
            continue
        if c.procedure_code and procedure != c.procedure_code or c.field_code and field != c.field_code:
            continue
        if c.received_from and received < c.received_from.isoformat():
            continue
        if c.received_to and received >= (c.received_to + timedelta(days=1)).isoformat():
            continue
        if c.due_statuses is not None and status not in c.due_statuses:
            continue
        if c.due_from is not None and due < _iso(c.due_from):
            continue
        if c.due_before is not None and due >= _iso(c.due_before):
            continue
        kept.append((received, code))
    return [code for _, code in sorted(kept, reverse=True)]


def test_every_due_filter_gives_the_rows_it_gave_in_the_same_order_by_keyset_and_offset(services, mixed):
    listing = services.dossier_list
    seen_overdue = 0
    for filters in _filters():
        conditions = listing.conditions(filters)
        expected = _expected(services, conditions)
        if filters == DossierFilter(due=DueFilter.OVERDUE):
            seen_overdue = len(expected)
        assert [r.code for r in listing.page(filters, limit=500)] == expected, filters
        assert listing.count(filters) == len(expected), filters
        walked: list[str] = []
        after = None
        while True:
            rows = listing.page(filters, after=after, limit=4)
            if not rows:
                break
            walked += [r.code for r in rows]
            after = rows[-1]
        assert walked == expected, filters
        assert [r.code for r in listing.page(filters, offset=3, limit=5)] == expected[3:8], filters
    assert seen_overdue >= 8  # the data has enough overdue rows to page through


def test_the_pending_statuses_are_what_overdue_means():
    assert PENDING_STATUSES == tuple(s.value for s in ACTIVE_STATUSES)
    for status in PENDING_STATUSES:
        assert f"'{status}'" in PENDING_WHERE


def _plan(services, filters: DossierFilter, after=None) -> list[str]:
    listing = services.dossier_list
    with services.db.read() as session:
        return store.query_plan(session, store.page_statement(listing.conditions(filters), after=after, limit=100))


def _check_plans(services) -> None:
    after = (datetime(2026, 11, 10, 9, tzinfo=OFFICE_TZ), "Z")
    overdue = [f for f in _filters() if f.due == DueFilter.OVERDUE and f.status in (None, *PENDING_STATUSES)]
    assert len(overdue) == 7
    for filters in overdue:
        for keyset in (None, after):
            plan = _plan(services, filters, keyset)
            joined = " ".join(plan)
            walks = [step for step in plan if step.startswith(f"SEARCH dossiers USING INDEX {INDEX} (status=?")]
            # One walk per status, merged in received order when there are two; no sort, no scan of the dossiers.
            assert len(walks) == (1 if filters.status else 2), (filters, plan)
            assert ("MERGE (UNION ALL)" in joined) == (not filters.status), (filters, plan)
            assert "TEMP B-TREE" not in joined, (filters, plan)
            assert not any(step.startswith("SCAN") for step in plan), (filters, plan)
            if keyset is not None or filters.received_from:
                assert all("received_at" in step for step in walks), (filters, plan)
    # A window bounded on both sides stays a short range of ix_dossiers_status_due.
    for filters in (DossierFilter(due=DueFilter.TODAY), DossierFilter(due=DueFilter.WITHIN, due_within_days=1)):
        assert "COVERING INDEX ix_dossiers_status_due" in " ".join(_plan(services, filters))


def test_the_overdue_page_walks_the_pending_index_with_and_without_statistics(services, mixed):
    _check_plans(services)
    # As a generated or long-used store: most dossiers returned long ago, statistics gathered.
    with services.db.write() as session:
        columns = [row[1] for row in session.execute(text("PRAGMA table_info(dossiers)"))]
        chosen = {
            "id": "lower(hex(randomblob(16)))",
            "code": "d.code || '-' || n.i",
            "status": "'returned'",
            "id_number": "NULL",
            "phone": "NULL",
        }
        picks = ", ".join(chosen.get(c, f"d.{c}") for c in columns)
        session.execute(
            text(
                f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
                f"INSERT INTO dossiers ({', '.join(columns)}) SELECT {picks} FROM dossiers d, n"
            )
        )
        session.execute(text("ANALYZE"))
        assert session.execute(text(f"SELECT count(*) FROM sqlite_stat1 WHERE idx = '{INDEX}'")).scalar() == 1
    services.db.read_engine.dispose()  # new connections read the statistics
    _check_plans(services)
    listing = services.dossier_list
    overdue = DossierFilter(due=DueFilter.OVERDUE)
    assert [r.code for r in listing.page(overdue, limit=500)] == _expected(services, listing.conditions(overdue))


def test_migration_0023_creates_the_index_the_model_declares_and_takes_it_away(services, mixed):
    db = services.db
    declared = next(i for i in Dossier.__table__.indexes if i.name == INDEX)

    def stored() -> str | None:
        with db.read() as session:
            return session.execute(text(f"SELECT sql FROM sqlite_master WHERE name = '{INDEX}'")).scalar()

    def normal(sql: str) -> str:
        return " ".join(sql.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()).lower()

    sql = stored()
    assert sql is not None
    assert normal(sql) == normal(str(CreateIndex(declared).compile(dialect=db.write_engine.dialect)))
    with db.write_engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0022")
        assert conn.exec_driver_sql(f"SELECT count(*) FROM sqlite_stat1 WHERE idx = '{INDEX}'").scalar() == 0
    assert stored() is None
    with db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        # An analysed store gets the new index's statistics with it.
        assert conn.exec_driver_sql(f"SELECT count(*) FROM sqlite_stat1 WHERE idx = '{INDEX}'").scalar() == 1
    assert normal(stored() or "") == normal(sql)
    db.read_engine.dispose()
    _check_plans(services)
