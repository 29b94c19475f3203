"""the overdue list page and the list counts flat: a partial index of the dossiers still being handled, a tally of
the dossiers per status

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

`dossier_status_counts` holds how many dossiers are in each status, filled here from the rows and kept by three
triggers on `dossiers` (insert, a change of status, delete) in the transaction of the write, whoever writes (the
service, a sync, the benchmark generator's bare INSERTs). The list's count with no filter (count(*) walked an index:
23 ms at 5M) and by status alone (160 ms at 5M for "returned") read a few rows of it instead.
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


_BUMP = "INSERT INTO dossier_status_counts (status, n) VALUES ({0}.status, {1}) ON CONFLICT (status) DO UPDATE SET n = n + {1}"
TRIGGERS = {
    "dossier_status_counts_insert": f"AFTER INSERT ON dossiers BEGIN {_BUMP.format('new', 1)}; END",
    "dossier_status_counts_update": (
        "AFTER UPDATE OF status ON dossiers WHEN old.status IS NOT new.status BEGIN "
        f"{_BUMP.format('old', -1)}; {_BUMP.format('new', 1)}; END"
    ),
    "dossier_status_counts_delete": f"AFTER DELETE ON dossiers BEGIN {_BUMP.format('old', -1)}; END",
}


def upgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON dossiers ({COLUMNS}) WHERE {WHERE}")
    op.execute(
        "CREATE TABLE dossier_status_counts (status VARCHAR(24) NOT NULL, n INTEGER NOT NULL, "
        "CONSTRAINT pk_dossier_status_counts PRIMARY KEY (status)) WITHOUT ROWID"
    )
    op.execute("INSERT INTO dossier_status_counts (status, n) SELECT status, count(*) FROM dossiers GROUP BY status")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    _refresh_statistics()


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS dossier_status_counts")
    op.execute(f"DROP INDEX IF EXISTS {NAME}")
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql(f"DELETE FROM sqlite_stat1 WHERE idx = '{NAME}'")
