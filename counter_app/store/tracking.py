"""Queries behind the dossier list, its side panel and the search box: each one an index walk, never a scan.

Indexes and the FTS5 table come from migration 0004. Times are compared as the ISO-8601 text they are stored
as ("2026-11-25T09:15:00+07:00"): every station writes office time (+07:00, no daylight saving), so text order
is time order. The list is ordered newest received first, ties broken by code; a page continues after the
last row shown (keyset), so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import CompoundSelect, Select, func, literal, literal_column, or_, select, text, union_all
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.tracking import QueryKind, SearchQuery
from counter_app.store.models import PENDING_STATUSES, Dossier, DossierPendingDueDay, DossierStatusCount

FTS_TABLE = "dossier_search"

# What a list row shows (personal numbers are masked by the service before they leave it).
ROW_COLUMNS = (
    Dossier.code,
    Dossier.applicant_name,
    Dossier.id_number,
    Dossier.phone,
    Dossier.procedure_id,
    Dossier.procedure_code,
    Dossier.channel,
    Dossier.status,
    Dossier.received_at,
    Dossier.due_at,
)


@dataclass(frozen=True)
class ListConditions:
    """A filter of the dossier list with every moment resolved (the service turns "due within 2 working days"
    into bounds with the office calendar). None means "any"."""

    status: str | None = None
    field_code: str | None = None
    procedure_code: str | None = None
    channel: str | None = None
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    due_statuses: tuple[str, ...] | None = None  # with a due window: only these statuses
    due_from: datetime | None = None  # inclusive
    due_before: datetime | None = None  # exclusive


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _unindexed(t, name: str):
    """Column `name` of `t` behind SQLite's unary +: the same value, but no index may be chosen for the term."""
    return literal_column(f"+{t.name}.{name}", t.c[name].type)


def _where(c: ListConditions, t=None, *, only_received_indexed: bool = False) -> list:
    """The conditions on table `t` (the dossiers table or an alias of it). With `only_received_indexed`, every
    term but the received_at ones is written so that no index can serve it (the walk of
    ix_dossiers_pending_received checks them in that index)."""
    t = Dossier.__table__ if t is None else t

    def col(name: str):
        return _unindexed(t, name) if only_received_indexed else t.c[name]

    where = []
    if c.status:
        where.append(col("status") == c.status)
    if c.field_code:
        where.append(col("field_code") == c.field_code)
    if c.procedure_code:
        where.append(col("procedure_code") == c.procedure_code)
    if c.channel:
        where.append(col("channel") == c.channel)
    # received_at is text: a day's bounds are the day's ISO date and the next one (plain text comparison).
    if c.received_from:
        where.append(t.c.received_at >= text_bound(c.received_from))
    if c.received_to:
        where.append(t.c.received_at < text_bound(c.received_to + timedelta(days=1)))
    if c.due_statuses is not None:
        where.append(col("status").in_(c.due_statuses))
    if c.due_from is not None:
        where.append(col("due_at") >= text_bound(c.due_from))
    if c.due_before is not None:
        where.append(col("due_at") < text_bound(c.due_before))
    return where


def text_bound(value: date | datetime):
    """A bound compared with an ISO text column as text (not through the column's datetime type)."""
    raw = _iso(value) if isinstance(value, datetime) else value.isoformat()
    return literal(raw, type_=Dossier.code.type)


def _keyset(received, code, after: tuple[datetime, str] | None) -> list:
    if after is None:
        return []
    at = text_bound(after[0])
    # Written so the received_at part is an index range: the OR only filters rows at the boundary second.
    return [received <= at, or_(received < at, code < after[1])]


def _pending_walk(c: ListConditions) -> bool:
    """Whether the page is read from ix_dossiers_pending_received: a due window with no lower bound (overdue) over
    statuses that index holds. A window bounded on both sides (due today, due within n days) is a short range of
    ix_dossiers_status_due instead."""
    return bool(c.due_statuses) and c.due_from is None and set(c.due_statuses or ()) <= set(PENDING_STATUSES)


