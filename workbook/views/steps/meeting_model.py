"""The meeting as the room lives it: the agenda in order, the item on screen, its activity.

Plain Python, no widgets (the meeting view, ``meeting.py``, draws it). ``MeetingFlow`` holds
the timed agenda of one meeting (``AgendaItem`` records) and which item is current; each item
opens one activity, guessed from its title (``activity_for``: "Welcome and introductions"
opens attendance, "Name vote" the vote, "Plan the next meeting" the planning form) and
changeable for the session (``choose_activity``). ``countdown`` says what the clock shows for
an item after some seconds, by the one rule of ``model.timebox.time_left``.

A meeting without an agenda gets ``STANDARD_AGENDA``: one line per activity of a partnership
meeting, with its minutes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import AgendaItem
from ...model.text import comparable
from ...model.timebox import TimeLeft, time_left

__all__ = ["ACTIVITIES", "ACTIVITY_ORDER", "STANDARD_AGENDA", "AgendaStep", "MeetingFlow",
           "activity_for", "minutes_for", "with_standard_agenda"]

ACTIVITIES: dict[str, str] = {
    "attendance": "Attendance and introductions",
    "brings_needs": "What each partner brings and needs",
    "name_vote": "A name vote",
    "why_tree": "The why-tree of a problem",
    "resources": "Resource review",
    "actions": "Actions: earlier ones reviewed, new ones agreed",
    "decision": "A decision and who agreed",
    "evaluation": "How did this meeting go?",
    "next_meeting": "Plan the next meeting",
    "notes": "Discussion and notes",
}
"""Every activity an agenda item can open, by key, with the words the room reads."""

ACTIVITY_ORDER = tuple(ACTIVITIES)

# The first rule whose words start a word of the title wins, so the specific ones come
# first: "Plan the next meeting" is planning, not actions; "Name vote" is not a decision.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("next_meeting", ("next meeting", "plan the next", "next time", "schedule",
                      "when we meet")),
    ("evaluation", ("evaluat", "how did", "feedback", "check out", "checkout", "reflect",
                    "plus delta", "closing")),
    ("name_vote", ("name", "naming", "dot vote")),
    ("brings_needs", ("brings", "bring", "needs", "wiifm", "in it for", "offer",
                      "what each")),
    ("attendance", ("welcome", "attendance", "introduc", "who is here", "sign in",
                    "roll call", "icebreaker")),
    ("why_tree", ("why", "problem", "root cause", "cause", "challenge")),
    ("resources", ("resource", "program", "scan", "inventory", "asset", "funding")),
    ("actions", ("action", "next step", "who does", "follow up", "follow-up",
                 "carry", "commitment", "task")),
    ("decision", ("decision", "decide", "agree", "vote", "approve", "consensus")),
)


def activity_for(title: str) -> str:
    """The activity an agenda line opens, from its words; ``"notes"`` when none fits.

    >>> activity_for("Welcome and introductions")
    'attendance'
    >>> activity_for("Plan the next meeting")
    'next_meeting'
    """
    folded = " " + re.sub(r"[^\w]+", " ", comparable(title)).strip() + " "
    for activity, words in _RULES:
        if any(" " + comparable(word) in folded for word in words):
            return activity
    return "notes"


STANDARD_AGENDA: tuple[tuple[str, int], ...] = (
    ("Welcome and introductions", 10),
    ("What each partner brings and needs", 15),
    ("Name vote", 10),
    ("Why does the problem happen? (the why-tree)", 20),
    ("Resource review", 10),
    ("Actions: earlier ones and new ones", 10),
    ("Decision", 10),
    ("Evaluation", 5),
    ("Plan the next meeting", 5),
)
"""(title, minutes) of a partnership meeting with every activity, in the usual order."""


def minutes_for(title: str) -> int:
    """The minutes an agenda line gets on the clock: its activity's in ``STANDARD_AGENDA``,
    10 for a line of discussion."""
    standard = {activity_for(t): m for t, m in STANDARD_AGENDA}
    return standard.get(activity_for(title), 10)


def with_standard_agenda(lines: Sequence[str]) -> list[str]:
    """The agenda ``lines`` completed with each line of ``STANDARD_AGENDA`` whose activity
    none of them opens, every line at its activity's place in the standard order.

    Lines of one place keep their order (a planned line before the standard one); a line
    that opens only notes stays after the line before it. Nothing planned is dropped:

    >>> with_standard_agenda(["Welcome, introductions", "Next steps: when we meet next"])[:2]
    ['Welcome, introductions', 'What each partner brings and needs']
    """
    rank = {activity_for(t): n for n, (t, _) in enumerate(STANDARD_AGENDA)}
    keyed: list[tuple[int, int, int, str]] = []
    place = -1
    for n, line in enumerate(lines):
        place = rank.get(activity_for(line), place)
        keyed.append((place, 0, n, line))
    covered = {activity_for(line) for line in lines}
    keyed.extend((n, 1, n, title) for n, (title, _) in enumerate(STANDARD_AGENDA)
                 if activity_for(title) not in covered)
    return [line for *_, line in sorted(keyed)]


@dataclass(frozen=True)
class AgendaStep:
    """One item of the meeting's agenda as the room sees it."""

    item_id: int
    position: int
    title: str
    minutes: int
    spent_seconds: int | None
    activity: str

    @property
    def done(self) -> bool:
        """The clock has run on it (some time is stored)."""
        return self.spent_seconds is not None

    def countdown(self, elapsed_seconds: float) -> TimeLeft:
        """What the countdown says after ``elapsed_seconds`` on this item."""
        return time_left(self.minutes, elapsed_seconds)

    @property
    def label(self) -> str:
        """``"3. Name vote (10 min)"``, with ✓ when the clock has run on it."""
        mark = "✓ " if self.done else ""
        return f"{mark}{self.position}. {self.title} ({self.minutes} min)"


