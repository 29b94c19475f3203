"""report counts: per-day, per-month and per-year counts the period report (Biểu 06) is computed from

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Hand-written, raw DDL (a WITHOUT ROWID table: the report reads contiguous key ranges of it).

`report_counts` holds, per (grain, start, field, procedure), the numbers docs/REPORTS.md describes: dossiers
received by channel, closures by timeliness and by outcome, and the net change in overdue pending dossiers.
grain 'd' is a day, 'm' a month (start = its first day), 'y' a year; every count is filed under all three, so a
cumulative sum up to any day reads at most (years + 11 months + 31 days) rows per procedure.

`dossiers.report_trace` keeps the contribution of a dossier whose history the row alone does not describe, so
that a re-fold of its events (sync) can take the old contribution away before adding the new one.

The counts of the dossiers already in the store are not computed here: a migration must not call application
code that later revisions may change. Instead a marker row (grain '*') says "rebuild me", and the report service
rebuilds the counts from the events (store/report_counts.py) before it first reads them, at the current schema.
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
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


def upgrade() -> None:
    counts = ",\n    ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in COLUMNS)
    op.execute(
        "CREATE TABLE report_counts (\n"
        "    grain VARCHAR(1) NOT NULL,\n"
        "    start VARCHAR(10) NOT NULL,\n"
        "    field_code VARCHAR(32) NOT NULL,\n"
        "    procedure_code VARCHAR(64) NOT NULL,\n"
        f"    {counts},\n"
        "    CONSTRAINT ck_report_counts_grain_known CHECK (grain IN ('d', 'm', 'y', '*')),\n"
        "    CONSTRAINT pk_report_counts PRIMARY KEY (grain, start, field_code, procedure_code)\n"
        ") WITHOUT ROWID"
    )
    op.execute("INSERT INTO report_counts (grain, start, field_code, procedure_code) VALUES ('*', '', '', '')")
    # A plain ADD COLUMN (no table copy): cheap on a store of a million dossiers.
    op.execute("ALTER TABLE dossiers ADD COLUMN report_trace TEXT")


def downgrade() -> None:
    # SQLite ≥ 3.35 drops a column in place (a batch copy would lose the search triggers of 0004).
    op.execute("ALTER TABLE dossiers DROP COLUMN report_trace")
    op.execute("DROP TABLE report_counts")
