"""The office calendar: which days are working days, the office's working sessions, and working-time arithmetic.

Statutory holidays come from the `holidays` package (Vietnam, lunar ones included); for 2000–2060 they are read
from a table generated from it (statutory_holidays.py), so that the window does not import the package. The days
off that the government announces each year, compensatory days off, make-up working Saturdays and local closures
are office data (CalendarEntry), loaded from resources/calendar/ (see calendar_data.py) and editable by a
supervisor.

Which source decides a day: the office's published calendar is the authority for every year it covers
(`loaded_years`: a bundled or imported year file, or a year a supervisor marked complete). For those years the
`holidays` package is not consulted at all: a day is non-working only if the office file lists it (or it is a
Saturday or Sunday not listed as a make-up working day), so a day the package guesses as a holiday but the
office's calendar leaves out (e.g. "29 Tết" in a year whose announced Tết starts later) is a working day. The
package fills in only the years with no office file. In every year an office entry wins over the weekend: an
`extra_workday` entry makes a Saturday a working day; any other kind makes the day non-working.

Working time is counted only inside the two sessions of a working day (morning and afternoon). A session is
half-open for "is the office open now" ([start, end)), but a due moment exactly at a session's end is fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from functools import lru_cache

from counter_app.domain.policy import DuePolicy

# Vietnam keeps one offset all year (no daylight saving), so a fixed offset is exact and needs no tz database.
OFFICE_TZ = timezone(timedelta(hours=7), "ICT")

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # ngày lễ, Tết (statutory)
    DAY_OFF = "day_off"  # ngày nghỉ do Thủ tướng/Bộ Nội vụ/UBND công bố (e.g. a swapped weekday)
    COMPENSATORY_OFF = "compensatory_off"  # nghỉ bù (a holiday fell on a weekend)
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
    # An estimate, not yet announced (e.g. next year's Tết schedule): due dates crossing it carry a warning.
    provisional: bool = False


@dataclass(frozen=True)
class OfficeHours:
    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)
    # The office's last time of receipt in a day (e.g. 16:30): a dossier received after it counts from the next
    # working session, like a procedure's own cut-off (the earlier of the two applies). None: the session's end.
    cutoff: time | None = None

    def __post_init__(self) -> None:
        order = (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)
        if not (order[0] < order[1] <= order[2] < order[3]):
            raise ValueError(
                "Giờ làm việc không hợp lệ: cần sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc "
                f"(đang là {' – '.join(t.strftime('%H:%M') for t in order)})."
            )
        if self.cutoff is not None and not self.morning_start < self.cutoff <= self.afternoon_end:
            raise ValueError(
                f"Giờ tiếp nhận cuối {self.cutoff:%H:%M} phải nằm trong giờ làm việc "
                f"({self.morning_start:%H:%M}–{self.afternoon_end:%H:%M})."
            )

    @property
    def sessions(self) -> tuple[tuple[time, time], tuple[time, time]]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))

    @property
    def day_length(self) -> timedelta:
        """Working time in one full working day (7 h 30 min with the default hours)."""
        return sum((_span(start, end) for start, end in self.sessions), timedelta())

    def describe(self) -> str:
        return ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.sessions)


def _span(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


@lru_cache(maxsize=64)
def _statutory(year: int) -> dict[date, str]:
    from counter_app.domain.statutory_holidays import FIRST_YEAR, LAST_YEAR, TABLE

    if FIRST_YEAR <= year <= LAST_YEAR:  # the package's own answer, generated (scripts/statutory_holidays.py)
        return {date(year, month, day): name for month, day, name in TABLE[year]}
    # Importing `holidays` loads every country it knows (~20 MB resident for the whole day, issue 15 item 1):
    # only a year outside the table pays it.
    import holidays

    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def statutory_holiday(day: date) -> str | None:
    """The statutory holiday's name from the `holidays` package, or None."""
    return _statutory(day.year).get(day)