def page_statement(
    conditions: ListConditions, *, after: tuple[datetime, str] | None = None, offset: int = 0, limit: int = 100
) -> Select | CompoundSelect:
    if _pending_walk(conditions):
        # Overdue (a due window open into the past) among the dossiers still being handled: for each status, walk
        # ix_dossiers_pending_received (status, received_at, code, …) from the newest received, check due_at and
        # the other filters in the index, and merge the walks in received order (SQLite's MERGE of a UNION ALL,
        # lazily: each walk goes only as far as the page needs). The cost is the dossiers of those statuses not yet
        # overdue received since the page's oldest row, not the store's size. The literal IN is the index's own
        # WHERE (models.PENDING_WHERE), stated so SQLite may use the index; every other term but status and
        # received_at is behind a unary + so that, with or without statistics, no other index
        # (ix_dossiers_status_due and a sort of every overdue dossier, as before migration 0023) is chosen.
        t = Dossier.__table__
        pending = _unindexed(t, "status").in_([literal_column(f"'{s}'") for s in PENDING_STATUSES])
        walks = [
            select(*ROW_COLUMNS).where(
                pending,
                Dossier.status == status,
                *_where(conditions, only_received_indexed=True),
                *_keyset(Dossier.received_at, Dossier.code, after),
            )
            for status in dict.fromkeys(conditions.due_statuses or ())
        ]
        if len(walks) == 1:
            return (
                walks[0].order_by(Dossier.received_at.desc(), Dossier.code.desc()).limit(limit).offset(offset or None)
            )
        merged = union_all(*walks)
        return (
            merged.order_by(merged.selected_columns.received_at.desc(), merged.selected_columns.code.desc())
            .limit(limit)
            .offset(offset or None)
        )
    if conditions.due_statuses is None:
        return (
            select(*ROW_COLUMNS)
            .where(*_where(conditions), *_keyset(Dossier.received_at, Dossier.code, after))
            .order_by(Dossier.received_at.desc(), Dossier.code.desc())
            .limit(limit)
            .offset(offset or None)
        )
    # A due window is a short range of ix_dossiers_status_due (status, due_at, received_at, code) whatever the
    # size of the store: the page's rowids are chosen from that index alone (SQLite's unary + keeps the planner
    # from walking received_at from the newest dossier down to an old overdue one), then only those rows are read.
    inner_t = Dossier.__table__.alias("w")
    received = literal_column("+w.received_at", Dossier.code.type)
    chosen = (
        select(literal_column("w.rowid"))
        .select_from(inner_t)
        .where(*_where(conditions, inner_t), *_keyset(received, inner_t.c.code, after))
        .order_by(received.desc(), inner_t.c.code.desc())
        .limit(limit)
        .offset(offset or None)
    )
    return (
        select(*ROW_COLUMNS)
        .where(literal_column("dossiers.rowid").in_(chosen))
        .order_by(Dossier.received_at.desc(), Dossier.code.desc())
    )


