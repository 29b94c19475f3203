"""The guidance slips (form 02 for a walk-in whose dossier was not received): write, read, count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.store.models import GuidanceSlip


def add(session: Session, row: GuidanceSlip) -> None:
    session.add(row)
    session.flush()


def get(session: Session, guidance_id: str) -> GuidanceSlip | None:
    return session.get(GuidanceSlip, guidance_id)


def mark_printed(session: Session, guidance_id: str) -> int:
    row = session.get(GuidanceSlip, guidance_id)
    if row is None:
        return 0
    row.print_count = (row.print_count or 0) + 1
    session.flush()
    return row.print_count


def count(session: Session, start: datetime, end: datetime, field_code: str | None = None) -> int:
    """Slips issued in [start, end) (aware datetimes, compared as ISO text: every station writes the office offset)."""
    query = (
        select(func.count())
        .select_from(GuidanceSlip)
        .where(GuidanceSlip.issued_at >= start, GuidanceSlip.issued_at < end)
    )
    if field_code:
        query = query.where(GuidanceSlip.field_code == field_code)
    return int(session.scalar(query) or 0)


def latest(session: Session, limit: int = 50) -> list[GuidanceSlip]:
    return list(session.scalars(select(GuidanceSlip).order_by(GuidanceSlip.issued_at.desc()).limit(limit)))
