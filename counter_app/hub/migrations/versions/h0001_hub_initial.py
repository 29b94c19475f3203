"""hub: agencies, client tokens, events, period summaries

Revision ID: h0001
Revises:
Create Date: 2026-11-27

Hand-written. Plain SQLAlchemy types only; runs on PostgreSQL and SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0001'
down_revision = None
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'hub_agencies',
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('summaries_only', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_hub_agencies')),
    )
    op.create_table(
        'hub_clients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=True),
        sa.Column('counter', sa.Integer(), nullable=True),
        sa.Column('label', sa.Text(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('station_uuid', sa.String(length=36), nullable=True),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('revoked_at', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ['agency_code'], ['hub_agencies.code'], name=op.f('fk_hub_clients_agency_code_hub_agencies')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hub_clients')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_hub_clients_token_hash')),
        sa.UniqueConstraint('station_uuid', name=op.f('uq_hub_clients_station_uuid')),
    )
    op.create_index('ix_hub_clients_agency_counter', 'hub_clients', ['agency_code', 'counter'])
    op.create_table(
        'hub_events',
        sa.Column('hub_seq', _BIG_ID, autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('station_seq', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('officer', sa.String(length=150), nullable=False),
        sa.Column('occurred_at', sa.String(length=32), nullable=False),
        sa.Column('recorded_at', sa.String(length=32), nullable=True),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('hub_seq', name=op.f('pk_hub_events')),
        sa.UniqueConstraint('id', name=op.f('uq_hub_events_id')),
    )
    op.create_index('ix_hub_events_agency_seq', 'hub_events', ['agency_code', 'hub_seq'])
    op.create_index('ix_hub_events_dossier', 'hub_events', ['dossier_id'])
    op.create_index('ix_hub_events_code', 'hub_events', ['code'])
    op.create_table(
        'hub_summaries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.Column('groups', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.String(length=32), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hub_summaries')),
        sa.UniqueConstraint('client_id', 'period', 'revision', name=op.f('uq_hub_summaries_client_period_revision')),
    )
    op.create_index('ix_hub_summaries_agency_period', 'hub_summaries', ['agency_code', 'period'])


def downgrade() -> None:
    op.drop_index('ix_hub_summaries_agency_period', table_name='hub_summaries')
    op.drop_table('hub_summaries')
    op.drop_index('ix_hub_events_code', table_name='hub_events')
    op.drop_index('ix_hub_events_dossier', table_name='hub_events')
    op.drop_index('ix_hub_events_agency_seq', table_name='hub_events')
    op.drop_table('hub_events')
    op.drop_index('ix_hub_clients_agency_counter', table_name='hub_clients')
    op.drop_table('hub_clients')
    op.drop_table('hub_agencies')
