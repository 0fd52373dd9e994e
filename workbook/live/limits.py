"""Per-participant limits of the participant service: a token bucket and a total cap.

Kept in the application object (one per service process), never in a module global. Memory
is bounded: buckets idle for an hour are dropped once there are more than ``max_keys``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import ngettext

__all__ = ["RateLimiter"]


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    total: int = 0


@dataclass
class RateLimiter:
    """``rate_per_minute`` sustained, ``burst`` at once, ``max_items`` per key in all."""

    rate_per_minute: int
    burst: int
    max_items: int
    max_keys: int = 20_000
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[int, str], _Bucket] = field(default_factory=dict)

    def refuse(self, key: tuple[int, str]) -> str:
        """Take one submission for ``key`` (session id, participant); "" or why not."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst),
                            bucket.tokens + (now - bucket.stamp) * self.rate_per_minute / 60)
        bucket.stamp = now
        if bucket.total >= self.max_items:
            return ngettext(
                "You have sent {count} item in this session, the most one person can; talk "
                "to the facilitator if you have more.",
                "You have sent {count} items in this session, the most one person can; talk "
                "to the facilitator if you have more.", bucket.total).format(count=bucket.total)
        if bucket.tokens < 1:
            wait = (1 - bucket.tokens) * 60 / self.rate_per_minute
            seconds = max(1, round(wait))
            return ngettext("That was quick: wait {count} second, then send again.",
                            "That was quick: wait {count} seconds, then send again.",
                            seconds).format(count=seconds)
        bucket.tokens -= 1
        bucket.total += 1
        return ""

    def sent(self, key: tuple[int, str]) -> int:
        bucket = self._buckets.get(key)
        return bucket.total if bucket else 0

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < self.max_keys:
            return
        for key in [k for k, b in self._buckets.items() if now - b.stamp > 3600]:
            del self._buckets[key]
