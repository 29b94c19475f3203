"""Shared fixtures: real SQLite stores in temporary folders, a fixed catalogue, a controllable clock."""

from __future__ import annotations

import os

# Qt must not look for a display in CI; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from counter_app.domain.calendar import OFFICE_TZ

MINI_CATALOGUE = Path(__file__).parent / "data" / "mini_catalogue.json"
CERT_CODE = "1.000001.000.00.00.H61"
XRAY_CODE = "1.000002.000.00.00.H61"


class FakeClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Path:
    """The store's folder for this test; commands run in-process through `cli.main` see the test's clock."""
    from counter_app import cli

    path = tmp_path / "data"
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(path))
    monkeypatch.setattr(cli, "_test_clock", clock)
    return path


def station_setup() -> dict[str, str]:
    """The keys a station must be given before it issues anything (what the first-run wizard asks), with the
    default values where there is one, so tests keep printing what they printed before set-up existed."""
    from counter_app.services.settings import SETUP_KEYS, SPECS

    fallback = {"agency.place": "Thử nghiệm", "officer.name": "Cán bộ tiếp nhận", "agency.governing_name": ""}
    return {key: SPECS[key].default or fallback.get(key, "Thử nghiệm") for key in SETUP_KEYS}


def set_up_station(settings) -> None:
    """Set a station up as a script would (`counter-app settings set` of the SETUP_KEYS)."""
    settings.set_many(station_setup())


@pytest.fixture
def services(data_dir: Path, clock: FakeClock):
    from counter_app.services.app import open_services

    app = open_services(data_dir, load_demo=False, clock=clock)
    app.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(app.settings)
    yield app
    app.close()


# PostgreSQL for the hub and sync tests (one cluster per run; see tests/sync_harness.py).
from sync_harness import hub_db_url, pg_db_url, pg_server  # noqa: E402,F401 (fixtures shared by the hub and sync tests)


@pytest.fixture
def worker():
    """The GUI's one background worker, shut down (and checked to stop) after the test."""
    from counter_app.gui.worker import Worker

    w = Worker()
    yield w
    assert w.shutdown(10_000)


def scribble_second_page(path: Path) -> None:
    """Overwrite most of the second page (a b-tree page of some table), as a torn write would; the header stays."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 8 : page_size + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
