"""The hub as several stateless worker processes on one PostgreSQL database (issue 15 item 4).

Two real hub processes on 127.0.0.1 serve one database; four stations (real stores, the real sync engine) work
and sync at the same time, each switching between the two hubs from one cycle to the next. Afterwards nothing is
doubled or lost: the hub holds every event once, each station's sequence numbers arrive whole (1…n, once each),
every station has pulled every other station's events and shows the same state. The limits that used to live in
a process's memory (the public look-up's allowance, the failed-token lockout) are shared: spent or tripped
through one worker, they hold at the other. `counter-app hub --workers 2` starts two worker processes behind one
port that serve pushes and pulls.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sync_harness import ROOT, HubProcess, HubThread, free_port, make_station, station_snapshot, wait_until

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.services.intake import IntakeRequest

AGENCY = "H61.22"
CERT = "1.000001.000.00.00.H61"
STATIONS = 4
ROUNDS = 3
NAMES = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh", "Phúc")
NAMES = tuple(f"Nguyễn Thị {given}" for given in NAMES)


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self) -> None:
        self.moment += timedelta(minutes=1)


def _tokens(db_url: str, count: int) -> list[str]:
    from counter_app.hub import admin
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(db_url)
    try:
        return [admin.add_station(db, AGENCY, counter=n + 1).token for n in range(count)]
    finally:
        db.dispose()


def _hub_rows(db_url: str) -> list[tuple[str, str, int]]:
    from counter_app.hub.db import open_hub_database
    from counter_app.hub.models import HubEvent

    db = open_hub_database(db_url, migrate=False)
    try:
        with db.read() as session:
            return [tuple(r) for r in session.execute(select(HubEvent.id, HubEvent.station_id, HubEvent.station_seq))]
    finally:
        db.dispose()


def test_two_workers_on_one_database_lose_and_double_nothing(tmp_path: Path, pg_db_url: str) -> None:
    from counter_app.store.models import DossierEventRow

    tokens = _tokens(pg_db_url, STATIONS)
    hubs = [HubProcess(pg_db_url), HubProcess(pg_db_url)]
    stations = []
    clocks: list[Clock] = []
    try:
        for hub in hubs:
            hub.start(120)
        for n, token in enumerate(tokens):
            clock = Clock(datetime(2026, 11, 25, 8, 0, tzinfo=OFFICE_TZ))
            clocks.append(clock)
            stations.append(
                make_station(
                    tmp_path / f"station{n + 1}",
                    clock,
                    agency=AGENCY,
                    counter=n + 1,
                    hub_url=hubs[n % 2].url,
                    token=token,
                    timeout=30.0,
                )
            )
        failures: list[str] = []

        def work(index: int) -> None:
            station = stations[index]
            clock = clocks[index]
            try:
                for round_ in range(ROUNDS):
                    codes = []
                    for i in range(3):
                        clock.advance()
                        codes.append(
                            station.services.intake.intake(
                                IntakeRequest(
                                    procedure_code=CERT,
                                    applicant_name=NAMES[(index * 7 + round_ * 3 + i) % 12],
                                    phone="0912345678",
                                )
                            ).code
                        )
                    clock.advance()
                    station.services.lifecycle.record(
                        EventRequest.of(codes[0], "handed_over", to_unit="Phòng Quản lý chuyên ngành")
                    )
                    # through the other worker every other cycle
                    station.services.settings.set_many({"hub.url": hubs[(index + round_) % 2].url})
                    result = station.sync.sync_once()
                    if not result.ok:
                        failures.append(f"station {index + 1}, round {round_}: {result.describe()}")
            except Exception as exc:  # reported below, in the test's thread
                failures.append(f"station {index + 1}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=work, args=(n,)) for n in range(STATIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(240)
        assert not failures, failures
        for round_ in range(2):  # everyone catches up with what the others pushed last
            for n, station in enumerate(stations):
                station.services.settings.set_many({"hub.url": hubs[(n + round_) % 2].url})
                result = station.sync.sync_once()
                assert result.ok, result.describe()

        rows = _hub_rows(pg_db_url)
        ids = [r[0] for r in rows]
        assert len(ids) == len(set(ids)), "an event is stored twice at the hub"
        own: set[str] = set()
        for station in stations:
            with station.services.db.read() as session:
                mine = list(
                    session.execute(
                        select(DossierEventRow.id, DossierEventRow.station_seq).where(
                            DossierEventRow.station_id == station.station_id
                        )
                    )
                )
                every = set(session.scalars(select(DossierEventRow.id)))
                waiting = session.scalars(select(DossierEventRow.id).where(DossierEventRow.hub_ack_at.is_(None))).all()
            assert not waiting, f"{station.name}: {len(waiting)} events still wait to be sent"
            own |= {event_id for event_id, _ in mine}
            at_hub = sorted(seq for _, sid, seq in rows if sid == station.station_id)
            assert at_hub == list(range(1, len(mine) + 1)), f"{station.name}: its sequence arrived with gaps or twice"
            assert len(mine) == ROUNDS * 4
            station.every = every
        assert set(ids) == own and len(ids) == STATIONS * ROUNDS * 4, "the hub has exactly what the stations wrote"
        for station in stations:
            assert station.every == own, f"{station.name} misses {len(own - station.every)} events (pull incomplete)"
        snapshots = [station_snapshot(s.services) for s in stations]
        assert all(snapshot == snapshots[0] for snapshot in snapshots[1:]), "stations show different states"
        assert len(snapshots[0]) == STATIONS * ROUNDS * 3
    finally:
        for station in stations:
            station.close()
        for hub in hubs:
            hub.stop()


def test_rate_limits_hold_across_workers(pg_db_url: str) -> None:
    tokens = _tokens(pg_db_url, 1)
    limits = ("--status-rate", "2", "--token-failures", "3")
    hubs = [HubProcess(pg_db_url, extra=limits), HubProcess(pg_db_url, extra=limits)]
    try:
        for hub in hubs:
            hub.start(120)
        a, b = (f"{hub.url}/api/v1" for hub in hubs)
        with httpx.Client(timeout=15) as client:
            look_up = f"/public/status/{AGENCY}-261125-1001"
            # the allowance of 2 look-ups is one for the address, whichever worker answers
            assert [client.get(a + look_up).status_code, client.get(b + look_up).status_code] == [404, 404]
            refused = [client.get(a + look_up), client.get(b + look_up)]
            assert [r.status_code for r in refused] == [429, 429]
            assert all(r.json()["reason"] == "rate_limited" for r in refused)
            # three wrong tokens spread over both workers lock the address out at both
            wrong = {"Authorization": "Bearer cah_guess"}
            good = {"Authorization": f"Bearer {tokens[0]}"}
            assert client.get(a + "/me", headers=good).status_code == 200
            assert [client.get(url + "/me", headers=wrong).status_code for url in (a, b, a)] == [401, 401, 401]
            for url in (a, b):
                locked = client.get(url + "/me", headers=good)
                assert locked.status_code == 429 and locked.json()["reason"] == "too_many_failures"
                assert 890 <= int(locked.headers["Retry-After"]) <= 900
    finally:
        for hub in hubs:
            hub.stop()


def _children(pid: int) -> list[str]:
    """The command lines of a process's children (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                found.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts worker processes through /proc")
