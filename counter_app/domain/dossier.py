"""A dossier's current state as a projection of its events, computed the same way on every station."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.events import DossierEvent, EventKind


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
    due_at: datetime
    original_due_at: datetime
    last_event_at: datetime
    data: dict[str, Any] = field(default_factory=dict)  # the intake payload (applicant, procedure, documents)
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    print_count: int = 0


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
    )


def apply_event(state: DossierState | None, event: DossierEvent) -> DossierState:
    """Fold one event into the state. Lifecycle rules (which event may follow which) live in lifecycle.py."""
    if event.kind == EventKind.RECEIVED:
        if state is not None:
            raise ValueError(f"Hồ sơ {state.code} đã được tiếp nhận trước đó.")
        return project_received(event)
    if state is None:
        raise ValueError("Sự kiện cho một hồ sơ chưa được tiếp nhận.")
    last = max(state.last_event_at, event.occurred_at)
    if event.kind == EventKind.SLIP_PRINTED:
        return replace(state, print_count=state.print_count + 1)
    return replace(state, last_event_at=last)
