"""Due dates: when the result of a dossier is promised, and why that date.

Counting rule (Civil Code 2015 Art. 147–148, DOMAIN.md §1.2; a careful officer with the official calendar):

1. The start. A dossier received inside a working session of a working day starts the clock at that moment.
   Received before the morning session or during lunch, it starts at the next session of the same day.
   Received after the afternoon session, after the procedure's cut-off (ProcessingTime.cutoff, e.g. 15:00 for a
   same-day procedure) or the office's (OfficeHours.cutoff, a setting; the earlier applies) or on a non-working day (weekend, holiday, day off — also for online dossiers), it
   starts at the first session of the next working day, and THAT day counts as the day of receipt.
2. Working days. The day of receipt is not counted: day 1 is the first working day after it, and the result
   is due at the close of working day N (afternoon_end). Duration 0 ("trong ngày") is due at the close of the
   day of receipt. Make-up working Saturdays count as working days.
   Worked example: 5 working days, received Friday 13/02/2026 at 10:00 → Saturday 14/02 to Sunday 22/02
   are the weekend and Tết, so day 1 is Monday 23/02 and day 5 Friday 27/02: due 27/02/2026 17:00.
   The same dossier received at 17:30 counts Monday 23/02 as its day of receipt: due Monday 02/03/2026 17:00.
3. Working hours start at the start moment and run only inside sessions (across lunch and overnight).
4. Calendar days: day 1 is the day after the day of receipt; the period ends at the close of day N, or, when
   day N is not a working day, at the close of the next working day.
5. Pauses (waiting for supplements, a stop) add the WORKING time they cover (a pause over a weekend adds no
   weekend), whatever the unit; overlapping pauses count once; time before the count begins (the day of
   receipt for periods in days) adds nothing, and a pause that begins after the clock has already run out
   changes nothing. The result is the base due date moved on by the paused working time — exactly the moment
   at which the unpaused working time since the start equals the period. An open pause (end None) means the
   dossier is on hold now: the result says so (`paused`), and the pause is counted up to `as_of` when given;
   without `as_of` it counts as zero, so the date shown is the earliest possible one, with a warning.
6. An extension (apology with a new date) replaces the promised date; the computed one is kept as
   `original_due` for the report.
7. Calendar source: the office's calendar of a year (bundled or imported file, or marked complete) decides every
   day of that year; the `holidays` package speaks only for years without one. The explanation says, year by
   year and for every day passed over, which source decided (OfficeCalendar.day_source).

Dates in a year with no loaded office calendar, or on an entry marked provisional ("dự kiến"), are warned
about, never silently guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counter_app.domain.calendar import (
    OFFICE_TZ,
    WEEKDAY_NAMES,
    DayKind,
    OfficeCalendar,
    as_office_time,
)
from counter_app.domain.catalogue import DurationUnit, ProcessingTime, StartTrigger
from counter_app.domain.policy import EIGHT_HOURS


@dataclass(frozen=True)
class Pause:
    """A span during which the clock stops (waiting for the applicant's supplements, a stop)."""

    start: datetime
    end: datetime | None
    reason: str = ""


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str
    source: str = ""  # which calendar decided it (OfficeCalendar.day_source), for the explanation


@dataclass(frozen=True)
class DueDate:
    due: datetime  # the promised moment (after an extension, the new one), aware, OFFICE_TZ
    reasons: tuple[str, ...]
    skipped: tuple[SkippedDay, ...] = ()
    warnings: tuple[str, ...] = ()
    original_due: datetime | None = None  # the computed date an extension replaced
    start: datetime | None = None  # when the clock started (after moving past hours, cut-off, days off)
    paused: bool = False  # an open pause: the dossier is on hold now
    paused_time: timedelta = timedelta()  # working time added by pauses

    def to_json(self) -> dict:
        """A JSON-ready dict: ISO-8601 date-times with offset, reasons and warnings in Vietnamese."""

        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat(timespec="seconds") if moment else None

        return {
            "due": iso(self.due),
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "original_due": iso(self.original_due),
            "start": iso(self.start),
            "paused": self.paused,
            "paused_minutes": int(self.paused_time.total_seconds() // 60),
            "skipped": [{"date": s.day.isoformat(), "reason": s.reason} for s in self.skipped],
        }


TRIGGER_TEXT = {
    StartTrigger.COMPLETE_DOSSIER: "kể từ khi nhận đủ hồ sơ hợp lệ",
    StartTrigger.FEE_PAID: "kể từ khi nhận đủ hồ sơ hợp lệ và phí, lệ phí",
}


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _t(moment: datetime | time) -> str:
    return moment.strftime("%H:%M")


def _at(moment: datetime) -> str:
    return f"{_t(moment)} ngày {_d(moment.date())}"


def _weekday(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {_d(day)}"


def _amount(amount: timedelta, day_length: timedelta) -> str:
    minutes = int(amount.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    text = f"{hours} giờ {mins:02d} phút làm việc" if mins else f"{hours} giờ làm việc"
    if amount and day_length and amount % day_length == timedelta():
        text += f" (bằng {amount // day_length} ngày làm việc)"
    return text


def _start(received: datetime, processing: ProcessingTime, calendar: OfficeCalendar) -> tuple[datetime, str | None]:
    """When the clock starts, and why it moved (None when it starts at receipt)."""
    hours, day, clock = calendar.hours, received.date(), received.time()
    next_day = datetime.combine(calendar.next_working_day(day), hours.morning_start, OFFICE_TZ)
    if (why := calendar.non_working_reason(day)) is not None:
        return next_day, f"Nhận vào ngày nghỉ ({why}), tính từ phiên làm việc kế tiếp: {_at(next_day)}."
    if clock >= hours.afternoon_end:
        return next_day, f"Nhận sau {_t(hours.afternoon_end)}, tính từ phiên làm việc kế tiếp: {_at(next_day)}."
    cutoff, whose = processing.cutoff, "của thủ tục"
    if hours.cutoff is not None and (cutoff is None or hours.cutoff < cutoff):
        cutoff, whose = hours.cutoff, "của đơn vị"
    if cutoff is not None and clock > cutoff:
        return next_day, (
            f"Nhận sau {_t(cutoff)} (giờ tiếp nhận cuối trong ngày {whose}), "
            f"tính từ phiên làm việc kế tiếp: {_at(next_day)}."
        )
    if clock < hours.morning_start:
        start = datetime.combine(day, hours.morning_start, OFFICE_TZ)
        return start, f"Nhận trước giờ làm việc, tính từ {_at(start)}."
    if hours.morning_end <= clock < hours.afternoon_start:
        start = datetime.combine(day, hours.afternoon_start, OFFICE_TZ)
        return start, f"Nhận trong giờ nghỉ trưa, tính từ phiên chiều {_at(start)}."
    return received, None


Span = tuple[datetime, datetime, list[Pause]]


def _merge(pauses: Sequence[Pause], as_of: datetime | None) -> tuple[list[Span], list[Pause]]:
    """Pauses as disjoint sorted intervals (overlaps counted once), and the open ones."""
    spans, open_pauses = [], []
    for pause in pauses:
        start = as_office_time(pause.start)
        if pause.end is None:
            open_pauses.append(pause)
            end = max(start, as_office_time(as_of)) if as_of is not None else start
        else:
            end = as_office_time(pause.end)
        if end < start:
            raise ValueError(f"Thời gian tạm dừng không hợp lệ: kết thúc {_at(end)} trước khi bắt đầu {_at(start)}.")
        spans.append((start, end, pause))
    merged: list[Span] = []
    for start, end, pause in sorted(spans, key=lambda s: (s[0], s[1])):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + [pause])
        else:
            merged.append((start, end, [pause]))
    return merged, open_pauses


WEEKEND = frozenset(WEEKDAY_NAMES[5:])


def _skipped_lines(skipped: list[SkippedDay]) -> list[str]:
    """Runs of consecutive days passed over for the same reason (a weekend counts as one), one line each."""

    def key(s: SkippedDay) -> str:
        return "weekend" if s.reason in WEEKEND else s.reason

    runs: list[list[SkippedDay]] = []
    for s in skipped:
        if runs and s.day - runs[-1][-1].day == timedelta(days=1) and key(s) == key(runs[-1][-1]):
            runs[-1].append(s)
        else:
            runs.append([s])
    lines = []
    for run in runs:
        source = run[0].source
        tail = f" ({source})" if source and source != "nghỉ hằng tuần" else ""
        if key(run[0]) == "weekend":
            lines.append(f"Không tính {' và '.join(_weekday(s.day) for s in run)} (nghỉ hằng tuần).")
        elif len(run) == 1:
            lines.append(f"Không tính {_weekday(run[0].day)}: {run[0].reason}{tail}.")
        else:
            lines.append(f"Không tính từ {_weekday(run[0].day)} đến {_weekday(run[-1].day)}: {run[0].reason}{tail}.")
    return lines


def calendar_source_line(calendar: OfficeCalendar, first: date, last: date) -> str:
    """One line saying, year by year, which calendar decided the days between `first` and `last`."""
    parts = []
    for year in range(first.year, last.year + 1):
        if year in calendar.loaded_years:
            parts.append(f"năm {year} theo lịch làm việc của đơn vị (quyết định mọi ngày nghỉ, ngày làm bù của năm)")
        else:
            parts.append(f"năm {year} theo danh sách ngày lễ tự động (gói holidays), chưa có lịch của đơn vị")
    return "Nguồn lịch: " + "; ".join(parts) + "."


def compute_due(
    received_at: datetime,
    processing: ProcessingTime,
    calendar: OfficeCalendar,
    pauses: Sequence[Pause] = (),
    *,
    as_of: datetime | None = None,
    extended_to: datetime | None = None,
) -> DueDate:
    """The promised moment for a dossier received (or whose trigger happened) at `received_at`, with reasons.

    See the module docstring for the counting rule. `as_of` is the moment up to which an open pause counts;
    `extended_to` is a new date promised by an apology/extension, which replaces the computed one.
    """
    if processing.duration < 0:
        raise ValueError("Thời hạn giải quyết không được âm.")
    received = as_office_time(received_at)
    hours = calendar.hours
    n = processing.duration
    reasons = [f"Nhận hồ sơ lúc {_t(received)} ngày {_weekday(received.date())}."]
    warnings: list[str] = []

    start, moved = _start(received, processing, calendar)
    if moved:
        reasons.append(moved)
    receipt_day = start.date()
    policy = calendar.policy
    if calendar.non_working_reason(received.date()) is not None and processing.unit != DurationUnit.WORKING_HOURS:
        reasons.append(policy.line("nonworking_receipt"))
        if policy.nonworking_receipt == "day_one" and n >= 1:
            # The next working day is day 1 (not an uncounted day of receipt): count from the day before it.
            receipt_day = (
                received.date() if processing.unit == DurationUnit.WORKING_DAYS else start.date() - timedelta(1)
            )
    trigger = TRIGGER_TEXT.get(processing.trigger, "")

    # Base due date, and the moment from which paused time counts.
    if processing.unit == DurationUnit.WORKING_HOURS:
        amount = timedelta(hours=n)
        reasons.append(policy.line("hour_day"))
        if policy.hour_day == "8h" and hours.day_length != EIGHT_HOURS:
            amount = amount * (hours.day_length / EIGHT_HOURS)
            reasons.append(
                f"{n} giờ theo ngày làm việc 8 giờ bằng {_amount(amount, hours.day_length)} theo giờ làm việc của đơn "
                f"vị ({_amount(hours.day_length, timedelta())} mỗi ngày)."
            )
        base = calendar.add_working_time(start, amount)
        count_from = start
        reasons.append(
            f"Thời hạn {processing.describe()} {trigger}, tính từ {_at(start)}, "
            f"chỉ tính trong giờ làm việc ({hours.describe()})."
        )
    elif processing.unit == DurationUnit.CALENDAR_DAYS:
        nominal = receipt_day + timedelta(days=n)
        last = nominal
        while not calendar.is_working_day(last):
            last += timedelta(days=1)
        base = calendar.close_of(last)
        count_from = start if n == 0 else datetime.combine(receipt_day + timedelta(days=1), time(), OFFICE_TZ)
        text = f"Thời hạn {processing.describe()} {trigger}: ngày thứ {n} là {_weekday(nominal)}"
        if n == 0:
            text = f"Thời hạn trong ngày {_weekday(nominal)}"
        if last != nominal:
            text += f", không phải ngày làm việc nên hạn chuyển sang cuối ngày làm việc kế tiếp {_weekday(last)}"
        reasons.append(text + ".")
    else:
        last = receipt_day
        for _ in range(n):
            last = calendar.next_working_day(last)
        base = calendar.close_of(last)
        count_from = start if n == 0 else datetime.combine(receipt_day + timedelta(days=1), time(), OFFICE_TZ)
        if n == 0:
            reasons.append(f"Thời hạn trong ngày: trả trước {_t(hours.afternoon_end)} ngày {_weekday(last)}.")
        else:
            first = calendar.next_working_day(receipt_day)
            text = (
                f"Thời hạn {processing.describe()} {trigger}; không tính ngày nhận {_d(receipt_day)}: "
                f"ngày làm việc thứ nhất là {_weekday(first)}"
            )
            reasons.append(text + (f", ngày thứ {n} là {_weekday(last)}." if n > 1 else "."))

    # Pauses: move the base date on by the working time paused while the clock was running.
    merged, open_pauses = _merge(pauses, as_of)
    due, added = base, timedelta()
    pause_lines = []
    for p_start, p_end, members in merged:
        what = "; ".join(p.reason for p in members if p.reason) or "tạm dừng"
        is_open = any(p.end is None for p in members)
        label = f"Tạm dừng từ {_at(p_start)} đến {_at(p_end)} ({what})"
        if is_open:
            label = f"Tạm dừng từ {_at(p_start)} ({what}), đang tạm dừng"
            label += f", tính đến {_at(p_end)}" if as_of is not None else ""
        effective_start = max(p_start, count_from)
        if effective_start >= due:
            pause_lines.append(f"{label}: bắt đầu khi thời hạn đã hết, không cộng thêm.")
            continue
        if p_end <= count_from and not is_open:
            pause_lines.append(f"{label}: trước khi bắt đầu tính thời hạn, không cộng thêm.")
            continue
        if policy.pause_count == "working_days":
            # Whole working days: those after the day the pause began, up to the day it ended.
            days = sum(
                1
                for k in range(1, (p_end.date() - effective_start.date()).days + 1)
                if calendar.is_working_day(effective_start.date() + timedelta(days=k))
            )
            paused = days * hours.day_length
        else:
            paused = calendar.working_time(effective_start, p_end)
        added += paused
        due = calendar.add_working_time(base, added)
        if paused and policy.pause_count == "working_days":
            pause_lines.append(f"{label}: cộng thêm {paused // hours.day_length} ngày làm việc.")
        elif paused:
            pause_lines.append(f"{label}: cộng thêm {_amount(paused, hours.day_length)}.")
        elif is_open and as_of is None:
            pause_lines.append(f"{label}: chưa biết lúc tiếp tục xử lý, chưa cộng thêm.")
        else:
            pause_lines.append(f"{label}: không trùng giờ làm việc nào, không cộng thêm.")
    if open_pauses:
        since = min(as_office_time(p.start) for p in open_pauses)
        if as_of is None:
            warnings.append(
                f"Hồ sơ đang tạm dừng từ {_at(since)}: hạn trả sẽ lùi thêm bằng thời gian làm việc tạm dừng; "
                "ngày hẹn hiển thị là sớm nhất có thể."
            )
        else:
            warnings.append(
                f"Hồ sơ đang tạm dừng từ {_at(since)}: hạn trả tính như thể tiếp tục xử lý lúc "
                f"{_at(as_office_time(as_of))}."
            )

    # Days passed over, and make-up working days counted, between receipt and the due date. In calendar days
    # the days inside the period all count; only those before the start and after day N are passed over.
    skipped: list[SkippedDay] = []
    counted_extra: list[str] = []
    first_day = received.date()
    day = first_day
    while day <= due.date():
        if processing.unit == DurationUnit.CALENDAR_DAYS:
            passed_over = day <= receipt_day or day > nominal
            counts = day >= nominal
        else:
            passed_over = True
            counts = day >= start.date() if processing.unit == DurationUnit.WORKING_HOURS else day > receipt_day
        why = calendar.non_working_reason(day)
        if why is not None and passed_over:
            skipped.append(SkippedDay(day, why, calendar.day_source(day)))
        entry = calendar.entry(day)
        if why is None and counts and entry is not None and entry.kind == DayKind.EXTRA_WORKDAY:
            counted_extra.append(f"Tính {_weekday(day)} là ngày làm việc ({entry.name}).")
        elif why is None and counts and (guessed := calendar.overridden_statutory(day)):
            counted_extra.append(
                f"Tính {_weekday(day)} là ngày làm việc theo lịch làm việc của đơn vị năm {day.year} "
                f"(danh sách ngày lễ tự động ghi «{guessed}», không dùng cho năm đã có lịch của đơn vị)."
            )
        day += timedelta(days=1)
    if merged:
        pause_lines.insert(0, policy.line("pause_count"))
    reasons.append(calendar_source_line(calendar, first_day, max(due.date(), base.date())))
    reasons += _skipped_lines(skipped)
    reasons += counted_extra
    reasons += pause_lines

    original_due = None
    if extended_to is not None:
        original_due, due = due, as_office_time(extended_to)
        reasons.append(
            f"Gia hạn: hẹn lại {_t(due)} ngày {_weekday(due.date())} "
            f"(hạn ban đầu {_t(original_due)} ngày {_d(original_due.date())})."
        )
        if due <= original_due:
            warnings.append(f"Ngày hẹn lại {_at(due)} không muộn hơn hạn ban đầu {_at(original_due)}.")
        if not calendar.is_office_time(due):
            warnings.append(f"Ngày hẹn lại {_at(due)} không nằm trong giờ làm việc.")

    # Calendar data the result rests on: unloaded years and provisional entries.
    last_day = max(due.date(), base.date())
    for year in range(first_day.year, last_day.year + 1):
        if year not in calendar.loaded_years:
            warnings.append(
                f"Chưa nạp lịch làm việc năm {year}: chỉ tính Thứ Bảy, Chủ nhật và ngày lễ theo luật; các ngày nghỉ, "
                "làm bù do Chính phủ công bố chưa được tính, hạn trả có thể thay đổi."
            )
    provisional = [e for e in calendar.entries_between(first_day, last_day) if e.provisional]
    if provisional:
        days = ", ".join(_d(e.day) for e in provisional)
        warnings.append(
            f"Lịch làm việc trong thời hạn có ngày nghỉ dự kiến, chưa có thông báo chính thức ({days}); "
            "kiểm tra lại hạn trả khi có thông báo."
        )

    reasons.append(f"Hẹn trả kết quả: {due.strftime('%H giờ %M phút')}, {_weekday(due.date())}.")
    return DueDate(
        due=due,
        reasons=tuple(reasons),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        original_due=original_due,
        start=start,
        paused=bool(open_pauses),
        paused_time=added,
    )
