"""The intake's write path (repository.append_intake: SQLAlchemy Core, no ORM flush; issue 15 item 2) writes exactly
the rows the generic ORM path writes (repository.append_event, kept for lifecycle transitions, sync and the CLI):
the same dossier rows, events, audit chain, report counts, status counts and FTS5 name index, byte for byte; and a
failure at any of its statements leaves nothing of the intake behind."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.audit import verify_chain
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import CopyKind
from counter_app.domain.codes import next_sequence
from counter_app.domain.text import fold_for_search
from counter_app.services.intake import DocumentInput, IntakeRequest, IntakeResult, ScanInput, _fingerprint
from counter_app.store import audit, repository
from counter_app.store.db import open_database
from tests.conftest import CERT_CODE, XRAY_CODE
from tests.test_files import _pdf


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the store (FTS5 shadow tables included), with its rowid where it has one."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out: dict[str, list[tuple]] = {}
        for table in tables:
            try:
                rows = conn.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # WITHOUT ROWID
                rows = sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            out[table] = rows
        return out


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _requests(tmp_path: Path) -> list[IntakeRequest]:
    """A day's intakes at one counter: every kind of row the intake writes."""
    first_scan = _pdf(tmp_path / "don.pdf")
    second_scan = _pdf(tmp_path / "van-bang.pdf", "Ban sao van bang")
    return [
        IntakeRequest(
            procedure_code=CERT_CODE,
            applicant_name="Nguyễn Thị Hương",
            id_number="001190054321",
            birth_date="01/02/1990",
            sex="Nữ",
            phone="0912345678",
            email="huong@example.vn",
            address="Số 12, đường Nguyễn Thái Học",
            copies=2,
            note="Nộp thay cho con",
        ),
        IntakeRequest(  # a representative filing for an organisation, with a request id (a script)
            procedure_code=CERT_CODE,
            applicant_name="Đặng Văn Minh",
            organization="Công ty TNHH Minh Phát",
            tax_code="0100233488",
            applicant_kind="organization",
            representative_name="Trần Thị Bích",
            representative_id="001190054321",
            relationship="Được ủy quyền",
            authorisation="Giấy ủy quyền số 12/2026/GUQ ngày 01/11/2026",
            request_id="script-7:0001",
        ),
        IntakeRequest(  # several documents chosen, two scans of them, sent by post, received yesterday
            procedure_code=CERT_CODE,
            applicant_name="Lê Thị Hoa",
            channel="postal",
            received_at=datetime(2026, 11, 24, 16, 5, tzinfo=OFFICE_TZ),
            documents=(
                DocumentInput("Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu"),
                DocumentInput("Bản sao văn bằng, chứng chỉ đào tạo", CopyKind.CERTIFIED_COPY, 2),
                DocumentInput("Ảnh 3x4", quantity=4),
            ),
            scans=(ScanInput(str(first_scan), "1"), ScanInput(str(second_scan), "2")),
            result_delivery="post",
        ),
        IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Phạm Đức Anh", id_number="001203004567"),
    ]


def _reference(store: Path, results: list[tuple[IntakeResult, datetime, IntakeRequest]], station) -> None:
    """Write the same dossiers into `store` through the generic ORM path: append_event of each event, in order."""
    db = open_database(store.parent, check_integrity=False)
    try:
        for result, recorded_at, request in results:
            with db.write() as session:
                sequence = int(result.code.rsplit("-", 1)[-1])  # the code's own number, not the store's row
                repository.store_code_sequence(
                    session, station.agency_code, result.received_at.date(), station.counter, sequence
                )
                for event in result.committed_events:
                    repository.append_event(session, event, recorded_at=recorded_at)
                if request.request_id:
                    repository.store_intake_request(
                        session, request.request_id, result.dossier_id, _fingerprint(request), recorded_at
                    )
    finally:
        db.write_engine.dispose()
        db.read_engine.dispose()


