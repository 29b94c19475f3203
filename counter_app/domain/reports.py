"""The period report on handling dossiers ("Biểu số 06/VPCP/KSTT", DOMAIN.md §4): periods, the 13 columns,
their identities, early/on-time/late, and the written rule for dossiers that end without a result.

Pure domain code (no Qt, no store). The store keeps per-day counts (store/report_counts.py) built from the
deltas computed here, one event at a time (`report_deltas`); `rows_from_counts` turns two cumulative sums into
report rows; `naive_counts` recounts the same numbers from whole dossier histories, the slow and obvious way,
and is what the fast path is tested against.

Definitions (docs/REPORTS.md says the same in prose, and the report prints them in its notes):

- A period covers the moments [S, E): S = its first day 00:00, E = the day after its last day 00:00 (office
  time, +07:00). A period still running is counted up to now ("tính đến HH:MM ngày dd/mm/yyyy").
- The state of a dossier at a moment T is the fold of its events dated before T.
- Received in the period (col. 4, 5): the intake moment is in [S, E); by channel: online (col. 4), directly or by
  public post (col. 5). Carried over (col. 6): received before S and still being handled at S.
- Handling ends with the first event among resolved, refused, stopped, withdrawn ("closure"). Resolved in the
  period (col. 7–10): closures in [S, E), classified against the promised date in force at that moment (after
  extensions and pauses; the original date stays on the dossier for display): early (col. 8) if on a day before
  the promised day, on time (col. 9) if on the promised day and not after the promised moment, late (col. 10)
  if after the promised moment. A closure while the clock was paused (awaiting supplements) is judged at the
  moment the pause began.
- THE RULE for refused, stopped and withdrawn dossiers: they count as handled ("đã giải quyết", col. 7) in the
  period in which handling ended, classified early/on time/late like a result, and the report's notes give how
  many of col. 7 ended each way. A refusal at the counter before a receipt is issued (form 03 at intake) never
  becomes a dossier and is not counted. So every dossier is counted from its receipt until handling ends, and
  the pending of one period (col. 11) is exactly the carried over of the next (col. 6).
- Pending at the end (col. 11): still being handled at E (or now). Overdue (col. 13): the promised moment is
  before E (or now), unless the clock is paused: a paused dossier is overdue only if its pause began after
  its promised moment. Within the deadline (col. 12): the others.

Identities, checked on every row: col3 = col4 + col5 + col6; col7 = col8 + col9 + col10; col11 = col12 + col13;
col3 = col7 + col11.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.dossier import DossierState, DossierStatus
from counter_app.domain.events import Channel, DossierEvent
from counter_app.domain.lifecycle import apply_event, fold_events
from counter_app.domain.policy import CHOICES as POLICY_CHOICES
from counter_app.domain.policy import ReportPolicy

__all__ = [
    "CLOSING_OUTCOMES",
    "COLUMN_HEADINGS",
    "COUNT_COLUMNS",
    "OUTPUT_KEYS",
    "PeriodError",
    "Report",
    "ReportIdentityError",
    "ReportPeriod",
    "ReportRow",
    "Timeliness",
    "classify_closure",
    "custom_period",
    "local_day",
    "naive_counts",
    "parse_period",
    "policy_footnotes",
    "report_deltas",
    "rows_from_counts",
]

DEFAULT_CUTOFF_DAY = 15  # periods run from the 15th to the 14th (DOMAIN.md §4.2)
OPEN_STATUSES = frozenset({DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.AWAITING_SUPPLEMENT})
CLOSING_OUTCOMES = ("refused", "stopped", "withdrawn")  # the closures that are not a result

OUTCOME_LABELS = {"refused": "từ chối giải quyết", "stopped": "dừng giải quyết", "withdrawn": "rút hồ sơ"}


# --------------------------------------------------------------------------------------------- periods


class PeriodError(ValueError):
    """A period the officer typed that means nothing; str() is a Vietnamese sentence."""


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _short(day: date) -> str:
    """15/3/2021: how the office writes dates in narrative text."""
    return f"{day.day}/{day.month}/{day.year}"


def _long(day: date) -> str:
    """15/03/2021: how a form writes them."""
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: its first and last day (both included) and how to call it."""

    kind: str  # month | quarter | half | year | custom
    start: date
    end: date
    label: str  # "Quý II năm 2021"
    code: str  # "2021-Q2", "2021-06", "2021-H1", "2021", "2021-04-01..2021-04-30"
    previous_label: str = "kỳ trước"  # "quý I": for "… từ quý I chuyển sang"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"Ngày kết thúc {_long(self.end)} trước ngày bắt đầu {_long(self.start)}.")

    @property
    def start_moment(self) -> datetime:
        return datetime.combine(self.start, time(0), OFFICE_TZ)

    @property
    def end_moment(self) -> datetime:
        """The first moment after the period (the day after its last day, 00:00)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), OFFICE_TZ)

    def as_of(self, now: datetime) -> datetime | None:
        """`now` if the period is still running at `now`, else None (a closed period)."""
        now = as_office_time(now)
        return now if now < self.end_moment else None

    def range_text(self, short: bool = False) -> str:
        f = _short if short else _long
        return f"Từ ngày {f(self.start)} đến ngày {f(self.end)}"

    def to_json(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "kind": self.kind,
            "label": self.label,
            "code": self.code,
        }


def _cut(year: int, month: int, cutoff_day: int) -> date:
    """The first day of the period that ends in (year, month): the cut-off day of the month before."""
    if month == 1:
        return date(year - 1, 12, cutoff_day)
    return date(year, month - 1, cutoff_day)


def _last(year: int, month: int, cutoff_day: int) -> date:
    return date(year, month, cutoff_day - 1)


def month_period(year: int, month: int, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> ReportPeriod:
    if not 1 <= month <= 12:
        raise PeriodError(f"Tháng {month} không có.")
    prev = "tháng 12 năm trước" if month == 1 else f"tháng {month - 1}"
    return ReportPeriod(
        "month",
        _cut(year, month, cutoff_day),
        _last(year, month, cutoff_day),
        f"Tháng {month} năm {year}",
        f"{year}-{month:02d}",
        prev,
    )


def quarter_period(year: int, quarter: int, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> ReportPeriod:
    if quarter not in ROMAN:
        raise PeriodError(f"Quý {quarter} không có (chỉ có quý 1 đến 4).")
    last_month = quarter * 3
    prev = f"quý IV năm {year - 1}" if quarter == 1 else f"quý {ROMAN[quarter - 1]}"
    return ReportPeriod(
        "quarter",
        _cut(year, last_month - 2, cutoff_day),
        _last(year, last_month, cutoff_day),
        f"Quý {ROMAN[quarter]} năm {year}",
        f"{year}-Q{quarter}",
        prev,
    )


def half_period(year: int, half: int, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> ReportPeriod:
    if half not in (1, 2):
        raise PeriodError(f"Nửa năm {half} không có (chỉ có H1, H2).")
    last_month = half * 6
    label = f"6 tháng đầu năm {year}" if half == 1 else f"6 tháng cuối năm {year}"
    prev = f"6 tháng cuối năm {year - 1}" if half == 1 else "6 tháng đầu năm"
    return ReportPeriod(
        "half",
        _cut(year, last_month - 5, cutoff_day),
        _last(year, last_month, cutoff_day),
        label,
        f"{year}-H{half}",
        prev,
    )


def year_period(year: int, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> ReportPeriod:
    return ReportPeriod(
        "year", _cut(year, 1, cutoff_day), _last(year, 12, cutoff_day), f"Năm {year}", f"{year}", f"năm {year - 1}"
    )


def custom_period(start: date, end: date) -> ReportPeriod:
    return ReportPeriod(
        "custom", start, end, f"Từ ngày {_long(start)} đến ngày {_long(end)}", f"{start.isoformat()}..{end.isoformat()}"
    )


def report_month(day: date, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> tuple[int, int]:
    """(year, month) of the monthly period that contains `day` (from the 15th a day belongs to next month's)."""
    if day.day < cutoff_day:
        return day.year, day.month
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def period_containing(day: date, kind: str) -> ReportPeriod:
    """The month, quarter, half-year or year period that contains `day`."""
    year, month = report_month(day)
    if kind == "month":
        return month_period(year, month)
    if kind == "quarter":
        return quarter_period(year, (month - 1) // 3 + 1)
    if kind == "half":
        return half_period(year, 1 if month <= 6 else 2)
    if kind == "year":
        return year_period(year)
    raise PeriodError(f"Không có loại kỳ '{kind}'.")


def previous_period(period: ReportPeriod) -> ReportPeriod:
    """The period of the same kind just before `period` (a custom range: the same length just before)."""
    if period.kind == "custom":
        length = period.end - period.start
        return custom_period(period.start - length - timedelta(days=1), period.start - timedelta(days=1))
    return period_containing(period.start - timedelta(days=1), period.kind)


_PATTERNS = (
    (re.compile(r"^(\d{4})-?[Qq]([1-4])$"), lambda y, n: quarter_period(y, n)),
    (re.compile(r"^[Qq]([1-4])[-/](\d{4})$"), lambda n, y: quarter_period(y, n)),
    (re.compile(r"^(\d{4})-?[Hh]([12])$"), lambda y, n: half_period(y, n)),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), lambda y, n: month_period(y, n)),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), lambda n, y: month_period(y, n)),
    (re.compile(r"^(\d{4})$"), lambda y: year_period(y)),
)


