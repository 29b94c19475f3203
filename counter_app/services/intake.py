"""Intake: validate what the officer typed, allocate the dossier code, compute the appointment, commit.

Nothing is written unless everything is valid; the receipt is made from the record as committed (ARCHITECTURE
decision 4): rendered while the COMMIT waits for the disk (DuringCommit), handed out only once it succeeded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from counter_app.domain import status_check
from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar, as_office_time
from counter_app.domain.catalogue import COPY_KIND_LABELS, CopyKind, Procedure
from counter_app.domain.codes import DossierCode, next_sequence
from counter_app.domain.due_dates import compute_due
from counter_app.domain.events import Channel, DossierEvent, EventKind
from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.files import DEFAULT_MAX_MB, FileProblem, FileRef, FileRole, paper_named
from counter_app.domain.personal import clean_personal
from counter_app.domain.representation import (
    applicant_kind,
    check_organization,
    clean_deciding_agency,
    clean_representative,
)
from counter_app.domain.roles import Action
from counter_app.domain.text import normalize_text
from counter_app.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_email,
    clean_identity,
    clean_name,
    clean_optional_text,
    clean_phone,
    clean_tax_code,
    year_problem,
)
from counter_app.services.settings import SettingsService
from counter_app.store import repository
from counter_app.store.db import Database
from counter_app.store.files import FileStore


class DuringCommit:
    """Work that needs an intake's result and may be done while the intake's COMMIT waits for the disk.

    `prepare(result)` runs on the calling thread (the worker), inside the transaction, once every row is written and
    before the COMMIT; it returns the work proper, which runs on a thread of its own while the COMMIT's fsync holds
    the worker (synchronous=FULL, kept: a receipt never promises a dossier a power cut can lose). Python's sqlite3
    lets go of the GIL while SQLite waits for the disk, so the two overlap: the receipt of an intake is rendered in
    the 2–5 ms the fsync takes instead of after it (docs/BENCHMARKS.md, "Intake commit + receipt").

    Nothing made here is handed out before the commit succeeded: `value()` is only answered after `intake()` returned
    (a failed commit raises out of `intake()` after the work was waited for and thrown away), so a slip is still
    printed only for a committed record. The worker waits for the work before it goes on, so two renderings never
    run at once (reportlab and the printing caches are not thread-safe: ARCHITECTURE decision 5 still holds).
    `started` is False when the intake wrote nothing (a replayed request): the caller makes its paper as usual.
    """

    def __init__(self, prepare: Callable[[IntakeResult], Callable[[], Any]]) -> None:
        self._prepare = prepare
        self._future: Any = None
        self._committed = False  # set by intake() once its commit succeeded

    @property
    def started(self) -> bool:
        return self._future is not None

    def _start(self, result: IntakeResult) -> None:
        """Prepare on this thread and hand the work to the side thread. A failure here is the work's, never the
        intake's: it is kept for value() and the dossier is committed all the same."""
        try:
            work = self._prepare(result)
        except Exception as exc:
            from concurrent.futures import Future

            self._future = Future()
            self._future.set_exception(exc)
            return
        self._future = _side_thread().submit(work)

    def _settle(self) -> None:
        """Wait for the work (whatever became of the commit)."""
        if self._future is not None:
            self._future.exception()  # waits; its outcome stays in the future

    def value(self) -> Any:
        """What the work made (once `intake()` returned: its commit succeeded), or what the work raised."""
        if not self._committed or self._future is None:
            raise RuntimeError("DuringCommit.value() before the intake committed it")
        return self._future.result()


_executor: Any = None


def _side_thread() -> Any:
    global _executor
    if _executor is None:
        from concurrent.futures import ThreadPoolExecutor

        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="during-commit")
    return _executor


MAX_COPIES = 50
MAX_DOCUMENTS = 100
# A clock a few minutes fast on another PC must not reject a dossier being typed right now.
FUTURE_TOLERANCE = timedelta(minutes=5)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentInput:
    name: str
    copy_kind: CopyKind = CopyKind.ORIGINAL
    quantity: int = 1


