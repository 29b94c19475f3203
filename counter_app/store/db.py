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
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.store.data_dir import DATA_DIR_ENV as DATA_DIR_ENV  # re-exported: callers import it from here
from counter_app.store.data_dir import default_data_dir
from counter_app.store.failures import (  # StoreError is re-exported: callers import it from here
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    DiskFull,
    ForeignFile,
    StoreDamaged,
    StoreError,
    StoreTooNew,
    classify,
    probe_folder,
    sqlite_code,
)

log = logging.getLogger(__name__)

DATABASE_FILE = "counter.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
PART_SUFFIX = ".part"
LEFTOVER_IDLE_SECONDS = 300  # a partial file untouched this long belongs to a copy that was interrupted
KEEP_MIGRATION_COPIES = 3
WRITTEN_BY_KEY = "store.written_by"  # the program version that last created or migrated the file
CACHE_LIMIT = 256  # entries kept per generation (procedures by code and day, …): dropped all at once past it

T = TypeVar("T")


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's begin event decide how transactions start (the pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _make_engine(path: Path, begin: str) -> Engine:
    # hide_parameters: a database error (in a traceback, in the log) never carries the row's values (names, CCCD).
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
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


def known_revisions() -> dict[str, str | None]:
    """Every revision this program knows, with its parent, read from the migration files without importing
    Alembic (a linear history; tests/test_store.py checks the head against Alembic's own answer)."""
    parents: dict[str, str | None] = {}
    for script in MIGRATIONS_DIR.joinpath("versions").glob("*.py"):
        found = {m[1]: m[3] for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))}
        if "revision" in found:
            parents[found["revision"]] = found.get("down_revision")
    return parents


def head_revision() -> str:
    """The newest revision this program knows."""
    parents = known_revisions()
    heads = set(parents) - {p for p in parents.values() if p}
    if len(heads) != 1:
        raise StoreError(f"Lịch sử nâng cấp cơ sở dữ liệu không hợp lệ (đầu mút: {sorted(heads)}).")
    return heads.pop()


class WorkStopped(Exception):
    """Long work on the store (the start-up check, the daily copy) stopped because the program is closing."""


