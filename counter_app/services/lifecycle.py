"""Lifecycle use cases: hand a dossier over, request and receive supplements, refuse, extend, stop, resolve,
return the result, withdraw — each one event, written in one transaction, or nothing at all.

The rules (which event may follow which) are domain.lifecycle's; this service checks them against the dossier
as stored, cleans what the officer typed, computes what the event must carry (a new due date after a pause, the
missing documents from the procedure's checklist) and writes the event with its projection.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar, as_office_time
from counter_app.domain.catalogue import (
    COPY_KIND_LABELS,
    CopyKind,
    DurationUnit,
    Procedure,
    ProcessingTime,
)
from counter_app.domain.dossier import ONE_STOP_UNIT, DossierState
from counter_app.domain.due_dates import Pause
from counter_app.domain.events import EVENT_LABELS, DossierEvent, EventKind, ReturnMethod
from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.lifecycle import (
    TransitionError,
    check_fits,
    due_after_resume,
    extension_in_time,
    extension_problem,
    late_extension_warning,
)
from counter_app.domain.roles import event_action
from counter_app.domain.text import fold_for_search, normalize_text
from counter_app.domain.validation import FIELD_LABELS, FieldError, ValidationError, clean_id_number, year_problem
from counter_app.services.dossiers import DossierDetail, DossierNotFound, DossierService
from counter_app.services.settings import SettingsService
from counter_app.store import repository
from counter_app.store.db import Database

log = logging.getLogger(__name__)

__all__ = ["DETAILS_BY_KIND", "LifecycleService", "MissingDocument", "RecordResult", "TransitionError"]

# A clock a few minutes fast on another PC must not reject an event being recorded right now (as at intake).
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_UNIT = FIELD_LIMITS["unit"]  # domain/field_limits.py: the store's and the hub's lengths too
MAX_TEXT = FIELD_LIMITS["note"]
MAX_NAME = FIELD_LIMITS["applicant_name"]
MAX_MISSING = 50

LIFECYCLE_LABELS = {
    "kind": "Loại sự kiện",
    "at": "Thời điểm",
    "officer": "Cán bộ",
    "to_unit": "Đơn vị nhận hồ sơ",
    "from_unit": "Đơn vị giao hồ sơ",
    "receiver": "Người nhận",
    "receiver_id": "Số CCCD người nhận",
    "method": "Hình thức trả kết quả",
    "reason": "Lý do",
    "missing": "Giấy tờ cần bổ sung",
    "new_due": "Ngày hẹn trả mới",
    "result": "Kết quả giải quyết",
    "note": "Ghi chú",
    "form": "Mẫu phiếu",
    "copies": "Số bản in",
}


@dataclass(frozen=True)
class _Error(FieldError):
    """A field error labelled for the lifecycle forms (validation.FIELD_LABELS covers intake only)."""

    @property
    def label(self) -> str:
        return LIFECYCLE_LABELS.get(self.field) or FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class MissingDocument:
    """One line of a supplement request (form 02): from the procedure's checklist, or typed by the officer."""

    name: str
    copy_kind: str | None = None  # CopyKind value when from the checklist
    quantity: int | None = None
    in_checklist: bool = False

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "copy_kind": self.copy_kind,
            "copy_kind_label": COPY_KIND_LABELS[CopyKind(self.copy_kind)] if self.copy_kind else None,
            "quantity": self.quantity,
            "in_checklist": self.in_checklist,
        }


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


def _text(field: str, value: Any, errors: list[FieldError], *, limit: int, required: bool = False) -> str:
    text = normalize_text(value) if isinstance(value, str) else ("" if value is None else normalize_text(str(value)))
    if not text:
        if required:
            errors.append(_Error(field, "không được để trống."))
        return ""
    if len(text) > limit:
        errors.append(_Error(field, f"dài quá {limit} ký tự (hiện có {len(text)})."))
    return text


def _person(field: str, value: Any, errors: list[FieldError], *, required: bool) -> str:
    name = _text(field, value, errors, limit=MAX_NAME, required=required)
    if name and any(ch.isdigit() for ch in name):
        errors.append(_Error(field, "không được chứa chữ số."))
    return name


def match_missing(items: Iterable[str], procedure: Procedure | None, errors: list[FieldError]) -> list[MissingDocument]:
    """The documents to ask for, matched against the procedure's checklist.

    An item is a checklist position ("2"), a checklist name typed in any case, with or without diacritics
    (its official name is used), or free text for something the checklist does not name.
    """
    checklist = procedure.documents if procedure else ()
    by_folded = {fold_for_search(d.name): d for d in checklist}
    found: list[MissingDocument] = []
    for raw in items:
        text = normalize_text(raw)
        if not text:
            continue
        doc = None
        if text.isdigit():
            position = int(text)
            if not 1 <= position <= len(checklist):
                errors.append(
                    _Error("missing", f"thủ tục không có thành phần hồ sơ số {position} (có {len(checklist)}).")
                )
                continue
            doc = checklist[position - 1]
        else:
            doc = by_folded.get(fold_for_search(text))
        if doc is not None:
            item = MissingDocument(doc.name, doc.copy_kind.value, doc.quantity, True)
        else:
            if len(text) > 500:
                errors.append(_Error("missing", "mỗi giấy tờ ghi không quá 500 ký tự."))
            item = MissingDocument(text)
        if all(f.name != item.name for f in found):
            found.append(item)
    if not found:
        errors.append(_Error("missing", "phải ghi ít nhất một giấy tờ cần bổ sung."))
    if len(found) > MAX_MISSING:
        errors.append(_Error("missing", f"quá {MAX_MISSING} giấy tờ."))
    return found