@dataclass(frozen=True)
class ScanInput:
    """A scan handed over with the dossier: the file, and the checklist paper it is of (position or name)."""

    path: str
    document: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    applicant_name: str
    id_number: str | None = None
    id_type: str | None = None  # cccd | cmnd | passport | other; None: 9 digits a CMND, else a CCCD
    id_country: str | None = None  # the issuing country of a passport or other paper (required for them)
    tax_code: str | None = None  # an organisation's MST (10 digits, or 13 with a branch)
    # From the CCCD card (its QR fills them) or typed: dd/mm/yyyy text or a date; checked by domain.personal.
    birth_date: str | date | None = None
    sex: str | None = None  # Nam | Nữ
    id_issued_on: str | date | None = None  # the identity paper's issue date
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    organization: str | None = None
    channel: str = Channel.DIRECT.value
    received_at: datetime | None = None  # None: now
    copies: int = 1
    documents: tuple[DocumentInput, ...] | None = None  # None: the procedure's whole checklist was received
    note: str | None = None
    result_delivery: str = "counter"  # counter | post | online
    # A script's own id for this request (`intake --request-id`): the same id again returns the first dossier.
    request_id: str | None = None
    scans: tuple[ScanInput, ...] = ()  # digitised papers (domain/files.py), copied into the file store
    # Issue 13 item 2 (domain.representation): a person or an organisation (None: an organisation when its name or
    # tax code is given); a representative filing for the applicant; the deciding agency (None: the catalogue's).
    applicant_kind: str | None = None  # individual | organization
    representative_name: str | None = None
    representative_id: str | None = None
    relationship: str | None = None  # to the applicant: "Con", "Được ủy quyền" …
    authorisation: str | None = None  # the paper: "Giấy ủy quyền số 12/2026/GUQ ngày 01/12/2026"
    deciding_agency: str | None = None


# Fields added after request ids were first stored: left out of the fingerprint when not given, so an older
# script's retry still matches the request it first made.
_LATER_FIELDS = (
    "applicant_kind",
    "representative_name",
    "representative_id",
    "relationship",
    "authorisation",
    "deciding_agency",
)


@dataclass(frozen=True)
class IntakeResult:
    dossier_id: str
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: str
    received_at: datetime
    due_at: datetime
    due_reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    documents: tuple[DocumentInput, ...] = field(default=())
    replayed: bool = False  # True: an earlier intake with the same request_id; nothing new was written
    scans: tuple[FileRef, ...] = ()
    # The projection row and the events exactly as committed (the row as repository.append_intake built and INSERTed
    # it, in no session: read only). The receipt is made from them (DossierService.receipt_pdf(code, intake=result))
    # instead of reading back what was just written; None for a replayed request.
    committed_row: Any = field(default=None, repr=False, compare=False)
    committed_events: tuple[DossierEvent, ...] = field(default=(), repr=False, compare=False)


def _documents(
    procedure: Procedure, given: tuple[DocumentInput, ...] | None, errors: list[FieldError]
) -> list[DocumentInput]:
    if given is None:
        return [DocumentInput(d.name, d.copy_kind, d.quantity) for d in procedure.documents]
    cleaned: list[DocumentInput] = []
    for doc in given:
        name = normalize_text(doc.name)
        if not name:
            continue
        if doc.quantity < 1 or doc.quantity > 99:
            errors.append(FieldError("documents", f"số lượng của '{name}' phải từ 1 đến 99."))
        cleaned.append(DocumentInput(name, CopyKind(doc.copy_kind), doc.quantity))
    if len(cleaned) > MAX_DOCUMENTS:
        errors.append(FieldError("documents", f"quá {MAX_DOCUMENTS} giấy tờ."))
    received = {d.name for d in cleaned}
    missing = [d.name for d in procedure.documents if d.mandatory and normalize_text(d.name) not in received]
    if missing:
        errors.append(
            FieldError(
                "documents",
                "còn thiếu giấy tờ bắt buộc: "
                + "; ".join(missing)
                + ". Không tiếp nhận: in phiếu hướng dẫn bổ sung (mẫu 02) cho người nộp.",
            )
        )
    if not cleaned:
        errors.append(FieldError("documents", "chưa chọn giấy tờ nào."))
    return cleaned