class LongWork:
    """The connections of long reads in progress (the integrity check, a copy), so that closing the window can
    stop them at once (sqlite3 `interrupt()`, and a flag a copy looks at between its steps) instead of waiting
    for them: a check of a 3 GB store takes 20–30 s, a copy as long."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: set[sqlite3.Connection] = set()
        self.stopping = threading.Event()

    @contextmanager
    def running(self, connection: sqlite3.Connection) -> Iterator[None]:
        if self.stopping.is_set():
            raise WorkStopped("the program is closing")
        with self._lock:
            self._connections.add(connection)
        # Also asked every few thousand SQLite steps (an interrupt that comes just before a statement starts is
        # lost): a non-zero answer aborts the statement with SQLITE_INTERRUPT.
        connection.set_progress_handler(self.stopping.is_set, 10_000)
        try:
            yield
        finally:
            connection.set_progress_handler(None, 0)
            with self._lock:
                self._connections.discard(connection)

    def stop(self) -> None:
        self.stopping.set()
        with self._lock:
            for connection in self._connections:
                connection.interrupt()  # thread-safe: the statement running stops with SQLITE_INTERRUPT


def copy_database(source: Path, target: Path, *, work: LongWork | None = None) -> Path:
    """A consistent, checked copy of the SQLite file `source` through the online backup API (safe while another
    connection writes). Written as `target.part`, checked with quick_check, synced, then renamed: a copy that
    exists under its final name is complete. An error leaves no partial file behind. With `work`, the copy stops
    (WorkStopped) as soon as `work.stop()` is called."""
    work = work or LongWork()  # (nobody stops a copy of its own)

    def stop_if_asked(_status: int, _remaining: int, _total: int) -> None:
        if work.stopping.is_set():
            raise WorkStopped("the program is closing")

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PART_SUFFIX)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                with work.running(src), work.running(dest):
                    src.backup(dest, pages=4096, progress=stop_if_asked)  # 16 MB a step
                    # A copy is one self-contained file (no -wal beside it on a USB stick, none created when it
                    # is read); the store switches itself back to WAL when it is opened as the store.
                    dest.execute("PRAGMA journal_mode=DELETE")
                    verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            src.close()
        if verdict != "ok":
            raise StoreError(f"Bản sao {target} không toàn vẹn ({verdict}); chưa ghi bản sao nào.")
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException as exc:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        if work.stopping.is_set() and not isinstance(exc, WorkStopped):
            raise WorkStopped("the program is closing") from exc  # (an interrupted statement, not a fault)
        if isinstance(exc, Exception):
            raise classify(exc, target) or exc from exc
        raise
    return target


def _filesystem_now(folder: Path) -> float:
    """The time as the filesystem stamps files (a network share, or a process clock shifted by faketime, can
    differ from time.time()); time.time() when the folder cannot be written."""
    probe = folder / f".now-{uuid.uuid4().hex}"
    try:
        probe.touch()
        try:
            return probe.stat().st_mtime
        finally:
            probe.unlink()
    except OSError:
        return time.time()


def remove_leftovers(folder: Path, idle_seconds: float | None = None) -> list[Path]:
    """Partial files an interrupted copy or creation left behind (`*.part`, their journals): never complete, so
    never worth keeping, and never to be mistaken for a copy. Only files idle for `idle_seconds` are removed: a
    copy still being written by the window (its daily backup) while a command starts is touched continuously."""
    idle = LEFTOVER_IDLE_SECONDS if idle_seconds is None else idle_seconds
    patterns = (f"*{PART_SUFFIX}", f"*{PART_SUFFIX}-journal", f"*{PART_SUFFIX}-wal", f"*{PART_SUFFIX}-shm")
    candidates = [leftover for pattern in patterns for leftover in folder.glob(pattern)]
    if not candidates:
        return []
    now = _filesystem_now(folder)
    removed = []
    for leftover in candidates:
        try:
            if now - leftover.stat().st_mtime < idle:
                continue
            leftover.unlink()
            removed.append(leftover)
        except OSError:
            log.warning("could not remove the partial file %s", leftover)
    return removed


class NestedWrite(RuntimeError):
    """A write transaction was begun inside another one on the same thread (a programming error: it could only
    wait for the outer one, which waits for it)."""


@dataclass
class Database:
    path: Path
    write_engine: Engine
    read_engine: Engine

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()
        self._writing = threading.local()  # this thread is inside write() (see write)
        self.long_work = LongWork()  # the check and the copies in progress, stopped when the window closes
        self._cache: dict[Hashable, tuple[int, object]] = {}
        self._cache_generation = -1

    def cached(self, key: Hashable, load: Callable[[], T]) -> T:
        """What `load()` returns, kept until the configuration changes (config_generation moves). For reads of the
        settings, accounts, catalogue and calendar only, whose results are immutable (frozen dataclasses, tuples)
        or copied by the caller. The generation is read BEFORE loading: a change committed while loading leaves
        the value stored under the older number, so the next call reads again; it never hides a change."""
        generation = self.config_generation()
        if generation < 0:
            return load()
        if generation != self._cache_generation:
            self._cache = {}
            self._cache_generation = generation
        hit = self._cache.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]  # type: ignore[return-value]
        value = load()
        if len(self._cache) >= CACHE_LIMIT:
            self._cache = {}
        self._cache[key] = (generation, value)
        return value

    def config_generation(self) -> int:
        """The number that every committed change of the settings, accounts, catalogue or calendar moves (triggers of
        migration 0021, whoever writes: this process or another). The services keep what they read of those tables
        with the number read BEFORE it, and read again when the number differs (Database.cached). One
        indexed single-row read on a connection of its own, outside the engines' sessions (a few microseconds);
        -1 on a store without the table (never taken as unchanged: a cache keyed by -1 is read again every time)."""
        with self._probe_lock:
            try:
                if self._probe is None:
                    if not Path(self.path).exists():  # never create a file where the store went missing
                        return -1
                    # A plain path, not a file: URI (a UNC path \\server\share would be refused as one).
                    self._probe = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                    self._probe.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                row = self._probe.execute("SELECT n FROM config_generation WHERE id = 1").fetchone()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return -1
                raise classify(exc, self.path) or StoreError(str(exc)) from exc
            except sqlite3.Error as exc:
                raise classify(exc, self.path) or StoreError(str(exc)) from exc
            return -1 if row is None else int(row[0])

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction per user action: commits on success, rolls back everything on any error. An error of
        the disk or the file (full, read-only, locked, damaged) comes out as the StoreError that says so.

        A write begun inside another write of the same thread could only wait for that one to end (the busy
        timeout, then "locked"): it raises NestedWrite at once instead."""
        if getattr(self._writing, "active", False):
            raise NestedWrite("a write transaction inside another one on the same thread")
        self._writing.active = True
        try:
            with self._writer.begin() as session:
                yield session
        except (DBAPIError, OSError) as exc:
            raise classify(exc, self.path) or exc from exc
        finally:
            self._writing.active = False

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._reader() as session:
                yield session
                session.rollback()
        except (DBAPIError, OSError) as exc:
            raise classify(exc, self.path) or exc from exc

    def current_revision(self) -> str | None:
        with self.read_engine.connect() as conn:
            has_table = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).scalar()
            if not has_table:
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def written_by(self) -> str | None:
        try:
            with self.read_engine.connect() as conn:
                return conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (WRITTEN_BY_KEY,)).scalar()
        except DBAPIError:
            return None

    def integrity_check(self, *, quick: bool = False) -> list[str]:
        """Problems SQLite finds in the file; empty when it is sound. Only damage is reported as problems: a disk
        that is full, a folder that cannot be written or a file another program holds raise the StoreError that
        says so (the file is fine then, and restoring a backup would lose the day's work).

        `quick`: SQLite's quick_check, which reads every page and row (torn or overwritten pages, what a power cut
        leaves) but does not compare each index with its table: ~6× faster (3 s instead of 18 at 1,000,000
        dossiers)."""
        try:
            with self.read_engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert isinstance(raw, sqlite3.Connection)
                with self.long_work.running(raw):
                    pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
                    rows = [r[0] for r in conn.exec_driver_sql(pragma).fetchall()]
        except DBAPIError as exc:
            if self.long_work.stopping.is_set():
                raise WorkStopped("the program is closing") from exc
            if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):  # damage bad enough that the check stops
                return [str(exc.orig or exc)]
            raise classify(exc, self.path) or exc from exc
        return [] if rows == ["ok"] else rows

    def tally_differences(self) -> tuple[list[str], list[tuple[str, tuple, int, int]]]:
        """The counts the triggers keep that this store has, and where they differ from the dossiers
        (store.tracking.tally_differences)."""
        from counter_app.store.tracking import tally_differences

        with self.read() as session:
            return tally_differences(session)

    def rebuild_tallies(self) -> None:
        """The counts the triggers keep, refilled from the dossiers in one transaction."""
        from counter_app.store.tracking import rebuild_tallies

        with self.write() as session:
            rebuild_tallies(session)

    def backup_to(self, target: Path) -> Path:
        """A consistent, checked copy (see copy_database), stopped by `long_work.stop()`."""
        return copy_database(self.path, target, work=self.long_work)

    def migration_copies(self) -> list[Path]:
        return sorted(
            (self.path.parent / "backups").glob("before-migration-*.sqlite3"), key=lambda p: p.stat().st_mtime
        )

    @staticmethod
    def quick_check_file(path: Path) -> str:
        """SQLite's quick check of a copy on disk (not this store): "ok" when sound, else the first problem."""
        conn = sqlite3.connect(path)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()

    def migrate(self) -> Path | None:
        """Bring the schema to head. An existing file at an older revision is copied first; returns the copy.

        Nothing is copied before the migration is known to be possible: a file from a newer program version is
        refused as it is, and a disk without room for the copy is said to be full (with the figures)."""
        from counter_app import __version__

        current = self.current_revision()
        head = head_revision()
        if current == head:
            return None
        if current is not None and current not in known_revisions():
            raise StoreTooNew(self.path, current, self.written_by(), __version__)
        backup = None
        log.info("migrating the database %s from %s to %s", self.path.name, current or "(empty)", head)
        if current is not None:
            folder = self.path.parent / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
            needed = 2 * size + 10 * 1024 * 1024  # the copy, and the migration's own journal
            free = _free(folder)
            if free is not None and free < needed:
                raise DiskFull(folder, needed)
            probed = probe_folder(folder)
            if probed is not None:
                raise probed
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = self.backup_to(folder / f"before-migration-{current}-{stamp}.sqlite3")
            log.info("copied the database to %s before migrating", backup)
            for old in self.migration_copies()[:-KEEP_MIGRATION_COPIES]:
                old.unlink(missing_ok=True)
        try:
            with self.write_engine.begin() as conn:
                from alembic import command

                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (WRITTEN_BY_KEY, __version__)
                )
        except Exception as exc:  # the copy above is the way back; say where it is
            known = classify(exc, self.path)
            hint = f" Bản sao trước khi nâng cấp: {backup}" if backup else ""
            if known is not None:
                known.args = (f"{known}{hint}",)
                raise known from exc
            raise StoreError(f"Không nâng cấp được cơ sở dữ liệu: {exc}.{hint}") from exc
        log.info("database migrated to %s", head)
        return backup

    def dispose(self) -> None:
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self.write_engine.dispose()
        self.read_engine.dispose()


