"""hub: the officer's account on events, the stations' audit trails, the agencies' officer accounts

Revision ID: h0005
Revises: h0004
Create Date: 2026-12-04

Hand-written (issue 12), additive only: a nullable column on hub_events (no table rewrite on PostgreSQL or SQLite)
and two new tables. Plain SQLAlchemy types only; runs on PostgreSQL and SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0005'
down_revision = 'h0004'
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.add_column('hub_events', sa.Column('officer_id', sa.String(length=36), nullable=True))
    op.create_table(
        'hub_audit_entries',
        sa.Column('id', _BIG_ID, autoincrement=True, nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.Column('at_utc', sa.String(length=32), nullable=False),
        sa.Column('officer_id', sa.String(length=36), nullable=True),
        sa.Column('officer_name', sa.String(length=150), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target', sa.String(length=200), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hub_audit_entries')),
        sa.UniqueConstraint('station_id', 'seq', name=op.f('uq_hub_audit_entries_station_seq')),
    )
    op.create_index('ix_hub_audit_entries_agency', 'hub_audit_entries', ['agency_code', 'at_utc'])
    op.create_index('ix_hub_audit_entries_hash', 'hub_audit_entries', ['station_id', 'hash'])
    op.create_table(
        'hub_account_changes',
        sa.Column('hub_seq', _BIG_ID, autoincrement=True, nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.String(length=36), nullable=False),
        sa.Column('username', sa.String(length=32), nullable=False),
        sa.Column('display_name', sa.String(length=150), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('must_change_password', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.String(length=32), nullable=False),
        sa.Column('changed_utc', sa.String(length=32), nullable=False),
        sa.Column('changed_station', sa.String(length=36), nullable=False),
        sa.Column('audit_hash', sa.String(length=64), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('hub_seq', name=op.f('pk_hub_account_changes')),
        sa.UniqueConstraint(
            'account_id', 'changed_utc', 'changed_station', name=op.f('uq_hub_account_changes_account_version')
        ),
    )
    op.create_index('ix_hub_account_changes_agency_seq', 'hub_account_changes', ['agency_code', 'hub_seq'])
    op.create_index('ix_hub_account_changes_username', 'hub_account_changes', ['agency_code', 'username'])


def downgrade() -> None:
    op.drop_index('ix_hub_account_changes_username', table_name='hub_account_changes')
    op.drop_index('ix_hub_account_changes_agency_seq', table_name='hub_account_changes')
    op.drop_table('hub_account_changes')
    op.drop_index('ix_hub_audit_entries_hash', table_name='hub_audit_entries')
    op.drop_index('ix_hub_audit_entries_agency', table_name='hub_audit_entries')
    op.drop_table('hub_audit_entries')
    op.drop_column('hub_events', 'officer_id')
