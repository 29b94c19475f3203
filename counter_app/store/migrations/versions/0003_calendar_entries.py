"""office calendar in the store: years owned by the office and their entries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Hand-written. Plain SQLAlchemy types only (dates and times are ISO-8601 text), no application types, so the
migration keeps working whatever the models become.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'calendar_years',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('complete', sa.Boolean(), nullable=False),
        sa.Column('origin', sa.Text(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_years')),
    )
    op.create_table(
        'calendar_entries',
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('provisional', sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('holiday','day_off','compensatory_off','extra_workday','closure')",
            name=op.f('ck_calendar_entries_kind_known'),
        ),
        sa.ForeignKeyConstraint(
            ['year'],
            ['calendar_years.year'],
            name=op.f('fk_calendar_entries_year_calendar_years'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_entries')),
    )
    with op.batch_alter_table('calendar_entries', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_entries_year', ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('calendar_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_entries_year')
    op.drop_table('calendar_entries')
    op.drop_table('calendar_years')
