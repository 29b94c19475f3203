"""Accounts and the audit trail shared through a real hub (uvicorn on 127.0.0.1, SQLite and PostgreSQL) between the
counters of one agency (issue 12, items 1-3): an officer created at one counter signs in at another, offline too;
an admin's change at any counter reaches the others; two counters changing one account offline end with the same
version everywhere (later change, then greater station id); a user name taken at two counters is never shared;
only scrypt hashes leave a station; every event reaches the hub with its officer's account id; each station's audit
trail reaches the hub, and an entry edited on a station is refused by the hub, naming it, while the events still go.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_harness import HubThread, make_station

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.accounts import SignInFailed
from counter_app.services.intake import IntakeRequest

AGENCY = "H61.22"
CERT = "1.000001.000.00.00.H61"
ADMIN_PW = "quan-tri-2026!"
HA_PW = "mat-khau-cua-ha-1"


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, minutes: float = 1) -> datetime:
        self.moment += timedelta(minutes=minutes)
        return self.moment


class Agency:
    def __init__(self, tmp_path: Path, db_url: str, counters: int = 2):
        from counter_app.hub import admin
        from counter_app.hub.app import create_app
        from counter_app.hub.db import open_hub_database

        self.db = open_hub_database(db_url)
        tokens = [admin.add_station(self.db, AGENCY, counter=n + 1).token for n in range(counters)]
        self.server = HubThread(create_app(db=self.db)).__enter__()
        self.clock = Clock(datetime(2026, 11, 25, 8, 0, tzinfo=OFFICE_TZ))
        self.stations = [
            make_station(
                tmp_path / f"q{n + 1}", self.clock, agency=AGENCY, counter=n + 1, hub_url=self.server.url, token=t
            )
            for n, t in enumerate(tokens)
        ]

    def sync(self, *which: int) -> None:
        for n in which:
            result = self.stations[n].sync.sync_once()
            assert result.ok, result.describe()

    def close(self) -> None:
        for station in self.stations:
            station.close()
        self.server.__exit__()
        self.db.dispose()

    def hub_scalar(self, query):
        with self.db.read() as session:
            return session.scalar(query)


@pytest.fixture
def agency(tmp_path: Path, hub_db_url: str):
    office = Agency(tmp_path, hub_db_url)
    yield office
    office.close()


def test_an_officer_made_at_one_counter_works_at_another_offline_too(agency: Agency) -> None:
    from counter_app.hub.models import HubAccountChange, HubAuditEntry, HubEvent
    from counter_app.store.models import AuditRow, DossierEventRow

    one, two = agency.stations
    one.services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)  # the set-up admin's first account
    ha = one.services.accounts.create("ha", "Nguyễn Thị Hà", "officer", HA_PW)
    assert two.services.accounts.signed_in().is_setup_admin  # counter 2 has no account yet
    agency.sync(0, 1)
    # counter 2 now has the agency's accounts: its set-up admin is gone, an officer signs in
    assert two.services.accounts.signed_in() is None
    # ... with the hub out of reach: the accounts are kept on the station
    two.services.accounts.sign_in("quantri", ADMIN_PW)
    two.services.settings.set_many({"hub.url": "http://127.0.0.1:9"})
    assert two.sync.sync_once().error_kind == "unreachable"
    officer = two.services.accounts.sign_in("ha", HA_PW)
    assert (officer.account_id, officer.display_name, officer.role) == (ha.id, "Nguyễn Thị Hà", "officer")
    agency.clock.advance(5)
    code = two.services.intake.intake(IntakeRequest(procedure_code=CERT, applicant_name="Trần Thị Mai")).code
    two.services.accounts.sign_in("quantri", ADMIN_PW)
    two.services.settings.set_many({"hub.url": agency.server.url})
    agency.sync(1, 0)
    # the event reached the hub and counter 1 with Hà's account id and name
    with one.services.db.read() as session:
        got = session.execute(select(DossierEventRow.officer, DossierEventRow.officer_id)).one()
    assert tuple(got) == ("Nguyễn Thị Hà", ha.id)
    assert agency.hub_scalar(select(HubEvent.officer_id).where(HubEvent.code == code)) == ha.id
    # only the scrypt hash ever left the station
    with agency.db.read() as session:
        hashes = list(session.scalars(select(HubAccountChange.password_hash)))
    assert len(hashes) == 2 and all(h.startswith("scrypt$") and HA_PW not in h and ADMIN_PW not in h for h in hashes)
    # each station's whole trail is at the hub, chained as on the station
    for station in (one, two):
        with station.services.db.read() as session:
            own = session.scalar(
                select(func.count()).select_from(AuditRow).where(AuditRow.station_id == station.station_id)
            )
        held = agency.hub_scalar(
            select(func.count()).select_from(HubAuditEntry).where(HubAuditEntry.station_id == station.station_id)
        )
        assert held == own > 0


def test_an_admins_change_at_any_counter_reaches_the_others(agency: Agency) -> None:
    one, two = agency.stations
    one.services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    one.services.accounts.create("ha", "Nguyễn Thị Hà", "officer", HA_PW)
    agency.sync(0, 1)
    two.services.accounts.sign_in("quantri", ADMIN_PW)
    agency.clock.advance(3)
    two.services.accounts.set_active("ha", False)
    agency.sync(1, 0)
    with pytest.raises(SignInFailed, match="đã bị khoá"):
        one.services.accounts.sign_in("ha", HA_PW)
    trail = one.services.accounts.trail()
    synced = [e for _, e in trail if e.action == "account.synced" and e.target == "ha"]
    assert synced[-1].detail["active"] is False and synced[-1].detail["from_station"] == two.station_id


def test_two_counters_changing_one_account_offline_end_the_same(agency: Agency) -> None:
    one, two = agency.stations
    one.services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    one.services.accounts.create("ha", "Nguyễn Thị Hà", "officer", HA_PW)
    agency.sync(0, 1)
    two.services.accounts.sign_in("quantri", ADMIN_PW)
    # offline: counter 1 makes Hà a supervisor at 09:00, counter 2 disables her at 09:05; counter 2 syncs first
    agency.clock.moment = datetime(2026, 11, 25, 9, 0, tzinfo=OFFICE_TZ)
    one.services.accounts.set_role("ha", "supervisor")
    agency.clock.moment = datetime(2026, 11, 25, 9, 5, tzinfo=OFFICE_TZ)
    two.services.accounts.set_active("ha", False)
    agency.sync(1, 0, 1)
    seen = [_account(station, "ha") for station in (one, two)]
    assert seen[0] == seen[1] == ("officer", False)  # the later change wins whole, everywhere
    # the same second on both counters: the greater station id wins, whoever syncs first
    agency.clock.moment = datetime(2026, 11, 25, 10, 0, tzinfo=OFFICE_TZ)
    one.services.accounts.set_active("ha", True)
    two.services.accounts.set_role("ha", "supervisor")
    agency.sync(0, 1, 0)
    winner = max((one, two), key=lambda s: s.station_id)
    expected = ("officer", True) if winner is one else ("supervisor", False)
    assert _account(one, "ha") == _account(two, "ha") == expected


def _account(station, username: str) -> tuple[str, bool]:
    info = next(a for a in station.services.accounts.accounts() if a.username == username)
    return info.role.value, info.active


def test_a_user_name_taken_at_two_counters_is_never_shared(agency: Agency) -> None:
    one, two = agency.stations
    one.services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    one.services.accounts.create("ha", "Nguyễn Thị Hà", "officer", HA_PW)
    two.services.accounts.create("quantri2", "Đỗ Minh Trí", "admin", ADMIN_PW)
    two.services.accounts.create("ha", "Hoàng Văn Hà", "officer", "mat-khau-khac-99")
    agency.sync(0)
    result = two.sync.sync_once()
    assert result.ok
    assert any("Tên đăng nhập ha đã là của một tài khoản khác" in w for w in result.warnings)
    assert two.sync.status().warning  # the status says so until it is settled
    agency.sync(0)
    names = {
        station.name: {a.username: a.display_name for a in station.services.accounts.accounts()}
        for station in (one, two)
    }
    assert names["q1"]["ha"] == "Nguyễn Thị Hà" and names["q2"]["ha"] == "Hoàng Văn Hà"  # each keeps its own
    assert names["q1"]["quantri2"] == "Đỗ Minh Trí" and names["q2"]["quantri"] == "Lê Văn Quản"


def test_an_edited_audit_entry_is_refused_by_the_hub_naming_it(agency: Agency) -> None:
    from counter_app.hub.models import HubAuditEntry, HubEvent

    one, _two = agency.stations
    one.services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    agency.sync(0)
    agency.clock.advance(2)
    one.services.intake.intake(IntakeRequest(procedure_code=CERT, applicant_name="Trần Thị Mai"))
    conn = sqlite3.connect(one.services.db.path)
    try:
        with conn:
            conn.execute("DROP TRIGGER audit_entries_append_only")
            seq = conn.execute("SELECT max(seq) FROM audit_entries WHERE action = 'event'").fetchone()[0]
            conn.execute("UPDATE audit_entries SET officer_name = 'Người khác' WHERE seq = ?", (seq,))
    finally:
        conn.close()
    result = one.sync.sync_once()
    assert not result.ok
    assert f"mục số {seq}" in result.message and "bị sửa" in result.message
    assert f"mục số {seq}" in one.sync.status().reason  # what the status bar and `sync --status` show
    held = agency.hub_scalar(select(func.max(HubAuditEntry.seq)).where(HubAuditEntry.station_id == one.station_id))
    assert held == seq - 1
    assert agency.hub_scalar(select(func.count()).select_from(HubEvent)) == 1  # the dossier's event still went


def test_the_receipts_check_value_opens_the_public_look_up(agency: Agency) -> None:
    import io

    import httpx
    from pypdf import PdfReader

    one, two = agency.stations
    code = one.services.intake.intake(IntakeRequest(procedure_code=CERT, applicant_name="Trần Thị Mai")).code
    agency.sync(0, 1)
    check = one.services.dossiers.receipt_data(code).status_check
    assert len(check) == 6
    assert two.services.dossiers.receipt_data(code).status_check == check  # a reprint at another counter: the same
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(one.services.dossiers.receipt_pdf(code))).pages)
    assert f"Mã kiểm tra: {check}" in text and code in text
    url = f"{agency.server.url}/api/v1/public/status/{code}"
    assert httpx.get(url, params={"check": check.lower()}).json()["status"] == "received"
    assert httpx.get(url).status_code == 404
