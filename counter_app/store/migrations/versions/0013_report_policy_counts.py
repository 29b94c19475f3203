"""report counts: the classes the report choices move (settings reports.early_rule, late_return, variant)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

Hand-written, raw DDL like 0005 and 0010. `report_counts` gains the counts a report needs to apply each report
choice when it reads them (domain/reports.py, docs/REPORTS.md): closures on the promised day before the promised
moment, closures while awaiting supplements or by withdrawal by class, results returned after the promised moment
by class, and the overdue stretches while awaiting supplements. Columns are added in place (SQLite adds a column
with a constant default without rebuilding the table), and the marker row asks the report service to rebuild every
count from the events before it first reads them, at the current schema (0005).
"""

from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

COLUMNS = (
    'closed_on_day_early',
    'excused_early',
    'excused_on_day_early',
    'excused_late',
    'returned_late_early',
    'returned_late_on_time',
    'returned_late_on_day_early',
    'overdue_paused_change',
)
MARKER = "INSERT OR IGNORE INTO report_counts (grain, start, field_code, procedure_code) VALUES ('*', '', '', '')"


def upgrade() -> None:
    for name in COLUMNS:
        op.execute(f"ALTER TABLE report_counts ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0")
    op.execute(MARKER)


def downgrade() -> None:
    for name in COLUMNS:
        op.execute(f"ALTER TABLE report_counts DROP COLUMN {name}")
    op.execute(MARKER)
