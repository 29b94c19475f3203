"""config_generation: one number that every change of the station's configuration moves

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04

Hand-written (issue 15: the intake's own overhead). The intake and its receipt read the settings, who is signed
in, the catalogue and the calendar several times each; the services keep what they read and ask this one number
(store.db.Database.config_generation, a single-row read) whether it is still what the store holds. Triggers move
it in the same transaction as any insert, update or delete of those tables, whoever writes (this process, the
command line beside the window, a sync, a catalogue import): nothing has to remember to say "changed".
A later migration that recreates one of these tables (batch "recreate") drops its triggers: tests/test_store.py
checks that every table below still has its three at head.
"""

from __future__ import annotations

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# Everything a cached read depends on: settings (station, officer, office hours, due policy), accounts (who is
# signed in, their role and name), the catalogue (procedures, their documents, fields) and the office calendar.
TABLES = (
    "settings",
    "accounts",
    "procedures",
    "procedure_documents",
    "fields",
    "calendar_years",
    "calendar_entries",
)
OPERATIONS = ("insert", "update", "delete")


def upgrade() -> None:
    op.execute("CREATE TABLE config_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    op.execute("INSERT INTO config_generation (id, n) VALUES (1, 0)")
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER config_generation_{table}_{operation} AFTER {operation.upper()} ON {table} "
                "BEGIN UPDATE config_generation SET n = n + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS config_generation_{table}_{operation}")
    op.execute("DROP TABLE config_generation")
