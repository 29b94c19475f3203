"""today's overdue count flat: a tally of the dossiers still being handled per status and due day

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

Hand-written (issue 15: station paths flat at 10k–5M dossiers). The side panel's "quá hạn" (overdue) count walked
one entry of ix_dossiers_status_due per overdue dossier (1.4 ms at 10k, 4.3 ms at 5M: the generated stores' overdue
dossiers grow with their size). `dossier_pending_due_days` holds, for the statuses still being handled (received,
in_progress: models.PENDING_STATUSES), how many dossiers are due on each office day. The count of those due before
now is then the sum of the rows of the days before today (one row per day on which some dossier still being handled
was due: the calendar's span of the work in hand, not the store's history) plus the short range of
ix_dossiers_status_due for today before now (store.tracking.count).

Kept by three triggers on `dossiers` (insert; a change of status or due_at; delete) in the transaction of the write,
whoever writes: the service, a sync, bare SQL. A day's row is removed when its count falls to zero, so the table
holds only days with work in hand. Filled here from the rows.

The due day is the first ten characters of due_at, which every station writes as office time ("2026-11-25T17:00:00
+07:00"), so it is the office's date.
"""

from __future__ import annotations

from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

TABLE = "dossier_pending_due_days"
PENDING = "('received', 'in_progress')"  # models.PENDING_STATUSES
DAY = "substr({0}.due_at, 1, 10)"  # due_at is NOT NULL (so is due_day: a NULL would fail the write, not hide)


def _bump(row: str, by: int) -> str:
    """Add `by` to the row's (status, due day) when `row` (new or old) is in a status still being handled; drop the
    day's row once nothing is due on it."""
    day = DAY.format(row)
    return (
        f"INSERT INTO {TABLE} (status, due_day, n) SELECT {row}.status, {day}, {by} WHERE {row}.status IN {PENDING} "
        f"ON CONFLICT (status, due_day) DO UPDATE SET n = n + excluded.n; "
        f"DELETE FROM {TABLE} WHERE status = {row}.status AND due_day = {day} AND n = 0"
    )


TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON dossiers WHEN new.status IN {PENDING} BEGIN {_bump('new', 1)}; END",
    f"{TABLE}_update": (
        "AFTER UPDATE OF status, due_at ON dossiers "
        "WHEN (old.status IS NOT new.status OR old.due_at IS NOT new.due_at) "
        f"AND (old.status IN {PENDING} OR new.status IN {PENDING}) "
        f"BEGIN {_bump('old', -1)}; {_bump('new', 1)}; END"
    ),
    f"{TABLE}_delete": f"AFTER DELETE ON dossiers WHEN old.status IN {PENDING} BEGIN {_bump('old', -1)}; END",
}


def upgrade() -> None:
    op.execute(
        f"CREATE TABLE {TABLE} (status VARCHAR(24) NOT NULL, due_day VARCHAR(10) NOT NULL, n INTEGER NOT NULL, "
        f"CONSTRAINT pk_{TABLE} PRIMARY KEY (status, due_day)) WITHOUT ROWID"
    )
    op.execute(
        f"INSERT INTO {TABLE} (status, due_day, n) SELECT status, {DAY.format('dossiers')}, count(*) FROM dossiers "
        f"WHERE status IN {PENDING} GROUP BY 1, 2"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
