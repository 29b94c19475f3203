"""Rate limits of the hub, per client address (the TCP peer, or the address a trusted proxy forwards):

- the public status look-up (no token): at most `status_per_minute` look-ups a minute per address, as a token
  bucket (a burst of that many, refilled steadily) — a script walking the sequential dossier codes is slowed to
  a crawl, a citizen or a portal asking now and then never notices;
- failed tokens: after `token_failures` wrong or revoked tokens from one address within `token_window` seconds,
  every request of that address that carries a token is answered 429 (with Retry-After) for `token_lockout`
  seconds, before the token is even looked up.

Kept in the hub's database (table hub_rate_limits, migration h0002), not in a process's memory: the hub runs as
several worker processes (`counter-app hub --workers N`, docs/SYNC.md), and an address must get the same
allowance and the same lockout whichever worker answers it. Each decision is one short transaction that locks the
address's row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers), so two workers never both spend the
last look-up of a bucket. Time is the database server's clock on PostgreSQL (one clock for every worker and every
machine of the hub), the process's wall clock on SQLite; tests pass their own. Rows whose state has run out (a
full bucket, no failure in the window, no lockout) are deleted now and then, so the table stays small.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from counter_app.hub.db import HubDatabase
from counter_app.hub.models import RateLimitRow

PRUNE_EVERY = 600.0  # seconds between two clean-ups of expired rows (per worker)
LOOKUP = "lookup"
TOKEN = "token"


@dataclass(frozen=True)
class RateLimits:
    """The hub's limits; 0 switches one off. `counter-app hub --status-rate/--token-failures/--token-lockout`."""

    status_per_minute: int = 30
    token_failures: int = 10
    token_window: int = 600  # seconds in which token_failures failures lock an address out
    token_lockout: int = 900  # seconds the address then gets 429


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds (the Retry-After header), at least 1 when refused


ALLOWED = Verdict(True)


class _Shared:
    """What both limiters share: the database, the clock, the row lock, the occasional clean-up."""

    kind = ""

    def __init__(self, db: HubDatabase, clock: Callable[[], float] | None):
        self._db = db
        self._clock = clock
        self._postgres = db.dialect == "postgresql"
        self._prune_lock = threading.Lock()
        self._pruned_at = 0.0

    def _now(self, session: Session) -> float:
        if self._clock is not None:
            return self._clock()
        if self._postgres:  # one clock for every worker process and every machine of the hub
            return float(session.scalar(text("SELECT extract(epoch FROM clock_timestamp())")))
        return time.time()

    def _locked_row(self, session: Session, address: str) -> RateLimitRow:
        """The address's row, created if new, locked until the transaction ends."""
        if self._postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            session.execute(
                pg_insert(RateLimitRow)
                .values(kind=self.kind, address=address, tokens=0.0, at=0.0, failures="[]", locked_until=0.0)
                .on_conflict_do_nothing()
            )
            return session.scalars(
                select(RateLimitRow)
                .where(RateLimitRow.kind == self.kind, RateLimitRow.address == address)
                .with_for_update()
            ).one()
        found = session.get(RateLimitRow, (self.kind, address))  # SQLite: BEGIN IMMEDIATE already serialises
        if found is not None:
            return found
        fresh = RateLimitRow(kind=self.kind, address=address, tokens=0.0, at=0.0, failures="[]", locked_until=0.0)
        session.add(fresh)
        return fresh

    def _maybe_prune(self, now: float, stale_before: float) -> None:
        with self._prune_lock:
            if 0 < now - self._pruned_at < PRUNE_EVERY:
                return
            self._pruned_at = now
        with self._db.write() as session:
            session.execute(
                delete(RateLimitRow).where(
                    RateLimitRow.kind == self.kind,
                    RateLimitRow.at < stale_before,
                    RateLimitRow.locked_until < now,
                )
            )


class LookupLimiter(_Shared):
    """A token bucket per address: `per_minute` look-ups at once, refilled at per_minute/60 a second."""

    kind = LOOKUP

    def __init__(self, db: HubDatabase, per_minute: int, clock: Callable[[], float] | None = None):
        super().__init__(db, clock)
        self.per_minute = per_minute

    def take(self, address: str) -> Verdict:
        if self.per_minute <= 0:
            return ALLOWED
        rate = self.per_minute / 60.0
        with self._db.write() as session:
            now = self._now(session)
            bucket = self._locked_row(session, address)
            if bucket.at == 0.0 and bucket.tokens == 0.0:  # new: a full bucket
                tokens = float(self.per_minute)
            else:
                tokens = min(float(self.per_minute), bucket.tokens + max(0.0, now - bucket.at) * rate)
            bucket.at = now
            if tokens >= 1.0:
                bucket.tokens = tokens - 1.0
                verdict = ALLOWED
            else:
                bucket.tokens = tokens
                verdict = Verdict(False, max(1, math.ceil((1.0 - tokens) / rate)))
        # a bucket untouched for a minute is full again: the same as no row at all
        self._maybe_prune(now, now - 60.0)
        return verdict


class TokenFailureLock(_Shared):
    """Counts failed tokens per address in a sliding window; at `failures` the address is locked out."""

    kind = TOKEN

    def __init__(
        self, db: HubDatabase, failures: int, window: int, lockout: int, clock: Callable[[], float] | None = None
    ):
        super().__init__(db, clock)
        self.failures = failures
        self.window = window
        self.lockout = lockout

    def check(self, session: Session, address: str) -> Verdict:
        """Before a token is looked up (in the caller's read session): refused while the address is locked out."""
        if self.failures <= 0:
            return ALLOWED
        locked_until = session.scalar(
            select(RateLimitRow.locked_until).where(RateLimitRow.kind == self.kind, RateLimitRow.address == address)
        )
        if not locked_until:
            return ALLOWED
        remaining = locked_until - self._now(session)
        if remaining > 0:
            return Verdict(False, max(1, math.ceil(remaining)))
        return ALLOWED

    def failed(self, address: str) -> Verdict:
        """A wrong or revoked token from `address`: counted; the verdict says whether it is now locked out."""
        if self.failures <= 0:
            return ALLOWED
        with self._db.write() as session:
            now = self._now(session)
            state = self._locked_row(session, address)
            times = [t for t in json.loads(state.failures or "[]") if t > now - self.window]
            times.append(now)
            times = times[-self.failures :]
            state.at = now
            if len(times) >= self.failures:
                state.locked_until = now + self.lockout
                state.failures = "[]"
                verdict = Verdict(False, max(1, self.lockout))
            else:
                state.failures = json.dumps(times)
                verdict = ALLOWED
        self._maybe_prune(now, now - self.window)
        return verdict
