"""Errors that tell the truth (issue 14): a full disk, a read-only folder, a locked, damaged, newer, empty or
foreign file each say what they are, in the store, the CLI and the window; only damage advises a restore.

Full and read-only disks are real: a tiny tmpfs mounted for the test (root only; skipped elsewhere), plus SQLite's
max_page_count, which gives SQLITE_FULL without root.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from counter_app import cli
from counter_app.cli import main
from counter_app.store import db as store_db
from counter_app.store.db import DATABASE_FILE, open_database
from counter_app.store.failures import (
    DiskFull,
    ForeignFile,
    NotWritable,
    StoreDamaged,
    StoreLocked,
    StoreTooNew,
)
from tests.conftest import MINI_CATALOGUE, XRAY_CODE, scribble_second_page


@pytest.fixture
def tmpfs(tmp_path):
    """`tmpfs(size_kb)`: a real, small filesystem (so ENOSPC and EROFS come from the kernel), unmounted after."""
    mounts: list[Path] = []

    def mount(size_kb: int, name: str = "disk") -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)], capture_output=True
        )
        if done.returncode:
            pytest.skip("mounting a small tmpfs needs root")
        mounts.append(point)
        return point

    yield mount
    for point in reversed(mounts):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def remount_read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def fill(folder: Path) -> None:
    """Leave no free byte in `folder`'s filesystem."""
    for name, chunk in (("filler.bin", 65536), ("filler2.bin", 512)):
        handle = open(folder / name, "wb", buffering=0)
        try:
            while True:
                handle.write(b"\0" * chunk)
        except OSError:
            pass
        finally:
            handle.close()


def make_store(folder: Path) -> None:
    from counter_app.services.app import open_services
    from tests.conftest import set_up_station

    app = open_services(folder, load_demo=False)
    app.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(app.settings)  # a station never set up refuses intake
    app.close()


def dossier_count(folder: Path) -> int:
    conn = sqlite3.connect(f"file:{folder / DATABASE_FILE}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def intake_args(*extra: str) -> list[str]:
    return ["intake", "--procedure", XRAY_CODE, "--applicant", "Đặng Văn Ước", *extra]


# --- the store ---------------------------------------------------------------------------------------


def test_a_full_disk_is_said_to_be_full_with_figures_not_corrupt(tmpfs):
    disk = tmpfs(4096)
    make_store(disk)
    fill(disk)
    with pytest.raises(DiskFull) as info:
        db = open_database(disk)
        try:
            with db.write() as session:
                from sqlalchemy import text

                session.execute(text("INSERT INTO settings (key, value) VALUES ('x', :v)"), {"v": "y" * 200_000})
        finally:
            db.dispose()
    message = str(info.value)
    assert "đã đầy" in message and str(disk) in message and "còn trống" in message and "cần ít nhất" in message
    assert "bị hỏng" not in message and "restore" not in message


def test_a_read_only_folder_is_said_to_be_read_only(tmpfs):
    disk = tmpfs(8192)
    make_store(disk)
    remount_read_only(disk)
    with pytest.raises(NotWritable) as info:
        open_database(disk).dispose()
    assert "Không ghi được vào thư mục" in str(info.value) and "bị hỏng" not in str(info.value)


def test_a_file_held_by_another_program_is_said_to_be_locked(tmp_path, monkeypatch):
    make_store(tmp_path)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(tmp_path / DATABASE_FILE, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLocked) as info:
            open_database(tmp_path).dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "chương trình khác" in str(info.value) and "bị hỏng" not in str(info.value)


def test_a_file_from_a_newer_version_names_it_and_is_not_copied(tmp_path):
    make_store(tmp_path)
    conn = sqlite3.connect(tmp_path / DATABASE_FILE)
    conn.execute("UPDATE alembic_version SET version_num = '0042'")
    conn.execute("UPDATE settings SET value = '9.1.0' WHERE key = 'store.written_by'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreTooNew) as info:
        open_database(tmp_path)
    assert "counter-app 9.1.0" in str(info.value) and "0042" in str(info.value)
    assert not list((tmp_path / "backups").glob("before-migration-*"))  # no copy before knowing it is possible


def test_an_empty_or_foreign_file_is_never_taken_as_a_new_store(tmp_path):
    (tmp_path / DATABASE_FILE).write_bytes(b"")
    with pytest.raises(ForeignFile) as info:
        open_database(tmp_path)
    assert "0 byte" in str(info.value)
    assert (tmp_path / DATABASE_FILE).stat().st_size == 0  # left as it was
    (tmp_path / DATABASE_FILE).unlink()
    conn = sqlite3.connect(tmp_path / DATABASE_FILE)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignFile):
        open_database(tmp_path)
    (tmp_path / DATABASE_FILE).write_bytes(b"PK\x03\x04 not a database at all" * 100)
    with pytest.raises(StoreDamaged):
        open_database(tmp_path)


def test_a_new_store_is_created_whole_or_not_at_all(tmp_path):
    db = open_database(tmp_path)
    db.dispose()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(DATABASE_FILE)] == [DATABASE_FILE] or all(
        not p.name.endswith(".part") for p in tmp_path.iterdir()
    )
    conn = sqlite3.connect(tmp_path / DATABASE_FILE)
    from counter_app import __version__

    assert conn.execute("SELECT value FROM settings WHERE key = 'store.written_by'").fetchone() == (__version__,)
    conn.close()


