"""Backups that look after themselves: a consistent copy of the store, daily, with old copies pruned.

Copies go through SQLite's online backup API (Database.backup_to), so they are consistent while the counter
keeps writing. One copy of the file is a complete backup of the workstation (settings live in the store).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.services import backup_crypto
from counter_app.services.backup_crypto import ENCRYPTED_SUFFIX, BackupKeyError, is_encrypted
from counter_app.store import restore as store_restore
from counter_app.store.db import Database, remove_leftovers
from counter_app.store.files import FILES_DIR, FileStore
from counter_app.store.restore import RestoreRefused, RestoreResult

__all__ = [
    "BackupKeyError",
    "BackupService",
    "CopyInfo",
    "RestorePreview",
    "RestoreRefused",
    "RestoreResult",
    "restore_copy",
]

PREFIX = "counter-"
KEEP = 14  # two weeks of daily copies


@dataclass(frozen=True)
class CopyInfo:
    """A backup copy as the restore window lists it."""

    path: Path
    written_at: datetime  # the file's time (office time)
    dossiers: int = 0
    last_code: str | None = None  # the dossier received last in the copy
    last_received_at: datetime | None = None
    data_until: datetime | None = None  # the latest event the copy holds
    problem: str | None = None  # why it cannot be restored (Vietnamese); None: it can
    encrypted: bool = False  # `backup --encrypt`: its contents are known once the key opens it

    @property
    def usable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class RestorePreview:
    """What restoring `copy` would lose compared with the store in use."""

    copy: CopyInfo
    lost_dossiers: tuple[str, ...]  # codes received since the copy: to be entered again
    lost_events: int  # later steps of dossiers the copy has
    lost_event_codes: tuple[str, ...]

    def summary(self) -> str:
        """In Vietnamese, for the confirmation."""
        if not self.lost_dossiers and not self.lost_events:
            return "Không mất hồ sơ hay bước xử lý nào so với dữ liệu đang dùng."
        parts = []
        if self.lost_dossiers:
            parts.append(
                f"Mất {len(self.lost_dossiers)} hồ sơ tiếp nhận sau thời điểm sao lưu (cần nhập lại): "
                + ", ".join(self.lost_dossiers)
            )
        if self.lost_events:
            parts.append(
                f"Mất {self.lost_events} bước xử lý ghi sau thời điểm sao lưu của các hồ sơ: "
                + ", ".join(self.lost_event_codes)
            )
        return "\n".join(parts)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return as_office_time(datetime.fromisoformat(text))
    except ValueError:
        return None


def inspect_copy(path: Path, plain: Path | None = None) -> CopyInfo:
    """A copy checked and described (never raises for a bad copy: `problem` says why it cannot be restored). An
    encrypted copy is described from `plain`, its decrypted contents, when given; else only as encrypted."""
    try:
        written = as_office_time(datetime.fromtimestamp(path.stat().st_mtime).astimezone())
    except OSError as exc:
        return CopyInfo(path, datetime.now(OFFICE_TZ), problem=f"Không đọc được tệp {path}: {exc.strerror or exc}.")
    encrypted = is_encrypted(path)
    if encrypted and plain is None:
        return CopyInfo(path, written, encrypted=True)
    if plain is not None:
        info = inspect_copy(plain)
        return CopyInfo(
            path,
            written,
            info.dossiers,
            info.last_code,
            info.last_received_at,
            info.data_until,
            info.problem and info.problem.replace(str(plain), path.name),
            encrypted=True,
        )
    try:
        store_restore.check_copy(path)
        contents = store_restore.describe_copy(path)
    except RestoreRefused as exc:
        return CopyInfo(path, written, problem=str(exc))
    return CopyInfo(
        path,
        written,
        dossiers=contents.dossiers,
        last_code=contents.last_code,
        last_received_at=_moment(contents.last_received_at),
        data_until=_moment(contents.last_event_at),
    )


class decrypted:
    """`with decrypted(copy, key, folder) as plain:` the copy as a plain SQLite file (itself when not encrypted),
    decrypted into `folder` (on the PC that holds the store, never beside the copy on a USB stick) and removed
    afterwards. RestoreRefused when the copy is encrypted and the key is missing or wrong."""

    def __init__(self, copy: Path, key: bytes | None, folder: Path):
        self.copy, self.key, self.folder = copy, key, folder
        self.plain: Path | None = None

    def __enter__(self) -> Path:
        if not is_encrypted(self.copy):
            return self.copy
        if self.key is None:
            raise RestoreRefused(
                f"Bản sao lưu {self.copy.name} đã được mã hoá: cần khoá của quản trị (tệp khoá, hoặc cụm mật khẩu; "
                f"dòng lệnh: --key-file hoặc biến môi trường {backup_crypto.KEY_ENV}). Chưa thay đổi gì."
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self.plain = self.folder / f"giai-ma-{os.getpid()}-{self.copy.name.removesuffix(ENCRYPTED_SUFFIX)}"
        try:
            backup_crypto.decrypt_file(self.copy, self.plain, self.key)
        except BackupKeyError as exc:
            raise RestoreRefused(str(exc)) from None
        return self.plain

    def __exit__(self, *exc: object) -> None:
        if self.plain is not None:
            self.plain.unlink(missing_ok=True)


def restore_copy(data_dir: Path, copy: Path, key: bytes | None = None) -> RestoreResult:
    """Put `copy` back as the store of `data_dir`: checked, the current file kept in backups/, what is lost said
    (store/restore.py). The store must be closed — by every program: the window closes its own first (gui/app.py),
    `counter-app restore` refuses while a window has it open. The store is then opened once (migrated to this
    version and checked) before this returns. `counter-app restore FILE` and the window both come here."""
    from counter_app.store.db import open_database

    with decrypted(copy, key, data_dir) as plain:  # an encrypted copy (`backup --encrypt`): its key opens it
        result = store_restore.restore(data_dir, plain)
    result.restored_from = copy
    open_database(data_dir).dispose()
    # The scans and result files the copy refers to: a backup folder keeps them in files/ beside its copies
    # (content-addressed, so nothing in the store is overwritten; files added since the copy stay, unreferenced).
    beside = copy.parent / FILES_DIR
    if beside.is_dir():
        FileStore(beside).mirror_to(data_dir / FILES_DIR)
    return result


@dataclass(frozen=True)
class BackupResult:
    path: Path
    pruned: tuple[Path, ...]


class BackupService:
    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None, keep: int = KEEP):
        self._db = db
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._keep = keep

    @property
    def folder(self) -> Path:
        return self._db.path.parent / "backups"

    def copies(self, folder: Path | None = None) -> list[Path]:
        """The daily copies, plain and encrypted, oldest first (their names carry the time)."""
        where = folder or self.folder
        found = [*where.glob(f"{PREFIX}*.sqlite3"), *where.glob(f"{PREFIX}*.sqlite3{ENCRYPTED_SUFFIX}")]
        return sorted(found, key=lambda p: p.name.removesuffix(ENCRYPTED_SUFFIX))

    def list_copies(self) -> list[CopyInfo]:
        """The copies in backups/ the restore window offers: daily copies and the ones kept before a migration or
        a restore, newest first, each checked and described."""
        names = ("*.sqlite3", f"*.sqlite3{ENCRYPTED_SUFFIX}")
        paths = [p for n in names for p in self.folder.glob(n) if p.is_file()] if self.folder.is_dir() else []
        infos = [inspect_copy(p) for p in paths]
        return sorted(infos, key=lambda info: info.written_at, reverse=True)

    def preview_restore(self, copy: Path, key: bytes | None = None) -> RestorePreview:
        """What restoring `copy` would lose (read-only: the store in use is compared with the copy). An encrypted
        copy needs its `key` (RestoreRefused saying so, or that the key is wrong)."""
        if copy.resolve() == self._db.path.resolve():
            raise RestoreRefused("Tệp sao lưu chính là tệp dữ liệu đang dùng; hãy chọn một bản sao trong backups/.")
        with decrypted(copy, key, self._db.path.parent) as plain:
            info = inspect_copy(copy, plain if plain != copy else None)
            if info.problem:
                raise RestoreRefused(info.problem)
            dossiers, events, codes = store_restore.lost_since(self._db.path, plain)
        return RestorePreview(info, tuple(dossiers), events, tuple(codes))

    def backup_now(self, folder: Path | None = None, key: bytes | None = None) -> BackupResult:
        """Copy the store into `folder` (default: backups/ beside it), check the copy, prune old daily copies.
        With `key` (backup_crypto: the admin's passphrase or key file) the copy is encrypted: the plain copy is
        made and checked beside the store, encrypted into `folder` and removed — nothing plain reaches `folder`."""
        folder = folder or self.folder
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{PREFIX}{stamp}.sqlite3"
        if folder.is_dir():
            remove_leftovers(folder)  # what an interrupted copy to this folder (a pulled USB stick) left
        if key is None:
            self._db.backup_to(target)  # written as .part, checked, synced, renamed; a failure leaves nothing
            # Scans and result files (store/files.py) beside the copies, each once whatever the number of copies;
            # never pruned with a daily copy (an older copy may still refer to them).
            FileStore.beside(self._db.path).mirror_to(folder / FILES_DIR)
        else:
            # Encrypted: the plain copy is made beside the store and never reaches `folder`. The scans and result
            # files are not mirrored beside an encrypted copy (they would be in clear): docs/PRIVACY.md.
            plain = self._db.path.parent / f"ma-hoa-{os.getpid()}-{target.name}"
            try:
                self._db.backup_to(plain)
                folder.mkdir(parents=True, exist_ok=True)
                target = backup_crypto.encrypt_file(plain, target.with_name(target.name + ENCRYPTED_SUFFIX), key)
            finally:
                plain.unlink(missing_ok=True)
        pruned: list[Path] = []
        if folder == self.folder:  # only the automatic folder is pruned; a copy made elsewhere is the user's
            for old in self.copies(folder)[: -self._keep]:
                old.unlink(missing_ok=True)
                pruned.append(old)
        return BackupResult(target, tuple(pruned))

    def ensure_daily(self, key_file: str = "") -> BackupResult | None:
        """A copy when none was made today; called by the window after its start-up check. `key_file` (the
        setting backup.key_file): the copy is encrypted with that key; a key file that cannot be read is an error
        (the window says so) rather than a plain copy the office did not want."""
        today = self._clock().strftime("%Y%m%d")
        if any(p.name.startswith(f"{PREFIX}{today}") for p in self.copies()):
            return None
        key = backup_crypto.key_file_key(Path(key_file)) if key_file else None
        return self.backup_now(key=key)
