"""The station's side of sync in the store: the outbox, remote events, the deterministic re-fold, conflicts.

- The outbox is the event table itself: this station's events with `hub_ack_at` NULL (decision 2).
- Remote events (pulled from the hub) are stored as they are, already acknowledged, and every dossier they touch
  is re-folded from all its events in the merge order (domain.merge): the same state on every station whatever
  order the events arrived in.
- An event the rules refuse in that order is kept in `dossier_events` and flagged in `sync_conflicts` for a
  supervisor; a later re-fold in which it fits clears the flag by itself.
- `sync_state` keeps the pull cursor, the last outcome and the summaries already sent (migration 0006).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.merge import MergeResult, merge_events, utc_key
from counter_app.store.catalogue_rows import find_current_procedure
from counter_app.store.event_rows import event_from_row
from counter_app.store.models import Base, Dossier, DossierEventRow, Field, ProcedureVersion
from counter_app.store.projection import store_projection


class SyncConflict(Base):
    """An event kept but not folded: the rules refuse it in the merged order. Listed until a supervisor resolves it."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (
        UniqueConstraint("event_id", name="event"),
        Index("ix_sync_conflicts_open", "resolved_at", "detected_at"),
        Index("ix_sync_conflicts_dossier", "dossier_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))
    dossier_id: Mapped[str] = mapped_column(String(36))
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[str] = mapped_column(String(36))
    officer: Mapped[str] = mapped_column(String(150))
    occurred_at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(150), nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)


class SyncStateRow(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- state --------------------------------------------------------------------------------------------


def read_state(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(SyncStateRow))}


def write_state(session: Session, values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            row = session.get(SyncStateRow, key)
            if row is not None:
                session.delete(row)
        else:
            session.merge(SyncStateRow(key=key, value=value))


# --- outbox -------------------------------------------------------------------------------------------


def outbox(session: Session, station_id: str, limit: int) -> list[DossierEventRow]:
    """This station's unacknowledged events, oldest first."""
    return list(
        session.scalars(
            select(DossierEventRow)
            .where(DossierEventRow.hub_ack_at.is_(None), DossierEventRow.station_id == station_id)
            .order_by(DossierEventRow.station_seq)
            .limit(limit)
        )
    )


def own_files_after(session: Session, station_id: str, after_seq: int, limit: int = 100) -> list[tuple[int, dict]]:
    """(station_seq, payload) of this station's file_attached events after `after_seq` that the hub has
    acknowledged (a file follows its event), oldest first: what to upload when the agency takes files."""
    rows = session.execute(
        select(DossierEventRow.station_seq, DossierEventRow.payload)
        .where(
            DossierEventRow.station_id == station_id,
            DossierEventRow.kind == EventKind.FILE_ATTACHED.value,
            DossierEventRow.station_seq > after_seq,
            DossierEventRow.hub_ack_at.is_not(None),
        )
        .order_by(DossierEventRow.station_seq)
        .limit(limit)
    )
    return [(seq, payload) for seq, payload in rows]


def pending_count(session: Session, station_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(DossierEventRow)
            .where(DossierEventRow.hub_ack_at.is_(None), DossierEventRow.station_id == station_id)
        )
        or 0
    )


def mark_acknowledged(session: Session, event_ids: Sequence[str], at: datetime) -> int:
    done = 0
    for start in range(0, len(event_ids), 500):
        chunk = list(event_ids[start : start + 500])
        result = session.execute(
            update(DossierEventRow)
            .where(DossierEventRow.id.in_(chunk), DossierEventRow.hub_ack_at.is_(None))
            .values(hub_ack_at=at)
            .execution_options(synchronize_session=False)
        )
        done += result.rowcount or 0
    return done


def event_to_wire(row: DossierEventRow) -> dict:
    return {
        "id": row.id,
        "dossier_id": row.dossier_id,
        "station_id": row.station_id,
        "station_seq": row.station_seq,
        "kind": row.kind,
        "officer": row.officer,
        "officer_id": row.officer_id,
        "occurred_at": row.occurred_at.isoformat(timespec="seconds"),
        "recorded_at": row.recorded_at.isoformat(timespec="seconds") if row.recorded_at else None,
        "payload": row.payload,
    }


# --- remote events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteEvent:
    event: DossierEvent
    recorded_at: datetime | None


def event_from_wire(item: dict) -> RemoteEvent:
    occurred = datetime.fromisoformat(item["occurred_at"])
    recorded = datetime.fromisoformat(item["recorded_at"]) if item.get("recorded_at") else None
    return RemoteEvent(
        DossierEvent(
            id=item["id"],
            dossier_id=item["dossier_id"],
            station_id=item["station_id"],
            station_seq=int(item["station_seq"]),
            kind=EventKind(item["kind"]),
            officer=item["officer"],
            officer_id=item.get("officer_id"),
            occurred_at=occurred,
            payload=item.get("payload") or {},
        ),
        recorded,
    )


