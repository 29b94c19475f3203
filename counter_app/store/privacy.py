"""The rows the retention rule and a citizen's export touch: dossiers closed before a day, a person's dossiers by
identity number, erasing a dossier's personal values (its row and its events' payloads), and making the file forget
them (the FTS5 index merged, freed pages zeroed, the write-ahead log folded in).

The events' append-only trigger (migration 0016) lets exactly the erasure of domain.privacy.erase_payload through.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import String, func, select, text, type_coerce
from sqlalchemy.orm import Session

from counter_app.domain.privacy import CLOSED_STATUSES, ERASED_NAME, PERSONAL_COLUMNS, closed_at, erase_payload
from counter_app.store.db import Database
from counter_app.store.models import Dossier, DossierEventRow, GuidanceSlip
from counter_app.store.tracking import FTS_TABLE


def closed_before(session: Session, cutoff: datetime) -> list[Dossier]:
    """Dossiers whose handling ended before `cutoff` (returned: the return; refused, stopped, withdrawn: their last
    step — domain.privacy.closed_at) whose personal values are still there, oldest first.

    Times are stored as ISO text with their offset: the text comparison (one day of margin) narrows the rows through
    the columns, the exact comparison of aware datetimes decides."""
    margin = (cutoff.date() + timedelta(days=1)).isoformat()
    ended = func.coalesce(type_coerce(Dossier.returned_at, String), type_coerce(Dossier.last_event_at, String))
    rows = session.scalars(
        select(Dossier)
        .where(
            Dossier.status.in_([s.value for s in CLOSED_STATUSES]),
            ended < margin,
            Dossier.applicant_name != ERASED_NAME,
        )
        .order_by(ended)
    ).all()
    return [row for row in rows if closed_at(row.returned_at, row.last_event_at) < cutoff]


def erase(session: Session, row: Dossier, on: date) -> int:
    """Erase the personal values of one dossier: its projection row (the FTS5 index follows the folded name through
    its trigger) and every event payload that holds one. Returns how many events were rewritten."""
    for column in PERSONAL_COLUMNS:
        setattr(row, column, None)
    row.applicant_name = ERASED_NAME
    row.applicant_folded = ""
    events = session.scalars(select(DossierEventRow).where(DossierEventRow.dossier_id == row.id)).all()
    changed = 0
    for event in events:
        erased = erase_payload(event.payload, on)
        if erased is not None:
            event.payload = erased
            changed += 1
    return changed


def guidance_before(session: Session, cutoff: datetime) -> list[GuidanceSlip]:
    """Walk-in guidance slips (form 02, no dossier) issued before `cutoff` that still name their citizen."""
    margin = (cutoff.date() + timedelta(days=1)).isoformat()
    rows = session.scalars(
        select(GuidanceSlip).where(
            type_coerce(GuidanceSlip.issued_at, String) < margin, GuidanceSlip.applicant_name != ERASED_NAME
        )
    ).all()
    return [row for row in rows if row.issued_at < cutoff]


def erase_guidance(session: Session, rows: list[GuidanceSlip]) -> int:
    """The citizen's name, phone and address off each slip; the procedure, the day and the missing papers stay (the
    report counts "hướng dẫn" by them)."""
    for row in rows:
        row.applicant_name = ERASED_NAME
        row.phone = None
        row.address = None
    return len(rows)


def files_of_erased(session: Session) -> set[str]:
    """The SHA-256 of the files (scans, results) attached to dossiers whose personal values are erased and to no
    dossier whose values are kept (the same paper attached twice): the files the retention rule deletes."""
    sha = func.json_extract(DossierEventRow.payload, "$.sha256")
    attached = (
        select(sha, Dossier.applicant_name == ERASED_NAME)
        .join(Dossier, Dossier.id == DossierEventRow.dossier_id)
        .where(DossierEventRow.kind == "file_attached")
    )
    erased: set[str] = set()
    kept: set[str] = set()
    for value, is_erased in session.execute(attached):
        if isinstance(value, str):
            (erased if is_erased else kept).add(value)
    return erased - kept


def by_id_number(session: Session, id_number: str) -> list[Dossier]:
    """A person's dossiers: the number as stored (a passport's letters in either case), oldest first."""
    forms = sorted({id_number, id_number.upper(), id_number.lower()})
    return list(
        session.scalars(select(Dossier).where(Dossier.id_number.in_(forms)).order_by(Dossier.received_at)).all()
    )


def secure_erase_on(session: Session) -> None:
    """Freed pages of this connection are overwritten with zeros (an erased name does not linger in free space)."""
    session.execute(text("PRAGMA secure_delete = ON"))


def forget(db: Database) -> None:
    """After an erasure: merge the FTS5 index into one segment (the erased words' old segments are dropped, not
    only marked deleted) and fold the write-ahead log into the file, emptying it (its old page images held them)."""
    with db.write() as session:
        secure_erase_on(session)
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
    raw = db.write_engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