class IntakeService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        calendar_provider: Callable[[], OfficeCalendar],
        clock: Callable[[], datetime] | None = None,
        files: FileStore | None = None,
    ):
        self._db = db
        self._settings = settings
        self._calendar = calendar_provider
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._files = files or FileStore.beside(db.path)

    def preview_due(self, procedure: Procedure, received_at: datetime | None = None):
        """The appointment the officer will promise, with its explanation, before anything is saved."""
        moment = received_at or self._clock()
        return compute_due(moment, procedure.processing_time, self._calendar())

    def intake(self, request: IntakeRequest, *, during_commit: DuringCommit | None = None) -> IntakeResult:
        """Validate, then write the dossier in one transaction. `during_commit`: work on the result done while the
        COMMIT waits for the disk (DuringCommit: the receipt)."""
        self._settings.access.require(Action.INTAKE)
        request_id = _clean_request_id(request.request_id)
        fingerprint = _fingerprint(request) if request_id else ""
        if request_id:
            with self._db.read() as session:
                earlier = _earlier(session, request_id, fingerprint)
            if earlier is not None:
                return earlier
        errors: list[FieldError] = []
        now = self._clock()
        name = clean_name(request.applicant_name, errors)
        id_type, id_number, id_country = clean_identity(
            request.id_type, request.id_number, request.id_country, errors, as_office_time(now).year
        )
        (birth_date, sex, id_issued_on), problems = clean_personal(
            request.birth_date,
            request.sex,
            request.id_issued_on,
            id_type=id_type,
            id_number=id_number,
            today=as_office_time(now).date(),
            number_typed=bool(normalize_text(request.id_number)),
        )
        errors += [FieldError(p.field, str(p)) for p in problems]
        tax_code = clean_tax_code(request.tax_code, errors)
        phone = clean_phone(request.phone, errors)
        email = clean_email(request.email, errors)
        address = clean_optional_text("address", request.address, errors)
        organization = clean_optional_text("organization", request.organization, errors)
        note = clean_optional_text("note", request.note, errors)
        if organization:
            check_length("organization", organization, errors)
        kind = applicant_kind(request.applicant_kind, organization, tax_code, errors)
        check_organization(kind, organization, tax_code, errors)
        representative = clean_representative(
            request.representative_name,
            request.representative_id,
            request.relationship,
            request.authorisation,
            errors,
            current_year=as_office_time(now).year,
            applicant_id=id_number,
        )
        try:
            channel = Channel(request.channel)
        except ValueError:
            errors.append(
                FieldError("channel", "chỉ nhận direct (trực tiếp), postal (bưu chính) hoặc online (trực tuyến).")
            )
            channel = Channel.DIRECT
        if request.result_delivery not in ("counter", "post", "online"):
            errors.append(FieldError("result_delivery", "chỉ nhận counter, post hoặc online."))
        if not isinstance(request.copies, int) or not 1 <= request.copies <= MAX_COPIES:
            errors.append(FieldError("copies", f"phải từ 1 đến {MAX_COPIES}."))

        received_at = request.received_at or now
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=OFFICE_TZ)
        received_at = received_at.astimezone(OFFICE_TZ).replace(microsecond=0)
        if received_at > now + FUTURE_TOLERANCE:
            errors.append(FieldError("received_at", "không được sau thời điểm hiện tại."))
        elif year_problem(received_at.year):
            errors.append(FieldError("received_at", year_problem(received_at.year) or ""))

        code_text = normalize_text(request.procedure_code)
        procedure: Procedure | None = None
        if not code_text:
            errors.append(FieldError("procedure_code", "chưa chọn thủ tục."))
        else:
            procedure = self._db.cached(
                ("intake.procedure", code_text, received_at.date()),
                lambda: self._find_procedure(code_text, received_at),
            )
            if procedure is None:
                errors.append(
                    FieldError(
                        "procedure_code", f"không có thủ tục mã '{code_text}' còn hiệu lực ngày {received_at:%d/%m/%Y}."
                    )
                )
        documents = _documents(procedure, request.documents, errors) if procedure else []
        if len(request.scans) > MAX_DOCUMENTS:
            errors.append(FieldError("scans", f"quá {MAX_DOCUMENTS} tệp quét."))
        scan_papers = [_scan_document(s.document, documents, errors) for s in request.scans]
        deciding_agency = clean_deciding_agency(
            request.deciding_agency, procedure.deciding_agency if procedure else "", errors
        )
        if errors:
            raise ValidationError(errors)
        assert procedure is not None and procedure.version_id is not None
        # The files first (outside the transaction: a copy may take a while; one left unreferenced by a refused
        # intake is harmless and reused by the next identical one), then everything in one transaction.
        scans: list[FileRef] = []
        for scan in request.scans:
            try:
                scans.append(self._files.put_file(Path(scan.path), self._max_mb()))
            except FileProblem as exc:
                errors.append(FieldError("scans", str(exc)))
        if errors:
            raise ValidationError(errors)

        due = compute_due(received_at, procedure.processing_time, self._calendar())
        station = self._settings.station()
        dossier_id = str(uuid.uuid4())
        try:
            with self._db.write() as session:
                if request_id:  # a twin of this request (a script retrying in parallel) may have committed meanwhile
                    earlier = _earlier(session, request_id, fingerprint)
                    if earlier is not None:
                        return earlier
                day = received_at.date()
                last = repository.last_code_sequence(session, station.agency_code, day, station.counter)
                sequence = next_sequence(station.counter, last)
                repository.store_code_sequence(session, station.agency_code, day, station.counter, sequence)
                code = str(DossierCode(station.agency_code, day, sequence))
                payload = {
                    "code": code,
                    "procedure_code": procedure.code,
                    "procedure_version_id": procedure.version_id,
                    "procedure_name": procedure.name,
                    "field_code": procedure.field_code,
                    "channel": channel.value,
                    "applicant_name": name,
                    "organization": organization,
                    "id_number": id_number,
                    "id_type": id_type,
                    "id_country": id_country,
                    "birth_date": birth_date.isoformat() if birth_date else None,
                    "sex": sex,
                    "id_issued_on": id_issued_on.isoformat() if id_issued_on else None,
                    "tax_code": tax_code,
                    "phone": phone,
                    "email": email,
                    "address": address,
                    "copies": request.copies,
                    "documents": [
                        {"name": d.name, "copy_kind": d.copy_kind.value, "quantity": d.quantity} for d in documents
                    ],
                    "note": note,
                    "result_delivery": request.result_delivery,
                    "counter_number": station.counter,
                    "duration": procedure.processing_time.duration,
                    "unit": procedure.processing_time.unit.value,
                    "due_at": due.due.isoformat(timespec="seconds"),
                    status_check.PAYLOAD_KEY: status_check.new_check(),  # asked with the code by the public look-up
                    "applicant_kind": kind,
                    "deciding_agency": deciding_agency,
                }
                if representative is not None:
                    payload.update(representative.to_payload())
                # The station's next sequence numbers, read once: this transaction (BEGIN IMMEDIATE) takes them all.
                station_seq = repository.next_station_seq(session, station.station_id)
                event = DossierEvent(
                    id=str(uuid.uuid4()),
                    dossier_id=dossier_id,
                    station_id=station.station_id,
                    station_seq=station_seq,
                    kind=EventKind.RECEIVED,
                    officer=station.officer_name,
                    officer_id=station.officer_id,
                    occurred_at=received_at,
                    payload=payload,
                )
                committed_events = [event]
                for number, (ref, paper) in enumerate(zip(scans, scan_papers, strict=True), start=1):
                    committed_events.append(
                        DossierEvent(
                            id=str(uuid.uuid4()),
                            dossier_id=dossier_id,
                            station_id=station.station_id,
                            station_seq=station_seq + number,
                            kind=EventKind.FILE_ATTACHED,
                            officer=station.officer_name,
                            officer_id=station.officer_id,
                            occurred_at=received_at,
                            payload={**ref.to_json(), "role": FileRole.COMPONENT.value, "document": paper},
                        )
                    )
                # The dossier row, its events and their audit entries: SQLAlchemy Core, no ORM flush (issue 15).
                committed_row = repository.append_intake(session, committed_events, recorded_at=now)
                if request_id:
                    repository.store_intake_request(session, request_id, dossier_id, fingerprint, now)
                result = IntakeResult(
                    dossier_id=dossier_id,
                    code=code,
                    procedure_code=procedure.code,
                    procedure_name=procedure.name,
                    applicant_name=name,
                    channel=channel.value,
                    received_at=received_at,
                    due_at=due.due,
                    due_reasons=due.reasons,
                    warnings=due.warnings,
                    documents=tuple(documents),
                    scans=tuple(scans),
                    committed_row=committed_row,
                    committed_events=tuple(committed_events),
                )
                if during_commit is not None:
                    during_commit._start(result)
            # Leaving the block committed (or rolled back and raised): either way the work alongside is waited for.
        finally:
            if during_commit is not None:
                during_commit._settle()
        if during_commit is not None:
            during_commit._committed = True
        # Codes and ids only: the applicant's name, CCCD and phone are never logged.
        log.info("dossier %s received (procedure %s, %s)", code, procedure.code, channel.value)
        return result

    def _find_procedure(self, code: str, received_at: datetime) -> Procedure | None:
        with self._db.read() as session:
            return repository.find_current_procedure(session, code, received_at.date())

    def _max_mb(self) -> int:
        try:
            return int(self._settings.get("files.max_mb"))
        except (KeyError, ValueError):
            return DEFAULT_MAX_MB


