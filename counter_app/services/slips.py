"""Printing the official slips of a dossier, always from the committed record (ARCHITECTURE decision 4).

``SlipService.render(code, form)`` builds the slip's data from the dossier and its latest relevant event
(the latest supplement request for form 02, the latest extension for the apology, …) and renders it;
a slip that does not apply to the dossier (an apology for a dossier never extended) is refused with a
Vietnamese sentence saying why. ``record_printed`` writes the slip_printed event after a successful print;
the next print of the same form is marked "BẢN IN LẠI" on paper and recorded as a reprint.
``register_pdf(date_from, date_to)`` prints the sổ theo dõi hồ sơ of the dossiers received in the range.

Form texts come from resources/forms/forms.json, with the office's own forms.json (only what it changes)
from the data folder merged over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.dossier import ONE_STOP_UNIT, STATUS_LABELS, DossierStatus
from counter_app.domain.event_kinds import EVENT_KINDS, EVENT_LABELS, SLIP_FORMS, SLIPS
from counter_app.domain.events import RETURN_METHOD_LABELS, DossierEvent, EventKind, ReturnMethod
from counter_app.domain.paper_file import COLLECTOR_LABELS, describe_originals
from counter_app.domain.printed import PrintedPaper, paper_source, printed_papers, prints_of
from counter_app.domain.roles import Action
from counter_app.domain.text import fold_for_search, normalize_text
from counter_app.domain.validation import mask_phone
from counter_app.printing.data import (
    AgencyInfo,
    ApologySlipData,
    ControlSheetData,
    ControlSheetRow,
    MissingDocumentLine,
    RefusalSlipData,
    RegisterData,
    RegisterRow,
    ReturnSlipData,
    SlipDossier,
    StopSlipData,
    SupplementSlipData,
)
from counter_app.printing.form_texts import FORMS_FILE, FormTexts, load_form_texts
from counter_app.printing.form_texts import FormTextError as FormTextError  # re-exported: the slips raise it
from counter_app.services.dossiers import DossierDetail, DossierService
from counter_app.services.settings import SettingsService
from counter_app.store import repository
from counter_app.store.db import Database

__all__ = ["SLIP_FORMS", "SLIP_LABELS", "SlipNotApplicable", "SlipService"]

# The slips of one dossier, as the CLI and the GUI name them, with their Vietnamese names (domain.event_kinds.SLIPS).
SLIP_LABELS: dict[str, str] = {form: SLIPS[form].title for form in SLIP_FORMS}
REGISTER_MAX_DAYS = 366


class SlipNotApplicable(ValueError):
    """The slip does not apply to the dossier (nothing to print); str() says why, in Vietnamese."""

    def __init__(self, message: str, *, code: str = "", form: str = ""):
        super().__init__(message)
        self.code = code
        self.form = form


def _latest(detail: DossierDetail, kind: EventKind) -> DossierEvent | None:
    found = [e for e in detail.timeline if e.kind == kind]
    return found[-1] if found else None


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _judge(handed_at: datetime, due: datetime) -> str:
    """How a handover kept the time: "early" (a day or more before the due date), "on_time" (on the due
    day, before the due moment) or "late"."""
    handed, due = as_office_time(handed_at), as_office_time(due)
    if handed > due:
        return "late"
    return "early" if handed.date() < due.date() else "on_time"


@dataclass(frozen=True)
class _SlipInput:
    """What every slip's data is built from: the dossier, the event it is printed from (SLIPS[form].source)."""

    detail: DossierDetail
    event: DossierEvent | None
    agency: AgencyInfo
    dossier: SlipDossier
    mark: dict
    texts: FormTexts | None

    @property
    def event_required(self) -> DossierEvent:
        assert self.event is not None  # SlipService.data refused the slip without its source event
        return self.event


