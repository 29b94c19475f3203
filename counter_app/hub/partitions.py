"""The events table partitioned by month on PostgreSQL (native declarative partitioning, migration h0002).

    hub_events                 PARTITION BY RANGE (occurred_utc): the event's time in UTC (timestamptz)
      hub_events_y2026m11      FOR VALUES FROM ('2026-11-01 00:00+00') TO ('2026-12-01 00:00+00'), one a month
      hub_events_default       anything outside 2000–2099 (a station clock gone wild), checked to hold nothing else
    hub_event_ids              id PRIMARY KEY: the event UUIDs, unique across every partition
    hub_dossiers               dossier_id PRIMARY KEY, agency_code: whose dossier it is (the first agency to push)

A unique constraint of a partitioned table must contain the partition key, so `UNIQUE (id)` cannot stay on
hub_events: the hub would accept the same event id twice if it came with another time. The id guard
hub_event_ids keeps the old meaning exactly: the ingest inserts the batch's ids there first (ON CONFLICT (id) DO
NOTHING RETURNING id) and then only the events whose id was new (app._PG_INSERT, one statement). hub_events'
primary key is (id, occurred_utc): the look-up of a resent id, and the same event never twice in a partition.

A month's partition is made ahead: when a hub worker starts (this month and the next two) and before a batch
with an event in a month that has none is written (its own short transaction, under an advisory lock, so two
workers never race to create the same one). SQLite keeps the one plain table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, text

FIRST_YEAR = 2000  # months from FIRST_YEAR-01 to LAST_YEAR-12 get a partition of their own; others the default
LAST_YEAR = 2099
AHEAD = 2  # months made ahead of the current one when a worker starts
_LOCK_KEY = 7_150_115  # pg_advisory_xact_lock key: one creator of partitions at a time, across workers

Month = tuple[int, int]


def month_of(moment: datetime) -> Month:
    utc = moment.astimezone(UTC)
    return utc.year, utc.month


def next_month(month: Month) -> Month:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def partition_name(month: Month) -> str:
    return f"hub_events_y{month[0]:04d}m{month[1]:02d}"


def in_range(month: Month) -> bool:
    return FIRST_YEAR <= month[0] <= LAST_YEAR


def _bound(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}-01 00:00:00+00"


def create_partition(conn: Connection, month: Month) -> bool:
    """Create the partition of `month` unless it exists (the caller holds the advisory lock). True if created."""
    name = partition_name(month)
    if conn.scalar(text("SELECT to_regclass(:name)"), {"name": name}) is not None:
        return False
    conn.exec_driver_sql(
        f"CREATE TABLE {name} PARTITION OF hub_events "
        f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(next_month(month))}')"
    )
    return True


def create_default_partition(conn: Connection) -> None:
    """Where a time outside FIRST_YEAR–LAST_YEAR goes; its CHECK makes an in-range event without its month's
    partition an error instead of a row that would then forbid creating that month."""
    conn.exec_driver_sql("CREATE TABLE hub_events_default PARTITION OF hub_events DEFAULT")
    conn.exec_driver_sql(
        "ALTER TABLE hub_events_default ADD CONSTRAINT ck_hub_events_default_out_of_range "
        f"CHECK (occurred_utc < '{FIRST_YEAR}-01-01 00:00:00+00' OR occurred_utc >= '{LAST_YEAR + 1}-01-01 00:00:00+00')"
    )


class MonthPartitions:
    """The months this worker knows have a partition (a cache; the catalogue is the truth)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._known: set[Month] = set()
        self._lock = threading.Lock()

    def ensure(self, months: Iterable[Month]) -> list[str]:
        """Make sure every month given has its partition; the names of those created now."""
        wanted = {m for m in months if in_range(m)} - self._known
        if not wanted:
            return []
        created = []
        with self._lock, self._engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            for month in sorted(wanted):
                if create_partition(conn, month):
                    created.append(partition_name(month))
        self._known |= wanted
        return created

    def ensure_ahead(self, now: datetime | None = None) -> list[str]:
        month = month_of(now or datetime.now(UTC))
        months = [month]
        for _ in range(AHEAD):
            months.append(next_month(months[-1]))
        return self.ensure(months)

    def forget(self) -> None:
        """After 'no partition for this row' (a partition dropped by hand): look at the catalogue again."""
        self._known.clear()
