"""A dossier's current state as a projection of its events, computed the same way on every station."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.due_dates import Pause
from counter_app.domain.events import DossierEvent, EventKind

# Where a dossier is when no specialist division holds it (the projection's `location`).
ONE_STOP_UNIT = "Bộ phận Một cửa"


class DossierStatus(StrEnum):
    RECEIVED = "received"  # đã tiếp nhận
    IN_PROGRESS = "in_progress"  # đang giải quyết (handed to the division)
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # chờ bổ sung
    STOPPED = "stopped"
    REFUSED = "refused"
    RESOLVED = "resolved"  # có kết quả, chờ trả
    RETURNED = "returned"  # đã trả kết quả
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    DossierStatus.RECEIVED: "Đã tiếp nhận",
    DossierStatus.IN_PROGRESS: "Đang giải quyết",
    DossierStatus.AWAITING_SUPPLEMENT: "Chờ bổ sung",
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.REFUSED: "Từ chối",
    DossierStatus.RESOLVED: "Có kết quả, chờ trả",
    DossierStatus.RETURNED: "Đã trả kết quả",
    DossierStatus.WITHDRAWN: "Rút hồ sơ",
}


@dataclass(frozen=True)
class DossierState:
    id: str
    code: str
    status: DossierStatus
    received_at: datetime
    due_at: datetime  # the promised moment now (moved on by pauses, replaced by an extension made in time)
    original_due_at: datetime  # the legal due date without extensions (pauses included): what reports judge
    last_event_at: datetime
    data: dict[str, Any] = field(default_factory=dict)  # the intake payload (applicant, procedure, documents)
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    print_count: int = 0
    paused_since: datetime | None = None  # start of the open pause (awaiting supplements), else None
    pauses: tuple[Pause, ...] = ()  # every pause so far, the open one last with end None
    location: str | None = None  # the unit holding the dossier (the one-stop unit or a division)
    outcome: str | None = None  # how handling ended: resolved | refused | stopped | withdrawn; None while open
    supplement_rounds: int = 0
    extension_count: int = 0
    late: bool = False  # resolved after the due date in force then
    returned_late: bool = False  # result returned after the due date in force then

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


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
    from counter_app.domain.lifecycle import check_event, extension_in_time, target_status  # imports this module

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