# The details each kind of event takes (besides at, officer, note); anything else is refused, not dropped.
DETAILS_BY_KIND: dict[EventKind, frozenset[str]] = {
    EventKind.RECEIVED: frozenset(),
    EventKind.HANDED_OVER: frozenset({"from_unit", "to_unit", "receiver"}),
    EventKind.RETURNED_FROM_DIVISION: frozenset({"from_unit", "to_unit"}),
    EventKind.SUPPLEMENT_REQUESTED: frozenset({"missing", "reason"}),
    EventKind.SUPPLEMENT_RECEIVED: frozenset(),
    EventKind.REFUSED: frozenset({"reason"}),
    EventKind.EXTENDED: frozenset({"new_due", "reason"}),
    EventKind.STOPPED: frozenset({"reason"}),
    EventKind.RESOLVED: frozenset({"result"}),
    EventKind.RESULT_RETURNED: frozenset({"receiver", "receiver_id", "method"}),
    EventKind.WITHDRAWN: frozenset({"reason"}),
    EventKind.SLIP_PRINTED: frozenset({"form", "copies"}),
}


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

    def record(
        self,
        code: str,
        kind: EventKind | str,
        *,
        at: datetime | None = None,
        officer: str | None = None,
        from_unit: str | None = None,
        to_unit: str | None = None,
        receiver: str | None = None,
        receiver_id: str | None = None,
        method: str | None = None,
        reason: str | None = None,
        missing: Iterable[str] | None = None,
        new_due: datetime | date | None = None,
        result: str | None = None,
        note: str | None = None,
        form: str | None = None,
        copies: int | None = None,
    ) -> RecordResult:
        """Record one lifecycle event for the dossier `code`, in one transaction.

        Raises DossierNotFound, TransitionError (the event does not fit the dossier's state, or `at` is before
        its last event) or ValidationError (what was typed is incomplete or wrong); nothing is written then.
        Details per kind:
          handed_over            to_unit (required), from_unit (default: where the dossier is), receiver, note
          returned_from_division from_unit (default: where the dossier is), to_unit (default: the one-stop unit), note
          supplement_requested   missing (required: checklist positions, names or free text), reason, note
          supplement_received    note — the due date is recomputed with every pause so far
          refused, stopped       reason (required), note
          extended               new_due (required, later than the current due; a date means its close of
                                 office; once per dossier and at most the procedure's processing time past the
                                 current due: domain.lifecycle.extension_problem), reason (required), note — the
                                 original due date is kept
          resolved               result, note
          result_returned        receiver (required), receiver_id, method counter|post, note
          withdrawn              reason, note
          slip_printed           form, copies
        """
        errors: list[FieldError] = []
        try:
            kind = EventKind(kind)
        except ValueError:
            raise ValidationError([_Error("kind", f"không có loại sự kiện '{kind}'.")]) from None
        self._settings.access.require(event_action(kind))  # decisions (04, 03, stop) are a supervisor's
        given = {
            "from_unit": from_unit,
            "to_unit": to_unit,
            "receiver": receiver,
            "receiver_id": receiver_id,
            "method": method,
            "reason": reason,
            "missing": missing,
            "new_due": new_due,
            "result": result,
            "form": form,
            "copies": copies,
        }
        for name, value in given.items():
            if value not in (None, "", [], ()) and name not in DETAILS_BY_KIND[kind]:
                errors.append(_Error(name, f"không dùng cho «{EVENT_LABELS[kind]}»."))
        now = self._clock()
        moment = as_office_time(at or now).replace(microsecond=0)
        if moment > now + FUTURE_TOLERANCE:
            errors.append(_Error("at", "không được sau thời điểm hiện tại."))
        elif year_problem(moment.year):
            errors.append(_Error("at", year_problem(moment.year) or ""))
        station = self._settings.station()
        officer_name = _person("officer", officer, errors, required=False) or station.officer_name
        note_text = _text("note", note, errors, limit=MAX_TEXT)
        reason_text = _text("reason", reason, errors, limit=MAX_TEXT)
        code = normalize_text(code).upper()
        warnings: list[str] = []

        with self._db.write() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            state = repository.dossier_state_from_row(row)
            check_fits(state, kind, moment)  # the rules first: a forbidden event is refused whatever was typed
            payload: dict[str, Any] = {}

            if kind == EventKind.HANDED_OVER:
                payload["from_unit"] = _text("from_unit", from_unit, errors, limit=MAX_UNIT) or self._where(state)
                payload["to_unit"] = _text("to_unit", to_unit, errors, limit=MAX_UNIT, required=True)
                if payload["to_unit"] and fold_for_search(payload["to_unit"]) == fold_for_search(payload["from_unit"]):
                    errors.append(_Error("to_unit", f"hồ sơ đang ở {payload['from_unit']}."))
                payload["receiver"] = _person("receiver", receiver, errors, required=False) or None
            elif kind == EventKind.RETURNED_FROM_DIVISION:
                payload["from_unit"] = _text("from_unit", from_unit, errors, limit=MAX_UNIT) or self._where(state)
                payload["to_unit"] = _text("to_unit", to_unit, errors, limit=MAX_UNIT) or self._one_stop_name()
            elif kind == EventKind.SUPPLEMENT_REQUESTED:
                procedure = self._procedure(session, row)
                docs = match_missing(missing or (), procedure, errors)
                payload["missing"] = [d.name for d in docs]
                payload["missing_details"] = [d.to_json() for d in docs]
                payload["reason"] = reason_text
                payload["round"] = state.supplement_rounds + 1
            elif kind == EventKind.SUPPLEMENT_RECEIVED:
                payload.update(self._resumed_due(session, row, state, moment, warnings))
            elif kind in (EventKind.REFUSED, EventKind.STOPPED):
                if not reason_text:
                    errors.append(_Error("reason", "không được để trống."))
                payload["reason"] = reason_text
            elif kind == EventKind.EXTENDED:
                if not reason_text:
                    errors.append(_Error("reason", "không được để trống."))
                due = self._new_due(new_due, state, moment, errors)
                if due is not None and not any(e.field == "new_due" for e in errors):
                    problem = extension_problem(
                        state.extension_count,
                        state.due_at,
                        due,
                        self._processing(session, row),
                        self._calendar(),
                        moment,
                    )
                    if problem:
                        errors.append(_Error("new_due", problem))
                payload["reason"] = reason_text
                if due is not None:
                    payload["due_at"] = due.isoformat(timespec="seconds")
                payload["previous_due_at"] = state.due_at.isoformat(timespec="seconds")
                payload["original_due_at"] = state.original_due_at.isoformat(timespec="seconds")
                if not extension_in_time(moment, state.due_at):
                    warnings.append(late_extension_warning(code, state.due_at))
            elif kind == EventKind.RESOLVED:
                payload["result"] = _text("result", result, errors, limit=MAX_TEXT) or None
            elif kind == EventKind.RESULT_RETURNED:
                payload["receiver"] = _person("receiver", receiver, errors, required=True)
                payload["receiver_id"] = clean_id_number(receiver_id, errors, as_office_time(now).year)
                default = row.result_delivery if row.result_delivery in {m.value for m in ReturnMethod} else "counter"
                chosen = (method or default).strip().lower()
                if chosen not in {m.value for m in ReturnMethod}:
                    errors.append(_Error("method", "chỉ nhận counter (tại quầy) hoặc post (bưu chính)."))
                payload["method"] = chosen
            elif kind == EventKind.WITHDRAWN:
                payload["reason"] = reason_text or None
            elif kind == EventKind.SLIP_PRINTED:
                payload["form"] = _text("form", form, errors, limit=40) or "receipt"
                count = 1 if copies is None else copies
                if not isinstance(count, int) or not 1 <= count <= 20:
                    errors.append(_Error("copies", "phải từ 1 đến 20."))
                payload["copies"] = count
                earlier = repository.dossier_events(session, row.id)
                payload["reprint"] = any(
                    e.kind == EventKind.SLIP_PRINTED and e.payload.get("form") == payload["form"] for e in earlier
                )
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

    def _new_due(
        self, value: datetime | date | None, state: DossierState, at: datetime, errors: list[FieldError]
    ) -> datetime | None:
        if value is None:
            errors.append(_Error("new_due", "không được để trống."))
            return None
        problem = year_problem(value.year)
        if problem:
            errors.append(_Error("new_due", problem))
            return None
        calendar = self._calendar()
        if isinstance(value, datetime):
            due = as_office_time(value).replace(microsecond=0)
        else:
            due = calendar.close_of(value)
        if due <= state.due_at:
            errors.append(
                _Error(
                    "new_due",
                    f"phải muộn hơn ngày hẹn hiện tại {state.due_at:%H:%M %d/%m/%Y} (đang là {due:%H:%M %d/%m/%Y}).",
                )
            )
        elif due <= at:
            errors.append(_Error("new_due", "phải sau thời điểm ghi nhận."))
        elif not calendar.is_office_time(due):
            why = calendar.non_working_reason(due.date())
            errors.append(
                _Error(
                    "new_due",
                    f"{due:%H:%M %d/%m/%Y} không phải giờ làm việc"
                    + (f" ({why})" if why else "")
                    + "; chọn một thời điểm trong giờ làm việc.",
                )
            )
        return due
