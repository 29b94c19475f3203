"""procedures: fee schedules; dossier_events: a small index of the fee entries (issue 13, fees)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04

Hand-written. `procedures.fees` keeps a version's fee schedule (domain/fees.py FeeSchedule as JSON: items — phí
or lệ phí, fixed or per unit, integer đồng — and exemptions with their conditions); versions imported before have
none. What was collected, refunded or cancelled is a dossier event (fee_collected, fee_refunded, fee_cancelled):
append-only by the triggers of 0012, synced like every event. The partial index covers only those rows, so the fee
register and the next receipt number are read without scanning every event, and it costs nothing for the others.
Columns only: SQLite adds them in place (see 0011).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

FEE_KINDS = "('fee_collected','fee_refunded','fee_cancelled')"


def upgrade() -> None:
    with op.batch_alter_table('procedures') as batch:
        batch.add_column(sa.Column('fees', sa.Text(), nullable=True))
    op.execute(f"CREATE INDEX ix_dossier_events_fees ON dossier_events (occurred_utc) WHERE kind IN {FEE_KINDS}")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_dossier_events_fees")
    op.execute('ALTER TABLE procedures DROP COLUMN fees')