def test_leftover_partial_copies_are_removed_at_start(tmp_path):
    import os

    make_store(tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir(exist_ok=True)
    stale = backups / "counter-20261101-080000.sqlite3.part"
    stale.write_bytes(b"x" * 1000)
    fresh = backups / "counter-20261102-080000.sqlite3.part"  # a copy being written right now by the window
    fresh.write_bytes(b"x" * 1000)
    os.utime(stale, (0, 0))
    open_database(tmp_path).dispose()
    assert not stale.exists() and fresh.exists()


def test_pre_migration_copies_are_pruned(tmp_path):
    # A store as version 0007 left it, made by the migrations themselves (not by undoing later ones by hand: every
    # new migration would have to be undone here too).
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / DATABASE_FILE}")
    with engine.begin() as conn:
        cfg = store_db._alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
    engine.dispose()
    backups = tmp_path / "backups"
    backups.mkdir(exist_ok=True)
    for i in range(5):
        (backups / f"before-migration-0001-2026010{i}T000000Z.sqlite3").write_bytes(b"old")
    open_database(tmp_path).dispose()
    copies = sorted(backups.glob("before-migration-*.sqlite3"))
    assert len(copies) == store_db.KEEP_MIGRATION_COPIES
    assert any(p.name.startswith("before-migration-0007-") for p in copies)
    assert not list(backups.glob("*.part"))


# --- the command line --------------------------------------------------------------------------------


def test_cli_on_a_full_disk_says_full_exit_5_and_loses_nothing(tmpfs, monkeypatch, clock, capsys):
    disk = tmpfs(4096)
    make_store(disk)
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(disk))
    monkeypatch.setattr(cli, "_test_clock", clock)
    assert main(intake_args()) == 0
    capsys.readouterr()
    fill(disk)
    codes = [main(intake_args()) for _ in range(3)]
    captured = capsys.readouterr()
    assert set(codes) == {cli.EXIT_NO_ROOM}, captured.err
    assert "đã đầy" in captured.err and "Traceback" not in captured.err and "bị hỏng" not in captured.err
    assert captured.out == ""  # nothing committed, nothing claimed
    (disk / "filler.bin").unlink()
    assert dossier_count(disk) == 1
    assert main(["verify"]) == 0