def _scan_document(text: str, documents: list[DocumentInput], errors: list[FieldError]) -> str | None:
    """The received paper a scan is of (domain.files.paper_named over what was received)."""
    try:
        return paper_named(text, [d.name for d in documents])
    except FileProblem as exc:
        errors.append(FieldError("scans", str(exc)))
        return None


_REQUEST_ID = re.compile(rf"^[A-Za-z0-9._:@/+=-]{{1,{FIELD_LIMITS['request_id']}}}$")


def _clean_request_id(value: str | None) -> str | None:
    if value is None:
        return None
    if not _REQUEST_ID.match(value):
        raise ValidationError(
            [
                FieldError(
                    "request_id",
                    f"1 đến {FIELD_LIMITS['request_id']} ký tự, chỉ gồm chữ không dấu, chữ số và . _ : @ / + = -.",
                )
            ]
        )
    return value


def _fingerprint(request: IntakeRequest) -> str:
    """What the request asked for, so the same id with other content is refused rather than silently answered."""
    fields = dataclasses.asdict(request)
    fields.pop("request_id")
    for name in _LATER_FIELDS:
        if fields.get(name) is None:
            fields.pop(name)
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _earlier(session, request_id: str, fingerprint: str) -> IntakeResult | None:
    found = repository.intake_request(session, request_id)
    if found is None:
        return None
    stored_fingerprint, row = found
    if stored_fingerprint != fingerprint:
        raise ValidationError(
            [
                FieldError(
                    "request_id",
                    f"đã dùng cho hồ sơ {row.code} với nội dung khác; một hồ sơ mới cần một mã yêu cầu mới.",
                )
            ]
        )
    names = repository.procedure_names(session, {row.procedure_id})
    return IntakeResult(
        dossier_id=row.id,
        code=row.code,
        procedure_code=row.procedure_code,
        procedure_name=names.get(row.procedure_id, ""),
        applicant_name=row.applicant_name,
        channel=row.channel,
        received_at=row.received_at,
        due_at=row.due_at,
        due_reasons=(),
        documents=tuple(
            DocumentInput(d["name"], CopyKind(d.get("copy_kind", "original")), d.get("quantity", 1))
            for d in row.documents or ()
        ),
        replayed=True,
    )


def copy_kind_label(kind: str) -> str:
    return COPY_KIND_LABELS.get(CopyKind(kind), kind)
