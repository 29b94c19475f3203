"""Every lifecycle event kind and every slip form, described once.

An event kind is one class here: its typed request (the details an officer or a script gives, as dataclass
fields), what those details become in the stored payload (`payload`, with Vietnamese field errors), its
Vietnamese label, where it may happen (statuses it may follow, status it leads to), what it does to the
projection (`apply`), its line in a timeline (`describe`), the check every station runs on a synced payload
(`check`), the word of `counter-app event`, the dossier window's button and dialog inputs, and the slip it calls
for. The lifecycle service, the projection, the dossier window, the CLI and the slip service are all built from
these classes: adding a kind is a member of `EventKind` (its stored name) and one class below, plus its tests
(docs/DESIGN.md, "How to add an event kind").

Plain Python: no Qt, no store. What needs the store (the procedure's checklist, the receipt's processing time,
earlier prints) reaches a request through `RecordContext`, which the lifecycle service implements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

from counter_app.domain.calendar import OfficeCalendar, as_office_time
from counter_app.domain.catalogue import COPY_KIND_LABELS, CopyKind, DurationUnit, Procedure, ProcessingTime
from counter_app.domain.due_dates import Pause, compute_due
from counter_app.domain.events import DossierEvent, EventKind, ReturnMethod
from counter_app.domain.fees import (
    MAX_AMOUNT,
    PAYMENT_METHOD_LABELS,
    PaymentMethod,
    format_dong,
    parse_amount,
    parse_receipt_ref,
    receipt_label,
)
from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.files import ROLE_LABELS, FileRole, human_size, payload_problem
from counter_app.domain.paper_file import (
    COLLECTOR_LABELS,
    COLLECTORS,
    clean_file_location,
    clean_originals,
    describe_originals,
)
from counter_app.domain.roles import Action
from counter_app.domain.satisfaction import MAX_COMMENT, level_of, level_problem, second_supplement_warning
from counter_app.domain.state import ONE_STOP_UNIT, DossierState, DossierStatus
from counter_app.domain.text import fold_for_search, normalize_text
from counter_app.domain.validation import FIELD_LABELS, FieldError, ValidationError, clean_id_number, year_problem

__all__ = [
    "COMMON_DETAILS",
    "DETAILS",
    "EVENT_KINDS",
    "EVENT_LABELS",
    "OPEN_STATUSES",
    "SLIPS",
    "SLIP_FORMS",
    "TERMINAL_STATUSES",
    "Detail",
    "EventDetails",
    "EventRequest",
    "LifecycleFieldError",
    "MissingDocument",
    "Rate",
    "RecordContext",
    "SlipForm",
    "by_cli_word",
    "details_for",
    "match_missing",
]

_S = DossierStatus
# Still being handled: the clock matters, the applicant may still withdraw.
OPEN_STATUSES = frozenset({_S.RECEIVED, _S.IN_PROGRESS, _S.AWAITING_SUPPLEMENT})
# Nothing leads out of these (slips may still be printed).
TERMINAL_STATUSES = frozenset({_S.REFUSED, _S.STOPPED, _S.RETURNED, _S.WITHDRAWN})
WORKING = frozenset({_S.RECEIVED, _S.IN_PROGRESS})

MAX_UNIT = FIELD_LIMITS["unit"]  # domain/field_limits.py: the store's and the hub's lengths too
MAX_TEXT = FIELD_LIMITS["note"]
MAX_NAME = FIELD_LIMITS["applicant_name"]
MAX_MISSING = 50


# --- the details an event may carry -------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """One detail of an event as people give it: its Vietnamese name (error messages), the dossier window's
    caption with its Alt-letter and the kind of input, and the `counter-app event` option that carries it."""

    name: str
    label: str
    caption: str = ""
    input: str = "line"  # line | text | long_text | missing | moment | choice
    option: str | None = None
    help: str = ""
    repeat: bool = False  # the option may be given several times (a list)
    choices: tuple[str, ...] = ()
    parse: str = "text"  # text | moment | due (a date means its close of office) | flag — how the CLI reads it
    max_length: int = 200
    choice_labels: tuple[str, ...] = ()  # input "choice": what the window shows for each of `choices`


def _details(*items: Detail) -> dict[str, Detail]:
    return {d.name: d for d in items}


# In the order `counter-app event --help` lists them.
COMMON_DETAILS = _details(
    Detail("at", "Thời điểm", option="--at", parse="moment",
           help="thời điểm, ISO-8601 (mặc định: bây giờ; không được trước sự kiện gần nhất)"),
    Detail("officer", "Cán bộ", option="--officer", help="cán bộ ghi nhận (mặc định theo thiết lập officer.name)"),
    Detail("note", "Ghi chú", "Ghi &chú:", "text", "--note", "ghi chú"),
)  # fmt: skip
DETAILS = _details(
    Detail("to_unit", "Đơn vị nhận hồ sơ", "Chuyển đến đơn &vị:", "line", "--to", "đơn vị nhận hồ sơ (handover)"),
    Detail("from_unit", "Đơn vị giao hồ sơ", "&Từ đơn vị:", "line", "--from",
           "đơn vị giao hồ sơ (mặc định: nơi đang giữ hồ sơ)"),
    Detail("reason", "Lý do", "&Lý do:", "long_text", "--reason", "lý do"),
    Detail("missing", "Giấy tờ cần bổ sung", "&Giấy tờ cần bổ sung:", "missing", "--missing",
           "giấy tờ cần bổ sung: số thứ tự hoặc tên trong danh mục, hoặc ghi tự do (lặp lại được)", repeat=True),
    Detail("new_due", "Ngày hẹn trả mới", "Ngày hẹn trả &mới:", "moment", "--new-due",
           "ngày hẹn trả mới (extended): YYYY-MM-DD hoặc ISO-8601", parse="due"),
    Detail("receiver", "Người nhận", "&Người nhận hồ sơ:", "line", "--receiver",
           "họ tên người nhận (returned; handover: người nhận ở đơn vị)"),
    Detail("receiver_id", "Số CCCD người nhận", "Số &CCCD người nhận:", "line", "--receiver-id",
           "số CCCD người nhận kết quả"),
    Detail("method", "Hình thức trả kết quả", "&Hình thức trả:", "line", "--method",
           "hình thức trả kết quả (mặc định theo đăng ký)", choices=tuple(m.value for m in ReturnMethod)),
    Detail("result", "Kết quả giải quyết", "&Kết quả:", "text", "--result", "kết quả giải quyết (resolved)"),
    Detail("form", "Mẫu phiếu"),
    Detail("copies", "Số bản in"),
    Detail("file", "Tệp đính kèm"),
    Detail("sha256", "Mã băm SHA-256 của tệp"),
    Detail("size", "Kích thước tệp"),
    Detail("media_type", "Loại tệp"),
    Detail("filename", "Tên tệp"),
    Detail("role", "Loại tệp đính kèm"),
    Detail("document", "Giấy tờ được quét"),
    Detail("level", "Mức độ hài lòng", option="--level",
           help="mức độ hài lòng (rated): 1 rất hài lòng, 2 hài lòng, 3 bình thường, 4 không hài lòng, "
                "5 rất không hài lòng"),
    Detail("comment", "Ý kiến của người dân", "Ý &kiến:", "text", "--comment", "ý kiến của người dân (rated)"),
    Detail("confirm_second", "Xác nhận yêu cầu bổ sung lần hai", option="--confirm-second-supplement",
           help="xác nhận yêu cầu bổ sung lần thứ hai trở lên (supplement-requested): chỉ số phục vụ sẽ tính hồ sơ "
                "là quá hạn", parse="flag"),
    # The return done fully and the paper file (issue 13 item 3; domain.paper_file).
    Detail("collector", "Người đến nhận", "Người đến &nhận:", "line", "--collector",
           "ai nhận kết quả (returned): applicant (người nộp), representative (người được ủy quyền), "
           "post (bưu chính, cần --tracking-number)", choices=COLLECTORS),
    Detail("tracking_number", "Số hiệu bưu gửi", "Số hiệu &bưu gửi:", "line", "--tracking-number",
           "số hiệu bưu gửi khi trả qua bưu chính (returned)", max_length=FIELD_LIMITS["tracking_number"]),
    Detail("originals", "Bản chính trả lại", "Bản chính trả &lại:", "line", "--original",
           "bản chính trả lại người nộp (returned): số thứ tự hoặc tên giấy tờ đã nhận, thêm :SỐ_BẢN "
           "(ví dụ 2:1); lặp lại được", repeat=True),
    Detail("result_kind", "Loại kết quả", "Loại &giấy tờ kết quả:", "line", "--result-kind",
           "loại giấy tờ kết quả (returned), ví dụ «Giấy chứng nhận»", max_length=FIELD_LIMITS["result_kind"]),
    Detail("result_number", "Số kết quả", "&Số giấy tờ kết quả:", "line", "--result-number",
           "số của giấy tờ kết quả (returned), ví dụ «123/GCN-SKHCN»", max_length=FIELD_LIMITS["result_number"]),
    Detail("file_location", "Vị trí lưu hồ sơ", "&Vị trí lưu hồ sơ:", "line", "--file-location",
           "vị trí lưu hồ sơ giấy, ví dụ «Kệ 3 hộp 12» (returned, file-stored)",
           max_length=FIELD_LIMITS["file_location"]),
    Detail("stored_by", "Người lưu hồ sơ", "Người cất hồ &sơ:", "line", "--stored-by",
           "người cất hồ sơ giấy vào vị trí lưu (mặc định: cán bộ ghi nhận)"),
)  # fmt: skip
# The details of the fee entries (domain/fees.py). No `counter-app event` option: `counter-app fee`, `fee-refund` and
# `fee-cancel` carry them, with the names the issue gave (--amount, --method cash|transfer, --payer, --receipt).
FEE_DETAILS = _details(
    Detail("amount", "Số tiền", "Số &tiền (đồng):", "line", help="số tiền, đồng", max_length=20),
    Detail("payment_method", "Hình thức nộp tiền", "&Hình thức nộp:", "choice",
           choices=tuple(m.value for m in PaymentMethod), choice_labels=tuple(PAYMENT_METHOD_LABELS.values())),
    Detail("payer", "Người nộp tiền", "Người nộ&p tiền:", "line", max_length=FIELD_LIMITS["applicant_name"]),
    Detail("receipt", "Biên lai", "Số &biên lai:", "line", max_length=40),
)  # fmt: skip
DETAILS.update(FEE_DETAILS)
_ALL_DETAILS = {**COMMON_DETAILS, **DETAILS, "kind": Detail("kind", "Loại sự kiện")}


@dataclass(frozen=True)
class LifecycleFieldError(FieldError):
    """A field error labelled with the lifecycle details' names (validation.FIELD_LABELS covers intake)."""

    @property
    def label(self) -> str:
        detail = _ALL_DETAILS.get(self.field)
        return detail.label if detail else FIELD_LABELS.get(self.field, self.field)