class SlipService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        dossiers: DossierService,
        clock: Callable[[], datetime] | None = None,
        *,
        forms_file: Path | None = None,
        office_forms_file: Path | None = None,
    ):
        self._db = db
        self._settings = settings
        self._dossiers = dossiers
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._forms_file = forms_file
        self._office_forms_file = (
            office_forms_file if office_forms_file is not None else Path(db.path).parent / FORMS_FILE
        )

    # --- texts and agency ------------------------------------------------------------------------------

    def texts(self) -> FormTexts:
        """The form texts in force: the bundled file with the office's forms.json merged over it.
        Raises FormTextError (a clear message) when they cannot be used."""
        return load_form_texts(self._forms_file, self._office_forms_file)

    def printer_setting(self, form: str) -> tuple[str, str]:
        """(printer name, tray) remembered for this form: the receipt printer for the receipt, else the A4 one."""
        values = self._settings.all()
        kind = "receipt" if form == "receipt" else "forms"
        return values.get(f"printing.{kind}_printer", ""), values.get(f"printing.{kind}_tray", "")

    def pdf_folder(self) -> Path:
        """The folder for PDF files when no printer is installed (settings printing.pdf_folder)."""
        return self._settings.pdf_folder()

    def _agency(self) -> AgencyInfo:
        station = self._settings.station()
        return replace(
            station.agency,
            unit_label=normalize_text(self._settings.get("agency.unit_name")),
            name_label=normalize_text(self._settings.get("agency.name")),
        )

    # --- one dossier's slips -----------------------------------------------------------------------------

    def data(self, code: str, form: str, texts: FormTexts | None = None, source: str | None = None):
        """The plain data of slip ``form`` for dossier ``code`` (what render prints; for previews).

        A slip printed from an event (domain.event_kinds.SLIPS[form].source) is built from that event — `source`,
        an older one to reprint it as it was (domain.printed), or else the dossier's latest of that kind; without
        one it is refused with the form's own sentence. A paper printed before is marked "BẢN IN LẠI". Raises
        DossierNotFound, SlipNotApplicable, or ValueError for an unknown form or source.
        """
        form = self._check_form(form)
        detail = self._dossiers.detail(code)
        if form == "receipt":
            return self._dossiers.receipt_data(detail.code)
        slip = SLIPS[form]
        event = paper_source(detail.timeline, form, source) if slip.source else None
        if slip.source and event is None:
            message = slip.not_applicable.format(
                code=detail.code,
                status=STATUS_LABELS[DossierStatus(detail.status)],
                event=EVENT_LABELS[slip.source],
            )
            raise SlipNotApplicable(message, code=detail.code, form=form)
        agency = self._agency()
        reprints = prints_of(detail.timeline, form, event.id if event else None)
        mark = {"reprint": reprints > 0, "reprint_note": f"Lần in thứ {reprints + 1}" if reprints else ""}
        build = _BUILDERS[form]
        return build(self, _SlipInput(detail, event, agency, self._dossier(detail), mark, texts))

    def _supplement(self, i: _SlipInput) -> SupplementSlipData:
        event = i.event_required
        p = event.payload
        details = p.get("missing_details") or [{"name": name} for name in p.get("missing") or ()]
        return SupplementSlipData(
            agency=i.agency,
            dossier=i.dossier,
            issued_at=event.occurred_at,
            documents=tuple(
                MissingDocumentLine(d.get("name", ""), d.get("copy_kind"), d.get("quantity")) for d in details
            ),
            reason=p.get("reason") or "",
            officer_name=event.officer,
            officer_phone=i.agency.phone,
            round=int(p.get("round") or 1),
            **i.mark,
        )

    def _refusal(self, i: _SlipInput) -> RefusalSlipData:
        event = i.event_required
        # Refused once the dossier had gone to the deciding agency (handed over, or supplements asked for during
        # handling): the agency's decision, signed by its head; refused at the counter: the officer signs.
        during_handling = any(
            e.kind in (EventKind.HANDED_OVER, EventKind.SUPPLEMENT_REQUESTED) and e.occurred_at <= event.occurred_at
            for e in i.detail.timeline
        )
        return RefusalSlipData(
            i.agency,
            i.dossier,
            event.occurred_at,
            event.payload.get("reason") or "",
            event.officer,
            during_handling=during_handling,
            **i.mark,
        )

    def _apology(self, i: _SlipInput) -> ApologySlipData:
        event = i.event_required
        p = event.payload
        return ApologySlipData(
            agency=i.agency,
            dossier=i.dossier,
            issued_at=event.occurred_at,
            previous_due_at=_moment(p.get("previous_due_at")) or i.detail.original_due_at,
            new_due_at=_moment(p.get("due_at")) or i.detail.due_at,
            reason=p.get("reason") or "",
            officer_name=event.officer,
            **i.mark,
        )

    def _stop(self, i: _SlipInput) -> StopSlipData:
        event = i.event_required
        return StopSlipData(
            i.agency, i.dossier, event.occurred_at, event.payload.get("reason") or "", event.officer, **i.mark
        )

    def _return(self, i: _SlipInput) -> ReturnSlipData:
        event = i.event_required
        p = event.payload
        resolved = _latest(i.detail, EventKind.RESOLVED)
        method = p.get("method") or ReturnMethod.COUNTER.value
        methods = {m.value: label for m, label in RETURN_METHOD_LABELS.items()}
        return ReturnSlipData(
            agency=i.agency,
            dossier=i.dossier,
            returned_at=event.occurred_at,
            receiver_name=p.get("receiver") or "",
            receiver_id=p.get("receiver_id"),
            method_label=methods.get(method, method),
            result=(resolved.payload.get("result") if resolved else "") or "",
            officer_name=event.officer,
            late=i.detail.returned_late,
            qr=self._dossiers.slip_qr(i.detail.code, i.detail.due_at),
            collector=COLLECTOR_LABELS.get(p.get("collector") or "", ""),
            tracking_number=p.get("tracking_number") or "",
            result_paper=" số ".join(x for x in (p.get("result_kind"), p.get("result_number")) if x),
            originals=describe_originals(p.get("originals")),
            file_location=p.get("file_location") or "",
            **i.mark,
        )

    def _control(self, i: _SlipInput) -> ControlSheetData:
        return self._control_data(i.detail, i.agency, i.dossier, i.mark, i.texts or self.texts())

    def render(self, code: str, form: str, paper: str | None = None, source: str | None = None) -> bytes:
        """Slip ``form`` of dossier ``code`` as PDF bytes (paper None: the form's default in the form texts;
        the receipt: the station's paper; `source`: see data). Raises DossierNotFound, SlipNotApplicable,
        FormTextError, or ValueError for an unknown form or paper. Must run on the rendering worker."""
        form = self._check_form(form)
        if form == "receipt":
            return self._dossiers.receipt_pdf(code, paper)
        from counter_app.printing.slips import render_slip

        texts = self.texts()
        return render_slip(self.data(code, form, texts, source), paper, texts)

    def record_printed(self, code: str, form: str, copies: int = 1, source: str | None = None) -> DossierEvent:
        """Record that slip ``form`` of ``code`` (printed from event `source`; None: the latest of its kind) was
        printed, after the print succeeded: a slip_printed event naming who, when, the paper and whether it was
        a reprint."""
        return self._dossiers.record_printed(code.strip().upper(), self._check_form(form), copies, source)

    def papers(self, code: str) -> list[PrintedPaper]:
        """Every paper of dossier `code` (the receipt, each slip once per event it is printed from) with each time
        it was printed: what a reprint chooses from (domain.printed)."""
        return printed_papers(self._dossiers.detail(code).timeline)

    # --- the register -------------------------------------------------------------------------------------

    def register_data(self, date_from: date, date_to: date, *, full: bool = False) -> RegisterData:
        """The dossiers received from ``date_from`` to ``date_to`` (both included), ordered by code. The phone is
        masked as in every list (docs/PRIVACY.md) unless `full` (register_pdf checks the role and audits it)."""
        if date_from > date_to:
            raise ValueError(
                f"Ngày bắt đầu {date_from:%d/%m/%Y} sau ngày kết thúc {date_to:%d/%m/%Y}: không lập được sổ theo dõi."
            )
        if (date_to - date_from).days >= REGISTER_MAX_DAYS:
            raise ValueError(
                f"Sổ theo dõi hồ sơ in tối đa {REGISTER_MAX_DAYS} ngày một lần; hãy chia nhỏ khoảng thời gian."
            )
        texts = self.texts().form("register")
        one_stop = {fold_for_search(ONE_STOP_UNIT), fold_for_search(self._settings.get("agency.unit_name"))}
        kinds = [EventKind.HANDED_OVER.value, EventKind.RESULT_RETURNED.value]
        now = self._clock()
        with self._db.read() as session:
            dossiers = repository.dossiers_received_between(session, date_from, date_to)
            names = repository.procedure_names(session, {d.procedure_id for d in dossiers})
            handovers: dict[str, tuple[datetime, str]] = {}
            methods: dict[str, str] = {}
            events = repository.events_of_dossiers_received_between(session, date_from, date_to, kinds)
            for dossier_id, kind, occurred_at, payload in events:
                payload = payload or {}
                if kind == EventKind.HANDED_OVER.value:
                    to_unit = normalize_text(payload.get("to_unit"))
                    if dossier_id not in handovers and fold_for_search(to_unit) not in one_stop:
                        handovers[dossier_id] = (occurred_at, to_unit)
                else:
                    methods[dossier_id] = payload.get("method") or ""
            rows = []
            for d in dossiers:
                handed = handovers.get(d.id)
                notes: list[str] = []
                still_open_late = d.outcome is None and d.paused_since is None and d.due_at < now
                if d.late or d.returned_late or still_open_late:
                    notes.append(texts.plain("late"))
                if d.outcome in ("refused", "stopped", "withdrawn"):
                    notes.append(texts.plain(d.outcome))
                if d.supplement_rounds:
                    notes.append(texts.plain("supplements", rounds=d.supplement_rounds))
                if d.extension_count:
                    notes.append(texts.plain("extended"))
                if methods.get(d.id) == ReturnMethod.POST.value:
                    notes.append(texts.plain("post"))
                rows.append(
                    RegisterRow(
                        code=d.code,
                        procedure_name=names.get(d.procedure_id, d.procedure_code),
                        applicant_name=", ".join(
                            x for x in (normalize_text(d.applicant_name), normalize_text(d.organization)) if x
                        ),
                        received_at=d.received_at,
                        due_at=d.due_at,
                        copies=d.copies,
                        contact=", ".join(
                            x
                            for x in (
                                normalize_text(d.address),
                                normalize_text(d.phone if full else mask_phone(d.phone)),
                            )
                            if x
                        ),
                        deciding_unit=handed[1] if handed else "",
                        handed_at=handed[0] if handed else None,
                        result_at=d.resolved_at,
                        returned_at=d.returned_at,
                        notes=tuple(notes),
                    )
                )
        return RegisterData(
            agency=self._agency(), date_from=date_from, date_to=date_to, printed_at=now, rows=tuple(rows)
        )

    def register_pdf(self, date_from: date, date_to: date, *, full: bool = False) -> bytes:
        """The sổ theo dõi hồ sơ for the range, A4 landscape. Must run on the rendering worker. Phones masked;
        `full`: in full, for a role with personal.reveal (a read of those applicants' full records, audited)."""
        from counter_app.printing.register import render_register

        if full:
            self._settings.access.require(Action.PERSONAL_REVEAL)
        texts = self.texts()
        data = render_register(self.register_data(date_from, date_to, full=full), texts)
        detail = {"from": date_from.isoformat(), "to": date_to.isoformat()}
        self._settings.access.record("print", target="register", detail={**detail, "full": True} if full else detail)
        return data

    # --- helpers --------------------------------------------------------------------------------------------

    @staticmethod
    def _check_form(form: str) -> str:
        key = (form or "").strip().lower()
        if key not in SLIP_LABELS:
            raise ValueError(f"Không có mẫu phiếu «{form}»; chọn một trong: {', '.join(SLIP_FORMS)}.")
        return key

    @staticmethod
    def _dossier(detail: DossierDetail) -> SlipDossier:
        return SlipDossier(
            code=detail.code,
            applicant_name=detail.applicant_name,
            procedure_name=detail.procedure_name,
            procedure_code=detail.procedure_code,
            received_at=detail.received_at,
            due_at=detail.due_at,
            organization=detail.organization,
            address=detail.address,
            phone=detail.phone,
            email=detail.email,
            id_number=detail.id_number,
            tax_code=detail.tax_code,
        )

    def _control_data(
        self, detail: DossierDetail, agency: AgencyInfo, dossier: SlipDossier, mark: dict, texts: FormTexts
    ) -> ControlSheetData:
        """One row per handover (to a division, between divisions, back to the one-stop unit), each judged
        against the due date in force when it happened; what happened while a unit held the dossier
        (supplements asked for and received, a new appointment date) goes in that row's note."""
        form = texts.form("control")
        notes: list[list[str]] = []
        one_stop_name = normalize_text(self._settings.get("agency.unit_name")) or ONE_STOP_UNIT
        one_stop = {fold_for_search(ONE_STOP_UNIT), fold_for_search(one_stop_name)}
        rows: list[ControlSheetRow] = []
        units: list[str] = []
        due: datetime | None = None
        for event in detail.timeline:
            p = event.payload or {}
            if event.kind in (EventKind.RECEIVED, EventKind.SUPPLEMENT_RECEIVED, EventKind.EXTENDED):
                due = _moment(p.get("due_at")) or due
            note_key = EVENT_KINDS[EventKind(event.kind)].CONTROL_NOTE
            if note_key and notes:
                when = _moment(p.get("due_at")) if event.kind == EventKind.EXTENDED else event.occurred_at
                if when is not None:
                    notes[-1].append(form.plain(note_key, date=f"{when:%d/%m/%Y}"))
            if event.kind in (EventKind.HANDED_OVER, EventKind.RETURNED_FROM_DIVISION):
                giver = normalize_text(p.get("from_unit")) or one_stop_name
                receiver = normalize_text(p.get("to_unit")) or one_stop_name
                if fold_for_search(giver) == fold_for_search(ONE_STOP_UNIT):
                    giver = one_stop_name
                if fold_for_search(receiver) == fold_for_search(ONE_STOP_UNIT):
                    receiver = one_stop_name
                handover = event.kind == EventKind.HANDED_OVER
                rows.append(
                    ControlSheetRow(
                        giver_unit=giver,
                        receiver_unit=receiver,
                        handed_at=event.occurred_at,
                        # The officer recording a handover gives the dossier; one recording a return receives it.
                        giver_name=event.officer if handover else "",
                        receiver_name=normalize_text(p.get("receiver")) if handover else event.officer,
                        result=_judge(event.occurred_at, due or detail.due_at),
                        note=normalize_text(p.get("note")),
                    )
                )
                notes.append([rows[-1].note] if rows[-1].note else [])
                if fold_for_search(receiver) not in one_stop and receiver not in units:
                    units.append(receiver)
        open_ = detail.status in {
            s.value for s in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.AWAITING_SUPPLEMENT)
        }

        def sentence(parts: list[str]) -> str:
            text = "; ".join(parts)
            return text[:1].upper() + text[1:]

        rows = [replace(row, note=sentence(n)) for row, n in zip(rows, notes, strict=True)]
        return ControlSheetData(
            agency=agency,
            dossier=dossier,
            rows=tuple(rows),
            deciding_unit=units[0] if units else "",
            cooperating_unit="; ".join(units[1:]),
            open_rows=open_ or not rows,
            **mark,
        )


# The data of each dossier slip (the receipt comes from DossierService): one builder per form of SLIP_FORMS.
_BUILDERS: dict[str, Callable[[SlipService, _SlipInput], object]] = {
    "supplement": SlipService._supplement,
    "refusal": SlipService._refusal,
    "apology": SlipService._apology,
    "stop": SlipService._stop,
    "control": SlipService._control,
    "return": SlipService._return,
}
assert set(_BUILDERS) == set(SLIP_FORMS) - {"receipt"}, "every slip form needs its data builder"
