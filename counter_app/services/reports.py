"""Reports: the period report (Biểu 06) from the per-day counts, its exports, and the supervisor's dashboard data.

The numbers come from store/report_counts.py (two cumulative sums per group, whatever the size of the store);
`recount` computes the same report by folding every dossier's events, for tests and for `counter-app report
--verify`. Rules and definitions: domain/reports.py and docs/REPORTS.md.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar, as_office_time
from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.merge import merge_events
from counter_app.domain.policy import CHOICES as POLICY_CHOICES
from counter_app.domain.policy import ReportPolicy
from counter_app.domain.reports import (
    OUTPUT_KEYS,
    DossierHistory,
    PeriodError,
    Report,
    ReportPeriod,
    ReportRow,
    custom_period,
    naive_counts,
    parse_period,
    policy_footnotes,
    report_notes,
    rows_from_counts,
    sum_rows,
    summary_paragraph,
)
from counter_app.domain.roles import Action
from counter_app.domain.summary import period_range
from counter_app.domain.text import fold_for_search
from counter_app.services.settings import SettingsService
from counter_app.store import guidance as guidance_store
from counter_app.store import report_counts, report_queries, repository
from counter_app.store.db import Database

FORMATS = ("xlsx", "pdf", "json")
GROUPS = ("field", "procedure", "agency")


class ReportError(ValueError):
    """A report that cannot be made as asked (period not started, unknown format); str() is for the officer."""


@dataclass(frozen=True)
class WeekCount:
    label: str  # "15/03–21/03"
    first: date
    last: date
    direct: int
    postal: int
    online: int

    @property
    def total(self) -> int:
        return self.direct + self.postal + self.online


@dataclass(frozen=True)
class PendingItem:
    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    field_code: str
    field_name: str
    status_label: str
    location: str
    received_at: datetime
    due_at: datetime
    paused: bool
    days_left: int | None  # working days left (0: due today); None while paused
    overdue: bool
    days_overdue: int  # calendar days past the promised day


@dataclass(frozen=True)
class DashboardData:
    report: Report
    weeks: tuple[WeekCount, ...]
    fields: tuple[ReportRow, ...]  # per field, for the on-time share
    buckets: tuple[tuple[str, int], ...]  # pending now, by working days left
    overdue: tuple[PendingItem, ...]  # the longest overdue first, at most ReportService.OVERDUE_LIST_LIMIT
    pending_now: int
    overdue_now: int
    now: datetime
    field_code: str | None = None
    seconds: float = 0.0
    guidance: int = 0  # form 02 handed to walk-ins whose dossier was not received ("hướng dẫn"), in the period


BUCKETS = (
    "Quá hạn",
    "Đến hạn hôm nay",
    "Còn 1–2 ngày",
    "Còn 3–5 ngày",
    "Còn 6–10 ngày",
    "Còn trên 10 ngày",
    "Đang chờ bổ sung",
)


class ReportService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        clock: Callable[[], datetime] | None = None,
        calendar_provider: Callable[[], OfficeCalendar] | None = None,
    ):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._calendar = calendar_provider

    # --- periods ---------------------------------------------------------------------------------------------

    @staticmethod
    def parse_period(text_: str) -> ReportPeriod:
        return parse_period(text_)

    def now(self) -> datetime:
        return as_office_time(self._clock())

    def _period(self, period: ReportPeriod | str) -> ReportPeriod:
        period = parse_period(period) if isinstance(period, str) else period
        now = self.now()
        if now < period.start_moment:
            raise ReportError(f"Kỳ báo cáo {period.label} ({period.range_text()}) chưa bắt đầu: chưa có số liệu.")
        return period

    # --- the counts --------------------------------------------------------------------------------------------

    def ensure_counts(self):
        """Rebuild the per-day counts if the store asks for it (after migration 0005); returns the result or None."""
        with self._db.read() as session:
            if not report_counts.needs_rebuild(session):
                return None
        return self.rebuild_counts()

    def rebuild_counts(self) -> report_counts.RebuildResult:
        with self._db.write() as session:
            return report_counts.rebuild(session)

    def check_counts(self) -> list[str]:
        """Where the stored counts differ from a recount from the events (empty when they agree)."""
        with self._db.read() as session:
            return report_counts.differences(session)

    # --- the report ----------------------------------------------------------------------------------------------

    def _labels(self, session, by: str) -> tuple[dict[str, str], dict[str, dict]]:
        if by == "agency":  # the agencies' names are the keys (domain.representation.agency_key)
            return {}, {}
        fields = report_queries.field_names(session)
        if by == "field":
            order = sorted(fields, key=lambda c: (fold_for_search(fields[c]), c))
            return {c: fields[c] for c in order}, {}
        latest = report_queries.latest_procedure_labels(session)
        order = sorted(
            latest,
            key=lambda c: (fold_for_search(fields.get(latest[c][1], latest[c][1])), fold_for_search(latest[c][0]), c),
        )
        labels = {c: latest[c][0] for c in order}
        extra = {c: {"field_code": latest[c][1], "field_name": fields.get(latest[c][1], latest[c][1])} for c in order}
        return labels, extra

    def pdf_folder(self):
        """The folder for PDF files when no printer is installed (settings printing.pdf_folder)."""
        return self._settings.pdf_folder()

    def printer_setting(self) -> str:
        """The printer remembered for reports (settings printing.report_printer; empty: the default printer)."""
        return self._settings.all().get("printing.report_printer", "")

    def _agency(self) -> dict[str, str]:
        values = self._settings.all()
        return {
            "agency_name": values.get("agency.name", ""),
            "governing_name": values.get("agency.governing_name", ""),
            "place": values.get("agency.place", ""),
        }

    def report(
        self,
        period: ReportPeriod | str,
        *,
        by: str = "field",
        include_empty: bool = False,
        field_code: str | None = None,
        station_id: str | None = None,
    ) -> Report:
        """The period report per field (or per procedure), from the per-day counts; of the dossiers one station
        received when `station_id` is given (what it sends to the hub). Raises PeriodError/ReportError."""
        if by not in GROUPS:
            raise ReportError(
                f"Chỉ lập báo cáo theo lĩnh vực (field), thủ tục (procedure) hoặc cơ quan giải quyết (agency), "
                f"không theo '{by}'."
            )
        if station_id is None:  # a station's own counts for the hub are the sync's, not a person's report
            self._settings.access.require(Action.REPORTS)
        if by == "agency":
            # A dossier's deciding agency may be typed at intake (not the catalogue's): the per-day counts are kept
            # per field and procedure only, so this grouping is counted from the dossiers' events (the recount the
            # report is checked against; slower, exact). Biểu 06 itself (by field, by procedure) is unchanged.
            if field_code is not None or station_id is not None:
                raise ReportError("Báo cáo theo cơ quan giải quyết không lọc theo lĩnh vực hay máy trạm.")
            return self.recount(period, by="agency", include_empty=include_empty)
        period = self._period(period)
        self.ensure_counts()
        now = self.now()
        policy = self.policy()
        with self._db.read() as session:
            labels, extra = self._labels(session, by)
            rows, total, as_of, alternatives = counted_rows(
                session,
                period,
                now,
                by=by,
                labels=labels,
                extra=extra,
                include_empty=include_empty,
                field_code=field_code,
                station_id=station_id,
                policy=policy,
            )
        return self._finish(period, by, as_of, now, rows, total, policy, alternatives)

    def policy(self) -> ReportPolicy:
        """The report choices (settings reports.*: docs/REPORTS.md)."""
        return ReportPolicy.from_settings(self._settings.all())

    def _finish(self, period, by, as_of, now, rows, total, policy: ReportPolicy, alternatives) -> Report:
        values = self._settings.all()
        due_values = {key: values.get(key, c.default) for key, c in POLICY_CHOICES.items() if key.startswith("due.")}
        report = Report(
            period=period,
            rows=tuple(rows),
            total=total,
            group_by=by,
            as_of=as_of,
            generated_at=now,
            policy=policy.values(),
            footnotes=policy_footnotes(total, alternatives, policy, due_values),
            **self._agency(),
        )
        return replace(report, notes=report_notes(total, as_of, policy), summary=summary_paragraph(report))

    def recount(self, period: ReportPeriod | str, *, by: str = "field", include_empty: bool = False) -> Report:
        """The same report recounted by folding every dossier's events (slow: for checks and tests)."""
        period = self._period(period)
        now = self.now()
        policy = self.policy()
        histories: list[DossierHistory] = []
        with self._db.read() as session:
            labels, extra = self._labels(session, by)
            dims, events = report_queries.dossiers_with_events(session, by)
        for dossier_id, (key, channel) in dims.items():
            applied = merge_events(events.get(dossier_id, ())).applied
            histories.append(DossierHistory(key, channel, tuple(applied)))
        counted = naive_counts(histories, period, now, policy)
        for key in sorted(set(counted) - set(labels)):
            labels[key] = key
        rows = [replace(counted[k], label=labels[k], **extra.get(k, {})) for k in labels if k in counted]
        all_rows = list(rows)
        if not include_empty:
            rows = [r for r in rows if any(r.figures())]
        alternatives = {}
        for name in policy.values():
            short = name.removeprefix("reports.")
            other = naive_counts(histories, period, now, policy.flipped(short))
            alternatives[short] = sum_rows(list(other.values()))
        return self._finish(period, by, period.as_of(now), now, rows, sum_rows(all_rows), policy, alternatives)

    # --- exports ---------------------------------------------------------------------------------------------------

    def export(self, report: Report, fmt: str) -> bytes:
        """The report as a file: xlsx (the official layout), pdf (A4 landscape) or json."""
        self._settings.access.require(Action.REPORTS)
        if fmt in ("xlsx", "pdf", "json"):
            self._settings.access.record("export", target=f"report {report.period.label}", detail={"format": fmt})
        if fmt == "xlsx":
            from counter_app.services.report_export import report_xlsx

            return report_xlsx(report)
        if fmt == "pdf":
            from counter_app.printing.report_pdf import render_report_pdf

            return render_report_pdf(report)
        if fmt == "json":
            from counter_app.services.report_export import report_json

            return report_json(report).encode("utf-8")
        raise ReportError(f"Định dạng '{fmt}' không hỗ trợ: chọn xlsx, pdf hoặc json.")

    def export_period(
        self, period: ReportPeriod | str, fmt: str, *, by: str = "field", include_empty: bool = False
    ) -> tuple[Report, bytes]:
        report = self.report(period, by=by, include_empty=include_empty)
        return report, self.export(report, fmt)

    # --- the dashboard -------------------------------------------------------------------------------------------

    def fields(self) -> list[tuple[str, str]]:
        """(code, name) of every field, in name order (the dashboard's filter)."""
        with self._db.read() as session:
            rows = list(report_queries.field_names(session).items())
        return sorted(rows, key=lambda r: (fold_for_search(r[1]), r[0]))

    def dashboard(self, period: ReportPeriod | str, field_code: str | None = None) -> DashboardData:
        self._settings.access.require(Action.REPORTS)
        """Everything the supervisor's dashboard draws, for one period and optionally one field."""
        t0 = _time.perf_counter()
        report = self.report(period, field_code=field_code)
        period, now = report.period, report.generated_at or self.now()
        last_day = report.as_of.date() if report.as_of else period.end
        with self._db.read() as session:
            days = report_counts.daily(session, period.start, last_day, field_code=field_code)
            weeks = self._weeks(period.start, last_day, days)
            counts, pending_now, overdue_now = self._pending_buckets(session, now, field_code)
            overdue = self._overdue_items(session, now, field_code)
            guided = guidance_store.count(
                session,
                datetime.combine(period.start, time(), OFFICE_TZ),
                datetime.combine(last_day + timedelta(days=1), time(), OFFICE_TZ),
                field_code,
            )
        field_rows = tuple(r for r in report.rows if r.resolved_total or r.received_total)
        return DashboardData(
            report=report,
            weeks=tuple(weeks),
            fields=field_rows,
            buckets=tuple((b, counts.get(b, 0)) for b in BUCKETS),
            overdue=tuple(overdue),
            pending_now=pending_now,
            overdue_now=overdue_now,
            now=now,
            field_code=field_code,
            seconds=_time.perf_counter() - t0,
            guidance=guided,
        )

    @staticmethod
    def _weeks(first: date, last: date, days: dict[str, dict[str, list[int]]]) -> list[WeekCount]:
        from counter_app.domain.reports import COUNT_COLUMNS

        i_direct, i_postal, i_online = (
            COUNT_COLUMNS.index(c) for c in ("received_direct", "received_postal", "received_online")
        )
        out: list[WeekCount] = []
        start = first
        while start <= last:
            end = min(last, start + timedelta(days=6 - start.weekday()))  # to Sunday
            d = p = o = 0
            day = start
            while day <= end:
                for counts in days.get(day.isoformat(), {}).values():
                    d += counts[i_direct]
                    p += counts[i_postal]
                    o += counts[i_online]
                day += timedelta(days=1)
            out.append(WeekCount(f"{start:%d/%m}–{end:%d/%m}", start, end, d, p, o))
            start = end + timedelta(days=1)
        return out

    _OPEN = ("received", "in_progress", "awaiting_supplement")
    OVERDUE_LIST_LIMIT = 500

    def _days_left(self, today: date) -> Callable[[date], int]:
        """Working days from today to a due day (0: due today or before), by the office calendar."""
        calendar = self._calendar() if self._calendar else None
        cache: dict[date, int] = {}

        def left(day: date) -> int:
            if day <= today:
                return 0
            if day not in cache:
                if calendar is None:
                    cache[day] = (day - today).days
                else:
                    n, d = 0, today
                    while d < day and n < 60:
                        d += timedelta(days=1)
                        n += calendar.is_working_day(d)
                    cache[day] = n
            return cache[day]

        return left

    def _pending_buckets(self, session, now: datetime, field_code: str | None) -> tuple[dict[str, int], int, int]:
        """Dossiers being handled now, by bucket of working days left: (counts, total, overdue), counted in SQL by
        due moment (the same rule as the report: paused is overdue only if the pause began after the due moment)."""
        running, paused = report_queries.pending_by_due(session, field_code)
        left = self._days_left(now.date())
        stamp = now.isoformat(timespec="seconds")
        counts: dict[str, int] = defaultdict(int)
        total = overdue = 0
        for due_at, n in running:
            total += n
            if due_at < stamp:
                overdue += n
                counts[BUCKETS[0]] += n
            else:
                days = left(date.fromisoformat(due_at[:10]))
                counts[BUCKETS[1 if days <= 0 else 2 if days <= 2 else 3 if days <= 5 else 4 if days <= 10 else 5]] += n
        for is_overdue, n in paused:
            total += n
            if is_overdue:
                overdue += n
            counts[BUCKETS[0] if is_overdue else BUCKETS[6]] += n
        return counts, total, overdue

    def _overdue_items(self, session, now: datetime, field_code: str | None) -> list[PendingItem]:
        """The overdue dossiers, the longest overdue first (at most OVERDUE_LIST_LIMIT)."""
        rows = report_queries.overdue_dossiers(
            session, now.isoformat(timespec="seconds"), field_code, self.OVERDUE_LIST_LIMIT
        )
        if not rows:
            return []
        names = report_queries.procedure_version_names(session)
        field_names = report_queries.field_names(session)
        today = now.date()
        items = []
        for code, applicant, pcode, pid, fcode, status, location, received_at, due_at, paused_since in rows:
            due = datetime.fromisoformat(due_at)
            items.append(
                PendingItem(
                    code=code,
                    applicant_name=applicant,
                    procedure_code=pcode,
                    procedure_name=names.get(pid, pcode),
                    field_code=fcode,
                    field_name=field_names.get(fcode, fcode),
                    status_label=STATUS_LABELS[DossierStatus(status)],
                    location=location or "",
                    received_at=datetime.fromisoformat(received_at),
                    due_at=due,
                    paused=paused_since is not None,
                    days_left=None,
                    overdue=True,
                    days_overdue=max(0, (today - as_office_time(due).date()).days),
                )
            )
        return items


