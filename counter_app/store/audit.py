"""The audit trail's rows: append one (chained to the station's last), read them back in order, filter them.

Appended in the caller's transaction (BEGIN IMMEDIATE): two writers never take the same sequence number or chain
to the same previous entry. The triggers of migration 0012 refuse UPDATE and DELETE of these rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from counter_app.domain.audit import GENESIS, AuditEntry, entry_hash
from counter_app.domain.merge import utc_key
from counter_app.store.models import AuditRow


@dataclass(frozen=True)
class Entry:
    """What one audit entry says (its sequence number and hashes are given by `append_all`)."""

    at: datetime
    officer_id: str | None
    officer_name: str
    action: str
    target: str = ""
    detail: dict[str, Any] | None = None


_AUDIT = AuditRow.metadata.tables[AuditRow.__tablename__]
_LAST = (
    select(_AUDIT.c.seq, _AUDIT.c.hash)
    .where(_AUDIT.c.station_id == bindparam("station_id"))
    .order_by(_AUDIT.c.seq.desc())
    .limit(1)
)
_INSERT = insert(_AUDIT)


def append(
    session: Session,
    *,
    station_id: str,
    at: datetime,
    officer_id: str | None,
    officer_name: str,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return append_all(session, station_id, [Entry(at, officer_id, officer_name, action, target, detail)])[0]


def append_all(session: Session, station_id: str, items: Sequence[Entry]) -> list[AuditEntry]:
    """Append `items` in order, each chained to the one before (the first to the station's last entry), with one
    read of that last entry and one INSERT statement (SQLAlchemy Core: no ORM object, nothing left to flush)."""
    last = session.connection().execute(_LAST, {"station_id": station_id}).first()
    seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    entries: list[AuditEntry] = []
    rows: list[dict[str, Any]] = []
    for item in items:
        seq += 1
        at = item.at.replace(microsecond=0)
        entry = _with_hash(
            AuditEntry(
                station_id=station_id,
                seq=seq,
                at=at,
                officer_id=item.officer_id,
                officer_name=item.officer_name,
                action=item.action,
                target=item.target[:200],
                detail=dict(item.detail or {}),
                prev_hash=prev_hash,
            )
        )
        rows.append({**dataclasses.asdict(entry), "at_utc": utc_key(at)})  # the entry's fields are the columns
        entries.append(entry)
        prev_hash = entry.hash
    if rows:
        session.connection().execute(_INSERT, rows)
    return entries


def _with_hash(entry: AuditEntry) -> AuditEntry:
    from dataclasses import replace

    return replace(entry, hash=entry_hash(entry, entry.prev_hash))


def entry_from_row(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        station_id=row.station_id,
        seq=row.seq,
        at=row.at,
        officer_id=row.officer_id,
        officer_name=row.officer_name,
        action=row.action,
        target=row.target,
        detail=row.detail,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def stations(session: Session) -> list[str]:
    return list(session.scalars(select(AuditRow.station_id).distinct().order_by(AuditRow.station_id)))


def chain(session: Session, station_id: str) -> Iterator[tuple[int, AuditEntry]]:
    """One station's entries in sequence order, with their row ids (streamed: a year of entries is not loaded)."""
    rows = session.scalars(
        select(AuditRow)
        .where(AuditRow.station_id == station_id)
        .order_by(AuditRow.seq)
        .execution_options(yield_per=2000)
    )
    for row in rows:
        yield row.id, entry_from_row(row)


def entries(
    session: Session,
    *,
    officer_ids: list[str] | None = None,
    officer_name: str | None = None,
    since_utc: str | None = None,
    until_utc: str | None = None,
    actions: tuple[str, ...] = (),
    limit: int = 1000,
) -> list[tuple[int, AuditEntry]]:
    query = select(AuditRow)
    if officer_ids is not None:
        query = query.where(AuditRow.officer_id.in_(officer_ids))
    if officer_name is not None:
        query = query.where(AuditRow.officer_name == officer_name)
    if since_utc:
        query = query.where(AuditRow.at_utc >= since_utc)
    if until_utc:
        query = query.where(AuditRow.at_utc < until_utc)
    if actions:
        query = query.where(AuditRow.action.in_(actions))
    rows = session.scalars(query.order_by(AuditRow.at_utc, AuditRow.station_id, AuditRow.seq).limit(limit))
    return [(row.id, entry_from_row(row)) for row in rows]


def recent_for(session: Session, target: str, since_utc: str) -> list[AuditEntry]:
    """The entries about `target` (a user name) since `since_utc`, oldest first: how many sign-ins failed lately."""
    rows = session.scalars(
        select(AuditRow)
        .where(AuditRow.target == target, AuditRow.at_utc >= since_utc)
        .order_by(AuditRow.at_utc, AuditRow.seq)
        .limit(1000)
    )
    return [entry_from_row(row) for row in rows]
