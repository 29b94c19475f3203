"""Queries and writes on the local store. Functions take the session opened at the service boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.catalogue import (
    CopyKind,
    DocumentRequirement,
    DurationUnit,
    FieldOfWork,
    Procedure,
    ProcessingTime,
    StartTrigger,
)
from counter_app.domain.dossier import DossierState, DossierStatus, apply_event
from counter_app.domain.due_dates import Pause
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.text import fold_for_search
from counter_app.store import report_counts
from counter_app.store.models import (
    CodeSequence,
    Dossier,
    DossierEventRow,
    Field,
    IntakeRequestRow,
    ProcedureDocument,
    ProcedureVersion,
    Setting,
)

# --- settings -----------------------------------------------------------------------------------------


def read_settings(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(Setting))}


def write_setting(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))


# --- catalogue ----------------------------------------------------------------------------------------


def procedure_to_domain(row: ProcedureVersion) -> Procedure:
    return Procedure(
        code=row.code,
        name=row.name,
        field_code=row.field_code,
        field_name=row.field.name if row.field else "",
        processing_time=ProcessingTime(
            duration=row.duration,
            unit=DurationUnit(row.unit),
            trigger=StartTrigger(row.trigger),
            cutoff=row.cutoff,
        ),
        documents=tuple(
            DocumentRequirement(d.name, CopyKind(d.copy_kind), d.quantity, d.mandatory) for d in row.documents
        ),
        level=row.level,
        fee=row.fee,
        online_level=row.online_level,
        legal_basis=row.legal_basis,
        result_place=row.result_place,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        version_id=row.id,
    )


def count_procedures(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ProcedureVersion)) or 0


def upsert_field(session: Session, field: FieldOfWork) -> None:
    session.merge(Field(code=field.code, name=field.name))


def add_procedure_version(session: Session, procedure: Procedure, version: int = 1) -> ProcedureVersion:
    row = ProcedureVersion(
        code=procedure.code,
        version=version,
        name=procedure.name,
        field_code=procedure.field_code,
        level=procedure.level,
        duration=procedure.processing_time.duration,
        unit=procedure.processing_time.unit.value,
        trigger=procedure.processing_time.trigger.value,
        cutoff=procedure.processing_time.cutoff,
        fee=procedure.fee,
        online_level=procedure.online_level,
        legal_basis=procedure.legal_basis,
        result_place=procedure.result_place,
        effective_from=procedure.effective_from,
        effective_to=procedure.effective_to,
        retired=False,
        documents=[
            ProcedureDocument(
                position=i, name=d.name, copy_kind=d.copy_kind.value, quantity=d.quantity, mandatory=d.mandatory
            )
            for i, d in enumerate(procedure.documents, start=1)
        ],
    )
    session.add(row)
    session.flush()
    return row


def _current_versions_query():
    return (
        select(ProcedureVersion)
        .where(ProcedureVersion.retired.is_(False))
        .options(selectinload(ProcedureVersion.documents))
        .order_by(ProcedureVersion.field_code, ProcedureVersion.name)
    )


def list_current_procedures(session: Session, on: date | None = None) -> list[Procedure]:
    procedures = [procedure_to_domain(r) for r in session.scalars(_current_versions_query()).unique()]
    if on is not None:
        procedures = [p for p in procedures if p.is_effective_on(on)]
    return procedures


def find_current_procedure(session: Session, code: str, on: date) -> Procedure | None:
    """The version of a procedure effective on `on` (the newest when several are)."""
    rows = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.code == code, ProcedureVersion.retired.is_(False))
        .options(selectinload(ProcedureVersion.documents))
        .order_by(ProcedureVersion.version.desc())
    ).unique()
    for row in rows:
        procedure = procedure_to_domain(row)
        if procedure.is_effective_on(on):
            return procedure
    return None


def list_fields(session: Session) -> list[FieldOfWork]:
    return [FieldOfWork(f.code, f.name) for f in session.scalars(select(Field).order_by(Field.name))]


# --- codes --------------------------------------------------------------------------------------------


def last_code_sequence(session: Session, agency_code: str, day: date, counter: int) -> int | None:
    return session.scalar(
        select(CodeSequence.last_sequence).where(
            CodeSequence.agency_code == agency_code, CodeSequence.day == day, CodeSequence.counter_number == counter
        )
    )


def store_code_sequence(session: Session, agency_code: str, day: date, counter: int, sequence: int) -> None:
    session.merge(CodeSequence(agency_code=agency_code, day=day, counter_number=counter, last_sequence=sequence))


# --- events and the dossier projection ----------------------------------------------------------------


def next_station_seq(session: Session, station_id: str) -> int:
    current = session.scalar(
        select(func.max(DossierEventRow.station_seq)).where(DossierEventRow.station_id == station_id)
    )
    return (current or 0) + 1


def _utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_from_row(row: DossierEventRow) -> DossierEvent:
    return DossierEvent(
        id=row.id,
        dossier_id=row.dossier_id,
        station_id=row.station_id,
        station_seq=row.station_seq,
        kind=EventKind(row.kind),
        officer=row.officer,
        occurred_at=row.occurred_at,
        payload=row.payload,
    )


def pauses_to_json(pauses: tuple[Pause, ...]) -> list[dict]:
    return [
        {
            "start": p.start.isoformat(timespec="seconds"),
            "end": p.end.isoformat(timespec="seconds") if p.end else None,
            "reason": p.reason,
        }
        for p in pauses
    ]


def pauses_from_json(items: list[dict] | None) -> tuple[Pause, ...]:
    return tuple(
        Pause(
            datetime.fromisoformat(item["start"]),
            datetime.fromisoformat(item["end"]) if item.get("end") else None,
            item.get("reason", ""),
        )
        for item in items or ()
    )


def dossier_state_from_row(row: Dossier, print_count: int | None = None) -> DossierState:
    return DossierState(
        id=row.id,
        code=row.code,
        status=DossierStatus(row.status),
        received_at=row.received_at,
        due_at=row.due_at,
        original_due_at=row.original_due_at,
        last_event_at=row.last_event_at,
        data={},
        resolved_at=row.resolved_at,
        returned_at=row.returned_at,
        print_count=row.print_count if print_count is None else print_count,
        paused_since=row.paused_since,
        pauses=pauses_from_json(row.pauses),
        location=row.location,
        outcome=row.outcome,
        supplement_rounds=row.supplement_rounds or 0,
        extension_count=row.extension_count or 0,
        late=bool(row.late),
        returned_late=bool(row.returned_late),
    )


def _store_state(row: Dossier, state: DossierState) -> None:
    """Copy the projected state onto the dossier row (everything an event can change)."""
    row.status = state.status.value
    row.due_at = state.due_at
    row.original_due_at = state.original_due_at
    row.resolved_at = state.resolved_at
    row.returned_at = state.returned_at
    row.last_event_at = state.last_event_at
    row.print_count = state.print_count
    row.paused_since = state.paused_since
    row.pauses = pauses_to_json(state.pauses)
    row.location = state.location
    row.outcome = state.outcome
    row.supplement_rounds = state.supplement_rounds
    row.extension_count = state.extension_count
    row.late = state.late
    row.returned_late = state.returned_late


def _row_from_received(event: DossierEvent, state: DossierState) -> Dossier:
    p = event.payload
    return Dossier(
        id=state.id,
        code=state.code,
        procedure_id=p["procedure_version_id"],
        procedure_code=p["procedure_code"],
        field_code=p["field_code"],
        channel=p["channel"],
        status=state.status.value,
        applicant_name=p["applicant_name"],
        applicant_folded=fold_for_search(p["applicant_name"]),
        organization=p.get("organization"),
        id_number=p.get("id_number"),
        phone=p.get("phone"),
        email=p.get("email"),
        address=p.get("address"),
        copies=p.get("copies", 1),
        documents=p.get("documents", []),
        note=p.get("note"),
        result_delivery=p.get("result_delivery", "counter"),
        received_at=state.received_at,
        received_day=state.received_at.date(),
        due_at=state.due_at,
        original_due_at=state.original_due_at,
        station_id=event.station_id,
        counter_number=p.get("counter_number", 0),
        officer=event.officer,
        last_event_at=state.last_event_at,
        print_count=0,
        pauses=[],
        location=state.location,
        supplement_rounds=0,
        extension_count=0,
        late=False,
        returned_late=False,
    )


def append_event(session: Session, event: DossierEvent, recorded_at: datetime) -> Dossier:
    """Write one event and fold it into the dossier's projection, in the caller's transaction.

    The fold checks the lifecycle rules first (domain.lifecycle.TransitionError): an event that does not fit is
    not added to the session at all.
    """
    row = session.get(Dossier, event.dossier_id)
    before_last_event_at = row.last_event_at if row is not None else None
    previous: DossierState | None = None
    if event.kind == EventKind.RECEIVED:
        state = apply_event(None, event)
    else:
        if row is None:
            raise LookupError(f"no dossier {event.dossier_id}")
        previous = dossier_state_from_row(row)
        state = apply_event(previous, event)
    session.add(
        DossierEventRow(
            id=event.id,
            dossier_id=event.dossier_id,
            station_id=event.station_id,
            station_seq=event.station_seq,
            kind=event.kind.value,
            officer=event.officer,
            occurred_at=event.occurred_at,
            occurred_utc=_utc_key(event.occurred_at),
            recorded_at=recorded_at,
            payload=event.payload,
        )
    )
    row = store_projection(
        session, None if event.kind == EventKind.RECEIVED else row, state, event, appended=(previous, event)
    )
    session.flush()
    if before_last_event_at is not None and _utc_key(event.occurred_at) == _utc_key(before_last_event_at):
        _refold_if_tied(session, event)
    return row


def store_projection(
    session: Session,
    row: Dossier | None,
    state: DossierState,
    received: DossierEvent,
    *,
    procedure_id: int | None = None,
    appended: tuple[DossierState | None, DossierEvent] | None = None,
) -> Dossier:
    """Write a folded state onto the dossier's projection row (a new row from the intake event when row is None).

    Every fold goes through here: append_event's incremental fold and sync's re-fold of a whole dossier from all
    its events (store.sync_store.refold_dossier), so whatever is kept in step with the projection is kept in one
    place: here, the report's per-day counts (store/report_counts.py). `appended` (the state before, the event)
    says the fold added one event at the end of the history; without it the whole history was folded again.
    """
    old_trace: list | None = []
    if appended is None and row is not None:
        old_trace = report_counts.trace_of(row, dossier_state_from_row(row))
    if row is None:
        row = _row_from_received(received, state)
        if procedure_id is not None:  # a dossier from another station: its procedure as this store knows it
            row.procedure_id = procedure_id
        _store_state(row, state)
        session.add(row)
    else:
        _store_state(row, state)
    if appended is not None:
        report_counts.record_event(session, row, appended[0], state, appended[1].occurred_at)
    else:
        session.flush()  # the re-fold reads the dossier's events and writes counts by its row's values
        report_counts.refold(session, row, state, old_trace)
    return row


def _refold_if_tied(session: Session, event: DossierEvent) -> None:
    """An event in the same second as another station's event of the dossier: the merge order decides (by station
    id), not the order of arrival, so this station folds the dossier exactly as every other station will."""
    other = session.scalar(
        select(DossierEventRow.id)
        .where(
            DossierEventRow.dossier_id == event.dossier_id,
            DossierEventRow.occurred_utc == _utc_key(event.occurred_at),
            DossierEventRow.station_id != event.station_id,
        )
        .limit(1)
    )
    if other is not None:
        from counter_app.store.sync_store import refold_dossier

        refold_dossier(session, event.dossier_id)


def procedure_version(session: Session, version_id: int) -> Procedure | None:
    """The procedure version a dossier was received under (decision 6), retired or not."""
    row = session.get(ProcedureVersion, version_id, options=[selectinload(ProcedureVersion.documents)])
    return None if row is None else procedure_to_domain(row)


def dossier_by_code(session: Session, code: str) -> Dossier | None:
    return session.scalar(select(Dossier).where(Dossier.code == code))


def dossier_events(session: Session, dossier_id: str) -> list[DossierEvent]:
    rows = session.scalars(
        select(DossierEventRow)
        .where(DossierEventRow.dossier_id == dossier_id)
        .order_by(DossierEventRow.occurred_utc, DossierEventRow.station_id, DossierEventRow.station_seq)
    )
    return [event_from_row(r) for r in rows]


def dossiers_received_on(session: Session, day: date, limit: int = 500) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.received_day == day)
            .order_by(Dossier.received_at.desc(), Dossier.code.desc())
            .limit(limit)
        )
    )


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


def store_intake_request(
    session: Session, request_id: str, dossier_id: str, fingerprint: str, created_at: datetime
) -> None:
    session.add(
        IntakeRequestRow(request_id=request_id, dossier_id=dossier_id, fingerprint=fingerprint, created_at=created_at)
    )