def _free(folder: Path) -> int | None:
    try:
        import shutil

        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _has_tables(path: Path) -> tuple[bool, bool]:
    """(any table at all, an alembic_version table) of an existing SQLite file, read without changing it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    return bool(names), "alembic_version" in names


def _create_store(path: Path) -> None:
    """A new store is built beside its final name and renamed when complete: a start interrupted while creating
    it leaves no half-made file that a later start would take for the office's data."""
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PART_SUFFIX}")
    db = Database(partial, _make_engine(partial, "BEGIN IMMEDIATE"), _make_engine(partial, "BEGIN"))
    try:
        db.migrate()
    finally:
        db.dispose()
    conn = sqlite3.connect(partial)  # the last connection to close folds the write-ahead log into the file
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    if path.exists():  # another process (the window and a command started together) created it first
        partial.unlink()
        return
    os.replace(partial, path)


def open_database(
    data_dir: Path | None = None, *, check_integrity: bool = True, migrate: bool = True, quick_check: bool = False
) -> Database:
    """Open (creating if needed) the store in `data_dir`, check it (`quick_check`: SQLite's quick check, see
    Database.integrity_check), and migrate it to the current schema.

    Every failure is the StoreError that says what it is (store.failures): disk full, folder not writable, file
    locked, damaged, from a newer version, empty or foreign (never taken as a new store)."""
    data_dir = data_dir or default_data_dir()
    path = data_dir / DATABASE_FILE
    try:
        return _open(data_dir, path, check_integrity, migrate, quick_check)
    except (DBAPIError, OSError, sqlite3.Error) as exc:
        raise classify(exc, path, _need(path)) or StoreError(f"Không mở được tệp dữ liệu {path}: {exc}") from exc


