"""benchmarks/generate.py: the store it makes depends on the seed and the size only (not on how many processes drew
the rows), holds what the benchmarks count on, and is a store the app opens and its commands work on.

The rows are drawn in chunks of working days, each from its own random stream, by worker processes while the
parent inserts (issue 15: the 5,000,000-dossier store in under 10 minutes). So the rows are not those of the
single-stream generator before; what must hold is checked here, at 2,000 dossiers (no timing: see
docs/BENCHMARKS.md for the figures).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from benchmarks.generate import CHUNK_DAYS, draw_chunk, generate, make_plan
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.store import report_counts
from counter_app.store.db import head_revision, open_database
from tests.conftest import CERT_CODE, FakeClock

SIZE = 2_000
TABLES = {
    "dossiers": "SELECT * FROM dossiers ORDER BY rowid",
    "dossier_events": "SELECT * FROM dossier_events ORDER BY rowid",
    "code_sequences": "SELECT * FROM code_sequences ORDER BY day",
    "report_counts": "SELECT * FROM report_counts ORDER BY grain, start, field_code, procedure_code, station_id",
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> tuple[Path, Path]:
    """The same store twice: drawn by two worker processes, and drawn in the inserting process."""
    by_workers = tmp_path_factory.mktemp("generated-by-workers")
    generate(by_workers, SIZE, workers=2)
    here = tmp_path_factory.mktemp("generated-here")
    generate(here, SIZE, workers=0)
    return by_workers, here


def _connect(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "counter.sqlite3")


def _dump(folder: Path) -> dict[str, list[tuple]]:
    """Every generated row, with the station's own id (drawn when the store is created) replaced by a name."""
    with _connect(folder) as conn:
        (station,) = conn.execute("SELECT DISTINCT station_id FROM dossiers").fetchone()
        return {
            table: [tuple("<station>" if v == station else v for v in row) for row in conn.execute(sql)]
            for table, sql in TABLES.items()
        }


def test_the_store_depends_on_the_seed_and_size_not_on_the_processes_that_drew_it(stores):
    by_workers, here = _dump(stores[0]), _dump(stores[1])
    assert len(by_workers["dossiers"]) == SIZE
    for table in TABLES:
        assert by_workers[table] == here[table], table


def test_a_chunk_depends_on_the_seed_and_its_number_only(tmp_path):
    plan, _ = make_plan(tmp_path / "plan", 20_000, seed=7, end=date(2026, 11, 24), years=5)
    third = draw_chunk(plan, 3)
    draw_chunk(plan, 4)
    assert draw_chunk(plan, 3) == third  # drawing others first changes nothing
    assert len(third.dossiers) == sum(plan.per_day[3 * CHUNK_DAYS : 4 * CHUNK_DAYS])
    other_seed = draw_chunk(dataclasses.replace(plan, seed=8), 3)
    assert [row[1] for row in other_seed.dossiers] == [row[1] for row in third.dossiers]  # codes: by day and order
    assert [row[7] for row in other_seed.dossiers] != [row[7] for row in third.dossiers]  # names: drawn


