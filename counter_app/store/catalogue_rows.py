"""Procedures and fields as the store holds them: rows to domain objects, the versions in force."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.catalogue import (
    CopyKind,
    DocumentRequirement,
    DurationUnit,
    FieldOfWork,
    Procedure,
    ProcessingTime,
    StartTrigger,
)
from counter_app.domain.fees import FeeSchedule
from counter_app.store.models import Field, ProcedureDocument, ProcedureVersion


def procedure_to_domain(row: ProcedureVersion) -> Procedure:
    return Procedure(
        code=row.code,
        name=row.name,
        field_code=row.field_code,
        field_name=row.field.name if row.field else "",
        processing_time=ProcessingTime(
            duration=row.duration,
            unit=DurationUnit(row.unit),
            trigger=StartTrigger(row.trigger),
            cutoff=row.cutoff,
        ),
        documents=tuple(
            DocumentRequirement(d.name, CopyKind(d.copy_kind), d.quantity, d.mandatory) for d in row.documents
        ),
        level=row.level,
        fee=row.fee,
        online_level=row.online_level,
        legal_basis=row.legal_basis,
        result_place=row.result_place,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        version_id=row.id,
        fees=FeeSchedule.from_json(row.fees),
        deciding_agency=row.deciding_agency or "",
    )


def count_procedures(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ProcedureVersion)) or 0


def upsert_field(session: Session, field: FieldOfWork) -> None:
    session.merge(Field(code=field.code, name=field.name))


def add_procedure_version(session: Session, procedure: Procedure, version: int = 1) -> ProcedureVersion:
    row = ProcedureVersion(
        code=procedure.code,
        version=version,
        name=procedure.name,
        field_code=procedure.field_code,
        level=procedure.level,
        duration=procedure.processing_time.duration,
        unit=procedure.processing_time.unit.value,
        trigger=procedure.processing_time.trigger.value,
        cutoff=procedure.processing_time.cutoff,
        fee=procedure.fee,
        online_level=procedure.online_level,
        legal_basis=procedure.legal_basis,
        result_place=procedure.result_place,
        deciding_agency=procedure.deciding_agency,
        effective_from=procedure.effective_from,
        effective_to=procedure.effective_to,
        fees=procedure.fees.to_json() if procedure.fees else None,
        retired=False,
        documents=[
            ProcedureDocument(
                position=i, name=d.name, copy_kind=d.copy_kind.value, quantity=d.quantity, mandatory=d.mandatory
            )
            for i, d in enumerate(procedure.documents, start=1)
        ],
    )
    session.add(row)
    session.flush()
    return row


def _current_versions_query():
    return (
        select(ProcedureVersion)
        .where(ProcedureVersion.retired.is_(False))
        .options(selectinload(ProcedureVersion.documents))
        .order_by(ProcedureVersion.field_code, ProcedureVersion.name)
    )


def list_current_procedures(session: Session, on: date | None = None) -> list[Procedure]:
    procedures = [procedure_to_domain(r) for r in session.scalars(_current_versions_query()).unique()]
    if on is not None:
        procedures = [p for p in procedures if p.is_effective_on(on)]
    return procedures


def find_current_procedure(session: Session, code: str, on: date) -> Procedure | None:
    """The version of a procedure effective on `on` (the newest when several are)."""
    rows = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.code == code, ProcedureVersion.retired.is_(False))
        .options(selectinload(ProcedureVersion.documents))
        .order_by(ProcedureVersion.version.desc())
    ).unique()
    for row in rows:
        procedure = procedure_to_domain(row)
        if procedure.is_effective_on(on):
            return procedure
    return None


def list_fields(session: Session) -> list[FieldOfWork]:
    return [FieldOfWork(f.code, f.name) for f in session.scalars(select(Field).order_by(Field.name))]