def _need(path: Path) -> int:
    try:
        return path.stat().st_size + 20 * 1024 * 1024
    except OSError:
        return 20 * 1024 * 1024


def _open(data_dir: Path, path: Path, check_integrity: bool, migrate: bool, quick_check: bool = False) -> Database:
    data_dir.mkdir(parents=True, exist_ok=True)
    if migrate:
        remove_leftovers(data_dir)
        if (data_dir / "backups").is_dir():
            remove_leftovers(data_dir / "backups")
        if path.exists():
            if path.stat().st_size == 0:
                raise ForeignFile(path, "rỗng (0 byte) — có thể do một lần sao chép bị ngắt giữa chừng")
            if not _is_sqlite_file(path):
                raise StoreDamaged(path, ["không phải tệp SQLite"])
            any_table, ours = _has_tables(path)
            if not ours:
                raise ForeignFile(path, "là một cơ sở dữ liệu SQLite khác" if any_table else "là tệp SQLite trống")
        else:
            _create_store(path)
    db = Database(path, _make_engine(path, "BEGIN IMMEDIATE"), _make_engine(path, "BEGIN"))
    try:
        if check_integrity and path.exists() and path.stat().st_size > 0:
            problems = db.integrity_check(quick=quick_check)
            if problems:
                raise StoreDamaged(path, problems)
        if migrate:
            db.migrate()
    except BaseException:
        db.dispose()
        raise
    return db


def ping(db: Database) -> bool:
    with db.read() as session:
        return session.execute(text("SELECT 1")).scalar() == 1
