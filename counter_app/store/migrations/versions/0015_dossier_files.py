"""dossiers: digitised papers and e-results (scans, e_result)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

Hand-written. `scans` counts the files attached as scans of the dossier's papers, `e_result` says the result's
file is attached (both folded from `file_attached` events, domain/event_kinds.py AttachFile). The files themselves
live beside the store in files/ (store/files.py), named by their SHA-256. Columns only: SQLite adds them in place,
so the FTS5 triggers of 0004 and the rowids they point at are kept (see 0011).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('scans', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('e_result', sa.Boolean(), nullable=False, server_default='0'))


def downgrade() -> None:
    for column in ('e_result', 'scans'):
        op.execute(f'ALTER TABLE dossiers DROP COLUMN {column}')
