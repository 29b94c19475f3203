"""Queries and writes on the local store. Functions take the session opened at the service boundary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.catalogue import (
    Procedure,
)
from counter_app.domain.dossier import DossierState
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import apply_event
from counter_app.domain.merge import utc_key
from counter_app.store import audit, sync_store
from counter_app.store.catalogue_rows import (  # re-exported: callers know them from here
    add_procedure_version as add_procedure_version,
)
from counter_app.store.catalogue_rows import (
    count_procedures as count_procedures,
)
from counter_app.store.catalogue_rows import (
    find_current_procedure as find_current_procedure,
)
from counter_app.store.catalogue_rows import (
    list_current_procedures as list_current_procedures,
)
from counter_app.store.catalogue_rows import (
    list_fields as list_fields,
)
from counter_app.store.catalogue_rows import (
    procedure_to_domain as procedure_to_domain,
)
from counter_app.store.catalogue_rows import (
    upsert_field as upsert_field,
)
from counter_app.store.event_rows import dossier_events as dossier_events
from counter_app.store.event_rows import event_from_row as event_from_row
from counter_app.store.models import (
    CodeSequence,
    Dossier,
    DossierEventRow,
    IntakeRequestRow,
    ProcedureVersion,
    Setting,
)
from counter_app.store.projection import (  # re-exported
    dossier_state_from_row as dossier_state_from_row,
)
from counter_app.store.projection import (
    insert_row,
)
from counter_app.store.projection import (
    pauses_from_json as pauses_from_json,
)
from counter_app.store.projection import (
    pauses_to_json as pauses_to_json,
)
from counter_app.store.projection import (
    store_projection as store_projection,
)

# --- settings -----------------------------------------------------------------------------------------


def read_settings(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(Setting))}


def write_setting(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))


# --- catalogue ----------------------------------------------------------------------------------------


# --- codes --------------------------------------------------------------------------------------------


_CODES = CodeSequence.metadata.tables[CodeSequence.__tablename__]
_LAST_CODE_SEQUENCE = select(_CODES.c.last_sequence).where(
    _CODES.c.agency_code == bindparam("agency_code"),
    _CODES.c.day == bindparam("day"),
    _CODES.c.counter_number == bindparam("counter_number"),
)
# One upsert (a merge would read the row again first): the intake's transaction already read it.
_STORE_CODE_SEQUENCE = (
    sqlite_insert(_CODES)
    .values(
        agency_code=bindparam("agency_code"),
        day=bindparam("day"),
        counter_number=bindparam("counter_number"),
        last_sequence=bindparam("last_sequence"),
    )
    .on_conflict_do_update(
        index_elements=[_CODES.c.agency_code, _CODES.c.day, _CODES.c.counter_number],
        set_={"last_sequence": bindparam("last_sequence")},
    )
)


def last_code_sequence(session: Session, agency_code: str, day: date, counter: int) -> int | None:
    return (
        session.connection()
        .execute(_LAST_CODE_SEQUENCE, {"agency_code": agency_code, "day": day, "counter_number": counter})
        .scalar()
    )


def store_code_sequence(session: Session, agency_code: str, day: date, counter: int, sequence: int) -> None:
    session.connection().execute(
        _STORE_CODE_SEQUENCE,
        {"agency_code": agency_code, "day": day, "counter_number": counter, "last_sequence": sequence},
    )


# --- events and the dossier projection ----------------------------------------------------------------


_EVENTS = DossierEventRow.metadata.tables[DossierEventRow.__tablename__]
_MAX_STATION_SEQ = select(func.max(_EVENTS.c.station_seq)).where(_EVENTS.c.station_id == bindparam("station_id"))
_INSERT_EVENT = insert(_EVENTS)


def next_station_seq(session: Session, station_id: str) -> int:
    session.flush()  # event rows still pending in this transaction count (a Core SELECT does not autoflush)
    current = session.connection().execute(_MAX_STATION_SEQ, {"station_id": station_id}).scalar()
    return (current or 0) + 1


def event_values(event: DossierEvent, recorded_at: datetime) -> dict[str, Any]:
    """The columns of an event's row (by the ORM path as a DossierEventRow, by the intake's as a Core INSERT)."""
    return {
        "id": event.id,
        "dossier_id": event.dossier_id,
        "station_id": event.station_id,
        "station_seq": event.station_seq,
        "kind": event.kind.value,
        "officer": event.officer,
        "officer_id": event.officer_id,
        "occurred_at": event.occurred_at,
        "occurred_utc": utc_key(event.occurred_at),
        "recorded_at": recorded_at,
        "payload": event.payload,
    }


def append_event(session: Session, event: DossierEvent, recorded_at: datetime) -> Dossier:
    """Write one event and fold it into the dossier's projection, in the caller's transaction.

    The fold checks the lifecycle rules first (domain.lifecycle.TransitionError): an event that does not fit is
    not added to the session at all. (The intake writes its new dossier with append_intake: the same rows.)
    """
    # A received event starts a new dossier (a fresh id): nothing to read; its INSERT fails if the id were taken.
    row = None if event.kind == EventKind.RECEIVED else session.get(Dossier, event.dossier_id)
    before_last_event_at = row.last_event_at if row is not None else None
    previous: DossierState | None = None
    if event.kind == EventKind.RECEIVED:
        state = apply_event(None, event)
    else:
        if row is None:
            raise LookupError(f"no dossier {event.dossier_id}")
        previous = dossier_state_from_row(row)
        state = apply_event(previous, event)
    session.add(DossierEventRow(**event_values(event, recorded_at)))
    row = store_projection(
        session, None if event.kind == EventKind.RECEIVED else row, state, event, appended=(previous, event)
    )
    session.flush()
    # Every event written here is also an entry of the station's audit trail, in the same transaction.
    audit.append_all(session, event.station_id, [_audit_entry(event, row.code, recorded_at)])
    if before_last_event_at is not None and utc_key(event.occurred_at) == utc_key(before_last_event_at):
        _refold_if_tied(session, event)
    return row


def append_intake(session: Session, events: Sequence[DossierEvent], recorded_at: datetime) -> Dossier:
    """Write a new dossier: its received event, then the events that come with it (its scans), in the caller's
    transaction. The same rows as append_event of each in turn (the same fold, projection.store_projection and
    report counts, event columns, audit entries), written with SQLAlchemy Core: the projection row folded in memory
    and INSERTed once, the events in one INSERT, the audit entries chained in memory; no ORM unit of work, no flush,
    nothing read back. Returns the projection row as written (out of any session: read only)."""
    received = events[0]
    if received.kind != EventKind.RECEIVED or any(e.kind == EventKind.RECEIVED for e in events[1:]):
        raise ValueError("append_intake writes one new dossier: its received event first, and only that one")
    if any(e.dossier_id != received.dossier_id or e.station_id != received.station_id for e in events):
        raise ValueError("append_intake writes the events of one dossier, of this station")
    row: Dossier | None = None
    for event in events:
        previous = None if row is None else dossier_state_from_row(row)
        state = apply_event(previous, event)
        row = store_projection(session, row, state, received, appended=(previous, event), in_session=False)
    assert row is not None
    # A new dossier has no other station's events: append_event's tie re-fold (_refold_if_tied) never applies.
    insert_row(session, row)
    session.connection().execute(_INSERT_EVENT, [event_values(e, recorded_at) for e in events])
    audit.append_all(session, received.station_id, [_audit_entry(e, row.code, recorded_at) for e in events])
    return row


def _audit_entry(event: DossierEvent, code: str, recorded_at: datetime) -> audit.Entry:
    """The audit entry of an event written on this station."""
    return audit.Entry(
        at=recorded_at,
        officer_id=event.officer_id,
        officer_name=event.officer,
        action="event",
        target=code,
        detail={"kind": event.kind.value, "event_id": event.id, **_audit_detail(event)},
    )


def _audit_detail(event: DossierEvent) -> dict:
    """What an audit entry says of an event beyond its kind: the slip printed, the fee receipt and its amount; never
    the applicant's data."""
    if event.kind == EventKind.SLIP_PRINTED:
        return {key: event.payload[key] for key in ("form", "copies", "reprint") if key in event.payload}
    if event.kind in (EventKind.FEE_COLLECTED, EventKind.FEE_REFUNDED, EventKind.FEE_CANCELLED):
        # The receipt and the money, for the accountant's checks; the payer is personal data and stays out.
        keys = ("receipt_series", "receipt_number", "amount", "method")
        return {key: event.payload[key] for key in keys if key in event.payload}
    return {}


