"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        'code_sequences',
        sa.Column('agency_code', sa.String(length=40), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('counter_number', sa.Integer(), nullable=False),
        sa.Column('last_sequence', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('agency_code', 'day', 'counter_number', name=op.f('pk_code_sequences')),
    )
    op.create_table(
        'dossier_events',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('station_seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('officer', sa.String(length=150), nullable=False),
        sa.Column('occurred_at', sa.String(length=32), nullable=False),
        sa.Column('occurred_utc', sa.String(length=20), nullable=False),
        sa.Column('recorded_at', sa.String(length=32), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('hub_ack_at', sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_events')),
        sa.UniqueConstraint('station_id', 'station_seq', name='station_seq'),
    )
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_events_dossier', ['dossier_id', 'occurred_utc'], unique=False)
        batch_op.create_index('ix_dossier_events_outbox', ['hub_ack_at', 'station_id', 'station_seq'], unique=False)

    op.create_table(
        'fields',
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_fields')),
    )
    op.create_table(
        'settings',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_settings')),
    )
    op.create_table(
        'procedures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=500), nullable=False),
        sa.Column('field_code', sa.String(length=32), nullable=False),
        sa.Column('level', sa.String(length=32), nullable=False),
        sa.Column('duration', sa.Integer(), nullable=False),
        sa.Column('unit', sa.String(length=16), nullable=False),
        sa.Column('trigger', sa.String(length=32), nullable=False),
        sa.Column('cutoff', sa.String(length=8), nullable=True),
        sa.Column('fee', sa.Text(), nullable=False),
        sa.Column('online_level', sa.String(length=32), nullable=False),
        sa.Column('legal_basis', sa.Text(), nullable=False),
        sa.Column('result_place', sa.String(length=255), nullable=False),
        sa.Column('effective_from', sa.String(length=10), nullable=True),
        sa.Column('effective_to', sa.String(length=10), nullable=True),
        sa.Column('retired', sa.Boolean(), nullable=False),
        sa.CheckConstraint("trigger IN ('complete_dossier','fee_paid')", name=op.f('ck_procedures_trigger_known')),
        sa.CheckConstraint(
            "unit IN ('working_days','working_hours','calendar_days')", name=op.f('ck_procedures_unit_known')
        ),
        sa.CheckConstraint('duration >= 0', name=op.f('ck_procedures_duration_non_negative')),
        sa.ForeignKeyConstraint(['field_code'], ['fields.code'], name=op.f('fk_procedures_field_code_fields')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_procedures')),
        sa.UniqueConstraint('code', 'version', name='code_version'),
    )
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.create_index('ix_procedures_code_current', ['code', 'retired'], unique=False)

    op.create_table(
        'dossiers',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('procedure_code', sa.String(length=64), nullable=False),
        sa.Column('field_code', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=24), nullable=False),
        sa.Column('applicant_name', sa.String(length=150), nullable=False),
        sa.Column('applicant_folded', sa.String(length=150), nullable=False),
        sa.Column('organization', sa.String(length=250), nullable=True),
        sa.Column('id_number', sa.String(length=12), nullable=True),
        sa.Column('phone', sa.String(length=15), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('address', sa.String(length=300), nullable=True),
        sa.Column('copies', sa.Integer(), nullable=False),
        sa.Column('documents', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('result_delivery', sa.String(length=16), nullable=False),
        sa.Column('received_at', sa.String(length=32), nullable=False),
        sa.Column('received_day', sa.String(length=10), nullable=False),
        sa.Column('due_at', sa.String(length=32), nullable=False),
        sa.Column('original_due_at', sa.String(length=32), nullable=False),
        sa.Column('resolved_at', sa.String(length=32), nullable=True),
        sa.Column('returned_at', sa.String(length=32), nullable=True),
        sa.Column('station_id', sa.String(length=36), nullable=False),
        sa.Column('counter_number', sa.Integer(), nullable=False),
        sa.Column('officer', sa.String(length=150), nullable=False),
        sa.Column('last_event_at', sa.String(length=32), nullable=False),
        sa.Column('print_count', sa.Integer(), nullable=False),
        sa.CheckConstraint("channel IN ('direct','postal','online')", name=op.f('ck_dossiers_channel_known')),
        sa.CheckConstraint('copies >= 1', name=op.f('ck_dossiers_copies_positive')),
        sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_dossiers_procedure_id_procedures')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
        sa.UniqueConstraint('code', name=op.f('uq_dossiers_code')),
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_received_day', ['received_day'], unique=False)
        batch_op.create_index('ix_dossiers_status_due', ['status', 'due_at'], unique=False)

    op.create_table(
        'procedure_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('copy_kind', sa.String(length=32), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('mandatory', sa.Boolean(), nullable=False),
        sa.CheckConstraint('quantity >= 0', name=op.f('ck_procedure_documents_quantity_non_negative')),
        sa.ForeignKeyConstraint(
            ['procedure_id'],
            ['procedures.id'],
            name=op.f('fk_procedure_documents_procedure_id_procedures'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_documents')),
    )
    with op.batch_alter_table('procedure_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_documents_procedure_id'), ['procedure_id'], unique=False)


def downgrade() -> None:

    with op.batch_alter_table('procedure_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_documents_procedure_id'))

    op.drop_table('procedure_documents')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_status_due')
        batch_op.drop_index('ix_dossiers_received_day')

    op.drop_table('dossiers')
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_index('ix_procedures_code_current')

    op.drop_table('procedures')
    op.drop_table('settings')
    op.drop_table('fields')
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_events_outbox')
        batch_op.drop_index('ix_dossier_events_dossier')

    op.drop_table('dossier_events')
    op.drop_table('code_sequences')
