"""The local SQLite store: where it lives, how it is opened, checked, migrated and backed up.

Durable by default (ARCHITECTURE decision 7): WAL, synchronous=FULL, foreign keys on, a busy timeout for a
second process (the CLI beside the GUI), an integrity check, and Alembic migrations with a copy of the file
taken first. Writes begin with BEGIN IMMEDIATE so two processes never interleave a read-then-write (code
allocation reads the last sequence and writes the next one); reads use a second engine with plain deferred
transactions so they never take the write lock.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

DATA_DIR_ENV = "COUNTER_APP_DATA_DIR"
DATABASE_FILE = "counter.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(RuntimeError):
    """The store cannot be used (corrupt file, failed migration); the message is for the officer."""


def default_data_dir() -> Path:
    """The store's folder: COUNTER_APP_DATA_DIR if set; on Windows %ProgramData%\\counter_app, which belongs to the
    PC rather than to one Windows account (the installer gives the Users group modify rights on it, so every
    officer who logs on to the counter PC opens the same store, and deleting a broken profile loses nothing);
    elsewhere the per-user data folder (~/.local/share/counter_app)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramData") or r"C:\ProgramData") / "counter_app"
    return Path(platformdirs.user_data_dir("counter_app", appauthor=False))


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's begin event decide how transactions start (the pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _make_engine(path: Path, begin: str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(begin)

    return engine


def _alembic_config(engine: Engine | None = None):
    # Alembic is imported only when a migration really runs: importing it costs ~0.1–0.2 s of cold start.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


def head_revision() -> str:
    """The newest revision, read from the migration files without importing Alembic (a linear history;
    tests/test_store.py checks this against Alembic's own answer)."""
    parents: dict[str, str | None] = {}
    for script in MIGRATIONS_DIR.joinpath("versions").glob("*.py"):
        found = {m[1]: m[3] for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))}
        if "revision" in found:
            parents[found["revision"]] = found.get("down_revision")
    heads = set(parents) - {p for p in parents.values() if p}
    if len(heads) != 1:
        raise StoreError(f"Lịch sử nâng cấp cơ sở dữ liệu không hợp lệ (đầu mút: {sorted(heads)}).")
    return heads.pop()


@dataclass
class Database:
    path: Path
    write_engine: Engine
    read_engine: Engine

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction per user action: commits on success, rolls back everything on any error."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session
            session.rollback()

    def current_revision(self) -> str | None:
        with self.read_engine.connect() as conn:
            has_table = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).scalar()
            if not has_table:
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def integrity_check(self) -> list[str]:
        """Problems SQLite finds in the file; empty when it is sound."""
        try:
            with self.read_engine.connect() as conn:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        except DBAPIError as exc:  # damage bad enough that the check itself stops ("disk image is malformed")
            return [str(exc.orig or exc)]
        return [] if rows == ["ok"] else rows

    def backup_to(self, target: Path) -> Path:
        """A consistent copy through SQLite's online backup API (safe while the app is writing)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(self.path)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        return target

    def migrate(self) -> Path | None:
        """Bring the schema to head. An existing file at an older revision is copied first; returns the copy."""
        current = self.current_revision()
        head = head_revision()
        if current == head:
            return None
        backup = None
        if current is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = self.backup_to(self.path.parent / "backups" / f"before-migration-{current}-{stamp}.sqlite3")
            log.info("copied the database to %s before migrating", backup)
        try:
            with self.write_engine.begin() as conn:
                from alembic import command

                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:  # the copy above is the way back; say where it is
            hint = f" Bản sao trước khi nâng cấp: {backup}" if backup else ""
            raise StoreError(f"Không nâng cấp được cơ sở dữ liệu: {exc}.{hint}") from exc
        return backup

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()


def open_database(data_dir: Path | None = None, *, check_integrity: bool = True, migrate: bool = True) -> Database:
    """Open (creating if needed) the store in `data_dir`, check it, and migrate it to the current schema."""
    data_dir = data_dir or default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DATABASE_FILE
    db = Database(path, _make_engine(path, "BEGIN IMMEDIATE"), _make_engine(path, "BEGIN"))
    if check_integrity and path.exists() and path.stat().st_size > 0:
        try:
            problems = db.integrity_check()
        except DBAPIError as exc:  # damage bad enough that SQLite cannot even run the check
            problems = [str(exc.orig)]
        if problems:
            db.dispose()
            raise StoreError(
                "Tệp dữ liệu bị hỏng (" + "; ".join(problems[:3]) + "). Hãy khôi phục từ bản sao lưu: "
                f"{data_dir / 'backups'}"
            )
    if migrate:
        db.migrate()
    return db


def ping(db: Database) -> bool:
    with db.read() as session:
        return session.execute(text("SELECT 1")).scalar() == 1
