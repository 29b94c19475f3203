"""Due dates: when the result of a dossier is promised, and why that date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar
from counter_app.domain.catalogue import DurationUnit, ProcessingTime


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


@dataclass(frozen=True)
class DueDate:
    due: datetime
    reasons: tuple[str, ...]
    skipped: tuple[SkippedDay, ...] = ()
    warnings: tuple[str, ...] = ()


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def compute_due(
    received_at: datetime,
    processing: ProcessingTime,
    calendar: OfficeCalendar,
    pauses: Sequence[Pause] = (),
) -> DueDate:
    """Promised moment for a dossier received at `received_at`.

    Working days follow the Civil Code 2015 Art. 147–148: the day of receipt is not counted, day 1 is the
    first working day after it, and the result is due at the close of working day N.
    """
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=OFFICE_TZ)
    local = received_at.astimezone(OFFICE_TZ)
    reasons: list[str] = []
    skipped: list[SkippedDay] = []
    warnings: list[str] = []
    day = local.date()
    if processing.unit == DurationUnit.CALENDAR_DAYS:
        last = day + timedelta(days=processing.duration)
        while (why := calendar.non_working_reason(last)) is not None:
            skipped.append(SkippedDay(last, why))
            last += timedelta(days=1)
    else:
        counted = 0
        last = day
        while counted < processing.duration:
            last += timedelta(days=1)
            why = calendar.non_working_reason(last)
            if why is None:
                counted += 1
            else:
                skipped.append(SkippedDay(last, why))
    reasons.append(
        f"Nhận hồ sơ ngày {_fmt(day)}; thời hạn {processing.describe()} tính từ ngày làm việc tiếp theo."
    )
    for s in skipped:
        reasons.append(f"Bỏ qua {_fmt(s.day)} ({s.reason}).")
    due = datetime.combine(last, calendar.hours.afternoon_end, tzinfo=OFFICE_TZ)
    for year in sorted({day.year, last.year}):
        if calendar.loaded_years and year not in calendar.loaded_years:
            warnings.append(f"Chưa nạp lịch làm việc năm {year}: chỉ tính các ngày lễ theo luật.")
    reasons.append(f"Hẹn trả kết quả: {due.strftime('%H giờ %M phút, ngày %d/%m/%Y')}.")
    return DueDate(due=due, reasons=tuple(reasons), skipped=tuple(skipped), warnings=tuple(warnings))