@dataclass
class ApplyOutcome:
    stored: int = 0
    already_had: int = 0
    dossiers: int = 0
    new_conflicts: int = 0
    cleared_conflicts: int = 0


def apply_remote_events(session: Session, items: Iterable[RemoteEvent], now: datetime) -> ApplyOutcome:
    """Store pulled events (acknowledged: they came from the hub) and re-fold every dossier they touch."""
    outcome = ApplyOutcome()
    items = list(items)
    ids = [i.event.id for i in items]
    have: set[str] = set()
    for start in range(0, len(ids), 500):
        have.update(session.scalars(select(DossierEventRow.id).where(DossierEventRow.id.in_(ids[start : start + 500]))))
    touched: list[str] = []
    seen_touched: set[str] = set()
    # (station, sequence) pairs already used here, looked up once for the whole page
    used: set[tuple[str, int]] = set()
    by_station: dict[str, list[int]] = {}
    for item in items:
        by_station.setdefault(item.event.station_id, []).append(item.event.station_seq)
    for station, seqs in by_station.items():
        used.update(
            (row[0], row[1])
            for row in session.execute(
                select(DossierEventRow.station_id, DossierEventRow.station_seq).where(
                    DossierEventRow.station_id == station,
                    DossierEventRow.station_seq.between(min(seqs), max(seqs)),
                )
            )
        )
    for item in items:
        e = item.event
        if e.id in have:
            outcome.already_had += 1
            continue
        have.add(e.id)
        if (e.station_id, e.station_seq) in used:
            # The same station number used twice (a station restored from an old backup): the hub keeps the event;
            # here it is flagged rather than silently replacing the one we have.
            _flag(
                session,
                e,
                None,
                f"Máy trạm {e.station_id[:8]} ghi hai sự kiện cùng số thứ tự {e.station_seq} "
                "(máy trạm có thể đã được khôi phục từ bản sao lưu cũ); sự kiện được giữ ở máy chủ.",
                now,
            )
            outcome.new_conflicts += 1
            continue
        used.add((e.station_id, e.station_seq))
        session.add(
            DossierEventRow(
                id=e.id,
                dossier_id=e.dossier_id,
                station_id=e.station_id,
                station_seq=e.station_seq,
                kind=e.kind.value,
                officer=e.officer,
                officer_id=e.officer_id,
                occurred_at=e.occurred_at,
                occurred_utc=utc_key(e.occurred_at),
                recorded_at=item.recorded_at or now,
                payload=e.payload,
                hub_ack_at=now,
            )
        )
        outcome.stored += 1
        if e.dossier_id not in seen_touched:
            seen_touched.add(e.dossier_id)
            touched.append(e.dossier_id)
    session.flush()
    procedures: dict[tuple, int] = {}
    flagged: set[str] = set()  # dossiers with open conflicts: only those need their flags looked at when all fits
    for start in range(0, len(touched), 500):
        flagged.update(
            session.scalars(
                select(SyncConflict.dossier_id).where(
                    SyncConflict.dossier_id.in_(touched[start : start + 500]), SyncConflict.resolved_at.is_(None)
                )
            )
        )
    for dossier_id in touched:
        result = refold_dossier(session, dossier_id, now, procedures, flagged)
        outcome.new_conflicts += result.new_conflicts
        outcome.cleared_conflicts += result.cleared_conflicts
    outcome.dossiers = len(touched)
    return outcome


# --- the re-fold --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefoldResult:
    merge: MergeResult
    new_conflicts: int
    cleared_conflicts: int


def _local_procedure_id(session: Session, payload: dict, received: datetime) -> int:
    """The local procedure version a remote dossier points at: the same version when the catalogues agree, else
    the local version of the same code, else a retired placeholder made from what the event carries."""
    code = payload.get("procedure_code") or ""
    version_id = payload.get("procedure_version_id")
    if version_id is not None:
        row = session.get(ProcedureVersion, version_id)
        if row is not None and row.code == code:
            return row.id
    found = find_current_procedure(session, code, received.date())
    if found is not None and found.version_id is not None:
        return found.version_id
    any_version = session.scalar(
        select(ProcedureVersion.id).where(ProcedureVersion.code == code).order_by(ProcedureVersion.version.desc())
    )
    if any_version is not None:
        return any_version
    field_code = payload.get("field_code") or "KHAC"
    if session.get(Field, field_code) is None:
        session.add(Field(code=field_code, name=payload.get("field_name") or field_code))
    placeholder = ProcedureVersion(
        code=code or "KHONG-RO",
        version=1,
        name=payload.get("procedure_name") or code or "Thủ tục của máy trạm khác",
        field_code=field_code,
        duration=int(payload.get("duration") or 0),
        unit=payload.get("unit") or "working_days",
        trigger="complete_dossier",
        retired=True,  # known only from another station's dossier: not offered at intake here
    )
    session.add(placeholder)
    session.flush()
    return placeholder.id


