"""Sync benchmark: the hub's ingest of station events on 127.0.0.1, on SQLite and on PostgreSQL.

    uv run python -m benchmarks --sync            (or: uv run python -m benchmarks.sync [--events N] [--stations K])

1. One station pushes 10,000 pending events (the station's real sync engine: outbox read, JSON, HTTP, the hub's
   validation and one transaction per batch, the acknowledgements written back).
2. Several stations (separate processes, separate tokens) push 10,000 events each at once: the hub's ingest rate.

The hub is `counter-app hub` in its own process (one uvicorn worker). PostgreSQL: $COUNTER_APP_BENCH_PG_URL or
$COUNTER_APP_TEST_PG_URL (a role that may create databases), else a throw-away cluster made with initdb, durable
settings (fsync on). Target (issue 6): at least 5,000 events/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PG = 5000.0  # events/s
AGENCY = "H61.22"


def _fill_outbox(folder: Path, counter: int, events: int) -> str:
    """A station store with `events` unacknowledged events: intakes with a realistic payload, then handovers and
    slip prints, written straight into the event table (the push reads nothing else)."""
    from sqlalchemy import insert

    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.domain.merge import utc_key
    from counter_app.services.app import open_services
    from counter_app.store.models import DossierEventRow

    services = open_services(folder, load_demo=False)
    station_id = services.settings.ensure_station_id()
    services.settings.set_many({"agency.code": AGENCY, "station.counter": str(counter)})
    start = datetime(2026, 11, 2, 7, 30, tzinfo=OFFICE_TZ)
    rows = []
    dossier = None
    for seq in range(1, events + 1):
        at = start + timedelta(seconds=20 * seq)
        step = (seq - 1) % 4
        if step == 0:
            dossier = str(uuid.uuid4())
            kind = "received"
            payload = {
                "code": f"{AGENCY}-{at:%y%m%d}-{counter}{seq % 1000:03d}",
                "procedure_code": "1.000001.000.00.00.H61",
                "procedure_version_id": 1,
                "procedure_name": "Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán trong y tế",
                "field_code": "ATBX",
                "channel": "direct",
                "applicant_name": "Nguyễn Thị Thu Hương",
                "organization": "Phòng khám đa khoa Hòa Bình",
                "id_number": "001203004567",
                "phone": "0912345678",
                "email": None,
                "address": "Số 12, đường Nguyễn Thái Học, phường Minh Tân, thành phố Yên Bái",
                "copies": 1,
                "documents": [
                    {"name": f"Thành phần hồ sơ số {i}", "copy_kind": "original", "quantity": 1} for i in range(1, 7)
                ],
                "note": None,
                "result_delivery": "counter",
                "counter_number": counter,
                "duration": 10,
                "unit": "working_days",
                "due_at": (at + timedelta(days=14)).isoformat(timespec="seconds"),
            }
        elif step == 1:
            kind, payload = "slip_printed", {"form": "receipt", "copies": 1}
        elif step == 2:
            kind, payload = "handed_over", {"from_unit": "Bộ phận Một cửa", "to_unit": "Phòng Quản lý chuyên ngành"}
        else:
            kind, payload = "resolved", {"result": "Giấy phép tiến hành công việc bức xạ"}
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "dossier_id": dossier,
                "station_id": station_id,
                "station_seq": seq,
                "kind": kind,
                "officer": "Cán bộ tiếp nhận",
                "occurred_at": at,
                "occurred_utc": utc_key(at),
                "recorded_at": at,
                "payload": payload,
                "hub_ack_at": None,
            }
        )
    with services.db.write() as session:
        session.execute(insert(DossierEventRow), rows)
    services.close()
    return station_id


def _push_all(folder: str, url: str, token: str, counter: int, queue) -> None:
    """In a station process: one sync cycle (push only matters: nothing to pull, no summaries)."""
    from counter_app.services.app import open_services
    from counter_app.sync.engine import SyncEngine

    services = open_services(Path(folder), load_demo=False, check_integrity=False)
    services.settings.set_many({"hub.url": url, "hub.token": token})
    # The push alone is measured: the other stations' events are not pulled back here (that is the apply side).
    engine = SyncEngine(services.db, services.settings, send_summaries=False, pull=False)
    started = time.perf_counter()
    result = engine.run_cycle()
    queue.put((counter, started, time.perf_counter(), result.ok, result.acknowledged, result.message))
    services.close()


class Hub:
    def __init__(self, db_url: str):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.db_url = db_url
        self.log = tempfile.NamedTemporaryFile(prefix="hub-bench-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "counter_app",
                "hub",
                "--db",
                db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub did not start: {Path(self.log.name).read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("hub did not answer in 60 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _tokens(db_url: str, stations: int, first_counter: int = 1) -> list[str]:
    from counter_app.hub import admin
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(db_url)
    try:
        return [admin.add_station(db, AGENCY, counter=first_counter + n).token for n in range(stations)]
    finally:
        db.dispose()


def _hub_count(db_url: str) -> int:
    from sqlalchemy import func, select

    from counter_app.hub.db import open_hub_database
    from counter_app.hub.models import HubEvent

    db = open_hub_database(db_url, migrate=False)
    try:
        with db.read() as session:
            return session.scalar(select(func.count()).select_from(HubEvent)) or 0
    finally:
        db.dispose()


def measure(backend: str, db_url: str, events: int, stations: int, work: Path) -> list[tuple[str, float, float | None]]:
    """[(measure, events per second, target)]"""
    results = []
    ctx = multiprocessing.get_context("spawn")
    # 1. one station, `events` pending
    tokens = _tokens(db_url, stations + 1)
    folder = work / f"{backend}-single"
    _fill_outbox(folder, 1, events)
    hub = Hub(db_url)
    try:
        queue = ctx.Queue()
        _push_all(str(folder), hub.url, tokens[0], 1, queue)
        _, t0, t1, ok, acked, message = queue.get()
        if not ok or acked != events:
            raise RuntimeError(f"single push failed: {message} ({acked}/{events})")
        results.append(
            (
                f"{backend}: one station pushes {events:,} pending events",
                events / (t1 - t0),
                TARGET_PG if backend == "PostgreSQL" else None,
            )
        )
        # 2. several stations at once
        folders = []
        for n in range(stations):
            f = work / f"{backend}-station{n + 2}"
            _fill_outbox(f, n + 2, events)
            folders.append(f)
        queue = ctx.Queue()
        procs = [
            ctx.Process(target=_push_all, args=(str(f), hub.url, tokens[n + 1], n + 2, queue))
            for n, f in enumerate(folders)
        ]
        for p in procs:
            p.start()
        outcomes = [queue.get(timeout=600) for _ in procs]
        for p in procs:
            p.join(60)
        failed = [o for o in outcomes if not o[3] or o[4] != events]
        if failed:
            raise RuntimeError(f"concurrent push failed: {failed}")
        start = min(o[1] for o in outcomes)
        end = max(o[2] for o in outcomes)
        total = events * stations
        results.append(
            (
                f"{backend}: {stations} stations push {events:,} each at once (hub ingest)",
                total / (end - start),
                TARGET_PG if backend == "PostgreSQL" else None,
            )
        )
        # 3. the hub alone: the same number of clients posting batches encoded beforehand (no station work on
        #    this machine's two cores beside the hub's)
        rate = _raw_ingest(hub.url, tokens_raw := _tokens(db_url, stations, first_counter=stations + 2), events)
        results.append(
            (
                f"{backend}: {len(tokens_raw)} light clients post {events:,} each at once (hub alone)",
                rate,
                TARGET_PG if backend == "PostgreSQL" else None,
            )
        )
    finally:
        hub.stop()
    stored = _hub_count(db_url)
    if stored != events * (2 * stations + 1):
        raise RuntimeError(f"the hub holds {stored} events, expected {events * (2 * stations + 1)}")
    return results


def _raw_ingest(url: str, tokens: list[str], events: int, batch: int = 1000) -> float:
    import json
    import threading

    import httpx

    bodies: list[list[bytes]] = []
    for _token in tokens:
        station = str(uuid.uuid4())
        mine = []
        for start in range(0, events, batch):
            items = [
                {
                    "id": str(uuid.uuid4()),
                    "dossier_id": str(uuid.uuid4()),
                    "station_id": station,
                    "station_seq": start + i + 1,
                    "kind": "slip_printed",
                    "officer": "Cán bộ tiếp nhận",
                    "occurred_at": "2026-11-25T09:00:00+07:00",
                    "payload": {"form": "receipt", "copies": 1, "note": "Bản in lại cho người nộp hồ sơ " * 8},
                }
                for i in range(min(batch, events - start))
            ]
            mine.append(json.dumps({"agency": AGENCY, "station_id": station, "events": items}).encode())
        bodies.append(mine)
    errors: list[str] = []

    def post(token: str, payloads: list[bytes]) -> None:
        with httpx.Client(
            base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        ) as client:
            for body in payloads:
                response = client.post("/api/v1/events", content=body)
                if response.status_code != 200:
                    errors.append(response.text[:200])

    threads = [threading.Thread(target=post, args=(tok, b)) for tok, b in zip(tokens, bodies)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"raw ingest failed: {errors[:3]}")
    return events * len(tokens) / elapsed


def _postgres() -> tuple[str, object]:
    """A fresh database: (url, cleanup)."""
    sys.path.insert(0, str(ROOT))
    from tests.sync_harness import PostgresServer, start_throwaway_postgres

    url = os.environ.get("COUNTER_APP_BENCH_PG_URL") or os.environ.get("COUNTER_APP_TEST_PG_URL")
    server = PostgresServer(url) if url else start_throwaway_postgres(durable=True)
    if server is None:
        raise RuntimeError("no PostgreSQL: install postgresql or set COUNTER_APP_BENCH_PG_URL")
    db_url = server.create_database()

    def cleanup() -> None:
        server.drop_database(db_url)
        if server.cleanup:
            server.cleanup()

    return db_url, cleanup


def run(events: int = 10_000, stations: int = 4, backends: tuple[str, ...] = ("SQLite", "PostgreSQL")) -> list[str]:
    lines = []
    work = Path(tempfile.mkdtemp(prefix="counter-sync-bench-"))
    try:
        for backend in backends:
            cleanup = None
            if backend == "SQLite":
                db_url = f"sqlite:///{work / 'hub.sqlite3'}"
            else:
                db_url, cleanup = _postgres()
            try:
                for measure_name, rate, target in measure(backend, db_url, events, stations, work):
                    verdict = "" if target is None else ("OK" if rate >= target else "UNDER")
                    shown_target = f"target ≥ {target:,.0f}/s" if target else "no target"
                    line = f"{measure_name:<70} {rate:9,.0f} events/s  {shown_target}  {verdict}"
                    print(line, flush=True)
                    lines.append(line)
            finally:
                if cleanup:
                    cleanup()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--stations", type=int, default=4)
    parser.add_argument("--backend", choices=["SQLite", "PostgreSQL", "both"], default="both")
    args = parser.parse_args(argv)
    backends = ("SQLite", "PostgreSQL") if args.backend == "both" else (args.backend,)
    run(args.events, args.stations, backends)
    return 0


if __name__ == "__main__":
    sys.exit(main())
