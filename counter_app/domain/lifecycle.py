"""Lifecycle rules of a dossier: which event may follow which, and what each one leads to.

Pure domain code (no Qt, no store). The transition table is the single source of truth; the projection
(dossier.apply_event) refuses any event the table does not allow, so no state change the rules forbid can be
written, whichever layer tries.

    event                    may follow                                        leads to
    received                 (nothing: the first event of a dossier)           received
    handed_over              received, in_progress                             in_progress
    returned_from_division   in_progress                                       in_progress (back at the one-stop unit)
    supplement_requested     received, in_progress                             awaiting_supplement (clock paused)
    supplement_received      awaiting_supplement                               in_progress (clock resumes)
    refused                  received, in_progress, awaiting_supplement        refused
    extended                 received, in_progress, awaiting_supplement        (unchanged; new due date)
    stopped                  received, in_progress, awaiting_supplement        stopped
    resolved                 received, in_progress                             resolved
    result_returned          resolved                                          returned
    withdrawn                received, in_progress, awaiting_supplement        withdrawn
    slip_printed             any state                                         (unchanged)

Besides the table, an event may not be dated before the dossier's last event, and some events must carry
certain details (a refusal its reason, an extension a later date, a return the person who collected it).

An extension (apology and new date, form 04) moves the due date only when it is made by the due moment in force
(`extension_in_time`): Decree 61/2018/NĐ-CP Art. 19 (kept by Decree 107/2021/NĐ-CP) has the deciding agency send the
apology with the new date before the due date (at the latest one day before; Circular 01/2018/TT-VPCP form 04).
One made later is still recorded — provinces require the apology for a late dossier all the same (e.g. HCMC
QĐ 5157/QĐ-UBND 2016, Quảng Bình QĐ 15/2018/QĐ-UBND), and the applicant needs the new date — but the dossier stays
late: the due date the reports and lists judge by does not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from counter_app.domain.calendar import OfficeCalendar, as_office_time
from counter_app.domain.catalogue import DurationUnit, ProcessingTime
from counter_app.domain.due_dates import DueDate, Pause, compute_due
from counter_app.domain.events import (
    EVENT_LABELS,
    DossierEvent,
    EventKind,
    ReturnMethod,
)
from counter_app.domain.state import ONE_STOP_UNIT, STATUS_LABELS, DossierState, DossierStatus

__all__ = [
    "EVENT_LABELS",
    "ONE_STOP_UNIT",
    "OPEN_STATUSES",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "Transition",
    "TransitionError",
    "allowed_kinds",
    "can_follow",
    "check_event",
    "check_fits",
    "describe_event",
    "due_after_resume",
    "extension_in_time",
    "extension_problem",
    "latest_extension",
    "refusal_message",
    "target_status",
]

_S = DossierStatus
# Still being handled: the clock matters, the applicant may still withdraw.
OPEN_STATUSES = frozenset({_S.RECEIVED, _S.IN_PROGRESS, _S.AWAITING_SUPPLEMENT})
# Nothing leads out of these (slips may still be printed).
TERMINAL_STATUSES = frozenset({_S.REFUSED, _S.STOPPED, _S.RETURNED, _S.WITHDRAWN})
_WORKING = frozenset({_S.RECEIVED, _S.IN_PROGRESS})


@dataclass(frozen=True)
class Transition:
    kind: EventKind
    sources: frozenset[DossierStatus]  # statuses the event may follow; empty: only as a dossier's first event
    target: DossierStatus | None  # the status it leads to; None: the status does not change
    any_state: bool = False  # slip_printed: allowed whatever the status


TRANSITIONS: dict[EventKind, Transition] = {
    t.kind: t
    for t in (
        Transition(EventKind.RECEIVED, frozenset(), _S.RECEIVED),
        Transition(EventKind.HANDED_OVER, _WORKING, _S.IN_PROGRESS),
        Transition(EventKind.RETURNED_FROM_DIVISION, frozenset({_S.IN_PROGRESS}), _S.IN_PROGRESS),
        Transition(EventKind.SUPPLEMENT_REQUESTED, _WORKING, _S.AWAITING_SUPPLEMENT),
        Transition(EventKind.SUPPLEMENT_RECEIVED, frozenset({_S.AWAITING_SUPPLEMENT}), _S.IN_PROGRESS),
        Transition(EventKind.REFUSED, OPEN_STATUSES, _S.REFUSED),
        Transition(EventKind.EXTENDED, OPEN_STATUSES, None),
        Transition(EventKind.STOPPED, OPEN_STATUSES, _S.STOPPED),
        Transition(EventKind.RESOLVED, _WORKING, _S.RESOLVED),
        Transition(EventKind.RESULT_RETURNED, frozenset({_S.RESOLVED}), _S.RETURNED),
        Transition(EventKind.WITHDRAWN, OPEN_STATUSES, _S.WITHDRAWN),
        Transition(EventKind.SLIP_PRINTED, frozenset(), None, any_state=True),
    )
}
assert set(TRANSITIONS) == set(EventKind), "every event kind needs a row in the transition table"


class TransitionError(ValueError):
    """An event that does not fit the dossier: wrong state, dated before its last event, or missing details.

    str() is a complete Vietnamese sentence naming the dossier and its state, for the officer.
    """

    def __init__(self, message: str, *, code: str = "", status: str | None = None, kind: EventKind | None = None):
        super().__init__(message)
        self.code = code
        self.status = status
        self.kind = kind


# Short Vietnamese names of the slips, for timelines ("In phiếu: Giấy tiếp nhận (mẫu 01); in lại").
SLIP_FORM_LABELS = {
    "receipt": "Giấy tiếp nhận (mẫu 01)",
    "supplement": "Phiếu yêu cầu bổ sung (mẫu 02)",
    "refusal": "Phiếu từ chối (mẫu 03)",
    "apology": "Văn bản xin lỗi, hẹn lại (mẫu 04)",
    "stop": "Thông báo dừng giải quyết (mẫu 05)",
    "control": "Phiếu kiểm soát (mẫu 06)",
    "return": "Phiếu trả kết quả",
    "register": "Sổ theo dõi hồ sơ",
}


def can_follow(status: DossierStatus | None, kind: EventKind) -> bool:
    transition = TRANSITIONS[EventKind(kind)]
    if status is None:
        return kind == EventKind.RECEIVED
    return transition.any_state or status in transition.sources


def target_status(status: DossierStatus, kind: EventKind) -> DossierStatus:
    """The status after `kind` (the same status for events that do not change it)."""
    target = TRANSITIONS[EventKind(kind)].target
    return status if target is None else target


def allowed_kinds(status: DossierStatus) -> tuple[EventKind, ...]:
    """The events that may be recorded now, in table order (for menus and the scanner's next action)."""
    return tuple(kind for kind in EventKind if can_follow(status, kind))


def _fmt(moment: datetime) -> str:
    return as_office_time(moment).strftime("%H:%M ngày %d/%m/%Y")


def _status_label(status: DossierStatus) -> str:
    return STATUS_LABELS[DossierStatus(status)]


def refusal_message(code: str, status: DossierStatus, kind: EventKind) -> str:
    return (
        f"Hồ sơ {code} đang ở trạng thái «{_status_label(status)}»: "
        f"không thể ghi nhận «{EVENT_LABELS[EventKind(kind)]}»."
    )


def _text(payload: dict[str, Any], key: str) -> str:
    value = payload.get(key)
    return value.strip() if isinstance(value, str) else ""


def _moment(payload: dict[str, Any], key: str) -> datetime | None:
    value = payload.get(key)
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_fits(state: DossierState, kind: EventKind, at: datetime) -> None:
    """Raise TransitionError unless an event of `kind` at `at` may follow `state` (table and time order)."""
    kind = EventKind(kind)
    code, status = state.code, state.status
    if kind == EventKind.RECEIVED:
        raise TransitionError(
            f"Hồ sơ {code} đã được tiếp nhận trước đó ({_fmt(state.received_at)}).", code=code, status=status, kind=kind
        )
    if not can_follow(status, kind):
        raise TransitionError(refusal_message(code, status, kind), code=code, status=status, kind=kind)
    if at < state.last_event_at:
        raise TransitionError(
            f"Hồ sơ {code}: thời điểm {_fmt(at)} trước sự kiện gần nhất của hồ sơ ({_fmt(state.last_event_at)}); "
            f"không thể ghi nhận «{EVENT_LABELS[kind]}» lùi về trước đó.",
            code=code,
            status=status,
            kind=kind,
        )


def check_event(state: DossierState | None, event: DossierEvent) -> None:
    """Raise TransitionError unless `event` may be folded into `state` (None: a dossier not yet received)."""
    kind = EventKind(event.kind)
    label = EVENT_LABELS[kind]
    if state is None:
        if kind != EventKind.RECEIVED:
            raise TransitionError(f"Hồ sơ chưa được tiếp nhận: không thể ghi nhận «{label}».", kind=kind)
        if not _moment(event.payload, "due_at") or not _text(event.payload, "code"):
            raise TransitionError("Sự kiện tiếp nhận thiếu mã hồ sơ hoặc ngày hẹn trả.", kind=kind)
        return
    check_fits(state, kind, event.occurred_at)
    code, status = state.code, state.status
    fail = lambda message: TransitionError(message, code=code, status=status, kind=kind)  # noqa: E731
    p = event.payload
    if kind == EventKind.HANDED_OVER and not _text(p, "to_unit"):
        raise fail(f"Hồ sơ {code}: «{label}» phải ghi rõ đơn vị nhận hồ sơ.")
    if kind == EventKind.SUPPLEMENT_REQUESTED:
        missing = p.get("missing")
        if not isinstance(missing, list) or not [m for m in missing if isinstance(m, str) and m.strip()]:
            raise fail(f"Hồ sơ {code}: «{label}» phải liệt kê giấy tờ cần bổ sung.")
    if kind in (EventKind.REFUSED, EventKind.STOPPED, EventKind.EXTENDED) and not _text(p, "reason"):
        raise fail(f"Hồ sơ {code}: «{label}» phải ghi rõ lý do.")
    if kind in (EventKind.SUPPLEMENT_RECEIVED, EventKind.EXTENDED):
        new_due = _moment(p, "due_at")
        if new_due is None:
            raise fail(f"Hồ sơ {code}: «{label}» thiếu ngày hẹn trả kết quả mới.")
        if kind == EventKind.EXTENDED and new_due <= state.due_at:
            raise fail(
                f"Hồ sơ {code}: ngày hẹn lại {_fmt(new_due)} phải muộn hơn ngày hẹn hiện tại {_fmt(state.due_at)}."
            )
    if kind == EventKind.RESULT_RETURNED:
        if not _text(p, "receiver"):
            raise fail(f"Hồ sơ {code}: «{label}» phải ghi rõ họ tên người nhận kết quả.")
        if p.get("method", ReturnMethod.COUNTER.value) not in {m.value for m in ReturnMethod}:
            raise fail(f"Hồ sơ {code}: hình thức trả kết quả chỉ nhận counter (tại quầy) hoặc post (bưu chính).")


# --- due dates across pauses and extensions -----------------------------------------------------------

LATE_EXTENSION_BASIS = "Nghị định 61/2018/NĐ-CP, Điều 19 (văn bản xin lỗi, hẹn lại phải gửi trước ngày hết hạn)"


def extension_in_time(made_at: datetime, due_at: datetime) -> bool:
    """Whether an apology with a new date made at `made_at` extends a dossier due at `due_at` (made by the due
    moment). A later one is recorded, but the dossier stays late (see the module docstring)."""
    return as_office_time(made_at) <= as_office_time(due_at)


def late_extension_warning(code: str, due_at: datetime) -> str:
    return (
        f"Hồ sơ {code} đã quá hạn từ {_fmt(due_at)}: văn bản xin lỗi và ngày hẹn mới được ghi nhận để báo người nộp, "
        f"nhưng hồ sơ vẫn tính là quá hạn trong báo cáo và danh sách ({LATE_EXTENSION_BASIS})."
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
    from counter_app.domain.due_dates import compute_due

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
            f"{_fmt(new_due)} quá xa: ngày hẹn mới muộn nhất là {_fmt(cap)} — thêm {processing.describe()} kể từ "
            f"{since} {_fmt(base)} ({EXTENSION_LENGTH_BASIS})."
        )
    return None


def due_after_resume(
    received_at: datetime,
    processing: ProcessingTime,
    calendar: OfficeCalendar,
    pauses: Sequence[Pause],
    extension: tuple[datetime, datetime] | None = None,
) -> tuple[DueDate, datetime]:
    """The due dates once a pause has closed: (the legal computation, the promised moment).

    The legal due date is compute_due over all closed pauses (each adds the working time it covers). After an
    extension (apology with a new date, made at `extension[0]`, promising `extension[1]`), the promise is the
    extension's date moved on by the working time paused after the extension was made: the new date was set
    knowing everything up to then, and a later wait for the applicant must not eat into it.
    """
    closed = [p for p in pauses if p.end is not None]
    legal = compute_due(received_at, processing, calendar, closed)
    if extension is None:
        return legal, legal.due
    made_at, promised = as_office_time(extension[0]), as_office_time(extension[1])
    added = timedelta()
    for pause in closed:
        start, end = max(as_office_time(pause.start), made_at), as_office_time(pause.end)
        if end > start:
            added += calendar.working_time(start, end)
    return legal, calendar.add_working_time(promised, added) if added else promised


# --- timeline text ------------------------------------------------------------------------------------


def _mask(value: str) -> str:
    return "•" * (len(value) - 4) + value[-4:] if len(value) > 4 else value


_METHOD_SHORT = {ReturnMethod.COUNTER.value: "nhận tại quầy", ReturnMethod.POST.value: "gửi qua bưu chính"}


def describe_event(event: DossierEvent) -> str:
    """One line of details for a timeline, in Vietnamese (personal numbers masked)."""
    p = event.payload or {}
    kind = EventKind(event.kind)
    parts: list[str] = []

    def add(prefix: str, key: str) -> None:
        text = _text(p, key)
        if text:
            parts.append(f"{prefix}{text}")

    if kind == EventKind.RECEIVED:
        due = _moment(p, "due_at")
        if due:
            parts.append(f"hẹn trả {_fmt(due)}")
    elif kind in (EventKind.HANDED_OVER, EventKind.RETURNED_FROM_DIVISION):
        route = " → ".join(x for x in (_text(p, "from_unit"), _text(p, "to_unit")) if x)
        if route:
            parts.append(route)
        add("người nhận: ", "receiver")
    elif kind == EventKind.SUPPLEMENT_REQUESTED:
        missing = [m for m in p.get("missing") or () if isinstance(m, str)]
        if missing:
            parts.append("giấy tờ: " + "; ".join(missing))
        add("lý do: ", "reason")
    elif kind == EventKind.SUPPLEMENT_RECEIVED:
        due = _moment(p, "due_at")
        if due:
            parts.append(f"hẹn trả mới {_fmt(due)}")
    elif kind == EventKind.EXTENDED:
        due, before = _moment(p, "due_at"), _moment(p, "previous_due_at")
        if due:
            parts.append(f"hẹn lại {_fmt(due)}" + (f" (trước đó {_fmt(before)})" if before else ""))
        if before and not extension_in_time(event.occurred_at, before):
            parts.append("ghi sau khi đã quá hạn: hồ sơ vẫn tính quá hạn")
        add("lý do: ", "reason")
    elif kind in (EventKind.REFUSED, EventKind.STOPPED, EventKind.WITHDRAWN):
        add("lý do: ", "reason")
    elif kind == EventKind.RESOLVED:
        add("kết quả: ", "result")
    elif kind == EventKind.RESULT_RETURNED:
        receiver = _text(p, "receiver")
        if receiver:
            rid = _text(p, "receiver_id")
            parts.append(f"người nhận: {receiver}" + (f" (CCCD {_mask(rid)})" if rid else ""))
        method = p.get("method")
        if method in _METHOD_SHORT:
            parts.append(_METHOD_SHORT[method])
    elif kind == EventKind.SLIP_PRINTED:
        form = p.get("form")
        if isinstance(form, str) and form:
            parts.append(SLIP_FORM_LABELS.get(form, form))
        if p.get("reprint"):
            parts.append("in lại")
    if kind != EventKind.RECEIVED:
        add("ghi chú: ", "note")
    return "; ".join(parts)