def refold_dossier(
    session: Session,
    dossier_id: str,
    now: datetime | None = None,
    procedures: dict[tuple, int] | None = None,
    flagged: set[str] | None = None,
) -> RefoldResult:
    """Rebuild the dossier's projection from all its events in the merge order; flag the events that do not fit.

    The projection row is written through projection.store_projection, the one function every fold goes
    through, so whatever it keeps in step with the row (report aggregates) stays right.
    """
    now = now or datetime.now(UTC)
    session.flush()
    with session.no_autoflush:
        return _refold(session, dossier_id, now, procedures, flagged)


def _refold(
    session: Session, dossier_id: str, now: datetime, procedures: dict[tuple, int] | None, flagged: set[str] | None
) -> RefoldResult:
    rows = session.scalars(select(DossierEventRow).where(DossierEventRow.dossier_id == dossier_id)).all()
    merged = merge_events(event_from_row(r) for r in rows)
    rejected = {r.event.id: r.reason for r in merged.rejected}
    if merged.state is not None:
        received = next(e for e in merged.applied if EventKind(e.kind) == EventKind.RECEIVED)
        row = session.get(Dossier, dossier_id)
        if row is None:
            clash = session.scalar(select(Dossier.id).where(Dossier.code == merged.state.code))
            if clash is not None and clash != dossier_id:
                rejected[received.id] = (
                    f"Mã hồ sơ {merged.state.code} đã được dùng cho một hồ sơ khác trên máy này: hai máy trạm cấp "
                    "trùng mã (trùng số quầy?). Hồ sơ được giữ nguyên, chưa hiển thị."
                )
            else:
                p = received.payload
                key = (p.get("procedure_version_id"), p.get("procedure_code"), received.occurred_at.date())
                cache = procedures if procedures is not None else {}
                if key not in cache:
                    cache[key] = _local_procedure_id(session, p, received.occurred_at)
                store_projection(session, None, merged.state, received, procedure_id=cache[key])
        else:
            store_projection(session, row, merged.state, received)
    if not rejected and flagged is not None and dossier_id not in flagged:
        return RefoldResult(merged, 0, 0)  # nothing to flag, nothing flagged before
    new, cleared = record_conflicts(session, dossier_id, rows, rejected, now)
    return RefoldResult(merged, new, cleared)


def _flag(session: Session, event: DossierEvent, code: str | None, reason: str, now: datetime) -> bool:
    existing = session.scalar(select(SyncConflict).where(SyncConflict.event_id == event.id))
    stamp = now.isoformat(timespec="seconds")
    if existing is None:
        session.add(
            SyncConflict(
                event_id=event.id,
                dossier_id=event.dossier_id,
                code=code,
                kind=EventKind(event.kind).value,
                station_id=event.station_id,
                officer=event.officer,
                occurred_at=event.occurred_at.isoformat(timespec="seconds"),
                reason=reason,
                detected_at=stamp,
            )
        )
        return True
    if existing.resolved_at is not None and existing.resolved_by == AUTO_RESOLVER:
        # It fitted for a while and no longer does: open again.
        existing.resolved_at = existing.resolved_by = existing.resolution = None
        existing.reason = reason
        existing.detected_at = stamp
        return True
    return False


AUTO_RESOLVER = "(tự động)"


def record_conflicts(
    session: Session, dossier_id: str, rows: Sequence[DossierEventRow], rejected: dict[str, str], now: datetime
) -> tuple[int, int]:
    code = session.scalar(select(Dossier.code).where(Dossier.id == dossier_id))
    if code is None:
        for r in rows:
            if r.kind == EventKind.RECEIVED.value:
                code = (r.payload or {}).get("code")
    new = 0
    by_id = {r.id: r for r in rows}
    for event_id, reason in rejected.items():
        if _flag(session, event_from_row(by_id[event_id]), code, reason, now):
            new += 1
    cleared = 0
    for conflict in session.scalars(
        select(SyncConflict).where(SyncConflict.dossier_id == dossier_id, SyncConflict.resolved_at.is_(None))
    ):
        if conflict.event_id not in rejected and conflict.event_id in by_id:
            conflict.resolved_at = now.isoformat(timespec="seconds")
            conflict.resolved_by = AUTO_RESOLVER
            conflict.resolution = "Sự kiện đã khớp sau khi nhận thêm sự kiện từ máy trạm khác."
            cleared += 1
    return new, cleared


def list_conflicts(session: Session, include_resolved: bool = False) -> list[SyncConflict]:
    query = select(SyncConflict).order_by(SyncConflict.detected_at.desc(), SyncConflict.id.desc())
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at.is_(None))
    return list(session.scalars(query))


def open_conflict_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))) or 0


def resolve_conflict(session: Session, conflict_id: int, by: str, note: str, now: datetime) -> SyncConflict | None:
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None:
        return None
    conflict.resolved_at = now.isoformat(timespec="seconds")
    conflict.resolved_by = by
    conflict.resolution = note
    return conflict


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
