"""The event table read back as domain events (the lowest layer of the store's event code: report_counts, the
projection, sync and the repository build on it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.events import DossierEvent, EventKind
from counter_app.store.models import DossierEventRow


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


def dossier_events(session: Session, dossier_id: str) -> list[DossierEvent]:
    rows = session.scalars(
        select(DossierEventRow)
        .where(DossierEventRow.dossier_id == dossier_id)
        .order_by(DossierEventRow.occurred_utc, DossierEventRow.station_id, DossierEventRow.station_seq)
    )
    return [event_from_row(r) for r in rows]
