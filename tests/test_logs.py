"""The station's log file: where it is, rotation and pruning, messages held until it exists, masking of personal
data, and the last-resort exception hooks (main thread and other threads)."""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
import time
from pathlib import Path

import pytest

from counter_app import __version__, logs


@pytest.fixture
def clean_logging():
    """Leave the process as it was: no file handler, the default hooks, the root level."""
    root = logging.getLogger()
    level = root.level
    hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    logs.shutdown_logging()
    yield
    logs.shutdown_logging()
    logs.set_presenter(None)
    sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
    root.setLevel(level)


@pytest.fixture
def station_log(tmp_path: Path, clean_logging) -> Path:
    path = logs.setup_logging(tmp_path / "data", "test")
    assert path is not None
    return path


def read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_is_a_rotating_file_in_the_data_folder(station_log: Path, tmp_path: Path) -> None:
    assert station_log == tmp_path / "data" / "logs" / "counter-app.log"
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, logs.SharedRotatingFileHandler)]
    assert Path(handler.baseFilename) == station_log
    assert handler.maxBytes == 2 * 1024 * 1024 and handler.backupCount == 5
    assert handler.level == logging.INFO
    assert logs.KEEP_DAYS == 14
    text = read(station_log)
    assert f"start test: counter_app {__version__}" in text
    assert platform.python_version() in text and str(tmp_path / "data") in text


def test_setup_twice_keeps_one_handler_and_moving_the_folder_moves_the_file(station_log: Path, tmp_path: Path) -> None:
    assert logs.setup_logging(tmp_path / "data", "test") == station_log
    other = logs.setup_logging(tmp_path / "other", "test")
    assert other == tmp_path / "other" / "logs" / "counter-app.log"
    files = [h for h in logging.getLogger().handlers if isinstance(h, logs.SharedRotatingFileHandler)]
    assert len(files) == 1 and Path(files[0].baseFilename) == other
    logging.getLogger("counter_app.test").info("after the move")
    assert "after the move" in read(other) and "after the move" not in read(station_log)


