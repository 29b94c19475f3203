"""accounts, recovery codes and the audit trail; the officer's account on every event; events append-only

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

Hand-written (issue 12). `accounts` (scrypt hashes only), `recovery_codes` (one-time codes printed by the CLI on the
PC, kept hashed), `audit_entries` (append-only, chained by SHA-256 per station), and `dossier_events.officer_id`.

Triggers make the facts append-only for every program that writes the file through SQLite: an UPDATE of any column
of `dossier_events` except `hub_ack_at` (the sync outbox mark), and any DELETE, is refused; `audit_entries` refuses
every UPDATE and DELETE. A later batch rebuild of either table would drop these triggers: recreate them there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

EVENT_COLUMNS = 'id, dossier_id, station_id, station_seq, kind, officer, officer_id, occurred_at, occurred_utc, recorded_at, payload'
TRIGGERS = (
    f"CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OF {EVENT_COLUMNS} ON dossier_events "
    "BEGIN SELECT RAISE(ABORT, 'dossier_events are append-only: a correction is a new event'); END",
    "CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events "
    "BEGIN SELECT RAISE(ABORT, 'dossier_events are append-only: events are never deleted'); END",
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries are append-only'); END",
    "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries are append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('username', sa.String(length=32), nullable=False),
        sa.Column('display_name', sa.String(length=150), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
        sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.String(length=32), nullable=False),
        sa.CheckConstraint("role IN ('officer','supervisor','admin')", name=op.f('ck_accounts_role_known')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
        sa.UniqueConstraint('username', name=op.f('uq_accounts_username')),
    )
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('expires_at', sa.String(length=32), nullable=False),
        sa.Column('used_at', sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    op.create_table(
        'audit_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.Column('at_utc', sa.String(length=20), nullable=False),
        sa.Column('officer_id', sa.String(length=36), nullable=True),
        sa.Column('officer_name', sa.String(length=150), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target', sa.String(length=200), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
        sa.UniqueConstraint('station_id', 'seq', name='audit_station_seq'),
    )
    op.create_index('ix_audit_entries_at', 'audit_entries', ['at_utc'], unique=False)
    op.create_index('ix_audit_entries_officer', 'audit_entries', ['officer_id', 'at_utc'], unique=False)
    with op.batch_alter_table('dossier_events') as batch:  # a column only: SQLite adds it in place, no rebuild
        batch.add_column(sa.Column('officer_id', sa.String(length=36), nullable=True))
    for ddl in TRIGGERS:
        op.execute(ddl)


def downgrade() -> None:
    for name in (
        'audit_entries_no_delete',
        'audit_entries_append_only',
        'dossier_events_no_delete',
        'dossier_events_append_only',
    ):
        op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.execute('ALTER TABLE dossier_events DROP COLUMN officer_id')
    op.drop_index('ix_audit_entries_officer', table_name='audit_entries')
    op.drop_index('ix_audit_entries_at', table_name='audit_entries')
    op.drop_table('audit_entries')
    op.drop_table('recovery_codes')
    op.drop_table('accounts')