def test_rows_are_complete_and_consistent(stores):
    with _connect(stores[0]) as conn:
        dossiers = conn.execute(
            "SELECT id, code, received_day, received_at, status, resolved_at, returned_at, last_event_at"
            " FROM dossiers ORDER BY rowid"
        ).fetchall()
        events = conn.execute(
            "SELECT id, dossier_id, station_seq, kind, occurred_at, payload FROM dossier_events ORDER BY rowid"
        ).fetchall()
        # Each event's UTC moment is its office-time moment; a received event's payload is its dossier's row.
        for occurred_at, occurred_utc, recorded_at in conn.execute(
            "SELECT occurred_at, occurred_utc, recorded_at FROM dossier_events"
        ):
            assert recorded_at == occurred_at
            assert occurred_utc == datetime.fromisoformat(occurred_at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for payload, *row in conn.execute(
            "SELECT e.payload, d.code, d.due_at, d.applicant_name, d.id_number, d.phone, d.channel, d.organization,"
            " d.procedure_code, d.procedure_id FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id"
            " WHERE e.kind = 'received'"
        ):
            p = json.loads(payload)
            assert [p[k] for k in ("code", "due_at", "applicant_name", "id_number", "phone", "channel")] == row[:6]
            assert [p["organization"], p["procedure_code"], p["procedure_version_id"]] == row[6:]
        sequences = dict(conn.execute("SELECT day, last_sequence FROM code_sequences"))
    assert len({d[1] for d in dossiers}) == SIZE  # codes unique
    returned = sum(d[4] == "returned" for d in dossiers)
    assert 0.9 * SIZE < returned < SIZE  # all but the last weeks' dossiers have their result returned
    assert len(events) == SIZE + 2 * returned
    assert [e[2] for e in events] == list(range(1, len(events) + 1))  # one station's sequence, no gap
    # Time-ordered ids (UUID v7): the dossier's from its reception, the event's from when it happened.
    for row_id, moment in [(d[0], d[3]) for d in dossiers] + [(e[0], e[4]) for e in events]:
        value = uuid.UUID(row_id)
        assert value.version == 7 and str(value) == row_id
        assert value.int >> 80 == int(datetime.fromisoformat(moment).timestamp() * 1000)
    assert len({d[0] for d in dossiers}) == SIZE and len({e[0] for e in events}) == len(events)
    # A day's codes are numbered in the order the dossiers came in; the day's sequence knows the last number.
    per_day: dict[str, list[tuple[str, str]]] = {}
    for _id, code, day, received_at, *_ in dossiers:
        per_day.setdefault(day, []).append((code, received_at))
    assert {day: 1000 + len(rows) for day, rows in per_day.items()} == sequences
    for rows in per_day.values():
        assert [code for code, _ in rows] == sorted(code for code, _ in rows)
        assert [at for _, at in rows] == sorted(at for _, at in rows)
        assert rows[0][0].endswith("-1001")
    assert max(map(len, per_day.values())) - min(map(len, per_day.values())) <= 1  # spread evenly
    # Each dossier's events: received, then (returned ones) resolved and result_returned, as its row says.
    kinds: dict[str, list[str]] = {}
    for _id, dossier_id, _seq, kind, _at, _payload in events:
        kinds.setdefault(dossier_id, []).append(kind)
    for did, _code, _day, received_at, status, resolved_at, returned_at, last_event_at in dossiers:
        if status == "returned":
            assert kinds[did] == ["received", "resolved", "result_returned"]
            assert received_at < resolved_at <= returned_at == last_event_at
        else:
            assert kinds[did] == ["received"] and last_event_at == received_at
    # The counts the triggers keep (migrations 0023, 0024) were kept through the bulk load.
    db = open_database(stores[0], check_integrity=False, migrate=False)
    try:
        assert db.tally_differences() == (["dossier_status_counts", "dossier_pending_due_days"], [])
    finally:
        db.dispose()


def test_distributions_are_those_the_benchmarks_rely_on(stores):
    with _connect(stores[0]) as conn:
        channels = Counter(dict(conn.execute("SELECT channel, count(*) FROM dossiers GROUP BY 1")))
        organizations = conn.execute("SELECT count(organization) FROM dossiers").fetchone()[0]
        names = conn.execute("SELECT count(DISTINCT applicant_name) FROM dossiers").fetchone()[0]
        procedures = conn.execute("SELECT count(DISTINCT procedure_code) FROM dossiers").fetchone()[0]
        catalogue = conn.execute("SELECT count(DISTINCT code) FROM procedures").fetchone()[0]
        nguyen = conn.execute("SELECT count(*) FROM dossiers WHERE applicant_name LIKE 'Nguyễn %'").fetchone()[0]
    assert 0.65 < channels["direct"] / SIZE < 0.75 and 0.17 < channels["online"] / SIZE < 0.27
    assert 0.05 < channels["postal"] / SIZE < 0.11
    assert 0.25 < organizations / SIZE < 0.35
    assert 0.3 < nguyen / SIZE < 0.45  # ~38 % of Vietnamese family names
    assert names > SIZE / 3 and procedures == catalogue


def test_received_payloads_have_the_shape_the_intake_service_writes(stores, services):
    from counter_app.services.intake import IntakeRequest

    result = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Trần Văn Nam"))
    with sqlite3.connect(services.db.path) as conn:
        (written,) = conn.execute(
            "SELECT payload FROM dossier_events WHERE dossier_id = ? AND kind = 'received'", (result.dossier_id,)
        ).fetchone()
    service_keys = set(json.loads(written))
    with _connect(stores[0]) as conn:
        payloads = [p for (p,) in conn.execute("SELECT payload FROM dossier_events WHERE kind = 'received'")]
    for payload in payloads:
        decoded = json.loads(payload)
        assert json.dumps(decoded, ensure_ascii=False, sort_keys=True) == payload  # as json.dumps writes it
        assert set(decoded) <= service_keys


def test_the_store_is_at_the_head_migration_in_wal_mode_with_every_index(stores, tmp_path):
    from counter_app.services.app import open_services

    app = open_services(tmp_path / "fresh", check_integrity=False)  # a store as the migrations make it
    fresh_path = app.db.path
    app.close()
    with sqlite3.connect(fresh_path) as fresh:
        schema = set(fresh.execute("SELECT type, name, sql FROM sqlite_master"))
    with _connect(stores[0]) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
        generated = set(conn.execute("SELECT type, name, sql FROM sqlite_master"))
        assert {row for row in generated if not row[1].startswith("sqlite_stat")} == schema
        # The name index (rebuilt in one pass) finds what a scan finds.
        folded = [set(f.split()) for (f,) in conn.execute("SELECT applicant_folded FROM dossiers")]
        words = sorted(folded[0])
        matched = conn.execute(
            "SELECT count(*) FROM dossier_search WHERE dossier_search MATCH ?", (" AND ".join(words),)
        ).fetchone()[0]
        assert matched == sum(set(words) <= row for row in folded) > 0
        # The report's counts were summed as the rows were drawn: a recount from the dossiers agrees.
        assert report_counts.differences(conn) == []
        assert conn.execute("SELECT count(*) FROM report_counts WHERE grain = '*'").fetchone() == (0,)  # no marker
        assert conn.execute("SELECT count(*) FROM report_counts").fetchone()[0] > 0


def test_the_app_and_its_commands_work_on_it(stores, tmp_path, monkeypatch, capsys):
    from counter_app import cli

    folder = tmp_path / "store"
    shutil.copytree(stores[0], folder)
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(folder))
    monkeypatch.setattr(cli, "_test_clock", FakeClock(datetime(2026, 11, 24, 10, 0, tzinfo=OFFICE_TZ)))
    with _connect(folder) as conn:
        (code,) = conn.execute("SELECT code FROM dossiers WHERE status = 'received' LIMIT 1").fetchone()
        # Quarter III as the reports count it: 15/6 to 14/9.
        received = Counter(
            dict(
                conn.execute(
                    "SELECT channel, count(*) FROM dossiers WHERE received_day BETWEEN '2026-06-15' AND '2026-09-14'"
                    " GROUP BY 1"
                )
            )
        )

    assert cli.main(["verify"]) == 0
    assert f"Phiên bản lược đồ: {head_revision()}" in capsys.readouterr().out
    assert cli.main(["report", "--period", "2026-Q3", "--check-aggregates"]) == 0
    assert "khớp" in capsys.readouterr().out
    assert cli.main(["report", "--period", "2026-Q3"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["period"]["from"], report["period"]["to"]) == ("2026-06-15", "2026-09-14")
    total = report["total"]
    assert received["online"] > 0 and total["received_online"] == received["online"]
    assert total["received_postal"] == received["postal"]
    assert total["received_direct"] == received["direct"] + received["postal"]
    assert total["resolved_total"] > 0.7 * total["received_total"]  # most of a past quarter's dossiers closed
    assert cli.main(["show", code]) == 0
    shown = capsys.readouterr().out
    assert code in shown and "Tiếp nhận hồ sơ" in shown