def parse_period(text: str) -> ReportPeriod:
    """ "2021-Q2" (or Q2-2021), "2021-06" (or 6/2021), "2021-H1", "2021"; "A..B" with ISO dates for a custom range."""
    value = (text or "").strip()
    if ".." in value:
        first, _, last = value.partition("..")
        try:
            return custom_period(date.fromisoformat(first.strip()), date.fromisoformat(last.strip()))
        except ValueError as exc:
            if isinstance(exc, PeriodError):
                raise
            raise PeriodError(f"Khoảng ngày '{value}' không hợp lệ (ví dụ 2021-04-01..2021-04-30).") from None
    for pattern, build in _PATTERNS:
        match = pattern.match(value)
        if match:
            numbers = [int(g) for g in match.groups()]
            year = numbers[0] if len(str(match.group(1))) == 4 else numbers[-1]
            if not 2000 <= year <= 2100:
                raise PeriodError(f"Năm {year} nằm ngoài khoảng 2000–2100.")
            return build(*numbers)
    raise PeriodError(
        f"Kỳ báo cáo '{value}' không hợp lệ. Ví dụ: 2021-Q2 (quý), 2021-06 (tháng), 2021-H1 (6 tháng), 2021 (năm)."
    )


# --------------------------------------------------------------------------------------------- classification


class Timeliness(StrEnum):
    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


