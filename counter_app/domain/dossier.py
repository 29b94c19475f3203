"""A dossier's state as projected from its first event (the fold of the others: domain.lifecycle.apply_event).

The state's types live in domain/state.py (the event kinds and the lifecycle rules need them)."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.events import DossierEvent
from counter_app.domain.state import ONE_STOP_UNIT, STATUS_LABELS, DossierState, DossierStatus

__all__ = [  # the state's names are re-exported: most callers know them from here
    "ONE_STOP_UNIT",
    "STATUS_LABELS",
    "DossierState",
    "DossierStatus",
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
