"""Reading dossiers for the counter: today's list, look-up by code, and printing their slips."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import DurationUnit, Procedure, ProcessingTime
from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.due_dates import Pause
from counter_app.domain.event_kinds import EVENT_LABELS
from counter_app.domain.events import CHANNEL_LABELS, Channel, DossierEvent, EventKind
from counter_app.domain.files import ROLE_LABELS as FILE_ROLE_LABELS
from counter_app.domain.files import FileRole
from counter_app.domain.identity import id_label
from counter_app.domain.lifecycle import allowed_kinds, describe_event
from counter_app.domain.personal import mask_birth_date
from counter_app.domain.representation import Representative, applicant_kind
from counter_app.domain.validation import mask_id_number, mask_phone
from counter_app.printing.data import ReceiptData, ReceivedDocument
from counter_app.services.intake import IntakeResult, copy_kind_label
from counter_app.services.settings import SettingsService
from counter_app.services.slip_signing import SlipSigner
from counter_app.store import repository
from counter_app.store.db import Database
from counter_app.store.models import Dossier

log = logging.getLogger(__name__)


class DossierNotFound(LookupError):
    def __init__(self, code: str):
        super().__init__(f"Không tìm thấy hồ sơ mã {code}.")
        self.code = code


@dataclass(frozen=True)
class DossierSummary:
    """A row of a list: personal data masked."""

    code: str
    applicant_name: str
    id_number_masked: str
    phone_masked: str
    procedure_code: str
    procedure_name: str
    channel_label: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class AttachedFile:
    """A file attached to a dossier, as its file_attached event says."""

    sha256: str
    size: int
    media_type: str
    filename: str
    role: str  # component | result (domain.files.FileRole)
    document: str | None
    attached_at: datetime
    officer: str
    station_id: str

    @classmethod
    def of(cls, event: DossierEvent) -> AttachedFile:
        p = event.payload
        return cls(
            p["sha256"],
            p["size"],
            p["media_type"],
            p.get("filename") or "",
            p["role"],
            p.get("document"),
            event.occurred_at,
            event.officer,
            event.station_id,
        )

    @property
    def role_label(self) -> str:
        return FILE_ROLE_LABELS.get(FileRole(self.role), self.role)

    def to_json(self) -> dict:
        return {
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "filename": self.filename,
            "role": self.role,
            "document": self.document,
            "attached_at": self.attached_at.isoformat(),
            "officer": self.officer,
        }


@dataclass(frozen=True)
class DossierDetail:
    id: str
    code: str
    status: str
    status_label: str
    applicant_name: str
    organization: str | None
    id_number: str | None
    phone: str | None
    email: str | None
    address: str | None
    procedure_code: str
    procedure_name: str
    field_code: str
    channel: str
    copies: int
    documents: tuple[dict, ...]
    received_at: datetime
    due_at: datetime
    original_due_at: datetime
    officer: str
    counter_number: int
    print_count: int
    timeline: tuple[DossierEvent, ...]
    # Lifecycle projection (defaults keep older constructors working).
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    paused_since: datetime | None = None
    pauses: tuple[Pause, ...] = ()
    location: str | None = None
    outcome: str | None = None
    supplement_rounds: int = 0
    extension_count: int = 0
    late: bool = False
    returned_late: bool = False
    result_delivery: str = "counter"
    id_type: str | None = None  # cccd | cmnd | passport | other
    id_country: str | None = None  # issuing country of a passport or other paper
    tax_code: str | None = None  # the organisation's MST
    birth_date: date | None = None  # migration 0014: from the CCCD card or typed
    sex: str | None = None  # Nam | Nữ
    id_issued_on: date | None = None  # the identity paper's issue date
    scans: int = 0  # migration 0015: scans of its papers attached (> 0: digitised)
    e_result: bool = False  # the result's file is attached

    @property
    def files(self) -> tuple[AttachedFile, ...]:
        """The files attached to the dossier, in the order they were attached (from its file_attached events)."""
        return tuple(AttachedFile.of(e) for e in self.timeline if e.kind == EventKind.FILE_ATTACHED)

    # Issue 13 items 2-3 (domain.representation; migration 0020).
    applicant_kind: str = "individual"  # individual | organization
    representative: Representative | None = None  # filing for the applicant (from the intake payload)
    deciding_agency: str | None = None
    file_location: str | None = None  # "Vị trí lưu hồ sơ": shelf/box of the paper file
    file_stored_by: str | None = None
    file_stored_at: datetime | None = None

    @property
    def paused(self) -> bool:
        """The clock is stopped now (waiting for the applicant's supplements)."""
        return self.paused_since is not None

    @property
    def allowed_kinds(self) -> tuple[EventKind, ...]:
        """Events that may be recorded now, per the lifecycle table (slip printing included)."""
        return allowed_kinds(DossierStatus(self.status))

    def to_json(self) -> dict:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "id": self.id,
            "code": self.code,
            "status": self.status,
            "status_label": self.status_label,
            "applicant_name": self.applicant_name,
            "id_type": self.id_type,
            "id_number_masked": mask_id_number(self.id_number),
            "id_country": self.id_country,
            "id_issued_on": self.id_issued_on.isoformat() if self.id_issued_on else None,
            "birth_date_masked": mask_birth_date(self.birth_date),
            "sex": self.sex,
            "organization": self.organization,
            "tax_code": self.tax_code,
            "applicant_kind": self.applicant_kind,
            "representative": (
                {
                    "name": self.representative.name,
                    "id_number_masked": mask_id_number(self.representative.id_number),
                    "relationship": self.representative.relationship or None,
                    "authorisation": self.representative.authorisation or None,
                }
                if self.representative
                else None
            ),
            "deciding_agency": self.deciding_agency,
            "file_location": self.file_location,
            "file_stored_by": self.file_stored_by,
            "file_stored_at": iso(self.file_stored_at),
            "procedure_code": self.procedure_code,
            "procedure_name": self.procedure_name,
            "field": self.field_code,
            "channel": self.channel,
            "received_at": self.received_at.isoformat(),
            "due": self.due_at.isoformat(),
            "original_due": self.original_due_at.isoformat(),
            "paused": self.paused,
            "paused_since": iso(self.paused_since),
            "pauses": [{"start": iso(p.start), "end": iso(p.end), "reason": p.reason} for p in self.pauses],
            "location": self.location,
            "outcome": self.outcome,
            "resolved_at": iso(self.resolved_at),
            "returned_at": iso(self.returned_at),
            "late": self.late,
            "returned_late": self.returned_late,
            "supplement_rounds": self.supplement_rounds,
            "extension_count": self.extension_count,
            "scans": self.scans,
            "e_result": self.e_result,
            "files": [f.to_json() for f in self.files],
            "allowed_events": [k.value for k in self.allowed_kinds],
            "timeline": [
                {
                    "kind": e.kind.value,
                    "label": EVENT_LABELS[e.kind],
                    "at": e.occurred_at.isoformat(),
                    "officer": e.officer,
                    "station": e.station_id,
                    "summary": describe_event(e),
                    "details": timeline_details(e),
                }
                for e in self.timeline
            ],
        }


