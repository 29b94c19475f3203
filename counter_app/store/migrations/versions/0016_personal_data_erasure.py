"""events: the one change the append-only trigger lets through is erasing personal values (retention rule)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

Hand-written (issue 12, personal data). `dossier_events` stay append-only (0012), with one exception the retention
rule needs (`counter-app privacy purge`, domain/privacy.py): a payload may have values set to null and gain the key
`personal_erased` (the day of the erasure) — no other column changed, no key added or removed, no value changed
to anything but null, and only once (a payload already marked is final). Everything else is still refused, so
an event can lose who the applicant was but never say something it did not say.
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

EVENT_COLUMNS = 'id, dossier_id, station_id, station_seq, kind, officer, officer_id, occurred_at, occurred_utc, recorded_at, payload'
UNCHANGED = ' AND '.join(
    f'new.{c} IS old.{c}'
    for c in (
        'id',
        'dossier_id',
        'station_id',
        'station_seq',
        'kind',
        'officer',
        'officer_id',
        'occurred_at',
        'occurred_utc',
        'recorded_at',
    )
)
LEAF = "type NOT IN ('object', 'array')"
ERASURE = (
    f"{UNCHANGED} AND json_valid(new.payload) AND json_valid(old.payload) "
    "AND json_type(old.payload, '$.personal_erased') IS NULL "
    "AND json_type(new.payload, '$.personal_erased') IS 'text' "
    # the same top-level keys (but the mark), each of the same type or now null
    "AND NOT EXISTS (SELECT 1 FROM json_each(new.payload) AS n WHERE n.key <> 'personal_erased' "
    "AND NOT EXISTS (SELECT 1 FROM json_each(old.payload) AS o WHERE o.key = n.key "
    "AND (n.type = 'null' OR n.type = o.type))) "
    "AND NOT EXISTS (SELECT 1 FROM json_each(old.payload) AS o "
    "WHERE NOT EXISTS (SELECT 1 FROM json_each(new.payload) AS n WHERE n.key = o.key)) "
    # every old value, however deep, is still there unchanged, unless its top-level key is now null
    f"AND NOT EXISTS (SELECT 1 FROM json_tree(old.payload) AS o WHERE o.{LEAF} "
    "AND NOT EXISTS (SELECT 1 FROM json_tree(new.payload) AS n "
    "WHERE n.fullkey = o.fullkey AND n.type = o.type AND n.atom IS o.atom) "
    "AND NOT EXISTS (SELECT 1 FROM json_each(new.payload) AS t WHERE t.type = 'null' AND (o.fullkey = t.fullkey "
    "OR substr(o.fullkey, 1, length(t.fullkey) + 1) IN (t.fullkey || '.', t.fullkey || '[')))) "
    # and no value appeared but the mark and the nulls of whole keys
    f"AND NOT EXISTS (SELECT 1 FROM json_tree(new.payload) AS n WHERE n.{LEAF} "
    "AND NOT (n.parent = 0 AND (n.key = 'personal_erased' OR n.type = 'null')) "
    "AND NOT EXISTS (SELECT 1 FROM json_tree(old.payload) AS o "
    "WHERE o.fullkey = n.fullkey AND o.type = n.type AND o.atom IS n.atom))"
)
ERASABLE = (
    f"CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OF {EVENT_COLUMNS} ON dossier_events "
    f"WHEN NOT coalesce(({ERASURE}), 0) "  # NULL anywhere (a missing key): not an erasure
    "BEGIN SELECT RAISE(ABORT, 'dossier_events are append-only: a correction is a new event'); END"
)
STRICT = (
    f"CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OF {EVENT_COLUMNS} ON dossier_events "
    "BEGIN SELECT RAISE(ABORT, 'dossier_events are append-only: a correction is a new event'); END"
)


def upgrade() -> None:
    op.execute('DROP TRIGGER IF EXISTS dossier_events_append_only')
    op.execute(ERASABLE)


def downgrade() -> None:
    op.execute('DROP TRIGGER IF EXISTS dossier_events_append_only')
    op.execute(STRICT)
