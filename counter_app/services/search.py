"""Finding a dossier from what the officer types: its code (or the beginning of it), the applicant's name in
any case and with or without diacritics ("nguyen thi huong" finds "Nguyễn Thị Hương", "dang" finds "Đặng"),
a CCCD number or a phone number. Always through an index (FTS5 for names, B-trees for the rest), never a scan:
the top 50 come back in a few milliseconds at 1,000,000 dossiers (benchmarks/counter.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar
from counter_app.domain.tracking import QueryKind, SearchQuery, parse_query
from counter_app.services.dossier_list import SummaryBuilder, TrackedSummary
from counter_app.store import tracking as store
from counter_app.store.db import Database

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class SearchService:
    def __init__(
        self,
        db: Database,
        calendar_provider: Callable[[], OfficeCalendar],
        clock: Callable[[], datetime] | None = None,
    ):
        self._db = db
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._summaries = SummaryBuilder(db, calendar_provider, self._clock)

    @staticmethod
    def parse(query: str) -> SearchQuery:
        """What kind of search `query` is (code, CCCD, phone, digits, name) — the search box says it back."""
        return parse_query(query)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[TrackedSummary]:
        """The best `limit` dossiers for `query`, personal numbers masked.

        Codes: the exact code first, then codes starting with it, newest day first. Names: dossiers whose name
        has every word typed, newest first — whole words first, then the last word as a beginning ("huon" while
        typing). CCCD / phone: that number, newest first; other digits: numbers starting with them.
        """
        parsed = parse_query(query)
        if parsed.kind == QueryKind.EMPTY:
            return []
        limit = max(1, min(int(limit), MAX_LIMIT))
        with self._db.read() as session:
            rows = store.search(session, parsed, limit)
            if parsed.kind == QueryKind.CODE:
                rows.sort(key=lambda r: r.code != parsed.value)  # stable: the exact code first, the rest as found
            return self._summaries.build(session, rows)

    def query_plans(self, query: str) -> list[list[str]]:
        """SQLite's plan for each statement the search would run (tests: an index or FTS5, never a scan)."""
        parsed = parse_query(query)
        with self._db.read() as session:
            return [store.query_plan(session, s) for s in store.search_statements(parsed, DEFAULT_LIMIT)]

    def rebuild_index(self) -> None:
        """Rebuild the FTS5 name index from the dossiers (after a repair; triggers keep it current otherwise)."""
        with self._db.write() as session:
            store.rebuild_search_index(session)

    def check_index(self) -> None:
        """Raise if the name index does not match the dossiers (FTS5 integrity-check against its content)."""
        with self._db.read() as session:
            store.check_search_index(session)
