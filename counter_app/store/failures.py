"""What went wrong with a file or a folder, said truthfully: disk full, folder not writable, file locked by another
program, file damaged, file from a newer version, or not a file of this program at all.

Each kind is its own StoreError subclass with a Vietnamese message that says what to do, and only a damaged file
ever advises restoring a backup (an officer who restores because the disk was full loses the day's dossiers).
`classify` turns an exception from SQLite or the operating system into one of them by the error code and, where
the code is vague (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY), by probing the folder: a small file is
written, synced and removed, and the operating system's answer says whether the disk is full or the folder
read-only.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import uuid
from pathlib import Path

# Room a working day needs beyond the file itself: the write-ahead log, the -shm index, the daily copy's margin.
WORKING_MARGIN = 20 * 1024 * 1024

# SQLite primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# Windows: "The process cannot access the file because it is being used by another process" (and its lock twin).
_WINDOWS_SHARING = {32, 33}


class StoreError(RuntimeError):
    """The store, or a file the program writes, cannot be used; the message is for the officer."""


class DiskFull(StoreError):
    def __init__(self, folder: Path, needed: int | None = None, *, page_limit: bool = False):
        self.folder = folder
        self.free = _free_bytes(folder)
        self.needed = needed
        if page_limit:
            message = (
                f"Tệp dữ liệu trong {folder} đã đạt giới hạn kích thước SQLite cho phép; chưa ghi thêm được. "
                "Dữ liệu đã lưu vẫn nguyên vẹn. Hãy báo cán bộ phụ trách CNTT."
            )
        else:
            free = f"còn trống {human_size(self.free)}" if self.free is not None else "không đọc được dung lượng trống"
            need = f", cần ít nhất {human_size(needed)}" if needed else ""
            message = (
                f"Ổ đĩa chứa thư mục {folder} đã đầy ({free}{need}). Việc vừa làm chưa được ghi; dữ liệu đã lưu "
                "trước đó vẫn nguyên vẹn, không cần khôi phục. Hãy giải phóng chỗ trống (xoá tệp không cần, dọn "
                "thùng rác) rồi làm lại."
            )
        super().__init__(message)


class NotWritable(StoreError):
    def __init__(self, folder: Path, detail: str = ""):
        self.folder = folder
        why = f" ({detail})" if detail else ""
        super().__init__(
            f"Không ghi được vào thư mục {folder}{why}: thư mục chỉ đọc hoặc tài khoản Windows này không có quyền "
            "ghi. Dữ liệu đã lưu vẫn nguyên vẹn, không cần khôi phục. Hãy cấp quyền ghi cho thư mục (hoặc chọn "
            "thư mục khác) rồi làm lại."
        )


class StoreLocked(StoreError):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"Tệp {path} đang bị một chương trình khác giữ (một cửa sổ counter-app khác, phần mềm sao lưu hoặc "
            "diệt virus). Dữ liệu vẫn nguyên vẹn. Hãy đóng chương trình đó hoặc đợi một lát rồi làm lại."
        )


class StoreDamaged(StoreError):
    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        backups = path.parent / "backups"
        super().__init__(
            f"Tệp dữ liệu {path} bị hỏng (" + "; ".join(problems[:3]) + "). Hãy ngừng tiếp nhận trên máy này và "
            f"khôi phục bản sao lưu gần nhất trong {backups}: counter-app restore <tệp sao lưu> "
            "(lệnh này giữ lại tệp hỏng và cho biết những hồ sơ nào cần nhập lại)."
        )


class StoreTooNew(StoreError):
    def __init__(self, path: Path, revision: str, written_by: str | None, ours: str):
        self.path = path
        self.revision = revision
        self.written_by = written_by
        by = f"counter-app {written_by}" if written_by else "một phiên bản counter-app mới hơn"
        super().__init__(
            f"Tệp dữ liệu {path} đã được {by} nâng cấp (lược đồ {revision}); phiên bản đang chạy là {ours} nên "
            f"không đọc được. Tệp không hỏng và chưa bị thay đổi: hãy cài lại {by.removeprefix('một ')} hoặc mới hơn."
        )


class ForeignFile(StoreError):
    def __init__(self, path: Path, what: str):
        self.path = path
        super().__init__(
            f"Tệp {path} {what}, không phải tệp dữ liệu của counter-app. Phần mềm không tạo dữ liệu mới đè lên "
            "tệp này. Nếu đây là tệp dữ liệu của quầy, hãy khôi phục từ bản sao lưu: counter-app restore <tệp sao lưu>."
        )


def human_size(size: int | None) -> str:
    if size is None:
        return "?"
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB".replace(".", ",")
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


def _free_bytes(folder: Path) -> int | None:
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def probe_folder(folder: Path, size: int = 64 * 1024) -> StoreError | None:
    """Write, sync and remove a small file in `folder`: the operating system's answer says what is wrong with it."""
    probe = folder / f".probe-{uuid.uuid4().hex}.tmp"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return classify_os_error(exc, folder)
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


def classify_os_error(exc: OSError, folder: Path | None = None, needed: int | None = None) -> StoreError | None:
    where = folder or (Path(exc.filename).parent if exc.filename else Path.cwd())
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(where, needed)
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING:
        return StoreLocked(Path(exc.filename) if exc.filename else where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return NotWritable(where, os.strerror(exc.errno))
    return None


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of an error from sqlite3 or from SQLAlchemy wrapping it."""
    orig = getattr(exc, "orig", None)
    error = orig if isinstance(orig, sqlite3.Error) else exc
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def classify(exc: BaseException, path: Path, needed: int | None = None) -> StoreError | None:
    """The StoreError that truthfully describes `exc`, raised while using the file `path`; None if it is not a
    problem of the disk or the file (a constraint, a bug: the caller lets it through)."""
    if isinstance(exc, StoreError):
        return exc
    folder = path.parent
    if isinstance(exc, OSError):
        return classify_os_error(exc, folder if exc.filename is None else None, needed)
    code = sqlite_code(exc)
    if code is None:
        return None
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(path, [str(getattr(exc, "orig", None) or exc)])
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreLocked(path)
    if code == SQLITE_FULL:
        probed = probe_folder(folder)
        if isinstance(probed, DiskFull):
            return DiskFull(folder, needed or _working_need(path))
        free = _free_bytes(folder)
        if free is not None and free < _working_need(path):
            return DiskFull(folder, _working_need(path))
        return DiskFull(folder, page_limit=True)
    if code in (SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN):
        probed = probe_folder(folder)
        if isinstance(probed, DiskFull):
            return DiskFull(folder, needed or _working_need(path))
        if probed is not None:
            return probed
        if code == SQLITE_READONLY or (path.exists() and not os.access(path, os.W_OK)):
            return NotWritable(folder, "tệp dữ liệu chỉ đọc")
        return StoreError(f"Lỗi đọc/ghi đĩa khi dùng tệp {path} ({exc}). Dữ liệu đã lưu vẫn nguyên vẹn; hãy làm lại.")
    return None


def _working_need(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return size + WORKING_MARGIN
