"""Putting a backup copy back as the store: checked first, the current file kept aside, what is lost said.

1. The copy is checked: a SQLite file (not empty, not anything else), sound (integrity_check), a counter-app store
   (alembic_version) at a revision this program knows or an older one (migrated at the next start).
2. What the current file holds that the copy does not is listed (dossiers received since the copy, later events of
   other dossiers), so the officer knows what to enter again; a current file too damaged to read says so.
3. No other program may have the store open (an exclusive lock is taken: the window must be closed).
4. The copy is written beside the store (`.part`, checked, renamed), the current file is copied into backups/ as
   `before-restore-….sqlite3` (or its raw bytes and write-ahead log when it is too damaged to copy), its
   write-ahead log is folded in or set aside, and the copy is renamed into place. A crash at any step leaves
   either the old store or the restored one under the store's name, never a mix and never nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from counter_app.store.db import (
    DATABASE_FILE,
    PART_SUFFIX,
    copy_database,
    known_revisions,
)
from counter_app.store.failures import (
    SQLITE_BUSY,
    SQLITE_LOCKED,
    ForeignFile,
    StoreError,
    StoreLocked,
    StoreTooNew,
    classify,
    sqlite_code,
)

RESTORING_SUFFIX = ".restoring" + PART_SUFFIX  # a leftover of a killed restore is removed like any .part


class RestoreRefused(StoreError):
    """The copy cannot be restored (empty, foreign, damaged, newer); nothing was changed."""


@dataclass
class RestoreResult:
    restored_from: Path
    revision: str
    kept_aside: Path | None  # the file that was the store, now in backups/
    lost_dossiers: list[str] = field(default_factory=list)  # codes received since the copy
    lost_events: int = 0  # events of other dossiers recorded since the copy
    lost_event_codes: list[str] = field(default_factory=list)  # the dossiers those events belong to
    comparison_error: str | None = None  # the current file could not be read to compare


def _open_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def check_copy(path: Path) -> str:
    """The copy's schema revision, or RestoreRefused saying why it cannot be restored."""
    if not path.is_file():
        raise RestoreRefused(f"Không tìm thấy tệp sao lưu {path}.")
    if path.stat().st_size == 0:
        raise RestoreRefused(str(ForeignFile(path, "rỗng (0 byte)")))
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise RestoreRefused(
                f"Tệp {path} không phải tệp sao lưu của counter-app (không phải tệp SQLite). Chưa đổi gì."
            )
    try:
        conn = _open_ro(path)
        try:
            verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in names
                else None
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise RestoreRefused(f"Tệp sao lưu {path} không đọc được ({exc}). Chưa đổi gì; hãy chọn bản sao khác.") from exc
    if verdict != ["ok"]:
        raise RestoreRefused(
            f"Tệp sao lưu {path} bị hỏng ({'; '.join(verdict[:3])}). Chưa đổi gì; hãy chọn bản sao khác."
        )
    if revision is None or "dossiers" not in names:
        raise RestoreRefused(str(ForeignFile(path, "là một cơ sở dữ liệu SQLite khác")))
    if revision[0] not in known_revisions():
        from counter_app import __version__

        raise RestoreRefused(str(StoreTooNew(path, revision[0], None, __version__)))
    return revision[0]


@dataclass(frozen=True)
class CopyContents:
    dossiers: int
    last_code: str | None  # the dossier received last
    last_received_at: str | None  # ISO text, as stored
    last_event_at: str | None  # the latest event's recording moment: what the copy knows up to


def describe_copy(path: Path) -> CopyContents:
    """What a checked copy holds (read-only; `check_copy` first)."""
    conn = _open_ro(path)
    try:
        count = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        last = conn.execute(
            "SELECT code, received_at FROM dossiers ORDER BY received_at DESC, code DESC LIMIT 1"
        ).fetchone()
        event = conn.execute("SELECT max(recorded_at) FROM dossier_events").fetchone()
    finally:
        conn.close()
    return CopyContents(
        dossiers=int(count),
        last_code=last[0] if last else None,
        last_received_at=last[1] if last else None,
        last_event_at=event[0] if event else None,
    )


