"""Backups that look after themselves: a consistent copy of the store, daily, with old copies pruned.

Copies go through SQLite's online backup API (Database.backup_to), so they are consistent while the counter
keeps writing. One copy of the file is a complete backup of the workstation (settings live in the store).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.store.db import Database, remove_leftovers

PREFIX = "counter-"
KEEP = 14  # two weeks of daily copies


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
        return sorted((folder or self.folder).glob(f"{PREFIX}*.sqlite3"))

    def backup_now(self, folder: Path | None = None) -> BackupResult:
        """Copy the store into `folder` (default: backups/ beside it), check the copy, prune old daily copies."""
        folder = folder or self.folder
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{PREFIX}{stamp}.sqlite3"
        if folder.is_dir():
            remove_leftovers(folder)  # what an interrupted copy to this folder (a pulled USB stick) left
        self._db.backup_to(target)  # written as .part, checked, synced, renamed; a failure leaves nothing
        pruned: list[Path] = []
        if folder == self.folder:  # only the automatic folder is pruned; a copy made elsewhere is the user's
            for old in self.copies(folder)[: -self._keep]:
                old.unlink(missing_ok=True)
                pruned.append(old)
        return BackupResult(target, tuple(pruned))

    def ensure_daily(self) -> BackupResult | None:
        """A copy when none was made today; called by the window after its start-up check."""
        today = self._clock().strftime("%Y%m%d")
        if any(p.name.startswith(f"{PREFIX}{today}") for p in self.copies()):
            return None
        return self.backup_now()
