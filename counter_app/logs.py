"""The station's log: one rotating file in the data folder, the last-resort exception hooks, and the details an
office copies and sends to whoever supports it.

Plain standard library (no Qt, no SQLAlchemy): the window, the command line and the services all log through
Python's `logging`; this module only decides where the records go. The window adds the crash dialog on top
(`counter_app/gui/errors.py`).

No personal data by design: code logs dossier codes, ids and counts, never an applicant's name, CCCD, phone or
address. As a safety net the file's formatter masks what looks like an ID number or a phone number anywhere in a
line, tracebacks included (`mask_personal_data`).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import platform
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from counter_app import __version__

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "counter-app.log"
FAULTS_FILE_NAME = "faults.log"  # Python's faulthandler: the stacks of a hard crash (a segfault in Qt or a driver)
MAX_BYTES = 2 * 1024 * 1024  # one file; a busy counter writes well under 1 MB a day
BACKUP_COUNT = 5  # counter-app.log.1 … .5: at most 12 MB in all
KEEP_DAYS = 14  # rotated files older than this are deleted at start
TAIL_LINES = 200  # lines of the log copied by "Sao chép chi tiết"
EARLY_CAPACITY = 1000  # records held in memory until the file exists

FORMAT = "%(asctime)s %(levelname)-8s %(process)d %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)

# --- personal data: never written, and masked if a bug writes it anyway --------------------------------------

# A CCCD (12 digits), an old CMND (9) or any run of 9-12 digits standing alone; a Vietnamese phone number with or
# without separators (0912 345 678, 0912.345.678, +84 912 345 678). Not inside a longer token: dossier codes
# (H61.22-261125-1001), procedure codes (1.000001.000.00.00.H61), UUIDs, dates, times, decimals never match.
_EDGE_BEFORE = r"(?<![0-9A-Za-z+.\-])"
_EDGE_AFTER = r"(?![0-9A-Za-z\-]|\.\d)"
_DIGIT_RUN = re.compile(_EDGE_BEFORE + r"\d{9,12}" + _EDGE_AFTER)
_PHONE = re.compile(_EDGE_BEFORE + r"(?:\+84[ .-]?|84|0)\d{2}(?:[ .-]?\d){6,8}" + _EDGE_AFTER)
MASK = "[đã ẩn]"


def mask_personal_data(text: str) -> str:
    """`text` with ID-number-like digit runs and phone numbers replaced by a mark."""
    return _DIGIT_RUN.sub(MASK, _PHONE.sub(MASK, text))


class PrivacyFormatter(logging.Formatter):
    """Formats as usual, then masks the whole line (message, arguments and traceback alike)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(super().format(record))


