"""The background sync loop: cycles on a thread, backs off with jitter while the hub cannot be reached, and
never makes the counter wait (the window keeps working on its own worker; this thread only talks to the hub and
writes short transactions that SQLite's busy timeout lets the officer's saves interleave with).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from counter_app.sync.engine import CycleResult, SyncEngine, SyncStatus

log = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between cycles while all is well
FIRST_DELAY = 3.0  # after start: let the window come up first
MIN_BACKOFF = 5.0
MAX_BACKOFF = 600.0
STATUS_EVERY = 5.0  # how often the pending count is refreshed between cycles


def backoff_delay(
    failures: int, rng: Callable[[], float] = random.random, base: float = MIN_BACKOFF, cap: float = MAX_BACKOFF
) -> float:
    """Exponential backoff with jitter: base·2^(n−1), capped, then a random 50–100 % of it so that the counters
    of an office do not all knock on the hub at the same second when it comes back."""
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * (2 ** min(failures - 1, 30)))
    return ceiling * (0.5 + rng() / 2)


class SyncLoop:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_cycle: Callable[[CycleResult], None] | None = None,
        interval: float = INTERVAL,
        first_delay: float = FIRST_DELAY,
        status_every: float = STATUS_EVERY,
        rng: Callable[[], float] = random.random,
    ):
        self._engine = engine
        self._on_status = on_status
        self._on_cycle = on_cycle
        self.interval = interval
        self.first_delay = first_delay
        self.status_every = status_every
        self._rng = rng
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._now_requested = False
        self._thread: threading.Thread | None = None
        self.failures = 0
        self.next_attempt: datetime | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="counter-app-sync", daemon=True)
        self._thread.start()

    def request_now(self) -> None:
        """ "Đồng bộ ngay": run a cycle as soon as the thread is free (never waits here)."""
        self._now_requested = True
        self._wake.set()

    def poke(self) -> None:
        """Refresh the status soon (after the officer recorded something) without forcing a cycle."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _emit_status(self) -> None:
        if self._on_status is None:
            return
        try:
            status = replace(self._engine.status(), next_attempt=self.next_attempt)
            self._on_status(status)
        except Exception:  # a locked or closing store: try again next round
            log.debug("sync status not available", exc_info=True)

    def _run(self) -> None:
        due = time.monotonic() + self.first_delay
        while not self._stop.is_set():
            now = time.monotonic()
            if self._now_requested or now >= due:
                self._now_requested = False
                try:
                    result = self._engine.run_cycle()
                except Exception as exc:  # run_cycle reports its own failures; this is a last resort
                    log.exception("sync cycle crashed")
                    result = CycleResult(ok=False, error_kind="internal", message=str(exc))
                if result.ok or not result.configured:
                    self.failures = 0
                    delay = self.interval
                else:
                    self.failures += 1
                    delay = backoff_delay(self.failures, self._rng)
                due = time.monotonic() + delay
                self.next_attempt = datetime.now(UTC) + timedelta(seconds=delay)
                if self._on_cycle is not None:
                    try:
                        self._on_cycle(result)
                    except Exception:
                        log.exception("sync cycle listener failed")
            self._emit_status()
            self._wake.wait(max(0.05, min(self.status_every, due - time.monotonic())))
            self._wake.clear()
