"""report counts per receiving station: the station's summary for the hub is the report engine's own figures

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Hand-written, raw DDL like 0005. `report_counts` gains `station_id` (the station that received the dossier) in
its key, so the figures of the dossiers one station received (what it sends to the hub: docs/SYNC.md) are read
from the same counts as the report, with a filter. The table is made anew with the marker row (grain '*'): the
report service rebuilds the counts from the events before it first reads them, at the current schema (0005).
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = (
    'received_direct',
    'received_postal',
    'received_online',
    'closed_early',
    'closed_on_time',
    'closed_late',
    'closed_refused',
    'closed_stopped',
    'closed_withdrawn',
    'overdue_change',
)


def _create(with_station: bool) -> None:
    counts = ",\n    ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in COLUMNS)
    station = "    station_id VARCHAR(36) NOT NULL DEFAULT '',\n" if with_station else ""
    key = "grain, start, field_code, procedure_code" + (", station_id" if with_station else "")
    op.execute(
        "CREATE TABLE report_counts (\n"
        "    grain VARCHAR(1) NOT NULL,\n"
        "    start VARCHAR(10) NOT NULL,\n"
        "    field_code VARCHAR(32) NOT NULL,\n"
        "    procedure_code VARCHAR(64) NOT NULL,\n"
        f"{station}"
        f"    {counts},\n"
        "    CONSTRAINT ck_report_counts_grain_known CHECK (grain IN ('d', 'm', 'y', '*')),\n"
        f"    CONSTRAINT pk_report_counts PRIMARY KEY ({key})\n"
        ") WITHOUT ROWID"
    )
    op.execute("INSERT INTO report_counts (grain, start, field_code, procedure_code) VALUES ('*', '', '', '')")


def upgrade() -> None:
    op.execute("DROP TABLE report_counts")
    _create(with_station=True)


def downgrade() -> None:
    op.execute("DROP TABLE report_counts")
    _create(with_station=False)
