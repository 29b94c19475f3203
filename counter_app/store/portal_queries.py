"""Queries for the hand-over to the national portal (services/portal.py): which dossiers moved in a time window."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.store.models import DossierEventRow


def dossiers_moved_between(session: Session, start_utc: str, end_utc: str, skip_kinds: tuple[str, ...]) -> list[str]:
    """Ids of the dossiers with an event (other than `skip_kinds`) from `start_utc` (included) to `end_utc`
    (excluded), both "YYYY-MM-DDTHH:MM:SSZ", in the order they first moved."""
    rows = session.execute(
        select(DossierEventRow.dossier_id)
        .where(
            DossierEventRow.occurred_utc >= start_utc,
            DossierEventRow.occurred_utc < end_utc,
            DossierEventRow.kind.not_in(skip_kinds),
        )
        .order_by(DossierEventRow.occurred_utc, DossierEventRow.station_id, DossierEventRow.station_seq)
    )
    seen: dict[str, None] = {}
    for (dossier_id,) in rows:
        seen.setdefault(dossier_id, None)
    return list(seen)
