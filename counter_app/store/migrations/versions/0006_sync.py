"""sync: conflicts kept for a supervisor, and the station's sync state (pull cursor, last outcome, summaries sent)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

Hand-written. Plain SQLAlchemy types only (times are ISO-8601 text), so the migration keeps working whatever
the models (counter_app/store/sync_store.py) become.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sync_conflicts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('officer', sa.String(length=150), nullable=False),
        sa.Column('occurred_at', sa.String(length=32), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('detected_at', sa.String(length=32), nullable=False),
        sa.Column('resolved_at', sa.String(length=32), nullable=True),
        sa.Column('resolved_by', sa.String(length=150), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
        sa.UniqueConstraint('event_id', name=op.f('uq_sync_conflicts_event_id')),
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflicts_open', ['resolved_at', 'detected_at'], unique=False)
        batch_op.create_index('ix_sync_conflicts_dossier', ['dossier_id'], unique=False)
    op.create_table(
        'sync_state',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state')),
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflicts_dossier')
        batch_op.drop_index('ix_sync_conflicts_open')
    op.drop_table('sync_conflicts')
