"""Backups: a consistent, checked copy through SQLite's backup API; one a day; old daily copies pruned."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from counter_app.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.backup import BackupService
from counter_app.services.intake import IntakeRequest
from tests.conftest import XRAY_CODE


def test_backup_is_a_complete_consistent_copy(services):
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Đặng Văn Ước")).code
    result = BackupService(services.db).backup_now()
    conn = sqlite3.connect(result.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT applicant_name FROM dossiers WHERE code = ?", (code,)).fetchone() == (
            "Đặng Văn Ước",
        )
        assert conn.execute("SELECT value FROM settings WHERE key = 'station.id'").fetchone() is not None
    finally:
        conn.close()


def test_one_copy_a_day_and_old_ones_pruned(services):
    moment = [datetime(2026, 11, 1, 8, 0, tzinfo=OFFICE_TZ)]
    backups = BackupService(services.db, clock=lambda: moment[0], keep=3)
    assert backups.ensure_daily() is not None
    assert backups.ensure_daily() is None  # same day: nothing more
    for _ in range(4):
        moment[0] += timedelta(days=1)
        backups.ensure_daily()
    names = [p.name for p in backups.copies()]
    assert names == [
        "counter-20261103-080000.sqlite3",
        "counter-20261104-080000.sqlite3",
        "counter-20261105-080000.sqlite3",
    ]


def test_cli_backup_to_another_folder(services, data_dir, tmp_path, capsys):
    target = tmp_path / "usb"
    assert main(["backup", "--to", str(target)]) == 0
    path = capsys.readouterr().out.strip()
    assert path.startswith(str(target)) and path.endswith(".sqlite3")
    assert len(list(target.glob("counter-*.sqlite3"))) == 1
