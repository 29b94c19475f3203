"""The hub's rate limits and the plain-HTTP rule (issue 14), on a real uvicorn server on 127.0.0.1, with SQLite and
with PostgreSQL: the public look-up per client address, failed tokens locking an address out (429 + Retry-After),
the station's client reading a 429; `hub --host` off the loopback without TLS refused, HTTPS served with
--tls-cert/--tls-key; a station's http:// hub address off the loopback refused unless hub.allow_plain_http = yes
(settings set, sync), and then warned about."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from sync_harness import ROOT, HubThread, free_port, wait_until

from counter_app import cli
from counter_app.domain import transport

AGENCY = "H61.22"


class Ticks:
    """The limiter's clock: seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limited_hub(hub_db_url: str):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database
    from counter_app.hub.limits import RateLimits

    db = open_hub_database(hub_db_url)
    token = admin.add_station(db, AGENCY, counter=1).token
    ticks = Ticks()
    limits = RateLimits(status_per_minute=3, token_failures=3, token_window=600, token_lockout=900)
    with HubThread(create_app(db=db, limits=limits, limit_clock=ticks)) as server:
        server.token = token
        server.ticks = ticks
        yield server
    db.dispose()


def client_from(address: str) -> httpx.Client:
    """A client whose requests come from `address` (any of 127.0.0.0/8 is this machine's loopback)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def test_the_public_look_up_is_limited_per_address(limited_hub) -> None:
    url = f"{limited_hub.url}/api/v1/public/status/{AGENCY}-261125-1001"
    with client_from("127.0.0.1") as one, client_from("127.0.0.2") as two:
        assert [one.get(url).status_code for _ in range(3)] == [404, 404, 404]
        refused = one.get(url)
        assert refused.status_code == 429 and refused.json()["reason"] == "rate_limited"
        assert refused.headers["Retry-After"] == "20"  # 3 a minute: one more look-up every 20 s
        assert "thử lại sau 20 giây" in refused.json()["detail"]
        assert two.get(url).status_code == 404  # another address has its own allowance
        limited_hub.ticks.now += 20
        assert one.get(url).status_code == 404
        assert one.get(url).status_code == 429


def test_failed_tokens_lock_the_address_out_for_a_while(limited_hub) -> None:
    me = f"{limited_hub.url}/api/v1/me"
    good = {"Authorization": f"Bearer {limited_hub.token}"}
    wrong = {"Authorization": "Bearer cah_guess"}
    with client_from("127.0.0.1") as one, client_from("127.0.0.2") as two:
        # failures spread wider than the window never add up
        assert [one.get(me, headers=wrong).status_code for _ in range(2)] == [401, 401]
        limited_hub.ticks.now += 601
        assert [one.get(me, headers=wrong).status_code for _ in range(2)] == [401, 401]
        assert one.get(me, headers=good).status_code == 200
        assert one.get(me, headers=wrong).status_code == 401  # the third within the window
        locked = one.get(me, headers=good)  # locked out: not even a right token is looked at
        assert locked.status_code == 429 and locked.json()["reason"] == "too_many_failures"
        assert locked.headers["Retry-After"] == "900"
        assert one.get(f"{limited_hub.url}/api/v1/health").status_code == 200  # no token, no lock
        assert two.get(me, headers=good).status_code == 200  # another address is not locked
        limited_hub.ticks.now += 899
        assert one.get(me, headers=good).headers["Retry-After"] == "1"
        limited_hub.ticks.now += 1
        assert one.get(me, headers=good).status_code == 200


def test_the_station_client_reads_a_429_as_retry_later(limited_hub) -> None:
    from counter_app.sync.client import HubClient, HubError

    with HubClient(limited_hub.url, "cah_guess") as client:
        for _ in range(3):
            with pytest.raises(HubError) as caught:
                client.me()
            assert caught.value.kind == "auth"
        with pytest.raises(HubError) as caught:
            client.me()
    assert caught.value.kind == "limited" and caught.value.retry and caught.value.retry_after == 900


def test_limits_can_be_switched_off(hub_db_url: str) -> None:
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database
    from counter_app.hub.limits import RateLimits

    db = open_hub_database(hub_db_url)
    try:
        with HubThread(create_app(db=db, limits=RateLimits(status_per_minute=0, token_failures=0))) as server:
            url = f"{server.url}/api/v1/public/status/{AGENCY}-261125-1001"
            with httpx.Client(timeout=10) as c:
                assert {c.get(url).status_code for _ in range(40)} == {404}
                wrong = {"Authorization": "Bearer cah_guess"}
                assert {c.get(f"{server.url}/api/v1/me", headers=wrong).status_code for _ in range(15)} == {401}
    finally:
        db.dispose()


# --- plain HTTP: one rule for the hub and the station ------------------------------------------------------


def test_what_counts_as_the_loopback() -> None:
    assert all(transport.is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST"))
    assert not any(transport.is_loopback(h) for h in ("0.0.0.0", "10.0.0.5", "192.168.1.2", "hub.example.vn", ""))
    assert transport.plain_http_host("http://10.0.0.5:8765") == "10.0.0.5"
    assert transport.plain_http_host("HTTP://hub.so-tp.vn/") == "hub.so-tp.vn"
    for safe in ("https://10.0.0.5", "http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", ""):
        assert transport.plain_http_host(safe) is None, safe


def test_settings_refuse_a_plain_http_hub_off_the_loopback_unless_allowed(services, data_dir, capsys) -> None:
    services.close()
    assert cli.main(["settings", "set", "hub.url", "http://10.0.0.5:8765"]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "http:// (không mã hoá) tới 10.0.0.5" in err and "hub.allow_plain_http = yes" in err
    assert cli.main(["settings", "set", "hub.url", "https://hub.so-tp.vn"]) == cli.EXIT_OK
    assert cli.main(["settings", "set", "hub.url", "http://127.0.0.1:8765"]) == cli.EXIT_OK
    assert "CẢNH BÁO" not in capsys.readouterr().err
    # explicitly allowed: stored, and said loudly
    assert cli.main(["settings", "set", "hub.url", "http://10.0.0.5:8765", "hub.allow_plain_http", "có"]) == 0
    out, err = capsys.readouterr()
    assert "hub.allow_plain_http = yes" in out and "CẢNH BÁO: Đồng bộ qua http:// không mã hoá tới 10.0.0.5" in err
    # withdrawing the permission while the address is still plain http is refused: nothing changes
    assert cli.main(["settings", "set", "hub.allow_plain_http", "no"]) == cli.EXIT_INVALID
    assert cli.main(["settings", "set", "hub.allow_plain_http", "maybe"]) == cli.EXIT_INVALID
    capsys.readouterr()
    assert cli.main(["settings", "show", "--json"]) == 0
    assert '"hub.allow_plain_http": "yes"' in capsys.readouterr().out


def test_sync_never_sends_the_token_over_plain_http_off_the_loopback(services) -> None:
    from counter_app.store import repository
    from counter_app.sync.engine import SyncEngine

    # a store from before the rule: the address was accepted then
    with services.db.write() as session:
        repository.write_setting(session, "hub.url", "http://10.0.0.5:8765")
        repository.write_setting(session, "hub.token", "cah_secret")
    engine = SyncEngine(services.db, services.settings)
    result = engine.run_cycle()
    assert result.error_kind == "insecure" and "hub.allow_plain_http = yes" in result.message
    assert not engine.status().online  # nothing was attempted: not even a connection
    services.settings.set("hub.allow_plain_http", "yes")
    status = engine.status()
    assert status.insecure and "KHÔNG MÃ HOÁ!" in status.line() and "10.0.0.5" in status.warning


def test_the_hub_refuses_plain_http_off_the_loopback_and_serves_https(tmp_path: Path, capsys) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    db = tmp_path / "hub.sqlite3"
    assert cli.main(["hub", "add-station", "--db", f"sqlite:///{db}", "--agency", AGENCY]) == 0
    capsys.readouterr()
    assert cli.main(["hub", "--db", f"sqlite:///{db}", "--host", "0.0.0.0"]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "--tls-cert" in err and "--allow-plain-http" in err
    assert cli.main(["hub", "--db", f"sqlite:///{db}", "--tls-cert", str(tmp_path / "x.pem")]) == cli.EXIT_INVALID
    assert "cả --tls-cert" in capsys.readouterr().err
    missing = ["--tls-cert", str(tmp_path / "x.pem"), "--tls-key", str(tmp_path / "x.key")]
    assert cli.main(["hub", "--db", f"sqlite:///{db}", *missing]) == cli.EXIT_NOT_FOUND
    with pytest.raises(SystemExit) as exited:
        cli.main(["hub", "--db", f"sqlite:///{db}", "--status-rate", "-1"])
    assert exited.value.code == cli.EXIT_INVALID and "--status-rate: '-1'" in capsys.readouterr().err
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "hub.key", "-out", "hub.pem"],
        cwd=tmp_path, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    port = free_port()
    command = [sys.executable, "-m", "counter_app", "hub", "--db", f"sqlite:///{db}", "--port", str(port)]
    command += ["--tls-cert", str(tmp_path / "hub.pem"), "--tls-key", str(tmp_path / "hub.key"), "--status-rate", "5"]
    trust = ssl.create_default_context(cafile=str(tmp_path / "hub.pem"))
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:

        def answers() -> bool:
            try:
                return httpx.get(f"https://127.0.0.1:{port}/api/v1/health", verify=trust).is_success
            except httpx.TransportError:
                return process.poll() is not None

        wait_until(answers, 30, what="the HTTPS hub")
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        with pytest.raises(httpx.TransportError):  # it speaks TLS only
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
        code = f"{AGENCY}-261125-{uuid.uuid4().int % 900 + 1000}"
        statuses = [httpx.get(f"https://127.0.0.1:{port}/api/v1/public/status/{code}", verify=trust) for _ in range(6)]
        assert [s.status_code for s in statuses] == [404] * 5 + [429]  # --status-rate 5 reached the server
    finally:
        process.terminate()
        out, _err = process.communicate(timeout=20)
    assert f"https://127.0.0.1:{port}" in out and "5 lượt tra cứu/phút" in out
