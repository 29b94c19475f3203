"""Digitised papers and e-results: what a file attached to a dossier is, and which files are accepted.

A file is known by the SHA-256 of its bytes (its name in the file store beside the station's database: the same
scan attached twice is kept once, and a file changed on disk is found by its hash on read). What is accepted is
decided from the file's first bytes, never from its name: a document scanner's PDF, a camera's JPEG, a PNG.

Plain Python: no Qt, no store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from counter_app.domain.text import fold_for_search, normalize_text

__all__ = [
    "DEFAULT_MAX_MB",
    "MEDIA_TYPES",
    "FileRef",
    "FileRole",
    "FileProblem",
    "sniff_media_type",
    "size_problem",
]

DEFAULT_MAX_MB = 20  # settings `files.max_mb`: a 30-page scan at 300 dpi grey is ~10 MB
HARD_MAX_MB = 200  # what the setting itself may say
SNIFF_BYTES = 16

SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class MediaType:
    name: str  # the MIME type stored with the file
    extension: str  # the file store's suffix, so a double-click opens it in the right program
    label: str  # Vietnamese, for messages
    magic: tuple[bytes, ...]  # how its first bytes begin


# Every kind of file accepted, described once.
MEDIA_TYPES: tuple[MediaType, ...] = (
    MediaType("application/pdf", ".pdf", "PDF", (b"%PDF-",)),
    MediaType("image/jpeg", ".jpg", "ảnh JPEG", (b"\xff\xd8\xff",)),
    MediaType("image/png", ".png", "ảnh PNG", (b"\x89PNG\r\n\x1a\n",)),
)
BY_NAME = {m.name: m for m in MEDIA_TYPES}
ACCEPTED_LABEL = ", ".join(m.label for m in MEDIA_TYPES)


class FileRole(StrEnum):
    COMPONENT = "component"  # a scan of a paper of the dossier (thành phần hồ sơ): the dossier is digitised
    RESULT = "result"  # the result's file (kết quả điện tử)


ROLE_LABELS = {FileRole.COMPONENT: "Bản quét thành phần hồ sơ", FileRole.RESULT: "Kết quả điện tử"}


class FileProblem(ValueError):
    """A file that cannot be attached or read back, said in Vietnamese."""


def sniff_media_type(head: bytes) -> MediaType | None:
    """The accepted kind a file's first bytes announce, or None."""
    for media in MEDIA_TYPES:
        if any(head.startswith(magic) for magic in media.magic):
            return media
    return None


def size_problem(size: int, max_mb: int) -> str | None:
    if size == 0:
        return "Tệp rỗng (0 byte): có thể máy quét chưa ghi xong; hãy chờ rồi thử lại."
    if size > max_mb * 1024 * 1024:
        return f"Tệp lớn {size / 1024 / 1024:.1f} MB, quá giới hạn {max_mb} MB (thiết lập files.max_mb)."
    return None


@dataclass(frozen=True)
class FileRef:
    """A file in the store: its content hash, size, kind and the name it came with (shown, never trusted)."""

    sha256: str
    size: int
    media_type: str
    filename: str

    @property
    def extension(self) -> str:
        media = BY_NAME.get(self.media_type)
        return media.extension if media else ".bin"

    def to_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type, "filename": self.filename}


def payload_problem(p: dict[str, Any]) -> str | None:
    """Why a file_attached payload (maybe from another station) is not one, in Vietnamese; None: it is."""
    if not isinstance(p.get("sha256"), str) or not SHA256_PATTERN.match(p["sha256"]):
        return "tệp đính kèm thiếu mã băm SHA-256 hợp lệ."
    if not isinstance(p.get("size"), int) or p["size"] <= 0:
        return "tệp đính kèm thiếu kích thước."
    if p.get("media_type") not in BY_NAME:
        return f"tệp đính kèm không thuộc loại được nhận ({ACCEPTED_LABEL})."
    if p.get("role") not in {r.value for r in FileRole}:
        return "tệp đính kèm không rõ là bản quét hay kết quả."
    return None


def paper_named(text: str, papers: Sequence[str]) -> str | None:
    """The paper a file is of, from what was typed: a position among `papers` ("2"), a paper's name in any case,
    with or without diacritics (its own spelling is kept), or free text kept as typed; None when nothing was typed.
    Raises FileProblem for a position that does not exist."""
    typed = normalize_text(text)
    if not typed:
        return None
    if typed.isdigit():
        position = int(typed)
        if not 1 <= position <= len(papers):
            raise FileProblem(f"hồ sơ không có giấy tờ số {position} (có {len(papers)}).")
        return papers[position - 1]
    folded = fold_for_search(typed)
    return next((paper for paper in papers if fold_for_search(paper) == folded), typed)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
