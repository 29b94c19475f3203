"""the overdue list page flat: a partial index of the dossiers still being handled, newest received first

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

Hand-written (issue 15: station paths flat at 10k–5M dossiers). The list filtered to "overdue" (quá hạn) took every
entry of ix_dossiers_status_due before now and sorted them all by received_at to show 100: its cost was the
number of overdue dossiers, which grows with the store (5.0 ms at 1M, 8.5 ms at 5M). This index holds only the
dossiers still being handled (received, in_progress), per status in received order, with every column a list filter
reads: walked from the newest for each status (the walks merged in received order), filtering due_at < now in the
index, the page stops at 100 rows. Its cost is the dossiers still being handled and not yet overdue that were
received more recently (the office's workload in hand), not the store's history.

SQLite uses a partial index only when the query states the same term with literals: store.tracking writes
`+status IN ('received', 'in_progress')` exactly so, and models.PENDING_WHERE is this text. The unary + keeps that
term from choosing another index on status (ix_dossiers_status_due, then a sort of every overdue dossier, is what
SQLite picks in a store without statistics otherwise). Statistics are refreshed where the store has them.
"""

from __future__ import annotations

from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

NAME = "ix_dossiers_pending_received"
COLUMNS = "status, received_at, code, due_at, procedure_code, field_code, channel"
WHERE = "+status IN ('received', 'in_progress')"


def _refresh_statistics() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql(f"ANALYZE {NAME}")


def upgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON dossiers ({COLUMNS}) WHERE {WHERE}")
    _refresh_statistics()


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {NAME}")
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql(f"DELETE FROM sqlite_stat1 WHERE idx = '{NAME}'")
