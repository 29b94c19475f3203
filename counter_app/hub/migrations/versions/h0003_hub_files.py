"""hub: scans and result files of an agency that enables it (hub_files, hub_agencies.files_enabled)

Revision ID: h0003
Revises: h0002
Create Date: 2026-12-04

Hand-written. A station uploads the bytes of the files attached to its dossiers (issue 13 item 5) only when its
agency has `files_enabled` (off by default: the files are personal papers); other counters of the agency fetch them.
Each file once by SHA-256, checked on arrival.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0003'
down_revision = 'h0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hub_agencies') as batch:
        batch.add_column(sa.Column('files_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'hub_files',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('media_type', sa.String(length=40), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('agency_code', 'sha256', name=op.f('pk_hub_files')),
    )


def downgrade() -> None:
    op.drop_table('hub_files')
    with op.batch_alter_table('hub_agencies') as batch:
        batch.drop_column('files_enabled')
