"""Digitised papers and e-results: attach a file to a dossier, list, open and check them.

request → check the file (kind from its bytes, size limit) → copy it into the file store (store/files.py: written
whole or not at all, kept once by its SHA-256) → one transaction recording a `file_attached` event (through the
lifecycle service, so the officer's permission, the audit trail and sync are the same as for every event).

The copy comes before the transaction: if the transaction is refused (a dossier not found, a result file before
the result), the file stays in the store unreferenced — harmless, the next identical attach reuses it — and
nothing about the dossier changed. A file never referenced is what a failed attach leaves, never a dossier that
points at a missing file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import AttachFile, EventRequest
from counter_app.domain.files import (
    DEFAULT_MAX_MB,
    HARD_MAX_MB,
    SNIFF_BYTES,
    FileProblem,
    FileRef,
    FileRole,
    paper_named,
    sniff_media_type,
)
from counter_app.domain.validation import FieldError, ValidationError
from counter_app.services.dossiers import AttachedFile, DossierService
from counter_app.services.lifecycle import LifecycleService, RecordResult
from counter_app.services.settings import SettingsService
from counter_app.store.db import Database
from counter_app.store.files import DamagedFile, FileStore

__all__ = ["AttachOutcome", "FileProblem", "FilesService", "newest_scan"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttachOutcome:
    file: FileRef
    record: RecordResult


class FilesService:
    def __init__(
        self,
        store: FileStore,
        settings: SettingsService,
        lifecycle: LifecycleService,
        dossiers: DossierService,
        clock: Callable[[], datetime] | None = None,
        db: Database | None = None,  # to reach the hub for a file attached at another counter
    ):
        self._db = db
        self.store = store
        self._settings = settings
        self._lifecycle = lifecycle
        self._dossiers = dossiers
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))

    def max_mb(self) -> int:
        try:
            return int(self._settings.get("files.max_mb"))
        except (KeyError, ValueError):
            return DEFAULT_MAX_MB

    def scan_folder(self) -> Path | None:
        value = self._settings.get("files.scan_folder")
        return Path(value) if value else None

    def put(self, source: Path) -> FileRef:
        """Copy a file into the store (checked); raises FileProblem. Intake uses it before its transaction."""
        return self.store.put_file(Path(source), self.max_mb())

    def attach(
        self, code: str, source: Path, *, role: FileRole | str = FileRole.COMPONENT, document: str | None = None
    ) -> AttachOutcome:
        """Attach `source` to dossier `code`: a scan of one of its papers (`document`: its checklist position or
        name, or free text) or, with role result, the result's file. Raises FileProblem, DossierNotFound,
        TransitionError or ValidationError; the dossier is unchanged then."""
        role = FileRole(role)
        document_name = self._document_name(code, document) if document else None
        ref = self.put(source)
        record = self._lifecycle.record(
            EventRequest(
                code,
                AttachFile(
                    sha256=ref.sha256,
                    size=ref.size,
                    media_type=ref.media_type,
                    filename=ref.filename,
                    role=role.value,
                    document=document_name or "",
                ),
            )
        )
        log.info("file %s (%s, %d bytes) attached to %s", ref.sha256[:12], role.value, ref.size, record.code)
        return AttachOutcome(ref, record)

    def _document_name(self, code: str, document: str) -> str:
        """A checklist position or name becomes the paper's official name; other text is kept as typed."""
        papers = [d["name"] for d in self._dossiers.detail(code).documents]
        try:
            return paper_named(document, papers) or ""
        except FileProblem as exc:
            raise ValidationError([FieldError("document", str(exc))]) from None

    def files_of(self, code: str) -> tuple[AttachedFile, ...]:
        return self._dossiers.detail(code).files

    def open_checked(self, sha256: str, code: str | None = None) -> Path:
        """The file's path once its bytes are checked against its hash; raises FileProblem (damaged, missing).
        Opening a dossier's paper is a read of the applicant's record: audited (`file.open`)."""
        if not self.store.has(sha256):
            self._fetch(sha256)
        path = self.store.checked_path(sha256)
        self._settings.access.record("file.open", target=code or "", detail={"sha256": sha256})
        return path

    def _fetch(self, sha256: str) -> None:
        """A file attached at another counter: from the hub, when this station is connected and its agency keeps
        files there (`counter-app hub agency CODE --files on`); checked against its hash before it is kept."""
        values = self._settings.all()
        if self._db is None or not values.get("hub.url") or not values.get("hub.token"):
            return  # checked_path then says the file is not on this PC
        from counter_app.sync.client import HubError
        from counter_app.sync.engine import SyncEngine

        try:
            data = SyncEngine(self._db, self._settings).fetch_file(sha256)
        except HubError as exc:
            raise FileProblem(f"Tệp không có trên máy này và chưa tải được từ máy chủ: {exc.message}.") from None
        ref = self.store.put_bytes(data, "", HARD_MAX_MB)
        if ref.sha256 != sha256:
            raise FileProblem("Tệp tải từ máy chủ không khớp mã băm lúc đính kèm; không dùng.")
        log.info("file %s fetched from the hub", sha256[:12])

    def verify(self) -> list[DamagedFile]:
        return list(self.store.verify())


def newest_scan(folder: Path, since: float | None = None) -> Path | None:
    """The newest accepted file (PDF/JPEG/PNG by content) a document scanner wrote into `folder`, or None.
    `since`: only files modified after this time (seconds since the epoch)."""
    try:
        candidates = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~"))]
    except OSError as exc:
        raise FileProblem(f"Không mở được thư mục máy quét {folder}: {exc.strerror or exc}.") from None
    for path in sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True):
        if since is not None and path.stat().st_mtime <= since:
            return None
        try:
            with path.open("rb") as stream:
                head = stream.read(SNIFF_BYTES)
        except OSError:
            continue
        if sniff_media_type(head) is not None:
            return path
    return None
