"""The dossier list officers live in: filtered pages, today's counts, the due-soon warning, the due-date
explanation of one dossier, and the apology (form 04) proposal for a dossier that will be late.

Every query is an index walk (store.tracking, migration 0004), a page costs well under a millisecond at
1,000,000 dossiers (benchmarks/counter.py), so the list model may ask for pages from the UI thread; counts walk
more of an index (tens of milliseconds at 1,000,000) and belong on the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar, as_office_time
from counter_app.domain.catalogue import DurationUnit, ProcessingTime
from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.due_dates import compute_due
from counter_app.domain.events import CHANNEL_LABELS, EventKind
from counter_app.domain.lifecycle import LATE_EXTENSION_BASIS, extension_in_time, latest_extension
from counter_app.domain.tracking import (
    ACTIVE_STATUSES,
    APOLOGY_WARNING_WORKING_DAYS,
    DUE_TODAY_STATUSES,
    Urgency,
    urgency,
)
from counter_app.domain.validation import mask_id_number, mask_phone
from counter_app.services.dossiers import DossierNotFound, DossierSummary
from counter_app.store import repository
from counter_app.store import tracking as store
from counter_app.store.db import Database

# A proposal for the apology's new date: this many working days after the date that will be missed. The
# officer (and the division) change it; the rules only require it to be later and in office hours.
APOLOGY_EXTRA_WORKING_DAYS = 5
MAX_PAGE = 1000


class DueFilter(StrEnum):
    ANY = ""
    TODAY = "today"  # hẹn trả hôm nay
    WITHIN = "within"  # hẹn trả đến hết ngày làm việc thứ N kể từ hôm nay (N = 0: hết hôm nay)
    OVERDUE = "overdue"  # quá hạn


@dataclass(frozen=True)
class DossierFilter:
    """What the officer chose in the filter bar; None / ANY means "any"."""

    status: str | None = None
    field_code: str | None = None
    procedure_code: str | None = None
    channel: str | None = None
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    due: DueFilter = DueFilter.ANY
    due_within_days: int = 1  # with DueFilter.WITHIN: working days


@dataclass(frozen=True)
class TrackedSummary(DossierSummary):
    """A list row: the masked summary plus how pressing it is now (domain.tracking.Urgency value)."""

    urgency: str = ""
    paused: bool = False


@dataclass(frozen=True)
class DueExplanation:
    """Why a dossier is due when it is: the lines of the computation, in Vietnamese, and its warnings."""

    code: str
    due_at: datetime  # the promised moment on record
    lines: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    paused: bool = False


@dataclass(frozen=True)
class ApologyProposal:
    """Pre-filled form 04: the reason to edit and a proposed new date (an `extended` event records it)."""

    code: str
    due_at: datetime
    reason: str
    new_due: datetime
    late_already: bool = False


@dataclass
class _Window:
    now: datetime
    soon_until: datetime
    day_length: timedelta = field(default=timedelta(hours=8))


def close_of_working_days(calendar: OfficeCalendar, today: date, days: int) -> datetime:
    """The close of office on the `days`-th working day after `today` (0: today's close)."""
    day = today
    for _ in range(max(0, days)):
        day = calendar.next_working_day(day)
    return calendar.close_of(day)


# Plain-string keys: a page builds a hundred rows on the UI thread, enum look-ups per cell add up.
_CHANNEL_TEXT = {c.value: label for c, label in CHANNEL_LABELS.items()}
_STATUS_TEXT = {s.value: label for s, label in STATUS_LABELS.items()}
_ACTIVE = frozenset(s.value for s in ACTIVE_STATUSES)


def _urgency(status: str, due_at: datetime, window: _Window) -> str:
    """domain.tracking.urgency for a row (same rule, string in, string out)."""
    if status not in _ACTIVE:
        return ""
    if due_at < window.now:
        return Urgency.OVERDUE.value
    return Urgency.DUE_SOON.value if due_at <= window.soon_until else ""


def _summary_from_row(row, procedure_name: str, window: _Window) -> TrackedSummary:
    status = row.status
    return TrackedSummary(
        code=row.code,
        applicant_name=row.applicant_name,
        id_number_masked=mask_id_number(row.id_number),
        phone_masked=mask_phone(row.phone),
        procedure_code=row.procedure_code,
        procedure_name=procedure_name,
        channel_label=_CHANNEL_TEXT.get(row.channel, row.channel),
        status=status,
        status_label=_STATUS_TEXT.get(status, status),
        received_at=row.received_at,
        due_at=row.due_at,
        urgency=_urgency(status, row.due_at, window),
        paused=status == "awaiting_supplement",
    )


class SummaryBuilder:
    """Rows → TrackedSummary with procedure names (cached: the catalogue is a few hundred rows at most) and the
    due-soon window (recomputed at most once a minute: it reads the office calendar)."""

    def __init__(self, db: Database, calendar: Callable[[], OfficeCalendar], clock: Callable[[], datetime]):
        self._db = db
        self._calendar = calendar
        self._clock = clock
        self._names: dict[int, str] = {}
        self._window: _Window | None = None

    def now(self) -> datetime:
        return as_office_time(self._clock()).replace(microsecond=0)

    def window(self) -> _Window:
        now = self.now()
        cached = self._window
        if (
            cached is None
            or not timedelta() <= now - cached.now < timedelta(minutes=1)
            or cached.now.date() != now.date()
        ):
            calendar = self._calendar()
            soon = close_of_working_days(calendar, now.date(), APOLOGY_WARNING_WORKING_DAYS)
            cached = self._window = _Window(now, soon, calendar.hours.day_length)
        else:
            cached = _Window(now, cached.soon_until, cached.day_length)
        return cached

    def build(self, session, rows: Iterable) -> list[TrackedSummary]:
        rows = list(rows)
        missing = {r.procedure_id for r in rows} - set(self._names)
        if missing:
            self._names.update(repository.procedure_names(session, missing))
        window = self.window()
        return [_summary_from_row(r, self._names.get(r.procedure_id, r.procedure_code), window) for r in rows]


class DossierListService:
    def __init__(
        self,
        db: Database,
        calendar_provider: Callable[[], OfficeCalendar],
        clock: Callable[[], datetime] | None = None,
    ):
        self._db = db
        self._calendar = calendar_provider
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._summaries = SummaryBuilder(db, calendar_provider, self._clock)

    def now(self) -> datetime:
        """The office clock (the dialogs compare it with due dates: a return after the due date is late)."""
        return self._summaries.now()

    def urgency_of(self, status: str, due_at: datetime) -> str:
        """domain.tracking.Urgency value for one dossier now ("", "due_soon", "overdue")."""
        window = self._summaries.window()
        return urgency(status, due_at, window.now, window.soon_until).value

    # --- the list ---------------------------------------------------------------------------------------

    def conditions(self, filters: DossierFilter) -> store.ListConditions:
        """The filter with its moments resolved against the office calendar and the clock."""
        due_statuses = due_from = due_before = None
        if filters.due != DueFilter.ANY:
            window = self._summaries.window()
            now = window.now
            if filters.due == DueFilter.TODAY:
                statuses = DUE_TODAY_STATUSES
                due_from = datetime.combine(now.date(), time(), OFFICE_TZ)
                due_before = due_from + timedelta(days=1)
            elif filters.due == DueFilter.WITHIN:
                statuses = ACTIVE_STATUSES
                days = max(0, int(filters.due_within_days))
                due_from = now
                if days == APOLOGY_WARNING_WORKING_DAYS:
                    until = window.soon_until
                else:
                    until = close_of_working_days(self._calendar(), now.date(), days)
                due_before = until + timedelta(seconds=1)
            else:
                statuses = ACTIVE_STATUSES
                due_before = now
            due_statuses = tuple(s.value for s in statuses if not filters.status or s.value == filters.status)
        return store.ListConditions(
            status=filters.status or None,
            field_code=filters.field_code or None,
            procedure_code=filters.procedure_code or None,
            channel=filters.channel or None,
            received_from=filters.received_from,
            received_to=filters.received_to,
            due_statuses=due_statuses,
            due_from=due_from,
            due_before=due_before,
        )

    def count(self, filters: DossierFilter | None = None) -> int:
        conditions = self.conditions(filters or DossierFilter())
        with self._db.read() as session:
            return store.count(session, conditions)

    def page(
        self,
        filters: DossierFilter | None = None,
        *,
        after: DossierSummary | tuple[datetime, str] | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[TrackedSummary]:
        """Newest received first. Continue a list with `after` = its last row (keyset: as fast deep in the list
        as at the top); `offset` is there for one-off jumps."""
        conditions = self.conditions(filters or DossierFilter())
        if isinstance(after, DossierSummary):
            after = (after.received_at, after.code)
        limit = max(1, min(int(limit), MAX_PAGE))
        with self._db.read() as session:
            rows = store.page(session, conditions, after=after, offset=max(0, offset), limit=limit)
            return self._summaries.build(session, rows)

    # --- the side panel ---------------------------------------------------------------------------------

    def today_counts(self) -> dict[str, int]:
        """{received, due, overdue, awaiting_supplement, due_soon, awaiting_return} as of now.

        received: received today; due: promised for today and not yet handed over; overdue: still being handled
        after the promised moment; awaiting_supplement: waiting for the applicant (clock paused); due_soon: still
        being handled and due by the close of the next working day (an apology, form 04, is due before the
        deadline);
        awaiting_return: result ready at the counter.
        """
        today = self._summaries.now().date()
        filters = {
            "received": (DossierFilter(received_from=today, received_to=today)),
            "due": DossierFilter(due=DueFilter.TODAY),
            "overdue": DossierFilter(due=DueFilter.OVERDUE),
            "awaiting_supplement": DossierFilter(status=DossierStatus.AWAITING_SUPPLEMENT.value),
            "due_soon": DossierFilter(due=DueFilter.WITHIN, due_within_days=APOLOGY_WARNING_WORKING_DAYS),
            "awaiting_return": DossierFilter(status=DossierStatus.RESOLVED.value),
        }
        conditions = {key: self.conditions(f) for key, f in filters.items()}
        with self._db.read() as session:
            return {key: store.count(session, c) for key, c in conditions.items()}

    def due_soon(self, limit: int = 50) -> list[TrackedSummary]:
        """Dossiers still being handled and due by the close of the next working day: each needs an apology
        slip unless it is resolved in time."""
        return self.page(DossierFilter(due=DueFilter.WITHIN, due_within_days=APOLOGY_WARNING_WORKING_DAYS), limit=limit)

    # --- one dossier ------------------------------------------------------------------------------------

    def due_explanation(self, code: str) -> DueExplanation:
        """How the due date on record came about: receipt, the counting rule, days passed over, pauses for
        supplements, extensions — recomputed with today's office calendar and compared with the record."""
        code = code.strip().upper()
        now = self._summaries.now()
        with self._db.read() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            events = repository.dossier_events(session, row.id)
            procedure = repository.procedure_version(session, row.procedure_id)
            pauses = repository.pauses_from_json(row.pauses)
            due_at, status, received_at = row.due_at, row.status, row.received_at
        processing = _processing_of(events, procedure)
        paused = any(p.end is None for p in pauses)
        calendar = self._calendar()
        computed = compute_due(received_at, processing, calendar, pauses, as_of=now if paused else None)
        lines = list(computed.reasons)
        warnings = list(computed.warnings)
        extensions = [e for e in events if e.kind == EventKind.EXTENDED]
        for e in extensions:
            new_due = e.payload.get("due_at")
            when = datetime.fromisoformat(new_due) if new_due else None
            reason = e.payload.get("reason") or ""
            before = e.payload.get("previous_due_at")
            late = bool(before) and not extension_in_time(e.occurred_at, datetime.fromisoformat(before))
            lines.append(
                f"Xin lỗi và hẹn lại ({e.occurred_at:%H:%M %d/%m/%Y}): hẹn trả mới "
                + (f"{when:%H:%M ngày %d/%m/%Y}" if when else "—")
                + (f"; lý do: {reason}" if reason else "")
                + (
                    f"; ghi sau khi đã quá hạn ({datetime.fromisoformat(before):%H:%M ngày %d/%m/%Y}) nên không gia "
                    f"hạn: hồ sơ vẫn tính là quá hạn ({LATE_EXTENSION_BASIS})"
                    if late and before
                    else ""
                )
                + "."
            )
        if not extensions and not paused and computed.due != due_at:
            lines.append(
                f"Ngày hẹn đã ghi trên hồ sơ là {due_at:%H:%M ngày %d/%m/%Y}; tính lại theo lịch làm việc hiện hành "
                f"được {computed.due:%H:%M ngày %d/%m/%Y} (lịch làm việc đã thay đổi sau khi hẹn). "
                "Ngày hẹn đã ghi vẫn là ngày cam kết với người nộp."
            )
        if extensions or paused:
            lines.append(f"Ngày hẹn trả hiện tại: {due_at:%H:%M ngày %d/%m/%Y}.")
        state = DossierStatus(status)
        if state in ACTIVE_STATUSES and due_at < now:
            warnings.insert(0, f"Đã quá hạn từ {due_at:%H:%M ngày %d/%m/%Y}.")
        return DueExplanation(code, due_at, tuple(lines), tuple(warnings), paused)

    def apology_proposal(self, code: str) -> ApologyProposal:
        """Form 04 pre-filled for a dossier that will miss (or has missed) its date: a reason to edit and a new
        date APOLOGY_EXTRA_WORKING_DAYS working days after the current one, at the close of office."""
        code = code.strip().upper()
        now = self._summaries.now()
        with self._db.read() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                raise DossierNotFound(code)
            due_at = row.due_at
            procedure_name = repository.procedure_names(session, {row.procedure_id}).get(row.procedure_id, "")
            processing = _processing_of(
                repository.dossier_events(session, row.id), repository.procedure_version(session, row.procedure_id)
            )
        calendar = self._calendar()
        day = max(due_at, now).date()
        for _ in range(APOLOGY_EXTRA_WORKING_DAYS):
            day = calendar.next_working_day(day)
        # never beyond what the recording allows (domain.lifecycle.extension_problem): a short procedure, less
        new_due = min(calendar.close_of(day), latest_extension(max(due_at, now), processing, calendar))
        what = f" thủ tục «{procedure_name}»" if procedure_name else ""
        reason = (
            f"Hồ sơ{what} cần thêm thời gian thẩm định, xem xét nên chưa thể trả kết quả đúng hẹn "
            f"({due_at:%H:%M ngày %d/%m/%Y})."
        )
        return ApologyProposal(code, due_at, reason, new_due, late_already=due_at < now)


def _processing_of(events, procedure) -> ProcessingTime:
    """The processing time a dossier was received under: duration and unit from its receipt event, start rules
    (trigger, cut-off) from the procedure version it points at."""
    received = next((e for e in events if e.kind == EventKind.RECEIVED), None)
    payload = received.payload if received else {}
    base = procedure.processing_time if procedure else ProcessingTime(0)
    return ProcessingTime(
        duration=int(payload.get("duration", base.duration)),
        unit=DurationUnit(payload.get("unit", base.unit.value)),
        trigger=base.trigger,
        cutoff=base.cutoff,
    )