# --- the file -------------------------------------------------------------------------------------------------


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that survives another process holding the file: on Windows a file open in the
    window cannot be renamed by a command run beside it (or the other way round). The rotation is then left for
    a later record and writing goes on in the current file, rather than the record being lost."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written (full disk, read-only folder) loses the record, silently: logging's
        default prints "--- Logging error ---" and a traceback to stderr, under the one Vietnamese line that
        already says what is wrong with the disk (issue 14)."""


class _EarlyBuffer(logging.Handler):
    """Holds the records logged before the file exists (as Electrum does); `setup_logging` replays them."""

    def __init__(self, capacity: int = EARLY_CAPACITY):
        super().__init__(logging.INFO)
        self.capacity = capacity
        self.records: list[logging.LogRecord] = []
        self.dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) >= self.capacity:
            self.dropped += 1
            return
        self.records.append(record)


_lock = threading.RLock()
_handler: SharedRotatingFileHandler | None = None
_early: _EarlyBuffer | None = None
_data_dir: Path | None = None


def hold_early_messages() -> None:
    """Keep INFO and above in memory until `setup_logging` opens the file (call first thing at start)."""
    global _early
    with _lock:
        if _handler is not None or _early is not None:
            return
        _early = _EarlyBuffer()
        root = logging.getLogger()
        root.addHandler(_early)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)


def log_path(data_dir: Path) -> Path:
    """Where the log of the station whose data folder is `data_dir` lives."""
    return data_dir / LOG_DIR_NAME / LOG_FILE_NAME


def current_log_file() -> Path | None:
    """The file this process writes to (None before `setup_logging` or if it could not open one)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def setup_logging(data_dir: Path, process: str = "app") -> Path | None:
    """Log INFO and above to `<data_dir>/logs/counter-app.log` (rotating), replay what was held in memory, prune
    old files, and write the start line. Idempotent; a second call with another folder moves the log there.
    If the folder cannot be written, a file in the system's temporary folder is used instead; if that fails
    too, the records stay in memory (logging never stops the program)."""
    global _handler, _early, _data_dir
    with _lock:
        path = log_path(data_dir)
        if _handler is not None and Path(_handler.baseFilename) == path.absolute():
            return path
        handler = None
        for candidate in (path, Path(tempfile.gettempdir()) / "counter_app" / LOG_DIR_NAME / LOG_FILE_NAME):
            try:
                candidate.parent.mkdir(parents=True, exist_ok=True)
                handler = SharedRotatingFileHandler(
                    candidate, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
                )
                path = candidate
                break
            except OSError:
                continue
        if handler is None:
            hold_early_messages()
            return None
        handler.setLevel(logging.INFO)
        handler.setFormatter(PrivacyFormatter(FORMAT))
        root = logging.getLogger()
        if _handler is not None:
            root.removeHandler(_handler)
            _handler.close()
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        # Libraries that log every HTTP request at INFO would drown the sync cycle's own line.
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        _handler = handler
        _data_dir = data_dir
        if _early is not None:
            root.removeHandler(_early)
            for record in _early.records:
                if record.levelno >= handler.level:
                    handler.handle(record)
            if _early.dropped:
                log.warning("%d early log records were dropped (more than %d)", _early.dropped, _early.capacity)
            _early = None
    _prune(path.parent)
    log.info(
        "start %s: counter_app %s, %s, Python %s%s, data folder %s, pid %d",
        process,
        __version__,
        platform.platform(),
        platform.python_version(),
        " (frozen)" if getattr(sys, "frozen", False) else "",
        data_dir,
        os.getpid(),
    )
    return path


def shutdown_logging() -> None:
    """Close the file and forget it (tests; a process that moves to another data folder)."""
    global _handler, _early, _data_dir, _fault_file
    with _lock:
        if _fault_file is not None:  # back to the console, where a test runner expects faulthandler
            faulthandler.disable()
            _fault_file.close()
            _fault_file = None
            if sys.__stderr__ is not None:
                faulthandler.enable(sys.__stderr__)
        root = logging.getLogger()
        for handler in (_handler, _early):
            if handler is not None:
                root.removeHandler(handler)
                handler.close()
        _handler = _early = None
        _data_dir = None


def _prune(folder: Path, keep_days: int = KEEP_DAYS) -> None:
    """Delete rotated files not written for `keep_days` (the current file is never deleted)."""
    cutoff = time.time() - keep_days * 86400
    for old in folder.glob(LOG_FILE_NAME + ".*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:  # another process rotated or removed it meanwhile
            continue


_fault_file = None


def enable_fault_log() -> bool:
    """Let a hard crash (one no Python hook sees: a segfault in Qt, a printer driver) still leave the stacks of
    every thread in logs/faults.log; the stacks a previous session left there are copied into the log first.
    Returns True when there were some: the last session ended abruptly (the window then tells the officer)."""
    global _fault_file
    where = current_log_file()
    if where is None:
        return False
    path = where.parent / FAULTS_FILE_NAME
    crashed = False
    try:
        if path.exists() and path.stat().st_size > 0:
            text = path.read_text(encoding="utf-8", errors="replace")
            log.error("the previous session ended abruptly (a hard crash); what it left:\n%s", text[-20_000:].rstrip())
            path.write_text("", encoding="utf-8")
            crashed = True
        if _fault_file is None:
            _fault_file = path.open("a", encoding="utf-8")
            faulthandler.enable(_fault_file, all_threads=True)
    except OSError as exc:
        log.warning("no fault log: %s", exc)
    return crashed


# --- what an office sends ---------------------------------------------------------------------------------------


def log_tail(lines: int = TAIL_LINES) -> str:
    """The last `lines` lines of the current log file (empty if there is none)."""
    path = current_log_file()
    if path is None or _handler is None:
        return ""
    _handler.flush()
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 256 * 1024))
            data = f.read()
    except OSError:
        return ""
    return "\n".join(data.decode("utf-8", errors="replace").splitlines()[-lines:])


