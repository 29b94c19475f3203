"""dossier lifecycle: pauses, location, outcome, supplement and extension counts, late flags

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Hand-written. Plain SQLAlchemy types only (times are ISO-8601 text, JSON is text), no application types, so
the migration keeps working whatever the models become.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_since', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('pauses', sa.Text(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('location', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('supplement_rounds', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('extension_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('late', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('returned_late', sa.Boolean(), nullable=False, server_default='0'))
    # Before this revision only intake and printing existed: every dossier is still at the one-stop unit
    # (the same text as counter_app.domain.dossier.ONE_STOP_UNIT).
    op.execute(sa.text("UPDATE dossiers SET location = 'Bộ phận Một cửa' WHERE location IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('returned_late')
        batch_op.drop_column('late')
        batch_op.drop_column('extension_count')
        batch_op.drop_column('supplement_rounds')
        batch_op.drop_column('outcome')
        batch_op.drop_column('location')
        batch_op.drop_column('pauses')
        batch_op.drop_column('paused_since')