def _refold_if_tied(session: Session, event: DossierEvent) -> None:
    """An event in the same second as another station's event of the dossier: the merge order decides (by station
    id), not the order of arrival, so this station folds the dossier exactly as every other station will."""
    other = session.scalar(
        select(DossierEventRow.id)
        .where(
            DossierEventRow.dossier_id == event.dossier_id,
            DossierEventRow.occurred_utc == utc_key(event.occurred_at),
            DossierEventRow.station_id != event.station_id,
        )
        .limit(1)
    )
    if other is not None:
        sync_store.refold_dossier(session, event.dossier_id)


def procedure_version(session: Session, version_id: int) -> Procedure | None:
    """The procedure version a dossier was received under (decision 6), retired or not."""
    row = session.get(ProcedureVersion, version_id, options=[selectinload(ProcedureVersion.documents)])
    return None if row is None else procedure_to_domain(row)


def dossier_by_code(session: Session, code: str) -> Dossier | None:
    return session.scalar(select(Dossier).where(Dossier.code == code))


def dossiers_received_on(session: Session, day: date, limit: int = 500) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.received_day == day)
            .order_by(Dossier.received_at.desc(), Dossier.code.desc())
            .limit(limit)
        )
    )


def dossiers_received_between(session: Session, date_from: date, date_to: date) -> list[Dossier]:
    """The dossiers received from `date_from` to `date_to` (both included), ordered by code (the register)."""
    in_range = (Dossier.received_day >= date_from) & (Dossier.received_day <= date_to)
    return list(session.scalars(select(Dossier).where(in_range).order_by(Dossier.code)))


