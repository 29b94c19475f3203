"""The queries behind the service index (services/service_index.py) and the citizen-facing rating kiosk."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from counter_app.domain.events import DossierEvent, EventKind
from counter_app.store.event_rows import event_from_row
from counter_app.store.models import Dossier, DossierEventRow, ProcedureVersion

_CHUNK = 500  # dossier ids per IN (...) list: well under SQLite's variable limit


def dossiers_touching(session: Session, start: datetime, last_day: date) -> list[Row]:
    """(id, code, field_code) of every dossier received by `last_day` with an event on or after `start`: all the
    dossiers a figure of the period can count (received, closed or rated in it). A day of margin on `start` keeps
    a moment stored with another offset in; the domain judges the exact moments."""
    return list(
        session.execute(
            select(Dossier.id, Dossier.code, Dossier.field_code).where(
                Dossier.received_day <= last_day, Dossier.last_event_at >= start - timedelta(days=1)
            )
        ).all()
    )


def events_of(session: Session, dossier_ids: list[str]) -> dict[str, list[DossierEvent]]:
    """The events of these dossiers, in the stored order."""
    events: dict[str, list[DossierEvent]] = defaultdict(list)
    e = DossierEventRow
    columns = (e.id, e.dossier_id, e.station_id, e.station_seq, e.kind, e.officer, e.occurred_at, e.payload)
    for i in range(0, len(dossier_ids), _CHUNK):
        chunk = dossier_ids[i : i + _CHUNK]
        # Plain rows, not ORM objects (a third of the time at a year of a busy office); slips printed change
        # nothing the index reads (files attached do: the digitised share).
        for row in session.execute(
            select(*columns)
            .where(DossierEventRow.dossier_id.in_(chunk), DossierEventRow.kind != EventKind.SLIP_PRINTED.value)
            .order_by(
                DossierEventRow.dossier_id,
                DossierEventRow.occurred_utc,
                DossierEventRow.station_id,
                DossierEventRow.station_seq,
            )
        ):
            events[row.dossier_id].append(event_from_row(row))  # type: ignore[arg-type]
    return events


def list_rows(session: Session, codes: list[str]) -> list[Row]:
    """What a list of the index's dossiers shows: (code, applicant_name, procedure name, field_code, status,
    received_at, due_at, supplement_rounds), in code order."""
    out: list[Row] = []
    for i in range(0, len(codes), _CHUNK):
        out.extend(
            session.execute(
                select(
                    Dossier.code,
                    Dossier.applicant_name,
                    ProcedureVersion.name,
                    Dossier.field_code,
                    Dossier.status,
                    Dossier.received_at,
                    Dossier.due_at,
                    Dossier.supplement_rounds,
                )
                .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_id)
                .where(Dossier.code.in_(codes[i : i + _CHUNK]))
            ).all()
        )
    return sorted(out, key=lambda r: r[0])


def latest_at_station(session: Session, station_id: str) -> tuple[Dossier, DossierEvent, DossierEvent | None] | None:
    """The dossier this station last received or returned a result of, that event, and the latest rating of the
    dossier recorded after it (None if none): what the citizen-facing kiosk shows."""
    row = session.scalars(
        select(DossierEventRow)
        .where(
            DossierEventRow.station_id == station_id,
            DossierEventRow.kind.in_((EventKind.RECEIVED.value, EventKind.RESULT_RETURNED.value)),
        )
        .order_by(DossierEventRow.station_seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    dossier = session.get(Dossier, row.dossier_id)
    if dossier is None:
        return None
    rating = session.scalars(
        select(DossierEventRow)
        .where(
            DossierEventRow.dossier_id == row.dossier_id,
            DossierEventRow.kind == EventKind.RATED.value,
            DossierEventRow.occurred_utc >= row.occurred_utc,
        )
        .order_by(DossierEventRow.occurred_utc.desc(), DossierEventRow.station_seq.desc())
        .limit(1)
    ).first()
    return dossier, event_from_row(row), event_from_row(rating) if rating is not None else None
