"""The fee entries as the store holds them: dossier events of the fee kinds (migration 0019's partial index).

A fee entry is an event (append-only by the triggers of migration 0012, synced like every event), so there is no
table of its own to update or delete. Read here: the last receipt number a counter issued in a series (the next
one is taken in the same transaction as the event that uses it), and the entries of a period for the register.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Integer, func, select, text
from sqlalchemy.orm import Session

from counter_app.domain.events import EventKind
from counter_app.domain.fees import EntryKind, FeeEntry
from counter_app.domain.merge import utc_key
from counter_app.store.models import Dossier, DossierEventRow, ProcedureVersion

# Exactly the partial index's condition (migration 0019): SQLite uses that index only for a query that says it.
FEE_KINDS_SQL = "dossier_events.kind IN ('fee_collected','fee_refunded','fee_cancelled')"
ENTRY_KINDS = {
    EventKind.FEE_COLLECTED.value: EntryKind.COLLECTED,
    EventKind.FEE_REFUNDED.value: EntryKind.REFUNDED,
    EventKind.FEE_CANCELLED.value: EntryKind.CANCELLED,
}


def last_receipt_number(session: Session, series: str, first: int, last: int) -> int | None:
    """The highest number from `first` to `last` (a counter's block) issued in `series`, from any station's
    events this store holds (its own, and those synced from others)."""
    number = func.json_extract(DossierEventRow.payload, "$.receipt_number")
    return session.scalar(
        select(func.max(number.cast(Integer))).where(
            text(FEE_KINDS_SQL),
            DossierEventRow.kind == EventKind.FEE_COLLECTED.value,
            func.json_extract(DossierEventRow.payload, "$.receipt_series") == series,
            number.between(first, last),
        )
    )


def fee_entries(session: Session, start: datetime, end: datetime) -> list[FeeEntry]:
    """Every fee entry that happened from `start` (included) to `end` (excluded), in time order."""
    rows = session.execute(
        select(DossierEventRow, Dossier.code, ProcedureVersion.code, ProcedureVersion.name)
        .join(Dossier, Dossier.id == DossierEventRow.dossier_id)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_id)
        .where(
            text(FEE_KINDS_SQL),
            DossierEventRow.occurred_utc >= utc_key(start),
            DossierEventRow.occurred_utc < utc_key(end),
        )
        .order_by(DossierEventRow.occurred_utc, DossierEventRow.station_id, DossierEventRow.station_seq)
    )
    entries = []
    for event, code, procedure_code, procedure_name in rows:
        p = event.payload or {}
        entries.append(
            FeeEntry(
                kind=ENTRY_KINDS[event.kind],
                at=event.occurred_at,
                code=code,
                procedure_code=p.get("procedure_code") or procedure_code,
                procedure_name=procedure_name,
                series=p.get("receipt_series") or "",
                number=int(p.get("receipt_number") or 0),
                amount=int(p.get("amount") or 0),
                method=p.get("method") or "",
                payer=p.get("payer") or "",
                officer=event.officer,
                reason=p.get("reason") or "",
                event_id=event.id,
            )
        )
    return _with_collection_facts(entries)


def _with_collection_facts(entries: list[FeeEntry]) -> list[FeeEntry]:
    """A refund or cancellation names its receipt; its payer is the receipt's (when in the same period)."""
    payers = {(e.series, e.number): e.payer for e in entries if e.kind == EntryKind.COLLECTED}
    return [e if e.payer else replace(e, payer=payers.get((e.series, e.number), "")) for e in entries]
