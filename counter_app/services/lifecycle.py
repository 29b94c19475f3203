"""Lifecycle use cases: hand a dossier over, request and receive supplements, refuse, extend, stop, resolve,
return the result, withdraw — each one event, written in one transaction, or nothing at all.

`record(EventRequest(code, HandOver(to_unit=...)))`: the request's class is the event kind, described once in
domain.event_kinds (its details, their cleaning, the payload it stores, the states it may follow). This service
checks the request against the dossier as stored, gives the request what it needs from the store (the procedure's
checklist, the receipt's processing time, the calendar, earlier prints: `_Context`) and writes the event with its
projection.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from counter_app.domain import fees
from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar, as_office_time
from counter_app.domain.catalogue import DurationUnit, Procedure, ProcessingTime
from counter_app.domain.dossier import ONE_STOP_UNIT, DossierState
from counter_app.domain.due_dates import Pause
from counter_app.domain.event_kinds import (
    EVENT_LABELS,
    MAX_TEXT,
    EventRequest,
    LifecycleFieldError,
    MissingDocument,
    clean_person,
    clean_text,
    event_action,
    match_missing,
)
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import TransitionError, check_fits, due_after_resume, extension_in_time
from counter_app.domain.text import normalize_text
from counter_app.domain.validation import FieldError, ValidationError, year_problem
from counter_app.services.dossiers import DossierDetail, DossierNotFound, DossierService
from counter_app.services.settings import SettingsService
from counter_app.store import fee_rows, repository
from counter_app.store.db import Database

log = logging.getLogger(__name__)

__all__ = ["EventRequest", "LifecycleService", "MissingDocument", "RecordResult", "TransitionError", "match_missing"]

# A clock a few minutes fast on another PC must not reject an event being recorded right now (as at intake).
FUTURE_TOLERANCE = timedelta(minutes=5)

_Error = LifecycleFieldError


@dataclass(frozen=True)
class RecordResult:
    """What an officer sees after recording: the event written and the dossier as now committed."""

    event: DossierEvent
    detail: DossierDetail
    warnings: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.detail.code

    @property
    def status(self) -> str:
        return self.detail.status

    @property
    def status_label(self) -> str:
        return self.detail.status_label

    @property
    def due_at(self) -> datetime:
        return self.detail.due_at

    @property
    def paused(self) -> bool:
        return self.detail.paused

    def confirmation(self) -> str:
        """One line in Vietnamese: what was recorded, the new status, the due date."""
        due = f"hẹn trả {self.due_at:%H:%M %d/%m/%Y}"
        if self.paused:
            due += " (đang tạm dừng tính thời gian)"
        return (
            f"{self.code}: đã ghi nhận «{EVENT_LABELS[self.event.kind]}» lúc {self.event.occurred_at:%H:%M %d/%m/%Y}; "
            f"trạng thái «{self.status_label}»; {due}."
        )


class LifecycleService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        calendar_provider: Callable[[], OfficeCalendar],
        clock: Callable[[], datetime] | None = None,
        dossiers: DossierService | None = None,
    ):
        self._db = db
        self._settings = settings
        self._calendar = calendar_provider
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._dossiers = dossiers or DossierService(db, settings, clock)

    # --- the one entry point -----------------------------------------------------------------------------

    def record(self, request: EventRequest) -> RecordResult:
        """Record one lifecycle event (the kind of `request.details`) for dossier `request.code`, in one transaction.

        Raises DossierNotFound, TransitionError (the event does not fit the dossier's state, or `at` is before
        its last event) or ValidationError (what was typed is incomplete or wrong); nothing is written then.
        What each kind takes, and what it stores: its class in domain.event_kinds.
        """
        kind = request.kind
        errors: list[FieldError] = []
        self._settings.access.require(event_action(kind))  # decisions (04, 03, stop) are a supervisor's
        now = self._clock()
        moment = as_office_time(request.at or now).replace(microsecond=0)
        if moment > now + FUTURE_TOLERANCE:
            errors.append(_Error("at", "không được sau thời điểm hiện tại."))
        elif year_problem(moment.year):
            errors.append(_Error("at", year_problem(moment.year) or ""))
        station = self._settings.station()
        officer_name = clean_person("officer", request.officer, errors, required=False) or station.officer_name
        note_text = clean_text("note", request.note, errors, limit=MAX_TEXT)
        code = normalize_text(request.code).upper()
        warnings: list[str] = []

        with self._db.write() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            state = repository.dossier_state_from_row(row)
            check_fits(state, kind, moment)  # the rules first: a forbidden event is refused whatever was typed
            context = _Context(self, session, row, state, moment, errors, warnings)
            payload: dict[str, Any] = request.details.payload(context)
            if note_text:
                payload["note"] = note_text
            if errors:
                raise ValidationError(errors)

            event = DossierEvent(
                id=str(uuid.uuid4()),
                dossier_id=row.id,
                station_id=station.station_id,
                station_seq=repository.next_station_seq(session, station.station_id),
                kind=kind,
                officer=officer_name,
                officer_id=station.officer_id,
                occurred_at=moment,
                payload={k: v for k, v in payload.items() if v is not None},
            )
            repository.append_event(session, event, recorded_at=now)
        log.info("event %s recorded on %s", kind.value, code)  # the code, never who received or collected it
        return RecordResult(event=event, detail=self._dossiers.detail(code), warnings=tuple(warnings))

    # --- helpers -------------------------------------------------------------------------------------------

    def _one_stop_name(self) -> str:
        return normalize_text(self._settings.get("agency.unit_name")) or ONE_STOP_UNIT

    def _where(self, state: DossierState) -> str:
        """The unit holding the dossier, by its written name (the one-stop unit as the office calls itself)."""
        if not state.location or state.location == ONE_STOP_UNIT:
            return self._one_stop_name()
        return state.location

    @staticmethod
    def _procedure(session, row) -> Procedure | None:
        return repository.procedure_version(session, row.procedure_id)

    def _processing(self, session, row) -> ProcessingTime:
        """The processing time the dossier was received under: duration and unit from its receipt, start rules
        (trigger, cut-off) from the procedure version it points at."""
        received = next(e for e in repository.dossier_events(session, row.id) if e.kind == EventKind.RECEIVED)
        procedure = self._procedure(session, row)
        base = procedure.processing_time if procedure else ProcessingTime(0)
        p = received.payload
        return ProcessingTime(
            duration=int(p.get("duration", base.duration)),
            unit=DurationUnit(p.get("unit", base.unit.value)),
            trigger=base.trigger,
            cutoff=base.cutoff,
        )

    def _resumed_due(self, session, row, state: DossierState, at: datetime, warnings: list[str]) -> dict[str, str]:
        """The due dates once the open pause closes at `at`: every pause so far adds the working time it covers."""
        closed = [p for p in state.pauses if p.end is not None]
        open_ = [p for p in state.pauses if p.end is None]
        reason = open_[-1].reason if open_ else ""
        assert state.paused_since is not None  # awaiting_supplement, checked by the table
        pauses = [*closed, Pause(state.paused_since, at, reason)]
        events = repository.dossier_events(session, row.id)
        # Only an extension made in time moves the promise (one recorded after the due moment leaves it late).
        extensions = [
            e
            for e in events
            if e.kind == EventKind.EXTENDED
            and (
                "previous_due_at" not in e.payload
                or extension_in_time(e.occurred_at, datetime.fromisoformat(e.payload["previous_due_at"]))
            )
        ]
        extension = None
        if extensions:
            last = extensions[-1]
            extension = (last.occurred_at, datetime.fromisoformat(last.payload["due_at"]))
        legal, promised = due_after_resume(
            state.received_at, self._processing(session, row), self._calendar(), pauses, extension
        )
        warnings.extend(legal.warnings)
        return {
            "paused_since": state.paused_since.isoformat(timespec="seconds"),
            "due_at": promised.isoformat(timespec="seconds"),
            "original_due_at": legal.due.isoformat(timespec="seconds"),
        }


class _Context:
    """domain.event_kinds.RecordContext over the write transaction of one event."""

    def __init__(self, service: LifecycleService, session, row, state: DossierState, at: datetime, errors, warnings):
        self._service, self._session, self._row = service, session, row
        self.state, self.at, self.errors, self.warnings = state, at, errors, warnings

    def where(self) -> str:
        return self._service._where(self.state)

    def one_stop_name(self) -> str:
        return self._service._one_stop_name()

    def procedure(self) -> Procedure | None:
        return self._service._procedure(self._session, self._row)

    def calendar(self) -> OfficeCalendar:
        return self._service._calendar()

    def processing(self) -> ProcessingTime:
        return self._service._processing(self._session, self._row)

    def resumed_due(self) -> dict[str, str]:
        return self._service._resumed_due(self._session, self._row, self.state, self.at, self.warnings)

    def result_delivery(self) -> str | None:
        return self._row.result_delivery

    def printed_before(self, form: str) -> bool:
        earlier = repository.dossier_events(self._session, self._row.id)
        return any(e.kind == EventKind.SLIP_PRINTED and e.payload.get("form") == form for e in earlier)

    def earlier_events(self) -> list[DossierEvent]:
        return repository.dossier_events(self._session, self._row.id)

    def applicant_name(self) -> str:
        return self._row.applicant_name

    def next_fee_receipt(self) -> tuple[str, int]:
        """This station's next receipt number (its counter's block of the year's series), taken in the event's own
        transaction: SQLite has one writer, so no other entry can take it meanwhile, and a rollback takes nothing
        (the number never reached paper: a receipt is printed only after its event is committed)."""
        station = self._service._settings.station()
        prefix = normalize_text(self._service._settings.get("fee.receipt_series")) or fees.DEFAULT_SERIES_PREFIX
        series = fees.receipt_series(prefix, self.at.year)
        block = fees.receipt_block(station.counter)
        last = fee_rows.last_receipt_number(self._session, series, block.start, block.stop - 1)
        try:
            return series, fees.next_receipt_number(station.counter, last)
        except fees.ReceiptBlockExhausted as exc:
            self.errors.append(_Error("receipt", str(exc)))
            return series, 0

    def received_documents(self) -> list[dict]:
        return list(self._row.documents or ())
