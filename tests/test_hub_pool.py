"""The hub's connections to PostgreSQL: checked with a round trip only after sitting idle (hub/db.py
_ping_when_idle), and a dead pool renewed (issue 15 item 4).

pool_pre_ping sent `SELECT 1` before every request's statements; now a connection handed out again within
PING_AFTER seconds is used as it is. These tests kill the hub's backends with pg_terminate_backend (what a
PostgreSQL restart or a firewall's idle timeout does to them) and show what a station then gets, through the
real app on uvicorn and a real station client.
"""

from __future__ import annotations

import httpx
import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sync_harness import HubThread, _libpq

from counter_app.hub import admin
from counter_app.hub.app import create_app
from counter_app.hub.db import open_hub_database


def _kill_backends(db_url: str) -> int:
    """Terminate every connection to the hub's database but our own; how many there were."""
    url = make_url(db_url)
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.database,),
        ).fetchall()
    return len(rows)


def test_an_idle_connection_is_checked_and_a_dead_one_replaced_before_use(pg_db_url):
    db = open_hub_database(pg_db_url, ping_after=0.0)  # every connection counts as idle: always checked
    try:
        with db.lookup() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
        assert _kill_backends(pg_db_url) >= 1
        with db.lookup() as conn:  # the pool's connection was dead: found by the check, a new one used
            assert conn.execute(text("SELECT 2")).scalar() == 2
        with db.write() as session:  # the ORM's transactions take the same road
            assert session.execute(text("SELECT 3")).scalar() == 3
    finally:
        db.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged_and_a_dead_pool_is_renewed_after_one_error(pg_db_url):
    db = open_hub_database(pg_db_url, ping_after=3600.0)  # never idle long enough to be checked
    try:
        with db.lookup() as conn:
            conn.execute(text("SELECT 1"))
        assert _kill_backends(pg_db_url) >= 1
        with pytest.raises(DBAPIError) as failed, db.lookup() as conn:
            conn.execute(text("SELECT 1"))  # no ping: the dead connection is used, and fails
        assert failed.value.connection_invalidated
        with db.lookup() as conn:  # SQLAlchemy renewed the pool on the disconnect
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()


def test_reads_run_in_autocommit_and_leave_no_transaction_behind(pg_db_url):
    """HubDatabase.lookup: one statement, no BEGIN before it (its transaction began with it); the connection goes
    back to the pool idle, and the ORM's write transactions on the same pool are still transactions."""
    db = open_hub_database(pg_db_url)
    try:
        with db.lookup() as conn:
            assert conn.exec_driver_sql("SELECT now() = statement_timestamp()").scalar() is True  # no transaction
        with db.write() as session:
            # psycopg sent BEGIN first: the transaction began before the statement
            assert session.execute(text("SELECT now() = statement_timestamp()")).scalar() is False
        url = make_url(pg_db_url)
        with psycopg.connect(_libpq(url), autocommit=True) as conn:
            idle = conn.execute(
                "SELECT state FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (url.database,)
            ).fetchall()
        assert idle and {s for (s,) in idle} == {"idle"}, idle
    finally:
        db.dispose()


def test_a_station_pulls_after_the_hubs_connections_were_killed(pg_db_url):
    """Through the real app: the station's request after the kill gets the hub's own Vietnamese 503 at worst
    (the connection was in use a moment ago, so it is not pinged), and the next one is served."""
    db = open_hub_database(pg_db_url)
    token = admin.add_station(db, "H61.22", counter=1).token
    app = create_app(db=db)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with HubThread(app) as hub, httpx.Client(base_url=hub.url, headers=headers, trust_env=False) as client:
            assert client.get("/api/v1/events", params={"after": 0}).status_code == 200
            assert _kill_backends(pg_db_url) >= 1
            first = client.get("/api/v1/events", params={"after": 0})
            if first.status_code != 200:
                assert first.status_code == 503
                assert first.json()["reason"] in ("storage_unavailable", "storage_error")
                assert "thử lại sau" in first.json()["detail"]
            second = client.get("/api/v1/events", params={"after": 0})
            assert second.status_code == 200, second.text
            assert second.json()["events"] == []
    finally:
        db.dispose()


def test_the_hubs_connections_plan_prepared_statements_once(pg_db_url):
    """A pull over monthly partitions was planned anew at every execution (PostgreSQL's plan_cache_mode auto); the
    hub's sessions keep the generic plan of a prepared statement (hub/db.py _GENERIC_PLANS)."""
    db = open_hub_database(pg_db_url)
    try:
        with db.lookup() as conn:
            assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_generic_plan"
        with db.write() as session:
            assert session.execute(text("SHOW plan_cache_mode")).scalar() == "force_generic_plan"
    finally:
        db.dispose()


def test_a_read_session_leaves_the_connections_prepared_statements(pg_db_url):
    """psycopg drops every prepared statement of a connection at a ROLLBACK; the hub's read sessions end with
    COMMIT (HubDatabase.read), so the statements a connection prepared (from a statement's 5th run) stay, and with
    them their generic plans. Before, one read session per station cycle (the accounts' pull) dropped them all."""
    from counter_app.hub.models import Agency

    db = open_hub_database(pg_db_url)
    try:
        db.write_engine.pool.dispose()  # one connection, handed out again and again
        statement = text("SELECT count(*) FROM hub_agencies WHERE code = :code")
        for _ in range(6):
            with db.lookup() as conn:
                conn.execute(statement, {"code": "H61.22"})

        def prepared() -> int:
            with db.lookup() as conn:
                return conn.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar()

        assert prepared() >= 1
        with db.read() as session:
            session.execute(select(Agency)).all()
        with db.read_replica() as session:
            session.execute(select(Agency)).all()
        assert prepared() >= 1, "a read session's end dropped the connection's prepared statements"
        with pytest.raises(RuntimeError), db.read() as session:  # a read that fails still ends its transaction
            session.execute(select(Agency)).all()
            raise RuntimeError("the caller's own error")
        with db.lookup() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        db.dispose()