def test_the_file_rotates_at_its_size_and_keeps_five(tmp_path: Path, clean_logging, monkeypatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    path = logs.setup_logging(tmp_path / "data", "test")
    line = "dossier H61.22-261125-1001 handed over " + "x" * 60
    for i in range(600):  # ~60 kB: more than 6 files of 4 kB
        logging.getLogger("counter_app.test").info("%d %s", i, line)
    folder = path.parent
    rotated = sorted(p.name for p in folder.glob("counter-app.log.*"))
    assert rotated == [f"counter-app.log.{i}" for i in range(1, 6)]
    assert path.stat().st_size <= 4000 + 200
    assert "599 dossier" in read(path), "the newest line is in the current file"


def test_rotated_files_older_than_two_weeks_are_deleted_at_start(tmp_path: Path, clean_logging) -> None:
    folder = tmp_path / "data" / "logs"
    folder.mkdir(parents=True)
    old, recent = folder / "counter-app.log.4", folder / "counter-app.log.1"
    old.write_text("old\n")
    recent.write_text("recent\n")
    month_ago, yesterday = time.time() - 30 * 86400, time.time() - 86400  # time.time(): the clock a test runs on
    os.utime(old, (month_ago, month_ago))
    os.utime(recent, (yesterday, yesterday))
    logs.setup_logging(tmp_path / "data", "test")
    assert not old.exists() and recent.exists()


def test_messages_before_the_file_exists_are_held_then_written(tmp_path: Path, clean_logging) -> None:
    logs.hold_early_messages()
    logging.getLogger("counter_app.test").info("logged before the data folder was known")
    logging.getLogger("counter_app.test").debug("below the file's level")
    path = logs.setup_logging(tmp_path / "data", "test")
    text = read(path)
    assert "logged before the data folder was known" in text
    assert text.index("logged before the data folder was known") < text.index("start test:")
    assert "below the file's level" not in text
    assert not any(isinstance(h, logs._EarlyBuffer) for h in logging.getLogger().handlers)


def test_a_folder_that_cannot_be_written_falls_back_to_the_temporary_folder(tmp_path: Path, clean_logging) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")  # a file where the data folder should be: mkdir fails
    path = logs.setup_logging(blocked, "test")
    assert path is not None and path.name == "counter-app.log" and blocked not in path.parents
    logging.getLogger("counter_app.test").info("still logged")
    assert "still logged" in read(path)


def test_id_numbers_and_phones_are_masked_even_in_tracebacks(station_log: Path) -> None:
    log = logging.getLogger("counter_app.test")
    log.info("values %s / %s / %s / %s", "001203004567", "0912345678", "0912 345 678", "+84 912 345 678")
    try:
        raise ValueError("parameters: ('Hương', '079190001234', '0987.654.321')")
    except ValueError:
        log.exception("a bug that logged what it should not")
    text = read(station_log)
    for value in ("001203004567", "0912345678", "0912 345 678", "912 345 678", "079190001234", "0987.654.321"):
        assert value not in text
    assert text.count(logs.MASK) == 8  # 4 values, 2 in the exception message, 2 in the traceback's source line
    # what must stay readable: dossier codes, dates and times, durations, station ids
    readable = (
        "dossier H61.22-261125-1001 of 1.000001.000.00.00.H61 at 2026-11-25 09:30, 12.5 ms, 0.123456789 s, "
        "station 5f0c2a1e-0000-4000-8000-123456789012, seq 1234567"
    )
    log.info(readable)
    assert readable in read(station_log)


def test_the_excepthooks_log_the_traceback_and_print_one_vietnamese_line(station_log: Path, capsys) -> None:
    logs.install_excepthooks()
    assert logs.excepthooks_installed()
    assert sys.excepthook is logs._sys_hook and threading.excepthook is logs._thread_hook
    try:
        raise KeyError("boom-main-thread")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert err.startswith("Lỗi không lường trước (KeyError: 'boom-main-thread')")
    assert str(station_log) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    text = read(station_log)
    assert "CRITICAL" in text and "unhandled exception" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'boom-main-thread'" in text


def test_an_exception_in_another_thread_is_logged_and_presented(station_log: Path) -> None:
    logs.install_excepthooks()
    presented: list[BaseException] = []
    logs.set_presenter(presented.append)

    def job() -> None:
        raise RuntimeError("boom-in-thread")

    thread = threading.Thread(target=job, name="sync-test")
    thread.start()
    thread.join(10)
    assert [str(e) for e in presented] == ["boom-in-thread"]
    text = read(station_log)
    assert "unhandled exception in thread sync-test" in text and "RuntimeError: boom-in-thread" in text


def test_debug_info_has_version_os_python_and_the_log_tail(station_log: Path) -> None:
    logging.getLogger("counter_app.test").info("the last thing that happened")
    info = logs.debug_info({"Qt": "6.x"}, ValueError("bad 0912345678"))
    assert f"counter_app {__version__}" in info
    assert platform.platform() in info and platform.python_version() in info and "Qt: 6.x" in info
    assert str(station_log) in info and "the last thing that happened" in info
    assert "Lỗi: ValueError: bad [đã ẩn]" in info and "0912345678" not in info


CRASH_SCRIPT = """
import faulthandler, sys
from pathlib import Path
from counter_app import logs
logs.setup_logging(Path(sys.argv[1]), "test")
logs.enable_fault_log()
faulthandler._sigsegv()  # what a crash inside Qt or a printer driver looks like to Python: nothing
"""


def test_a_hard_crash_leaves_its_stack_and_the_next_start_reports_it(tmp_path: Path, clean_logging) -> None:
    import subprocess

    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data")],
        capture_output=True,
        timeout=120,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode != 0
    faults = tmp_path / "data" / "logs" / "faults.log"
    assert "Fatal Python error" in faults.read_text(encoding="utf-8")

    path = logs.setup_logging(tmp_path / "data", "test")
    assert logs.enable_fault_log() is True, "the next start sees that the last session crashed"
    text = read(path)
    assert "the previous session ended abruptly" in text and "Fatal Python error" in text
    assert faults.read_text(encoding="utf-8") == "", "reported once"
    assert logs.enable_fault_log() is False