def page(
    session: Session,
    conditions: ListConditions,
    *,
    after: tuple[datetime, str] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list:
    return list(session.execute(page_statement(conditions, after=after, offset=offset, limit=limit)))


def count_statement(conditions: ListConditions) -> Select:
    """The one statement `count` runs for `conditions`. Every dossier, or every dossier in one status: the tally the
    triggers of migration 0023 keep, a few rows, not a walk of an index entry per dossier (count(*) took 20 ms at
    5,000,000, one status 160 ms). Overdue (still being handled and due before a moment, no other filter): the
    due-day tally of migration 0024 (see _count_due_before). Anything else: a count over the dossiers."""
    if conditions == ListConditions(status=conditions.status):
        tally = select(func.coalesce(func.sum(DossierStatusCount.n), 0))
        return tally.where(DossierStatusCount.status == conditions.status) if conditions.status else tally
    if _due_before_alone(conditions):
        return _count_due_before(conditions)
    return select(func.count()).select_from(Dossier).where(*_where(conditions))


def count(session: Session, conditions: ListConditions) -> int:
    return int(session.scalar(count_statement(conditions)) or 0)


def _due_before_alone(c: ListConditions) -> bool:
    """Whether the count is "still being handled and due before a moment" (overdue), with no other filter than a status
    among those: what the tally of migration 0024 answers."""
    statuses = c.due_statuses or ()
    return (
        bool(statuses)
        and set(statuses) <= set(PENDING_STATUSES)
        and c.due_before is not None
        and c.due_before.utcoffset() == OFFICE_TZ.utcoffset(None)  # the tally's days are office days
        and c == ListConditions(status=c.status, due_statuses=c.due_statuses, due_before=c.due_before)
        and (c.status is None or c.status in statuses)
    )


def _count_due_before(c: ListConditions) -> Select:
    """Dossiers of `c.due_statuses` (and `c.status`) due before `c.due_before`: the tally's rows of the days before
    that day (one row per day with work in hand, however large the store), plus that day's own dossiers due before
    the moment (a range of ix_dossiers_status_due within one day)."""
    assert c.due_before is not None
    statuses = [s for s in dict.fromkeys(c.due_statuses or ()) if c.status is None or s == c.status]
    day = c.due_before.date()
    earlier = (
        select(func.coalesce(func.sum(DossierPendingDueDay.n), 0))
        .where(DossierPendingDueDay.status.in_(statuses), DossierPendingDueDay.due_day < day.isoformat())
        .scalar_subquery()
    )
    that_day = (
        select(func.count())
        .select_from(Dossier)
        .where(
            Dossier.status.in_(statuses), Dossier.due_at >= text_bound(day), Dossier.due_at < text_bound(c.due_before)
        )
        .scalar_subquery()
    )
    return select(earlier + that_day)


# --- the tallies' own check ------------------------------------------------------------------------------

_TALLIES = {
    # table: (its key columns, the same key and count computed from the dossiers)
    "dossier_status_counts": ("status", "SELECT status, count(*) FROM dossiers GROUP BY 1"),
    "dossier_pending_due_days": (
        "status, due_day",
        "SELECT status, substr(due_at, 1, 10), count(*) FROM dossiers "
        f"WHERE status IN ({', '.join(repr(s) for s in PENDING_STATUSES)}) GROUP BY 1, 2",
    ),
}


def tally_differences(session: Session) -> tuple[list[str], list[tuple[str, tuple, int, int]]]:
    """The tallies the triggers keep (migrations 0023, 0024) that this store has, and (table, key, kept, counted) for
    every row where one differs from the dossiers counted one by one (none when they agree). A store older than a
    tally's migration has not that tally. Reads every dossier's index entry: for `counter-app verify`, not for a
    path an officer waits on."""
    checked, out = [], []
    conn = session.connection()
    for table, (key, recount) in _TALLIES.items():
        if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).first():
            continue
        checked.append(table)
        kept = {tuple(r[:-1]): r[-1] for r in conn.exec_driver_sql(f"SELECT {key}, n FROM {table} WHERE n != 0")}
        counted = {tuple(r[:-1]): r[-1] for r in conn.exec_driver_sql(recount)}
        out += [
            (table, k, kept.get(k, 0), counted.get(k, 0))
            for k in sorted(kept.keys() | counted.keys())
            if kept.get(k, 0) != counted.get(k, 0)
        ]
    return checked, out


def rebuild_tallies(session: Session) -> None:
    """Every tally refilled from the dossiers, in the caller's transaction (a store at the program's own revision:
    the caller checks)."""
    conn = session.connection()
    for table, (key, recount) in _TALLIES.items():
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(f"INSERT INTO {table} ({key}, n) {recount}")


# --- search --------------------------------------------------------------------------------------------