def events_of_dossiers_received_between(
    session: Session, date_from: date, date_to: date, kinds: list[str]
) -> list[tuple[str, str, datetime, dict | None]]:
    """(dossier id, kind, occurred at, payload) of the events of those kinds of the dossiers received in the
    range, in the merge order."""
    in_range = (Dossier.received_day >= date_from) & (Dossier.received_day <= date_to)
    rows = session.execute(
        select(
            DossierEventRow.dossier_id,
            DossierEventRow.kind,
            DossierEventRow.occurred_at,
            DossierEventRow.payload,
        )
        .where(DossierEventRow.dossier_id.in_(select(Dossier.id).where(in_range)), DossierEventRow.kind.in_(kinds))
        .order_by(DossierEventRow.occurred_utc, DossierEventRow.station_id, DossierEventRow.station_seq)
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def procedure_names(session: Session, version_ids: set[int]) -> dict[int, str]:
    if not version_ids:
        return {}
    rows = session.execute(
        select(ProcedureVersion.id, ProcedureVersion.name).where(ProcedureVersion.id.in_(version_ids))
    )
    return {row[0]: row[1] for row in rows}


# --- intake requests (`intake --request-id`) --------------------------------------------------------------


def intake_request(session: Session, request_id: str) -> tuple[str, Dossier] | None:
    """(fingerprint, dossier) of an earlier intake made with `request_id`, or None."""
    row = session.get(IntakeRequestRow, request_id)
    if row is None:
        return None
    dossier = session.get(Dossier, row.dossier_id)
    return (row.fingerprint, dossier) if dossier is not None else None


_INSERT_INTAKE_REQUEST = insert(IntakeRequestRow.metadata.tables[IntakeRequestRow.__tablename__])


def store_intake_request(
    session: Session, request_id: str, dossier_id: str, fingerprint: str, created_at: datetime
) -> None:
    session.connection().execute(
        _INSERT_INTAKE_REQUEST,
        {"request_id": request_id, "dossier_id": dossier_id, "fingerprint": fingerprint, "created_at": created_at},
    )
