"""Rate limits of the hub, per client address (the TCP peer, or the address a trusted proxy forwards):

- the public status look-up (no token): at most `status_per_minute` look-ups a minute per address, as a token
  bucket (a burst of that many, refilled steadily) — a script walking the sequential dossier codes is slowed to
  a crawl, a citizen or a portal asking now and then never notices;
- failed tokens: after `token_failures` wrong or revoked tokens from one address within `token_window` seconds,
  every request of that address that carries a token is answered 429 (with Retry-After) for `token_lockout`
  seconds, before the token is even looked up.

Kept in the hub process's memory (one uvicorn process serves the hub; a restart forgets, which only helps whoever
was locked out). At most MAX_ADDRESSES addresses are tracked; the least recently seen are forgotten first.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

MAX_ADDRESSES = 100_000


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


class _Addresses(OrderedDict):
    """address -> state, least recently touched first; bounded."""

    def touch(self, address: str, make: Callable[[], object]) -> object:
        state = self.get(address)
        if state is None:
            state = make()
            self[address] = state
            while len(self) > MAX_ADDRESSES:
                self.popitem(last=False)
        else:
            self.move_to_end(address)
        return state


class LookupLimiter:
    """A token bucket per address: `per_minute` look-ups at once, refilled at per_minute/60 a second."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets = _Addresses()  # address -> [tokens, at]

    def take(self, address: str) -> Verdict:
        if self.per_minute <= 0:
            return ALLOWED
        rate = self.per_minute / 60.0
        with self._lock:
            now = self._clock()
            bucket = self._buckets.touch(address, lambda: [float(self.per_minute), now])
            assert isinstance(bucket, list)
            bucket[0] = min(float(self.per_minute), bucket[0] + (now - bucket[1]) * rate)
            bucket[1] = now
            if bucket[0] >= 1.0:
                bucket[0] -= 1.0
                return ALLOWED
            return Verdict(False, max(1, math.ceil((1.0 - bucket[0]) / rate)))


class TokenFailureLock:
    """Counts failed tokens per address in a sliding window; at `failures` the address is locked out."""

    def __init__(self, failures: int, window: int, lockout: int, clock: Callable[[], float] = time.monotonic):
        self.failures = failures
        self.window = window
        self.lockout = lockout
        self._clock = clock
        self._lock = threading.Lock()
        self._seen = _Addresses()  # address -> [deque of failure times, locked_until]

    def check(self, address: str) -> Verdict:
        """Before a token is looked up: refused while the address is locked out."""
        if self.failures <= 0:
            return ALLOWED
        with self._lock:
            state = self._seen.get(address)
            if state is None:
                return ALLOWED
            remaining = state[1] - self._clock()
            if remaining > 0:
                return Verdict(False, max(1, math.ceil(remaining)))
            return ALLOWED

    def failed(self, address: str) -> Verdict:
        """A wrong or revoked token from `address`: counted; the verdict says whether it is now locked out."""
        if self.failures <= 0:
            return ALLOWED
        with self._lock:
            now = self._clock()
            state = self._seen.touch(address, lambda: [deque(), 0.0])
            assert isinstance(state, list)
            times: deque = state[0]
            times.append(now)
            while times and times[0] <= now - self.window:
                times.popleft()
            while len(times) > self.failures:
                times.popleft()
            if len(times) >= self.failures:
                state[1] = now + self.lockout
                times.clear()
                return Verdict(False, max(1, self.lockout))
            return ALLOWED