def _prefix_upper_bound(prefix: str) -> str:
    """The smallest text greater than every text starting with `prefix` (binary collation)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def fts_match_expression(tokens: Sequence[str], *, last_is_prefix: bool = False) -> str:
    """Every word must be there (in any order); with `last_is_prefix` the last one may be unfinished
    ("nguyen thi huo" while typing).

    Tokens are folded [a-z0-9] words (domain.tracking.parse_query), each quoted, so nothing the officer types
    can be read as FTS5 syntax. Prefixes of 1–6 letters have their own index (migration 0004), which covers
    every Vietnamese syllable.
    """
    quoted = [f'"{t}"' for t in tokens]
    if last_is_prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def search_statements(query: SearchQuery, limit: int) -> list:
    """The statement(s) answering `query`, best first; each returns ROW_COLUMNS.

    Names go through the FTS5 index, newest dossier first: FTS5 walks its rowids backwards and stops after
    `limit` hits (rowids grow with insertion, so this is most recently recorded first). Codes, CCCD and phone
    numbers go through their B-tree indexes.
    """
    columns = ", ".join(f"d.{c.key}" for c in ROW_COLUMNS)
    if query.kind == QueryKind.NAME:
        # Whole words first ("ha" finds Hà before Hải, Hạnh, Hằng); then the last word as a beginning.
        return [
            text(
                f"SELECT {columns} FROM (SELECT rowid AS hit FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
                "ORDER BY rowid DESC LIMIT :limit) AS f JOIN dossiers AS d ON d.rowid = f.hit ORDER BY f.hit DESC"
            )
            .bindparams(match=fts_match_expression(query.tokens, last_is_prefix=prefix), limit=limit)
            .columns(*(Dossier.__table__.c[c.key] for c in ROW_COLUMNS))
            for prefix in (False, True)
        ]
    if query.kind == QueryKind.CODE:
        # Newest day first: the yymmdd part sorts in time order within an agency code.
        return [
            select(*ROW_COLUMNS)
            .where(Dossier.code >= query.value, Dossier.code < _prefix_upper_bound(query.value))
            .order_by(Dossier.code.desc())
            .limit(limit)
        ]
    if query.kind == QueryKind.ID_NUMBER:
        return [
            select(*ROW_COLUMNS)
            .where(Dossier.id_number == query.value)
            .order_by(Dossier.received_at.desc())
            .limit(limit)
        ]
    if query.kind == QueryKind.PHONE:
        # Ten digits from 0 may also be an organisation's tax code (0100109106).
        return [
            select(*ROW_COLUMNS).where(Dossier.phone == query.value).order_by(Dossier.received_at.desc()).limit(limit),
            select(*ROW_COLUMNS)
            .where(Dossier.tax_code == query.value)
            .order_by(Dossier.received_at.desc())
            .limit(limit),
        ]
    if query.kind == QueryKind.TAX_CODE:
        return [
            select(*ROW_COLUMNS)
            .where(Dossier.tax_code == query.value)
            .order_by(Dossier.received_at.desc())
            .limit(limit)
        ]
    if query.kind == QueryKind.PAPER:
        # A passport number is kept as typed: look for it as typed, in capitals and in small letters; then the
        # beginning of a dossier code (H61… with digits).
        forms = sorted({query.value, query.value.upper(), query.value.lower()})
        upper = query.value.upper()
        return [
            select(*ROW_COLUMNS).where(Dossier.id_number.in_(forms)).order_by(Dossier.received_at.desc()).limit(limit),
            select(*ROW_COLUMNS)
            .where(Dossier.code >= upper, Dossier.code < _prefix_upper_bound(upper))
            .order_by(Dossier.code.desc())
            .limit(limit),
        ]
    if query.kind == QueryKind.LOCATION:
        # The place itself, then the places inside it ("ke 3" finds "ke 3 hop 12", not "ke 30").
        inside = query.value + " "
        return [
            select(*ROW_COLUMNS)
            .where(Dossier.file_location_folded == query.value)
            .order_by(Dossier.received_at.desc())
            .limit(limit),
            select(*ROW_COLUMNS)
            .where(Dossier.file_location_folded >= inside, Dossier.file_location_folded < _prefix_upper_bound(inside))
            .order_by(Dossier.file_location_folded)
            .limit(limit),
        ]
    if query.kind == QueryKind.DIGITS:
        # The beginning of a number: in number order, so the index walk stops after `limit` rows.
        high = _prefix_upper_bound(query.value)
        return [
            select(*ROW_COLUMNS)
            .where(Dossier.id_number >= query.value, Dossier.id_number < high)
            .order_by(Dossier.id_number)
            .limit(limit),
            select(*ROW_COLUMNS)
            .where(Dossier.phone >= query.value, Dossier.phone < high)
            .order_by(Dossier.phone)
            .limit(limit),
            select(*ROW_COLUMNS)
            .where(Dossier.tax_code >= query.value, Dossier.tax_code < high)
            .order_by(Dossier.tax_code)
            .limit(limit),
        ]
    return []


def _word_exists(session: Session, word: str) -> bool:
    """Whether any dossier's name has `word` as a whole word (one term look-up in the FTS index)."""
    hit = session.execute(
        text(f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :m LIMIT 1"), {"m": f'"{word}"'}
    ).first()
    return hit is not None


def search(session: Session, query: SearchQuery, limit: int = 50) -> list:
    rows: list = []
    seen: set[str] = set()
    statements = search_statements(query, limit)
    if query.kind == QueryKind.NAME and not _word_exists(session, query.tokens[-1]):
        # The last word is still being typed ("huon"): no name has it whole, only the beginnings can match. Skipping
        # the whole-word pass saves a walk of the other words' lists that could only come back empty.
        statements = statements[1:]
    for stmt in statements:
        for row in session.execute(stmt):
            if row.code not in seen:
                seen.add(row.code)
                rows.append(row)
        if len(rows) >= limit:
            break
    return rows[:limit]


def query_plan(session: Session, stmt) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN for a statement, one line per step (tests check that no step is a scan)."""
    compiled = stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[name] for name in compiled.positiontup or ())
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", args)
    return [row[-1] for row in rows]


def rebuild_search_index(session: Session) -> None:
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def check_search_index(session: Session) -> None:
    """Raises if the FTS index does not match the dossiers it was built from."""
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"))
