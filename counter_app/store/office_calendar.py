"""The office's own calendar edits in the store: yearly calendars imported or edited by a supervisor.

A year is either taken from the bundled file (resources/calendar/YYYY.json) or owned by the office: once a
supervisor imports a year file or edits a day of a year, the whole year lives here (the bundled entries of that
year are copied in first), and the bundled file no longer speaks for that year. `complete` says whether the year
holds the government's announced schedule (a warning is shown for due dates in a year that does not).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_app.domain.calendar import CalendarEntry, DayKind
from counter_app.store.models import AwareDateTime, Base, IsoDate


class CalendarYearRow(Base):
    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(Text, default="")  # where the year came from, for the supervisor
    description: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class CalendarEntryRow(Base):
    __tablename__ = "calendar_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('holiday','day_off','compensatory_off','extra_workday','closure')", name="kind_known"
        ),
        Index("ix_calendar_entries_year", "year"),
    )

    day: Mapped[date] = mapped_column(IsoDate, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("calendar_years.year", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)


def entry_from_row(row: CalendarEntryRow) -> CalendarEntry:
    return CalendarEntry(row.day, DayKind(row.kind), row.name, row.source, bool(row.provisional))


def years(session: Session) -> dict[int, CalendarYearRow]:
    return {row.year: row for row in session.scalars(select(CalendarYearRow).order_by(CalendarYearRow.year))}


def year_row(session: Session, year: int) -> CalendarYearRow | None:
    return session.get(CalendarYearRow, year)


def entries(session: Session, year: int | None = None) -> list[CalendarEntry]:
    query = select(CalendarEntryRow).order_by(CalendarEntryRow.day)
    if year is not None:
        query = query.where(CalendarEntryRow.year == year)
    return [entry_from_row(r) for r in session.scalars(query)]


def own_year(
    session: Session, year: int, *, complete: bool, origin: str, updated_at: datetime, description: str | None = None
) -> CalendarYearRow:
    """Create or update the row saying the office owns `year`."""
    row = session.get(CalendarYearRow, year)
    if row is None:
        row = CalendarYearRow(
            year=year, complete=complete, origin=origin, description=description or "", updated_at=updated_at
        )
        session.add(row)
    else:
        row.complete, row.origin, row.updated_at = complete, origin, updated_at
        if description is not None:
            row.description = description
    session.flush()
    return row


def replace_year(session: Session, year: int, new_entries: list[CalendarEntry]) -> None:
    """Put exactly `new_entries` in the office's calendar of `year` (the year row must exist)."""
    session.execute(delete(CalendarEntryRow).where(CalendarEntryRow.year == year))
    for entry in new_entries:
        put_entry(session, entry)
    session.flush()


def put_entry(session: Session, entry: CalendarEntry) -> None:
    session.merge(
        CalendarEntryRow(
            day=entry.day,
            year=entry.day.year,
            kind=entry.kind.value,
            name=entry.name,
            source=entry.source,
            provisional=entry.provisional,
        )
    )


def delete_entry(session: Session, day: date) -> bool:
    row = session.get(CalendarEntryRow, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def forget_year(session: Session, year: int) -> bool:
    """Drop the office's calendar of `year` (the bundled file, if any, speaks for it again)."""
    session.execute(delete(CalendarEntryRow).where(CalendarEntryRow.year == year))
    row = session.get(CalendarYearRow, year)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
