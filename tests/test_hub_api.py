"""The hub's HTTP API on a real uvicorn server on 127.0.0.1, with SQLite and with PostgreSQL: tokens, refusals
(401/403/413/422, never a 500, never a partial write), idempotent pushes, the pull cursor, summaries with
revisions, the consolidated report (JSON and XLSX), the public status look-up without personal data, the
summaries-only policy, the published OpenAPI schema, and the administration commands."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from sync_harness import ROOT, HubThread

from counter_app import cli

AGENCY = "H61.22"
CHECK = "K7P2QX"  # the check value printed on the receipt (domain/status_check)


@pytest.fixture
def hub(hub_db_url: str):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(hub_db_url)
    tokens = {
        "s1": admin.add_station(db, AGENCY, counter=1).token,
        "s2": admin.add_station(db, AGENCY, counter=2).token,
        "other": admin.add_station(db, "H61.30", counter=1).token,
        "reader": admin.add_reader(db, "Văn phòng UBND tỉnh").token,
    }
    app = create_app(db=db, max_batch=50, max_body=256 * 1024)
    with HubThread(app) as server:
        server.db = db
        server.tokens = tokens
        yield server
    db.dispose()


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


def event(
    station: str, seq: int, dossier: str, kind: str = "received", code: str = "H61.22-261125-1001", **payload
) -> dict:
    body = (
        {
            "code": code,
            "due_at": "2026-11-30T17:00:00+07:00",
            "applicant_name": "Nguyễn Thị Hương",
            "id_number": "001203004567",
            "phone": "0912345678",
            "check": CHECK,
        }
        if kind == "received"
        else {}
    )
    body.update(payload)
    return {
        "id": str(uuid.uuid4()),
        "dossier_id": dossier,
        "station_id": station,
        "station_seq": seq,
        "kind": kind,
        "officer": "Cán bộ A",
        "occurred_at": f"2026-11-25T09:{seq:02d}:00+07:00",
        "payload": body,
    }


def push(hub, token: str, station: str, events: list[dict], agency: str = AGENCY) -> httpx.Response:
    return httpx.post(
        f"{hub.url}/api/v1/events",
        json={"agency": agency, "station_id": station, "events": events},
        headers=auth(token),
        timeout=10,
    )


def hub_event_count(hub) -> int:
    from sqlalchemy import func, select

    from counter_app.hub.models import HubEvent

    with hub.db.read() as session:
        return session.scalar(select(func.count()).select_from(HubEvent))


def test_tokens_agencies_and_refusals(hub) -> None:
    s1 = str(uuid.uuid4())
    dossier = str(uuid.uuid4())
    good = [event(s1, 1, dossier)]
    assert httpx.get(f"{hub.url}/api/v1/me").status_code == 401
    assert httpx.get(f"{hub.url}/api/v1/me", headers=auth("cah_not-a-token")).status_code == 401
    r = push(hub, "", s1, good)
    assert r.status_code == 401 and r.json()["reason"] == "token_missing"
    assert push(hub, "cah_wrong", s1, good).status_code == 401
    # another agency's token, or this agency's token sending another agency's data
    r = push(hub, hub.tokens["other"], s1, good)
    assert r.status_code == 403 and r.json()["reason"] == "other_agency"
    r = push(hub, hub.tokens["s1"], s1, good, agency="H61.30")
    assert r.status_code == 403
    r = push(hub, hub.tokens["s1"], s1, [event(s1, 1, dossier, code="H61.30-261125-1001")])
    assert r.status_code == 403 and r.json()["reason"] == "other_agency"
    # a reader may not push
    assert push(hub, hub.tokens["reader"], s1, good).status_code == 403
    # malformed: 422, nothing written
    bad = [*good, {**event(s1, 2, dossier, "handed_over"), "occurred_at": "yesterday"}]
    r = push(hub, hub.tokens["s1"], s1, bad)
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "events", 1, "occurred_at"]]  # FastAPI's shape
    r = httpx.post(
        f"{hub.url}/api/v1/events",
        content=b"{not json",
        headers={**auth(hub.tokens["s1"]), "Content-Type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"
    assert "not json" not in r.text  # the body is not echoed back
    for broken in (b"\xff\xfe{", b'{"agency": "H61.22\xff", "station_id": "x", "events": []}'):  # not UTF-8
        r = httpx.post(
            f"{hub.url}/api/v1/events",
            content=broken,
            headers={**auth(hub.tokens["s1"]), "Content-Type": "application/json"},
        )
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid", r.text
    # the token is checked before the body is read: a stranger learns nothing of the body's rules
    r = httpx.post(f"{hub.url}/api/v1/events", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    # too many events, or too many bytes: 413, nothing written
    many = [event(s1, n + 1, str(uuid.uuid4()), code=f"H61.22-261125-{1001 + n}") for n in range(51)]
    r = push(hub, hub.tokens["s1"], s1, many)
    assert r.status_code == 413 and r.json()["reason"] == "batch_too_large"
    r = httpx.post(f"{hub.url}/api/v1/events", content=b"x" * (300 * 1024), headers=auth(hub.tokens["s1"]))
    assert r.status_code == 413
    assert hub_event_count(hub) == 0
    # a good batch, twice: stored once
    r = push(hub, hub.tokens["s1"], s1, good)
    assert r.status_code == 200 and r.json()["stored"] == 1
    r = push(hub, hub.tokens["s1"], s1, good)
    assert r.status_code == 200 and r.json() == {"acknowledged": [good[0]["id"]], "stored": 0, "duplicates": 1}
    assert hub_event_count(hub) == 1
    # the token is now bound to its station: another station id with it is refused
    other_station = str(uuid.uuid4())
    r = push(
        hub, hub.tokens["s1"], other_station, [event(other_station, 1, str(uuid.uuid4()), code="H61.22-261125-1002")]
    )
    assert r.status_code == 403 and r.json()["reason"] == "other_station"
    me = httpx.get(f"{hub.url}/api/v1/me", headers=auth(hub.tokens["s1"])).json()
    assert me["agency"] == AGENCY and me["counter"] == 1 and me["station_id"] == s1 and not me["summaries_only"]


def test_a_batch_is_all_or_nothing(hub) -> None:
    s1 = str(uuid.uuid4())
    first = event(s1, 1, str(uuid.uuid4()))
    assert push(hub, hub.tokens["s1"], s1, [first]).status_code == 200
    # a batch with one event of another station: refused whole, the good one in it is not stored
    intruder = str(uuid.uuid4())
    batch = [
        event(s1, 2, str(uuid.uuid4()), code="H61.22-261125-1002"),
        event(intruder, 1, str(uuid.uuid4()), code="H61.22-261125-1003"),
    ]
    assert push(hub, hub.tokens["s1"], s1, batch).status_code == 403
    assert hub_event_count(hub) == 1


def test_pull_serves_the_other_stations_of_the_agency_after_the_cursor(hub) -> None:
    s1, s2, s3 = (str(uuid.uuid4()) for _ in range(3))
    d1, d2 = str(uuid.uuid4()), str(uuid.uuid4())
    e1 = [event(s1, 1, d1), event(s1, 2, d1, "handed_over", to_unit="Phòng A")]
    e2 = [event(s2, 1, d2, code="H61.22-261125-2001")]
    assert push(hub, hub.tokens["s1"], s1, e1).status_code == 200
    assert push(hub, hub.tokens["s2"], s2, e2).status_code == 200
    push(hub, hub.tokens["other"], s3, [event(s3, 1, str(uuid.uuid4()), code="H61.30-261125-1001")], agency="H61.30")
    page = httpx.get(f"{hub.url}/api/v1/events", params={"after": 0, "limit": 1}, headers=auth(hub.tokens["s2"])).json()
    assert [e["id"] for e in page["events"]] == [e1[0]["id"]] and page["more"]
    page = httpx.get(
        f"{hub.url}/api/v1/events", params={"after": page["cursor"]}, headers=auth(hub.tokens["s2"])
    ).json()
    assert [e["id"] for e in page["events"]] == [e1[1]["id"]] and not page["more"]
    assert page["events"][0]["payload"] == {"to_unit": "Phòng A"}
    # station 1 gets station 2's event only; the other agency sees none of these
    got = httpx.get(f"{hub.url}/api/v1/events", headers=auth(hub.tokens["s1"])).json()
    assert [e["id"] for e in got["events"]] == [e2[0]["id"]]
    assert httpx.get(f"{hub.url}/api/v1/events", headers=auth(hub.tokens["other"])).json()["events"] == []
    assert (
        httpx.get(f"{hub.url}/api/v1/events", params={"after": -1}, headers=auth(hub.tokens["s1"])).status_code == 422
    )


def test_status_look_up_tells_status_and_date_only(hub) -> None:
    s1 = str(uuid.uuid4())
    d1 = str(uuid.uuid4())
    push(hub, hub.tokens["s1"], s1, [event(s1, 1, d1), event(s1, 2, d1, "resolved", result="Giấy phép")])
    r = httpx.get(f"{hub.url}/api/v1/public/status/h61.22-261125-1001", params={"check": "k7p-2qx"})
    assert r.status_code == 200
    assert r.json() == {
        "code": "H61.22-261125-1001",
        "status": "resolved",
        "status_label": "Có kết quả, chờ trả",
        "appointment_date": "2026-11-30",
    }
    text = r.text
    for personal in ("Nguyễn", "001203004567", "0912345678", "Cán bộ"):
        assert personal not in text
    assert httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-9999").status_code == 404
    assert httpx.get(f"{hub.url}/api/v1/public/status/'; drop table").status_code == 404


def test_summaries_latest_revision_wins_and_the_consolidated_report(hub) -> None:
    from openpyxl import load_workbook

    def put(token: str, period: str, revision: int, received: int) -> httpx.Response:
        body = {
            "revision": revision,
            "computed_at": "2026-11-25T10:00:00+07:00",
            "figures": {"received_total": received, "received_direct": received},
            "groups": {"ATBX": {"received_total": received}},
        }
        return httpx.put(f"{hub.url}/api/v1/summaries/{period}", json=body, headers=auth(token))

    assert put(hub.tokens["s1"], "2026-11", 1, 5).json()["stored"]
    assert put(hub.tokens["s1"], "2026-11", 2, 7).json()["current_revision"] == 2
    late = put(hub.tokens["s1"], "2026-11", 1, 5)  # an old revision resent: idempotent, does not win
    assert late.status_code == 200 and not late.json()["stored"] and late.json()["current_revision"] == 2
    clash = put(hub.tokens["s1"], "2026-11", 2, 9)
    assert clash.status_code == 409 and clash.json()["current_revision"] == 2
    assert put(hub.tokens["s2"], "2026-11", 1, 3).status_code == 200
    assert put(hub.tokens["other"], "2026-11", 4, 10).status_code == 200
    assert put(hub.tokens["s1"], "2026-13", 1, 1).status_code == 422
    assert put(hub.tokens["reader"], "2026-11", 1, 1).status_code == 403
    # a station sees its own agency; the reader sees every agency and the total
    own = httpx.get(
        f"{hub.url}/api/v1/reports/consolidated", params={"period": "2026-11"}, headers=auth(hub.tokens["s2"])
    ).json()
    assert [a["agency"] for a in own["agencies"]] == [AGENCY]
    assert own["agencies"][0]["figures"]["received_total"] == 10 and own["agencies"][0]["stations"] == 2
    every = httpx.get(
        f"{hub.url}/api/v1/reports/consolidated", params={"period": "2026-11"}, headers=auth(hub.tokens["reader"])
    ).json()
    assert [a["agency"] for a in every["agencies"]] == [AGENCY, "H61.30"]
    assert every["total"]["received_total"] == 20
    assert every["agencies"][0]["groups"]["ATBX"]["received_total"] == 10
    xlsx = httpx.get(
        f"{hub.url}/api/v1/reports/consolidated",
        params={"period": "2026-11", "format": "xlsx"},
        headers=auth(hub.tokens["reader"]),
    )
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[-1][0] == "TỔNG CỘNG" and 20 in rows[-1]
    assert httpx.get(f"{hub.url}/api/v1/reports/consolidated", params={"period": "2026-11"}).status_code == 401


def test_summaries_only_agency_receives_no_events(hub) -> None:
    from counter_app.hub.admin import set_agency

    set_agency(hub.db, AGENCY, summaries_only=True)
    s1 = str(uuid.uuid4())
    r = push(hub, hub.tokens["s1"], s1, [event(s1, 1, str(uuid.uuid4()))])
    assert r.status_code == 403 and r.json()["reason"] == "summaries_only"
    assert httpx.get(f"{hub.url}/api/v1/events", headers=auth(hub.tokens["s1"])).status_code == 403
    assert httpx.get(f"{hub.url}/api/v1/me", headers=auth(hub.tokens["s1"])).json()["summaries_only"] is True
    assert hub_event_count(hub) == 0


def test_openapi_is_published(hub) -> None:
    schema = httpx.get(f"{hub.url}/openapi.json").json()
    assert {
        "/api/v1/events",
        "/api/v1/summaries/{period}",
        "/api/v1/reports/consolidated",
        "/api/v1/public/status/{code}",
        "/api/v1/me",
    } <= set(schema["paths"])
    pushed = schema["paths"]["/api/v1/events"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"agency", "station_id", "events"} <= set(pushed["properties"])  # the push's body is documented
    assert httpx.get(f"{hub.url}/docs").status_code == 200


def test_add_station_cli_prints_the_token_last_and_refuses_a_taken_counter(tmp_path: Path) -> None:
    from counter_app.hub.admin import hash_token
    from counter_app.hub.db import open_hub_database

    db = tmp_path / "hub.sqlite3"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "counter_app", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
        )

    assert run("hub", "add-station", "--db", str(db), "--agency", "H61.22").returncode == 2  # a path is not a URL
    assert not db.exists()
    first = run("hub", "add-station", "--db", f"sqlite:///{db}", "--agency", "h61.22", "--counter", "3")
    assert first.returncode == 0, first.stderr
    token = first.stdout.strip().splitlines()[-1]
    assert token.startswith("cah_") and len(token) > 40
    again = run("hub", "add-station", "--db", f"sqlite:///{db}", "--agency", "H61.22", "--counter", "3")
    assert again.returncode != 0 and "quầy 3" in again.stderr
    auto = run("hub", "add-station", "--db", f"sqlite:///{db}", "--agency", "H61.22")
    assert auto.returncode == 0 and "quầy 1" in auto.stdout
    hub = open_hub_database(f"sqlite:///{db}", migrate=False)
    try:
        from sqlalchemy import select

        from counter_app.hub.models import Client

        with hub.read() as session:
            hashes = list(session.scalars(select(Client.token_hash)))
    finally:
        hub.dispose()
    assert hash_token(token) in hashes and token not in hashes  # stored hashed only
    assert token not in db.read_bytes().decode("latin-1")


def test_a_new_token_for_the_same_station_takes_over_after_revocation(hub) -> None:
    from counter_app.hub import admin

    s1 = str(uuid.uuid4())
    first = [event(s1, 1, str(uuid.uuid4()))]
    assert push(hub, hub.tokens["s1"], s1, first).status_code == 200
    replacement = admin.add_station(hub.db, AGENCY, counter=3).token
    # (the replacement token is for counter 3, so the station writes codes of counter 3's block from now on)
    r = push(hub, replacement, s1, [event(s1, 2, str(uuid.uuid4()), code="H61.22-261125-3001")])
    assert r.status_code == 403  # the old token is still in force
    client_id = httpx.get(f"{hub.url}/api/v1/me", headers=auth(hub.tokens["s1"])).json()["client_id"]
    admin.revoke(hub.db, client_id)
    assert httpx.get(f"{hub.url}/api/v1/me", headers=auth(hub.tokens["s1"])).status_code == 401
    second = [event(s1, 2, str(uuid.uuid4()), code="H61.22-261125-3001")]
    assert push(hub, replacement, s1, second).status_code == 200
    # its own events pushed under the old token are not served back to it, and the cursor still moves on
    page = httpx.get(f"{hub.url}/api/v1/events", params={"limit": 1}, headers=auth(replacement)).json()
    assert page["events"] == [] and page["cursor"] > 0


# --- the hub checks, not trusts (issue 14): own agency's dossiers, own counter's codes, bounded events and
# summaries, the same id with other content refused (409, listed), a 64-bit cursor, --db a URL, no plain HTTP
# off loopback unless allowed.


def test_a_station_cannot_touch_another_agencys_dossier(hub) -> None:
    s1, other = str(uuid.uuid4()), str(uuid.uuid4())
    dossier = str(uuid.uuid4())
    assert push(hub, hub.tokens["s1"], s1, [event(s1, 1, dossier)]).status_code == 200
    before = httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-1001", params={"check": CHECK}).json()
    forged = event(other, 1, dossier, kind="resolved", result="xong")
    r = push(hub, hub.tokens["other"], other, [forged], agency="H61.30")
    assert (
        r.status_code == 403 and r.json()["reason"] == "other_agency_dossier" and r.json()["dossier_ids"] == [dossier]
    )
    assert httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-1001", params={"check": CHECK}).json() == before
    assert hub_event_count(hub) == 1


def test_a_received_code_must_lie_in_the_pushing_counters_block(hub) -> None:
    s1 = str(uuid.uuid4())
    r = push(hub, hub.tokens["s1"], s1, [event(s1, 1, str(uuid.uuid4()), code=f"{AGENCY}-261125-2001")])
    assert r.status_code == 403 and r.json()["reason"] == "other_counter"
    assert (
        push(hub, hub.tokens["s1"], s1, [event(s1, 1, str(uuid.uuid4()), code=f"{AGENCY}-261125-3001")]).status_code
        == 403
    )
    assert hub_event_count(hub) == 0


def test_one_event_is_bounded(hub) -> None:
    s1 = str(uuid.uuid4())
    huge = event(s1, 1, str(uuid.uuid4()), note="x" * 70_000)
    r = push(hub, hub.tokens["s1"], s1, [huge])
    assert r.status_code == 413 and r.json()["reason"] == "event_too_large"
    assert hub_event_count(hub) == 0


def test_the_same_event_id_with_other_content_is_refused_and_listed(hub) -> None:
    s1 = str(uuid.uuid4())
    first = event(s1, 1, str(uuid.uuid4()))
    assert push(hub, hub.tokens["s1"], s1, [first]).status_code == 200
    assert push(hub, hub.tokens["s1"], s1, [first]).json()["duplicates"] == 1  # a resend is welcome
    changed = {**first, "payload": {**first["payload"], "applicant_name": "Người Khác"}}
    fresh = event(s1, 2, str(uuid.uuid4()), code=f"{AGENCY}-261125-1002")
    r = push(hub, hub.tokens["s1"], s1, [fresh, changed])
    assert r.status_code == 409 and r.json()["conflicting_ids"] == [first["id"]]
    assert hub_event_count(hub) == 1  # all or nothing: `fresh` was not kept either


def test_summary_figures_are_bounded_counts(hub) -> None:
    def put(figures: dict, groups: dict | None = None) -> httpx.Response:
        body = {"revision": 1, "computed_at": "2026-11-25T10:00:00+07:00", "figures": figures, "groups": groups or {}}
        return httpx.put(f"{hub.url}/api/v1/summaries/2026-11", json=body, headers=auth(hub.tokens["s1"]))

    assert put({"received_total": -5}).status_code == 422
    assert put({"received_total": 10**30}).status_code == 422
    assert put({"received_total": 1}, {"ATBX": {"received_total": -1}}).status_code == 422
    assert put({f"k{i}": 1 for i in range(500)}).status_code == 422
    assert put({"received_total": 3}).status_code == 200


def test_after_beyond_64_bits_is_422_not_500(hub) -> None:
    r = httpx.get(f"{hub.url}/api/v1/events", params={"after": 2**64}, headers=auth(hub.tokens["s1"]))
    assert r.status_code == 422


def test_hub_db_must_be_a_url_and_plain_http_off_loopback_is_refused(tmp_path, capsys) -> None:
    target = tmp_path / "typo.sqlite3"
    assert cli.main(["hub", "stations", "--db", str(target)]) == cli.EXIT_INVALID
    assert "phải là một URL" in capsys.readouterr().err and not target.exists()
    assert cli.main(["hub", "--db", f"sqlite:///{target}"]) == cli.EXIT_NOT_FOUND  # no new empty hub
    assert "không tự tạo" in capsys.readouterr().err and not target.exists()
    assert cli.main(["hub", "--db", f"sqlite:///{target}", "--host", "0.0.0.0"]) == cli.EXIT_INVALID
    assert "--allow-plain-http" in capsys.readouterr().err