_Error = LifecycleFieldError


def clean_text(field: str, value: Any, errors: list[FieldError], *, limit: int, required: bool = False) -> str:
    text = normalize_text(value) if isinstance(value, str) else ("" if value is None else normalize_text(str(value)))
    if not text:
        if required:
            errors.append(_Error(field, "không được để trống."))
        return ""
    if len(text) > limit:
        errors.append(_Error(field, f"dài quá {limit} ký tự (hiện có {len(text)})."))
    return text


def clean_person(field: str, value: Any, errors: list[FieldError], *, required: bool) -> str:
    name = clean_text(field, value, errors, limit=MAX_NAME, required=required)
    if name and any(ch.isdigit() for ch in name):
        errors.append(_Error(field, "không được chứa chữ số."))
    return name


@dataclass(frozen=True)
class MissingDocument:
    """One line of a supplement request (form 02): from the procedure's checklist, or typed by the officer."""

    name: str
    copy_kind: str | None = None  # CopyKind value when from the checklist
    quantity: int | None = None
    in_checklist: bool = False

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "copy_kind": self.copy_kind,
            "copy_kind_label": COPY_KIND_LABELS[CopyKind(self.copy_kind)] if self.copy_kind else None,
            "quantity": self.quantity,
            "in_checklist": self.in_checklist,
        }


def match_missing(items: Iterable[str], procedure: Procedure | None, errors: list[FieldError]) -> list[MissingDocument]:
    """The documents to ask for, matched against the procedure's checklist.

    An item is a checklist position ("2"), a checklist name typed in any case, with or without diacritics
    (its official name is used), or free text for something the checklist does not name.
    """
    checklist = procedure.documents if procedure else ()
    by_folded = {fold_for_search(d.name): d for d in checklist}
    found: list[MissingDocument] = []
    for raw in items:
        text = normalize_text(raw)
        if not text:
            continue
        doc = None
        if text.isdigit():
            position = int(text)
            if not 1 <= position <= len(checklist):
                errors.append(
                    _Error("missing", f"thủ tục không có thành phần hồ sơ số {position} (có {len(checklist)}).")
                )
                continue
            doc = checklist[position - 1]
        else:
            doc = by_folded.get(fold_for_search(text))
        if doc is not None:
            item = MissingDocument(doc.name, doc.copy_kind.value, doc.quantity, True)
        else:
            if len(text) > 500:
                errors.append(_Error("missing", "mỗi giấy tờ ghi không quá 500 ký tự."))
            item = MissingDocument(text)
        if all(f.name != item.name for f in found):
            found.append(item)
    if not found:
        errors.append(_Error("missing", "phải ghi ít nhất một giấy tờ cần bổ sung."))
    if len(found) > MAX_MISSING:
        errors.append(_Error("missing", f"quá {MAX_MISSING} giấy tờ."))
    return found


class RecordContext(Protocol):
    """What a request may learn about the dossier while its event is being written (one transaction)."""

    state: DossierState
    at: datetime  # the moment of the event
    errors: list[FieldError]  # append FieldErrors; nothing is written if any
    warnings: list[str]  # said to the officer after the event is written

    def where(self) -> str:
        """The unit holding the dossier, by its written name."""

    def one_stop_name(self) -> str:
        """The one-stop unit as the office calls itself."""

    def procedure(self) -> Procedure | None:
        """The procedure version the dossier was received under."""

    def calendar(self) -> OfficeCalendar: ...

    def processing(self) -> ProcessingTime:
        """The processing time the dossier was received under (its receipt's)."""

    def resumed_due(self) -> dict[str, str]:
        """paused_since, due_at, original_due_at once the open pause closes at `at` (warnings appended)."""

    def result_delivery(self) -> str | None:
        """How the applicant asked to get the result at intake (ReturnMethod value), if said."""

    def printed_before(self, form: str) -> bool:
        """Whether slip `form` of this dossier was printed before."""

    def earlier_events(self) -> list[DossierEvent]:
        """The dossier's events so far, in order (the fee entries look up the receipt they refer to)."""

    def next_fee_receipt(self) -> tuple[str, int]:
        """The series and number of a new fee receipt, from this station's block (domain/fees.py)."""

    def applicant_name(self) -> str:
        """Who filed the dossier (the payer when none is given)."""

    def received_documents(self) -> Sequence[dict[str, Any]]:
        """The papers received at intake ({"name", "copy_kind", "quantity"}), in the receipt's order."""


# --- small helpers for payloads -------------------------------------------------------------------------------


def payload_text(payload: dict[str, Any], key: str) -> str:
    value = payload.get(key)
    return value.strip() if isinstance(value, str) else ""


def payload_moment(payload: dict[str, Any], key: str) -> datetime | None:
    value = payload.get(key)
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def fmt_moment(moment: datetime) -> str:
    return as_office_time(moment).strftime("%H:%M ngày %d/%m/%Y")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _mask(value: str) -> str:
    return "•" * (len(value) - 4) + value[-4:] if len(value) > 4 else value


