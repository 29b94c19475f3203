"""search and dossier list: FTS5 index over folded applicant names, indexes for look-ups and list pages

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Hand-written, raw DDL: FTS5 virtual tables and their triggers are not something `create_all` or autogenerate
know about (PLATFORM-NOTES).

- `dossier_search`: an external-content FTS5 table over `dossiers.applicant_folded` (NFD, marks dropped, đ→d,
  lower case: "Đặng Thị Hương" → "dang thi huong"), keyed on the dossiers' rowid. It stores only the index
  (detail=none: which rows hold a word, no positions, the smallest and fastest form; we never need phrases)
  with prefix indexes for beginnings of 1 to 6 letters (every Vietnamese syllable), so "huon" while typing is a
  direct look-up rather than a merge of every word starting so (58 ms → 0.1 ms for "nguyen*" at 1,000,000).
  Triggers keep it in step with every insert, delete and name change, so writers (IntakeService, the sync,
  the benchmark generator's raw INSERTs) need not know it exists. Existing rows are indexed here ('rebuild').
  The rowid of `dossiers` (a table with a text primary key) is kept by the backup API and, in the SQLite we
  ship, by VACUUM; `SearchService.rebuild_index()` rebuilds the index should it ever drift.
- Indexes so that each list page is a short index walk in received_at order, whatever the filter: by
  received time, and by status / procedure / field each followed by received time.
- Exact look-ups by CCCD number and phone number.
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_dossiers_received_at': ('received_at',),
    'ix_dossiers_status_received': ('status', 'received_at'),
    'ix_dossiers_procedure_received': ('procedure_code', 'received_at'),
    'ix_dossiers_field_received': ('field_code', 'received_at'),
    'ix_dossiers_id_number': ('id_number',),
    'ix_dossiers_phone': ('phone',),
}

FTS_DDL = (
    "CREATE VIRTUAL TABLE dossier_search USING fts5("
    "applicant_folded, content='dossiers', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', detail='none', prefix='1 2 3 4 5 6')",
    "CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers BEGIN "
    "INSERT INTO dossier_search(rowid, applicant_folded) VALUES (new.rowid, new.applicant_folded); END",
    "CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers BEGIN "
    "INSERT INTO dossier_search(dossier_search, rowid, applicant_folded) "
    "VALUES ('delete', old.rowid, old.applicant_folded); END",
    "CREATE TRIGGER dossiers_search_update AFTER UPDATE OF applicant_folded ON dossiers BEGIN "
    "INSERT INTO dossier_search(dossier_search, rowid, applicant_folded) "
    "VALUES ('delete', old.rowid, old.applicant_folded); "
    "INSERT INTO dossier_search(rowid, applicant_folded) VALUES (new.rowid, new.applicant_folded); END",
    "INSERT INTO dossier_search(dossier_search) VALUES ('rebuild')",
    # One merged segment rather than the many a bulk build leaves: queries 1.2–2× faster (0.5 s at 1,000,000).
    "INSERT INTO dossier_search(dossier_search) VALUES ('optimize')",
)


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, 'dossiers', list(columns), unique=False)
    for statement in FTS_DDL:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ('dossiers_search_update', 'dossiers_search_delete', 'dossiers_search_insert'):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS dossier_search")
    for name in reversed(list(INDEXES)):
        op.drop_index(name, table_name='dossiers')