@dataclass
class MeetingFlow:
    """The agenda of one meeting, which item is on screen, and what each item opens.

    ``items`` are the meeting's ``AgendaItem`` records (any order: they are sorted by
    position). ``current`` is an index into ``steps`` (None when the agenda is empty).
    Overrides from ``choose_activity`` are kept per item id across ``reload``.
    """

    items: Sequence[AgendaItem] = ()
    current: int | None = None
    overrides: dict[int, str] = field(default_factory=dict)
    steps: list[AgendaStep] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.reload(self.items)

    def reload(self, items: Sequence[AgendaItem]) -> None:
        """Take the stored agenda again; the current item stays current if it still exists.

        When it is gone (or nothing was current) the first item not yet run is current.
        """
        keep = self.current_step.item_id if self.current_step is not None else None
        ordered = sorted(items, key=lambda i: (i.position, i.id or 0))
        self.items = ordered
        self.overrides = {k: v for k, v in self.overrides.items()
                          if k in {i.id for i in ordered}}
        self.steps = [AgendaStep(int(i.id or 0), i.position, i.title, i.minutes,
                                 i.spent_seconds,
                                 self.overrides.get(int(i.id or 0), activity_for(i.title)))
                      for i in ordered]
        ids = [s.item_id for s in self.steps]
        if keep in ids:
            self.current = ids.index(keep)
        elif self.steps:
            self.current = next((n for n, s in enumerate(self.steps) if not s.done), 0)
        else:
            self.current = None

    @property
    def current_step(self) -> AgendaStep | None:
        """The item on screen, or None when the agenda is empty."""
        if self.current is None or not (0 <= self.current < len(self.steps)):
            return None
        return self.steps[self.current]

    @property
    def has_next(self) -> bool:
        return self.current is not None and self.current + 1 < len(self.steps)

    @property
    def at_last(self) -> bool:
        """The item on screen is the last of the agenda (Next finishes the meeting)."""
        return self.current is not None and self.current + 1 == len(self.steps)

    @property
    def has_previous(self) -> bool:
        return self.current is not None and self.current > 0

    def go_to(self, item_id: int) -> AgendaStep:
        """Make the item with ``item_id`` current; raises KeyError for an unknown item."""
        ids = [s.item_id for s in self.steps]
        if item_id not in ids:
            raise KeyError(item_id)
        self.current = ids.index(item_id)
        return self.steps[self.current]

    def next(self) -> AgendaStep | None:
        """Move to the next item; None (and no move) at the last one."""
        if not self.has_next:
            return None
        assert self.current is not None
        self.current += 1
        return self.steps[self.current]

    def previous(self) -> AgendaStep | None:
        """Move to the item before; None (and no move) at the first one."""
        if not self.has_previous:
            return None
        assert self.current is not None
        self.current -= 1
        return self.steps[self.current]

    def choose_activity(self, activity: str) -> AgendaStep:
        """Open ``activity`` for the current item from now on (for this session).

        Raises KeyError for an unknown activity and LookupError with no current item.
        """
        if activity not in ACTIVITIES:
            raise KeyError(activity)
        step = self.current_step
        if step is None:
            raise LookupError("The agenda is empty: there is no item to open.")
        self.overrides[step.item_id] = activity
        self.reload(self.items)
        return self.steps[self.current or 0]

    def where(self) -> str:
        """``"Item 3 of 9"``, or a sentence saying the agenda is empty."""
        if self.current is None:
            return "The agenda is empty."
        return f"Item {self.current + 1} of {len(self.steps)}"

    def planned_minutes(self) -> int:
        """The minutes of every item together."""
        return sum(s.minutes for s in self.steps)