# What a timeline shows of the intake payload: the applicant's personal data stays out of it.
_RECEIVED_PUBLIC_KEYS = (
    "code",
    "procedure_code",
    "procedure_name",
    "channel",
    "copies",
    "duration",
    "unit",
    "due_at",
    "counter_number",
    "applicant_kind",
    "deciding_agency",
)


def timeline_details(event: DossierEvent) -> dict:
    """The event's details for a timeline or JSON output (personal numbers masked)."""
    payload = dict(event.payload or {})
    if event.kind == EventKind.RECEIVED:
        return {k: payload[k] for k in _RECEIVED_PUBLIC_KEYS if k in payload}
    for key in ("receiver_id",):
        if payload.get(key):
            payload[key] = mask_id_number(payload[key])
    return payload


def slip_print_count(timeline: tuple[DossierEvent, ...] | list[DossierEvent], form: str) -> int:
    """How many times slip ``form`` of the dossier was printed (slip_printed events naming that form):
    the reprint decision is per form, so printing a control sheet does not make the receipt a reprint."""
    return sum(1 for e in timeline if e.kind == EventKind.SLIP_PRINTED and (e.payload or {}).get("form") == form)


def _summary(row: Dossier, procedure_name: str) -> DossierSummary:
    return DossierSummary(
        code=row.code,
        applicant_name=row.applicant_name,
        id_number_masked=mask_id_number(row.id_number),
        phone_masked=mask_phone(row.phone),
        procedure_code=row.procedure_code,
        procedure_name=procedure_name,
        channel_label=CHANNEL_LABELS[Channel(row.channel)],
        status=row.status,
        status_label=STATUS_LABELS[DossierStatus(row.status)],
        received_at=row.received_at,
        due_at=row.due_at,
    )


