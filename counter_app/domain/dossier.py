"""A dossier's current state as a projection of its events, computed the same way on every station.

The state's types live in domain/state.py (lifecycle needs them, and the fold needs lifecycle's rules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from counter_app.domain.due_dates import Pause
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import check_event, extension_in_time, target_status
from counter_app.domain.state import ONE_STOP_UNIT, STATUS_LABELS, DossierState, DossierStatus

__all__ = [  # the state's names are re-exported: most callers know them from here
    "ONE_STOP_UNIT",
    "STATUS_LABELS",
    "DossierState",
    "DossierStatus",
    "apply_event",
    "fold_events",
    "project_received",
]


def project_received(event: DossierEvent) -> DossierState:
    payload = event.payload
    due = datetime.fromisoformat(payload["due_at"])
    return DossierState(
        id=event.dossier_id,
        code=payload["code"],
        status=DossierStatus.RECEIVED,
        received_at=event.occurred_at,
        due_at=due,
        original_due_at=due,
        last_event_at=event.occurred_at,
        data=dict(payload),
        location=payload.get("location") or ONE_STOP_UNIT,
    )


def _close_pause(state: DossierState, at: datetime) -> tuple[Pause, ...]:
    if state.paused_since is None:
        return state.pauses
    closed = [p for p in state.pauses if p.end is not None]
    open_ = [p for p in state.pauses if p.end is None]
    reason = open_[-1].reason if open_ else ""
    return (*closed, Pause(state.paused_since, at, reason))


_OUTCOMES = {
    EventKind.RESOLVED: "resolved",
    EventKind.REFUSED: "refused",
    EventKind.STOPPED: "stopped",
    EventKind.WITHDRAWN: "withdrawn",
}


def apply_event(state: DossierState | None, event: DossierEvent) -> DossierState:
    """Fold one event into the state, refusing (TransitionError) any event the lifecycle rules forbid.

    Pure: everything the fold needs is in the state and the event (a new due date travels in the payload, computed
    by the service that wrote the event), so every station projects the same state from the same events.
    """
    check_event(state, event)
    if event.kind == EventKind.RECEIVED:
        return project_received(event)
    assert state is not None
    kind, at, p = EventKind(event.kind), event.occurred_at, event.payload
    if kind == EventKind.SLIP_PRINTED:
        # Printing does not move the dossier; it is a fact of its own (decision 4).
        return replace(state, print_count=state.print_count + 1, last_event_at=max(state.last_event_at, at))
    changes: dict[str, Any] = {
        "status": target_status(state.status, kind),
        "last_event_at": max(state.last_event_at, at),
    }
    if kind == EventKind.HANDED_OVER:
        changes["location"] = p["to_unit"]
    elif kind == EventKind.RETURNED_FROM_DIVISION:
        changes["location"] = ONE_STOP_UNIT
    elif kind == EventKind.SUPPLEMENT_REQUESTED:
        changes["paused_since"] = at
        changes["pauses"] = (*state.pauses, Pause(at, None, p.get("reason") or "chờ bổ sung hồ sơ"))
        changes["supplement_rounds"] = state.supplement_rounds + 1
    elif kind == EventKind.SUPPLEMENT_RECEIVED:
        due = datetime.fromisoformat(p["due_at"])
        changes["pauses"] = _close_pause(state, at)
        changes["paused_since"] = None
        changes["due_at"] = due
        original = p.get("original_due_at")
        if original:
            changes["original_due_at"] = datetime.fromisoformat(original)
        elif state.extension_count == 0:
            changes["original_due_at"] = due
    elif kind == EventKind.EXTENDED:
        # Made after the due moment, the apology is recorded but does not extend: the dossier stays late.
        if extension_in_time(at, state.due_at):
            changes["due_at"] = datetime.fromisoformat(p["due_at"])
        changes["extension_count"] = state.extension_count + 1
    elif kind == EventKind.RESOLVED:
        changes["resolved_at"] = at
        changes["late"] = at > state.due_at
        changes["location"] = ONE_STOP_UNIT  # the result waits at the counter
    elif kind == EventKind.RESULT_RETURNED:
        changes["returned_at"] = at
        changes["returned_late"] = at > state.due_at
    if kind in _OUTCOMES:
        changes["outcome"] = _OUTCOMES[kind]
    if kind in (EventKind.REFUSED, EventKind.STOPPED, EventKind.WITHDRAWN) and state.paused_since is not None:
        # Leaving "awaiting supplement" for good: the wait ends here.
        changes["pauses"] = _close_pause(state, at)
        changes["paused_since"] = None
    return replace(state, **changes)


def fold_events(events: Iterable[DossierEvent]) -> DossierState | None:
    """The state after all `events` (in order): how any station rebuilds a projection from scratch."""
    state: DossierState | None = None
    for event in events:
        state = apply_event(state, event)
    return state
