"""The hub's database: URL handling, engines (PostgreSQL through psycopg 3, or SQLite), migrations."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "hub_alembic_version"  # not a station store's alembic_version: the two never mix


class HubDbError(RuntimeError):
    pass


def normalize_url(url: str) -> str:
    """`postgresql://…` and `postgres://…` mean psycopg 3; a bare path means an SQLite file."""
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if "://" not in url:  # a typo must not become a new, empty hub beside the real one
        raise HubDbError(
            f"--db phải là một URL (postgresql://người_dùng@máy/csdl hoặc sqlite:///đường/dẫn/hub.sqlite3), "
            f"không phải '{url}'."
        )
    try:
        parsed = make_url(url)
    except Exception:
        raise HubDbError(f"--db '{url}' không phải URL cơ sở dữ liệu hợp lệ.") from None
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise HubDbError(f"Máy chủ đồng bộ chỉ dùng PostgreSQL hoặc SQLite, không dùng {parsed.get_backend_name()}.")
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise HubDbError("PostgreSQL được dùng qua psycopg 3: viết postgresql+psycopg://… hoặc postgresql://…")
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, future=True, hide_parameters=True)  # no row values in errors or logs
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(begin)

    return engine


@dataclass
class HubDatabase:
    url: str
    write_engine: Engine
    read_engine: Engine
    # A PostgreSQL streaming replica for the readers that may lag a little (`counter-app hub --read-db URL`):
    # pulls, the consolidated report, the public look-up. None: they read the primary like everything else.
    replica_engine: Engine | None = None
    _writer: sessionmaker = field(init=False, repr=False)
    _reader: sessionmaker = field(init=False, repr=False)
    _replica: sessionmaker = field(init=False, repr=False)
    _lookups: dict[bool, Engine] = field(init=False, repr=False)  # lookup(): replica? -> engine

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._replica = sessionmaker(self.replica_engine or self.read_engine, expire_on_commit=False)
        self._lookups = {}
        for replica, engine in ((False, self.read_engine), (True, self.replica_engine or self.read_engine)):
            if engine.dialect.name == "postgresql":  # the same pool; its connections in autocommit while lent
                engine = engine.execution_options(isolation_level="AUTOCOMMIT")
            self._lookups[replica] = engine

    @property
    def dialect(self) -> str:
        return self.write_engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back whole on any error (never a partial write)."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction, ended with COMMIT when the block ends normally (loaded rows stay readable).

        Not the ROLLBACK that closing a session sends: psycopg drops every statement it had prepared on the
        connection at any ROLLBACK, so one read session per station cycle (the accounts' pull) kept the pull and
        the token check from ever reaching their prepared, generic plans (_GENERIC_PLANS)."""
        with self._reader() as session:
            yield session
            session.commit()

    @contextmanager
    def lookup(self, *, replica: bool = False) -> Iterator[Connection]:
        """A Core connection for a read that is ONE statement (the token check, a pull's page): on PostgreSQL in
        autocommit, so the read costs its statement's round trip and no BEGIN and ROLLBACK around it; a statement
        is consistent on its own. `replica`: what read_replica() may serve. On SQLite, a plain read transaction."""
        with self._lookups[replica].connect() as connection:
            yield connection

    @contextmanager
    def read_replica(self) -> Iterator[Session]:
        """A read that a replica may serve (a few hundred milliseconds behind the primary at most): what a station
        pulls after its cursor, the consolidated report, the public look-up. Never the token check, never a read
        a write depends on: those go to the primary (read(), write())."""
        with self._replica() as session:
            yield session
            session.commit()  # as read(): keeps the connection's prepared statements

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()
        if self.replica_engine is not None:
            self.replica_engine.dispose()


POOL_SIZE = 10  # connections each worker process keeps open to PostgreSQL (and up to POOL_OVERFLOW more)
POOL_OVERFLOW = 20


# A pooled connection unused for longer than this is checked with a round trip before it is handed out again.
PING_AFTER = 10.0


