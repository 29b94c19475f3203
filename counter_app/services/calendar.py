"""The office calendar the due dates rest on: bundled yearly files, the office's own years, the office hours.

The effective calendar is, year by year, either the bundled file (resources/calendar/YYYY.json) or the year the
office owns in its store (imported from a file, or edited by a supervisor — the first edit copies the bundled
entries of that year in, so an edit never loses the rest of the year). Office hours and the cut-off time are
settings (office.morning, office.afternoon, office.cutoff). A year counts as loaded when it comes from a
bundled file, an imported file, or a supervisor marked it complete; due dates reaching any other year carry a
warning (domain.due_dates), and so does the year view here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_app.domain.calendar import (
    DAY_KIND_LABELS,
    OFFICE_TZ,
    WEEKDAY_NAMES,
    CalendarEntry,
    DayKind,
    OfficeCalendar,
    OfficeHours,
    statutory_holiday,
)
from counter_app.domain.calendar_data import CalendarDataError, calendar_files, read_calendar_file
from counter_app.domain.policy import DuePolicy
from counter_app.domain.roles import Action
from counter_app.domain.text import normalize_text
from counter_app.services.settings import SettingsService, office_hours
from counter_app.store import office_calendar as store
from counter_app.store.db import Database

ORIGIN_BUNDLED = "bundled"
ORIGIN_OFFICE = "office"
ORIGIN_NONE = "none"


class CalendarError(ValueError):
    """A calendar action that cannot be done; str() is the Vietnamese message."""


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def year_warning(year: int) -> str:
    return (
        f"Chưa nạp lịch làm việc năm {year}: chỉ tính Thứ Bảy, Chủ nhật và ngày lễ theo luật; các ngày nghỉ, "
        "làm bù do Chính phủ công bố chưa được tính, hạn trả có thể thay đổi."
    )


@dataclass(frozen=True)
class YearView:
    """A year of the office calendar as the supervisor sees it."""

    year: int
    entries: tuple[CalendarEntry, ...]
    origin: str  # bundled | office | none
    origin_text: str  # Vietnamese, for the screen
    loaded: bool  # the announced schedule is there (else due dates in this year carry a warning)
    description: str
    hours: OfficeHours
    bundled_available: bool  # a bundled file exists for this year (the office can go back to it)

    @property
    def warning(self) -> str | None:
        return None if self.loaded else year_warning(self.year)

    @property
    def provisional_days(self) -> tuple[date, ...]:
        return tuple(e.day for e in self.entries if e.provisional)


@dataclass(frozen=True)
class YearImport:
    year: int
    entries: int
    replaced_office_year: bool  # the office already had its own calendar for that year


def clean_entry(entry: CalendarEntry) -> CalendarEntry:
    """An entry typed by a supervisor, checked like a line of a calendar file; raises CalendarError."""
    name, source = normalize_text(entry.name), normalize_text(entry.source)
    try:
        kind = DayKind(entry.kind)
    except ValueError:
        raise CalendarError(f"Loại ngày '{entry.kind}' không hợp lệ.") from None
    if not name:
        raise CalendarError("Chưa ghi tên ngày (ví dụ: Tết Nguyên đán, nghỉ bù, làm bù).")
    if not source:
        raise CalendarError("Chưa ghi căn cứ: văn bản hoặc thông báo quy định ngày này.")
    if kind == DayKind.EXTRA_WORKDAY and entry.day.weekday() < 5 and not statutory_holiday(entry.day):
        raise CalendarError(
            f"{WEEKDAY_NAMES[entry.day.weekday()]} {_d(entry.day)} vốn là ngày làm việc, không thể là ngày làm bù."
        )
    provisional = bool(entry.provisional) or "dự kiến" in source.lower()
    return CalendarEntry(entry.day, kind, name, source, provisional)


def entry_to_json(entry: CalendarEntry) -> dict:
    item = {"date": entry.day.isoformat(), "kind": entry.kind.value, "name": entry.name, "source": entry.source}
    if entry.provisional:
        item["provisional"] = True
    return item


def describe_entry(entry: CalendarEntry) -> str:
    return f"{WEEKDAY_NAMES[entry.day.weekday()]} {_d(entry.day)}: {DAY_KIND_LABELS[entry.kind]} — {entry.name}"


class CalendarService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        clock: Callable[[], datetime] | None = None,
        directory: Path | None = None,
    ):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._directory = directory
        self._bundled_cache: dict[int, tuple[list[CalendarEntry], str, Path]] | None = None

    # --- bundled files ---------------------------------------------------------------------------------

    def _bundled(self) -> dict[int, tuple[list[CalendarEntry], str, Path]]:
        """year → (entries, description, path) of the files shipped in resources/calendar (read once)."""
        if self._bundled_cache is None:
            found = {}
            for year, path in calendar_files(self._directory).items():
                _year, entries = read_calendar_file(path)
                try:
                    description = json.loads(path.read_text(encoding="utf-8")).get("description", "")
                except (OSError, ValueError):
                    description = ""
                found[year] = (entries, description if isinstance(description, str) else "", path)
            self._bundled_cache = found
        return self._bundled_cache

    # --- the calendar the due dates use -----------------------------------------------------------------

    def office_hours(self) -> OfficeHours:
        return self._settings.office_hours()

    def calendar(self) -> OfficeCalendar:
        """The effective office calendar: bundled years the office has not taken over, plus the office's years.
        Built again only when the calendar or the settings changed (Database.cached): every intake asks for it.
        Shared between callers: read it, never change it."""
        return self._db.cached(("calendar.effective", str(self._directory)), self._build_calendar)

    def _build_calendar(self) -> OfficeCalendar:
        values = self._settings.all()  # one read: hours and the due-date choices
        hours, policy = office_hours(values), DuePolicy.from_settings(values)
        with self._db.read() as session:
            owned = store.years(session)
            office_entries = store.entries(session)
            complete = {year for year, row in owned.items() if row.complete}
        by_day: dict[date, CalendarEntry] = {}
        loaded = set(complete)
        for year, (entries, _description, _path) in self._bundled().items():
            if year in owned:
                continue
            loaded.add(year)
            by_day.update((e.day, e) for e in entries)
        by_day.update((e.day, e) for e in office_entries)
        return OfficeCalendar(
            entries=sorted(by_day.values(), key=lambda e: e.day),
            hours=hours,
            loaded_years=frozenset(loaded),
            policy=policy,
        )

    # --- the supervisor's year view ---------------------------------------------------------------------

    def years(self) -> list[int]:
        """Years with any calendar data (bundled or the office's), ascending."""
        with self._db.read() as session:
            owned = set(store.years(session))
        return sorted(owned | set(self._bundled()))

    def year(self, year: int) -> YearView:
        hours = self.office_hours()
        bundled = self._bundled().get(year)
        with self._db.read() as session:
            row = store.year_row(session, year)
            if row is not None:
                entries = store.entries(session, year)
                when = row.updated_at.astimezone(OFFICE_TZ).strftime("%d/%m/%Y %H:%M")
                origin_text = f"Lịch do đơn vị quản lý: {row.origin} (cập nhật {when})"
                return YearView(
                    year,
                    tuple(entries),
                    ORIGIN_OFFICE,
                    origin_text,
                    bool(row.complete),
                    row.description,
                    hours,
                    bundled is not None,
                )
        if bundled is not None:
            entries, description, path = bundled
            return YearView(
                year,
                tuple(entries),
                ORIGIN_BUNDLED,
                f"Lịch kèm phần mềm (tệp {path.name})",
                True,
                description,
                hours,
                True,
            )
        return YearView(year, (), ORIGIN_NONE, "Chưa có lịch của năm này", False, "", hours, False)

    # --- edits: one transaction each ----------------------------------------------------------------------

    def _take_over(self, session, year: int) -> None:
        """Make `year` the office's own (copying the bundled entries in) before an edit."""
        if store.year_row(session, year) is not None:
            return
        bundled = self._bundled().get(year)
        now = self._clock()
        if bundled is None:
            store.own_year(session, year, complete=False, origin="do đơn vị nhập từng ngày", updated_at=now)
            return
        entries, description, path = bundled
        store.own_year(
            session,
            year,
            complete=True,
            origin=f"sửa từ lịch kèm phần mềm ({path.name})",
            updated_at=now,
            description=description,
        )
        store.replace_year(session, year, entries)

    def _touch(self, session, year: int) -> None:
        row = store.year_row(session, year)
        if row is not None:
            row.updated_at = self._clock()

    def _effective_entry(self, session, day: date) -> CalendarEntry | None:
        if store.year_row(session, day.year) is not None:
            return next((e for e in store.entries(session, day.year) if e.day == day), None)
        bundled = self._bundled().get(day.year)
        return next((e for e in bundled[0] if e.day == day), None) if bundled else None

    @contextmanager
    def _change(self, target: str, **detail: object) -> Iterator[Any]:
        """A supervisor's change of the calendar: checked, written in one transaction with its audit entry."""
        self._settings.access.require(Action.CALENDAR)
        with self._db.write() as session:
            yield session
            self._settings.access.audit(session, "calendar.change", target=target, detail=detail)

    def add_entry(self, entry: CalendarEntry) -> CalendarEntry:
        with self._change(entry.day.isoformat(), change="add") as session:
            entry = clean_entry(entry)
            existing = self._effective_entry(session, entry.day)
            if existing is not None:
                raise CalendarError(
                    f"Ngày {_d(entry.day)} đã có trong lịch ({describe_entry(existing)}); hãy sửa mục đó."
                )
            self._take_over(session, entry.day.year)
            store.put_entry(session, entry)
            self._touch(session, entry.day.year)
        return entry

    def update_entry(self, day: date, entry: CalendarEntry) -> CalendarEntry:
        """Replace the entry of `day` with `entry` (which may move it to another day)."""
        with self._change(day.isoformat(), change="update", to=entry.day.isoformat()) as session:
            entry = clean_entry(entry)
            if self._effective_entry(session, day) is None:
                raise CalendarError(f"Ngày {_d(day)} không có trong lịch của đơn vị.")
            if entry.day != day and self._effective_entry(session, entry.day) is not None:
                raise CalendarError(f"Ngày {_d(entry.day)} đã có trong lịch; hãy sửa mục của ngày đó.")
            self._take_over(session, day.year)
            self._take_over(session, entry.day.year)
            if entry.day != day:
                store.delete_entry(session, day)
            store.put_entry(session, entry)
            self._touch(session, day.year)
            self._touch(session, entry.day.year)
        return entry

    def delete_entry(self, day: date) -> None:
        with self._change(day.isoformat(), change="delete") as session:
            if self._effective_entry(session, day) is None:
                raise CalendarError(f"Ngày {_d(day)} không có trong lịch của đơn vị.")
            self._take_over(session, day.year)
            store.delete_entry(session, day)
            self._touch(session, day.year)

    def set_complete(self, year: int, complete: bool) -> None:
        """Mark whether the office's calendar of `year` holds the announced schedule (no warning when it does)."""
        with self._change(str(year), change="complete" if complete else "incomplete") as session:
            self._take_over(session, year)
            row = store.year_row(session, year)
            assert row is not None
            row.complete = complete
            row.updated_at = self._clock()

    def reset_year(self, year: int) -> bool:
        """Drop the office's own calendar of `year`: the bundled file (if any) applies again."""
        with self._change(str(year), change="reset") as session:
            return store.forget_year(session, year)

    # --- files ---------------------------------------------------------------------------------------------

    def import_file(self, path: Path) -> YearImport:
        """Import a yearly calendar file (the resources/calendar format) as the office's calendar of its year.

        The file replaces the whole year; nothing is written when it has an error (CalendarDataError names the
        file, the entry and the reason).
        """
        self._settings.access.require(Action.CALENDAR)  # before the file is read: a refusal says so first
        path = Path(path)
        year, entries = read_calendar_file(path)
        try:
            description = json.loads(path.read_text(encoding="utf-8")).get("description", "")
        except (OSError, ValueError):  # read_calendar_file has read it already; be safe
            description = ""
        with self._change(str(year), change="import", file=path.name, entries=len(entries)) as session:
            replaced = store.year_row(session, year) is not None
            store.own_year(
                session,
                year,
                complete=True,
                origin=f"nhập từ tệp {path.name}",
                updated_at=self._clock(),
                description=description if isinstance(description, str) else "",
            )
            store.replace_year(session, year, entries)
        return YearImport(year, len(entries), replaced)

    def export_year(self, year: int, path: Path) -> int:
        """Write the calendar of `year` as a yearly file (importable again); returns the number of entries."""
        view = self.year(year)
        document = {
            "year": year,
            "description": view.description,
            "entries": [entry_to_json(e) for e in view.entries],
        }
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        return len(view.entries)


__all__ = ["CalendarDataError", "CalendarError", "CalendarService", "YearImport", "YearView", "clean_entry"]
