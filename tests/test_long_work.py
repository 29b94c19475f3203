"""The start-up check and the daily copy run beside the one worker and stop when the window closes (gui/aside.py,
store.db.LongWork): at 1,000,000 dossiers each takes 20–30 s; saves and searches no longer wait behind them, and
closing the window in that time no longer waits 30 s and then crashes on a worker still running."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from counter_app.store.db import WorkStopped, open_database

pytestmark = pytest.mark.gui


def _fill(path, rows: int = 300_000) -> None:
    """Enough pages that an integrity check takes a while (an index to check against its table)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS bulk (k TEXT, v BLOB)")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_bulk_k ON bulk (k)")
    conn.executemany(
        "INSERT INTO bulk VALUES (?, randomblob(64))", ((f"{i * 7919 % rows:08d}-key",) for i in range(rows))
    )
    conn.commit()
    conn.close()


def test_closing_stops_an_integrity_check_at_once(tmp_path):
    db = open_database(tmp_path, check_integrity=False)
    try:
        _fill(db.path)
        outcome: list[object] = []

        def check() -> None:
            try:
                outcome.append(db.integrity_check())
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=check)
        thread.start()
        deadline = time.monotonic() + 10
        while not db.long_work._connections and time.monotonic() < deadline:
            time.sleep(0.001)
        assert db.long_work._connections, "the check registered its connection"
        stopped_at = time.monotonic()
        db.long_work.stop()
        thread.join(10)
        assert not thread.is_alive() and time.monotonic() - stopped_at < 2
        assert len(outcome) == 1 and isinstance(outcome[0], WorkStopped), outcome
        with pytest.raises(WorkStopped):  # and nothing long starts any more
            db.integrity_check()
    finally:
        db.dispose()


def test_closing_stops_a_copy_and_leaves_no_partial_file(tmp_path):
    db = open_database(tmp_path / "data", check_integrity=False)
    try:
        _fill(db.path)
        target = tmp_path / "copies" / "copy.sqlite3"
        assert db.backup_to(target).exists()  # a copy runs to the end when nobody closes
        target.unlink()
        db.long_work.stop()
        with pytest.raises(WorkStopped):
            db.backup_to(target)
        assert not any((tmp_path / "copies").iterdir())
    finally:
        db.dispose()


def test_the_check_runs_beside_the_worker(qtbot, services, worker):
    """A check still running does not hold up a save on the worker; its result still comes back to the window."""
    from counter_app.gui.aside import AsideRunner
    from counter_app.gui.operations import Operations
    from counter_app.services.intake import IntakeRequest
    from tests.conftest import CERT_CODE

    release = threading.Event()
    checking = threading.Event()
    real_check = services.db.integrity_check

    def slow_check() -> list[str]:
        checking.set()
        release.wait(20)
        return real_check()

    services.db.integrity_check = slow_check
    aside = AsideRunner()
    ops = Operations(services, worker, aside=aside)
    results: list[object] = []
    saved: list[object] = []
    ops.check_store().success(results.append).run_aside()
    assert checking.wait(10)
    ops.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương")).success(saved.append).run()
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)  # saved while the check is still running
    assert not results and saved[0].receipt is not None
    release.set()
    qtbot.waitUntil(lambda: results == [[]], timeout=20_000)
    assert aside.shutdown(5)