def debug_info(extra: dict[str, str] | None = None, exc: BaseException | None = None) -> str:
    """Version, OS, Python (and what the caller adds: Qt, PySide), where the data and the log are, the error, and
    the log's tail: what "Sao chép chi tiết" puts on the clipboard. Masked like the log itself."""
    rows = {
        "Phần mềm": f"counter_app {__version__}" + (" (bản đóng gói)" if getattr(sys, "frozen", False) else ""),
        "Hệ điều hành": f"{platform.platform()} ({platform.machine()})",
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        **(extra or {}),
        "Thư mục dữ liệu": str(_data_dir) if _data_dir else "(chưa mở)",
        "Tệp nhật ký": str(current_log_file() or "(chưa mở được: nhật ký chỉ nằm trong bộ nhớ)"),
        "Thời điểm": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
    }
    if exc is not None:
        rows["Lỗi"] = describe_exception(exc)
    text = "\n".join(f"{key}: {value}" for key, value in rows.items())
    text += f"\n\n--- {TAIL_LINES} dòng cuối của nhật ký ---\n{log_tail()}\n"
    return mask_personal_data(text)


def describe_exception(exc: BaseException) -> str:
    """One line naming the error (type and message, masked, shortened): never a traceback."""
    message = " ".join(str(exc).split())
    if len(message) > 300:
        message = message[:297] + "…"
    return mask_personal_data(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


# --- the last resort: exceptions nobody caught ----------------------------------------------------------------

Presenter = Callable[[BaseException], None]
_presenter: Presenter | None = None
_hooks_installed = False


def set_presenter(presenter: Presenter | None) -> None:
    """Who shows an unhandled exception to the user after it is logged (the window installs its crash dialog;
    without one, a single Vietnamese line goes to stderr). Must be safe to call from any thread."""
    global _presenter
    _presenter = presenter


def _present(exc: BaseException) -> None:
    """One Vietnamese line on stderr (a console or a script sees it; a windowed program on Windows has none), then
    the presenter (the window's crash dialog)."""
    stream = sys.stderr
    if stream is not None:
        where = current_log_file()
        try:
            print(
                f"Lỗi không lường trước ({describe_exception(exc)})."
                + (f" Chi tiết đã ghi vào nhật ký: {where}" if where else ""),
                file=stream,
                flush=True,
            )
        except Exception:  # a closed pipe, or a code page that cannot write Vietnamese
            pass
    presenter = _presenter
    if presenter is not None:
        try:
            presenter(exc)
        except Exception:
            log.exception("the crash presenter failed")


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
    _present(exc)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    log.critical("unhandled exception in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    _present(args.exc_value)


def _unraisable_hook(unraisable: sys.UnraisableHookArgs) -> None:
    exc = unraisable.exc_value
    log.error(
        "exception ignored in %r: %s",
        unraisable.object,
        unraisable.err_msg or "",
        exc_info=(unraisable.exc_type, exc, unraisable.exc_traceback) if exc is not None else None,
    )


def install_excepthooks() -> None:
    """sys.excepthook, threading.excepthook and sys.unraisablehook: log with the traceback, then present."""
    global _hooks_installed
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook
    sys.unraisablehook = _unraisable_hook
    _hooks_installed = True


def excepthooks_installed() -> bool:
    return sys.excepthook is _sys_hook and threading.excepthook is _thread_hook
