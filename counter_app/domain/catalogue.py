"""The procedure catalogue as plain data: fields (lĩnh vực), procedures (TTHC), their required documents and fees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from counter_app.domain.fees import FeeSchedule
from counter_app.domain.text import fold_for_search


class DurationUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


UNIT_LABELS = {
    DurationUnit.WORKING_DAYS: "ngày làm việc",
    DurationUnit.WORKING_HOURS: "giờ làm việc",
    DurationUnit.CALENDAR_DAYS: "ngày",
}


class StartTrigger(StrEnum):
    COMPLETE_DOSSIER = "complete_dossier"  # kể từ ngày nhận đủ hồ sơ hợp lệ
    FEE_PAID = "fee_paid"  # kể từ ngày nhận đủ hồ sơ hợp lệ và phí, lệ phí


class CopyKind(StrEnum):
    ORIGINAL = "original"  # bản chính
    CERTIFIED_COPY = "certified_copy"  # bản sao chứng thực
    PHOTOCOPY = "photocopy"  # bản photo / bản sao
    ORIGINAL_OR_COPY = "original_or_copy"  # bản chính hoặc bản sao chứng thực


COPY_KIND_LABELS = {
    CopyKind.ORIGINAL: "Bản chính",
    CopyKind.CERTIFIED_COPY: "Bản sao chứng thực",
    CopyKind.PHOTOCOPY: "Bản photo",
    CopyKind.ORIGINAL_OR_COPY: "Bản chính hoặc bản sao chứng thực",
}


@dataclass(frozen=True)
class ProcessingTime:
    duration: int
    unit: DurationUnit = DurationUnit.WORKING_DAYS
    trigger: StartTrigger = StartTrigger.COMPLETE_DOSSIER
    # Receipt after this time starts the clock at the next working session (same-day procedures: 15:00).
    cutoff: time | None = None

    def describe(self) -> str:
        if self.duration == 0 and self.unit != DurationUnit.WORKING_HOURS:
            cutoff = f" (nhận sau {self.cutoff:%H:%M} trả ngày làm việc tiếp theo)" if self.cutoff else ""
            return f"trong ngày{cutoff}"
        return f"{self.duration:02d} {UNIT_LABELS[self.unit]}"


@dataclass(frozen=True)
class DocumentRequirement:
    name: str
    copy_kind: CopyKind = CopyKind.ORIGINAL
    quantity: int = 1
    mandatory: bool = True


@dataclass(frozen=True)
class FieldOfWork:
    code: str
    name: str


@dataclass(frozen=True)
class Procedure:
    code: str  # national procedure code (mã TTHC), e.g. 1.004563.000.00.00.H61
    name: str
    field_code: str
    processing_time: ProcessingTime
    documents: tuple[DocumentRequirement, ...] = ()
    field_name: str = ""
    level: str = "provincial"
    fee: str = ""
    online_level: str = "một phần"  # "toàn trình" | "một phần"
    legal_basis: str = ""
    result_place: str = "Bộ phận Một cửa"
    effective_from: date | None = None
    effective_to: date | None = None
    version_id: int | None = None  # the stored version a dossier is received under
    fees: FeeSchedule = FeeSchedule()  # phí, lệ phí as data (domain/fees.py); `fee` stays the published wording
    extra: dict = field(default_factory=dict, compare=False)
    # The agency that decides its dossiers (migration 0020; Decree 118/2025: not always the receiving unit's).
    deciding_agency: str = ""

    @property
    def search_key(self) -> str:
        return fold_for_search(f"{self.code} {self.name} {self.field_name}")

    def is_effective_on(self, day: date) -> bool:
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_to and day > self.effective_to)


def matches_query(procedure: Procedure, query: str) -> bool:
    """Type-ahead: every word of the query (folded) appears in the procedure's folded code/name/field."""
    words = fold_for_search(query).split()
    key = procedure.search_key
    return all(word in key for word in words)


def procedure_from_dict(item: dict, field_names: dict[str, str] | None = None) -> Procedure:
    """Build a Procedure from its JSON form (resources/catalogue/*.json); raises KeyError/ValueError."""
    cutoff = item.get("cutoff")
    return Procedure(
        code=item["code"].strip(),
        name=item["name"],
        field_code=item["field_code"],
        field_name=(field_names or {}).get(item["field_code"], ""),
        processing_time=ProcessingTime(
            duration=int(item["duration"]),
            unit=DurationUnit(item.get("unit", "working_days")),
            trigger=StartTrigger(item.get("trigger", "complete_dossier")),
            cutoff=time.fromisoformat(cutoff) if cutoff else None,
        ),
        documents=tuple(
            DocumentRequirement(
                name=d["name"],
                copy_kind=CopyKind(d.get("copy_kind", "original")),
                quantity=int(d.get("quantity", 1)),
                mandatory=bool(d.get("mandatory", True)),
            )
            for d in item.get("documents", ())
        ),
        level=item.get("level", "provincial"),
        fee=item.get("fee", ""),
        online_level=item.get("online_level", "một phần"),
        legal_basis=item.get("legal_basis", ""),
        result_place=item.get("result_place", "Bộ phận Một cửa"),
        deciding_agency=item.get("deciding_agency") or "",
        effective_from=date.fromisoformat(item["effective_from"]) if item.get("effective_from") else None,
        effective_to=date.fromisoformat(item["effective_to"]) if item.get("effective_to") else None,
        fees=FeeSchedule.from_json(item.get("fees")),
    )
