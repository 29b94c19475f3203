"""procedures and dossiers: the deciding agency; dossiers: where the paper file is kept

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04

Hand-written. `procedures.deciding_agency` is catalogue data (the agency that decides the procedure's dossiers,
Decree 118/2025/NĐ-CP keeping it apart from the receiving unit); `dossiers.deciding_agency` is the one in force for
the dossier (the catalogue's at intake, or typed by the officer). `file_location` ("Kệ 3 hộp 12"), its folded
copy for the search box (indexed), `file_stored_by` and `file_stored_at` come from the latest event that stored
the paper file (the return, or a `file_stored` event). The representative filing for the applicant lives in the
intake event's payload only. Dossiers and procedures stored before have none of these: the columns stay empty.
Columns only: SQLite adds them in place, so the FTS5 triggers of 0004 and the rowids they point at are kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedures') as batch:
        batch.add_column(sa.Column('deciding_agency', sa.String(length=255), server_default='', nullable=False))
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('deciding_agency', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('file_location', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('file_location_folded', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('file_stored_by', sa.String(length=150), nullable=True))
        batch.add_column(sa.Column('file_stored_at', sa.String(length=32), nullable=True))
    op.create_index('ix_dossiers_file_location', 'dossiers', ['file_location_folded'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_dossiers_file_location', table_name='dossiers')
    for column in ('file_stored_at', 'file_stored_by', 'file_location_folded', 'file_location', 'deciding_agency'):
        op.execute(f'ALTER TABLE dossiers DROP COLUMN {column}')
    op.execute('ALTER TABLE procedures DROP COLUMN deciding_agency')
