"""A province's hub (issue 15 item 4): many stations on 127.0.0.1 against `counter-app hub --workers N` on PostgreSQL.

    ./dev bench --hub-scale                                   (reduced: 60 stations, 1,000,000 dossiers)
    uv run --frozen python -m benchmarks.hub_scale --stations 300 --dossiers 10000000 --events 50000000 --workers 4
                                                              (the issue's full scale; hours of generation, a big
                                                               machine; not on the shared 2-core one)

What runs:
1. A fresh PostgreSQL database (a throw-away cluster made with initdb, durable settings — fsync and synchronous
   commit on — or $COUNTER_APP_BENCH_PG_URL, a role that may create databases), migrated: hub_events partitioned
   by month. The volume is generated with SQL inside PostgreSQL: `--events` older events over 24 months in the
   partitions (with their id guard rows), and the period summaries of `--dossiers` dossiers (every station, 24
   monthly periods, `--revisions` revisions each, the figures adding up to the dossiers).
2. The hub: `counter-app hub --workers N` in its own process (uvicorn's supervisor, N workers behind one port).
3. Stations: `--stations` simulated stations in a few processes, each a thread with the station's real HTTP client
   (counter_app/sync/client.py, HubClient) doing what SyncEngine.run_cycle does — GET /me, push the outbox in
   batches of ≤ 1,000, pull the other stations' events in pages of 200 after its cursor until `more` is false,
   pull the agency's accounts, PUT its summary — 9 stations to an agency (counters 1–9), like an office.
   a. Catch-up: every station comes back with `--backlog` events waiting (a morning offline) and they all push
      at once: the hub's ingest rate is every event acknowledged over the time from the first push to the last.
   b. Steady: for `--seconds`, each station runs a cycle on its own schedule (an interval with the loop's jitter,
      compressed from 60 s to `--interval`), a few new events each time; the first cycles pull the catch-up of the
      agency's other stations. Every GET /events is timed: pull p95.
4. The consolidated report (every agency, one period) asked by a reader token 30 times: median and p95.

Floors, measured in the same run on the same database: the hub's own INSERT statement sent straight to
PostgreSQL in batches of 1,000 from one connection (events/s), the pull's SELECT straight to PostgreSQL (p95),
the report's SQL straight to PostgreSQL (median).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_AGENCY = 9  # counters 1..9 of an agency (domain/codes.py MAX_COUNTER)
PERIODS = 24  # monthly periods of generated summaries
REPORT_PERIOD = "2026-10"  # the last of the generated periods: the report measured
STATION_PERIOD = "2026-11"  # what the simulated stations send while they run
TARGET_INGEST = 20_000.0  # events/s
TARGET_PULL_P95 = 200.0  # ms
TARGET_REPORT = 100.0  # ms
PULL_LIMIT = 200  # SyncEngine.PULL_LIMIT
BATCH = 1000  # SyncEngine.BATCH_SIZE


def agency_code(n: int) -> str:
    return f"H61.{10 + n}"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# --- the database --------------------------------------------------------------------------------------


def _postgres():
    """(admin server, database url, cleanup)."""
    sys.path.insert(0, str(ROOT))
    from tests.sync_harness import PostgresServer, start_throwaway_postgres

    url = os.environ.get("COUNTER_APP_BENCH_PG_URL")
    server = PostgresServer(url) if url else start_throwaway_postgres(durable=True)
    if server is None:
        raise RuntimeError("no PostgreSQL: install postgresql or set COUNTER_APP_BENCH_PG_URL")
    db_url = server.create_database()

    def cleanup() -> None:
        server.drop_database(db_url)
        if server.cleanup:
            server.cleanup()

    return db_url, cleanup


def _psycopg(db_url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        dbname=url.database,
        user=url.username,
        password=url.password,
        autocommit=True,
    )


def generate_volume(db_url: str, events: int, dossiers: int, stations: int, revisions: int) -> dict:
    """Old events in the partitions and the summaries of `dossiers` dossiers, made by PostgreSQL itself."""
    from counter_app.hub.db import open_hub_database
    from counter_app.hub.partitions import MonthPartitions

    db = open_hub_database(db_url)
    months = [(2024 + (10 + m) // 12, (10 + m) % 12 + 1) for m in range(PERIODS)]  # 2024-11 … 2026-10
    partitions = MonthPartitions(db.write_engine)
    partitions.ensure(months)
    partitions.ensure_ahead()
    db.dispose()
    agencies = (stations + PER_AGENCY - 1) // PER_AGENCY
    took = {}
    with _psycopg(db_url) as conn:
        started = time.perf_counter()
        # Old events: 5 per dossier, spread over the 24 months and the agencies; client 0 (no station pulls them as
        # its own). The ids are md5-derived UUIDs, unique; the guard gets them too.
        conn.execute(
            """
            WITH g AS (
              SELECT n, md5('event' || n)::uuid::text AS id, md5('dossier' || (n / 5))::uuid::text AS dossier,
                     timestamptz '2024-11-01 00:00+00' + (n % 720) * interval '1 day' + (n % 86400) * interval '1 second'
                       AS at, (n / 5) % %(agencies)s AS agency
              FROM generate_series(1, %(events)s) AS n
            ), ids AS (INSERT INTO hub_event_ids (id) SELECT id FROM g),
            dossiers AS (INSERT INTO hub_dossiers (dossier_id, agency_code)
                         SELECT DISTINCT ON (dossier) dossier, 'H61.' || (10 + agency) FROM g ORDER BY dossier, n)
            INSERT INTO hub_events (id, agency_code, client_id, station_id, station_seq, dossier_id, code, kind,
                                    officer, occurred_at, recorded_at, payload, received_at, occurred_utc)
            SELECT id, 'H61.' || (10 + agency), 0, md5('station' || agency)::uuid::text, n, dossier,
                   CASE WHEN n % 5 = 0 THEN 'H61.' || (10 + agency) || '-' || to_char(at, 'YYMMDD') || '-' || (1001 + n % 900)
                   END,
                   CASE n % 5 WHEN 0 THEN 'received' WHEN 1 THEN 'slip_printed' WHEN 2 THEN 'handed_over'
                              WHEN 3 THEN 'resolved' ELSE 'result_returned' END,
                   'Cán bộ tiếp nhận', to_char(at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'),
                   NULL, '{"form": "receipt", "copies": 1, "note": "Bản in lại cho người nộp hồ sơ"}',
                   to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'), at
            FROM g
            """.replace("%(agencies)s", str(agencies)).replace("%(events)s", str(events))
        )
        took["events"] = time.perf_counter() - started
        started = time.perf_counter()
        # Summaries: every station, 24 monthly periods (the last one is REPORT_PERIOD), `revisions` revisions each;
        # the figures of the latest revisions add up to `dossiers` received.
        per = max(1, dossiers // (stations * PERIODS))
        conn.execute(
            """
            INSERT INTO hub_summaries (agency_code, client_id, period, revision, figures, groups, computed_at,
                                       received_at)
            SELECT 'H61.' || (10 + (s - 1) / %(per_agency)s), s,
                   to_char(date '2024-11-01' + (p - 1) * interval '1 month', 'YYYY-MM'), r,
                   json_build_object('received', %(per)s * r / %(revisions)s, 'received_online', %(per)s * r / %(revisions)s / 4,
                                     'resolved', %(per)s * r / %(revisions)s * 3 / 4, 'resolved_on_time', %(per)s * r / %(revisions)s * 2 / 3,
                                     'resolved_late', %(per)s * r / %(revisions)s / 12, 'pending', %(per)s * r / %(revisions)s / 4,
                                     'pending_overdue', %(per)s * r / %(revisions)s / 40)::text,
                   json_build_object('field:ATBX', json_build_object('received', %(per)s * r / %(revisions)s / 2),
                                     'field:HT', json_build_object('received', %(per)s * r / %(revisions)s / 2))::text,
                   '2026-11-14T17:00:00+07:00', '2026-11-14T10:00:00+00:00'
            FROM generate_series(1, %(stations)s) AS s, generate_series(1, %(periods)s) AS p,
                 generate_series(1, %(revisions)s) AS r
            """.replace("%(per_agency)s", str(PER_AGENCY))
            .replace("%(per)s", str(per))
            .replace("%(revisions)s", str(revisions))
            .replace("%(stations)s", str(stations))
            .replace("%(periods)s", str(PERIODS))
        )
        took["summaries"] = time.perf_counter() - started
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('hub_events', 'hub_seq'), (SELECT max(hub_seq) FROM hub_events))"
        )
        conn.execute("ANALYZE")
    took["summary_rows"] = stations * PERIODS * revisions
    took["dossiers"] = per * stations * PERIODS
    took["report_dossiers"] = per * stations
    return took


# --- the stations --------------------------------------------------------------------------------------


class SimStation:
    """A station's sync as SyncEngine does it, on the real HubClient, with an in-memory outbox."""

    def __init__(self, url: str, token: str, agency: str, counter: int, seed: int, cursor: int):
        import httpx

        from counter_app.sync.client import HubClient

        self.client = HubClient(url, token, timeout=httpx.Timeout(300.0, connect=30.0))
        self.agency = agency
        self.counter = counter
        self.station_id = str(uuid.UUID(int=random.Random(seed).getrandbits(128), version=4))
        self.rng = random.Random(seed)
        self.seq = 0
        self.intakes = 0
        self.outbox: list[dict] = []
        self.cursor = cursor  # in step with the hub before it went offline: the older events are its own already
        self.revision = 0
        self.pull_ms: list[float] = []
        self.steady_pull_ms: list[float] = []  # pulls of cycles after the one that pulled the catch-up
        self.cycles = 0
        self.pulled = 0
        self.acknowledged = 0
        self.dossiers: list[str] = []

    def make_events(self, count: int, day: date) -> None:
        from counter_app.domain.calendar import OFFICE_TZ

        base = datetime(day.year, day.month, day.day, 7, 30, tzinfo=OFFICE_TZ)
        for _ in range(count):
            self.seq += 1
            at = base + timedelta(seconds=7 * self.seq)
            if not self.dossiers or self.seq % 4 == 1:
                self.intakes += 1
                dossier = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
                self.dossiers.append(dossier)
                number = self.counter * 1000 + 1 + (self.intakes - 1) % 998
                kind, payload = (
                    "received",
                    {
                        "code": f"{self.agency}-{at:%y%m%d}-{number}",
                        "procedure_code": "1.000001.000.00.00.H61",
                        "procedure_name": "Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán",
                        "field_code": "ATBX",
                        "channel": "direct",
                        "applicant_name": "Nguyễn Thị Thu Hương",
                        "id_number": "001203004567",
                        "phone": "0912345678",
                        "address": "Số 12, đường Nguyễn Thái Học, phường Minh Tân, thành phố Yên Bái",
                        "documents": [{"name": f"Thành phần hồ sơ số {i}", "quantity": 1} for i in range(1, 7)],
                        "counter_number": self.counter,
                        "due_at": (at + timedelta(days=14)).isoformat(timespec="seconds"),
                    },
                )
            else:
                dossier = self.dossiers[-1]
                kind, payload = self.rng.choice(
                    [
                        ("slip_printed", {"form": "receipt", "copies": 1}),
                        ("handed_over", {"from_unit": "Bộ phận Một cửa", "to_unit": "Phòng Quản lý chuyên ngành"}),
                    ]
                )
            self.outbox.append(
                {
                    "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                    "dossier_id": dossier,
                    "station_id": self.station_id,
                    "station_seq": self.seq,
                    "kind": kind,
                    "officer": "Cán bộ tiếp nhận",
                    "officer_id": None,
                    "occurred_at": at.isoformat(timespec="seconds"),
                    "recorded_at": at.isoformat(timespec="seconds"),
                    "payload": payload,
                }
            )

    def push(self) -> None:
        while self.outbox:
            batch = self.outbox[:BATCH]
            answer = self.client.push_events(self.agency, self.station_id, batch)
            acknowledged = set(answer.body["acknowledged"])
            if len(acknowledged) != len(batch):
                raise RuntimeError(f"{len(acknowledged)}/{len(batch)} acknowledged")
            self.acknowledged += len(batch)
            del self.outbox[: len(batch)]

    def pull(self) -> None:
        while True:
            started = time.perf_counter()
            body = self.client.pull_events(self.cursor, PULL_LIMIT).body
            self.pull_ms.append((time.perf_counter() - started) * 1000)
            if self.cycles > 1:
                self.steady_pull_ms.append(self.pull_ms[-1])
            self.pulled += len(body["events"])
            self.cursor = body["cursor"]
            if not body["more"]:
                return

    def cycle(self) -> None:
        self.cycles += 1
        self.client.me()
        self.push()
        self.pull()
        self.client.pull_accounts(0)  # SyncEngine pulls the agency's accounts every cycle (none here)
        self.revision += 1
        self.client.put_summary(
            STATION_PERIOD,
            {
                "revision": self.revision,
                "computed_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "figures": {"received": self.intakes, "pending": self.intakes},
                "groups": {"field:ATBX": {"received": self.intakes}},
            },
        )


def _station_process(url: str, plan: list[tuple[str, str, int, int]], backlog: int, args: dict, barrier, queue) -> None:
    """One process of stations (threads): catch-up push, then cycles on their own schedules, then a last pull once
    every station of every process has stopped pushing."""
    stations = [SimStation(url, token, agency, counter, seed, args["cursor"]) for token, agency, counter, seed in plan]
    today = date.today()
    for station in stations:
        station.make_events(backlog, today - timedelta(days=1))
        station.client.me()  # connections open, token known: the push phase measures pushing
    errors: list[str] = []
    marks: list[tuple[float, float]] = []

    def catch_up(station: SimStation) -> None:
        try:
            started = time.time()
            station.push()
            marks.append((started, time.time()))
        except Exception as exc:
            errors.append(f"push: {type(exc).__name__}: {exc}")

    barrier.wait()
    threads = [threading.Thread(target=catch_up, args=(s,)) for s in stations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    barrier.wait()  # every process has pushed its catch-up: the steady phase begins together
    until = time.time() + args["seconds"]

    def steady(station: SimStation) -> None:
        rng = random.Random(station.seq)
        time.sleep(rng.random() * args["interval"])  # stations start their loops at different moments
        try:
            while time.time() < until:
                station.make_events(rng.randint(1, 6), today)
                station.cycle()
                time.sleep(args["interval"] * (0.5 + rng.random() / 2))  # the loop's jitter
        except Exception as exc:
            errors.append(f"cycle: {type(exc).__name__}: {exc}")

    def last_pull(station: SimStation) -> None:
        try:
            station.pull()
        except Exception as exc:
            errors.append(f"last pull: {type(exc).__name__}: {exc}")

    for work in (steady, None, last_pull):
        if work is None:
            barrier.wait()  # nobody pushes any more
            continue
        threads = [threading.Thread(target=work, args=(s,)) for s in stations]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    queue.put(
        {
            "errors": errors,
            "marks": marks,
            "pull_ms": [ms for s in stations for ms in s.pull_ms],
            "steady_pull_ms": [ms for s in stations for ms in s.steady_pull_ms],
            "pulled": sum(s.pulled for s in stations),
            "acknowledged": sum(s.acknowledged for s in stations),
            "per_station": [(s.agency, s.station_id, s.seq) for s in stations],
        }
    )
    for station in stations:
        station.client.close()


class HubServer:
    def __init__(self, db_url: str, workers: int, log: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "counter_app", "hub", "--db", db_url, "--port", str(self.port)]
            + ["--workers", str(workers), "--log-level", "warning", "--status-rate", "0", "--token-failures", "0"],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub did not start: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    time.sleep(2)  # let every worker finish starting
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("hub did not answer in 120 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# --- where the CPU went ----------------------------------------------------------------------------------


def _cpu_now(hub_pid: int, station_pids: list[int]) -> dict[str, float]:
    """CPU seconds used so far (Linux /proc): by the simulated stations' processes, by the hub (its process and
    workers), by PostgreSQL (every `postgres` process on the machine), and by the whole machine (busy and in all).
    A process counts its own time and that of its children which have ended (utime, stime, cutime, cstime): the
    postmaster's ended backends (the pools' overflow connections, autovacuum workers) count for PostgreSQL."""
    tick = os.sysconf("SC_CLK_TCK")
    procs: dict[int, tuple[str, int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue  # gone meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        procs[int(entry)] = (
            text[text.index("(") + 1 : text.rindex(")")],
            int(fields[1]),
            sum(int(v) for v in fields[11:15]) / tick,
        )

    def tree(roots: list[int]) -> float:
        seen, todo = set(), list(roots)
        while todo:
            pid = todo.pop()
            if pid in procs and pid not in seen:
                seen.add(pid)
                todo += [child for child, (_, ppid, _) in procs.items() if ppid == pid]
        return sum(procs[pid][2] for pid in seen)

    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
    return {
        "stations": tree(station_pids),
        "hub": tree([hub_pid]),
        "postgres": sum(cpu for name, _, cpu in procs.values() if name == "postgres"),
        "busy": (sum(ticks) - ticks[3] - ticks[4]) / tick,
        "all": sum(ticks) / tick,
    }


def _cpu_now_or_none(hub_pid: int, station_pids: list[int]) -> dict[str, float] | None:
    """_cpu_now, or None where there is no /proc (the line is then left out)."""
    try:
        return _cpu_now(hub_pid, station_pids)
    except OSError:
        return None


def _cpu_line(
    before: dict[str, float] | None,
    after: dict[str, float] | None,
    wall: float,
    what: str = "the catch-up and steady phases",
) -> str | None:
    if before is None or after is None:
        return None
    used = {key: max(after[key] - before[key], 0.0) for key in before}  # a process gone meanwhile took its time
    rest = used["busy"] - used["stations"] - used["hub"] - used["postgres"]
    return (
        f"CPU over {what} ({wall:.1f} s × {os.cpu_count()} cores = {used['all']:.0f} core-s, "
        f"{used['busy'] / max(used['all'], 1e-9):.0%} busy): the simulated stations {used['stations']:.0f} s "
        f"({used['stations'] / max(used['busy'], 1e-9):.0%} of the busy time), the hub's workers {used['hub']:.0f} s "
        f"({used['hub'] / max(used['busy'], 1e-9):.0%}), PostgreSQL {used['postgres']:.0f} s "
        f"({used['postgres'] / max(used['busy'], 1e-9):.0%}), the rest {max(rest, 0):.0f} s"
    )


# --- floors --------------------------------------------------------------------------------------------


def floor_insert(db_url: str, batches: int = 10) -> float:
    """The hub's own INSERT statement straight to PostgreSQL from one connection, 1,000 events a batch."""
    from counter_app.hub.app import _EVENT_COLUMNS, _PG_INSERT

    station = str(uuid.uuid4())
    rows = []
    for b in range(batches):
        batch = []
        for i in range(BATCH):
            seq = b * BATCH + i + 1
            batch.append(
                {
                    "id": str(uuid.uuid4()),
                    "agency_code": "FLOOR",
                    "client_id": -1,
                    "station_id": station,
                    "station_seq": seq,
                    "dossier_id": str(uuid.uuid4()),
                    "code": None,
                    "kind": "slip_printed",
                    "officer": "Cán bộ tiếp nhận",
                    "officer_id": None,
                    "occurred_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "recorded_at": None,
                    "payload": json.dumps({"form": "receipt", "copies": 1, "note": "Bản in lại " * 20}),
                    "received_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                }
            )
        rows.append(tuple([r[c] for r in batch] for c in _EVENT_COLUMNS))
    with _psycopg(db_url) as conn:
        started = time.perf_counter()
        for columns in rows:
            with conn.transaction():
                conn.execute(_PG_INSERT, columns).fetchall()
        elapsed = time.perf_counter() - started
        conn.execute("DELETE FROM hub_events WHERE agency_code = 'FLOOR'")
    return batches * BATCH / elapsed


def floor_pull(db_url: str, count: int = 200) -> float:
    """The pull's SELECT straight to PostgreSQL (p95 ms), at cursors spread over the table."""
    with _psycopg(db_url) as conn:
        top = conn.execute("SELECT max(hub_seq) FROM hub_events").fetchone()[0] or 0
        agencies = [r[0] for r in conn.execute("SELECT code FROM hub_agencies")]
        times = []
        rng = random.Random(7)
        for _ in range(count):
            started = time.perf_counter()
            conn.execute(
                "SELECT hub_seq, id, dossier_id, station_id, station_seq, kind, officer, occurred_at, recorded_at, "
                "payload FROM hub_events WHERE agency_code = %s AND hub_seq > %s AND client_id <> %s "
                "ORDER BY hub_seq LIMIT %s",
                (rng.choice(agencies), rng.randint(max(0, top - 50_000), top), 1, PULL_LIMIT + 1),
            ).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return _p95(times)


REPORT_SQL = (
    "SELECT s.* FROM hub_summaries s JOIN (SELECT client_id, max(revision) AS revision FROM hub_summaries "
    "WHERE period = %s GROUP BY client_id) l ON s.client_id = l.client_id AND s.revision = l.revision "
    "WHERE s.period = %s"
)


def floor_report(db_url: str, count: int = 20) -> float:
    with _psycopg(db_url) as conn:
        times = []
        for _ in range(count):
            started = time.perf_counter()
            conn.execute(REPORT_SQL, (REPORT_PERIOD, REPORT_PERIOD)).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- the run -------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[str]:
    from counter_app.hub import admin
    from counter_app.hub.db import open_hub_database

    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    work = Path(tempfile.mkdtemp(prefix="counter-hub-scale-"))
    db_url, cleanup = _postgres()
    hub = None
    try:
        say(
            f"Size: {args.stations} stations ({(args.stations + PER_AGENCY - 1) // PER_AGENCY} agencies of ≤ 9 counters), "
            f"{args.workers} hub workers, {args.dossiers:,} dossiers in summaries, {args.events:,} older events, "
            f"catch-up {args.backlog:,} events a station, steady {args.seconds} s at ~{args.interval} s a cycle; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run"
        )
        db = open_hub_database(db_url)
        plan = []
        for n in range(args.stations):
            agency, counter = agency_code(n // PER_AGENCY), n % PER_AGENCY + 1
            plan.append((admin.add_station(db, agency, counter=counter).token, agency, counter, 1000 + n))
        reader = admin.add_reader(db, "Văn phòng UBND tỉnh").token
        db.dispose()
        took = generate_volume(db_url, args.events, args.dossiers, args.stations, args.revisions)
        say(
            f"Generated in PostgreSQL: {args.events:,} events in {took['events']:.0f} s; "
            f"{took['summary_rows']:,} summary rows ({took['dossiers']:,} dossiers, {PERIODS} periods × "
            f"{args.revisions} revisions) in {took['summaries']:.0f} s"
        )
        insert_floor = floor_insert(db_url)
        hub = HubServer(db_url, args.workers, work / "hub.log")
        ctx = multiprocessing.get_context("spawn")
        processes = max(1, min(args.processes, args.stations))
        barrier = ctx.Barrier(processes + 1)
        queue = ctx.Queue()
        shares = [plan[i::processes] for i in range(processes)]
        with _psycopg(db_url) as conn:
            top = conn.execute("SELECT max(hub_seq) FROM hub_events").fetchone()[0] or 0
        settings = {"seconds": args.seconds, "interval": args.interval, "cursor": top}
        procs = [
            ctx.Process(target=_station_process, args=(hub.url, share, args.backlog, settings, barrier, queue))
            for share in shares
        ]
        for proc in procs:
            proc.start()
        barrier.wait(timeout=600)  # every station has its outbox ready
        station_pids = [proc.pid for proc in procs if proc.pid is not None]
        cpu_before, began = _cpu_now_or_none(hub.proc.pid, station_pids), time.monotonic()
        barrier.wait(timeout=3600)  # every catch-up push is acknowledged
        cpu_pushed, pushed = _cpu_now_or_none(hub.proc.pid, station_pids), time.monotonic()
        barrier.wait(timeout=args.seconds * 4 + 3600)  # every steady phase is over
        cpu = _cpu_line(cpu_before, _cpu_now_or_none(hub.proc.pid, station_pids), time.monotonic() - began)
        cpu_catch_up = _cpu_line(cpu_before, cpu_pushed, pushed - began, "the catch-up push alone")
        outcomes = [queue.get(timeout=args.seconds * 4 + 3600) for _ in procs]
        for proc in procs:
            proc.join(60)
        errors = [e for o in outcomes for e in o["errors"]]
        if errors:
            raise RuntimeError(f"{len(errors)} station errors, first: {errors[:3]}")
        marks = [m for o in outcomes for m in o["marks"]]
        ingest = args.stations * args.backlog / (max(m[1] for m in marks) - min(m[0] for m in marks))
        pulls = [ms for o in outcomes for ms in o["pull_ms"]]
        steady_pulls = [ms for o in outcomes for ms in o["steady_pull_ms"]] or [0.0]
        pull_floor = floor_pull(db_url)
        report_ms = []
        import httpx

        with httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {reader}"}, timeout=120) as client:
            for _ in range(30):
                started = time.perf_counter()
                response = client.get("/api/v1/reports/consolidated", params={"period": REPORT_PERIOD})
                report_ms.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            earlier = response.json()
        report_floor = floor_report(db_url)
        # nothing doubled or lost
        with _psycopg(db_url) as conn:
            stored = conn.execute("SELECT count(*) FROM hub_events WHERE client_id > 0").fetchone()[0]
            doubled = conn.execute(
                "SELECT count(*) FROM (SELECT station_id, station_seq FROM hub_events WHERE client_id > 0 "
                "GROUP BY 1, 2 HAVING count(*) > 1) d"
            ).fetchone()[0]
        written = sum(seq for o in outcomes for _, _, seq in o["per_station"])
        if stored != written or doubled:
            raise RuntimeError(
                f"the hub holds {stored} station events ({doubled} doubled), the stations wrote {written}"
            )
        expected_pulled = 0
        by_agency: dict[str, list[int]] = {}
        for o in outcomes:
            for agency, _, seq in o["per_station"]:
                by_agency.setdefault(agency, []).append(seq)
        for seqs in by_agency.values():
            expected_pulled += sum(sum(seqs) - own for own in seqs)
        pulled = sum(o["pulled"] for o in outcomes)
        if pulled != expected_pulled:
            raise RuntimeError(f"pulled {pulled} events, expected {expected_pulled}")
        report_dossiers = sum(a["figures"].get("received", 0) for a in earlier["agencies"])
        say(f"Load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine shares its cores)")
        for line in (cpu_catch_up, cpu):
            if line is not None:
                say(line)
        say(f"Checked: {stored:,} station events stored once each, every station pulled all {pulled:,} of its agency's")
        say(
            f"{'ingest, catch-up push of every station at once':<62} {ingest:>10,.0f} events/s  target ≥ "
            f"{TARGET_INGEST:,.0f}  {'ok' if ingest >= TARGET_INGEST else 'UNDER'}  floor {insert_floor:,.0f} events/s "
            f"(the INSERT alone, 1 connection) = {ingest / insert_floor:.2f}× floor"
        )
        p95 = _p95(pulls)
        say(
            f"{f'pull p95 ({len(pulls):,} pulls of ≤ {PULL_LIMIT})':<62} {p95:>10.1f} ms        target ≤ "
            f"{TARGET_PULL_P95:.0f} ms  {'ok' if p95 <= TARGET_PULL_P95 else 'OVER'}  floor {pull_floor:.1f} ms "
            f"(the SELECT alone) = {p95 / max(pull_floor, 0.001):.1f}× floor; median {statistics.median(pulls):.1f} ms"
        )
        steady = _p95(steady_pulls)
        say(
            f"{f'  of which after the catch-up ({len(steady_pulls):,} pulls, cycles 2+)':<62} {steady:>10.1f} ms        "
            f"target ≤ {TARGET_PULL_P95:.0f} ms  {'ok' if steady <= TARGET_PULL_P95 else 'OVER'}  "
            f"median {statistics.median(steady_pulls):.1f} ms"
        )
        median = statistics.median(report_ms)
        say(
            f"{f'consolidated report, every agency (median; p95 {_p95(report_ms):.1f} ms)':<62} {median:>10.1f} ms        "
            f"target ≤ {TARGET_REPORT:.0f} ms  {'ok' if median <= TARGET_REPORT else 'OVER'}  floor {report_floor:.1f} ms "
            f"(its SQL alone) = {median / max(report_floor, 0.001):.1f}× floor; "
            f"over {took['summary_rows']:,} summary rows of {took['dossiers']:,} dossiers "
            f"({report_dossiers:,} received in the period {REPORT_PERIOD})"
        )
    finally:
        if hub is not None:
            hub.stop()
        cleanup()
        shutil.rmtree(work, ignore_errors=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hub_scale")
    parser.add_argument("--stations", type=int, default=60, help="simulated stations (the issue: 300)")
    parser.add_argument("--workers", type=int, default=2, help="hub worker processes (counter-app hub --workers)")
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers in the summaries (issue: 10M)")
    parser.add_argument("--events", type=int, default=1_000_000, help="older events in the partitions (issue: 50M)")
    parser.add_argument("--revisions", type=int, default=20, help="summary revisions per station and period")
    parser.add_argument("--backlog", type=int, default=1000, help="events each station pushes in the catch-up")
    parser.add_argument("--seconds", type=int, default=60, help="length of the steady phase")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between a station's cycles")
    parser.add_argument("--processes", type=int, default=4, help="processes the stations run in (threads inside)")
    args = parser.parse_args(argv)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