def counted_rows(
    session,
    period: ReportPeriod,
    now: datetime,
    *,
    by: str = "field",
    labels: dict[str, str] | None = None,
    extra: dict[str, dict] | None = None,
    include_empty: bool = False,
    field_code: str | None = None,
    station_id: str | None = None,
    policy: ReportPolicy | None = None,
) -> tuple[list[ReportRow], ReportRow, datetime | None, dict[str, ReportRow]]:
    """(rows, total, as of, alternatives) of the period from the per-day counts (store/report_counts.py) under the
    report choices `policy`, in the caller's read transaction; the counts must be current
    (ReportService.ensure_counts). Every figure of Biểu 06 is read here. `alternatives`: the total under each
    report choice set the other way ({"early_rule": row, …}), from the same counts, for the footnotes."""
    policy = policy or ReportPolicy()
    as_of = period.as_of(now)
    last_day = as_of.date() if as_of is not None else period.end
    before = report_counts.cumulative(
        session, period.start - timedelta(days=1), by=by, field_code=field_code, station_id=station_id
    )
    end = report_counts.cumulative(session, last_day, by=by, field_code=field_code, station_id=station_id)
    corrections = (
        report_counts.overdue_later_today(session, as_of, by=by, field_code=field_code, station_id=station_id)
        if as_of
        else {}
    )
    labels = dict(labels or {})
    extra = extra or {}
    for key in sorted((set(before) | set(end)) - set(labels)):  # counted, but not in the catalogue
        labels[key] = key
    if field_code is not None:
        labels = {
            k: v
            for k, v in labels.items()
            if (k if by == "field" else extra.get(k, {}).get("field_code")) == field_code or k in end
        }
    rows = rows_from_counts(labels, before, end, corrections, include_empty=include_empty, extra=extra, policy=policy)
    everything = rows_from_counts(labels, before, end, corrections, include_empty=True, extra=extra, policy=policy)
    alternatives = {
        name: sum_rows(
            rows_from_counts(labels, before, end, corrections, include_empty=True, policy=policy.flipped(name))
        )
        for name in ("early_rule", "late_return", "variant")
    }
    return rows, sum_rows(everything), as_of, alternatives


