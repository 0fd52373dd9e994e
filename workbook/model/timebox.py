"""Time boxes: agenda items with minutes, the time actually spent, and how much is left.

``time_left`` is the one rule for what the countdown says; the browser widget
(``views/widgets/countdown.js``) mirrors it so the clock keeps ticking while the kernel
is busy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..i18n import _
from .base import Entity, integer, ref, text

__all__ = ["AMBER_SHARE", "RED_SHARE", "AgendaItem", "TimeLeft", "clock", "time_left"]

AMBER_SHARE = 0.20
"""At or under this share of the time left the countdown turns amber."""
RED_SHARE = 0.05
"""At or under this share left it turns red."""
MAX_MINUTES = 480


@dataclass(frozen=True, kw_only=True)
class AgendaItem(Entity):
    """One timed item of a meeting's agenda; ``spent_seconds`` is None until it was run."""

    kind: ClassVar[str] = "agenda_item"

    meeting_id: int = ref("meeting", required=True)
    position: int = integer(1, low=1, high=100, required=True)
    title: str = text(required=True, limit=300, multiline=False)
    minutes: int = integer(10, low=1, high=MAX_MINUTES, required=True)
    spent_seconds: int | None = integer(None, low=0, high=86_400)

    @property
    def overrun_seconds(self) -> int:
        """Seconds spent past the time box; 0 when on time or not run."""
        if self.spent_seconds is None:
            return 0
        return max(0, self.spent_seconds - self.minutes * 60)


@dataclass(frozen=True)
class TimeLeft:
    """What the countdown shows: ``level`` is plenty, amber, red or over; ``words`` says it."""

    level: str
    remaining_seconds: int
    words: str


def clock(seconds: int) -> str:
    """Seconds as ``M:SS`` (or ``H:MM:SS`` from an hour)."""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def time_left(minutes: int, elapsed_seconds: float) -> TimeLeft:
    """The state of a ``minutes`` time box after ``elapsed_seconds``, in level and words."""
    total = minutes * 60
    remaining = total - int(elapsed_seconds)
    if remaining < 0:
        return TimeLeft("over", remaining, _("Over time by {time}").format(time=clock(-remaining)))
    share = remaining / total if total else 0.0
    if share <= RED_SHARE:
        return TimeLeft("red", remaining,
                        _("{time} left: nearly out of time").format(time=clock(remaining)))
    if share <= AMBER_SHARE:
        return TimeLeft("amber", remaining,
                        _("{time} left: under a fifth of the time").format(time=clock(remaining)))
    return TimeLeft("plenty", remaining, _("{time} left").format(time=clock(remaining)))
