"""Lifecycle rules of a dossier: which event may follow which, what each one leads to, and the projection.

Pure domain code (no Qt, no store). Each event kind is described once, in domain.event_kinds (its statuses, its
payload check, its effect on the state); this module builds the transition table from those descriptions and folds
events into a dossier's state. The projection (apply_event) refuses any event the table does not allow, so no state
change the rules forbid can be written, whichever layer tries.

    event                    may follow                                        leads to
    received                 (nothing: the first event of a dossier)           received
    handed_over              received, in_progress                             in_progress
    returned_from_division   in_progress                                       in_progress (back at the one-stop unit)
    supplement_requested     received, in_progress                             awaiting_supplement (clock paused)
    supplement_received      awaiting_supplement                               in_progress (clock resumes)
    refused                  received, in_progress, awaiting_supplement        refused
    extended                 received, in_progress, awaiting_supplement        (unchanged; new due date)
    stopped                  received, in_progress, awaiting_supplement        stopped
    resolved                 received, in_progress                             resolved
    result_returned          resolved                                          returned
    withdrawn                received, in_progress, awaiting_supplement        withdrawn
    slip_printed             any state                                         (unchanged)

Besides the table, an event may not be dated before the dossier's last event, and some events must carry
certain details (a refusal its reason, an extension a later date, a return the person who collected it).

An extension (apology and new date, form 04) moves the due date only when it is made by the due moment in force
(`extension_in_time`, with its legal basis, in domain.event_kinds); one made later is recorded, but the dossier stays
late.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from counter_app.domain.calendar import OfficeCalendar, as_office_time
from counter_app.domain.catalogue import ProcessingTime
from counter_app.domain.dossier import project_received
from counter_app.domain.due_dates import DueDate, Pause, compute_due
from counter_app.domain.event_kinds import (
    EVENT_KINDS,
    EVENT_LABELS,
    LATE_EXTENSION_BASIS,
    OPEN_STATUSES,
    SLIP_TIMELINE_LABELS,
    TERMINAL_STATUSES,
    close_pause,
    extension_in_time,
    extension_problem,
    fmt_moment,
    late_extension_warning,
    latest_extension,
    payload_moment,
    payload_text,
)
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.state import ONE_STOP_UNIT, STATUS_LABELS, DossierState, DossierStatus

__all__ = [
    "EVENT_LABELS",
    "LATE_EXTENSION_BASIS",
    "ONE_STOP_UNIT",
    "OPEN_STATUSES",
    "SLIP_FORM_LABELS",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "Transition",
    "TransitionError",
    "allowed_kinds",
    "apply_event",
    "can_follow",
    "check_event",
    "check_fits",
    "describe_event",
    "due_after_resume",
    "extension_in_time",
    "extension_problem",
    "latest_extension",
    "late_extension_warning",
    "fold_events",
    "refusal_message",
    "target_status",
]

# Short Vietnamese names of the slips, for timelines ("In phiếu: Giấy tiếp nhận (mẫu 01); in lại").
SLIP_FORM_LABELS = SLIP_TIMELINE_LABELS


@dataclass(frozen=True)
class Transition:
    kind: EventKind
    sources: frozenset[DossierStatus]  # statuses the event may follow; empty: only as a dossier's first event
    target: DossierStatus | None  # the status it leads to; None: the status does not change
    any_state: bool = False  # slip_printed: allowed whatever the status


TRANSITIONS: dict[EventKind, Transition] = {
    kind: Transition(kind, cls.SOURCES, cls.TARGET, cls.ANY_STATE) for kind, cls in EVENT_KINDS.items()
}


class TransitionError(ValueError):
    """An event that does not fit the dossier: wrong state, dated before its last event, or missing details.

    str() is a complete Vietnamese sentence naming the dossier and its state, for the officer.
    """

    def __init__(self, message: str, *, code: str = "", status: str | None = None, kind: EventKind | None = None):
        super().__init__(message)
        self.code = code
        self.status = status
        self.kind = kind


def can_follow(status: DossierStatus | None, kind: EventKind) -> bool:
    transition = TRANSITIONS[EventKind(kind)]
    if status is None:
        return kind == EventKind.RECEIVED
    return transition.any_state or status in transition.sources


def target_status(status: DossierStatus, kind: EventKind) -> DossierStatus:
    """The status after `kind` (the same status for events that do not change it)."""
    target = TRANSITIONS[EventKind(kind)].target
    return status if target is None else target


def allowed_kinds(status: DossierStatus) -> tuple[EventKind, ...]:
    """The events that may be recorded now, in table order (for menus and the scanner's next action)."""
    return tuple(kind for kind in EventKind if can_follow(status, kind))


def _status_label(status: DossierStatus) -> str:
    return STATUS_LABELS[DossierStatus(status)]


def refusal_message(code: str, status: DossierStatus, kind: EventKind) -> str:
    return (
        f"Hồ sơ {code} đang ở trạng thái «{_status_label(status)}»: "
        f"không thể ghi nhận «{EVENT_LABELS[EventKind(kind)]}»."
    )


def check_fits(state: DossierState, kind: EventKind, at: datetime) -> None:
    """Raise TransitionError unless an event of `kind` at `at` may follow `state` (table and time order)."""
    kind = EventKind(kind)
    code, status = state.code, state.status
    if kind == EventKind.RECEIVED:
        raise TransitionError(
            f"Hồ sơ {code} đã được tiếp nhận trước đó ({fmt_moment(state.received_at)}).",
            code=code,
            status=status,
            kind=kind,
        )
    if not can_follow(status, kind):
        raise TransitionError(refusal_message(code, status, kind), code=code, status=status, kind=kind)
    if at < state.last_event_at:
        raise TransitionError(
            f"Hồ sơ {code}: thời điểm {fmt_moment(at)} trước sự kiện gần nhất của hồ sơ ({fmt_moment(state.last_event_at)}); "
            f"không thể ghi nhận «{EVENT_LABELS[kind]}» lùi về trước đó.",
            code=code,
            status=status,
            kind=kind,
        )


def check_event(state: DossierState | None, event: DossierEvent) -> None:
    """Raise TransitionError unless `event` may be folded into `state` (None: a dossier not yet received)."""
    kind = EventKind(event.kind)
    label = EVENT_LABELS[kind]
    if state is None:
        if kind != EventKind.RECEIVED:
            raise TransitionError(f"Hồ sơ chưa được tiếp nhận: không thể ghi nhận «{label}».", kind=kind)
        if not payload_moment(event.payload, "due_at") or not payload_text(event.payload, "code"):
            raise TransitionError("Sự kiện tiếp nhận thiếu mã hồ sơ hoặc ngày hẹn trả.", kind=kind)
        return
    check_fits(state, kind, event.occurred_at)
    problem = EVENT_KINDS[kind].check(state, event.payload)
    if problem:
        raise TransitionError(f"Hồ sơ {state.code}: {problem}", code=state.code, status=state.status, kind=kind)


# --- the projection -----------------------------------------------------------------------------------------


def apply_event(state: DossierState | None, event: DossierEvent) -> DossierState:
    """Fold one event into the state, refusing (TransitionError) any event the lifecycle rules forbid.

    Pure: everything the fold needs is in the state and the event (a new due date travels in the payload, computed
    by the service that wrote the event), so every station projects the same state from the same events.
    """
    check_event(state, event)
    if state is None:
        return project_received(event)
    kind = EventKind(event.kind)
    details = EVENT_KINDS[kind]
    changes: dict[str, Any] = {
        "status": target_status(state.status, kind),
        "last_event_at": max(state.last_event_at, event.occurred_at),
    }
    if details.OUTCOME:
        changes["outcome"] = details.OUTCOME
    if details.TARGET in TERMINAL_STATUSES and state.paused_since is not None:
        # Leaving "awaiting supplement" for good: the wait ends here.
        changes["pauses"] = close_pause(state, event.occurred_at)
        changes["paused_since"] = None
    changes.update(details.apply(state, event))
    return replace(state, **changes)


def fold_events(events: Iterable[DossierEvent]) -> DossierState | None:
    """The state after all `events` (in order): how any station rebuilds a projection from scratch."""
    state: DossierState | None = None
    for event in events:
        state = apply_event(state, event)
    return state


# --- due dates across pauses and extensions -----------------------------------------------------------


def due_after_resume(
    received_at: datetime,
    processing: ProcessingTime,
    calendar: OfficeCalendar,
    pauses: Sequence[Pause],
    extension: tuple[datetime, datetime] | None = None,
) -> tuple[DueDate, datetime]:
    """The due dates once a pause has closed: (the legal computation, the promised moment).

    The legal due date is compute_due over all closed pauses (each adds the working time it covers). After an
    extension (apology with a new date, made at `extension[0]`, promising `extension[1]`), the promise is the
    extension's date moved on by the working time paused after the extension was made: the new date was set
    knowing everything up to then, and a later wait for the applicant must not eat into it.
    """
    closed = [p for p in pauses if p.end is not None]
    legal = compute_due(received_at, processing, calendar, closed)
    if extension is None:
        return legal, legal.due
    made_at, promised = as_office_time(extension[0]), as_office_time(extension[1])
    added = timedelta()
    for pause in closed:
        start, end = max(as_office_time(pause.start), made_at), as_office_time(pause.end)
        if end > start:
            added += calendar.working_time(start, end)
    return legal, calendar.add_working_time(promised, added) if added else promised


# --- timeline text ------------------------------------------------------------------------------------


def describe_event(event: DossierEvent) -> str:
    """One line of details for a timeline, in Vietnamese (personal numbers masked)."""
    p = event.payload or {}
    kind = EventKind(event.kind)
    parts = EVENT_KINDS[kind].timeline(event)
    note = payload_text(p, "note")
    if kind != EventKind.RECEIVED and note:
        parts.append(f"ghi chú: {note}")
    return "; ".join(parts)
