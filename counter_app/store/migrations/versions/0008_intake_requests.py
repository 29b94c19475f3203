"""intake requests: `intake --request-id`, so a retried intake returns the first dossier, never a second

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Hand-written. Plain SQLAlchemy types only (times are ISO-8601 text). The primary key on request_id is the unique
index that makes a second dossier for the same request impossible, even for two processes racing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'intake_requests',
        sa.Column('request_id', sa.String(length=100), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_intake_requests_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('request_id', name=op.f('pk_intake_requests')),
    )


def downgrade() -> None:
    op.drop_table('intake_requests')
