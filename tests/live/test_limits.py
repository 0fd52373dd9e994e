"""Per-participant rate and total limits of the participant service."""

from __future__ import annotations

from workbook.live.limits import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_limits_burst_then_rate():
    """A burst passes, the next waits, and time refills the bucket at the set rate."""
    clock = Clock()
    limits = RateLimiter(rate_per_minute=60, burst=3, max_items=100, clock=clock)
    assert [limits.refuse((1, "a")) for _ in range(3)] == ["", "", ""]
    assert "wait 1 second," in limits.refuse((1, "a"))
    assert limits.refuse((1, "b")) == ""  # someone else is not held up
    clock.now = 1.0
    assert limits.refuse((1, "a")) == ""
    assert limits.sent((1, "a")) == 4


def test_limits_total_per_session():
    """After max_items a participant is told to talk to the facilitator."""
    clock = Clock()
    limits = RateLimiter(rate_per_minute=6000, burst=100, max_items=2, clock=clock)
    assert limits.refuse((1, "a")) == limits.refuse((1, "a")) == ""
    assert "the most one person can" in limits.refuse((1, "a"))
    assert limits.refuse((2, "a")) == ""  # a new session starts afresh


def test_limits_memory_stays_bounded():
    """Idle participants are forgotten once there are many."""
    clock = Clock()
    limits = RateLimiter(rate_per_minute=60, burst=3, max_items=10, max_keys=10, clock=clock)
    for n in range(10):
        limits.refuse((1, str(n)))
    clock.now = 4000
    limits.refuse((1, "new"))
    assert len(limits._buckets) == 1
