"""The participant app's screens: one activity at a time, as on the live room's phone pages.

Plain Python, no widgets: which meeting the page is about (``aimed_meeting``), which
activities it offers for this workbook (``offered``) and where the participant is among
them (``Screens``: next, back, go to one). ``app.ParticipantView`` renders it, showing the
current screen only, so a phone 390 px wide scrolls through one activity, not ten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...i18n import N_, _
from ...model import Meeting, current_meeting

__all__ = ["SCREENS", "Screen", "Screens", "aimed_meeting", "offered"]


@dataclass(frozen=True)
class Screen:
    """One activity of the app: ``key`` (stable, English) and its ``title`` (a msgid)."""

    key: str
    title: str

    @property
    def label(self) -> str:
        """The title in the page's language."""
        return _(self.title)


SCREENS: tuple[Screen, ...] = (
    Screen("you", N_("Who you are")),
    Screen("organization", N_("Your organization")),
    Screen("name", N_("Name and vote")),
    Screen("problems", N_("Problems: causes and solutions")),
    Screen("resources", N_("Resource map")),
    Screen("readings", N_("Figures you hold")),
    Screen("comment", N_("Comments")),
    Screen("evaluation", N_("How did the meeting go?")),
    Screen("send", N_("Send it back")),
)
"""Every activity the app can offer, in the order the page walks through them."""


def offered(*, has_meeting: bool, has_outcomes: bool) -> tuple[Screen, ...]:
    """The screens for this workbook: the evaluation only when a meeting was held, the
    figures only when the partnership tracks outcomes."""
    dropped = set()
    if not has_meeting:
        dropped.add("evaluation")
    if not has_outcomes:
        dropped.add("readings")
    return tuple(s for s in SCREENS if s.key not in dropped)


def aimed_meeting(meetings: Iterable[Meeting], asked: int | None,
                  today: dt.date) -> tuple[Meeting | None, str]:
    """(the meeting the page is about, a sentence to tell the participant or "").

    ``asked`` is the link's ``?meeting=`` id (None: none asked for). A held meeting asked
    for is that one; otherwise the meeting being held or last held on or before ``today``
    (``model.current_meeting``; any day if none is that early), never a planned one: a
    planned meeting has nothing to evaluate or contribute to yet. The sentence says why
    another meeting than the one asked for is shown.
    """
    everything = list(meetings)
    held = current_meeting(everything, today) or current_meeting(everything)
    if asked is None:
        return held, ""
    found = next((m for m in everything if m.id == asked), None)
    if found is None:
        return held, _("Meeting {id} is not in this workbook; showing the latest.").format(
            id=asked)
    if found.status != "held":
        return held, _("Meeting {id} has not been held yet; this page is about the meeting "
                       "being held.").format(id=asked)
    return found, ""


class Screens:
    """Where the participant is among ``screens`` (at least one); starts on the first.

    ``go`` raises ``KeyError`` for a key not offered; ``next``/``back`` stay put at the
    ends. Nothing here knows about widgets.
    """

    def __init__(self, screens: Sequence[Screen]) -> None:
        if not screens:
            raise ValueError("the app needs at least one screen")
        self.screens = tuple(screens)
        self.index = 0

    @property
    def current(self) -> Screen:
        return self.screens[self.index]

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.screens]

    @property
    def has_back(self) -> bool:
        return self.index > 0

    @property
    def has_next(self) -> bool:
        return self.index < len(self.screens) - 1

    def go(self, key: str) -> Screen:
        """Show the screen ``key``; raises ``KeyError`` if this page does not offer it."""
        if key not in self.keys:
            raise KeyError(key)
        self.index = self.keys.index(key)
        return self.current

    def next(self) -> Screen:
        if self.has_next:
            self.index += 1
        return self.current

    def back(self) -> Screen:
        if self.has_back:
            self.index -= 1
        return self.current

    def neighbour(self, step: int) -> Screen | None:
        """The screen ``step`` places away (+1 next, -1 back), or None past an end."""
        at = self.index + step
        return self.screens[at] if 0 <= at < len(self.screens) else None

    def position(self) -> str:
        """``"Step 3 of 9"`` in the page's language."""
        return _("Step {number} of {total}").format(number=self.index + 1,
                                                     total=len(self.screens))
