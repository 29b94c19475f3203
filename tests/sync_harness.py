"""Helpers for the hub and sync tests: a real hub process on 127.0.0.1, a fault-injecting proxy, PostgreSQL,
stations in their own data folders, and the checks every scenario ends with.

Everything listens on and connects to 127.0.0.1 only; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HUB_SERVER = Path(__file__).resolve().parent / "hub_server.py"
PG_URL_ENV = "COUNTER_APP_TEST_PG_URL"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 20.0, step: float = 0.05, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- the hub in its own process -------------------------------------------------------------------------


class HubProcess:
    """`tests/hub_server.py` (the real create_app on uvicorn) in a subprocess that a test may kill."""

    def __init__(
        self,
        db_url: str,
        port: int | None = None,
        control: Path | None = None,
        max_batch: int | None = None,
        extra: tuple[str, ...] = (),
    ):
        self.db_url = db_url
        self.port = port or free_port()
        self.control = control
        self.max_batch = max_batch
        self.extra = extra  # more options of tests/hub_server.py (--status-rate N, --token-failures N)
        self.proc: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="hub-", suffix=".log")[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> HubProcess:
        cmd = [sys.executable, str(HUB_SERVER), "--db", self.db_url, "--port", str(self.port)]
        if self.control is not None:
            cmd += ["--control", str(self.control)]
        if self.max_batch:
            cmd += ["--max-batch", str(self.max_batch)]
        cmd += list(self.extra)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

        def up() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited with {self.proc.returncode}: {self.log.read_text()[-3000:]}")
            try:
                return httpx.get(f"{self.url}/api/v1/health", timeout=1.0).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, timeout, 0.1, "the hub to answer")
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, an open transaction is rolled back by the database."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


# --- a proxy that loses answers -------------------------------------------------------------------------


class FaultProxy:
    """A TCP proxy on 127.0.0.1 in front of the hub. Modes:

    - "pass": forward both ways;
    - "drop_response": forward the request, let the hub answer (it has committed by then), then close the
      station's connection without passing the answer on (a response lost in transit);
    - "refuse": accept and close at once (the hub unreachable).
    """

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.mode = "pass"
        self.dropped = 0
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.mode == "refuse":
            client.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(60)
        client.settimeout(60)

        def forward_requests() -> None:
            with contextlib.suppress(OSError):
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    upstream.sendall(data)
            with contextlib.suppress(OSError):
                upstream.shutdown(socket.SHUT_WR)

        threading.Thread(target=forward_requests, daemon=True).start()
        with contextlib.suppress(OSError):
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                if self.mode == "drop_response":
                    self.dropped += 1
                    break
                client.sendall(data)
        for s in (client, upstream):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._server.close()


# --- PostgreSQL -----------------------------------------------------------------------------------------


def postgres_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


@dataclass
class PostgresServer:
    admin_url: str  # postgresql+psycopg://…/dbname of a role that may CREATE DATABASE
    cleanup: object = None

    def create_database(self) -> str:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.admin_url)
        name = f"hub_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_libpq(url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, db_url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        name = make_url(db_url).database
        with contextlib.suppress(Exception), psycopg.connect(_libpq(make_url(self.admin_url)), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url) -> str:
    parts = [f"host={url.host or '127.0.0.1'}", f"port={url.port or 5432}", f"dbname={url.database}"]
    if url.username:
        parts.append(f"user={url.username}")
    if url.password:
        parts.append(f"password={url.password}")
    return " ".join(parts)


def start_throwaway_postgres(durable: bool = False) -> PostgresServer | None:
    """A cluster of our own (initdb in a temporary folder, as user postgres when we are root) on a free port.
    None when no PostgreSQL binaries are installed."""
    bindir = postgres_bindir()
    if bindir is None:
        return None
    base = Path(tempfile.mkdtemp(prefix="counter-pg-"))
    data = base / "data"
    port = free_port()
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            return None
        os.chown(base, pw.pw_uid, pw.pw_gid)
        os.chmod(base, 0o700)
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:  # tests: speed over durability (the benchmark keeps PostgreSQL's defaults)
        opts += " -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(base / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )

    def cleanup() -> None:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)

    return PostgresServer(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", cleanup)


# --- stations -------------------------------------------------------------------------------------------


MINI_CATALOGUE = Path(__file__).resolve().parent / "data" / "mini_catalogue.json"


@dataclass
class Station:
    name: str
    services: object  # AppServices
    sync: object  # SyncService

    @property
    def station_id(self) -> str:
        return self.services.settings.all()["station.id"]

    def close(self) -> None:
        self.sync.stop_background()
        self.services.close()


def make_station(
    folder: Path,
    clock,
    *,
    agency: str,
    counter: int,
    hub_url: str,
    token: str,
    timeout: float = 5.0,
    catalogue: Path = MINI_CATALOGUE,
) -> Station:
    from counter_app.services.app import open_services
    from counter_app.services.sync import SyncService

    services = open_services(folder, load_demo=False, clock=clock)
    services.catalogue.ensure_demo_catalogue(catalogue)
    services.settings.set_many(
        {
            "agency.code": agency,
            "station.counter": str(counter),
            "hub.url": hub_url,
            "hub.token": token,
            "officer.name": f"Cán bộ quầy {counter}",
        }
    )
    sync = SyncService(services.db, services.settings, clock=clock, timeout=httpx.Timeout(timeout, connect=2.0))
    return Station(folder.name, services, sync)


def station_snapshot(services) -> dict[str, tuple]:
    """Every dossier's projected state on one station, by dossier id (what must be equal everywhere)."""
    from sqlalchemy import select

    from counter_app.store.models import Dossier

    columns = (
        Dossier.id,
        Dossier.code,
        Dossier.status,
        Dossier.due_at,
        Dossier.original_due_at,
        Dossier.resolved_at,
        Dossier.returned_at,
        Dossier.last_event_at,
        Dossier.print_count,
        Dossier.paused_since,
        Dossier.pauses,
        Dossier.location,
        Dossier.outcome,
        Dossier.supplement_rounds,
        Dossier.extension_count,
        Dossier.late,
        Dossier.returned_late,
        Dossier.applicant_name,
        Dossier.id_number,
        Dossier.procedure_code,
        Dossier.station_id,
    )
    with services.db.read() as session:
        return {row[0]: tuple(row) for row in session.execute(select(*columns))}


# --- fixtures (tests/conftest.py imports pg_server; the test modules import the rest) -------------------

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """PostgreSQL for the hub tests: $COUNTER_APP_TEST_PG_URL (CI starts the machine's cluster and sets it), else a
    throw-away cluster of our own. Skipped only when no PostgreSQL binaries exist on this machine."""
    url = os.environ.get(PG_URL_ENV)
    if url:
        yield PostgresServer(url)
        return
    server = start_throwaway_postgres()
    if server is None and os.environ.get("CI"):
        pytest.fail("CI must have PostgreSQL for the hub tests (./dev installs postgresql; .ci/run starts it)")
    if server is None:
        pytest.skip(
            f"PostgreSQL is not installed (no pg_ctl/initdb found): `apt-get install postgresql`, or set {PG_URL_ENV}"
        )
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_db_url(request, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def pg_db_url(pg_server):
    """A fresh database on the tests' PostgreSQL, dropped afterwards (the hub's PostgreSQL-only tests)."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        pg_server.drop_database(url)


class HubThread:
    """The real hub on uvicorn in a thread of the test process (quicker to start than a process; cannot be killed)."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> HubThread:
        self.thread.start()
        wait_until(lambda: self.server.started, 20, what="uvicorn to start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
