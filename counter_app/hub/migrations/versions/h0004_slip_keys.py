"""hub: the stations' public keys for the signed QR on slips

Revision ID: h0004
Revises: h0003
Create Date: 2026-12-04

Hand-written (issue 13 item 6). Plain SQLAlchemy types only; runs on PostgreSQL and SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0004'
down_revision = 'h0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'hub_slip_keys',
        sa.Column('key_id', sa.String(length=8), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('counter', sa.Integer(), nullable=True),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('registered_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('key_id', name=op.f('pk_hub_slip_keys')),
    )
    op.create_index('ix_hub_slip_keys_agency', 'hub_slip_keys', ['agency_code'])


def downgrade() -> None:
    op.drop_index('ix_hub_slip_keys_agency', table_name='hub_slip_keys')
    op.drop_table('hub_slip_keys')
