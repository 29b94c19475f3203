"""Test-only launcher of the real hub on uvicorn, with fault-injection switches driven by files.

    python tests/hub_server.py --db URL --port N [--control DIR]

With --control DIR, the ingest transaction (after the rows are written, before the commit) looks at DIR:
- `hang` exists: write `hanging` and sleep up to 60 s (the test kills the process meanwhile: a hub killed in the
  middle of a batch, whose transaction the database then rolls back);
- `slow` exists (its text: seconds): sleep that long, then commit (a response later than the client's time-out,
  for a batch the hub did store).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--control")
    parser.add_argument("--max-batch", type=int, default=None)
    parser.add_argument("--status-rate", type=int, default=None, help="RateLimits.status_per_minute")
    parser.add_argument("--token-failures", type=int, default=None, help="RateLimits.token_failures")
    args = parser.parse_args()

    import uvicorn

    from counter_app.hub.app import MAX_BATCH, create_app

    control = Path(args.control) if args.control else None

    def hook(_ids: list[str]) -> None:
        if control is None:
            return
        if (control / "hang").exists():
            (control / "hanging").write_text("1")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                time.sleep(0.05)
        slow = control / "slow"
        if slow.exists():
            time.sleep(float(slow.read_text() or "2"))

    from counter_app.hub.limits import RateLimits

    limits = RateLimits()
    if args.status_rate is not None:
        limits = RateLimits(status_per_minute=args.status_rate, token_failures=limits.token_failures)
    if args.token_failures is not None:
        limits = RateLimits(status_per_minute=limits.status_per_minute, token_failures=args.token_failures)
    app = create_app(args.db, ingest_hook=hook, max_batch=args.max_batch or MAX_BATCH, limits=limits)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
