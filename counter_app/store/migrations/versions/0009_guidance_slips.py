"""guidance slips: form 02 given to a walk-in whose dossier was not received (papers missing)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Hand-written. One row per form 02 handed to a citizen without a dossier (issue 10); the reports count them as
"hướng dẫn". Plain SQLAlchemy types (times are ISO-8601 text), as the other hand-written migrations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'guidance_slips',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('issued_at', sa.String(length=32), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('officer', sa.String(length=150), nullable=False),
        sa.Column('procedure_code', sa.String(length=64), nullable=False),
        sa.Column('procedure_name', sa.Text(), nullable=False),
        sa.Column('field_code', sa.String(length=32), nullable=False),
        sa.Column('applicant_name', sa.String(length=150), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('address', sa.Text(), nullable=True),
        sa.Column('missing', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('print_count', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guidance_slips')),
    )
    with op.batch_alter_table('guidance_slips', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guidance_slips_issued_at'), ['issued_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guidance_slips', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guidance_slips_issued_at'))
    op.drop_table('guidance_slips')
