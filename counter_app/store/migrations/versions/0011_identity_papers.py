"""dossiers: the applicant's identity paper type and issuing country, and the organisation's tax code

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Hand-written. Adds `id_type` (cccd | cmnd | passport | other), `id_country` (the issuing country of a passport or
other paper) and `tax_code` (an organisation's MST, 10 digits or 10-3) with an index for look-ups. Existing
numbers were all checked as 12-digit CCCD numbers, so they become `cccd` (a 9-digit one, if any, `cmnd`).

`id_number` is now declared String(30) in the model (passports and other papers). SQLite does not enforce a
declared length, so no table rebuild is made for it: a batch rebuild of `dossiers` would drop the triggers that
keep the FTS5 name index of 0004 current, and renumber the rowids that index points at.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:  # columns only: SQLite adds them in place, no rebuild
        batch.add_column(sa.Column('id_type', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('id_country', sa.String(length=60), nullable=True))
        batch.add_column(sa.Column('tax_code', sa.String(length=14), nullable=True))
    op.create_index('ix_dossiers_tax_code', 'dossiers', ['tax_code'], unique=False)
    op.execute(
        "UPDATE dossiers SET id_type = CASE WHEN length(id_number) = 9 THEN 'cmnd' ELSE 'cccd' END "
        "WHERE id_number IS NOT NULL AND id_number <> ''"
    )


def downgrade() -> None:
    op.drop_index('ix_dossiers_tax_code', table_name='dossiers')
    for column in ('tax_code', 'id_country', 'id_type'):
        # SQLite ≥ 3.35 drops a column in place (no rebuild, the FTS triggers stay).
        op.execute(f'ALTER TABLE dossiers DROP COLUMN {column}')
