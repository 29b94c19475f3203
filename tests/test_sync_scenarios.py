"""Three stations and a real hub (uvicorn in its own process, on SQLite and on PostgreSQL) through the faults an
office meets: the hub down for a while, killed in the middle of a batch, an answer lost after the hub committed,
answers slower than the client's time-out, two counters offline the same day on the same dossiers.

After every scenario: the hub has each event exactly once, every station has every event and shows the same state
for every dossier, no dossier code collides, conflicts are the same everywhere, and the hub's consolidated report
equals each station's own report.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_harness import FaultProxy, HubProcess, Station, make_station, station_snapshot, wait_until

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.services.intake import IntakeRequest

AGENCY = "H61.22"
CERT = "1.000001.000.00.00.H61"
XRAY = "1.000002.000.00.00.H61"


SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh", "Phúc")


def person(i: int) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]} Thị {GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}"


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, minutes: float = 1) -> datetime:
        self.moment += timedelta(minutes=minutes)
        return self.moment


class Office:
    def __init__(self, tmp_path: Path, db_url: str, stations: int = 3, proxied: bool = False):
        from counter_app.hub import admin
        from counter_app.hub.db import open_hub_database

        self.db_url = db_url
        self.control = tmp_path / "hub-control"
        self.control.mkdir()
        hub_db = open_hub_database(db_url)
        try:
            self.tokens = [admin.add_station(hub_db, AGENCY, counter=n + 1).token for n in range(stations)]
        finally:
            hub_db.dispose()
        self.hub = HubProcess(db_url, control=self.control).start()
        self.proxy = FaultProxy(self.hub.port) if proxied else None
        url = self.proxy.url if self.proxy else self.hub.url
        self.clock = Clock(datetime(2026, 11, 25, 8, 0, tzinfo=OFFICE_TZ))
        self.stations: list[Station] = [
            make_station(
                tmp_path / f"station{n + 1}", self.clock, agency=AGENCY, counter=n + 1, hub_url=url, token=token
            )
            for n, token in enumerate(self.tokens)
        ]

    def close(self) -> None:
        for station in self.stations:
            station.close()
        if self.proxy:
            self.proxy.close()
        self.hub.stop()

    # --- acting at a counter --------------------------------------------------------------------------

    def intake(self, station: Station, name: str, procedure: str = CERT) -> str:
        self.clock.advance(1)
        return station.services.intake.intake(
            IntakeRequest(procedure_code=procedure, applicant_name=name, id_number="001203004567", phone="0912345678")
        ).code

    def record(self, station: Station, code: str, kind: str, **details) -> None:
        self.clock.advance(1)
        station.services.lifecycle.record(EventRequest.of(code, kind, **details))

    def sync_all(self, rounds: int = 2) -> None:
        """Every station syncs, twice round, so each one sees what the others pushed."""
        for _ in range(rounds):
            for station in self.stations:
                result = station.sync.sync_once()
                assert result.ok, result.describe()

    # --- the checks -----------------------------------------------------------------------------------

    def hub_events(self) -> list[tuple[str, int]]:
        from counter_app.hub.db import open_hub_database
        from counter_app.hub.models import HubEvent

        db = open_hub_database(self.db_url, migrate=False)
        try:
            with db.read() as session:
                return [tuple(r) for r in session.execute(select(HubEvent.id, HubEvent.hub_seq))]
        finally:
            db.dispose()

    def assert_converged(self) -> None:
        from counter_app.store.models import DossierEventRow

        hub = self.hub_events()
        hub_ids = [event_id for event_id, _ in hub]
        assert len(hub_ids) == len(set(hub_ids)), "an event is stored twice at the hub"
        own: set[str] = set()
        every: list[set[str]] = []
        for station in self.stations:
            with station.services.db.read() as session:
                ids = set(session.scalars(select(DossierEventRow.id)))
                mine = set(
                    session.scalars(select(DossierEventRow.id).where(DossierEventRow.station_id == station.station_id))
                )
                pending = session.scalar(
                    select(func.count()).select_from(DossierEventRow).where(DossierEventRow.hub_ack_at.is_(None))
                )
            assert pending == 0, f"{station.name}: {pending} events still wait to be sent"
            assert not (own & mine)
            own |= mine
            every.append(ids)
        assert set(hub_ids) == own, "the hub has exactly the events the stations wrote"
        for station, ids in zip(self.stations, every):
            assert ids == own, f"{station.name} misses {len(own - ids)} events"
        snapshots = [station_snapshot(s.services) for s in self.stations]
        for station, snapshot in zip(self.stations[1:], snapshots[1:]):
            assert snapshot == snapshots[0], f"{station.name} shows another state than {self.stations[0].name}"
        codes = [row[1] for row in snapshots[0].values()]
        assert len(codes) == len(set(codes)), "two dossiers share a code"
        conflicts = [sorted((c.event_id, c.reason) for c in s.sync.conflicts()) for s in self.stations]
        assert all(c == conflicts[0] for c in conflicts), "stations disagree on the conflicts"
        self.assert_reports_agree()

    def assert_reports_agree(self) -> None:
        from counter_app.sync.client import HubClient
        from counter_app.sync.summaries import compute_summary, periods_to_send

        with HubClient(self.hub.url, self.tokens[0]) as client:
            for period in periods_to_send(self.clock().date()):
                hub_report = client.consolidated(period).body
                hub_figures = {a["agency"]: a["figures"] for a in hub_report["agencies"]}.get(AGENCY, {})
                for station in self.stations:
                    with station.services.db.read() as session:
                        own = compute_summary(session, period, None, self.clock())
                    assert {k: v for k, v in own["figures"].items() if v} == {
                        k: v for k, v in hub_figures.items() if v
                    }, f"{station.name}: its report for {period} differs from the hub's"


@pytest.fixture
def office(tmp_path: Path, hub_db_url: str):
    office = Office(tmp_path, hub_db_url)
    yield office
    office.close()


@pytest.fixture
def proxied_office(tmp_path: Path, hub_db_url: str):
    office = Office(tmp_path, hub_db_url, stations=2, proxied=True)
    yield office
    office.close()


def test_three_counters_share_dossiers_and_reports(office: Office) -> None:
    s1, s2, s3 = office.stations
    a = office.intake(s1, "Nguyễn Thị Hương")
    b = office.intake(s1, "Trần Văn Bình", XRAY)
    c = office.intake(s2, "Lê Minh Châu")
    office.sync_all()
    # Received at counter 1, handed over and resolved at counter 2, result returned at counter 3.
    office.record(s2, a, "handed_over", to_unit="Phòng Quản lý chuyên ngành")
    office.sync_all()
    office.record(s2, a, "resolved", result="Giấy chứng nhận")
    office.sync_all()
    office.record(s3, a, "result_returned", receiver="Nguyễn Thị Hương")
    office.record(s3, c, "withdrawn", reason="Người nộp xin rút")
    office.sync_all()
    office.assert_converged()
    for station in office.stations:
        detail = station.services.dossiers.detail(a)
        assert detail.status == "returned"
        assert detail.applicant_name == "Nguyễn Thị Hương"
        assert station.services.dossiers.detail(b).status == "received"
        assert station.services.dossiers.detail(c).status == "withdrawn"
    # a second push of everything changes nothing (idempotent)
    before = len(office.hub_events())
    office.sync_all(rounds=1)
    assert len(office.hub_events()) == before
    status = s1.sync.status()
    assert status.online and status.pending == 0 and status.last_success is not None and not status.reason


def test_hub_down_for_a_while(office: Office) -> None:
    s1, s2, s3 = office.stations
    a = office.intake(s1, "Phạm Thu Trang")
    office.sync_all()
    office.hub.stop()
    codes = [office.intake(s, person(i)) for i, s in enumerate(office.stations * 3)]
    office.record(s2, a, "handed_over", to_unit="Phòng Kế hoạch")
    for station in office.stations:
        result = station.sync.sync_once()
        assert not result.ok and result.error_kind == "unreachable"
        status = station.sync.status()
        assert status.online is False and status.pending > 0
        assert "Không kết nối được máy chủ" in status.reason
    office.hub.start()
    office.sync_all()
    office.assert_converged()
    assert len(set(codes)) == len(codes)
    assert all(s.services.dossiers.detail(a).status == "in_progress" for s in office.stations)


def test_hub_killed_in_the_middle_of_a_batch(office: Office) -> None:
    s1 = office.stations[0]
    for i in range(30):
        office.intake(s1, person(i))
    (office.control / "hang").write_text("1")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(s1.sync.sync_once()))
    worker.start()
    wait_until(lambda: (office.control / "hanging").exists(), 20, what="the hub to be inside the batch")
    office.hub.kill()
    worker.join(30)
    assert outcome and not outcome[0].ok
    assert office.hub_events() == []  # the killed transaction left nothing behind
    (office.control / "hang").unlink()
    (office.control / "hanging").unlink()
    office.hub.start()
    office.sync_all()
    office.assert_converged()
    assert len(office.hub_events()) == 30


def test_slow_answers_past_the_client_timeout(office: Office, tmp_path: Path) -> None:
    import httpx

    from counter_app.services.sync import SyncService

    s1 = office.stations[0]
    impatient = SyncService(
        s1.services.db, s1.services.settings, clock=office.clock, timeout=httpx.Timeout(1.0, connect=1.0)
    )
    for i in range(5):
        office.intake(s1, person(i))
    (office.control / "slow").write_text("2.5")
    result = impatient.sync_once()
    assert not result.ok and result.error_kind == "timeout"
    wait_until(lambda: len(office.hub_events()) == 5, 10, what="the slow batch to be committed at the hub")
    assert impatient.status().pending == 5  # not acknowledged: the station could not know
    (office.control / "slow").unlink()
    result = impatient.sync_once()
    assert result.ok, result.describe()
    assert result.acknowledged == 5 and result.stored_at_hub == 0  # resent, recognised as duplicates
    office.sync_all()
    office.assert_converged()


def test_lost_push_answer_is_recovered_by_resending(proxied_office: Office) -> None:
    office = proxied_office
    s1, _ = office.stations
    for i in range(4):
        office.intake(s1, person(i))
    calls = {"n": 0}
    original = s1.sync.engine._push

    def push_then_lose(client, agency, station_id, result):
        # The push reaches the hub and is committed; its answer is lost on the way back.
        office.proxy.mode = "drop_response"
        calls["n"] += 1
        try:
            original(client, agency, station_id, result)
        finally:
            office.proxy.mode = "pass"

    s1.sync.engine._push = push_then_lose
    result = s1.sync.sync_once()
    s1.sync.engine._push = original
    assert not result.ok and calls["n"] == 1
    wait_until(lambda: len(office.hub_events()) == 4, 10, what="the hub to hold the batch")
    assert s1.sync.status().pending == 4
    result = s1.sync.sync_once()
    assert result.ok and result.acknowledged == 4 and result.stored_at_hub == 0
    office.sync_all()
    office.assert_converged()


def test_two_counters_offline_the_same_day(office: Office) -> None:
    s1, s2, s3 = office.stations
    resolved = office.intake(s1, "Hoàng Văn Em")
    shared = office.intake(s2, "Đặng Thị Phương")
    office.record(s1, resolved, "resolved", result="Giấy phép")
    office.sync_all()
    office.hub.stop()
    # Both offline, the same morning: each returns the same result (it cannot be merged: a conflict),
    # one hands over `shared` while the other prints its slip again (both fit), both take new dossiers.
    office.record(s1, resolved, "result_returned", receiver="Hoàng Văn Em")
    office.record(s2, resolved, "result_returned", receiver="Hoàng Văn Em (ủy quyền)")
    office.record(s1, shared, "handed_over", to_unit="Phòng Quản lý chuyên ngành")
    office.clock.advance(1)
    s2.services.dossiers.record_printed(shared)
    new_codes = [office.intake(s, person(n)) for n, s in enumerate([s1, s2, s1, s2, s3])]
    office.hub.start()
    office.sync_all()
    office.assert_converged()
    assert len(set(new_codes)) == len(new_codes)
    for station in office.stations:
        conflicts = station.sync.conflicts()
        assert len(conflicts) == 1
        assert conflicts[0].kind == "result_returned" and conflicts[0].code == resolved
        detail = station.services.dossiers.detail(resolved)
        assert detail.status == "returned"
        assert station.services.dossiers.detail(shared).status == "in_progress"
    # the conflict is kept (both events are still there) and can be resolved by a supervisor
    first = s3.sync.conflicts()[0]
    assert s3.sync.resolve_conflict(first.id, "Trả trùng: đã thu hồi bản thứ hai")
    assert s3.sync.conflicts() == [] and s3.sync.status().conflicts == 0
    assert len(s3.sync.conflicts(include_resolved=True)) == 1
