"""accounts: what the sync needs to share them with the agency's other counters

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

Hand-written (issue 12). `changed_station`: the station where the account's current version was made (ties of
`changed_at` between two counters are decided by it); `change_hash`: the audit entry that recorded that change
(the hub accepts a version only with its entry); `hub_ack_at`: when the hub confirmed this version (NULL: still to
send). Columns only: SQLite adds them in place. Accounts that existed before are sent at the next sync, each with
an audit entry "account.publish" written then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts') as batch:
        batch.add_column(sa.Column('changed_station', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('change_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('hub_ack_at', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('accounts') as batch:
        batch.drop_column('hub_ack_at')
        batch.drop_column('change_hash')
        batch.drop_column('changed_station')
