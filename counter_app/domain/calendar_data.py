"""Loading the office calendar from yearly JSON files (resources/calendar/2026.json, ...).

A file describes one year:

    {"year": 2026,
     "description": "...",
     "entries": [{"date": "2026-02-16", "kind": "holiday", "name": "Tết Nguyên đán Bính Ngọ",
                  "source": "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ", "provisional": false}, ...]}

`kind` is one of holiday | day_off | compensatory_off | extra_workday | closure; `source` names the decision or
announcement the entry comes from; `provisional` (optional, default false; also true when the source says
"dự kiến") marks an estimate. Every problem is reported with the file, the entry number (from 1) and the reason,
in Vietnamese, and nothing is loaded from a file with an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import NoReturn

from counter_app.domain.calendar import (
    WEEKDAY_NAMES,
    CalendarEntry,
    DayKind,
    OfficeCalendar,
    OfficeHours,
    statutory_holiday,
)
from counter_app.resources import resource_path

YEAR_FILE = re.compile(r"^(\d{4})\.json$")
KIND_NAMES = ", ".join(k.value for k in DayKind)


class CalendarDataError(ValueError):
    """A calendar file that cannot be used; str() is the message for the supervisor."""

    def __init__(self, file: str, message: str, entry: int | None = None):
        self.file, self.entry, self.reason = file, entry, message
        where = f"Tệp {file}" + (f", mục {entry}" if entry is not None else "")
        super().__init__(f"{where}: {message}")


def _entry(item: object, year: int, fail: Callable[[str], NoReturn]) -> CalendarEntry:
    if not isinstance(item, dict):
        fail("phải là một đối tượng {date, kind, name, source}")
    raw_day = item.get("date")
    try:
        day = date.fromisoformat(raw_day) if isinstance(raw_day, str) and len(raw_day) == 10 else None
    except ValueError:
        day = None
    if day is None:
        fail(f"ngày {raw_day!r} không hợp lệ" if raw_day is not None else "thiếu ngày (date)")
    if day.year != year:
        fail(f"ngày '{raw_day}' không thuộc năm {year} của tệp")
    try:
        kind = DayKind(item.get("kind"))
    except ValueError:
        fail(f"loại ngày {item.get('kind')!r} không hợp lệ (chỉ nhận {KIND_NAMES})")
    name, source = item.get("name"), item.get("source")
    if not isinstance(name, str) or not name.strip():
        fail("thiếu tên ngày (name)")
    if not isinstance(source, str) or not source.strip():
        fail("thiếu căn cứ (source): văn bản hoặc thông báo quy định ngày này")
    provisional = item.get("provisional", False)
    if not isinstance(provisional, bool):
        fail("provisional phải là true hoặc false")
    if kind == DayKind.EXTRA_WORKDAY and day.weekday() < 5 and not statutory_holiday(day):
        fail(f"ngày '{raw_day}' ({WEEKDAY_NAMES[day.weekday()]}) vốn là ngày làm việc, không thể là ngày làm bù")
    provisional = provisional or "dự kiến" in source.lower()
    return CalendarEntry(day, kind, name.strip(), source.strip(), provisional)


def read_calendar_file(path: str | Path) -> tuple[int, list[CalendarEntry]]:
    """The year a calendar file declares and its entries; raises CalendarDataError."""
    path = Path(path)
    label = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalendarDataError(label, "không tìm thấy tệp") from None
    except UnicodeDecodeError:
        raise CalendarDataError(label, "tệp không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        raise CalendarDataError(label, f"không đọc được JSON (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}") from None
    except RecursionError:
        raise CalendarDataError(label, "JSON lồng nhau quá sâu") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise CalendarDataError(label, 'cần một đối tượng có "year" và danh sách "entries"')
    year = data.get("year")
    if not isinstance(year, int) or not 1900 < year < 2200:
        raise CalendarDataError(label, f"năm {year!r} không hợp lệ")
    match = YEAR_FILE.match(path.name)
    if match and int(match.group(1)) != year:
        raise CalendarDataError(label, f"tên tệp là năm {match.group(1)} nhưng nội dung ghi năm {year}")
    entries: list[CalendarEntry] = []
    seen: dict[date, int] = {}
    for number, item in enumerate(data["entries"], start=1):

        def fail(message: str, number: int = number) -> NoReturn:
            raise CalendarDataError(label, message, number)

        entry = _entry(item, year, fail)
        if entry.day in seen:
            fail(f"ngày '{entry.day.isoformat()}' trùng với mục {seen[entry.day]}")
        seen[entry.day] = number
        entries.append(entry)
    return year, entries


def load_calendar_year(path: str | Path) -> list[CalendarEntry]:
    """Entries of one yearly calendar file; raises CalendarDataError naming the file, entry and reason."""
    return read_calendar_file(path)[1]


def calendar_files(directory: Path | None = None) -> dict[int, Path]:
    """The yearly files present (YYYY.json), by year."""
    directory = directory or resource_path("calendar")
    if not directory.is_dir():
        return {}
    found = {}
    for path in directory.iterdir():
        match = YEAR_FILE.match(path.name)
        if match and path.is_file():
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def load_office_calendar(
    years: Iterable[int] | None = None,
    extra_files: Iterable[str | Path] = (),
    hours: OfficeHours | None = None,
    directory: Path | None = None,
) -> OfficeCalendar:
    """The office calendar from the bundled yearly files (all, or only `years`) plus `extra_files`.

    Extra files (an imported or supervisor-edited year, local closures) are read after the bundled ones and
    win on the same day. `loaded_years` is the set of years for which a file was read.
    """
    files = calendar_files(directory)
    wanted = set(years) if years is not None else None
    paths = [p for y, p in files.items() if wanted is None or y in wanted] + [Path(p) for p in extra_files]
    by_day: dict[date, CalendarEntry] = {}
    loaded: set[int] = set()
    for path in paths:
        year, entries = read_calendar_file(path)
        loaded.add(year)
        by_day.update((e.day, e) for e in entries)
    return OfficeCalendar(
        entries=sorted(by_day.values(), key=lambda e: e.day),
        hours=hours or OfficeHours(),
        loaded_years=frozenset(loaded),
    )
