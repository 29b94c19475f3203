"""The counts the period report reads (table `report_counts`, migration 0005): kept up to date event by event,
read as cumulative sums, and rebuilt from the events for repair.

Why: one pass over 1,000,000 dossiers takes about 130 ms; a quarterly report must take under 20 ms. So every
event adds what it changes (domain.reports.report_deltas) to the counts of its day, month and year, in the same
transaction as the event (repository.append_event calls `record_event`). A report then needs two cumulative
sums per group (up to the day before the period, and up to its last day), each read from at most
years + 11 months + 31 days rows per procedure, whatever the size of the store.

Anything that writes dossiers or events without repository.append_event (the benchmark generator's raw INSERTs,
or anything else) must call `rebuild` in the same transaction. Every fold of a dossier goes through
projection.store_projection, which calls `record_event` for an appended event and `refold` when the whole
history was folded again (sync: events merged into the middle of a history); for that, a dossier whose
contribution does not follow from its row alone keeps it in `dossiers.report_trace`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.dossier import DossierState
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import fold_events
from counter_app.domain.merge import merge_events
from counter_app.domain.reports import (
    COUNT_COLUMNS,
    RECEIVED_COLUMNS,
    CountDelta,
    add_delta,
    history_deltas,
    is_simple,
    merge_deltas,
    report_deltas,
    simple_deltas,
    zero_counts,
)
from counter_app.store.event_rows import dossier_events
from counter_app.store.models import Dossier

GRAINS = ("d", "m", "y")
MARKER = ("*", "", "", "", "")  # the "rebuild me" row written by migrations 0005 and 0008

_COLS = ", ".join(COUNT_COLUMNS)
UPSERT = (
    f"INSERT INTO report_counts (grain, start, field_code, procedure_code, station_id, {_COLS}) "
    f"VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(COUNT_COLUMNS))}) "
    "ON CONFLICT (grain, start, field_code, procedure_code, station_id) DO UPDATE SET "
    + ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNT_COLUMNS)
)

Key = tuple[str, str, str, str]  # (day ISO, field code, procedure code, receiving station id)


def buckets(day: date) -> tuple[tuple[str, str], ...]:
    """The (grain, start) rows a count of `day` is filed under."""
    return (("d", day.isoformat()), ("m", day.replace(day=1).isoformat()), ("y", date(day.year, 1, 1).isoformat()))


def _rolled_up(daily: Mapping[Key, Sequence[int]]) -> dict[tuple[str, str, str, str, str], list[int]]:
    rows: dict[tuple[str, str, str, str, str], list[int]] = defaultdict(zero_counts)
    for (day, field_code, procedure_code, station_id), counts in daily.items():
        for grain, start in buckets(date.fromisoformat(day)):
            target = rows[(grain, start, field_code, procedure_code, station_id)]
            for i, value in enumerate(counts):
                target[i] += value
    return {key: counts for key, counts in rows.items() if any(counts)}


# --------------------------------------------------------------------------------------------- the write path


def apply_deltas(
    session: Session,
    field_code: str,
    procedure_code: str,
    deltas: Iterable[CountDelta],
    sign: int = 1,
    *,
    station_id: str = "",
) -> None:
    """Add `deltas` (times `sign`) to the counts of one procedure and receiving station, in the caller's
    transaction."""
    daily: dict[Key, list[int]] = defaultdict(zero_counts)
    for delta in deltas:
        key = (delta.day.isoformat(), field_code, procedure_code, station_id)
        add_delta(daily[key], delta.column, sign * delta.delta)
    rows = _rolled_up(daily)
    if not rows:
        return
    # Straight to the driver, inside the session's transaction: a few rows per event, and SQLAlchemy's
    # statement handling would cost more than SQLite's work here.
    _driver(session).executemany(UPSERT, [(*key, *counts) for key, counts in rows.items()])


def _trace_json(deltas: Iterable[CountDelta]) -> list[list]:
    return [[d.day.isoformat(), d.column, d.delta] for d in deltas]


def _trace_from_json(items: list) -> list[CountDelta]:
    return [CountDelta(date.fromisoformat(day), column, int(delta)) for day, column, delta in items]


def request_rebuild(session: Session) -> None:
    """Write the "rebuild me" marker: the next report recomputes every count from the events first."""
    session.execute(
        text("INSERT OR IGNORE INTO report_counts (grain, start, field_code, procedure_code) VALUES ('*', '', '', '')")
    )


def trace_of(row: Dossier, state: DossierState) -> list[CountDelta] | None:
    """The dossier's current contribution to the counts: its trace, or derived from the row for a simple dossier;
    None when neither is possible (a store not yet rebuilt after migration 0005)."""
    if row.report_trace is not None:
        return _trace_from_json(row.report_trace)
    if is_simple(state):
        return simple_deltas(state.received_at, row.channel, state.due_at, state.resolved_at, state.returned_at)
    return None


def record_event(session: Session, row: Dossier, prev: DossierState | None, new: DossierState, at: datetime) -> None:
    """What one appended event changes in the counts (projection.store_projection calls this, after the row has
    been written), and the dossier's trace once its history is no longer simple."""
    deltas = report_deltas(prev, new, at, row.channel)
    if deltas:
        apply_deltas(session, row.field_code, row.procedure_code, deltas, station_id=row.station_id)
    if is_simple(new):
        row.report_trace = None
        return
    base = (
        []
        if prev is None
        else (
            _trace_from_json(row.report_trace)
            if row.report_trace is not None
            else simple_deltas(prev.received_at, row.channel, prev.due_at, prev.resolved_at, prev.returned_at)
            if is_simple(prev)
            else None
        )
    )
    if base is None:  # a complex dossier with no trace: only before the post-migration rebuild
        request_rebuild(session)
        return
    row.report_trace = _trace_json(merge_deltas(base, deltas))


