"""A dossier's projection row: read as a DossierState, written from one (store_projection, the one function every
fold goes through, so the report's counts stay in step with the row)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from counter_app.domain.dossier import DossierState, DossierStatus
from counter_app.domain.due_dates import Pause
from counter_app.domain.events import DossierEvent
from counter_app.domain.identity import guess_id_type
from counter_app.domain.paper_file import fold_location
from counter_app.domain.privacy import ERASED_NAME
from counter_app.domain.text import fold_for_search
from counter_app.store import report_counts
from counter_app.store.models import Dossier


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
        file_location=row.file_location,
        file_stored_by=row.file_stored_by,
        file_stored_at=row.file_stored_at,
        returned_late=bool(row.returned_late),
        scans=row.scans or 0,
        e_result=bool(row.e_result),
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
    row.scans = state.scans
    row.e_result = state.e_result
    if row.file_location != state.file_location or row.file_stored_at != state.file_stored_at:
        row.file_location = state.file_location
        row.file_location_folded = fold_location(state.file_location) if state.file_location else None
        row.file_stored_by = state.file_stored_by
        row.file_stored_at = state.file_stored_at


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


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
        # An intake event erased by the retention rule (domain.privacy) has no name left: the row says so.
        applicant_name=p.get("applicant_name") or ERASED_NAME,
        applicant_folded=fold_for_search(p.get("applicant_name") or ""),
        organization=p.get("organization"),
        id_number=p.get("id_number"),
        id_type=p.get("id_type") or (guess_id_type(p["id_number"]).value if p.get("id_number") else None),
        id_country=p.get("id_country"),
        tax_code=p.get("tax_code"),
        deciding_agency=p.get("deciding_agency"),
        birth_date=_day(p.get("birth_date")),
        sex=p.get("sex"),
        id_issued_on=_day(p.get("id_issued_on")),
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
        scans=0,
        e_result=False,
    )


def new_row(received: DossierEvent, state: DossierState, *, procedure_id: int | None = None) -> Dossier:
    """The projection row of a dossier new to this store, from its received event and folded state (in memory: not
    added to any session)."""
    row = _row_from_received(received, state)
    if procedure_id is not None:  # a dossier from another station: its procedure as this store knows it
        row.procedure_id = procedure_id
    _store_state(row, state)
    return row


def store_projection(
    session: Session,
    row: Dossier | None,
    state: DossierState,
    received: DossierEvent,
    *,
    procedure_id: int | None = None,
    appended: tuple[DossierState | None, DossierEvent] | None = None,
    in_session: bool = True,
) -> Dossier:
    """Write a folded state onto the dossier's projection row (a new row from the intake event when row is None).

    Every fold goes through here: append_event's incremental fold, the intake's (repository.append_intake) and
    sync's re-fold of a whole dossier from all its events (store.sync_store.refold_dossier), so whatever is kept in
    step with the projection is kept in one place: here, the report's per-day counts (store/report_counts.py).
    `appended` (the state before, the event) says the fold added one event at the end of the history; without it
    the whole history was folded again. `in_session=False` (appended events only): a new row is kept out of the
    session, the caller writes it itself (insert_row: the intake's Core INSERT, no flush).
    """
    old_trace: list | None = []
    if appended is None and row is not None:
        old_trace = report_counts.trace_of(row, dossier_state_from_row(row))
    if row is None:
        row = new_row(received, state, procedure_id=procedure_id)
        if in_session:
            session.add(row)
    else:
        _store_state(row, state)
    if appended is not None:
        report_counts.record_event(session, row, appended[0], state, appended[1].occurred_at)
    else:
        if not in_session:
            raise ValueError("a re-fold reads the row from the store: it must be in the session")
        session.flush()  # the re-fold reads the dossier's events and writes counts by its row's values
        report_counts.refold(session, row, state, old_trace)
    return row


# Every column of the projection row, by its attribute name (the Core INSERT of a row kept out of the session).
_COLUMNS = tuple((attr.key, attr.columns[0].key) for attr in sa_inspect(Dossier).column_attrs)
_INSERT = insert(Dossier.metadata.tables[Dossier.__tablename__])


def insert_row(session: Session, row: Dossier) -> None:
    """INSERT a projection row built out of the session (store_projection(..., in_session=False)) with SQLAlchemy
    Core: the same column values the ORM's flush would write (the same column types convert them), no unit of work.
    The triggers on `dossiers` (the FTS5 name index, the status counts) fire as for any INSERT."""
    given = sa_inspect(row).dict  # the attributes set; a column left unset gets its default, as in the ORM's flush
    session.connection().execute(_INSERT, {column: given[attr] for attr, column in _COLUMNS if attr in given})
