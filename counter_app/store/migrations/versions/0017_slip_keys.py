"""slip_keys: the stations' public keys for the signed QR on receipts and return slips

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

Hand-written (issue 13 item 6). This station's own Ed25519 public keys (current and former) and the agency's other
stations' keys pulled from the hub. The private key is a file beside the store, never a row here (docs/DESIGN.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slip_keys',
        sa.Column('key_id', sa.String(length=8), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('counter', sa.Integer(), nullable=True),
        sa.Column('origin', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('registered_at', sa.String(length=32), nullable=True),
        sa.CheckConstraint("origin IN ('own','hub')", name=op.f('ck_slip_keys_origin_known')),
        sa.PrimaryKeyConstraint('key_id', name=op.f('pk_slip_keys')),
    )


def downgrade() -> None:
    op.drop_table('slip_keys')