def test_the_workers_option_starts_n_processes_behind_one_port(tmp_path: Path, pg_db_url: str) -> None:
    from counter_app.sync.client import HubClient

    tokens = _tokens(pg_db_url, 2)
    port = free_port()
    log = (tmp_path / "hub.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "hub", "--db", pg_db_url, "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        url = f"http://127.0.0.1:{port}"

        def up() -> bool:
            assert proc.poll() is None, (tmp_path / "hub.log").read_text()
            try:
                return httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, 120, 0.2, "the hub's workers to answer")
        wait_until(lambda: sum("spawn_main" in c for c in _children(proc.pid)) == 2, 60, 0.2, "two workers")
        station = "5b0a3c9e-1f2d-4c8b-9a7e-3d2c1b0a9f8e"
        event = {
            "id": "0c6f1d9a-2b3e-4f5a-8c7d-6e5f4a3b2c1d",
            "dossier_id": "1d7e2f0b-3c4d-4e6f-9a8b-7f6e5d4c3b2a",
            "station_id": station,
            "station_seq": 1,
            "kind": "slip_printed",
            "officer": "Cán bộ quầy 1",
            "occurred_at": "2026-11-25T09:00:00+07:00",
            "payload": {"form": "receipt", "copies": 1},
        }
        with HubClient(url, tokens[0]) as one, HubClient(url, tokens[1]) as two:
            assert one.push_events(AGENCY, station, [event]).body["stored"] == 1
            assert one.push_events(AGENCY, station, [event]).body["duplicates"] == 1
            pulled = two.pull_events(0).body
            assert [e["id"] for e in pulled["events"]] == [event["id"]]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_read_db_serves_pulls_reports_and_look_ups_and_never_the_token_check(pg_server, pg_db_url: str) -> None:
    """`--read-db`: a second database stands in for the replica (empty of events): a pull, the consolidated report
    and the public look-up read it; the token check and the push go to the primary."""
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database
    from counter_app.sync.client import HubClient

    replica_url = pg_server.create_database()
    try:
        open_hub_database(replica_url).dispose()  # the replica's schema, no clients, no events
        tokens = _tokens(pg_db_url, 2)
        db = open_hub_database(pg_db_url, read_url=replica_url)
        station = "5b0a3c9e-1f2d-4c8b-9a7e-3d2c1b0a9f8e"
        event = {
            "id": "0c6f1d9a-2b3e-4f5a-8c7d-6e5f4a3b2c1d",
            "dossier_id": "1d7e2f0b-3c4d-4e6f-9a8b-7f6e5d4c3b2a",
            "station_id": station,
            "station_seq": 1,
            "kind": "received",
            "officer": "Cán bộ quầy 1",
            "occurred_at": "2026-11-25T09:00:00+07:00",
            "payload": {"code": f"{AGENCY}-261125-1001", "due_at": "2026-12-09T17:00:00+07:00"},
        }
        try:
            with HubThread(create_app(db=db)) as hub, HubClient(hub.url, tokens[0]) as one:
                with HubClient(hub.url, tokens[1]) as two:
                    assert one.me().body["counter"] == 1  # the token is checked on the primary
                    assert one.push_events(AGENCY, station, [event]).body["stored"] == 1  # written to the primary
                    assert two.pull_events(0).body["events"] == []  # read from the (lagging) replica
                    assert two.consolidated("2026-11").body["agencies"] == []
                look_up = httpx.get(f"{hub.url}/api/v1/public/status/{AGENCY}-261125-1001", timeout=10)
                assert look_up.status_code == 404
            assert [row[0] for row in _hub_rows(pg_db_url)] == [event["id"]]
        finally:
            db.dispose()
    finally:
        pg_server.drop_database(replica_url)
