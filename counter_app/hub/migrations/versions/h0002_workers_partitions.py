"""hub: rate limits shared by the worker processes; on PostgreSQL the events table partitioned by month

Revision ID: h0002
Revises: h0001
Create Date: 2026-12-04

Hand-written. hub_rate_limits on every database (hub/limits.py); an index of the summaries by period (the
report of every agency at once). On PostgreSQL, hub_events becomes a table
partitioned by month on a new column occurred_utc (the event's time, timestamptz), with the event ids kept unique
across partitions by hub_event_ids (hub/partitions.py says why), and each dossier's agency is kept in
hub_dossiers (the check that an event's dossier is the pushing agency's: one probe, not one per partition). An existing table is converted: its rows are
copied into the partitions (hub_seq values and the sequence kept, so the stations' pull cursors stay valid), then
the old table is dropped. The columns are copied as they are (CREATE TABLE … LIKE), whatever later migrations add.
SQLite keeps the one plain table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.hub import partitions

revision = 'h0002'
down_revision = 'h0001'
branch_labels = None
depends_on = None

OLD = 'hub_events_unpartitioned'
_INDEXES = (
    ('ix_hub_events_agency_seq', 'agency_code, hub_seq'),
    ('ix_hub_events_dossier', 'dossier_id'),
    ('ix_hub_events_code', 'code'),
)


def upgrade() -> None:
    op.create_table(
        'hub_rate_limits',
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('tokens', sa.Float(), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.Column('failures', sa.Text(), nullable=False),
        sa.Column('locked_until', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'address', name=op.f('pk_hub_rate_limits')),
    )
    # the consolidated report of every agency reads the latest revision per station of one period
    op.create_index('ix_hub_summaries_period', 'hub_summaries', ['period', 'client_id', 'revision'])
    if op.get_bind().dialect.name == 'postgresql':
        _partition_events()


def _columns(conn, table: str) -> list[str]:
    return list(
        conn.scalars(
            sa.text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t AND table_schema = "
                "current_schema() ORDER BY ordinal_position"
            ),
            {'t': table},
        )
    )


def _partition_events() -> None:
    conn = op.get_bind()
    sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence('hub_events', 'hub_seq')"))
    conn.exec_driver_sql(f'ALTER TABLE hub_events RENAME TO {OLD}')
    columns = _columns(conn, OLD)
    conn.exec_driver_sql(f'ALTER TABLE {OLD} ADD COLUMN occurred_utc timestamptz')
    conn.exec_driver_sql(f'CREATE TABLE hub_events (LIKE {OLD} INCLUDING DEFAULTS) PARTITION BY RANGE (occurred_utc)')
    conn.exec_driver_sql('ALTER TABLE hub_events ALTER COLUMN occurred_utc SET NOT NULL')
    if sequence:
        conn.exec_driver_sql(f'ALTER SEQUENCE {sequence} OWNED BY hub_events.hub_seq')
    months = {
        (int(y), int(m))
        for y, m in conn.execute(
            sa.text(
                f"SELECT DISTINCT extract(year FROM t), extract(month FROM t) "
                f"FROM (SELECT occurred_at::timestamptz AT TIME ZONE 'UTC' AS t FROM {OLD}) AS times"
            )
        )
    }
    for month in sorted(m for m in months if partitions.in_range(m)):
        partitions.create_partition(conn, month)
    partitions.create_default_partition(conn)
    listed = ', '.join(columns)
    conn.exec_driver_sql(
        f'INSERT INTO hub_events ({listed}, occurred_utc) SELECT {listed}, occurred_at::timestamptz FROM {OLD}'
    )
    conn.exec_driver_sql(
        'CREATE TABLE hub_event_ids (id varchar(36) NOT NULL, CONSTRAINT pk_hub_event_ids PRIMARY KEY (id))'
    )
    conn.exec_driver_sql(f'INSERT INTO hub_event_ids (id) SELECT id FROM {OLD}')
    # which agency a dossier belongs to (app._check_dossiers_belong): one probe, not one per partition
    conn.exec_driver_sql(
        'CREATE TABLE hub_dossiers (dossier_id varchar(36) NOT NULL, agency_code varchar(40) NOT NULL, '
        'CONSTRAINT pk_hub_dossiers PRIMARY KEY (dossier_id))'
    )
    conn.exec_driver_sql(
        f'INSERT INTO hub_dossiers (dossier_id, agency_code) SELECT DISTINCT ON (dossier_id) dossier_id, agency_code '
        f'FROM {OLD} ORDER BY dossier_id, hub_seq'
    )
    conn.exec_driver_sql(f'DROP TABLE {OLD}')
    conn.exec_driver_sql('ALTER TABLE hub_events ADD CONSTRAINT pk_hub_events PRIMARY KEY (id, occurred_utc)')
    for name, on in _INDEXES:
        conn.exec_driver_sql(f'CREATE INDEX {name} ON hub_events ({on})')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        _unpartition_events()
    op.drop_index('ix_hub_summaries_period', table_name='hub_summaries')
    op.drop_table('hub_rate_limits')


def _unpartition_events() -> None:
    conn = op.get_bind()
    sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence('hub_events', 'hub_seq')"))
    conn.exec_driver_sql(f'ALTER TABLE hub_events RENAME TO {OLD}')
    columns = [c for c in _columns(conn, OLD) if c != 'occurred_utc']
    conn.exec_driver_sql(f'CREATE TABLE hub_events (LIKE {OLD} INCLUDING DEFAULTS)')
    conn.exec_driver_sql('ALTER TABLE hub_events DROP COLUMN occurred_utc')
    if sequence:
        conn.exec_driver_sql(f'ALTER SEQUENCE {sequence} OWNED BY hub_events.hub_seq')
    listed = ', '.join(columns)
    conn.exec_driver_sql(f'INSERT INTO hub_events ({listed}) SELECT {listed} FROM {OLD} ORDER BY hub_seq')
    conn.exec_driver_sql(f'DROP TABLE {OLD}')  # and its partitions
    conn.exec_driver_sql('DROP TABLE hub_event_ids')
    conn.exec_driver_sql('DROP TABLE hub_dossiers')
    conn.exec_driver_sql('ALTER TABLE hub_events ADD CONSTRAINT pk_hub_events PRIMARY KEY (hub_seq)')
    conn.exec_driver_sql('ALTER TABLE hub_events ADD CONSTRAINT uq_hub_events_id UNIQUE (id)')
    for name, on in _INDEXES:
        conn.exec_driver_sql(f'CREATE INDEX {name} ON hub_events ({on})')
