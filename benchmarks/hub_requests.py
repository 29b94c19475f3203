"""What one request costs the hub, with nothing else running: one worker, one station at a time (issue 15 item 4).

    uv run --frozen python -m benchmarks.hub_requests [--workers 1] [--rounds 10]

A diagnostic beside benchmarks/hub_scale.py (which loads the hub with many stations at once): on a fresh PostgreSQL
database (a throw-away cluster, durable settings) it starts `counter-app hub`, and with the station's real client
(`HubClient`, as SyncEngine uses it) times pushes of 100 and of 1,000 events, pulls of pages of 200 after the
cursor, and GET /me (the token check alone). Each figure is printed beside its floor measured in the same run on
the same database: the hub's INSERT statement and the pull's SELECT sent straight to PostgreSQL. The gap between the
two is the hub's own work per request (HTTP, the token, validation, JSON); with py-spy attached to the worker
(`py-spy record --subprocesses -p <hub pid>`) it says where that time goes. No target: the targets are hub_scale's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.hub_scale import BATCH, PULL_LIMIT, HubServer, SimStation, _p95, _postgres, floor_insert, floor_pull

AGENCY = "H61"


def _figure(label: str, values: list[float], floor: str) -> str:
    return (
        f"{label:<42} median {statistics.median(values):7.2f}  p95 {_p95(values):7.2f} ms  (n={len(values):,})  "
        f"floor {floor}"
    )


def run(args: argparse.Namespace) -> list[str]:
    from counter_app.hub import admin
    from counter_app.hub.db import open_hub_database

    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    work = Path(tempfile.mkdtemp(prefix="counter-hub-requests-"))
    db_url, cleanup = _postgres()
    hub = None
    try:
        db = open_hub_database(db_url)
        pusher_token = admin.add_station(db, AGENCY, counter=1).token
        puller_token = admin.add_station(db, AGENCY, counter=2).token
        db.dispose()
        hub = HubServer(db_url, args.workers, work / "hub.log")
        say(f"hub pid {hub.proc.pid}, {args.workers} worker(s); one station at a time")
        pusher = SimStation(hub.url, pusher_token, AGENCY, 1, 1, 0)
        puller = SimStation(hub.url, puller_token, AGENCY, 2, 2, 0)
        pusher.client.me()
        puller.client.me()
        day = date(2026, 11, 25)
        timed: dict[int, list[float]] = {100: [], BATCH: []}
        for size, count in ((100, args.pushes), (BATCH, max(args.pushes // 4, 5))):
            for _ in range(count):
                pusher.make_events(size, day)
                started = time.perf_counter()
                pusher.push()
                timed[size].append((time.perf_counter() - started) * 1000)
        for _ in range(args.rounds):
            puller.cursor = 0
            puller.pull()
        pulls = puller.pull_ms
        me: list[float] = []
        for _ in range(300):
            started = time.perf_counter()
            puller.client.me()
            me.append((time.perf_counter() - started) * 1000)
        insert_rate = floor_insert(db_url)
        select_p95 = floor_pull(db_url)
        say(
            _figure(
                "push of 100 events",
                timed[100],
                f"{100 / insert_rate * 1000:.2f} ms (the INSERT alone, at {insert_rate:,.0f} events/s)",
            )
        )
        say(
            _figure(
                f"push of {BATCH:,} events",
                timed[BATCH],
                f"{BATCH / insert_rate * 1000:.2f} ms (the INSERT alone)",
            )
        )
        say(_figure(f"pull, a page of ≤ {PULL_LIMIT}", pulls, f"{select_p95:.2f} ms p95 (the SELECT alone)"))
        say(_figure("GET /me (the token check)", me, "—"))
    finally:
        if hub is not None:
            hub.stop()
        cleanup()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hub_requests")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pushes", type=int, default=80, help="pushes of 100 events (a quarter as many of 1,000)")
    parser.add_argument("--rounds", type=int, default=10, help="times the puller reads everything from cursor 0")
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