def test_the_intake_writes_the_rows_the_orm_path_writes(services, clock, tmp_path):
    # One intake first, so the audit chain and the station's sequence numbers do not start from nothing.
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Võ Văn Tám"))
    reference = tmp_path / "reference" / "counter.sqlite3"
    _copy(services.db.path, reference)
    assert _snapshot(reference) == _snapshot(services.db.path)
    station = services.settings.station()

    written: list[tuple[IntakeResult, datetime, IntakeRequest]] = []
    for request in _requests(tmp_path):
        clock.moment += timedelta(minutes=7)
        result = services.intake.intake(request)
        assert not result.replayed
        written.append((result, clock.moment, request))
        if request.request_id:  # the script retries: the first dossier again, nothing written
            before = _snapshot(services.db.path)
            clock.moment += timedelta(seconds=30)
            again = services.intake.intake(request)
            assert again.replayed and again.dossier_id == result.dossier_id
            assert _snapshot(services.db.path) == before

    _reference(reference, written, station)
    core, orm = _snapshot(services.db.path), _snapshot(reference)
    assert core.keys() == orm.keys()
    for table in core:
        assert core[table] == orm[table], table
    # The comparison covers what it should: the rows are there, in both.
    assert len(core["dossiers"]) == 5 and len(core["dossier_events"]) == 7
    assert len(core["intake_requests"]) == 1 and core["dossier_search_docsize"]

    # And what both wrote is what was asked for, checked without either path's code.
    with closing(sqlite3.connect(services.db.path)) as conn:
        seqs = [
            r[0]
            for r in conn.execute(
                "SELECT station_seq FROM dossier_events WHERE station_id = ? ORDER BY rowid", (station.station_id,)
            )
        ]
        assert seqs == list(range(1, 8))
        kinds = [r[0] for r in conn.execute("SELECT kind FROM dossier_events ORDER BY rowid")]
        assert kinds == ["received"] * 4 + ["file_attached"] * 2 + ["received"]
        scanned = written[2][0]
        row = conn.execute(
            "SELECT scans, channel, received_day, result_delivery, documents FROM dossiers WHERE id = ?",
            (scanned.dossier_id,),
        ).fetchone()
        assert row[:4] == (2, "postal", "2026-11-24", "post")
        assert '"quantity": 4' in row[4]
        codes = {
            (day, last)
            for day, last in conn.execute(
                "SELECT day, last_sequence FROM code_sequences WHERE agency_code = ?", (station.agency_code,)
            )
        }
        expected: dict[str, int] = {}
        for result, _, _ in written:
            day = result.received_at.date().isoformat()
            expected[day] = max(expected.get(day, 0), int(result.code.rsplit("-", 1)[-1]))
        assert {(d, n) for d, n in codes if d in expected} == set(expected.items())
        assert conn.execute("SELECT request_id, dossier_id FROM intake_requests").fetchall() == [
            ("script-7:0001", written[1][0].dossier_id)
        ]
        for result, _, _ in written:  # each name found by the FTS5 index, pointing at its dossier
            (term,) = fold_for_search(result.applicant_name).split()[-1:]
            found = {
                r[0]
                for r in conn.execute(
                    "SELECT d.id FROM dossier_search s JOIN dossiers d ON d.rowid = s.rowid WHERE dossier_search MATCH ?",
                    (term,),
                )
            }
            assert result.dossier_id in found
        targets = [r[0] for r in conn.execute("SELECT target FROM audit_entries WHERE action = 'event' ORDER BY seq")]
        assert targets[-6:] == [r.code for r, _, _ in written for _ in r.committed_events]
    with services.db.read() as session:
        checked, problem = verify_chain(audit.chain(session, station.station_id))
    assert problem is None and checked >= 8


def test_the_committed_row_is_the_row_in_the_store(services, tmp_path):
    result = services.intake.intake(_requests(tmp_path)[2])
    with services.db.read() as session:
        stored = repository.dossier_by_code(session, result.code)
        assert stored is not None
        for column in stored.__table__.columns.keys():
            assert getattr(result.committed_row, column) == getattr(stored, column), column


FAILURES = {
    # a failure at the code sequence's upsert, the dossier row, the scans' events, the audit, the request id
    "code_sequences": "BEFORE INSERT ON code_sequences",
    "dossiers": "BEFORE INSERT ON dossiers",
    "scan event": "BEFORE INSERT ON dossier_events WHEN NEW.kind = 'file_attached'",
    "audit": "BEFORE INSERT ON audit_entries WHEN NEW.seq > 1",
    "intake_requests": "BEFORE INSERT ON intake_requests",
}


@pytest.mark.parametrize("where", FAILURES.values(), ids=list(FAILURES))
def test_a_failure_at_any_statement_leaves_nothing_written(services, tmp_path, where):
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Võ Văn Tám"))
    request = _requests(tmp_path)[2]
    request = IntakeRequest(**{**request.__dict__, "request_id": "retry-me"})
    with closing(sqlite3.connect(services.db.path)) as conn:  # a real SQLite failure, from inside the statement
        conn.execute(f"CREATE TRIGGER fail_here {where} BEGIN SELECT RAISE(ABORT, 'the disk said no'); END")
        conn.commit()
    before = _snapshot(services.db.path)
    with pytest.raises(Exception, match="the disk said no"):
        services.intake.intake(request)
    assert _snapshot(services.db.path) == before
    with closing(sqlite3.connect(services.db.path)) as conn:
        conn.execute("DROP TRIGGER fail_here")
        conn.commit()
    result = services.intake.intake(request)  # the same request goes through once the failure is gone
    # ... with the day's first number: the failed attempt took none (it was received the day before the other)
    first = next_sequence(services.settings.station().counter, None)
    assert not result.replayed and result.code.endswith(f"-{first:04d}")


def test_a_column_the_row_leaves_unset_gets_its_default_as_through_the_orm(services):
    """projection.insert_row binds the attributes the row has; one left unset gets the column's default (copies 1,
    print_count 0…), as the ORM's flush would give it, not NULL."""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy import text

    from counter_app.store.models import Dossier
    from counter_app.store.projection import insert_row

    done = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp A"))
    given = dict(sa_inspect(done.committed_row).dict)
    defaulted = {"copies", "print_count", "supplement_rounds"}
    row = Dossier(**{k: v for k, v in given.items() if not k.startswith("_") and k not in defaulted})
    row.id, row.code = "copy-" + done.dossier_id, done.code + "-X"
    with services.db.write() as session:
        insert_row(session, row)
    with services.db.read() as session:
        stored = session.execute(
            text("SELECT copies, print_count, supplement_rounds FROM dossiers WHERE id = :i"), {"i": row.id}
        ).one()
    assert tuple(stored) == (1, 0, 0)
