"""The hub's side of signed slips and the portal hand-over (issue 13 items 6–7), on a real uvicorn server on
127.0.0.1 with SQLite and PostgreSQL: a station registers its key with its own token at sync; anyone checks a slip on
the public verify endpoint and page (rate-limited like the status look-up, nothing personal); another station of the
agency pulls the key and checks the slip offline; the province's reader token gets the day's portal records, the
same as the station's own export."""

from __future__ import annotations

import json
from datetime import datetime

import httpx
import pytest
from sync_harness import HubThread, make_station

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.intake import IntakeRequest
from counter_app.services.lifecycle import EventRequest
from tests.conftest import CERT_CODE, FakeClock

AGENCY = "H61.22"


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
    app = create_app(db=db, limits=RateLimits(status_per_minute=12, token_failures=0))
    with HubThread(app) as server:
        server.db = db
        server.tokens = tokens
        yield server
    db.dispose()


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_slip_keys_verification_and_portal_records_through_the_hub(hub, tmp_path):
    clock = FakeClock(datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ))
    s1 = make_station(tmp_path / "s1", clock, agency=AGENCY, counter=1, hub_url=hub.url, token=hub.tokens["s1"])
    s2 = make_station(tmp_path / "s2", clock, agency=AGENCY, counter=2, hub_url=hub.url, token=hub.tokens["s2"])
    try:
        code = s1.services.intake.intake(
            IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương")
        ).code
        clock.moment = datetime(2026, 11, 25, 14, 0, tzinfo=OFFICE_TZ)
        s1.services.lifecycle.record(EventRequest.of(code, "handed_over", to_unit="Phòng Quản lý chuyên ngành"))
        text = s1.services.dossiers.receipt_data(code).slip_qr
        kid = text.split("|")[3]
        cycle = s1.sync.sync_once()
        assert cycle.ok and not cycle.warnings, cycle.warnings
        assert s1.services.slip_signer.keys_to_register() == []  # acknowledged by the hub

        # Anyone: the public endpoint and the page; a changed slip fails; nothing personal in the answers.
        ok = httpx.get(f"{hub.url}/api/v1/public/verify-slip", params={"text": text}).json()
        assert ok["genuine"] and ok["reason"] == "ok" and ok["counter"] == 1 and ok["code"] == code
        assert "Đang giải quyết" in ok["message"]
        forged = text.replace(code, code[:-1] + ("9" if code[-1] != "9" else "8"), 1)
        bad = httpx.get(f"{hub.url}/api/v1/public/verify-slip", params={"text": forged}).json()
        assert not bad["genuine"] and bad["reason"] == "bad_signature"
        page = httpx.get(f"{hub.url}/verify", params={"text": text})
        assert page.status_code == 200 and "Phiếu thật" in page.text and "Nguyễn" not in page.text
        assert "Không hợp lệ" in httpx.get(f"{hub.url}/verify", params={"text": "xin chào"}).text
        assert httpx.get(f"{hub.url}/verify").status_code == 200  # the empty form

        # Another station of the agency pulls the key at its sync and checks offline.
        assert s2.services.slip_signer.verify(text).reason == "unknown_station"
        assert s2.sync.sync_once().ok
        verdict = s2.services.slip_signer.verify(text)
        assert verdict.genuine and verdict.key is not None and verdict.key.counter == 1

        # The key is bound to the token that registered it: another agency cannot claim it, a station only sees
        # its agency's keys, a bad key is refused.
        row = next(k for k in httpx.get(f"{hub.url}/api/v1/slip-keys", headers=auth(hub.tokens["s2"])).json()["keys"])
        assert row["key_id"] == kid
        claim = {"key_id": kid, "public_key": row["public_key"]}
        taken = httpx.post(f"{hub.url}/api/v1/slip-keys", json=claim, headers=auth(hub.tokens["other"]))
        assert taken.status_code == 409
        assert httpx.get(f"{hub.url}/api/v1/slip-keys", headers=auth(hub.tokens["other"])).json() == {"keys": []}
        wrong = httpx.post(
            f"{hub.url}/api/v1/slip-keys",
            json={"key_id": "AAAAAAAA", "public_key": row["public_key"]},
            headers=auth(hub.tokens["s1"]),
        )
        assert wrong.status_code == 422
        assert httpx.get(f"{hub.url}/api/v1/slip-keys", headers=auth(hub.tokens["reader"])).status_code == 403

        # The province's integration: the day's portal records, as the station exports them.
        day = httpx.get(
            f"{hub.url}/api/v1/portal/dossiers", params={"day": "2026-11-25"}, headers=auth(hub.tokens["reader"])
        )
        assert day.status_code == 200
        body = day.json()
        assert body["count"] == 1 and body["dossiers"][0]["MaHoSo"] == code
        own = s1.services.portal.records_of_day(datetime(2026, 11, 25).date(), s1.services.portal.mapping())
        assert json.dumps(body["dossiers"], sort_keys=True) == json.dumps(own, sort_keys=True)
        assert "Nguyễn Thị Hương" not in day.text
        assert (
            httpx.get(
                f"{hub.url}/api/v1/portal/dossiers", params={"day": "2026-11-24"}, headers=auth(hub.tokens["reader"])
            ).json()["count"]
            == 0
        )
        mine = httpx.get(
            f"{hub.url}/api/v1/portal/dossiers", params={"day": "2026-11-25"}, headers=auth(hub.tokens["s2"])
        )
        assert mine.json()["count"] == 1
        other = httpx.get(
            f"{hub.url}/api/v1/portal/dossiers",
            params={"day": "2026-11-25", "agency": AGENCY},
            headers=auth(hub.tokens["other"]),
        )
        assert other.status_code == 403
        assert httpx.get(f"{hub.url}/api/v1/portal/dossiers", params={"day": "2026-11-25"}).status_code == 401
    finally:
        s1.close()
        s2.close()


def test_the_public_verification_shares_the_status_look_up_limit(hub):
    answers = [
        httpx.get(f"{hub.url}/api/v1/public/verify-slip", params={"text": "CA1|x"}).status_code for _ in range(12)
    ]
    assert set(answers) == {200}
    limited = httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-1001")
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    assert httpx.get(f"{hub.url}/verify", params={"text": "CA1|x"}).status_code == 429