def refold(session: Session, row: Dossier, new: DossierState, old: list[CountDelta] | None) -> None:
    """Replace the contribution of a dossier whose projection was rebuilt from all its events (a sync re-fold:
    events may have been merged into the middle of its history). `old`: its contribution before (trace_of
    before the row was overwritten; [] for a dossier new to this store)."""
    applied = merge_events(dossier_events(session, row.id)).applied
    new_deltas = history_deltas(applied, row.channel)
    if old is None:
        request_rebuild(session)
    else:
        change = merge_deltas(new_deltas, old, signs=(1, -1))
        if change:
            apply_deltas(session, row.field_code, row.procedure_code, change, station_id=row.station_id)
    row.report_trace = None if is_simple(new) else _trace_json(new_deltas)


# --------------------------------------------------------------------------------------------- the read path


def needs_rebuild(session: Session) -> bool:
    return (
        session.execute(
            text(
                "SELECT 1 FROM report_counts WHERE grain = '*' AND start = '' AND field_code = '' AND procedure_code = ''"
            )
        ).first()
        is not None
    )


_SUMS = ", ".join(f"SUM({c})" for c in COUNT_COLUMNS)


def _cumulative_sql(group: str, field_filter: bool, station_filter: bool = False) -> str:
    where_field = (" AND field_code = :field" if field_filter else "") + (
        " AND station_id = :station" if station_filter else ""
    )
    parts = [
        f"SELECT {group} AS k, {_COLS} FROM report_counts WHERE grain = 'y' AND start < :y0{where_field}",
        f"SELECT {group} AS k, {_COLS} FROM report_counts WHERE grain = 'm' AND start >= :y0 AND start < :m0{where_field}",
        f"SELECT {group} AS k, {_COLS} FROM report_counts WHERE grain = 'd' AND start >= :m0 AND start <= :day{where_field}",
    ]
    return f"SELECT k, {_SUMS} FROM ({' UNION ALL '.join(parts)}) GROUP BY k"


_GROUPS = {"field": "field_code", "procedure": "procedure_code"}


