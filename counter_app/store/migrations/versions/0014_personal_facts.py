"""dossiers: the applicant's date of birth, sex and identity paper's issue date

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

Hand-written. Adds `birth_date`, `sex` (Nam | Nữ) and `id_issued_on` (ISO dates as text), read from the chip CCCD
card's QR or typed at intake and kept in the intake event's payload. Dossiers received before have none: the
columns stay empty for them (nothing to recover). Columns only: SQLite adds them in place, so the FTS5 triggers
of 0004 and the rowids they point at are kept (see 0011).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('birth_date', sa.String(length=10), nullable=True))
        batch.add_column(sa.Column('sex', sa.String(length=3), nullable=True))
        batch.add_column(sa.Column('id_issued_on', sa.String(length=10), nullable=True))


def downgrade() -> None:
    for column in ('id_issued_on', 'sex', 'birth_date'):
        op.execute(f'ALTER TABLE dossiers DROP COLUMN {column}')