def as_office_time(moment: datetime) -> datetime:
    """An aware datetime in OFFICE_TZ; a naive one is taken to be office local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OFFICE_TZ)
    return moment.astimezone(OFFICE_TZ)


@dataclass
class OfficeCalendar:
    entries: Iterable[CalendarEntry] = ()
    hours: OfficeHours = field(default_factory=OfficeHours)
    # Years for which the office has loaded its announced calendar; other years rest on statutory holidays only.
    loaded_years: frozenset[int] = frozenset()
    # The office's due-date choices (settings due.*; domain.policy): defaults reproduce the documented rule.
    policy: DuePolicy = field(default_factory=DuePolicy)

    def __post_init__(self) -> None:
        self._entries: dict[date, CalendarEntry] = {e.day: e for e in self.entries}
        self.loaded_years = frozenset(self.loaded_years)

    # --- days -------------------------------------------------------------------------------------------------

    def entry(self, day: date) -> CalendarEntry | None:
        return self._entries.get(day)

    def entries_between(self, first: date, last: date) -> list[CalendarEntry]:
        """Office entries with first <= day <= last, in date order."""
        return sorted((e for e in self._entries.values() if first <= e.day <= last), key=lambda e: e.day)

    def non_working_reason(self, day: date) -> str | None:
        """None on a working day, else why not, in Vietnamese (for the due-date explanation)."""
        entry = self._entries.get(day)
        if entry is not None:
            if entry.kind == DayKind.EXTRA_WORKDAY:
                return None
            return f"{DAY_KIND_LABELS[entry.kind]}: {entry.name}"
        statutory = None if day.year in self.loaded_years else statutory_holiday(day)
        if statutory:
            return f"ngày lễ: {statutory}"
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        return None

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def day_source(self, day: date) -> str:
        """Which source decided whether `day` is a working day, in Vietnamese (for the due-date explanation)."""
        entry = self._entries.get(day)
        if entry is not None:
            origin = "lịch làm việc của đơn vị" if day.year in self.loaded_years else "ngày do đơn vị nhập"
            return f"theo {origin} năm {day.year}" + (f", căn cứ {entry.source}" if entry.source else "")
        if day.year in self.loaded_years:
            if day.weekday() >= 5:
                return "nghỉ hằng tuần"
            return f"theo lịch làm việc của đơn vị năm {day.year}"
        if statutory_holiday(day):
            return f"theo danh sách ngày lễ tự động (gói holidays), vì chưa có lịch làm việc của đơn vị năm {day.year}"
        return "nghỉ hằng tuần" if day.weekday() >= 5 else "ngày làm việc thông thường"

    def overridden_statutory(self, day: date) -> str | None:
        """The package's holiday name for a day the office's calendar of that year makes a working day, else None."""
        if day.year not in self.loaded_years or not self.is_working_day(day):
            return None
        return statutory_holiday(day)

    def covers(self, day: date) -> bool:
        """Whether the office's own calendar for that year is loaded (else only statutory days are known)."""
        return day.year in self.loaded_years

    # --- sessions and working time ----------------------------------------------------------------------------

    def sessions_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working sessions of a day as aware datetimes; empty on a non-working day."""
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, start, OFFICE_TZ), datetime.combine(day, end, OFFICE_TZ))
            for start, end in self.hours.sessions
        ]

    def close_of(self, day: date) -> datetime:
        """The end of the afternoon session of `day` (the moment a period in days ends)."""
        return datetime.combine(day, self.hours.afternoon_end, OFFICE_TZ)

    def is_open(self, moment: datetime) -> bool:
        """Whether `moment` lies inside a session (start included, end excluded)."""
        moment = as_office_time(moment)
        return any(start <= moment < end for start, end in self.sessions_on(moment.date()))

    def is_office_time(self, moment: datetime) -> bool:
        """Inside a session, a session's end included: an acceptable moment for a promised result."""
        moment = as_office_time(moment)
        return any(start <= moment <= end for start, end in self.sessions_on(moment.date()))

    def next_session_start(self, moment: datetime) -> datetime:
        """The start of the first session beginning at or after `moment`."""
        moment = as_office_time(moment)
        day = moment.date()
        while True:
            for start, _end in self.sessions_on(day):
                if start >= moment:
                    return start
            day += timedelta(days=1)

    def _sessions_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        while True:
            yield from self.sessions_on(day)
            day += timedelta(days=1)

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """Working time inside sessions between two moments (zero if end <= start)."""
        start, end = as_office_time(start), as_office_time(end)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            for s, e in self.sessions_on(day):
                lo, hi = max(s, start), min(e, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The earliest moment at which `amount` of working time has passed since `start`.

        A zero amount returns `start` itself; a period that runs out exactly at a session's end ends there
        (11:30, 17:00), not at the start of the next session.
        """
        start = as_office_time(start)
        if amount < timedelta():
            raise ValueError("Thời lượng không được âm.")
        if amount == timedelta():
            return start
        remaining = amount
        for s, e in self._sessions_from(start.date()):
            lo = max(s, start)
            if lo >= e:
                continue
            if remaining <= e - lo:
                return lo + remaining
            remaining -= e - lo
        raise AssertionError("unreachable")  # the session generator is infinite
