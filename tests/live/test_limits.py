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


def _refusals() -> list[str]:
    """What a phone reads at each limit: too quick, and the total of a person, a network
    and the room."""
    clock = Clock()
    said = []
    for who in ("You have", "This network has", "The room has"):
        limits = RateLimiter(rate_per_minute=60, burst=1, max_items=1, clock=clock, who=who)
        assert limits.refuse((1, "a")) == ""
        said.append(limits.refuse((1, "a")))
    quick = RateLimiter(rate_per_minute=60, burst=1, max_items=0, clock=clock)
    quick.refuse((1, "a"))
    said.append(quick.refuse((1, "a")))
    return said


def test_limits_refusals_read_in_the_phones_language():
    """Each limit's sentence is a whole catalog sentence: in the pseudo-language nothing
    stands outside the markers, in Spanish no English word is left."""
    from workbook import i18n
    from workbook.testing.pseudo import english_left, strict_markers

    with i18n.use_language(i18n.PSEUDO), strict_markers():
        pseudo = _refusals()
    assert all(s.startswith("⟦") and english_left(s) == [] for s in pseudo), pseudo
    with i18n.use_language("es"):
        spanish = _refusals()
    assert spanish[0].startswith("Ha enviado 1 aporte"), spanish
    for text in spanish:
        assert not {"sent", "the", "wait", "most", "facilitator"} & set(text.split()), text


def test_limits_of_the_facilitators_room_read_in_spanish():
    """The room's own limits (how long a session stays open, how many join tickets) are
    refused in the facilitator's language, naming the bound."""
    from workbook import i18n
    from workbook.errors import ValidationError
    from workbook.live.room import MAX_MINUTES, MAX_TICKETS, LiveRoom

    room = LiveRoom.__new__(LiveRoom)  # the bounds are checked before anything is opened
    for kwargs, bound in (({"minutes": 0}, MAX_MINUTES), ({"tickets": -1}, MAX_TICKETS)):
        try:
            room.open_session(None, None, **{"minutes": 30, "tickets": 0, **kwargs})
        except ValidationError as exc:
            error = exc
        else:
            raise AssertionError("not refused")
        with i18n.use_language("es"):
            text = str(error)
        assert str(bound) in text and "Keep" not in text and "Hand out" not in text, text
        assert "fuera de rango" in text
