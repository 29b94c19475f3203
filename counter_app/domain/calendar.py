"""The office calendar: which days are working days, and the office's working sessions.

Statutory holidays come from the `holidays` package (Vietnam, lunar ones included). The days off that the
government announces each year, compensatory days off, make-up working Saturdays and local closures are office
data (CalendarEntry), loaded from resources/calendar/ and editable by a supervisor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from functools import lru_cache

import holidays

# Vietnam keeps one offset all year (no daylight saving), so a fixed offset is exact and needs no tz database.
OFFICE_TZ = timezone(timedelta(hours=7), "ICT")

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # ngày lễ, Tết (statutory)
    DAY_OFF = "day_off"  # ngày nghỉ do Thủ tướng/UBND công bố
    COMPENSATORY_OFF = "compensatory_off"  # nghỉ bù
    EXTRA_WORKDAY = "extra_workday"  # ngày làm bù (a Saturday worked instead)
    CLOSURE = "closure"  # local closure


DAY_KIND_LABELS = {
    DayKind.HOLIDAY: "ngày lễ",
    DayKind.DAY_OFF: "ngày nghỉ",
    DayKind.COMPENSATORY_OFF: "nghỉ bù",
    DayKind.EXTRA_WORKDAY: "ngày làm bù",
    DayKind.CLOSURE: "nghỉ (đơn vị)",
}


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: DayKind
    name: str
    source: str = ""


@dataclass(frozen=True)
class OfficeHours:
    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    @property
    def sessions(self) -> tuple[tuple[time, time], tuple[time, time]]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))


@lru_cache(maxsize=64)
def _statutory(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


@dataclass
class OfficeCalendar:
    entries: Iterable[CalendarEntry] = ()
    hours: OfficeHours = field(default_factory=OfficeHours)
    # Years for which the office has loaded its announced calendar; other years rest on statutory holidays only.
    loaded_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        self._entries: dict[date, CalendarEntry] = {e.day: e for e in self.entries}

    def entry(self, day: date) -> CalendarEntry | None:
        return self._entries.get(day)

    def non_working_reason(self, day: date) -> str | None:
        """None on a working day, else why not, in Vietnamese (for the due-date explanation)."""
        entry = self._entries.get(day)
        if entry is not None:
            if entry.kind == DayKind.EXTRA_WORKDAY:
                return None
            return f"{DAY_KIND_LABELS[entry.kind]}: {entry.name}"
        statutory = _statutory(day.year).get(day)
        if statutory:
            return f"ngày lễ: {statutory}"
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        return None

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def covers(self, day: date) -> bool:
        """Whether the office's own calendar for that year is loaded (else only statutory days are known)."""
        return day.year in self.loaded_years
