"""The file store beside the database: scans and result files, each kept once under the SHA-256 of its bytes.

    <data folder>/files/ab/abcdef….pdf

A file is written to a temporary name in the same folder, flushed to disk and renamed into place, so a power cut
leaves either the whole file or nothing under its hash (a leftover `.part` is removed on the next write). The same
bytes attached twice (the same scan for two dossiers, a retried intake) are stored once. Reading a file checks its
hash: a file changed or damaged on disk is refused with a message, never shown as the dossier's paper.

Backups mirror this folder the same way (`mirror_to`): a file is copied to a backup folder once, whatever the
number of daily copies that refer to it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from counter_app.domain.files import (
    ACCEPTED_LABEL,
    BY_NAME,
    SHA256_PATTERN,
    SNIFF_BYTES,
    FileProblem,
    FileRef,
    size_problem,
    sniff_media_type,
)

log = logging.getLogger(__name__)

FILES_DIR = "files"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DamagedFile:
    sha256: str
    path: Path
    problem: str  # Vietnamese


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; NTFS journals the rename itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def beside(cls, database_path: Path) -> FileStore:
        return cls(database_path.parent / FILES_DIR)

    def path_of(self, sha256: str, media_type: str) -> Path:
        media = BY_NAME.get(media_type)
        return self.root / sha256[:2] / f"{sha256}{media.extension if media else '.bin'}"

    def _find(self, sha256: str) -> Path | None:
        if not SHA256_PATTERN.match(sha256):
            return None
        folder = self.root / sha256[:2]
        for media in BY_NAME.values():
            candidate = folder / f"{sha256}{media.extension}"
            if candidate.is_file():
                return candidate
        return None

    def has(self, sha256: str) -> bool:
        return self._find(sha256) is not None

    def remove(self, sha256: str) -> bool:
        """Delete the file (the retention rule erases the scans of closed dossiers: services/privacy.py). Whether
        there was one."""
        path = self._find(sha256)
        if path is None:
            return False
        path.unlink(missing_ok=True)
        return True

    # --- writing ---------------------------------------------------------------------------------------------

    def put_file(self, source: Path, max_mb: int) -> FileRef:
        """Copy `source` into the store (checked: accepted kind, size limit); raises FileProblem."""
        try:
            size = source.stat().st_size
        except FileNotFoundError:
            raise FileProblem(f"Không tìm thấy tệp {source}.") from None
        except OSError as exc:
            raise FileProblem(f"Không đọc được tệp {source}: {exc.strerror or exc}.") from None
        if not source.is_file():
            raise FileProblem(f"{source} không phải là một tệp.")
        problem = size_problem(size, max_mb)
        if problem:
            raise FileProblem(problem)
        try:
            with source.open("rb") as stream:
                return self._put(stream, source.name, max_mb)
        except OSError as exc:
            raise FileProblem(f"Không đọc được tệp {source}: {exc.strerror or exc}.") from None

    def put_bytes(self, data: bytes, filename: str, max_mb: int) -> FileRef:
        problem = size_problem(len(data), max_mb)
        if problem:
            raise FileProblem(problem)
        import io

        return self._put(io.BytesIO(data), filename, max_mb)

    def _put(self, stream: BinaryIO, filename: str, max_mb: int) -> FileRef:
        head = stream.read(SNIFF_BYTES)
        media = sniff_media_type(head)
        if media is None:
            raise FileProblem(f"Tệp {filename} không phải {ACCEPTED_LABEL} (đã xem nội dung tệp, không theo tên).")
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.root / f".{uuid.uuid4().hex}.part"
        digest = hashlib.sha256()
        size = 0
        limit = max_mb * 1024 * 1024
        try:
            with temp.open("wb") as out:
                chunk = head
                while chunk:
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise FileProblem(size_problem(size, max_mb) or "Tệp quá lớn.")
                    chunk = stream.read(CHUNK)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_of(sha, media.name)
            if target.is_file() and target.stat().st_size == size:
                temp.unlink()  # kept once: the same bytes are already here
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, target)
                _fsync_dir(target.parent)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise FileProblem(f"Không ghi được tệp vào thư mục dữ liệu: {exc.strerror or exc}.") from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return FileRef(sha, size, media.name, _clean_filename(filename))

    # --- reading ---------------------------------------------------------------------------------------------

    def checked_path(self, sha256: str) -> Path:
        """The file's path after checking its bytes still hash to its name; raises FileProblem otherwise."""
        path = self._find(sha256)
        if path is None:
            raise FileProblem(
                f"Tệp {sha256[:12]}… không có trên máy này (có thể được đính kèm ở quầy khác, hoặc đã bị xoá)."
            )
        problem = _hash_problem(path, sha256)
        if problem:
            raise FileProblem(problem)
        return path

    def read_bytes(self, sha256: str) -> bytes:
        return self.checked_path(sha256).read_bytes()

    def verify(self) -> Iterator[DamagedFile]:
        """Every file whose bytes no longer match its name."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*")):
            sha = path.stem
            if not SHA256_PATTERN.match(sha):
                continue
            problem = _hash_problem(path, sha)
            if problem:
                yield DamagedFile(sha, path, problem)

    def count(self) -> int:
        return sum(1 for _ in self.root.glob("??/*")) if self.root.is_dir() else 0

    # --- backups ---------------------------------------------------------------------------------------------

    def mirror_to(self, target_root: Path) -> int:
        """Copy into `target_root` every file it lacks (checked before copying; written .part then renamed).
        Returns how many were copied. A damaged file is not copied over a good one: it is logged and skipped."""
        copied = 0
        if not self.root.is_dir():
            return 0
        for path in sorted(self.root.glob("??/*")):
            sha = path.stem
            if not SHA256_PATTERN.match(sha):
                continue
            target = target_root / path.parent.name / path.name
            if target.is_file() and target.stat().st_size == path.stat().st_size:
                continue
            if _hash_problem(path, sha):
                log.error("file %s is damaged and was not copied to %s", sha, target_root)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            shutil.copyfile(path, part)
            with part.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(part, target)
            copied += 1
        return copied


def _hash_problem(path: Path, sha256: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        return f"Không đọc được tệp {path.name}: {exc.strerror or exc}."
    if digest.hexdigest() != sha256:
        return (
            "Tệp đính kèm đã bị thay đổi hoặc hỏng trên máy này (nội dung không khớp mã băm lúc đính kèm); "
            "lấy lại từ bản sao lưu (thư mục backups/files)."
        )
    return None


def _clean_filename(name: str) -> str:
    from counter_app.domain.text import normalize_text

    text = normalize_text(Path(name).name) or "tep"
    return text[:200]
