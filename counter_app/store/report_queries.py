"""The queries behind the report's labels, its recount and the supervisor's dashboard (services/reports.py opens
the session and calls these; the report's counts themselves are store/report_counts.py)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session

from counter_app.domain.events import DossierEvent
from counter_app.domain.representation import agency_key
from counter_app.store.event_rows import event_from_row
from counter_app.store.models import Dossier, DossierEventRow, Field, ProcedureVersion


def field_names(session: Session) -> dict[str, str]:
    """code -> name of every field of work."""
    return {f.code: f.name for f in session.scalars(select(Field))}


def latest_procedure_labels(session: Session) -> dict[str, tuple[str, str]]:
    """code -> (name, field code) of each procedure's newest version."""
    latest: dict[str, tuple[str, str]] = {}
    for code, name, field_code in session.execute(
        select(ProcedureVersion.code, ProcedureVersion.name, ProcedureVersion.field_code).order_by(
            ProcedureVersion.version
        )
    ):
        latest[code] = (name, field_code)
    return latest


def procedure_version_names(session: Session) -> dict[int, str]:
    """version id -> name, every version."""
    return {row[0]: row[1] for row in session.execute(select(ProcedureVersion.id, ProcedureVersion.name))}


def dossiers_with_events(
    session: Session, by: str
) -> tuple[dict[str, tuple[str | None, str]], dict[str, list[DossierEvent]]]:
    """Every dossier's group key (its field or procedure code, `by`) and channel, and its events in the stored
    order (dossier, UTC time, station, sequence): what the report's recount folds."""
    group = {"field": Dossier.field_code, "agency": Dossier.deciding_agency}.get(by, Dossier.procedure_code)
    dims = {
        row[0]: (agency_key(row[1]) if by == "agency" else row[1], row[2])
        for row in session.execute(select(Dossier.id, group, Dossier.channel))
    }
    events: dict[str, list[DossierEvent]] = defaultdict(list)
    for row in session.scalars(
        select(DossierEventRow).order_by(
            DossierEventRow.dossier_id,
            DossierEventRow.occurred_utc,
            DossierEventRow.station_id,
            DossierEventRow.station_seq,
        )
    ):
        if row.dossier_id in dims:
            events[row.dossier_id].append(event_from_row(row))
    return dims, events


# Open dossiers are a few percent of a store, but SQLite's statistics only know "half the rows per status" and
# would scan the table: likelihood() tells the planner the status filter is selective, so the (status, due_at)
# index is used. Awaiting supplements ⟺ paused (the projection sets and clears both together).
_RUNNING = "likelihood(status IN ('received', 'in_progress'), 0.01)"
_PAUSED = "likelihood(status = 'awaiting_supplement', 0.01)"


def pending_by_due(session: Session, field_code: str | None) -> tuple[list[Row], list[Row]]:
    """Dossiers being handled now: (due_at, count) of the running ones per due moment, and (paused after the due
    moment?, count) of the paused ones; optionally of one field."""
    field = " AND field_code = :field" if field_code else ""
    params = {"field": field_code}
    running = session.execute(
        text(f"SELECT due_at, count(*) FROM dossiers WHERE {_RUNNING}{field} GROUP BY due_at"), params
    ).all()
    paused = session.execute(
        text(f"SELECT paused_since > due_at, count(*) FROM dossiers WHERE {_PAUSED}{field} GROUP BY 1"), params
    ).all()
    return list(running), list(paused)


def overdue_dossiers(session: Session, now_stamp: str, field_code: str | None, limit: int) -> list[Row]:
    """The overdue dossiers, the longest overdue first, at most `limit`: (code, applicant_name, procedure_code,
    procedure_id, field_code, status, location, received_at, due_at, paused_since). Running and past the due
    moment, or paused since after it (the report's rule)."""
    field = " AND field_code = :field" if field_code else ""
    columns = (
        "code, applicant_name, procedure_code, procedure_id, field_code, status, location, received_at, "
        "due_at, paused_since"
    )
    return list(
        session.execute(
            text(
                f"SELECT {columns} FROM dossiers WHERE {_RUNNING} AND due_at < :now{field} "
                f"UNION ALL SELECT {columns} FROM dossiers WHERE {_PAUSED} AND paused_since > due_at{field} "
                "ORDER BY due_at, code LIMIT :limit"
            ),
            {"now": now_stamp, "field": field_code, "limit": limit},
        ).all()
    )
