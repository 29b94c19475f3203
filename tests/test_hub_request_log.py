"""The hub logs one line per request: method, path, status, the calling station (client, agency/counter, station
id), duration — refusals included, personal data never (a real uvicorn server on 127.0.0.1)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from sync_harness import ROOT, HubThread, free_port, wait_until

AGENCY = "H61.22"
LINE = re.compile(
    r"^(?P<method>[A-Z]+) (?P<path>\S+) (?P<status>\d{3}) client=(?P<client>\S+) station=(?P<station>\S+) "
    r"(?P<ms>\d+\.\d) ms$"
)


@pytest.fixture
def hub(tmp_path: Path):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    issued = admin.add_station(db, AGENCY, counter=2)
    with HubThread(create_app(db=db, max_body=64 * 1024)) as server:
        server.issued = issued
        yield server
    db.dispose()


def request_lines(caplog) -> list[dict]:
    found = []
    for record in caplog.records:
        if record.name == "counter_app.hub.requests":
            match = LINE.match(record.getMessage())
            assert match, record.getMessage()
            found.append({**match.groupdict(), "level": record.levelname})
    return found


def test_each_request_is_logged_with_status_station_and_duration(hub, caplog) -> None:
    station = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {hub.issued.token}"}
    event = {
        "id": str(uuid.uuid4()),
        "dossier_id": str(uuid.uuid4()),
        "station_id": station,
        "station_seq": 1,
        "kind": "received",
        "officer": "Cán bộ A",
        "occurred_at": "2026-11-25T09:30:00+07:00",
        "payload": {
            "code": "H61.22-261125-2001",
            "applicant_name": "Nguyễn Thị Hương",
            "id_number": "001203004567",
            "phone": "0912345678",
        },
    }
    with caplog.at_level(logging.INFO, logger="counter_app.hub.requests"):
        assert httpx.get(f"{hub.url}/api/v1/health", timeout=10).status_code == 200
        assert httpx.get(f"{hub.url}/api/v1/me", timeout=10).status_code == 401
        assert httpx.get(f"{hub.url}/api/v1/me", headers=headers, timeout=10).status_code == 200
        batch = {"agency": AGENCY, "station_id": station, "events": [event]}
        assert httpx.post(f"{hub.url}/api/v1/events", json=batch, headers=headers, timeout=10).status_code == 200
        assert httpx.get(f"{hub.url}/api/v1/events?after=0", headers=headers, timeout=10).status_code == 200
        too_big = httpx.post(f"{hub.url}/api/v1/events", content=b"x" * 70_000, headers=headers, timeout=10)
        assert too_big.status_code == 413
        assert httpx.get(f"{hub.url}/api/v1/public/status/H61.22-261125-2999", timeout=10).status_code == 404
        # The server thread writes a request's line after the response has left: wait for the last one.
        wait_until(lambda: len(request_lines(caplog)) >= 7, timeout=10, what="the hub's request log lines")
    lines = request_lines(caplog)
    client = str(hub.issued.client_id)
    assert [(x["method"], x["path"], x["status"], x["client"], x["station"]) for x in lines] == [
        ("GET", "/api/v1/health", "200", "-", "-"),
        ("GET", "/api/v1/me", "401", "-", "-"),
        ("GET", "/api/v1/me", "200", f"{client}:{AGENCY}/2", "-"),  # not bound to a station id before its push
        ("POST", "/api/v1/events", "200", f"{client}:{AGENCY}/2", station),
        ("GET", "/api/v1/events", "200", f"{client}:{AGENCY}/2", station),
        ("POST", "/api/v1/events", "413", "-", "-"),  # refused before the token is even read
        ("GET", "/api/v1/public/status/H61.22-261125-2999", "404", "-", "-"),
    ]
    assert [x["level"] for x in lines] == ["INFO", "WARNING", "INFO", "INFO", "INFO", "WARNING", "WARNING"]
    assert all(float(x["ms"]) >= 0 for x in lines)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for personal in ("Nguyễn Thị Hương", "001203004567", "0912345678", hub.issued.token):
        assert personal not in logged


def test_counter_app_hub_writes_the_request_lines_to_stderr(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COUNTER_APP_DATA_DIR": str(tmp_path / "station")}
    err = tmp_path / "hub.err"
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    # the hub never serves a database that does not exist yet: create it the documented way first
    made = subprocess.run(
        [sys.executable, "-m", "counter_app", "hub", "add-station", "--db", db, "--agency", "H61.22"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    with err.open("wb") as stream:
        proc = subprocess.Popen(
            [sys.executable, "-m", "counter_app", "hub", "--db", db] + ["--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stream,
            env=env,
            cwd=ROOT,
        )
        try:

            def up() -> bool:
                assert proc.poll() is None, err.read_text()
                try:
                    return httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200
                except httpx.HTTPError:
                    return False

            wait_until(up, 30, 0.1, "the hub to answer")
            assert httpx.get(f"http://127.0.0.1:{port}/api/v1/me", timeout=5).status_code == 401
            wait_until(lambda: "GET /api/v1/me 401" in err.read_text(), 10, 0.05, "the request line")
        finally:
            proc.terminate()
            proc.wait(10)
    text = err.read_text()
    assert re.search(r"counter_app\.hub\.requests: GET /api/v1/health 200 client=- station=- \d+\.\d ms", text)
    assert re.search(r"WARNING +counter_app\.hub\.requests: GET /api/v1/me 401 client=- station=- \d+\.\d ms", text)
    assert not (tmp_path / "station").exists(), "the hub does not write a station's log folder"