def lost_since(current: Path, copy: Path) -> tuple[list[str], int, list[str]]:
    """(codes of dossiers in `current` but not in `copy`, count of other events missing from `copy`, their codes)."""
    conn = sqlite3.connect(f"file:{current}?mode=ro", uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS copy", (f"file:{copy}?mode=ro",))
        dossiers = [
            row[0]
            for row in conn.execute(
                "SELECT code FROM main.dossiers WHERE id NOT IN (SELECT id FROM copy.dossiers) ORDER BY received_at"
            )
        ]
        events = conn.execute(
            "SELECT count(*) FROM main.dossier_events e WHERE e.id NOT IN (SELECT id FROM copy.dossier_events)"
            " AND e.dossier_id IN (SELECT id FROM copy.dossiers)"
        ).fetchone()[0]
        codes = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT d.code FROM main.dossier_events e JOIN main.dossiers d ON d.id = e.dossier_id"
                " WHERE e.id NOT IN (SELECT id FROM copy.dossier_events) AND e.dossier_id IN (SELECT id FROM copy.dossiers)"
                " ORDER BY d.code"
            )
        ]
    finally:
        conn.close()
    return dossiers, events, codes


def _take_exclusive(path: Path) -> sqlite3.Connection:
    """A connection no other program shares: the window (or a command) having the store open makes this fail."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=0.5)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the lock stays (exclusive locking mode) until the connection closes
    except sqlite3.Error as exc:
        conn.close()
        if sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
            raise StoreLocked(path) from exc
        raise
    return conn


def restore(data_dir: Path, copy: Path, *, now: datetime | None = None) -> RestoreResult:
    copy = copy.resolve()
    revision = check_copy(copy)
    store = data_dir / DATABASE_FILE
    if copy == store.resolve():
        raise RestoreRefused("Tệp sao lưu chính là tệp dữ liệu đang dùng; hãy chọn một bản sao trong backups/.")
    result = RestoreResult(restored_from=copy, revision=revision, kept_aside=None)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    backups = data_dir / "backups"
    data_dir.mkdir(parents=True, exist_ok=True)
    restoring = data_dir / (DATABASE_FILE + RESTORING_SUFFIX)
    try:
        copy_database(copy, restoring)  # .part, checked, renamed: `restoring` is complete
        if store.exists() and store.stat().st_size > 0:
            try:
                result.lost_dossiers, result.lost_events, result.lost_event_codes = lost_since(store, restoring)
            except sqlite3.Error as exc:
                result.comparison_error = str(exc)
            result.kept_aside = _set_current_aside(store, backups / f"before-restore-{stamp}.sqlite3")
        for suffix in ("-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        os.replace(restoring, store)
    except Exception as exc:
        for leftover in (restoring, Path(f"{restoring}-wal"), Path(f"{restoring}-shm")):
            leftover.unlink(missing_ok=True)
        raise classify(exc, store) or exc from exc
    return result


def _set_current_aside(store: Path, target: Path) -> Path:
    """Copy the current store into backups/ and fold its write-ahead log in, holding it exclusively (so nobody
    writes to it meanwhile); a file too damaged for that is kept as raw bytes, with its log beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _take_exclusive(store)
    except sqlite3.Error:  # too damaged even to lock: keep its bytes
        return _raw_copy(store, target)
    try:
        try:
            partial = target.with_name(target.name + PART_SUFFIX)
            dest = sqlite3.connect(partial)
            try:
                conn.backup(dest)
            finally:
                dest.close()
            os.replace(partial, target)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:  # damaged: keep its bytes as they are, with the write-ahead log
            target.with_name(target.name + PART_SUFFIX).unlink(missing_ok=True)
            return _raw_copy(store, target)
    finally:
        conn.close()
    return target


def _raw_copy(store: Path, target: Path) -> Path:
    for suffix in ("", "-wal"):
        source = Path(f"{store}{suffix}")
        if source.exists():
            partial = Path(f"{target}{suffix}{PART_SUFFIX}")
            shutil.copyfile(source, partial)
            os.replace(partial, Path(f"{target}{suffix}"))
    return target
