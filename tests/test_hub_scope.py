"""Issue 12 on the hub, on a real uvicorn server on 127.0.0.1, with SQLite and with PostgreSQL: the public status
look-up needs the check value printed on the receipt (a wrong or missing one is the same 404 as an unknown code,
and guessing it runs into the rate limit); reader tokens reach the consolidated report and nothing else; a station
token writes only its own agency, counter and station (events, summaries, audit entries, accounts); every event
carries its officer's account id and name; audit entries are checked against the station's chain on arrival (a
tampered entry is refused, naming it); account versions are hashes only, bound to an audit entry, one owner per
user name."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import httpx
import pytest
from sync_harness import HubThread

from counter_app.domain.audit import GENESIS, AuditEntry, entry_hash
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.passwords import hash_password

AGENCY = "H61.22"
CHECK = "K7P2QX"
CODE = "H61.22-261125-1001"


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def hub(hub_db_url: str):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database
    from counter_app.hub.limits import RateLimits

    db = open_hub_database(hub_db_url)
    tokens = {
        "s1": admin.add_station(db, AGENCY, counter=1).token,
        "s2": admin.add_station(db, AGENCY, counter=2).token,
        "other": admin.add_station(db, "H61.30", counter=1).token,
        "reader": admin.add_reader(db, "Văn phòng UBND tỉnh").token,
    }
    ticks = Ticks()
    app = create_app(db=db, limits=RateLimits(status_per_minute=5), limit_clock=ticks)
    with HubThread(app) as server:
        server.db = db
        server.tokens = tokens
        server.ticks = ticks
        server.stations = {"s1": str(uuid.uuid4()), "s2": str(uuid.uuid4()), "other": str(uuid.uuid4())}
        yield server
    db.dispose()


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def event(station: str, seq: int, dossier: str, kind: str = "received", code: str = CODE, **payload) -> dict:
    body = {"code": code, "due_at": "2026-11-30T17:00:00+07:00", "applicant_name": "Nguyễn Thị Hương", "check": CHECK}
    body = body if kind == "received" else {}
    body.update(payload)
    return {
        "id": str(uuid.uuid4()),
        "dossier_id": dossier,
        "station_id": station,
        "station_seq": seq,
        "kind": kind,
        "officer": "Trần Văn Bình",
        "officer_id": "4f1c2a34-93d1-4a51-8f1e-1b2c3d4e5f60",
        "occurred_at": f"2026-11-25T09:{seq:02d}:00+07:00",
        "payload": body,
    }


def push_events(hub, who: str, events: list[dict], agency: str = AGENCY) -> httpx.Response:
    station = hub.stations[who]
    return httpx.post(
        f"{hub.url}/api/v1/events",
        json={"agency": agency, "station_id": station, "events": events},
        headers=auth(hub.tokens[who]),
        timeout=10,
    )


def chain(station: str, count: int, start: int = 1, prev: str = GENESIS) -> list[AuditEntry]:
    """`count` entries of `station`'s trail, chained exactly as the station's store chains them."""
    entries = []
    for seq in range(start, start + count):
        entry = AuditEntry(
            station_id=station,
            seq=seq,
            at=datetime(2026, 11, 25, 9, seq % 60, tzinfo=OFFICE_TZ),
            officer_id=None,
            officer_name="Quản trị",
            action="account.create" if seq == 1 else "event",
            target="binh" if seq == 1 else CODE,
            detail={"role": "officer"} if seq == 1 else {"kind": "received"},
            prev_hash=prev,
        )
        entry = replace(entry, hash=entry_hash(entry, prev))
        prev = entry.hash
        entries.append(entry)
    return entries


def wire(entry: AuditEntry) -> dict:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="seconds"),
        "officer_id": entry.officer_id,
        "officer_name": entry.officer_name,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def push_audit(hub, who: str, entries: list[dict], agency: str = AGENCY, counter: int | None = None) -> httpx.Response:
    return httpx.post(
        f"{hub.url}/api/v1/audit",
        json={"agency": agency, "station_id": hub.stations[who], "counter": counter, "entries": entries},
        headers=auth(hub.tokens[who]),
        timeout=10,
    )


def account(who_station: str, audit_hash: str, **changes) -> dict:
    body = {
        "id": "9b0c1d2e-3f40-4152-8637-48596a7b8c9d",
        "username": "binh",
        "display_name": "Trần Văn Bình",
        "role": "officer",
        "password_hash": hash_password("mat-khau-rat-dai-1", n=2**10),
        "active": True,
        "must_change_password": False,
        "created_at": "2026-11-25T09:01:00+07:00",
        "changed_at": "2026-11-25T09:01:00+07:00",
        "changed_station": who_station,
        "audit_hash": audit_hash,
    }
    body.update(changes)
    return body


def push_accounts(hub, who: str, accounts: list[dict], agency: str = AGENCY) -> httpx.Response:
    return httpx.post(
        f"{hub.url}/api/v1/accounts",
        json={"agency": agency, "station_id": hub.stations[who], "accounts": accounts},
        headers=auth(hub.tokens[who]),
        timeout=10,
    )


# --- item 5: the public look-up -------------------------------------------------------------------------------


def test_the_look_up_needs_the_check_value_and_tells_nothing_else(hub) -> None:
    s1 = hub.stations["s1"]
    dossier = str(uuid.uuid4())
    assert push_events(hub, "s1", [event(s1, 1, dossier)]).status_code == 200
    url = f"{hub.url}/api/v1/public/status/{CODE}"
    found = httpx.get(url, params={"check": "k7p 2qx"})  # as a citizen types it from paper
    assert found.status_code == 200
    assert set(found.json()) == {"code", "status", "status_label", "appointment_date"}
    for personal in ("Nguyễn", "Trần", "4f1c2a34", CHECK):
        assert personal not in found.text
    unknown = httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-1999", params={"check": CHECK})
    for answer in (httpx.get(url), httpx.get(url, params={"check": "K7P2QY"}), unknown):
        assert answer.status_code == 404
        assert answer.json() == unknown.json()  # a code that exists tells nothing more than one that does not


def test_a_dossier_without_a_check_value_is_not_found_publicly(hub) -> None:
    s1 = hub.stations["s1"]
    older = event(s1, 1, str(uuid.uuid4()))
    del older["payload"]["check"]  # received before check values existed
    assert push_events(hub, "s1", [older]).status_code == 200
    for check in ("", "000000", "None"):
        assert httpx.get(f"{hub.url}/api/v1/public/status/{CODE}", params={"check": check}).status_code == 404


def test_guessing_check_values_runs_into_the_rate_limit(hub) -> None:
    s1 = hub.stations["s1"]
    assert push_events(hub, "s1", [event(s1, 1, str(uuid.uuid4()))]).status_code == 200
    url = f"{hub.url}/api/v1/public/status/{CODE}"
    answers = [httpx.get(url, params={"check": f"AAAA{a}{b}"}).status_code for a in "23" for b in "2345"]
    assert answers[:5] == [404] * 5 and set(answers[5:]) == {429}
    assert httpx.get(url, params={"check": CHECK}).status_code == 429  # even the right one: the address waits
    hub.ticks.now += 12  # 5 a minute: one more every 12 s
    assert httpx.get(url, params={"check": CHECK}).status_code == 200


# --- token scope ----------------------------------------------------------------------------------------------


def test_a_reader_sees_the_consolidated_report_and_nothing_else(hub) -> None:
    headers = auth(hub.tokens["reader"])
    station = str(uuid.uuid4())
    ok = httpx.get(f"{hub.url}/api/v1/reports/consolidated", params={"period": "2026-11"}, headers=headers)
    assert ok.status_code == 200
    calls = [
        ("GET", "/me", None),
        ("GET", "/events", None),
        ("POST", "/events", {"agency": AGENCY, "station_id": station, "events": []}),
        ("PUT", "/summaries/2026-11", {"revision": 1, "computed_at": "2026-11-25T10:00:00+07:00", "figures": {}}),
        ("POST", "/audit", {"agency": AGENCY, "station_id": station, "entries": []}),
        ("GET", "/accounts", None),
        ("POST", "/accounts", {"agency": AGENCY, "station_id": station, "accounts": []}),
    ]
    for method, path, body in calls:
        r = httpx.request(method, f"{hub.url}/api/v1{path}", json=body, headers=headers, timeout=10)
        assert r.status_code == 403, (method, path, r.status_code)
        assert r.json()["reason"] == "not_a_station"


def test_a_station_writes_only_its_own_agency_counter_and_station(hub) -> None:
    s1 = hub.stations["s1"]
    # events: another agency's batch, another counter's code block
    assert push_events(hub, "s1", [event(s1, 1, str(uuid.uuid4()))], agency="H61.30").json()["reason"] == "other_agency"
    foreign_block = event(s1, 1, str(uuid.uuid4()), code="H61.22-261125-2001")  # counter 2's numbers
    r = push_events(hub, "s1", [foreign_block])
    assert r.status_code == 403 and r.json()["reason"] == "other_counter"
    # audit entries: another agency, another counter, another station
    entries = [wire(e) for e in chain(s1, 2)]
    assert push_audit(hub, "s1", entries, agency="H61.30").json()["reason"] == "other_agency"
    r = push_audit(hub, "s1", entries, counter=2)
    assert r.status_code == 403 and r.json()["reason"] == "other_counter"
    assert push_audit(hub, "s1", entries, counter=1).status_code == 200  # binds the token to s1's station id
    hub.stations["s1"] = str(uuid.uuid4())  # the same token now speaking for another PC
    r = push_audit(hub, "s1", [wire(e) for e in chain(hub.stations["s1"], 1)])
    assert r.status_code == 403 and r.json()["reason"] == "other_station"
    hub.stations["s1"] = s1
    # accounts: another agency; a version made on another station
    binh = account(s1, entries[0]["hash"])
    assert push_accounts(hub, "s1", [binh], agency="H61.30").json()["reason"] == "other_agency"
    r = push_accounts(hub, "s1", [account(hub.stations["s2"], entries[0]["hash"])])
    assert r.status_code == 403 and r.json()["reason"] == "other_station"
    # summaries carry no agency: they are filed under the token's own, whatever the station claims
    put = httpx.put(
        f"{hub.url}/api/v1/summaries/2026-11",
        json={"revision": 1, "computed_at": "2026-11-25T10:00:00+07:00", "figures": {"received": 3}},
        headers=auth(hub.tokens["s1"]),
    )
    assert put.status_code == 200
    theirs = httpx.get(
        f"{hub.url}/api/v1/reports/consolidated", params={"period": "2026-11"}, headers=auth(hub.tokens["other"])
    ).json()
    assert theirs["total"] == {}  # H61.30 sees nothing of H61.22's figures


# --- item 2: the officer's account on every event ------------------------------------------------------------


def test_every_event_carries_its_officers_account_id_and_name(hub) -> None:
    from sqlalchemy import select

    from counter_app.hub.models import HubEvent

    s1 = hub.stations["s1"]
    sent = event(s1, 1, str(uuid.uuid4()))
    assert push_events(hub, "s1", [sent]).status_code == 200
    with hub.db.read() as session:
        stored = session.execute(select(HubEvent.officer, HubEvent.officer_id)).one()
    assert tuple(stored) == ("Trần Văn Bình", "4f1c2a34-93d1-4a51-8f1e-1b2c3d4e5f60")
    pulled = httpx.get(f"{hub.url}/api/v1/events", headers=auth(hub.tokens["s2"])).json()["events"]
    assert [(e["officer"], e["officer_id"]) for e in pulled] == [stored]
    # an event of a store without accounts: the name alone
    anonymous = event(s1, 2, sent["dossier_id"], kind="handed_over", to_unit="Phòng Tư pháp")
    anonymous["officer_id"] = None
    assert push_events(hub, "s1", [anonymous]).status_code == 200
    # the same event resent with another officer id is another event's content
    sent["officer_id"] = str(uuid.uuid4())
    assert push_events(hub, "s1", [sent]).status_code == 409


# --- item 3: audit entries checked on arrival ---------------------------------------------------------------


def test_the_hub_checks_each_stations_audit_chain_on_arrival(hub) -> None:
    from sqlalchemy import func, select

    from counter_app.hub.models import HubAuditEntry

    s1 = hub.stations["s1"]
    entries = chain(s1, 5)
    first = push_audit(hub, "s1", [wire(e) for e in entries[:3]])
    assert first.status_code == 200 and first.json() == {"stored": 3, "duplicates": 0, "last_seq": 3}
    # resent (a lost answer) with the rest: the first three are duplicates
    again = push_audit(hub, "s1", [wire(e) for e in entries])
    assert again.json() == {"stored": 2, "duplicates": 3, "last_seq": 5}

    more = chain(s1, 3, start=6, prev=entries[-1].hash)
    tampered = wire(more[1])  # entry 7: its officer changed after it was hashed
    tampered["officer_name"] = "Người khác"
    refused = push_audit(hub, "s1", [wire(more[0]), tampered, wire(more[2])])
    assert refused.status_code == 409
    body = refused.json()
    assert body["reason"] == "audit_chain_broken" and body["seq"] == 7 and body["station_id"] == s1
    assert "mục số 7" in body["detail"] and "bị sửa" in body["detail"]
    with hub.db.read() as session:  # nothing of the batch was kept, not even entry 6
        assert session.scalar(select(func.max(HubAuditEntry.seq)).where(HubAuditEntry.station_id == s1)) == 5

    # an entry missing (8 after 5), an entry that does not link to the hub's last one, an edited entry resent
    gap = push_audit(hub, "s1", [wire(more[2])])
    assert gap.status_code == 409 and gap.json()["seq"] == 8 and "bị xoá" in gap.json()["detail"]
    relinked = chain(s1, 1, start=6, prev="f" * 64)
    assert push_audit(hub, "s1", [wire(relinked[0])]).json()["seq"] == 6
    edited = wire(entries[1])
    edited["hash"] = "a" * 64
    r = push_audit(hub, "s1", [edited])
    assert r.status_code == 409 and r.json()["seq"] == 2
    # the good continuation is taken
    assert push_audit(hub, "s1", [wire(e) for e in more]).json()["last_seq"] == 8


# --- item 1: accounts -----------------------------------------------------------------------------------------


def test_account_versions_are_hashes_bound_to_the_trail_and_reach_the_agencys_stations(hub) -> None:
    s1, s2 = hub.stations["s1"], hub.stations["s2"]
    entries = chain(s1, 1)
    binh = account(s1, entries[0].hash)
    # never a password in clear
    r = push_accounts(hub, "s1", [{**binh, "password_hash": "mat-khau-rat-dai-1"}])
    assert r.status_code == 422 and r.json()["reason"] == "not_a_hash"
    # a version whose audit entry the hub has not got is held back
    r = push_accounts(hub, "s1", [binh])
    assert r.status_code == 200 and r.json()["acknowledged"] == []
    assert r.json()["refused"][0]["reason"] == "unaudited"
    assert push_audit(hub, "s1", [wire(entries[0])]).status_code == 200
    r = push_accounts(hub, "s1", [binh])
    assert r.json() == {"acknowledged": [binh["id"]], "refused": []}
    assert push_accounts(hub, "s1", [binh]).json()["acknowledged"] == [binh["id"]]  # a resend is welcome

    pulled = httpx.get(f"{hub.url}/api/v1/accounts", headers=auth(hub.tokens["s2"])).json()
    assert [(a["id"], a["username"], a["password_hash"]) for a in pulled["accounts"]] == [
        (binh["id"], "binh", binh["password_hash"])
    ]
    assert pulled["more"] is False
    nothing = httpx.get(
        f"{hub.url}/api/v1/accounts", params={"after": pulled["cursor"]}, headers=auth(hub.tokens["s2"])
    )
    assert nothing.json()["accounts"] == []
    # another agency sees none of them
    assert httpx.get(f"{hub.url}/api/v1/accounts", headers=auth(hub.tokens["other"])).json()["accounts"] == []

    # the same user name made offline on counter 2 for another person: refused, named
    s2_entries = chain(s2, 1)
    assert push_audit(hub, "s2", [wire(s2_entries[0])]).status_code == 200
    twin = account(s2, s2_entries[0].hash, id=str(uuid.uuid4()))
    r = push_accounts(hub, "s2", [twin]).json()
    assert r["acknowledged"] == [] and r["refused"][0]["reason"] == "username_taken"
    assert "binh" in r["refused"][0]["detail"]
