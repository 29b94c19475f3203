"""Form 02 for a walk-in: the citizen came with mandatory papers missing, so no dossier is received; the officer
hands over a phiếu hướng dẫn hoàn thiện hồ sơ (form 02) naming the procedure, the applicant and what is missing.

``GuidanceService.issue(request)`` checks the request (the procedure in force, the applicant's name, the missing
papers as checklist numbers or names), writes one `guidance_slips` row in one transaction and returns it; the slip
is rendered from that committed row (``pdf``), and ``record_printed`` counts the print after it succeeded (the next
print says "BẢN IN LẠI"). ``count`` gives the supervisor's "hướng dẫn" figure for a period.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import DocumentRequirement, Procedure
from counter_app.domain.roles import Action
from counter_app.domain.text import fold_for_search, normalize_text
from counter_app.domain.validation import FieldError, ValidationError, clean_name, clean_optional_text, clean_phone
from counter_app.printing.data import AgencyInfo, MissingDocumentLine, SlipDossier, SupplementSlipData
from counter_app.printing.form_texts import FORMS_FILE, load_form_texts
from counter_app.services.settings import SettingsService
from counter_app.store import guidance as store
from counter_app.store import repository
from counter_app.store.db import Database
from counter_app.store.models import GuidanceSlip

MAX_REASON = 500


class GuidanceNotFound(LookupError):
    pass


@dataclass(frozen=True)
class GuidanceRequest:
    procedure_code: str
    applicant_name: str
    missing: tuple[str, ...]  # checklist numbers ("2") or document names, as the officer gives them
    phone: str | None = None
    address: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class GuidanceRecord:
    id: str
    issued_at: datetime
    procedure_code: str
    procedure_name: str
    applicant_name: str
    missing: tuple[MissingDocumentLine, ...]
    officer: str
    print_count: int = 0


def _record(row: GuidanceSlip) -> GuidanceRecord:
    return GuidanceRecord(
        id=row.id,
        issued_at=row.issued_at,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        applicant_name=row.applicant_name,
        missing=tuple(MissingDocumentLine(d["name"], d.get("copy_kind"), d.get("quantity")) for d in row.missing),
        officer=row.officer,
        print_count=row.print_count or 0,
    )


def resolve_missing(
    procedure: Procedure, given: tuple[str, ...], errors: list[FieldError]
) -> list[DocumentRequirement]:
    """The checklist entries the officer named: a number (1-based, as the checklist shows them) or a name
    (diacritics and case ignored). Unknown entries are refused, naming them."""
    documents = list(procedure.documents)
    by_name = {fold_for_search(d.name): d for d in documents}
    found: list[DocumentRequirement] = []
    for item in given:
        text = normalize_text(item)
        if not text:
            continue
        doc = None
        if text.isdigit() and 1 <= int(text) <= len(documents):
            doc = documents[int(text) - 1]
        else:
            doc = by_name.get(fold_for_search(text))
        if doc is None:
            errors.append(
                FieldError(
                    "documents",
                    f"không có giấy tờ '{text}' trong thành phần hồ sơ của thủ tục (số thứ tự từ 1 đến {len(documents)}).",
                )
            )
        elif doc not in found:
            found.append(doc)
    if not found and not errors:
        errors.append(FieldError("documents", "chưa nêu giấy tờ nào còn thiếu."))
    return found


class GuidanceService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        clock: Callable[[], datetime] | None = None,
        *,
        office_forms_file: Path | None = None,
    ):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._office_forms_file = (
            office_forms_file if office_forms_file is not None else Path(db.path).parent / FORMS_FILE
        )

    def issue(self, request: GuidanceRequest) -> GuidanceRecord:
        self._settings.access.require(Action.PRINT)
        errors: list[FieldError] = []
        name = clean_name(request.applicant_name, errors)
        phone = clean_phone(request.phone, errors)
        address = clean_optional_text("address", request.address, errors)
        reason = normalize_text(request.reason) or "Hồ sơ chưa đủ thành phần theo quy định."
        if len(reason) > MAX_REASON:
            errors.append(FieldError("note", f"lý do dài quá {MAX_REASON} ký tự (hiện có {len(reason)})."))
        now = self._clock().astimezone(OFFICE_TZ).replace(microsecond=0)
        code_text = normalize_text(request.procedure_code)
        procedure: Procedure | None = None
        if not code_text:
            errors.append(FieldError("procedure_code", "chưa chọn thủ tục."))
        else:
            with self._db.read() as session:
                procedure = repository.find_current_procedure(session, code_text, now.date())
            if procedure is None:
                errors.append(
                    FieldError("procedure_code", f"không có thủ tục mã '{code_text}' còn hiệu lực ngày {now:%d/%m/%Y}.")
                )
        missing = resolve_missing(procedure, tuple(request.missing), errors) if procedure else []
        if errors:
            raise ValidationError(errors)
        assert procedure is not None
        station = self._settings.station()
        row = GuidanceSlip(
            id=str(uuid.uuid4()),
            issued_at=now,
            station_id=station.station_id,
            officer=station.officer_name,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            field_code=procedure.field_code,
            applicant_name=name,
            phone=phone,
            address=address,
            missing=[{"name": d.name, "copy_kind": d.copy_kind.value, "quantity": d.quantity} for d in missing],
            reason=reason,
            print_count=0,
        )
        with self._db.write() as session:
            store.add(session, row)
            self._settings.access.audit(session, "guidance", target=procedure.code, detail={"guidance_id": row.id})
            return _record(row)

    def get(self, guidance_id: str) -> GuidanceRecord:
        with self._db.read() as session:
            row = store.get(session, guidance_id)
            if row is None:
                raise GuidanceNotFound(f"Không có phiếu hướng dẫn {guidance_id}.")
            return _record(row)

    def _agency(self) -> AgencyInfo:
        station = self._settings.station()
        return replace(
            station.agency,
            unit_label=normalize_text(self._settings.get("agency.unit_name")),
            name_label=normalize_text(self._settings.get("agency.name")),
        )

    def slip_data(self, guidance_id: str) -> SupplementSlipData:
        with self._db.read() as session:
            row = store.get(session, guidance_id)
            if row is None:
                raise GuidanceNotFound(f"Không có phiếu hướng dẫn {guidance_id}.")
            reprints = row.print_count or 0
            agency = self._agency()
            dossier = SlipDossier(
                code="",
                applicant_name=row.applicant_name,
                procedure_name=row.procedure_name,
                received_at=row.issued_at,
                due_at=row.issued_at,
                procedure_code=row.procedure_code,
                address=row.address,
                phone=row.phone,
            )
            return SupplementSlipData(
                agency=agency,
                dossier=dossier,
                issued_at=row.issued_at,
                documents=tuple(
                    MissingDocumentLine(d["name"], d.get("copy_kind"), d.get("quantity")) for d in row.missing
                ),
                reason=row.reason,
                officer_name=row.officer,
                officer_phone=agency.phone,
                reprint=reprints > 0,
                reprint_note=f"Lần in thứ {reprints + 1}" if reprints else "",
            )

    def pdf(self, guidance_id: str, paper: str | None = None) -> bytes:
        """Form 02 of a committed guidance row, as PDF bytes (runs on the rendering worker)."""
        from counter_app.printing.slips import render_slip

        texts = load_form_texts(None, self._office_forms_file)
        return render_slip(self.slip_data(guidance_id), paper, texts)

    def record_printed(self, guidance_id: str) -> int:
        with self._db.write() as session:
            count = store.mark_printed(session, guidance_id)
            self._settings.access.audit(
                session, "print", target="guidance", detail={"form": "guidance", "guidance_id": guidance_id}
            )
            return count

    def count(self, first: date, last: date, field_code: str | None = None) -> int:
        """Form 02 handed to walk-ins from ``first`` to ``last`` (inclusive): the "hướng dẫn" figure."""
        start = datetime.combine(first, time(), OFFICE_TZ)
        end = datetime.combine(last + timedelta(days=1), time(), OFFICE_TZ)
        with self._db.read() as session:
            return store.count(session, start, end, field_code)