# Each hub connection plans its prepared statements once (psycopg prepares a statement from its 5th execution on a
# connection). hub_events is partitioned by month (hub/partitions.py) and no statement can prune on the month, so
# PostgreSQL's default ("auto") kept planning each pull anew over every partition: 1-2.7 ms of planning for 0.7 ms
# of execution, measured with EXPLAIN ANALYZE over 28 partitions. The generic plan of every hub statement is the
# custom one's shape (index scans under a Merge Append for the pull; key look-ups elsewhere): a prepared pull 1.43 ->
# 0.83 ms median (docs/BENCHMARKS.md). Statements run fewer than 5 times are still planned with their values.
# Set on each new connection with SET, not libpq's `options`: those would replace any `options` of the --db URL
# (a search_path, a statement_timeout) and PGOPTIONS, and connection poolers refuse or drop them.
_GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"


def _pg_engine(url: str, ping_after: float = PING_AFTER) -> Engine:
    engine = create_engine(url, future=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, hide_parameters=True)
    event.listen(engine, "connect", _pg_session_settings)
    _ping_when_idle(engine, ping_after)
    return engine


def _execute_in_autocommit(dbapi_connection, statement: str) -> None:
    """`statement` on a psycopg connection outside any transaction: a SET is then the session's, and nothing is
    left to end (a ROLLBACK would make psycopg drop the connection's prepared statements, see HubDatabase.read)."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute(statement)
    finally:
        dbapi_connection.autocommit = autocommit


_refusal_logged = False


def _pg_session_settings(dbapi_connection, _record) -> None:
    """_GENERIC_PLANS on a new connection. A server that refuses it (PostgreSQL before 12 has no plan_cache_mode)
    keeps its default: the hub works as before, only slower; said once in the log."""
    global _refusal_logged
    try:
        _execute_in_autocommit(dbapi_connection, _GENERIC_PLANS)
    except Exception as exc:  # the setting only: the connection itself is checked by its first use
        if not _refusal_logged:
            log.warning("PostgreSQL refused %r (%s): the hub runs without it", _GENERIC_PLANS, exc)
            _refusal_logged = True


def _ping_when_idle(engine: Engine, after: float) -> None:
    """Pessimistic disconnect handling for connections that sat idle, and only for them.

    pool_pre_ping sends `SELECT 1` at every checkout: a round trip, and a statement for PostgreSQL, on every
    request (9 % of a busy worker's time in a profile of pulls, docs/BENCHMARKS.md). A connection the pool handed
    out within the last `after` seconds was working then; one idle for longer (the night, a PostgreSQL restart, a
    firewall's idle timeout) is pinged, and a dead one is replaced before use (DisconnectionError: the pool
    connects again). A restart while connections are busy fails those requests once (503 storage_error, the
    station retries at its next cycle) and SQLAlchemy then renews the whole pool."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get("returned")
        if returned is None or time.monotonic() - returned < after:
            return  # just made, or in use a moment ago
        try:
            _execute_in_autocommit(dbapi_connection, "SELECT 1")
        except Exception as exc:
            raise DisconnectionError(f"pooled connection dead after {time.monotonic() - returned:.0f} s idle") from exc


def open_hub_database(
    url: str, *, migrate: bool = True, read_url: str | None = None, ping_after: float = PING_AFTER
) -> HubDatabase:
    """The hub's database at `url`, migrated first unless `migrate` is False. `read_url`: a PostgreSQL replica of
    it for the reads that may lag (HubDatabase.read_replica); only with a PostgreSQL primary."""
    url = normalize_url(url)
    if read_url:
        read_url = normalize_url(read_url)
        if make_url(url).get_backend_name() != "postgresql" or make_url(read_url).get_backend_name() != "postgresql":
            raise HubDbError("--read-db (bản sao chỉ đọc) chỉ dùng với máy chủ PostgreSQL: cả --db và --read-db.")
    if make_url(url).get_backend_name() == "sqlite":
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        db = HubDatabase(url, _sqlite_engine(url, "BEGIN IMMEDIATE"), _sqlite_engine(url, "BEGIN"))
    else:
        engine = _pg_engine(url, ping_after)
        db = HubDatabase(url, engine, engine, _pg_engine(read_url, ping_after) if read_url else None)
    if migrate:
        db.migrate()
    return db