def cumulative(
    session: Session, day: date, *, by: str = "field", field_code: str | None = None, station_id: str | None = None
) -> dict[str, list[int]]:
    """Counts summed over everything up to and including `day`, per field or per procedure; of the dossiers one
    station received when `station_id` is given."""
    sql = _cumulative_sql(_GROUPS[by], field_code is not None, station_id is not None)
    params = {"y0": date(day.year, 1, 1).isoformat(), "m0": day.replace(day=1).isoformat(), "day": day.isoformat()}
    if field_code is not None:
        params["field"] = field_code
    if station_id is not None:
        params["station"] = station_id
    return {row[0]: list(row[1:]) for row in session.execute(text(sql), params)}


def daily(
    session: Session, first: date, last: date, *, field_code: str | None = None
) -> dict[str, dict[str, list[int]]]:
    """Per-day counts between two days (both included), per field: {day ISO: {field: counts}} (the dashboard)."""
    sql = (
        f"SELECT start, field_code, {_SUMS} FROM report_counts WHERE grain = 'd' AND start >= :a AND start <= :b"
        + (" AND field_code = :field" if field_code else "")
        + " GROUP BY start, field_code"
    )
    out: dict[str, dict[str, list[int]]] = defaultdict(dict)
    params = {"a": first.isoformat(), "b": last.isoformat(), "field": field_code}
    for row in session.execute(text(sql), params):
        out[row[0]][row[1]] = list(row[2:])
    return out