def station_summary(session, period: str, station_id: str | None, now: datetime) -> dict:
    """Biểu 06's figures of the dossiers `station_id` received (None: every dossier this store knows), for a
    summary period (2026, 2026-H1, 2026-Q4, 2026-11 or the day 2026-11-25) at `now`, in total and per field: what
    a station sends to the hub, read in the caller's read transaction from the same per-day counts as the report
    (`counted_rows`). Every dossier is counted by the station that received it, so the hub's sum over an agency's
    stations is the agency's Biểu 06 (tests/test_report_consolidation.py) under the station's report choices
    (settings reports.*), which change what it sends as they change its report."""
    if report_counts.needs_rebuild(session):  # rare (after a migration): counted in this transaction, not kept
        report_counts.rebuild(session)
    policy = ReportPolicy.from_settings(repository.read_settings(session))
    rows, total, _, _ = counted_rows(
        session, custom_period(*period_range(period)), now, station_id=station_id, policy=policy
    )
    return {
        "period": period,
        "figures": {k: getattr(total, k) for k in OUTPUT_KEYS},
        "groups": {r.key: {k: getattr(r, k) for k in OUTPUT_KEYS} for r in sorted(rows, key=lambda r: r.key)},
    }


__all__ = [
    "BUCKETS",
    "DashboardData",
    "FORMATS",
    "GROUPS",
    "PendingItem",
    "PeriodError",
    "ReportError",
    "ReportService",
    "WeekCount",
    "station_summary",
]
