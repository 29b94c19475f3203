"""The events table partitioned by month on PostgreSQL (hub migration h0002, hub/partitions.py).

An existing hub (schema h0001, events of two months) is migrated: every row stays with its hub_seq, each month
gets its partition, the sequence goes on from where it was. Through the real API afterwards: a resent event is
still a duplicate (the id guard keeps ON CONFLICT's meaning), the same id with another time is refused as a
conflict (not stored a second time in another partition), another agency's event for the dossier is refused
(hub_dossiers, filled by the migration), a push in a month without a partition makes one,
pulls and the public look-up read across partitions. The downgrade gives the plain table back.
"""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sync_harness import HubThread

AGENCY = "H61.22"
STATION = "5b0a3c9e-1f2d-4c8b-9a7e-3d2c1b0a9f8e"


def _alembic(db, action: str, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from counter_app.hub.db import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, target)


def _partitions(conn) -> list[str]:
    return sorted(
        conn.scalars(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'hub_events'::regclass"
            )
        )
    )


def _event(seq: int, occurred_at: str, dossier: str, **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "dossier_id": dossier,
        "station_id": STATION,
        "station_seq": seq,
        "kind": "slip_printed",
        "officer": "Cán bộ quầy 1",
        "occurred_at": occurred_at,
        "payload": {"form": "receipt", "copies": 1},
        **extra,
    }


def test_an_existing_events_table_is_partitioned_by_month(pg_db_url: str) -> None:
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(pg_db_url, migrate=False)
    try:
        _alembic(db, "upgrade", "h0001")  # rows written as a hub of that schema did (no ORM: the models are newer)
        dossier = str(uuid.uuid4())
        old = [
            ("2026-10-31T23:30:00+07:00", 1),  # 16:30 UTC: October
            ("2026-11-01T06:30:00+07:00", 2),  # 2026-10-31 23:30 UTC: still October in UTC
            ("2026-11-20T09:00:00+07:00", 3),
        ]
        ids = [str(uuid.uuid4()) for _ in old]
        with db.write_engine.begin() as conn:
            for event_id, (at, seq) in zip(ids, old):
                conn.execute(
                    text(
                        "INSERT INTO hub_events (id, agency_code, client_id, station_id, station_seq, dossier_id, "
                        "kind, officer, occurred_at, payload, received_at) VALUES (:id, :agency, 1, :station, :seq, "
                        ":dossier, 'slip_printed', 'Cán bộ', :at, '{}', '2026-11-20T02:00:00+00:00')"
                    ),
                    {"id": event_id, "agency": AGENCY, "station": STATION, "seq": seq, "dossier": dossier, "at": at},
                )
            before = dict(conn.execute(text("SELECT id, hub_seq FROM hub_events")).all())

        db.migrate()  # h0002 and whatever follows
        token = admin.add_station(db, AGENCY, counter=1).token  # client 1: the old events' client
        reader = admin.add_station(db, AGENCY, counter=2).token
        other_agency = admin.add_station(db, "H61.30", counter=1).token
        with db.write_engine.begin() as conn:
            assert conn.scalar(text("SELECT relkind FROM pg_class WHERE relname = 'hub_events'")) == "p"
            assert {"hub_events_y2026m10", "hub_events_y2026m11", "hub_events_default"} <= set(_partitions(conn))
            assert dict(conn.execute(text("SELECT id, hub_seq FROM hub_events")).all()) == before
            in_october = set(conn.scalars(text("SELECT id FROM hub_events_y2026m10")))
            assert in_october == set(ids[:2])
            assert conn.scalar(text("SELECT count(*) FROM hub_event_ids")) == 3

        with HubThread(create_app(db=db)) as hub, httpx.Client(base_url=hub.url, timeout=15) as client:
            push = {"Authorization": f"Bearer {token}"}
            fresh = _event(4, "2024-03-05T10:00:00+07:00", dossier)  # a month long gone: its partition is made
            body = {"agency": AGENCY, "station_id": STATION, "events": [fresh]}
            first = client.post("/api/v1/events", json=body, headers=push)
            assert first.status_code == 200, first.text
            assert first.json()["stored"] == 1
            again = client.post("/api/v1/events", json=body, headers=push).json()
            assert (again["stored"], again["duplicates"]) == (0, 1)
            moved = {**fresh, "occurred_at": "2026-11-21T10:00:00+07:00"}  # the same id at another time
            conflict = client.post("/api/v1/events", json={**body, "events": [moved]}, headers=push)
            assert conflict.status_code == 409 and conflict.json()["conflicting_ids"] == [fresh["id"]]
            # the dossier is H61.22's (hub_dossiers, filled by the migration): another agency may not touch it
            foreign = {
                "agency": "H61.30",
                "station_id": str(uuid.uuid4()),
                "events": [_event(1, "2026-11-22T08:00:00+07:00", dossier)],
            }
            foreign["events"][0]["station_id"] = foreign["station_id"]
            refused = client.post("/api/v1/events", json=foreign, headers={"Authorization": f"Bearer {other_agency}"})
            assert refused.status_code == 403 and refused.json()["reason"] == "other_agency_dossier"
            pulled = client.get("/api/v1/events", params={"after": 0}, headers={"Authorization": f"Bearer {reader}"})
            pulled_seqs = [e["hub_seq"] for e in pulled.json()["events"]]
            assert [e["id"] for e in pulled.json()["events"]] == [*ids, fresh["id"]]
            assert pulled_seqs == sorted(pulled_seqs) and pulled_seqs[-1] > max(before.values())
        with db.write_engine.begin() as conn:
            assert "hub_events_y2024m03" in _partitions(conn)
            assert conn.scalar(text("SELECT count(*) FROM hub_events WHERE id = :id"), {"id": fresh["id"]}) == 1

        _alembic(db, "downgrade", "h0001")
        with db.write_engine.begin() as conn:
            assert conn.scalar(text("SELECT relkind FROM pg_class WHERE relname = 'hub_events'")) == "r"
            assert conn.scalar(text("SELECT to_regclass('hub_event_ids')")) is None
            assert conn.scalar(text("SELECT to_regclass('hub_dossiers')")) is None
            assert conn.scalar(text("SELECT count(*) FROM hub_events")) == 4
        db.migrate()
        with db.write_engine.begin() as conn:
            assert conn.scalar(text("SELECT count(*) FROM hub_events_y2024m03")) == 1
    finally:
        db.dispose()