def close_pause(state: DossierState, at: datetime) -> tuple[Pause, ...]:
    if state.paused_since is None:
        return state.pauses
    closed = [p for p in state.pauses if p.end is not None]
    open_ = [p for p in state.pauses if p.end is None]
    reason = open_[-1].reason if open_ else ""
    return (*closed, Pause(state.paused_since, at, reason))


# --- the event kinds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetails:
    """The typed request of one event kind (its dataclass fields) and everything else said about that kind."""

    KIND: ClassVar[EventKind]
    LABEL: ClassVar[str]  # Vietnamese, as timelines, messages and buttons name the event
    SOURCES: ClassVar[frozenset[DossierStatus]] = frozenset()  # statuses it may follow (empty: first event only)
    TARGET: ClassVar[DossierStatus | None] = None  # the status it leads to; None: unchanged
    ANY_STATE: ClassVar[bool] = False  # allowed whatever the status (printing)
    OUTCOME: ClassVar[str | None] = None  # how handling ends with it (reports), if it ends it
    CLI: ClassVar[str | None] = None  # the KIND word of `counter-app event` (scripts rely on it: never rename)
    ACTION: ClassVar[str | None] = None  # the dossier window's button, with its Alt-letter
    INPUTS: ClassVar[tuple[str, ...]] = ()  # the dossier window's inputs for it (names of DETAILS), in order
    SLIP: ClassVar[str | None] = None  # the slip (SLIPS form) the event calls for, printed after it is recorded
    CONTROL_NOTE: ClassVar[str | None] = None  # its note on the control sheet's row (forms.json key of "control")
    PERMISSION: ClassVar[Action] = Action.RECORD_EVENT  # what the signed-in officer's role must allow (domain.roles)

    @classmethod
    def detail_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        """The stored payload: what was given, cleaned, plus what the event must carry (errors to ctx.errors)."""
        return {}

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        """Why a payload (maybe from another station) cannot be folded: the sentence after "Hồ sơ CODE: "."""
        return None

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        """What the event changes in the projection besides status, last_event_at, outcome and a closed wait."""
        return {}

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        """The event's details for a timeline (Vietnamese, personal numbers masked)."""
        return []

    @classmethod
    def timeline(cls, event: DossierEvent) -> list[str]:
        """`describe` of the event's payload; a kind whose line depends on when it happened overrides this."""
        return cls.describe(event.payload or {})


@dataclass(frozen=True)
class Received(EventDetails):
    """The intake (services.intake writes it; recording it again is refused by the table)."""

    KIND = EventKind.RECEIVED
    LABEL = "Tiếp nhận hồ sơ"
    TARGET = _S.RECEIVED

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        due = payload_moment(p, "due_at")
        return [f"hẹn trả {fmt_moment(due)}"] if due else []


def _route(p: dict[str, Any]) -> list[str]:
    route = " → ".join(x for x in (payload_text(p, "from_unit"), payload_text(p, "to_unit")) if x)
    receiver = payload_text(p, "receiver")
    return ([route] if route else []) + ([f"người nhận: {receiver}"] if receiver else [])


