"""Catalogue versions in the store: the latest version of each procedure, a code's history, new versions, retiring.

A procedure code has one row per version (procedures.code + version unique). A new version never changes an
older row's rule; it only closes it: the older row gets effective_to = the new version's first day − 1, or is
retired when the new version starts on or before the older one's first day (it then never applied). Dossiers
point at the row they were received under, so their rule never moves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.catalogue import Procedure
from counter_app.store.models import Dossier, ProcedureVersion
from counter_app.store.repository import add_procedure_version, procedure_to_domain


@dataclass(frozen=True)
class VersionRow:
    """One stored version as plain data (for the supervisor's list and the history)."""

    procedure: Procedure  # version_id set
    version: int
    retired: bool
    dossier_count: int = 0


def _with_documents(query):
    return query.options(selectinload(ProcedureVersion.documents))


def _latest_ids(session: Session, include_retired: bool):
    query = select(ProcedureVersion.code, func.max(ProcedureVersion.version).label("version"))
    if not include_retired:
        query = query.where(ProcedureVersion.retired.is_(False))
    return query.group_by(ProcedureVersion.code).subquery()


def latest_rows(session: Session, *, include_retired: bool = False) -> list[ProcedureVersion]:
    """The newest version of each code (among non-retired versions unless `include_retired`)."""
    latest = _latest_ids(session, include_retired)
    query = _with_documents(
        select(ProcedureVersion)
        .join(latest, (ProcedureVersion.code == latest.c.code) & (ProcedureVersion.version == latest.c.version))
        .order_by(ProcedureVersion.field_code, ProcedureVersion.name, ProcedureVersion.code)
    )
    return list(session.scalars(query).unique())


def effective_rows(session: Session, on: date) -> list[ProcedureVersion]:
    """For each code, the newest non-retired version in force on `on` (codes with none are left out)."""
    rows = session.scalars(
        _with_documents(
            select(ProcedureVersion)
            .where(ProcedureVersion.retired.is_(False))
            .order_by(ProcedureVersion.code, ProcedureVersion.version.desc())
        )
    ).unique()
    chosen: dict[str, ProcedureVersion] = {}
    for row in rows:
        if row.code in chosen:
            continue
        if (row.effective_from is None or row.effective_from <= on) and (
            row.effective_to is None or on <= row.effective_to
        ):
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda r: (r.field_code, r.name, r.code))


def versions_of(session: Session, code: str) -> list[ProcedureVersion]:
    return list(
        session.scalars(
            _with_documents(
                select(ProcedureVersion).where(ProcedureVersion.code == code).order_by(ProcedureVersion.version)
            )
        ).unique()
    )


def version_counts(session: Session) -> dict[str, int]:
    """How many versions each code has."""
    rows = session.execute(select(ProcedureVersion.code, func.count()).group_by(ProcedureVersion.code))
    return {row[0]: row[1] for row in rows}


def dossier_counts(session: Session, version_ids: Iterable[int]) -> dict[int, int]:
    ids = list(version_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Dossier.procedure_id, func.count()).where(Dossier.procedure_id.in_(ids)).group_by(Dossier.procedure_id)
    )
    return {row[0]: row[1] for row in rows}


def to_version_row(row: ProcedureVersion, dossiers: int = 0) -> VersionRow:
    return VersionRow(procedure_to_domain(row), row.version, bool(row.retired), dossiers)


def add_version(session: Session, procedure: Procedure, default_first_day: date) -> ProcedureVersion:
    """Store `procedure` as the next version of its code, closing the versions in force.

    A first version is stored as given. A later one starts on its effective_from, or `default_first_day` when it
    has none; versions still open on that day end the day before, and a version that would not keep a single
    day of its own (it starts on or after that day) is retired instead.
    """
    versions = versions_of(session, procedure.code)
    if not versions:
        return add_procedure_version(session, procedure, version=1)
    number = max(v.version for v in versions) + 1
    if procedure.effective_from is None:
        procedure = dataclasses.replace(procedure, effective_from=default_first_day)
    start = procedure.effective_from
    assert start is not None
    for older in versions:
        if older.retired:
            continue
        if older.effective_from is not None and older.effective_from >= start:
            older.retired = True
        elif older.effective_to is None or older.effective_to >= start:
            older.effective_to = start - timedelta(days=1)
    return add_procedure_version(session, procedure, version=number)


def retire_code(session: Session, code: str) -> int:
    """Retire every version of `code` still in use; returns how many were retired."""
    rows = session.scalars(
        select(ProcedureVersion).where(ProcedureVersion.code == code, ProcedureVersion.retired.is_(False))
    ).all()
    for row in rows:
        row.retired = True
    return len(rows)


def restore_latest(session: Session, code: str) -> ProcedureVersion | None:
    """Bring the newest version of a retired code back into use."""
    rows = versions_of(session, code)
    if not rows:
        return None
    latest = rows[-1]
    latest.retired = False
    return latest