class DossierService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        clock: Callable[[], datetime] | None = None,
        *,
        signer: SlipSigner | None = None,
    ):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        # Signs the QR on the receipt and the return slip (services/slip_signing.py); None: slips without the QR.
        self.signer = signer

    def slip_qr(self, code: str, appointment: datetime) -> str:
        """The signed QR text for a slip of `code` promising `appointment`; "" without a signer, or when the key
        cannot be read or made (the slip is printed without the QR rather than not at all; the log says why)."""
        if self.signer is None:
            return ""
        try:
            return self.signer.qr_text(code, appointment)
        except OSError as exc:
            log.warning("slip QR left off: the signing key could not be used (%s)", type(exc).__name__)
            return ""

    def received_on(self, day: date | None = None, limit: int = 500) -> list[DossierSummary]:
        day = day or self._clock().date()
        with self._db.read() as session:
            rows = repository.dossiers_received_on(session, day, limit)
            names = repository.procedure_names(session, {r.procedure_id for r in rows})
            return [_summary(r, names.get(r.procedure_id, "")) for r in rows]

    def detail(self, code: str) -> DossierDetail:
        code = code.strip().upper()
        with self._db.read() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            events = repository.dossier_events(session, row.id)
            name = repository.procedure_names(session, {row.procedure_id}).get(row.procedure_id, "")
            return self._detail_of(row, events, name)

    @staticmethod
    def _detail_of(row: Dossier, events: Sequence[DossierEvent], name: str) -> DossierDetail:
        """The detail from a projection row as committed and its events (read, or just written by the intake)."""
        received = next((e.payload or {} for e in events if e.kind == EventKind.RECEIVED), {})
        return DossierDetail(
            id=row.id,
            code=row.code,
            status=row.status,
            status_label=STATUS_LABELS[DossierStatus(row.status)],
            applicant_name=row.applicant_name,
            organization=row.organization,
            id_number=row.id_number,
            phone=row.phone,
            email=row.email,
            address=row.address,
            procedure_code=row.procedure_code,
            procedure_name=name,
            field_code=row.field_code,
            channel=row.channel,
            copies=row.copies,
            documents=tuple(row.documents or ()),
            received_at=row.received_at,
            due_at=row.due_at,
            original_due_at=row.original_due_at,
            officer=row.officer,
            counter_number=row.counter_number,
            print_count=row.print_count,
            timeline=tuple(events),
            resolved_at=row.resolved_at,
            returned_at=row.returned_at,
            paused_since=row.paused_since,
            pauses=repository.pauses_from_json(row.pauses),
            location=row.location,
            outcome=row.outcome,
            supplement_rounds=row.supplement_rounds or 0,
            extension_count=row.extension_count or 0,
            late=bool(row.late),
            returned_late=bool(row.returned_late),
            result_delivery=row.result_delivery,
            id_type=row.id_type,
            id_country=row.id_country,
            tax_code=row.tax_code,
            birth_date=row.birth_date,
            sex=row.sex,
            id_issued_on=row.id_issued_on,
            scans=row.scans or 0,
            e_result=bool(row.e_result),
            applicant_kind=str(
                received.get("applicant_kind") or applicant_kind(None, row.organization, row.tax_code, [])
            ),
            representative=Representative.from_payload(received),
            deciding_agency=row.deciding_agency,
            file_location=row.file_location,
            file_stored_by=row.file_stored_by,
            file_stored_at=row.file_stored_at,
        )

    # --- printing: always from the committed record -------------------------------------------------

    def receipt_data(self, code: str, *, intake: IntakeResult | None = None) -> ReceiptData:
        """`intake`: the result of the intake that just committed `code`; its receipt is then made from the record
        as committed, without reading it back (the same fields, through the same detail)."""
        detail = self._just_received(code, intake) or self.detail(code)
        station = self._settings.station()
        received = next(e for e in detail.timeline if e.kind == EventKind.RECEIVED)
        p = received.payload
        duration = p.get("duration")
        # The version the dossier was received under (decision 6), not whatever is in force today.
        procedure = self._procedure_version(p["procedure_version_id"])
        return ReceiptData(
            agency=station.agency,
            dossier_code=detail.code,
            applicant_name=detail.applicant_name,
            procedure_name=detail.procedure_name,
            procedure_code=detail.procedure_code,
            received_at=detail.received_at,
            due_at=detail.due_at,
            processing_time_text=(
                ProcessingTime(duration, DurationUnit(p.get("unit", "working_days"))).describe()
                if duration is not None
                else ""
            ),
            documents=tuple(
                ReceivedDocument(d["name"], copy_kind_label(d.get("copy_kind", "original")), d.get("quantity", 1))
                for d in detail.documents
            ),
            copies=detail.copies,
            organization=detail.organization,
            address=detail.address,
            phone=detail.phone,
            email=detail.email,
            id_number=detail.id_number,
            id_label=id_label(detail.id_type, detail.id_number),
            id_country=detail.id_country,
            tax_code=detail.tax_code,
            representative_name=detail.representative.name if detail.representative else None,
            representative_id=detail.representative.id_number if detail.representative else None,
            representative_role="; ".join(
                x for x in (detail.representative.relationship, detail.representative.authorisation) if x
            )
            if detail.representative
            else "",
            deciding_agency=detail.deciding_agency,
            fee=procedure.fee if procedure else "",
            result_place=(procedure.result_place if procedure else "") or station.agency.unit_name,
            officer_name=detail.officer,
            counter_number=detail.counter_number,
            register_number=detail.code.rsplit("-", 1)[-1],
            reprint=slip_print_count(detail.timeline, "receipt") > 0,
            slip_qr=self.slip_qr(detail.code, detail.due_at),
            status_check=str(p.get("check") or ""),
        )

    def _procedure_version(self, version_id: int) -> Procedure | None:
        def load() -> Procedure | None:
            with self._db.read() as session:
                return repository.procedure_version(session, version_id)

        return self._db.cached(("procedure.version", version_id), load)

    def _just_received(self, code: str, intake: IntakeResult | None) -> DossierDetail | None:
        if intake is None or intake.code != code.strip().upper() or intake.committed_row is None:
            return None
        return self._detail_of(intake.committed_row, intake.committed_events, intake.procedure_name)

    def receipt_pdf(self, code: str, paper: str | None = None, *, intake: IntakeResult | None = None) -> bytes:
        return self.receipt_renderer(code, paper, intake=intake)()

    def receipt_renderer(
        self, code: str, paper: str | None = None, *, intake: IntakeResult | None = None
    ) -> Callable[[], bytes]:
        """The receipt's data read now (from `intake`'s committed record when given), its rendering to PDF left to
        the call of what is returned (intake.DuringCommit runs it while the intake's COMMIT waits for the disk)."""
        from functools import partial

        from counter_app.printing.receipt import render_receipt

        data = self.receipt_data(code, intake=intake)
        return partial(render_receipt, data, paper or self._settings.station().paper)

    def record_printed(
        self, code: str, form: str = "receipt", copies: int = 1, source: str | None = None
    ) -> DossierEvent:
        """Printing is a fact of its own (decision 4): who printed which paper when. `source`: the event the paper
        was printed from (domain.printed; None: the latest one of its kind). The next print of the same paper says
        it is a reprint, on paper and in the event."""
        from counter_app.domain.printed import paper_source, prints_of

        station = self._settings.station()
        now = self._clock()
        with self._db.write() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            events = repository.dossier_events(session, row.id)
            printed_from = paper_source(events, form, source)
            payload: dict = {
                "form": form,
                "copies": copies,
                "reprint": prints_of(events, form, printed_from.id if printed_from else None) > 0,
            }
            if printed_from is not None:
                payload["source"] = printed_from.id
            event = DossierEvent(
                id=str(uuid.uuid4()),
                dossier_id=row.id,
                station_id=station.station_id,
                station_seq=repository.next_station_seq(session, station.station_id),
                kind=EventKind.SLIP_PRINTED,
                officer=station.officer_name,
                officer_id=station.officer_id,
                occurred_at=max(now, row.last_event_at),
                payload=payload,
            )
            repository.append_event(session, event, recorded_at=now)
        log.info("printed %s of %s (%d copies%s)", form, code, copies, ", reprint" if event.payload["reprint"] else "")
        return event
