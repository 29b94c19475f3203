"""look-up indexes over the values that are there: CCCD, phone, tax code and file location indexes made partial

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04

Hand-written (issue 15: search at 1,000,000 and 5,000,000 dossiers). Most dossiers have no tax code (citizens, not
organisations) and most no file location yet; statistics (sqlite_stat1, in any store that was ever ANALYZEd, as the
benchmark stores are) then say "one value, a million rows" for those indexes, and SQLite answered
`WHERE tax_code = ? ORDER BY received_at DESC LIMIT 50` by walking the whole received_at index: a ten-digit search
(a phone or a tax code) took 185 ms at 1M, growing with the store. An index that holds only the rows that have a
value is what these look-ups need, and SQLite uses a partial index `WHERE x IS NOT NULL` for any `x = ?`,
`x IN (…)` or range on x: the plan no longer depends on how many rows lack the value, with or without statistics.
The indexes also shrink by the rows they no longer hold. Statistics are refreshed where the store has them.
"""

from __future__ import annotations

from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

INDEXES = {
    "ix_dossiers_id_number": "id_number",
    "ix_dossiers_phone": "phone",
    "ix_dossiers_tax_code": "tax_code",
    "ix_dossiers_file_location": "file_location_folded",
}


def _refresh_statistics() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql("ANALYZE dossiers")


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON dossiers ({column}) WHERE {column} IS NOT NULL")
    _refresh_statistics()


def downgrade() -> None:
    for name, column in INDEXES.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON dossiers ({column})")
    _refresh_statistics()