def test_intake_pdf_failure_after_commit_still_prints_the_code(data_dir, services, tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    rc = main(intake_args("--pdf", str(blocked / "receipt.pdf")))
    captured = capsys.readouterr()
    code = captured.out.strip()
    assert rc == cli.EXIT_PARTIAL
    assert code.startswith("H") and len(captured.out.splitlines()) == 1
    assert f"Hồ sơ {code} ĐÃ ĐƯỢC LƯU" in captured.err and f"counter-app receipt {code}" in captured.err
    assert "Traceback" not in captured.err
    assert main(["show", code, "--json"]) == 0  # committed, and the receipt can be made again from the record
    capsys.readouterr()
    assert main(["receipt", code, "--pdf", str(tmp_path / "again.pdf")]) == 0
    assert (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")


def test_intake_pdf_on_a_full_disk_prints_the_code_then_the_failure(tmpfs, data_dir, services, capsys):
    disk = tmpfs(256, "usb")
    fill(disk)
    rc = main(intake_args("--pdf", str(disk / "receipt.pdf")))
    captured = capsys.readouterr()
    assert rc == cli.EXIT_PARTIAL and captured.out.strip().startswith("H")
    assert "ĐÃ ĐƯỢC LƯU" in captured.err and "đã đầy" in captured.err
    assert not list(disk.glob("receipt.pdf*"))  # no half PDF, no .part


def test_verify_says_what_is_wrong_without_a_traceback(data_dir, capsys):
    assert main(["verify"]) == cli.EXIT_NOT_FOUND
    data_dir.mkdir(parents=True)
    (data_dir / DATABASE_FILE).write_bytes(b"garbage" * 1000)
    assert main(["verify"]) == cli.EXIT_STORE
    (data_dir / DATABASE_FILE).write_bytes(b"")
    assert main(["verify"]) == cli.EXIT_STORE
    err = capsys.readouterr().err
    assert "Traceback" not in err and "0 byte" in err and "bị hỏng" in err


def test_commands_check_the_store_quickly_and_still_refuse_a_damaged_one(data_dir, services, capsys, monkeypatch):
    """Every command but `verify` runs SQLite's quick check first (the full one took 18–30 s at 1,000,000
    dossiers); it still stops at a damaged page with the store's own message, nothing written."""
    asked = []
    real = store_db.Database.integrity_check

    def spy(self, *, quick=False):
        asked.append(quick)
        return real(self, quick=quick)

    monkeypatch.setattr(store_db.Database, "integrity_check", spy)
    assert main(intake_args()) == 0
    assert asked == [True]
    assert main(["verify"]) == 0  # the full check, as before
    assert asked == [True, False]
    capsys.readouterr()
    services.close()
    scribble_second_page(data_dir / DATABASE_FILE)
    assert main(intake_args()) == cli.EXIT_STORE
    err = capsys.readouterr().err
    assert "bị hỏng" in err and "Traceback" not in err


# --- commit is the truth: --request-id ------------------------------------------------------------------


def test_a_retried_intake_with_the_same_request_id_returns_the_first_dossier(data_dir, services, capsys):
    args = intake_args("--request-id", "script-42/run-7")
    assert main(args) == 0
    first = capsys.readouterr().out.strip()
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == first
    assert "đã được dùng" in captured.err and "không tạo hồ sơ mới" in captured.err
    assert dossier_count(data_dir) == 1
    # the same id for other content is refused, not answered with the wrong dossier
    assert (
        main(["intake", "--procedure", XRAY_CODE, "--applicant", "Người Khác", "--request-id", "script-42/run-7"]) == 2
    )
    captured = capsys.readouterr()
    assert captured.out == "" and first in captured.err and "nội dung khác" in captured.err
    assert main(intake_args("--request-id", "bad id with spaces")) == 2
    assert dossier_count(data_dir) == 1
    assert main(intake_args("--request-id", "script-42/run-8")) == 0  # a new id: a new dossier
    assert dossier_count(data_dir) == 2


def test_racing_retries_with_one_request_id_make_one_dossier(data_dir, services):
    import os
    import sys

    env = {**os.environ, "COUNTER_APP_DATA_DIR": str(data_dir)}
    args = [sys.executable, "-m", "counter_app", *intake_args("--request-id", "race-1")]
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    assert len({out.strip() for out, _ in outs}) == 1
    assert dossier_count(data_dir) == 1


# --- restore ------------------------------------------------------------------------------------------


def test_restore_drill_keeps_the_current_file_and_says_what_is_lost(data_dir, services, clock, capsys):
    from datetime import timedelta

    assert main(intake_args()) == 0
    kept = capsys.readouterr().out.strip()
    assert main(["backup"]) == 0
    copy = Path(capsys.readouterr().out.strip())
    clock.moment += timedelta(minutes=30)
    assert main(intake_args()) == 0
    lost = capsys.readouterr().out.strip()
    assert main(["event", kept, "handover", "--to", "Phòng Quản lý chuyên ngành"]) == 0
    services.close()
    capsys.readouterr()

    assert main(["restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"Đã khôi phục từ {copy}" in out
    assert f"Mất 1 hồ sơ tiếp nhận sau thời điểm sao lưu (cần nhập lại): {lost}" in out
    assert f"Mất 1 bước xử lý ghi sau thời điểm sao lưu của các hồ sơ: {kept}" in out
    aside = next((data_dir / "backups").glob("before-restore-*.sqlite3"))
    assert str(aside) in out
    assert dossier_count(data_dir) == 1 and dossier_count_file(aside) == 2  # nothing thrown away
    assert main(["show", lost]) == cli.EXIT_NOT_FOUND
    assert main(["verify"]) == 0
    assert not list(data_dir.glob("*.part")) and not list(data_dir.glob("*.restoring*"))


def dossier_count_file(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def test_restore_refuses_empty_foreign_damaged_copies_and_an_open_store(data_dir, services, tmp_path, capsys):
    assert main(intake_args()) == 0
    before = (data_dir / DATABASE_FILE).stat().st_mtime_ns
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00\x01" * 5000)
    capsys.readouterr()
    for bad, words in ((empty, "0 byte"), (foreign, "không phải tệp dữ liệu"), (garbage, "không phải tệp SQLite")):
        assert main(["restore", str(bad)]) == cli.EXIT_INVALID
        assert words in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.sqlite3")]) == cli.EXIT_NOT_FOUND
    # the window (here: the services of this test) has the store open: refused, nothing changed
    good = services.db.backup_to(tmp_path / "good.sqlite3")
    capsys.readouterr()
    with services.db.read() as session:
        from sqlalchemy import text

        session.execute(text("SELECT count(*) FROM dossiers")).scalar()
        assert main(["restore", str(good)]) == cli.EXIT_NO_ROOM
    assert "chương trình khác" in capsys.readouterr().err
    assert (data_dir / DATABASE_FILE).stat().st_mtime_ns == before
    assert dossier_count(data_dir) == 1
    assert not list(data_dir.glob("*.part")) and not list(data_dir.glob("*.restoring*"))


def test_an_agency_code_that_could_never_sync_is_refused(data_dir, services, capsys):
    assert main(["settings", "set", "agency.code", "H" * 10_000]) == cli.EXIT_INVALID
    assert "tối đa 28 ký tự" in capsys.readouterr().err
    assert main(["settings", "set", "agency.code", "H61." + "A" * 24]) == 0


# --- imports: streamed, bounded, errors located ---------------------------------------------------------


def _rewrite_sheet(source: Path, target: Path, sheet_xml: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = sheet_xml
            dst.writestr(info, data)


def _import(path: Path, capsys) -> tuple[int, str]:
    rc = main(["catalogue", "import", str(path), "--dry-run"])
    return rc, capsys.readouterr().err


def test_catalogue_imports_are_bounded_and_locate_their_errors(data_dir, services, tmp_path, capsys, monkeypatch):
    from openpyxl import load_workbook

    from counter_app.services import catalogue_io

    good = tmp_path / "c.xlsx"
    assert main(["catalogue", "export", str(good)]) == 0
    capsys.readouterr()
    # a cell far longer than any real one: refused where it stands
    long_cell = tmp_path / "long.xlsx"
    book = load_workbook(good)
    sheet = book.worksheets[1]
    sheet.cell(row=3, column=2).value = "x" * 20_000
    book.save(long_cell)
    rc, err = _import(long_cell, capsys)
    assert rc == cli.EXIT_INVALID and f"Sheet '{sheet.title}', dòng 3, cột B: ô dài 20000 ký tự" in err
    # what it unpacks to is checked before anything is parsed (a 200 MB cell in a few hundred KB)
    unpacked = catalogue_io.MAX_UNPACKED_BYTES
    monkeypatch.setattr(catalogue_io, "MAX_UNPACKED_BYTES", 40_000)
    rc, err = _import(long_cell, capsys)
    assert rc == cli.EXIT_INVALID and "giải nén ra" in err
    # (not monkeypatch.undo(): that would also undo the data_dir fixture, and the commands below would run on the
    # machine's own data folder)
    monkeypatch.setattr(catalogue_io, "MAX_UNPACKED_BYTES", unpacked)
    # malformed sheet XML, and an entity bomb: one located line each, no traceback
    broken = tmp_path / "broken.xlsx"
    _rewrite_sheet(good, broken, b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>x")
    rc, err = _import(broken, capsys)
    assert rc == cli.EXIT_INVALID and "nội dung bảng tính hỏng" in err and "Traceback" not in err
    bomb_entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 12))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e0 "lol">{bomb_entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&e11;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    bombed = tmp_path / "bomb.xlsx"
    _rewrite_sheet(good, bombed, bomb)
    rc, err = _import(bombed, capsys)
    assert rc == cli.EXIT_INVALID and "Traceback" not in err
    # deep JSON, for the catalogue and the calendar
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    rc, err = _import(deep, capsys)
    assert rc == cli.EXIT_INVALID and "lồng nhau quá sâu" in err
    assert main(["calendar", "import", str(deep)]) == cli.EXIT_INVALID
    assert "lồng nhau quá sâu" in capsys.readouterr().err
    # and a file far bigger than a catalogue is not read at all
    monkeypatch.setattr(catalogue_io, "MAX_FILE_BYTES", 1000)
    rc, err = _import(good, capsys)
    assert rc == cli.EXIT_INVALID and "quá 0 MB" not in err and "cho phép" in err
