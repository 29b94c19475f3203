"""The station's side of sync: the merge order, backoff, periods, the summaries-only policy, the CLI's exit codes
and status, against a real hub (uvicorn in a thread on 127.0.0.1, SQLite)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sync_harness import ROOT, HubThread, free_port, make_station

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.services.intake import IntakeRequest

CERT = "1.000001.000.00.00.H61"


def _event(station: str, seq: int, dossier: str, kind: EventKind, minute: int, **payload) -> DossierEvent:
    if kind == EventKind.RECEIVED:
        payload = {"code": "H61.22-261125-1001", "due_at": "2026-12-05T17:00:00+07:00", **payload}
    return DossierEvent(
        str(uuid.uuid4()),
        dossier,
        station,
        seq,
        kind,
        "Cán bộ",
        datetime(2026, 11, 25, 9, minute, tzinfo=OFFICE_TZ),
        payload,
    )


def test_merge_is_the_same_whatever_the_arrival_order() -> None:
    from counter_app.domain.merge import merge_events

    a, b = "aaaaaaaa-0000-0000-0000-000000000000", "bbbbbbbb-0000-0000-0000-000000000000"
    d = str(uuid.uuid4())
    events = [
        _event(a, 1, d, EventKind.RECEIVED, 0),
        _event(a, 2, d, EventKind.RESOLVED, 10, result="Giấy phép"),
        _event(a, 3, d, EventKind.RESULT_RETURNED, 20, receiver="Người A"),
        _event(b, 1, d, EventKind.RESULT_RETURNED, 25, receiver="Người B"),  # the second return: a conflict
        _event(b, 2, d, EventKind.SLIP_PRINTED, 20, form="receipt"),  # same minute as a's return: order by station
    ]
    outcomes = []
    for order in itertools.permutations(events):
        merged = merge_events(order)
        outcome = (merged.state, tuple(e.id for e in merged.applied), tuple(r.event.id for r in merged.rejected))
        if outcome not in outcomes:
            outcomes.append(outcome)
    assert len(outcomes) == 1
    state, applied, rejected = outcomes[0]
    assert state.status.value == "returned" and state.print_count == 1
    assert rejected == (events[3].id,)
    # without its intake event a dossier is simply not there yet: nothing rejected
    assert merge_events(events[1:]).state is None and merge_events(events[1:]).rejected == ()


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    from counter_app.sync.loop import MAX_BACKOFF, backoff_delay

    assert backoff_delay(0) == 0
    assert backoff_delay(1, rng=lambda: 0.0) == 2.5 and backoff_delay(1, rng=lambda: 1.0) == 5.0
    assert backoff_delay(4, rng=lambda: 1.0) == 40.0
    assert backoff_delay(50, rng=lambda: 1.0) == MAX_BACKOFF
    assert MAX_BACKOFF / 2 <= backoff_delay(50) <= MAX_BACKOFF


def test_reporting_periods_run_from_the_15th() -> None:
    from counter_app.domain.summary import month_period_of, period_range

    assert period_range("2026-11") == (date(2026, 10, 15), date(2026, 11, 14))
    assert period_range("2026-01") == (date(2025, 12, 15), date(2026, 1, 14))
    assert period_range("2021-Q2") == (date(2021, 3, 15), date(2021, 6, 14))
    assert period_range("2026") == (date(2025, 12, 15), date(2026, 12, 14))
    assert month_period_of(date(2026, 11, 14)) == "2026-11" and month_period_of(date(2026, 11, 15)) == "2026-12"
    assert month_period_of(date(2026, 12, 20)) == "2027-01"


@pytest.fixture
def hub(tmp_path: Path):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    tokens = [admin.add_station(db, "H61.22", counter=n).token for n in (1, 2)]
    with HubThread(create_app(db=db)) as server:
        server.db = db
        server.tokens = tokens
        yield server
    db.dispose()


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 25, 9, 0, tzinfo=OFFICE_TZ)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=30)
        return self.moment


def test_summaries_only_agency_keeps_events_on_the_station(hub, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from counter_app.hub.admin import set_agency
    from counter_app.hub.models import HubEvent, Summary

    set_agency(hub.db, "H61.22", summaries_only=True)
    station = make_station(tmp_path / "s1", Clock(), agency="H61.22", counter=1, hub_url=hub.url, token=hub.tokens[0])
    try:
        for name in ("Nguyễn Thị Hương", "Trần Văn Bình"):
            station.services.intake.intake(IntakeRequest(procedure_code=CERT, applicant_name=name))
        result = station.sync.sync_once()
        assert result.ok and result.held == 2 and result.acknowledged == 0 and result.summaries_sent == 2
        status = station.sync.status()
        assert status.summaries_only and status.pending == 2 and "chỉ gửi số liệu tổng hợp" in status.reason
        with hub.db.read() as session:
            assert session.scalar(select(func.count()).select_from(HubEvent)) == 0
            figures = [s.figures for s in session.scalars(select(Summary).where(Summary.period == "2026-12"))]
        assert figures and '"received_direct":2' in figures[0].replace(" ", "")
        # nothing changed: the summaries are not sent again
        assert station.sync.sync_once().summaries_sent == 0
    finally:
        station.close()


def test_counter_number_differing_from_the_hub_is_reported(hub, tmp_path: Path) -> None:
    station = make_station(tmp_path / "s2", Clock(), agency="H61.22", counter=5, hub_url=hub.url, token=hub.tokens[1])
    try:
        result = station.sync.sync_once()
        assert result.ok and any("quầy 2" in w for w in result.warnings)
        assert "quầy 2" in station.sync.status().warning
    finally:
        station.close()


def test_wrong_agency_or_token_is_refused_with_the_reason(hub, tmp_path: Path) -> None:
    station = make_station(tmp_path / "s3", Clock(), agency="H61.99", counter=1, hub_url=hub.url, token=hub.tokens[0])
    try:
        result = station.sync.sync_once()
        assert not result.ok and result.error_kind == "refused" and "H61.22" in result.message
        station.services.settings.set_many({"agency.code": "H61.22", "hub.token": "cah_wrong"})
        result = station.sync.sync_once()
        assert not result.ok and result.error_kind == "auth"
        status = station.sync.status()
        assert status.online is True and "Mã truy cập bị từ chối" in status.reason
    finally:
        station.close()


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def test_cli_sync_exit_codes_and_status(hub, tmp_path: Path) -> None:
    data = tmp_path / "cli-station"
    assert run_cli(data, "sync").returncode == 2  # not configured
    for key, value in (
        ("agency.code", "H61.22"),
        ("hub.url", f"http://127.0.0.1:{free_port()}"),
        ("hub.token", hub.tokens[0]),
    ):
        assert run_cli(data, "settings", "set", key, value).returncode == 0
    down = run_cli(data, "sync")
    assert down.returncode == 1 and "Không kết nối được máy chủ" in down.stdout
    status = run_cli(data, "sync", "--status")
    assert status.returncode == 1 and "ngoại tuyến" in status.stdout and "Chờ gửi:" in status.stdout
    assert run_cli(data, "settings", "set", "hub.url", hub.url).returncode == 0
    import json

    from tests.conftest import station_setup

    refused = run_cli(data, "intake", "--procedure", "1.000173", "--applicant", "Lê Thị Châu")
    assert refused.returncode == 3 and "chưa được thiết lập" in refused.stderr and "officer.name" in refused.stderr
    setup = [part for key, value in station_setup().items() if key != "agency.code" for part in (key, value)]
    assert run_cli(data, "settings", "set", *setup).returncode == 0

    procedure = json.loads(run_cli(data, "catalogue", "list", "--json").stdout)[0]["code"]
    intake = run_cli(data, "intake", "--procedure", procedure, "--applicant", "Lê Thị Châu")
    assert intake.returncode == 0, intake.stderr
    status = run_cli(data, "sync", "--status", "--json")
    assert '"pending": 1' in status.stdout
    went = run_cli(data, "sync")
    assert went.returncode == 0, went.stdout + went.stderr
    assert "Đồng bộ xong" in went.stdout
    status = run_cli(data, "sync", "--status")
    assert status.returncode == 0 and "trực tuyến" in status.stdout and "Chờ gửi:          0" in status.stdout
    assert "Không có xung đột" in run_cli(data, "sync", "conflicts").stdout