@dataclass(frozen=True)
class HandOver(EventDetails):
    """The dossier goes to the division that decides it (or from one division to another)."""

    KIND = EventKind.HANDED_OVER
    LABEL = "Chuyển hồ sơ giải quyết"
    SOURCES = WORKING
    TARGET = _S.IN_PROGRESS
    CLI = "handover"
    ACTION = "&Chuyển giải quyết…"
    INPUTS = ("to_unit", "receiver", "note")
    SLIP = "control"

    to_unit: str = ""
    from_unit: str | None = None  # default: where the dossier is
    receiver: str | None = None  # the person at the division

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        from_unit = clean_text("from_unit", self.from_unit, e, limit=MAX_UNIT) or ctx.where()
        to_unit = clean_text("to_unit", self.to_unit, e, limit=MAX_UNIT, required=True)
        if to_unit and fold_for_search(to_unit) == fold_for_search(from_unit):
            e.append(_Error("to_unit", f"hồ sơ đang ở {from_unit}."))
        return {
            "from_unit": from_unit,
            "to_unit": to_unit,
            "receiver": clean_person("receiver", self.receiver, e, required=False) or None,
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return None if payload_text(p, "to_unit") else f"«{HandOver.LABEL}» phải ghi rõ đơn vị nhận hồ sơ."

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        return {"location": event.payload["to_unit"]}

    describe = staticmethod(_route)


@dataclass(frozen=True)
class ReturnFromDivision(EventDetails):
    """The division sends the dossier back to the one-stop unit (without a result)."""

    KIND = EventKind.RETURNED_FROM_DIVISION
    LABEL = "Nhận lại hồ sơ từ đơn vị giải quyết"
    SOURCES = frozenset({_S.IN_PROGRESS})
    TARGET = _S.IN_PROGRESS
    CLI = "returned-from-division"
    ACTION = "Nhận &lại từ đơn vị…"
    INPUTS = ("note",)

    from_unit: str | None = None  # default: where the dossier is
    to_unit: str | None = None  # default: the one-stop unit

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        return {
            "from_unit": clean_text("from_unit", self.from_unit, e, limit=MAX_UNIT) or ctx.where(),
            "to_unit": clean_text("to_unit", self.to_unit, e, limit=MAX_UNIT) or ctx.one_stop_name(),
        }

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        return {"location": ONE_STOP_UNIT}

    describe = staticmethod(_route)


@dataclass(frozen=True)
class RequestSupplement(EventDetails):
    """The applicant must complete the dossier (form 02): the clock stops until the papers come."""

    KIND = EventKind.SUPPLEMENT_REQUESTED
    LABEL = "Yêu cầu bổ sung"
    SOURCES = WORKING
    TARGET = _S.AWAITING_SUPPLEMENT
    CLI = "supplement-requested"
    ACTION = "Yêu cầu &bổ sung…"
    CONTROL_NOTE = "note_supplement_requested"
    INPUTS = ("missing", "reason", "note")
    SLIP = "supplement"

    missing: Sequence[str] = ()  # checklist positions, checklist names, or free text
    reason: str | None = None
    # A second (or later) request counts the dossier as overdue in the service index (domain/satisfaction.py): it
    # is refused unless the officer confirmed it after being warned.
    confirm_second: bool | None = None

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        rounds = ctx.state.supplement_rounds
        if rounds >= 1:
            warning = second_supplement_warning(ctx.state.code, rounds)
            if not self.confirm_second:
                ctx.errors.append(_Error("confirm_second", warning + " Chỉ ghi nhận khi cán bộ xác nhận."))
            else:
                ctx.warnings.append(warning)
        docs = match_missing(self.missing or (), ctx.procedure(), ctx.errors)
        return {
            "missing": [d.name for d in docs],
            "missing_details": [d.to_json() for d in docs],
            "reason": clean_text("reason", self.reason, ctx.errors, limit=MAX_TEXT),
            "round": ctx.state.supplement_rounds + 1,
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        missing = p.get("missing")
        if not isinstance(missing, list) or not [m for m in missing if isinstance(m, str) and m.strip()]:
            return f"«{RequestSupplement.LABEL}» phải liệt kê giấy tờ cần bổ sung."
        return None

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        at = event.occurred_at
        return {
            "paused_since": at,
            "pauses": (*state.pauses, Pause(at, None, event.payload.get("reason") or "chờ bổ sung hồ sơ")),
            "supplement_rounds": state.supplement_rounds + 1,
        }

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        missing = [m for m in p.get("missing") or () if isinstance(m, str)]
        reason = payload_text(p, "reason")
        return (["giấy tờ: " + "; ".join(missing)] if missing else []) + ([f"lý do: {reason}"] if reason else [])


def _new_due_missing(kind_label: str, p: dict[str, Any]) -> str | None:
    return None if payload_moment(p, "due_at") else f"«{kind_label}» thiếu ngày hẹn trả kết quả mới."


@dataclass(frozen=True)
class ReceiveSupplement(EventDetails):
    """The papers asked for came: the clock resumes and the due date moves on by the time paused."""

    KIND = EventKind.SUPPLEMENT_RECEIVED
    LABEL = "Nhận hồ sơ bổ sung"
    SOURCES = frozenset({_S.AWAITING_SUPPLEMENT})
    TARGET = _S.IN_PROGRESS
    CLI = "supplement-received"
    ACTION = "&Nhận hồ sơ bổ sung…"
    CONTROL_NOTE = "note_supplement_received"
    INPUTS = ("note",)

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        return dict(ctx.resumed_due())

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _new_due_missing(ReceiveSupplement.LABEL, p)

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        p = event.payload
        due = datetime.fromisoformat(p["due_at"])
        changes: dict[str, Any] = {"pauses": close_pause(state, event.occurred_at), "paused_since": None, "due_at": due}
        original = p.get("original_due_at")
        if original:
            changes["original_due_at"] = datetime.fromisoformat(original)
        elif state.extension_count == 0:
            changes["original_due_at"] = due
        return changes

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        due = payload_moment(p, "due_at")
        return [f"hẹn trả mới {fmt_moment(due)}"] if due else []


def _reason_required(self: Any, ctx: RecordContext) -> dict[str, Any]:
    return {"reason": clean_text("reason", self.reason, ctx.errors, limit=MAX_TEXT, required=True)}


def _describe_reason(p: dict[str, Any]) -> list[str]:
    reason = payload_text(p, "reason")
    return [f"lý do: {reason}"] if reason else []


def _check_reason(label: str, p: dict[str, Any]) -> str | None:
    return None if payload_text(p, "reason") else f"«{label}» phải ghi rõ lý do."


@dataclass(frozen=True)
class Refuse(EventDetails):
    """The dossier is refused (form 03); handling ends."""

    KIND = EventKind.REFUSED
    LABEL = "Từ chối giải quyết"
    PERMISSION = Action.REFUSE  # a decision of the agency: a supervisor's
    SOURCES = OPEN_STATUSES
    TARGET = _S.REFUSED
    OUTCOME = "refused"
    CLI = "refused"
    ACTION = "Từ c&hối…"
    INPUTS = ("reason", "note")
    SLIP = "refusal"

    reason: str = ""

    payload = _reason_required

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _check_reason(Refuse.LABEL, p)

    describe = staticmethod(_describe_reason)


# An extension (apology and new date, form 04) moves the due date only when it is made by the due moment in force:
# Decree 61/2018/NĐ-CP Art. 19 (kept by Decree 107/2021/NĐ-CP) has the deciding agency send the apology with the new
# date before the due date (at the latest one day before; Circular 01/2018/TT-VPCP form 04). One made later is still
# recorded — provinces require the apology for a late dossier all the same (e.g. HCMC QĐ 5157/QĐ-UBND 2016, Quảng
# Bình QĐ 15/2018/QĐ-UBND), and the applicant needs the new date — but the dossier stays late: the due date the
# reports and lists judge by does not move.
LATE_EXTENSION_BASIS = "Nghị định 61/2018/NĐ-CP, Điều 19 (văn bản xin lỗi, hẹn lại phải gửi trước ngày hết hạn)"


def extension_in_time(made_at: datetime, due_at: datetime) -> bool:
    """Whether an apology with a new date made at `made_at` extends a dossier due at `due_at` (made by the due
    moment). A later one is recorded, but the dossier stays late."""
    return as_office_time(made_at) <= as_office_time(due_at)


def late_extension_warning(code: str, due_at: datetime) -> str:
    return (
        f"Hồ sơ {code} đã quá hạn từ {fmt_moment(due_at)}: văn bản xin lỗi và ngày hẹn mới được ghi nhận để báo "
        f"người nộp, nhưng hồ sơ vẫn tính là quá hạn trong báo cáo và danh sách ({LATE_EXTENSION_BASIS})."
    )


# How often, and how far, a dossier's appointment may be moved by an apology (form 04).
MAX_EXTENSIONS = 1
EXTENSION_COUNT_BASIS = (
    "Nghị định 61/2018/NĐ-CP, Điều 19, sửa đổi bởi Nghị định 107/2021/NĐ-CP: việc hẹn lại ngày trả kết quả "
    "được thực hiện không quá một lần"
)
EXTENSION_LENGTH_BASIS = (
    "giới hạn của phần mềm, vì văn bản pháp luật không quy định số ngày: ngày hẹn mới kéo dài thêm tối đa bằng thời "
    "hạn giải quyết của thủ tục, tính từ ngày hẹn hiện tại"
)


def latest_extension(due_at: datetime, processing: ProcessingTime, calendar: OfficeCalendar) -> datetime:
    """The latest new appointment an apology may promise: the procedure's own processing time again, counted from
    the due date in force as if the dossier were received then (a same-day procedure: one working day)."""
    span = processing if processing.duration > 0 else ProcessingTime(1)
    span = ProcessingTime(span.duration, span.unit)  # no trigger or cut-off: the clock runs from the due date
    start = as_office_time(due_at)
    if span.unit != DurationUnit.WORKING_HOURS:  # days: the due day is "the day of receipt", day 1 the next one
        start = start.replace(hour=calendar.hours.morning_start.hour, minute=calendar.hours.morning_start.minute)
    return compute_due(start, span, calendar).due


def extension_problem(
    extension_count: int,
    due_at: datetime,
    new_due: datetime,
    processing: ProcessingTime,
    calendar: OfficeCalendar,
    made_at: datetime,
) -> str | None:
    """Why an apology made at `made_at` may not promise `new_due` (Vietnamese, naming the rule); None when it may.
    Checked by the lifecycle service for the CLI and the dossier window alike. An apology for a dossier already
    late (which stays late, see `extension_in_time`) counts its bound from the moment it is made."""
    if extension_count >= MAX_EXTENSIONS:
        return (
            f"hồ sơ đã được hẹn lại ngày trả kết quả {extension_count} lần; không hẹn lại thêm được "
            f"({EXTENSION_COUNT_BASIS})."
        )
    base = max(as_office_time(due_at), as_office_time(made_at))
    cap = latest_extension(base, processing, calendar)
    if as_office_time(new_due) > cap:
        since = "ngày hẹn hiện tại" if base == as_office_time(due_at) else "lúc ghi nhận (hồ sơ đã quá hạn)"
        return (
            f"{fmt_moment(new_due)} quá xa: ngày hẹn mới muộn nhất là {fmt_moment(cap)} — thêm {processing.describe()} kể từ "
            f"{since} {fmt_moment(base)} ({EXTENSION_LENGTH_BASIS})."
        )
    return None


def new_due_of(
    value: datetime | date | None, state: DossierState, at: datetime, calendar: OfficeCalendar, errors: list[FieldError]
) -> datetime | None:
    """The promised moment of an extension (a date means its close of office), checked: later than the due date
    in force, after the moment of recording, within office hours."""
    if value is None:
        errors.append(_Error("new_due", "không được để trống."))
        return None
    problem = year_problem(value.year)
    if problem:
        errors.append(_Error("new_due", problem))
        return None
    due = as_office_time(value).replace(microsecond=0) if isinstance(value, datetime) else calendar.close_of(value)
    if due <= state.due_at:
        errors.append(
            _Error(
                "new_due",
                f"phải muộn hơn ngày hẹn hiện tại {state.due_at:%H:%M %d/%m/%Y} (đang là {due:%H:%M %d/%m/%Y}).",
            )
        )
    elif due <= at:
        errors.append(_Error("new_due", "phải sau thời điểm ghi nhận."))
    elif not calendar.is_office_time(due):
        why = calendar.non_working_reason(due.date())
        errors.append(
            _Error(
                "new_due",
                f"{due:%H:%M %d/%m/%Y} không phải giờ làm việc"
                + (f" ({why})" if why else "")
                + "; chọn một thời điểm trong giờ làm việc.",
            )
        )
    return due


@dataclass(frozen=True)
class Extend(EventDetails):
    """An apology with a new appointment date (form 04); the legal due date is kept for the reports."""

    KIND = EventKind.EXTENDED
    LABEL = "Xin lỗi và hẹn lại ngày trả kết quả"
    PERMISSION = Action.APOLOGY  # a decision of the agency: a supervisor's
    SOURCES = OPEN_STATUSES
    CLI = "extended"
    ACTION = "Lập văn bản &xin lỗi, hẹn lại…"
    CONTROL_NOTE = "note_extended"
    INPUTS = ("new_due", "reason", "note")
    SLIP = "apology"

    new_due: datetime | date | None = None
    reason: str = ""

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        reason = clean_text("reason", self.reason, ctx.errors, limit=MAX_TEXT, required=True)
        due = new_due_of(self.new_due, ctx.state, ctx.at, ctx.calendar(), ctx.errors)
        if due is not None and not any(e.field == "new_due" for e in ctx.errors):
            # Once per dossier, and not further than the law and the procedure allow (extension_problem).
            state = ctx.state
            problem = extension_problem(
                state.extension_count, state.due_at, due, ctx.processing(), ctx.calendar(), ctx.at
            )
            if problem:
                ctx.errors.append(_Error("new_due", problem))
        if not extension_in_time(ctx.at, ctx.state.due_at):
            ctx.warnings.append(late_extension_warning(ctx.state.code, ctx.state.due_at))
        return {
            "reason": reason,
            "due_at": _iso(due) if due is not None else None,
            "previous_due_at": _iso(ctx.state.due_at),
            "original_due_at": _iso(ctx.state.original_due_at),
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        missing = _check_reason(Extend.LABEL, p) or _new_due_missing(Extend.LABEL, p)
        if missing:
            return missing
        new_due = payload_moment(p, "due_at")
        assert new_due is not None
        if new_due <= state.due_at:
            return f"ngày hẹn lại {fmt_moment(new_due)} phải muộn hơn ngày hẹn hiện tại {fmt_moment(state.due_at)}."
        return None

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        changes: dict[str, Any] = {"extension_count": state.extension_count + 1}
        # Made after the due moment, the apology is recorded but does not extend: the dossier stays late.
        if extension_in_time(event.occurred_at, state.due_at):
            changes["due_at"] = datetime.fromisoformat(event.payload["due_at"])
        return changes

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        due, before = payload_moment(p, "due_at"), payload_moment(p, "previous_due_at")
        parts = [f"hẹn lại {fmt_moment(due)}" + (f" (trước đó {fmt_moment(before)})" if before else "")] if due else []
        return parts + _describe_reason(p)

    @classmethod
    def timeline(cls, event: DossierEvent) -> list[str]:
        p = event.payload or {}
        parts = cls.describe(p)
        before = payload_moment(p, "previous_due_at")
        if before and not extension_in_time(event.occurred_at, before):
            parts.insert(1 if payload_moment(p, "due_at") else 0, "ghi sau khi đã quá hạn: hồ sơ vẫn tính quá hạn")
        return parts


@dataclass(frozen=True)
class Stop(EventDetails):
    """Handling stops (form 05), e.g. the supplements never came."""

    KIND = EventKind.STOPPED
    LABEL = "Dừng giải quyết"
    PERMISSION = Action.STOP  # a decision of the agency: a supervisor's
    SOURCES = OPEN_STATUSES
    TARGET = _S.STOPPED
    OUTCOME = "stopped"
    CLI = "stopped"
    ACTION = "&Dừng giải quyết…"
    INPUTS = ("reason", "note")
    SLIP = "stop"

    reason: str = ""

    payload = _reason_required

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _check_reason(Stop.LABEL, p)

    describe = staticmethod(_describe_reason)


@dataclass(frozen=True)
class Resolve(EventDetails):
    """The result is ready at the counter."""

    KIND = EventKind.RESOLVED
    LABEL = "Có kết quả giải quyết"
    SOURCES = WORKING
    TARGET = _S.RESOLVED
    OUTCOME = "resolved"
    CLI = "resolved"
    ACTION = "Có &kết quả…"
    INPUTS = ("result", "note")

    result: str | None = None

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        return {"result": clean_text("result", self.result, ctx.errors, limit=MAX_TEXT) or None}

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        at = event.occurred_at
        return {"resolved_at": at, "late": at > state.due_at, "location": ONE_STOP_UNIT}  # the result waits here

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        result = payload_text(p, "result")
        return [f"kết quả: {result}"] if result else []


_METHODS = frozenset(m.value for m in ReturnMethod)
_METHOD_SHORT = {ReturnMethod.COUNTER.value: "nhận tại quầy", ReturnMethod.POST.value: "gửi qua bưu chính"}


@dataclass(frozen=True)
class ReturnResult(EventDetails):
    """The applicant (or a person they sent) collects the result, or it goes by post. The dossier window opens
    the return dialog for it (gui/return_dialog.py: receiver, CCCD, counter or post)."""

    KIND = EventKind.RESULT_RETURNED
    LABEL = "Trả kết quả"
    SOURCES = frozenset({_S.RESOLVED})
    TARGET = _S.RETURNED
    CLI = "returned"
    ACTION = "&Trả kết quả…"
    INPUTS = (
        "collector",
        "receiver",
        "receiver_id",
        "method",
        "tracking_number",
        "originals",
        "result_kind",
        "result_number",
        "file_location",
        "stored_by",
        "note",
    )
    SLIP = "return"

    receiver: str = ""
    receiver_id: str | None = None
    method: str | None = None  # counter | post; default: as registered at intake
    # Issue 13 item 3. The fee collected at return, if any, is the fees' own record (not a detail of this event).
    collector: str | None = None  # applicant | representative | post; default: post when sent by post, else applicant
    tracking_number: str | None = None  # the postal item's number: required when sent by post
    originals: Sequence[str] = ()  # originals handed back: received papers by position or name, ":N" copies
    result_kind: str | None = None  # "Giấy chứng nhận"
    result_number: str | None = None  # "123/GCN-SKHCN"
    file_location: str | None = None  # "Vị trí lưu hồ sơ": where the paper file goes now
    stored_by: str | None = None  # who puts it there (default: the officer recording the return)

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        registered = ctx.result_delivery()
        chosen = (self.method or (registered if registered in _METHODS else "counter")).strip().lower()
        if chosen not in _METHODS:
            e.append(_Error("method", "chỉ nhận counter (tại quầy) hoặc post (bưu chính)."))
        collector = (self.collector or ("post" if chosen == ReturnMethod.POST.value else "applicant")).strip().lower()
        if collector not in COLLECTORS:
            e.append(_Error("collector", "chỉ nhận applicant (người nộp), representative (người được ủy quyền) "
                                         "hoặc post (bưu chính)."))  # fmt: skip
        elif (collector == "post") != (chosen == ReturnMethod.POST.value):
            e.append(_Error("collector", "trả qua bưu chính thì người nhận là bưu chính (post), và ngược lại."))
        tracking = clean_text("tracking_number", self.tracking_number, e, limit=FIELD_LIMITS["tracking_number"])
        if collector == "post" and not tracking:
            e.append(_Error("tracking_number", "trả qua bưu chính: phải ghi số hiệu bưu gửi."))
        receiver = clean_person("receiver", self.receiver, e, required=collector != "post")
        payload: dict[str, Any] = {
            "receiver": receiver or (COLLECTOR_LABELS["post"] if collector == "post" else ""),
            "receiver_id": clean_id_number(self.receiver_id, e, as_office_time(ctx.at).year),
            "method": chosen,
            "collector": collector,
            "tracking_number": tracking or None,
            "originals": clean_originals(self.originals or (), ctx.received_documents(), e) or None,
            "result_kind": clean_text("result_kind", self.result_kind, e, limit=FIELD_LIMITS["result_kind"]) or None,
            "result_number": clean_text("result_number", self.result_number, e, limit=FIELD_LIMITS["result_number"])
            or None,
        }
        payload.update(_stored(self.file_location, self.stored_by, e))
        return payload

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        if not payload_text(p, "receiver"):
            return f"«{ReturnResult.LABEL}» phải ghi rõ họ tên người nhận kết quả."
        if p.get("method", ReturnMethod.COUNTER.value) not in _METHODS:
            return "hình thức trả kết quả chỉ nhận counter (tại quầy) hoặc post (bưu chính)."
        return None

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        at = event.occurred_at
        return {"returned_at": at, "returned_late": at > state.due_at, **_file_stored(event)}

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        parts = []
        receiver = payload_text(p, "receiver")
        collector = p.get("collector")
        if receiver:
            rid = payload_text(p, "receiver_id")
            who = f" ({COLLECTOR_LABELS[collector].lower()})" if collector == "representative" else ""
            parts.append(f"người nhận: {receiver}{who}" + (f" (CCCD {_mask(rid)})" if rid else ""))
        method = p.get("method")
        if method in _METHOD_SHORT:
            tracking = payload_text(p, "tracking_number")
            parts.append(_METHOD_SHORT[method] + (f", số hiệu {tracking}" if tracking else ""))
        result = " số ".join(x for x in (payload_text(p, "result_kind"), payload_text(p, "result_number")) if x)
        if result:
            parts.append(f"kết quả: {result}")
        originals = describe_originals(p.get("originals"))
        if originals:
            parts.append(f"trả lại bản chính: {originals}")
        return parts + _describe_stored(p)


@dataclass(frozen=True)
class Withdraw(EventDetails):
    """The applicant withdraws the dossier."""

    KIND = EventKind.WITHDRAWN
    LABEL = "Rút hồ sơ"
    SOURCES = OPEN_STATUSES
    TARGET = _S.WITHDRAWN
    OUTCOME = "withdrawn"
    CLI = "withdrawn"
    ACTION = "&Rút hồ sơ…"
    INPUTS = ("reason", "note")

    reason: str | None = None

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        return {"reason": clean_text("reason", self.reason, ctx.errors, limit=MAX_TEXT) or None}

    describe = staticmethod(_describe_reason)


@dataclass(frozen=True)
class PrintSlip(EventDetails):
    """A slip went to the printer (decision 4: recorded after the print succeeded); the next print of the same
    form is a reprint."""

    KIND = EventKind.SLIP_PRINTED
    LABEL = "In phiếu"
    ANY_STATE = True

    form: str = "receipt"
    copies: int | None = 1

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        form = clean_text("form", self.form, ctx.errors, limit=40) or "receipt"
        count = 1 if self.copies is None else self.copies
        if not isinstance(count, int) or not 1 <= count <= 20:
            ctx.errors.append(_Error("copies", "phải từ 1 đến 20."))
        return {"form": form, "copies": count, "reprint": ctx.printed_before(form)}

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        return {"print_count": state.print_count + 1}  # printing does not move the dossier (decision 4)

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        form = p.get("form")
        parts = [SLIP_TIMELINE_LABELS.get(form, form)] if isinstance(form, str) and form else []
        return parts + (["in lại"] if p.get("reprint") else [])


@dataclass(frozen=True)
class AttachFile(EventDetails):
    """A file joined the dossier: a scan of one of its papers (it is then digitised) or the result's file (an
    e-result). The bytes stay in the file store beside the database (store/files.py); the event carries what
    identifies them (SHA-256, size, kind) so any station can tell whether it holds the same file. Recorded by
    services/files.py, never typed: no CLI word, no button of its own in the event row."""

    KIND = EventKind.FILE_ATTACHED
    LABEL = "Đính kèm tệp"
    ANY_STATE = True

    sha256: str = ""
    size: int = 0
    media_type: str = ""
    filename: str = ""
    role: str = FileRole.COMPONENT.value
    document: str = ""  # the checklist paper a scan is of (its name), if said

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        p = {
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "filename": clean_text("filename", self.filename, ctx.errors, limit=200),
            "role": self.role,
            "document": clean_text("document", self.document, ctx.errors, limit=MAX_TEXT) or None,
        }
        problem = payload_problem(p) or AttachFile.check(ctx.state, p)
        if problem:
            ctx.errors.append(_Error("file", problem))
        return p

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        problem = payload_problem(p)
        if problem:
            return problem
        if p["role"] == FileRole.RESULT.value and state.status not in (_S.RESOLVED, _S.RETURNED):
            return "chỉ đính kèm tệp kết quả khi hồ sơ đã có kết quả."
        return None

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        if event.payload.get("role") == FileRole.RESULT.value:
            return {"e_result": True}
        return {"scans": state.scans + 1}

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        role = ROLE_LABELS.get(FileRole(p["role"])) if p.get("role") in set(FileRole) else None
        parts = [role or "tệp"]
        if payload_text(p, "document"):
            parts.append(payload_text(p, "document"))
        parts.append(f"{payload_text(p, 'filename')} ({human_size(p.get('size') or 0)})")
        return parts


def _stored(location: str | None, stored_by: str | None, errors: list[FieldError], *, required: bool = False) -> dict:
    """The paper file's location as a payload's keys (none when not given and not required)."""
    place = clean_file_location(location, errors, required=required)
    by = clean_person("stored_by", stored_by, errors, required=False)
    return {"file_location": place, **({"stored_by": by} if by else {})} if place else {}


def _file_stored(event: DossierEvent) -> dict[str, Any]:
    """The projection's paper-file fields from an event that stored the file (who: the officer, unless said)."""
    place = payload_text(event.payload, "file_location")
    if not place:
        return {}
    return {
        "file_location": place,
        "file_stored_by": payload_text(event.payload, "stored_by") or event.officer,
        "file_stored_at": event.occurred_at,
    }


def _describe_stored(p: dict[str, Any]) -> list[str]:
    place = payload_text(p, "file_location")
    if not place:
        return []
    by = payload_text(p, "stored_by")
    return [f"vị trí lưu hồ sơ: {place}" + (f" (người lưu: {by})" if by else "")]


@dataclass(frozen=True)
class StoreFile(EventDetails):
    """The paper file is put away, or moved ("Vị trí lưu hồ sơ": shelf/box): at any time, as often as it moves;
    the latest one is where the file is (searchable: "Kệ 3 hộp 12")."""

    KIND = EventKind.FILE_STORED
    LABEL = "Lưu hồ sơ giấy"
    ANY_STATE = True
    CLI = "file-stored"
    ACTION = "&Vị trí lưu hồ sơ…"
    INPUTS = ("file_location", "stored_by", "note")

    file_location: str = ""
    stored_by: str | None = None

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        return _stored(self.file_location, self.stored_by, ctx.errors, required=True)

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return None if payload_text(p, "file_location") else f"«{StoreFile.LABEL}» phải ghi vị trí lưu hồ sơ."

    @staticmethod
    def apply(state: DossierState, event: DossierEvent) -> dict[str, Any]:
        return _file_stored(event)

    describe = staticmethod(_describe_stored)


_RATED_STAGES = {_S.RECEIVED: "intake", _S.RETURNED: "return"}


@dataclass(frozen=True)
class Rate(EventDetails):
    """The applicant's satisfaction rating (five levels, an optional comment), at return or on the kiosk facing
    the citizen; never required. The event's officer is the one serving at that counter. Changes nothing else."""

    KIND = EventKind.RATED
    LABEL = "Đánh giá mức độ hài lòng"
    ANY_STATE = True  # at intake, at return, or later: the citizen's opinion is welcome whenever it is given
    CLI = "rated"

    level: int | str | None = None
    comment: str | None = None

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        problem = level_problem(self.level)
        if problem:
            ctx.errors.append(_Error("level", problem))
        level = level_of(self.level)
        return {
            "level": level.number if level else None,
            "comment": clean_text("comment", self.comment, ctx.errors, limit=MAX_COMMENT) or None,
            "stage": _RATED_STAGES.get(ctx.state.status, "other"),  # what was just done for the citizen
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return None if level_of(p.get("level")) else f"«{Rate.LABEL}» phải có mức độ từ 1 đến 5."

    @staticmethod
    def describe(p: dict[str, Any]) -> list[str]:
        level = level_of(p.get("level"))
        comment = payload_text(p, "comment")
        return ([level.label] if level else []) + ([f"ý kiến: {comment}"] if comment else [])


# --- fees: each collection, refund and cancellation is its own event (never an edit; domain/fees.py) --------------


def _fee_amount(value: Any, errors: list[FieldError], *, required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            errors.append(_Error("amount", "không được để trống."))
        return None
    try:
        return parse_amount(value)
    except ValueError as exc:
        errors.append(_Error("amount", str(exc)))
        return None


def _payload_int(p: dict[str, Any], key: str) -> int | None:
    value = p.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _receipt_ref(p: dict[str, Any]) -> str:
    series, number = payload_text(p, "receipt_series"), _payload_int(p, "receipt_number")
    return receipt_label(series, number) if series and number is not None else ""


@dataclass(frozen=True)
class FeeAccount:
    """One receipt of a dossier as its events leave it: collected, refunded so far, cancelled or not."""

    series: str
    number: int
    amount: int
    method: str
    payer: str
    refunded: int = 0
    cancelled: bool = False

    @property
    def remaining(self) -> int:
        return 0 if self.cancelled else self.amount - self.refunded

    @property
    def label(self) -> str:
        return receipt_label(self.series, self.number)


def fee_accounts(events: Iterable[DossierEvent]) -> list[FeeAccount]:
    """The dossier's receipts, in the order collected, with their refunds and cancellations folded in."""
    found: dict[tuple[str, int], FeeAccount] = {}
    for e in events:
        p = e.payload or {}
        key = (payload_text(p, "receipt_series"), _payload_int(p, "receipt_number") or 0)
        amount = _payload_int(p, "amount") or 0
        if e.kind == EventKind.FEE_COLLECTED:
            found[key] = FeeAccount(key[0], key[1], amount, payload_text(p, "method"), payload_text(p, "payer"))
        elif key in found and e.kind == EventKind.FEE_REFUNDED:
            account = found[key]
            found[key] = replace(account, refunded=account.refunded + amount)
        elif key in found and e.kind == EventKind.FEE_CANCELLED:
            found[key] = replace(found[key], cancelled=True)
    return list(found.values())


def _find_receipt(text: str | None, ctx: RecordContext) -> FeeAccount | None:
    """The dossier's receipt the officer named ("1000001", "BL-26 1000001"); errors to ctx.errors."""
    accounts = fee_accounts(ctx.earlier_events())
    if not normalize_text(text or ""):
        if len(accounts) == 1:
            return accounts[0]
        ctx.errors.append(
            _Error("receipt", "hồ sơ chưa có biên lai thu phí nào." if not accounts else "ghi rõ số biên lai.")
        )
        return None
    ref = parse_receipt_ref(text or "")
    if ref is None:
        ctx.errors.append(_Error("receipt", f"'{normalize_text(text or '')}' không phải số biên lai (ví dụ 1000001)."))
        return None
    series, number = ref
    matches = [a for a in accounts if a.number == number and (series is None or a.series == series)]
    if not matches:
        ctx.errors.append(_Error("receipt", f"hồ sơ không có biên lai số {number:07d}."))
        return None
    return matches[-1]


def _check_fee_entry(label: str, p: dict[str, Any], *, collected: bool) -> str | None:
    if not _receipt_ref(p):
        return f"«{label}» thiếu ký hiệu, số biên lai."
    amount = _payload_int(p, "amount")
    if amount is None or not 0 <= amount <= MAX_AMOUNT:
        return f"«{label}» có số tiền không hợp lệ."
    if collected and p.get("method") not in {m.value for m in PaymentMethod}:
        return f"«{label}»: hình thức nộp tiền chỉ nhận cash (tiền mặt) hoặc transfer (chuyển khoản)."
    return None


def _describe_fee(p: dict[str, Any]) -> list[str]:
    parts = [_receipt_ref(p)] if _receipt_ref(p) else []
    amount = _payload_int(p, "amount")
    if amount is not None:
        parts.append(f"{format_dong(amount)} đồng")
    method = p.get("method")
    if method in PAYMENT_METHOD_LABELS:
        parts.append(PAYMENT_METHOD_LABELS[PaymentMethod(method)].lower())
    payer = payload_text(p, "payer")
    if payer:
        parts.append(f"người nộp: {payer}")
    return parts + _describe_reason(p)


@dataclass(frozen=True)
class CollectFee(EventDetails):
    """Phí, lệ phí collected at the counter (at intake, at return, or in between): a receipt "Biên lai thu phí, lệ
    phí" with the next number of this station's block, printed after the event is committed."""

    KIND = EventKind.FEE_COLLECTED
    LABEL = "Thu phí, lệ phí"
    PERMISSION = Action.COLLECT_FEE
    ANY_STATE = True  # at intake, at return, or when the applicant comes to pay
    ACTION = "Th&u phí…"
    INPUTS = ("amount", "payment_method", "payer", "note")

    amount: int | str | None = None  # integer đồng (typed text is read by domain.fees.parse_amount)
    payment_method: str | None = None  # cash | transfer (default cash)
    payer: str | None = None  # default: the applicant

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        amount = _fee_amount(self.amount, e)
        method = (self.payment_method or PaymentMethod.CASH.value).strip().lower()
        if method not in {m.value for m in PaymentMethod}:
            e.append(_Error("payment_method", "chỉ nhận cash (tiền mặt) hoặc transfer (chuyển khoản)."))
        payer = clean_text("payer", self.payer, e, limit=MAX_NAME) or ctx.applicant_name()
        if e:
            return {}  # no number is taken for a request that will not be written
        procedure = ctx.procedure()
        schedule = procedure.fees if procedure else None
        if schedule and schedule.items and not any(i.per_unit for i in schedule.items):
            expected = schedule.fixed_total()
            if amount != expected:
                ctx.warnings.append(
                    f"Số tiền thu {format_dong(amount or 0)} đồng khác mức thu của thủ tục "
                    f"({format_dong(expected)} đồng): kiểm tra lại nếu không có miễn, giảm."
                )
        series, number = ctx.next_fee_receipt()
        return {
            "receipt_series": series,
            "receipt_number": number,
            "amount": amount,
            "method": method,
            "payer": payer,
            "procedure_code": procedure.code if procedure else None,
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _check_fee_entry(CollectFee.LABEL, p, collected=True)

    describe = staticmethod(_describe_fee)


@dataclass(frozen=True)
class RefundFee(EventDetails):
    """Part or all of a receipt paid back to the payer (a supervisor's decision): a new entry, the receipt stays."""

    KIND = EventKind.FEE_REFUNDED
    LABEL = "Hoàn trả phí, lệ phí"
    PERMISSION = Action.REFUND_FEE
    ANY_STATE = True
    ACTION = "H&oàn trả phí…"
    INPUTS = ("receipt", "amount", "reason", "note")

    receipt: str | None = None  # the receipt number (may be left out when the dossier has one receipt)
    amount: int | str | None = None  # default: what is left of the receipt
    reason: str = ""

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        account = _find_receipt(self.receipt, ctx)
        amount = _fee_amount(self.amount, e, required=False)
        reason = clean_text("reason", self.reason, e, limit=MAX_TEXT, required=True)
        if account is None:
            return {}
        if account.cancelled:
            e.append(_Error("receipt", f"biên lai {account.label} đã bị hủy."))
            return {}
        amount = account.remaining if amount is None else amount
        if amount <= 0:
            e.append(_Error("amount", f"biên lai {account.label} không còn tiền để hoàn trả."))
        elif amount > account.remaining:
            e.append(
                _Error(
                    "amount",
                    f"hoàn trả quá số đã thu: biên lai {account.label} còn {format_dong(account.remaining)} đồng.",
                )
            )
        return {
            "receipt_series": account.series,
            "receipt_number": account.number,
            "amount": amount,
            "method": account.method,
            "reason": reason,
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _check_fee_entry(RefundFee.LABEL, p, collected=False) or _check_reason(RefundFee.LABEL, p)

    describe = staticmethod(_describe_fee)


@dataclass(frozen=True)
class CancelFeeReceipt(EventDetails):
    """A receipt cancelled (hủy biên lai: written wrongly, or the applicant did not pay after all; a supervisor's
    decision). The receipt and its number stay; what was left of it no longer counts in the register."""

    KIND = EventKind.FEE_CANCELLED
    LABEL = "Hủy biên lai thu phí"
    PERMISSION = Action.REFUND_FEE
    ANY_STATE = True
    ACTION = "Hủy biên l&ai…"
    INPUTS = ("receipt", "reason", "note")

    receipt: str | None = None
    reason: str = ""

    def payload(self, ctx: RecordContext) -> dict[str, Any]:
        e = ctx.errors
        account = _find_receipt(self.receipt, ctx)
        reason = clean_text("reason", self.reason, e, limit=MAX_TEXT, required=True)
        if account is None:
            return {}
        if account.cancelled:
            e.append(_Error("receipt", f"biên lai {account.label} đã bị hủy trước đó."))
        return {
            "receipt_series": account.series,
            "receipt_number": account.number,
            "amount": account.remaining,  # what the cancellation takes off the register
            "method": account.method,
            "reason": reason,
        }

    @staticmethod
    def check(state: DossierState, p: dict[str, Any]) -> str | None:
        return _check_fee_entry(CancelFeeReceipt.LABEL, p, collected=False) or _check_reason(CancelFeeReceipt.LABEL, p)

    describe = staticmethod(_describe_fee)


EVENT_KINDS: dict[EventKind, type[EventDetails]] = {
    cls.KIND: cls
    for cls in (
        Received,
        HandOver,
        ReturnFromDivision,
        RequestSupplement,
        ReceiveSupplement,
        Refuse,
        Extend,
        Stop,
        Resolve,
        ReturnResult,
        Withdraw,
        PrintSlip,
        AttachFile,
        Rate,
        CollectFee,
        RefundFee,
        CancelFeeReceipt,
        StoreFile,
    )
}
assert list(EVENT_KINDS) == list(EventKind), "every event kind needs its class, in EventKind's order"
EVENT_LABELS: dict[EventKind, str] = {kind: cls.LABEL for kind, cls in EVENT_KINDS.items()}


def event_action(kind: EventKind | str) -> Action:
    """The permission recording `kind` needs (decisions — refusal, apology, stop — are a supervisor's)."""
    return EVENT_KINDS[EventKind(kind)].PERMISSION


def by_cli_word(word: str) -> type[EventDetails]:
    return next(cls for cls in EVENT_KINDS.values() if cls.CLI == word)


# --- a request: one event for one dossier ---------------------------------------------------------------------


@dataclass(frozen=True)
class EventRequest:
    """Record `details` (one event kind's typed request) for dossier `code`; `at` None: now; `officer` None: the
    station's officer."""

    code: str
    details: EventDetails
    at: datetime | None = None
    officer: str | None = None
    note: str | None = None

    @property
    def kind(self) -> EventKind:
        return self.details.KIND

    @classmethod
    def of(
        cls,
        code: str,
        kind: EventKind | str,
        *,
        at: datetime | None = None,
        officer: str | None = None,
        note: str | None = None,
        **details: Any,
    ) -> EventRequest:
        """The request from loose values (a script's options, a dialog's inputs): empty values are left out,
        a value the kind does not take is refused (ValidationError), not dropped."""
        return cls(code, details_for(kind, details), at=at, officer=officer, note=note)


def _given(value: Any) -> bool:
    return value is not False and value not in (None, "", [], ())  # an unticked flag is not given


def details_for(kind: EventKind | str, values: dict[str, Any]) -> EventDetails:
    """Kind `kind`'s typed request from `values` (names of DETAILS). Raises ValidationError naming any value the
    kind does not take, or an unknown kind."""
    try:
        details_cls = EVENT_KINDS[EventKind(kind)]
    except ValueError:
        raise ValidationError([_Error("kind", f"không có loại sự kiện '{kind}'.")]) from None
    taken = set(details_cls.detail_names())
    errors: list[FieldError] = [
        _Error(name, f"không dùng cho «{details_cls.LABEL}».")
        for name, value in values.items()
        if _given(value) and name not in taken
    ]
    if errors:
        raise ValidationError(errors)
    given = {name: value for name, value in values.items() if _given(value)}
    for name in ("missing", "originals"):  # the repeatable details: one value or several
        if isinstance(given.get(name), str):
            given[name] = (given[name],)
        elif name in given:
            given[name] = tuple(given[name])
    return details_cls(**given)


# --- slip forms ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipForm:
    """One slip form: how the CLI, the GUI and timelines name it, and the event it is printed from."""

    form: str  # the name scripts type (`counter-app slip CODE FORM`) and the stored slip_printed form
    title: str  # its full Vietnamese title
    short: str  # a timeline's name for it, with the form number
    help: str  # `counter-app slip --help`
    source: EventKind | None = None  # printed from the dossier's latest event of this kind; None: from the dossier
    not_applicable: str = ""  # why it cannot be printed without that event: {code}, {status} and {event} filled in
    per_dossier: bool = True  # False: a register over many dossiers


SLIPS: dict[str, SlipForm] = {
    s.form: s
    for s in (
        SlipForm("receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Giấy tiếp nhận (mẫu 01)",
                 "giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)"),
        SlipForm("supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Phiếu yêu cầu bổ sung (mẫu 02)",
                 "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)", EventKind.SUPPLEMENT_REQUESTED,
                 "Hồ sơ {code} chưa có yêu cầu bổ sung, hoàn thiện hồ sơ (trạng thái «{status}»)."),
        SlipForm("refusal", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Phiếu từ chối (mẫu 03)",
                 "phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)", EventKind.REFUSED,
                 "Hồ sơ {code} không bị từ chối tiếp nhận, giải quyết (trạng thái «{status}»): "
                 "không có phiếu từ chối để in."),
        SlipForm("apology", "Văn bản xin lỗi và hẹn lại ngày trả kết quả", "Văn bản xin lỗi, hẹn lại (mẫu 04)",
                 "văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)", EventKind.EXTENDED,
                 "Hồ sơ {code} chưa có văn bản xin lỗi/gia hạn: chưa ghi nhận «{event}» (trạng thái «{status}»)."),
        SlipForm("stop", "Thông báo dừng giải quyết hồ sơ", "Thông báo dừng giải quyết (mẫu 05)",
                 "thông báo dừng giải quyết hồ sơ (mẫu 05)", EventKind.STOPPED,
                 "Hồ sơ {code} không bị dừng giải quyết (trạng thái «{status}»): không có thông báo dừng để in."),
        SlipForm("control", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Phiếu kiểm soát (mẫu 06)",
                 "phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06; mẫu 05 theo TT 01/2018)"),
        SlipForm("return", "Phiếu trả kết quả giải quyết hồ sơ", "Phiếu trả kết quả",
                 "phiếu trả kết quả giải quyết hồ sơ", EventKind.RESULT_RETURNED,
                 "Hồ sơ {code} chưa trả kết quả (trạng thái «{status}»): không có phiếu trả kết quả để in."),
        SlipForm("register", "Sổ theo dõi hồ sơ", "Sổ theo dõi hồ sơ", "sổ theo dõi hồ sơ", per_dossier=False),
    )
}  # fmt: skip
SLIP_FORMS: tuple[str, ...] = tuple(s.form for s in SLIPS.values() if s.per_dossier)
SLIP_TIMELINE_LABELS: dict[str, str] = {s.form: s.short for s in SLIPS.values()}
assert all(cls.SLIP in SLIP_FORMS for cls in EVENT_KINDS.values() if cls.SLIP), "an event calls for an unknown slip"
assert all(name in DETAILS or name in COMMON_DETAILS for cls in EVENT_KINDS.values() for name in cls.INPUTS)
assert all(name in DETAILS for cls in EVENT_KINDS.values() for name in cls.detail_names())
