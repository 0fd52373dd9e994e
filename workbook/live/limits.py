"""Limits of the participant service: token buckets per participant, per client address
and per session, and a throttle for repeated log lines.

Kept in the application object (one per service process), never in a module global. Memory
is bounded: buckets idle for an hour are dropped once there are more than ``max_keys``.

Who a limit counts: a *participant* is a join ticket handed out in the room when the
session has tickets, else the phone's cookie (which a script can mint afresh, so the other
limits hold too); a *client* is the address the request came from (behind the hub's proxy
its ``X-Forwarded-For``; a room on one Wi-Fi shares one, so its limits are wide); a
*session* counts everything sent to it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

__all__ = ["Limits", "LogThrottle", "RateLimiter"]


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    total: int = 0


@dataclass
class RateLimiter:
    """``rate_per_minute`` sustained, ``burst`` at once, ``max_items`` per key in all
    (0: no total). ``who`` words the refusal ("You have", "This network has")."""

    rate_per_minute: int
    burst: int
    max_items: int
    max_keys: int = 20_000
    clock: Callable[[], float] = time.monotonic
    who: str = "You have"
    _buckets: dict[Hashable, _Bucket] = field(default_factory=dict)

    def refuse(self, key: Hashable) -> str:
        """Take one submission for ``key``; "" or why not (one sentence to show)."""
        reason = self.check(key)
        if not reason:
            self.take(key)
        return reason

    def check(self, key: Hashable) -> str:
        """Why ``key`` may not send now ("" if it may), without taking anything."""
        bucket = self._bucket(key)
        if self.max_items and bucket.total >= self.max_items:
            most = "the most one person can" if self.who == "You have" else "the most allowed"
            return (f"{self.who} sent {bucket.total} items in this session, {most}; talk "
                    "to the facilitator if you have more.")
        if bucket.tokens < 1:
            wait = (1 - bucket.tokens) * 60 / self.rate_per_minute
            return f"That was quick: wait {max(1, round(wait))} seconds, then send again."
        return ""

    def take(self, key: Hashable) -> None:
        bucket = self._bucket(key)
        bucket.tokens -= 1
        bucket.total += 1

    def _bucket(self, key: Hashable) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst),
                            bucket.tokens + (now - bucket.stamp) * self.rate_per_minute / 60)
        bucket.stamp = now
        return bucket

    def sent(self, key: Hashable) -> int:
        bucket = self._buckets.get(key)
        return bucket.total if bucket else 0

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < self.max_keys:
            return
        for key in [k for k, b in self._buckets.items() if now - b.stamp > 3600]:
            del self._buckets[key]


@dataclass
class Limits:
    """Every limit a submission or a join must pass, taken all or none."""

    participant: RateLimiter
    client: RateLimiter
    session: RateLimiter
    joins: RateLimiter

    def refuse_item(self, session_id: int, participant: str, client: str) -> str:
        """Take one submission, or say which limit refuses it (nothing is taken then)."""
        keys = ((self.participant, (session_id, participant)),
                (self.client, (session_id, client)),
                (self.session, session_id))
        for limiter, key in keys:
            reason = limiter.check(key)
            if reason:
                return reason
        for limiter, key in keys:
            limiter.take(key)
        return ""

    def refuse_join(self, session_id: int, client: str) -> str:
        return self.joins.refuse((session_id, client))


class LogThrottle(logging.Filter):
    """Lets a log line through at most once per ``seconds`` per logger and message
    pattern, and says how many were held back: a flood of failing connections (no file
    descriptors left) writes a few lines a minute, not hundreds of megabytes."""

    def __init__(self, seconds: float = 10.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.seconds, self.clock = seconds, clock
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg)[:200])
        now = self.clock()
        last, held = self._last.get(key, (-1e18, 0))
        if now - last < self.seconds:
            self._last[key] = (last, held + 1)
            return False
        if len(self._last) > 1000:
            self._last.clear()
        self._last[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} ({held} more like it held back)"
        if record.exc_info and held:
            record.exc_info = None  # the traceback was written once already
        return True