TIMELINESS_LABELS = {Timeliness.EARLY: "Trước hạn", Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Quá hạn"}


def local_day(moment: datetime) -> date:
    """The office-time calendar day of a moment: the key the per-day counts are filed under."""
    return as_office_time(moment).date()


# The four classes of a closure every report choice is built from (the per-day counts keep each of them):
BEFORE_DAY = "before_day"  # on a day before the promised day: early under every rule
ON_DAY_EARLY = "on_day_early"  # on the promised day, before the promised moment: on time by day, early by moment
AT_MOMENT = "at_moment"  # at the promised moment exactly: on time under every rule
AFTER = "after"  # after the promised moment: late


def closure_class(moment: datetime, due_at: datetime) -> str:
    if moment > due_at:
        return AFTER
    if local_day(moment) < local_day(due_at):
        return BEFORE_DAY
    return ON_DAY_EARLY if moment < due_at else AT_MOMENT


def classify_closure(
    closed_at: datetime, due_at: datetime, paused_since: datetime | None = None, early_rule: str = "day"
) -> Timeliness:
    """Early, on time or late against the promised moment. By `early_rule` "day" (the default, setting
    reports.early_rule): early on a day before the promised day, on time on the promised day not after the promised
    moment; by "moment": early before the promised moment, on time at it. Late: after it. While the clock is
    paused the dossier is judged at the moment the pause began."""
    cls = closure_class(paused_since if paused_since is not None else closed_at, due_at)
    if cls == AFTER:
        return Timeliness.LATE
    if cls == BEFORE_DAY or (cls == ON_DAY_EARLY and early_rule == "moment"):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def judge_closure(
    closed_at: datetime,
    due_at: datetime,
    paused_since: datetime | None,
    *,
    excused: bool,
    returned_late: bool,
    policy: ReportPolicy,
) -> Timeliness:
    """The column of a closure under the report choices, read the obvious way (naive_counts): the centre variant
    (ii06a) counts an excused closure (while awaiting supplements, or a withdrawal) on time; "trả muộn" counted
    late (late_return = late) makes a result returned after the promised moment late; otherwise classify_closure."""
    if policy.variant == "ii06a" and excused:
        return Timeliness.ON_TIME
    if policy.late_return == "late" and returned_late:
        return Timeliness.LATE
    return classify_closure(closed_at, due_at, paused_since, policy.early_rule)


_CLOSED_COLUMNS = {
    BEFORE_DAY: ("closed_early",),
    ON_DAY_EARLY: ("closed_on_time", "closed_on_day_early"),
    AT_MOMENT: ("closed_on_time",),
    AFTER: ("closed_late",),
}
_EXCUSED_COLUMNS = {BEFORE_DAY: ("excused_early",), ON_DAY_EARLY: ("excused_on_day_early",), AFTER: ("excused_late",)}
_RETURNED_LATE_COLUMNS = {
    BEFORE_DAY: ("returned_late_early",),
    ON_DAY_EARLY: ("returned_late_on_time", "returned_late_on_day_early"),
    AT_MOMENT: ("returned_late_on_time",),
}


def closure_columns(closed_at: datetime, due_at: datetime, paused_since: datetime | None, excused: bool) -> tuple:
    """The per-day count columns one closure adds 1 to: its class by day, whether it was on the promised day before
    the promised moment, and, for an excused closure (awaiting supplements, or withdrawn), its class again."""
    cls = closure_class(paused_since if paused_since is not None else closed_at, due_at)
    return _CLOSED_COLUMNS[cls] + (_EXCUSED_COLUMNS.get(cls, ()) if excused else ())


def returned_late_columns(resolved_at: datetime, due_at: datetime) -> tuple:
    """The columns a result not late when resolved but returned after the promised moment adds 1 to (on the day of
    its result): its class by day, and whether it was on the promised day before the promised moment."""
    return _RETURNED_LATE_COLUMNS.get(closure_class(resolved_at, due_at), ())


def is_excused(prev: DossierState, new: DossierState) -> bool:
    """A closure the centre variant counts on time: while awaiting supplements, or a withdrawal."""
    return prev.paused_since is not None or new.outcome == "withdrawn"


def overdue_from(state: DossierState | None, segment_start: datetime) -> datetime | None:
    """For a dossier in `state` from `segment_start` until its next event: the moment after which it counts as
    overdue pending (None: not pending, or never overdue in this state). A paused dossier is overdue only if the
    pause began after the promised moment, and then for the whole segment."""
    if state is None or state.status not in OPEN_STATUSES:
        return None
    if state.paused_since is not None:
        return segment_start if state.paused_since > state.due_at else None
    return max(segment_start, state.due_at)


def is_overdue_at(state: DossierState, moment: datetime, policy: ReportPolicy | None = None) -> bool:
    """Whether a pending dossier in `state` is overdue at `moment` (the same rule as overdue_from); the centre
    variant (ii06a) counts a dossier awaiting supplements within the deadline."""
    if state.paused_since is not None:
        if policy is not None and policy.variant == "ii06a":
            return False
        return state.paused_since > state.due_at
    return state.due_at < moment


# --------------------------------------------------------------------------------------------- per-day counts

# What the store keeps per (day, field, procedure), and per month and year: every report column is a sum or a
# difference of cumulative sums of these.
RECEIVED_COLUMNS = {
    Channel.DIRECT: "received_direct",
    Channel.POSTAL: "received_postal",
    Channel.ONLINE: "received_online",
}
COUNT_COLUMNS: tuple[str, ...] = (
    "received_direct",
    "received_postal",
    "received_online",
    "closed_early",
    "closed_on_time",
    "closed_late",
    "closed_refused",
    "closed_stopped",
    "closed_withdrawn",
    "overdue_change",
    # What the report choices (ReportPolicy) move between the columns above; added by migration 0013:
    "closed_on_day_early",  # of closed_on_time: on the promised day before the promised moment (early_rule)
    "excused_early",  # of the closures while awaiting supplements or by withdrawal, by class (variant ii06a)
    "excused_on_day_early",
    "excused_late",
    "returned_late_early",  # results not late, returned after the promised moment, by class (late_return)
    "returned_late_on_time",
    "returned_late_on_day_early",
    "overdue_paused_change",  # of overdue_change: the stretches while awaiting supplements (variant ii06a)
)
_INDEX = {name: i for i, name in enumerate(COUNT_COLUMNS)}


@dataclass(frozen=True)
class CountDelta:
    day: date
    column: str
    delta: int


def report_deltas(prev: DossierState | None, new: DossierState, at: datetime, channel: str) -> list[CountDelta]:
    """What one event (at `at`, taking the dossier from `prev` to `new`) changes in the per-day counts.

    Received: +1 on the day of receipt, by channel. Closure: +1 on its day, by timeliness (and by outcome when it
    is not a result). Overdue pending: each stretch (o, t] during which the dossier is overdue adds +1 to
    overdue_change on the day of o and −1 on the day of t, so "overdue pending at the end of day X" is the
    cumulative sum of overdue_change up to X. An event cuts the open stretch where it is and opens a new one
    with the new state; changes that cancel are dropped, so an event that changes nothing the report sees (a
    slip printed, a hand-over) writes nothing.
    """
    acc: dict[tuple[date, str], int] = defaultdict(int)
    if prev is None:
        acc[(local_day(new.received_at), RECEIVED_COLUMNS[Channel(channel)])] += 1
    else:
        o_prev = overdue_from(prev, prev.last_event_at)
        if o_prev is not None:
            # The open stretch (o_prev, ∞) ends here; if it had not begun yet, it never existed.
            day = local_day(at if o_prev < at else o_prev)
            acc[(day, "overdue_change")] -= 1
            if prev.paused_since is not None:
                acc[(day, "overdue_paused_change")] -= 1
        if prev.status in OPEN_STATUSES and new.status not in OPEN_STATUSES:
            day = local_day(at)
            for column in closure_columns(at, prev.due_at, prev.paused_since, is_excused(prev, new)):
                acc[(day, column)] += 1
            if new.outcome in CLOSING_OUTCOMES:
                acc[(day, f"closed_{new.outcome}")] += 1
        elif (
            prev.status == DossierStatus.RESOLVED
            and new.status == DossierStatus.RETURNED
            and new.returned_late
            and prev.resolved_at is not None
        ):
            # "Trả muộn": filed on the day of the result, so the period that counted the result sees it.
            for column in returned_late_columns(prev.resolved_at, prev.due_at):
                acc[(local_day(prev.resolved_at), column)] += 1
    o_new = overdue_from(new, at)
    if o_new is not None:
        acc[(local_day(o_new), "overdue_change")] += 1
        if new.paused_since is not None:
            acc[(local_day(o_new), "overdue_paused_change")] += 1
    return [CountDelta(day, column, delta) for (day, column), delta in sorted(acc.items()) if delta]


def history_deltas(events: Iterable[DossierEvent], channel: str) -> list[CountDelta]:
    """A whole dossier's contribution to the per-day counts (its events in order), merged: what a rebuild adds,
    and what a station must take away and add again when a dossier's history changes other than at its end
    (events merged from another station)."""
    acc: dict[tuple[date, str], int] = defaultdict(int)
    state: DossierState | None = None
    for event in events:
        new = apply_event(state, event)
        for delta in report_deltas(state, new, event.occurred_at, channel):
            acc[(delta.day, delta.column)] += delta.delta
        state = new
    return [CountDelta(day, column, delta) for (day, column), delta in sorted(acc.items()) if delta]


TRACED_OUTCOMES = frozenset(CLOSING_OUTCOMES)


def is_simple(state: DossierState) -> bool:
    """Whether the dossier's contribution follows from its current state alone (`simple_deltas`): no pause, no
    extension, and handling ended by a result or not ended. Other dossiers keep their contribution (a trace)."""
    return not state.supplement_rounds and not state.extension_count and (state.outcome or "") not in TRACED_OUTCOMES


def simple_deltas(
    received_at: datetime,
    channel: str,
    due_at: datetime,
    resolved_at: datetime | None,
    returned_at: datetime | None = None,
) -> list[CountDelta]:
    """The contribution of a simple dossier (see is_simple): what history_deltas gives for it, from five values."""
    acc: dict[tuple[date, str], int] = defaultdict(int)
    acc[(local_day(received_at), RECEIVED_COLUMNS[Channel(channel)])] += 1
    if resolved_at is not None:
        for column in closure_columns(resolved_at, due_at, None, False):
            acc[(local_day(resolved_at), column)] += 1
        if returned_at is not None and returned_at > due_at:
            for column in returned_late_columns(resolved_at, due_at):
                acc[(local_day(resolved_at), column)] += 1
    start = max(received_at, due_at)
    if resolved_at is None or start < resolved_at:
        acc[(local_day(start), "overdue_change")] += 1
        if resolved_at is not None:
            acc[(local_day(resolved_at), "overdue_change")] -= 1
    return [CountDelta(day, column, delta) for (day, column), delta in sorted(acc.items()) if delta]


def merge_deltas(*groups: Iterable[CountDelta], signs: Sequence[int] | None = None) -> list[CountDelta]:
    acc: dict[tuple[date, str], int] = defaultdict(int)
    for n, group in enumerate(groups):
        sign = signs[n] if signs else 1
        for delta in group:
            acc[(delta.day, delta.column)] += sign * delta.delta
    return [CountDelta(day, column, delta) for (day, column), delta in sorted(acc.items()) if delta]


def zero_counts() -> list[int]:
    return [0] * len(COUNT_COLUMNS)


def add_delta(counts: list[int], column: str, delta: int) -> None:
    counts[_INDEX[column]] += delta


# --------------------------------------------------------------------------------------------- rows


class ReportIdentityError(AssertionError):
    """The numbers of a row do not reconcile: a bug or damaged aggregate counts, never the officer's doing."""


# The 11 figures of a row, in column order (col. 3 to col. 13), as the JSON names them.
OUTPUT_KEYS: tuple[str, ...] = (
    "received_total",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
)
# Column number (1-based, as printed "(3)") and Vietnamese heading of each figure.
COLUMN_HEADINGS: dict[str, tuple[int, str]] = {
    "received_total": (3, "Tổng số"),
    "received_online": (4, "Trực tuyến"),
    "received_direct": (5, "Trực tiếp, dịch vụ bưu chính"),
    "carried_over": (6, "Từ kỳ trước"),
    "resolved_total": (7, "Tổng số"),
    "resolved_early": (8, "Trước hạn"),
    "resolved_on_time": (9, "Đúng hạn"),
    "resolved_late": (10, "Quá hạn"),
    "pending_total": (11, "Tổng số"),
    "pending_within": (12, "Trong hạn"),
    "pending_overdue": (13, "Quá hạn"),
}
GROUP_HEADINGS = (
    ("Số hồ sơ nhận giải quyết", ("received_total", "received_online", "received_direct", "carried_over")),
    ("Số hồ sơ đã giải quyết", ("resolved_total", "resolved_early", "resolved_on_time", "resolved_late")),
    ("Số hồ sơ đang giải quyết", ("pending_total", "pending_within", "pending_overdue")),
)
FORM_NUMBER = "Biểu số 06/VPCP/KSTT"
FORM_TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
UNIT_LINE = "Đơn vị tính: Số hồ sơ TTHC"


@dataclass(frozen=True)
class ReportRow:
    """One line of the form: a field (or a procedure), or the total. The 11 figures are stored as computed; the
    identities are checked, not assumed (`check`)."""

    key: str  # field code, procedure code, or "" for the total
    label: str
    received_total: int
    received_online: int
    received_direct: int  # directly or by public post
    carried_over: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending_total: int
    pending_within: int
    pending_overdue: int
    # How many of resolved_total ended without a result (the rule above).
    resolved_refused: int = 0
    resolved_stopped: int = 0
    resolved_withdrawn: int = 0
    field_code: str = ""  # the field of a procedure row
    field_name: str = ""
    received_postal: int = 0  # of received_direct, by public post

    def figures(self) -> tuple[int, ...]:
        return tuple(getattr(self, k) for k in OUTPUT_KEYS)

    def problems(self) -> list[str]:
        out = []
        if self.received_total != self.received_online + self.received_direct + self.carried_over:
            out.append("(3) ≠ (4) + (5) + (6)")
        if self.resolved_total != self.resolved_early + self.resolved_on_time + self.resolved_late:
            out.append("(7) ≠ (8) + (9) + (10)")
        if self.pending_total != self.pending_within + self.pending_overdue:
            out.append("(11) ≠ (12) + (13)")
        if self.received_total != self.resolved_total + self.pending_total:
            out.append("(3) ≠ (7) + (11)")
        extra = (self.resolved_refused, self.resolved_stopped, self.resolved_withdrawn, self.received_postal)
        if any(v < 0 for v in (*self.figures(), *extra)):
            out.append("số âm")
        if self.resolved_refused + self.resolved_stopped + self.resolved_withdrawn > self.resolved_total:
            out.append("từ chối + dừng + rút > (7)")
        if self.received_postal > self.received_direct:
            out.append("bưu chính > (5)")
        return out

    def check(self) -> ReportRow:
        problems = self.problems()
        if problems:
            raise ReportIdentityError(
                f"Số liệu dòng «{self.label}» không khớp: {'; '.join(problems)} ({self.figures()})."
            )
        return self

    def to_json(self) -> dict:
        data = {k: getattr(self, k) for k in OUTPUT_KEYS}
        data.update(
            resolved_refused=self.resolved_refused,
            resolved_stopped=self.resolved_stopped,
            resolved_withdrawn=self.resolved_withdrawn,
            received_postal=self.received_postal,
        )
        return data

    @property
    def on_time_share(self) -> float | None:
        """Share of resolved dossiers resolved early or on time (None when none was resolved)."""
        return (self.resolved_early + self.resolved_on_time) / self.resolved_total if self.resolved_total else None


def sum_rows(rows: Sequence[ReportRow], label: str = "Tổng cộng") -> ReportRow:
    numeric = [f.name for f in fields(ReportRow) if f.type in ("int", int)]
    return ReportRow(key="", label=label, **{name: sum(getattr(r, name) for r in rows) for name in numeric}).check()


def row_from_counts(
    key: str,
    label: str,
    before: Sequence[int],
    end: Sequence[int],
    overdue_correction: int = 0,
    policy: ReportPolicy | None = None,
    **extra,
) -> ReportRow:
    """A row from the cumulative counts up to the day before the period (`before`) and up to its last counted day
    (`end`), under the report choices `policy` (default: the settings' defaults). `overdue_correction`: dossiers the
    per-day counts file as overdue today whose promised moment is still ahead (only for a period counted up to
    now)."""
    policy = policy or ReportPolicy()
    b, e = before, end
    i = _INDEX
    received_b = b[i["received_direct"]] + b[i["received_postal"]] + b[i["received_online"]]
    received_e = e[i["received_direct"]] + e[i["received_postal"]] + e[i["received_online"]]
    closed_b = b[i["closed_early"]] + b[i["closed_on_time"]] + b[i["closed_late"]]
    closed_e = e[i["closed_early"]] + e[i["closed_on_time"]] + e[i["closed_late"]]

    def d(name: str) -> int:
        return e[i[name]] - b[i[name]]

    online = d("received_online")
    direct = d("received_direct") + d("received_postal")
    carried = received_b - closed_b
    early, on_time, late = d("closed_early"), d("closed_on_time"), d("closed_late")
    by_moment = policy.early_rule == "moment"
    if by_moment:  # on the promised day before the promised moment: early, not on time
        early, on_time = early + d("closed_on_day_early"), on_time - d("closed_on_day_early")
    if policy.late_return == "late":  # results returned after the promised moment: late
        moved_early = d("returned_late_early") + (d("returned_late_on_day_early") if by_moment else 0)
        moved_on_time = d("returned_late_on_time") - (d("returned_late_on_day_early") if by_moment else 0)
        early, on_time, late = early - moved_early, on_time - moved_on_time, late + moved_early + moved_on_time
    if policy.variant == "ii06a":  # closures while awaiting supplements and withdrawals: on time
        moved_early = d("excused_early") + (d("excused_on_day_early") if by_moment else 0)
        moved_late = d("excused_late")
        early, on_time, late = early - moved_early, on_time + moved_early + moved_late, late - moved_late
    pending = received_e - closed_e
    overdue = e[i["overdue_change"]] - overdue_correction
    if policy.variant == "ii06a":  # awaiting supplements: within the deadline
        overdue -= e[i["overdue_paused_change"]]
    return ReportRow(
        key=key,
        label=label,
        received_total=online + direct + carried,
        received_online=online,
        received_direct=direct,
        carried_over=carried,
        resolved_total=closed_e - closed_b,
        resolved_early=early,
        resolved_on_time=on_time,
        resolved_late=late,
        pending_total=pending,
        pending_within=pending - overdue,
        pending_overdue=overdue,
        resolved_refused=d("closed_refused"),
        resolved_stopped=d("closed_stopped"),
        resolved_withdrawn=d("closed_withdrawn"),
        received_postal=d("received_postal"),
        **extra,
    ).check()


def rows_from_counts(
    labels: Mapping[str, str],
    before: Mapping[str, Sequence[int]],
    end: Mapping[str, Sequence[int]],
    corrections: Mapping[str, int] | None = None,
    *,
    include_empty: bool = False,
    extra: Mapping[str, dict] | None = None,
    policy: ReportPolicy | None = None,
) -> list[ReportRow]:
    """One checked row per key of `labels` (in that order), from cumulative counts per key, under `policy`."""
    zero = zero_counts()
    corrections = corrections or {}
    extra = extra or {}
    rows = []
    for key, label in labels.items():
        row = row_from_counts(
            key,
            label,
            before.get(key, zero),
            end.get(key, zero),
            corrections.get(key, 0),
            policy,
            **extra.get(key, {}),
        )
        if include_empty or any(row.figures()):
            rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Report:
    period: ReportPeriod
    rows: tuple[ReportRow, ...]
    total: ReportRow
    group_by: str = "field"  # field | procedure | agency (the deciding agency)
    as_of: datetime | None = None  # set while the period is still running
    generated_at: datetime | None = None
    agency_name: str = "Sở Khoa học và Công nghệ"  # as written in a sentence
    governing_name: str = ""
    unit_name: str = "Bộ phận Một cửa"
    place: str = ""
    notes: tuple[str, ...] = ()
    summary: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    policy: dict = field(default_factory=dict)  # the report choices it was made under {"reports.early_rule": …}
    footnotes: tuple[str, ...] = ()  # one per policy setting that changes a figure (policy_footnotes)

    @property
    def period_line(self) -> str:
        """ "(Từ ngày 15/03/2021 đến ngày 14/06/2021)" plus "tính đến …" for a running period."""
        text = f"({self.period.range_text()})"
        if self.as_of is not None:
            text += f", tính đến {self.as_of:%H:%M} ngày {self.as_of:%d/%m/%Y}"
        return text

    def to_json(self) -> dict:
        def row_json(row: ReportRow) -> dict:
            head = {"stt": None, "label": row.label}
            if self.group_by == "procedure":
                head.update(
                    procedure=row.key, procedure_name=row.label, field=row.field_code, field_name=row.field_name
                )
            elif self.group_by == "agency":
                head.update(deciding_agency=row.key)
            else:
                head.update(field=row.key, field_name=row.label)
            return {**head, **row.to_json()}

        rows = []
        for n, row in enumerate(self.rows, start=1):
            item = row_json(row)
            item["stt"] = n
            rows.append(item)
        return {
            "form": FORM_NUMBER,
            "title": FORM_TITLE,
            "agency": {"governing": self.governing_name, "name": self.agency_name, "unit": self.unit_name},
            "period": {
                **self.period.to_json(),
                "as_of": self.as_of.isoformat(timespec="seconds") if self.as_of else None,
            },
            "group_by": self.group_by,
            "rows": rows,
            "total": self.total.to_json(),
            "notes": list(self.notes),
            "policy": dict(self.policy),
            "footnotes": list(self.footnotes),
            "summary": self.summary,
            "generated_at": self.generated_at.isoformat(timespec="seconds") if self.generated_at else None,
        }


def _n(value: int) -> str:
    """Counts in official prose: at least two digits (03, 11, 125), thousands with a dot (48.182); none is 0."""
    return f"{value:02,d}".replace(",", ".") if value else "0"


def report_notes(
    report_total: ReportRow, as_of: datetime | None, policy: ReportPolicy | None = None
) -> tuple[str, ...]:
    policy = policy or ReportPolicy()
    t = report_total
    if policy.early_rule == "moment":
        timeliness = (
            "Trước hạn: có kết quả trước thời điểm hẹn trả; đúng hạn: đúng thời điểm hẹn trả; quá hạn: sau thời điểm "
            "hẹn trả."
        )
    else:
        timeliness = (
            "Trước hạn: có kết quả trước ngày hẹn trả; đúng hạn: trong ngày hẹn trả; quá hạn: sau thời điểm hẹn trả."
        )
    if policy.late_return == "late":
        timeliness += " Hồ sơ trả kết quả cho người nộp sau thời điểm hẹn trả tính là quá hạn."
    excused = policy.variant == "ii06a"
    notes = [
        "Kỳ báo cáo tính từ 00:00 ngày đầu kỳ đến hết ngày cuối kỳ (kỳ tháng, quý, 6 tháng, năm: từ ngày 15 tháng "
        "trước đến ngày 14 tháng cuối kỳ)."
        + (f" Kỳ chưa kết thúc: số liệu tính đến {as_of:%H:%M} ngày {as_of:%d/%m/%Y}." if as_of else ""),
        "(4) + (5) + (6) = (3); (8) + (9) + (10) = (7); (12) + (13) = (11); (7) + (11) = (3). Số đang giải quyết cuối "
        "kỳ này là số từ kỳ trước chuyển sang của kỳ sau.",
        timeliness + " Ngày hẹn trả là ngày đã hẹn sau khi gia hạn (xin lỗi và hẹn lại) và sau thời gian chờ bổ sung "
        "hồ sơ.",
        "Hồ sơ từ chối giải quyết, dừng giải quyết hoặc người nộp rút hồ sơ được tính là đã giải quyết (7) trong kỳ "
        "kết thúc xử lý, "
        + (
            "hồ sơ rút và hồ sơ kết thúc khi đang chờ bổ sung tính đúng hạn (biến thể II.06a), các hồ sơ khác phân "
            "loại trước hạn/đúng hạn/quá hạn như hồ sơ có kết quả"
            if excused
            else "phân loại trước hạn/đúng hạn/quá hạn như hồ sơ có kết quả"
        )
        + (
            f"; trong kỳ này: {t.resolved_refused} từ chối, {t.resolved_stopped} dừng, {t.resolved_withdrawn} rút."
            if (t.resolved_refused or t.resolved_stopped or t.resolved_withdrawn)
            else "; trong kỳ này không có hồ sơ nào như vậy."
        )
        + " Hồ sơ bị từ chối ngay khi tiếp nhận (không cấp giấy tiếp nhận) không được tính.",
        "Hồ sơ đang chờ bổ sung tính trong hạn (biến thể II.06a)."
        if excused
        else "Hồ sơ đang chờ bổ sung không tính thời gian; chỉ là quá hạn nếu đã quá hạn khi bắt đầu chờ bổ sung.",
    ]
    return tuple(notes)


# The figures a report choice can move: the classes of resolved (8–10) and pending (12–13) dossiers.
CLASS_KEYS = ("resolved_early", "resolved_on_time", "resolved_late", "pending_within", "pending_overdue")


def _setting_text(key: str, value: str) -> str:
    choice = POLICY_CHOICES[key]
    default = " (mặc định)" if value == choice.default else f" (mặc định: {choice.default})"
    return f"{key} = {value}{default}: {choice.options[value]}"


def policy_footnotes(
    total: ReportRow,
    alternatives: Mapping[str, ReportRow],
    policy: ReportPolicy,
    due_values: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """One footnote per policy setting that changes a figure of the report: a report choice whose other value
    gives another total (`alternatives`: {"early_rule": the total under the other value, …}), with the columns it
    changes and how many dossiers it moves; a due-date choice (`due_values`, settings due.*) set away from its
    default, since it moved the appointment dates the figures are judged against. Each names the setting, its
    value and the basis of the default."""
    notes = []
    for name, other_total in alternatives.items():
        key, value = f"reports.{name}", getattr(policy, name)
        changed = [k for k in CLASS_KEYS if getattr(total, k) != getattr(other_total, k)]
        if not changed:
            continue
        moved = sum(max(0, getattr(total, k) - getattr(other_total, k)) for k in changed)
        other = getattr(policy.flipped(name), name)
        columns = ", ".join(f"({COLUMN_HEADINGS[k][0]})" for k in changed)
        notes.append(
            f"{_setting_text(key, value)}. Cột {columns}: {_n(moved)} hồ sơ tính khác so với {other}. "
            f"{'Căn cứ' if value == POLICY_CHOICES[key].default else 'Căn cứ của mặc định'}: {POLICY_CHOICES[key].basis}."
        )
    for key, value in (due_values or {}).items():
        choice = POLICY_CHOICES[key]
        if value == choice.default:
            continue
        notes.append(
            f"{_setting_text(key, value)}. Ngày hẹn trả của hồ sơ tiếp nhận theo thiết lập này (căn cứ phân loại "
            f"cột (8)–(10), (12)–(13)) tính theo lựa chọn đó. Căn cứ của mặc định: {choice.basis}."
        )
    return tuple(f"(*) Thiết lập {note}" for note in notes)


def _field_phrase(row: ReportRow, period: ReportPeriod) -> str:
    if row.carried_over and row.carried_over == row.received_total:
        return f"{_n(row.received_total)} hồ sơ từ {period.previous_label} chuyển sang"
    if row.carried_over:
        return f"{_n(row.received_total)} hồ sơ (trong đó {_n(row.carried_over)} hồ sơ từ {period.previous_label} chuyển sang)"
    return f"{_n(row.received_total)} hồ sơ"


def summary_paragraph(report: Report) -> str:
    """The narrative paragraph an officer copies into the office's report, in the style of the reference report:
    "Từ ngày 15/3/2021 đến ngày 14/6/2021, Bộ phận Một cửa của Sở … đã tiếp nhận và giải quyết 71 hồ sơ (trong
    đó gồm: …)…"."""
    t, p = report.total, report.period
    opening = f"{p.range_text(short=True)}"
    if report.as_of is not None:
        opening += f" (số liệu tính đến {report.as_of:%H:%M} ngày {_short(report.as_of.date())})"
    who = f"{report.unit_name} của {report.agency_name}" if report.agency_name else report.unit_name
    if t.received_total == 0:
        return f"{opening}, {who} không có hồ sơ thủ tục hành chính nào phải giải quyết."
    parts = [
        f"{opening}, {who} đã tiếp nhận và giải quyết {_n(t.received_total)} hồ sơ (trong đó gồm: "
        f"{_n(t.received_online)} hồ sơ trực tuyến; {_n(t.received_direct)} hồ sơ trực tiếp hoặc qua dịch vụ bưu chính "
        f"công ích và {_n(t.carried_over)} hồ sơ từ kỳ trước chuyển sang)."
    ]
    if report.group_by == "field":
        rows = sorted(report.rows, key=lambda r: (-r.received_total, r.label))
        rows = [r for r in rows if r.received_total]
        if len(rows) == 1:
            parts.append(f"Toàn bộ hồ sơ thuộc lĩnh vực {rows[0].label}.")
        elif rows:
            head, rest = rows[0], rows[1:]
            others = ", ".join(f"{_n(r.received_total)} hồ sơ lĩnh vực {r.label}" for r in rest)
            parts.append(
                f"Số lượng lớn hồ sơ giải quyết tập trung ở lĩnh vực {head.label}: {_field_phrase(head, p)}, "
                f"còn lại là {others}."
            )
    if t.resolved_total == t.received_total and t.resolved_total:
        if t.resolved_early == t.resolved_total:
            parts.append(f"Tất cả {_n(t.resolved_total)} hồ sơ đều được giải quyết trước hạn.")
        elif t.resolved_late == 0:
            parts.append(
                f"Tất cả {_n(t.resolved_total)} hồ sơ đều được giải quyết đúng hạn hoặc trước hạn "
                f"({_n(t.resolved_early)} trước hạn, {_n(t.resolved_on_time)} đúng hạn)."
            )
        else:
            parts.append(
                f"Tất cả {_n(t.resolved_total)} hồ sơ đã được giải quyết: {_n(t.resolved_early)} trước hạn, "
                f"{_n(t.resolved_on_time)} đúng hạn, {_n(t.resolved_late)} quá hạn."
            )
    else:
        if t.resolved_total:
            share = round(100 * (t.resolved_early + t.resolved_on_time) / t.resolved_total, 1)
            share_text = f"{share:g}".replace(".", ",")
            parts.append(
                f"Đã giải quyết {_n(t.resolved_total)} hồ sơ: {_n(t.resolved_early)} trước hạn, "
                f"{_n(t.resolved_on_time)} đúng hạn, {_n(t.resolved_late)} quá hạn (tỷ lệ đúng hạn và trước hạn "
                f"{share_text}%)."
            )
        else:
            parts.append("Trong kỳ chưa có hồ sơ nào được giải quyết xong.")
        ending = "đến thời điểm báo cáo" if report.as_of is not None else "chuyển sang kỳ sau"
        parts.append(
            f"Còn {_n(t.pending_total)} hồ sơ đang giải quyết {ending} ({_n(t.pending_within)} trong hạn, "
            f"{_n(t.pending_overdue)} quá hạn)."
        )
    ended = [
        (t.resolved_refused, "từ chối giải quyết"),
        (t.resolved_stopped, "dừng giải quyết"),
        (t.resolved_withdrawn, "do người nộp rút hồ sơ"),
    ]
    ended = [(n, text) for n, text in ended if n]
    if ended:
        parts.append("Trong số hồ sơ đã giải quyết có " + ", ".join(f"{_n(n)} hồ sơ {text}" for n, text in ended) + ".")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------- naive recount


@dataclass(frozen=True)
class DossierHistory:
    """Everything the naive recount needs about one dossier: where it is counted and its events in order."""

    key: str  # field or procedure code
    channel: str
    events: tuple[DossierEvent, ...]


def naive_counts(
    histories: Iterable[DossierHistory], period: ReportPeriod, now: datetime, policy: ReportPolicy | None = None
) -> dict[str, ReportRow]:
    """The report rows by key, recounted from whole histories by folding each dossier's events: the slow, obvious
    reading of the definitions at the top of this module (under the report choices `policy`), against which the
    per-day counts are tested. A result returned late counts by its whole history (the return may come after the
    period: the per-day counts file it on the day of the result too)."""
    policy = policy or ReportPolicy()
    as_of = period.as_of(now)
    start = period.start_moment
    if as_of is not None:
        # A running period counts every event recorded so far (up to the end of today) and judges overdue now.
        events_end = datetime.combine(as_of.date() + timedelta(days=1), time(0), OFFICE_TZ)
        judge_at = as_of
    else:
        events_end = judge_at = period.end_moment
    acc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for history in histories:
        state: DossierState | None = None
        at_start: DossierState | None = None
        at_end: DossierState | None = None
        a = acc[history.key]
        final = fold_events(history.events)
        returned_late = final is not None and final.returned_late
        for event in history.events:
            t = event.occurred_at
            prev = state
            state = apply_event(state, event)
            if t < start:
                at_start = state
            if t < events_end:
                at_end = state
                if (
                    t >= start
                    and prev is not None
                    and prev.status in OPEN_STATUSES
                    and state.status not in OPEN_STATUSES
                ):
                    timeliness = judge_closure(
                        t,
                        prev.due_at,
                        prev.paused_since,
                        excused=is_excused(prev, state),
                        returned_late=returned_late,
                        policy=policy,
                    )
                    a["resolved_" + timeliness.value] += 1
                    if state.outcome in CLOSING_OUTCOMES:
                        a["resolved_" + state.outcome] += 1
        if state is None:
            continue
        received = state.received_at
        if start <= received < events_end:
            a["received_online" if history.channel == Channel.ONLINE else "received_direct"] += 1
            if history.channel == Channel.POSTAL:
                a["received_postal"] += 1
        elif received < start and at_start is not None and at_start.status in OPEN_STATUSES:
            a["carried_over"] += 1
        if at_end is not None and at_end.status in OPEN_STATUSES:
            a["pending_total"] += 1
            if is_overdue_at(at_end, judge_at, policy):
                a["pending_overdue"] += 1
    out: dict[str, ReportRow] = {}
    for key, a in acc.items():
        resolved = a["resolved_early"] + a["resolved_on_time"] + a["resolved_late"]
        out[key] = ReportRow(
            key=key,
            label=key,
            received_total=a["received_online"] + a["received_direct"] + a["carried_over"],
            received_online=a["received_online"],
            received_direct=a["received_direct"],
            carried_over=a["carried_over"],
            resolved_total=resolved,
            resolved_early=a["resolved_early"],
            resolved_on_time=a["resolved_on_time"],
            resolved_late=a["resolved_late"],
            pending_total=a["pending_total"],
            pending_within=a["pending_total"] - a["pending_overdue"],
            pending_overdue=a["pending_overdue"],
            resolved_refused=a["resolved_refused"],
            resolved_stopped=a["resolved_stopped"],
            resolved_withdrawn=a["resolved_withdrawn"],
            received_postal=a["received_postal"],
        ).check()
    return out


# --- the table as every export prints it (XLSX, PDF) ------------------------------------------------------

LABEL_HEADING = "Lĩnh vực, công việc giải quyết theo cấp"
LABEL_HEADING_PROCEDURE = "Lĩnh vực, thủ tục hành chính"
LABEL_HEADING_AGENCY = "Cơ quan giải quyết"  # `report --by agency` (issue 13 item 2)
LABEL_HEADINGS = {"field": LABEL_HEADING, "procedure": LABEL_HEADING_PROCEDURE, "agency": LABEL_HEADING_AGENCY}
ROMAN_NUMERALS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]


def roman(n: int) -> str:
    return ROMAN_NUMERALS[n - 1] if 1 <= n <= len(ROMAN_NUMERALS) else str(n)


def table_lines(report: Report) -> Iterator[tuple[str, str, ReportRow, str]]:
    """The body of the table as (number, label, row, kind) with kind "field", "procedure" or "total": per field a
    numbered row; per procedure the procedures numbered under a bold row per field with its subtotal."""
    if report.group_by != "procedure":
        for n, row in enumerate(report.rows, start=1):
            yield str(n), row.label, row, "field"
    else:
        groups: dict[str, list[ReportRow]] = {}
        for row in report.rows:
            groups.setdefault(row.field_code, []).append(row)
        for g, (field_code, rows) in enumerate(groups.items(), start=1):
            name = rows[0].field_name or field_code
            yield roman(g), f"Lĩnh vực {name}", sum_rows(rows, label=name), "field"
            for n, row in enumerate(rows, start=1):
                yield str(n), row.label, row, "procedure"
    yield "", "Tổng cộng", report.total, "total"


def signature_date(report: Report) -> str:
    moment = as_office_time(report.generated_at) if report.generated_at else None
    if moment is None:
        return f"{report.place}, ngày … tháng … năm …" if report.place else "Ngày … tháng … năm …"
    day = moment.date()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{report.place}, {text}" if report.place else text.capitalize()