def overdue_later_today(
    session: Session, now: datetime, *, by: str = "field", field_code: str | None = None, station_id: str | None = None
) -> dict[str, int]:
    """Pending dossiers filed as overdue today whose promised moment is still ahead of `now` (the per-day counts
    know days, not hours): subtracted from "overdue" when a period is counted up to now."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    sql = (
        f"SELECT {_GROUPS[by]}, count(*) FROM dossiers WHERE status IN ('received', 'in_progress') "
        "AND paused_since IS NULL AND due_at >= :now AND due_at < :tomorrow"
        + (" AND field_code = :field" if field_code else "")
        + (" AND station_id = :station" if station_id is not None else "")
        + f" GROUP BY {_GROUPS[by]}"
    )
    params = {
        "now": now.isoformat(timespec="seconds"),
        "tomorrow": tomorrow.isoformat(timespec="seconds"),
        "field": field_code,
        "station": station_id,
    }
    return {row[0]: row[1] for row in session.execute(text(sql), params)}


# --------------------------------------------------------------------------------------------- rebuild

# Dossiers whose history the projection describes completely for the report: no pause, no extension, closed by a
# result or still open, times in office time. Their counts come from one SQL pass over `dossiers`; every other
# dossier is folded event by event through the lifecycle rules (domain.reports.history_deltas).
_SIMPLE = (
    "supplement_rounds = 0 AND extension_count = 0 AND status NOT IN ('refused', 'stopped', 'withdrawn') "
    "AND received_at LIKE '%+07:00' AND due_at LIKE '%+07:00' AND (resolved_at IS NULL OR resolved_at LIKE '%+07:00') "
    "AND (returned_at IS NULL OR returned_at LIKE '%+07:00')"
)


@dataclass(frozen=True)
class RebuildResult:
    dossiers: int
    folded: int  # dossiers whose events were folded one by one (the others: one SQL pass)
    rows: int
    seconds: float

    def describe(self) -> str:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", ".")

        return (
            f"Đã tính lại số liệu tổng hợp báo cáo từ {n(self.dossiers)} hồ sơ ({n(self.folded)} hồ sơ tính theo từng "
            f"sự kiện): {n(self.rows)} dòng, {f'{self.seconds:.1f}'.replace('.', ',')} giây."
        )


def _driver(session_or_conn) -> sqlite3.Connection:
    if isinstance(session_or_conn, sqlite3.Connection):
        return session_or_conn
    return session_or_conn.connection().connection.driver_connection


def compute_daily(
    conn: sqlite3.Connection, traces: dict[str, list] | None = None
) -> tuple[dict[Key, list[int]], int, int]:
    """The per-day counts of every dossier in the store, from scratch: (counts, dossiers, folded). `traces`, if
    given, receives the trace (JSON) of every dossier whose contribution does not follow from its row."""
    out: dict[Key, list[int]] = defaultdict(zero_counts)
    idx = {name: i for i, name in enumerate(COUNT_COLUMNS)}
    total = 0
    channels = {channel.value: idx[column] for channel, column in RECEIVED_COLUMNS.items()}
    for day, field_code, procedure_code, station_id, channel, n in conn.execute(
        "SELECT received_day, field_code, procedure_code, station_id, channel, count(*) FROM dossiers "
        f"WHERE {_SIMPLE} GROUP BY 1, 2, 3, 4, 5"
    ):
        out[(day, field_code, procedure_code, station_id)][channels[channel]] += n
        total += n
    # Results by class (domain.reports.closure_class), and those returned after the promised moment though not late
    # ("trả muộn"), filed on the day of the result. Times are all +07:00 (_SIMPLE): the first 10 characters are the
    # office's day.
    on_day = "substr(resolved_at, 1, 10) = substr(due_at, 1, 10)"
    before_day = "substr(resolved_at, 1, 10) < substr(due_at, 1, 10)"
    not_late = "julianday(resolved_at) <= julianday(due_at)"
    on_day_early = f"({on_day} AND julianday(resolved_at) < julianday(due_at))"
    returned_late = "(returned_at IS NOT NULL AND julianday(returned_at) > julianday(due_at))"
    for (
        day,
        field_code,
        procedure_code,
        station_id,
        late,
        early,
        on_day_n,
        r_early,
        r_on_time,
        r_on_day,
        n,
    ) in conn.execute(
        "SELECT substr(resolved_at, 1, 10), field_code, procedure_code, station_id, "
        "SUM(julianday(resolved_at) > julianday(due_at)), "
        f"SUM({not_late} AND {before_day}), SUM({on_day_early}), "
        f"SUM({returned_late} AND {not_late} AND {before_day}), "
        f"SUM({returned_late} AND {not_late} AND {on_day}), "
        f"SUM({returned_late} AND {on_day_early}), "
        f"count(*) FROM dossiers WHERE resolved_at IS NOT NULL AND {_SIMPLE} GROUP BY 1, 2, 3, 4"
    ):
        counts = out[(day, field_code, procedure_code, station_id)]
        counts[idx["closed_late"]] += late
        counts[idx["closed_early"]] += early
        counts[idx["closed_on_time"]] += n - late - early
        counts[idx["closed_on_day_early"]] += on_day_n
        counts[idx["returned_late_early"]] += r_early
        counts[idx["returned_late_on_time"]] += r_on_time
        counts[idx["returned_late_on_day_early"]] += r_on_day
    # Overdue from max(received, due) until the result, if that stretch is not empty.
    for in_day, out_day, field_code, procedure_code, station_id, n in conn.execute(
        "SELECT substr(o, 1, 10), substr(resolved_at, 1, 10), field_code, procedure_code, station_id, count(*) FROM ("
        "  SELECT CASE WHEN julianday(due_at) > julianday(received_at) THEN due_at ELSE received_at END AS o,"
        f"   resolved_at, field_code, procedure_code, station_id FROM dossiers WHERE {_SIMPLE}"
        ") WHERE resolved_at IS NULL OR julianday(o) < julianday(resolved_at) GROUP BY 1, 2, 3, 4, 5"
    ):
        out[(in_day, field_code, procedure_code, station_id)][idx["overdue_change"]] += n
        if out_day is not None:
            out[(out_day, field_code, procedure_code, station_id)][idx["overdue_change"]] -= n

    folded = 0
    current: str | None = None
    dims: tuple[str, str, str, str] = ("", "", "", "")
    events: list[DossierEvent] = []

    def flush() -> None:
        nonlocal folded
        if current is None:
            return
        field_code, procedure_code, station_id, channel = dims
        # The events the merge keeps, as every fold does: one another station wrote that the rules refuse in the
        # merged order stays in dossier_events, flagged as a conflict, and is not counted.
        applied = merge_events(events).applied
        deltas = history_deltas(applied, channel)
        for delta in deltas:
            out[(delta.day.isoformat(), field_code, procedure_code, station_id)][idx[delta.column]] += delta.delta
        if traces is not None and not is_simple(fold_events(applied)):
            traces[current] = _trace_json(deltas)
        folded += 1

    for row in conn.execute(
        "SELECT d.field_code, d.procedure_code, d.station_id, d.channel, e.id, e.dossier_id, e.station_id, "
        "e.station_seq, e.kind, "
        "e.officer, e.occurred_at, e.payload FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id "
        f"WHERE NOT ({_SIMPLE}) ORDER BY e.dossier_id, e.occurred_utc, e.station_id, e.station_seq"
    ):
        if row[5] != current:
            flush()
            current, dims, events = row[5], (row[0], row[1], row[2], row[3]), []
        event_id, dossier_id, station_id, station_seq, kind, officer, occurred_at, payload = row[4:]
        events.append(
            DossierEvent(
                event_id,
                dossier_id,
                station_id,
                station_seq,
                EventKind(kind),
                officer,
                datetime.fromisoformat(occurred_at),
                json.loads(payload) if payload else {},
            )
        )
    flush()
    return {k: v for k, v in out.items() if any(v)}, total + folded, folded


def rebuild(session_or_conn) -> RebuildResult:
    """Recompute every count from the dossiers and their events, in the caller's transaction (and drop the
    "rebuild me" marker)."""
    t0 = time.perf_counter()
    conn = _driver(session_or_conn)
    traces: dict[str, list] = {}
    counts, dossiers, folded = compute_daily(conn, traces)
    rows = store_daily(conn, counts)
    conn.execute("UPDATE dossiers SET report_trace = NULL WHERE report_trace IS NOT NULL")
    conn.executemany(
        "UPDATE dossiers SET report_trace = ? WHERE id = ?",
        [(json.dumps(trace, ensure_ascii=False), dossier_id) for dossier_id, trace in traces.items()],
    )
    return RebuildResult(dossiers, folded, rows, time.perf_counter() - t0)


def store_daily(conn: sqlite3.Connection, daily: Mapping[Key, Sequence[int]]) -> int:
    """Replace every stored count with `daily` (per-day counts, as compute_daily gives them) rolled up into its
    day, month and year rows, in the caller's transaction; returns the number of rows written. `rebuild` uses it,
    and so does the benchmark generator, which sums the same per-day counts (domain.reports.simple_deltas) as it
    draws the dossiers instead of scanning them again."""
    rows = _rolled_up(daily)
    conn.execute("DELETE FROM report_counts")
    conn.executemany(UPSERT, [(*key, *c) for key, c in rows.items()])
    return len(rows)


def differences(session_or_conn, limit: int = 20) -> list[str]:
    """Where the stored counts differ from a recount from the events (empty: they agree)."""
    conn = _driver(session_or_conn)
    expected = _rolled_up(compute_daily(conn)[0])
    stored = {
        tuple(row[:5]): list(row[5:])
        for row in conn.execute(
            f"SELECT grain, start, field_code, procedure_code, station_id, {_COLS} FROM report_counts"
        )
    }
    problems = []
    if MARKER in stored:
        problems.append("chưa tính lại số liệu tổng hợp sau khi nâng cấp (còn dấu cần tính lại)")
        stored.pop(MARKER)
    stored = {k: v for k, v in stored.items() if any(v)}
    for key in sorted(set(expected) | set(stored)):
        a, b = expected.get(key, zero_counts()), stored.get(key, zero_counts())
        if a != b:
            diff = ", ".join(f"{c}: {y} (đúng: {x})" for c, x, y in zip(COUNT_COLUMNS, a, b) if x != y)
            problems.append(f"{'/'.join(key)}: {diff}")
            if len(problems) >= limit:
                break
    return problems


__all__ = [
    "MARKER",
    "RebuildResult",
    "apply_deltas",
    "buckets",
    "compute_daily",
    "cumulative",
    "daily",
    "differences",
    "needs_rebuild",
    "overdue_later_today",
    "rebuild",
    "record_event",
    "refold",
    "request_rebuild",
    "store_daily",
    "trace_of",
]
