"""The meeting as the room lives it: the agenda in order, the item on screen, its activity.

Plain Python, no widgets (the meeting view, ``meeting.py``, draws it). ``MeetingFlow`` holds
the timed agenda of one meeting (``AgendaItem`` records) and which item is current; each item
opens one activity, guessed from its title (``activity_for``: "Welcome and introductions"
opens attendance, "Name vote" the vote, "Plan the next meeting" the planning form, and so do
"Bienvenida y presentaciones", "Votación del nombre", "Planificar la próxima reunión") and
changeable for the session (``choose_activity``). The standard agenda's lines, in every
language with a catalog, are known exactly; other lines are read by their words, English
and Spanish. ``countdown`` says what the clock shows for
an item after some seconds, by the one rule of ``model.timebox.time_left``.

A meeting without an agenda gets ``STANDARD_AGENDA``: one line per activity of a partnership
meeting, with its minutes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...i18n import DEFAULT_LANGUAGE, N_, _, available_languages, use_language
from ...model import AgendaItem
from ...model.text import comparable
from ...model.timebox import TimeLeft, time_left

__all__ = ["ACTIVITIES", "ACTIVITY_ORDER", "STANDARD_AGENDA", "AgendaStep", "MeetingFlow",
           "activity_for", "minutes_for", "with_standard_agenda"]

ACTIVITIES: dict[str, str] = {
    "attendance": N_("Attendance and introductions"),
    "brings_needs": N_("What each partner brings and needs"),
    "name_vote": N_("A name vote"),
    "why_tree": N_("The why-tree of a problem"),
    "resources": N_("Resource review"),
    "actions": N_("Actions: earlier ones reviewed, new ones agreed"),
    "decision": N_("A decision and who agreed"),
    "evaluation": N_("How did this meeting go?"),
    "next_meeting": N_("Plan the next meeting"),
    "notes": N_("Discussion and notes"),
}
"""Every activity an agenda item can open, by key, with the words the room reads."""

ACTIVITY_ORDER = tuple(ACTIVITIES)

# The first rule whose words start a word of the title wins, so the specific ones come
# first: "Plan the next meeting" is planning, not actions; "Name vote" is not a decision.
# Each rule holds the English words, then the Spanish ones (written without accents: the
# title is compared without them, so "evaluación" and "evaluacion" both read).
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("next_meeting", ("next meeting", "plan the next", "next time", "schedule",
                      "when we meet",
                      "proxima reunion", "planificar la proxima", "proxima vez",
                      "proximo encuentro", "cuando nos reunimos", "calendario")),
    ("evaluation", ("evaluat", "how did", "feedback", "check out", "checkout", "reflect",
                    "plus delta", "closing",
                    "evaluacion", "evaluar", "como salio", "como nos fue",
                    "retroalimentacion", "reflexion", "cierre")),
    ("name_vote", ("name", "naming", "dot vote",
                   "nombre", "votacion de puntos")),
    ("brings_needs", ("brings", "bring", "needs", "wiifm", "in it for", "offer",
                      "what each",
                      "aporta", "necesita", "necesidad", "ofrece", "lo que cada",
                      "que trae")),
    ("attendance", ("welcome", "attendance", "introduc", "who is here", "sign in",
                    "roll call", "icebreaker",
                    "bienvenid", "asistencia", "presentacion", "quien esta",
                    "rompehielo")),
    ("why_tree", ("why", "problem", "root cause", "cause", "challenge",
                  "por que", "porque", "problema", "causa", "arbol", "desafio", "reto")),
    ("resources", ("resource", "program", "scan", "inventory", "asset", "funding",
                   "recurso", "inventario", "financiamiento", "fondos", "activos")),
    ("actions", ("action", "next step", "who does", "follow up", "follow-up",
                 "carry", "commitment", "task",
                 "accion", "acciones", "proximos pasos", "siguientes pasos", "seguimiento",
                 "compromiso", "tarea", "pendiente", "quien hace")),
    ("decision", ("decision", "decide", "agree", "vote", "approve", "consensus",
                  "decidir", "acuerdo", "acordar", "votacion", "votar", "aprobar",
                  "consenso")),
)


def _folded(title: str) -> str:
    """A title as the rules read it: compared as names are, without accents, words
    separated by single spaces and one space at each end (``" evaluacion "``)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", comparable(title))
                    if not unicodedata.combining(c))
    return " " + re.sub(r"[^\w]+", " ", plain).strip() + " "


def _by_words(folded: str) -> str:
    for activity, words in _RULES:
        if any(" " + word in folded for word in words):
            return activity
    return "notes"


@functools.cache
def _known_titles(languages: tuple[str, ...]) -> dict[str, str]:
    """The standard agenda's lines and the activities' names, as each language's catalog
    words them (folded), with the activity each opens."""
    known: dict[str, str] = {}
    for code in languages:
        with use_language(code):
            for title, _minutes in STANDARD_AGENDA:
                known.setdefault(_folded(_(title)), _by_words(_folded(title)))
            for key, title in ACTIVITIES.items():
                known.setdefault(_folded(_(title)), key)
    return known


def activity_for(title: str) -> str:
    """The activity an agenda line opens, from its words; ``"notes"`` when none fits.

    A line of the standard agenda (or an activity's name) in any language with a catalog
    opens its activity whatever its words; other lines are read by their English and
    Spanish words.

    >>> activity_for("Welcome and introductions")
    'attendance'
    >>> activity_for("Planificar la próxima reunión")
    'next_meeting'
    """
    folded = _folded(title)
    # The source language first: its titles need no catalog read (a meeting of standard
    # English lines opens without loading the other languages' catalogs).
    known = _known_titles((DEFAULT_LANGUAGE,)).get(folded)
    if known is None:
        known = _known_titles(tuple(available_languages())).get(folded)
    return known if known is not None else _by_words(folded)


STANDARD_AGENDA: tuple[tuple[str, int], ...] = (
    (N_("Welcome and introductions"), 10),
    (N_("What each partner brings and needs"), 15),
    (N_("Name vote"), 10),
    (N_("Why does the problem happen? (the why-tree)"), 20),
    (N_("Resource review"), 10),
    (N_("Actions: earlier ones and new ones"), 10),
    (N_("Decision"), 10),
    (N_("Evaluation"), 5),
    (N_("Plan the next meeting"), 5),
)
"""(title, minutes) of a partnership meeting with every activity, in the usual order."""


def minutes_for(title: str) -> int:
    """The minutes an agenda line gets on the clock: its activity's in ``STANDARD_AGENDA``,
    10 for a line of discussion."""
    standard = {activity_for(t): m for t, m in STANDARD_AGENDA}
    return standard.get(activity_for(title), 10)


def with_standard_agenda(lines: Sequence[str]) -> list[str]:
    """The agenda ``lines`` completed with each line of ``STANDARD_AGENDA`` whose activity
    none of them opens (worded in the current language), every line at its activity's
    place in the standard order.

    Lines of one place keep their order (a planned line before the standard one); a line
    that opens only notes stays after the line before it. Nothing planned is dropped:

    >>> with_standard_agenda(["Welcome, introductions", "Next steps: when we meet next"])[:2]
    ['Welcome, introductions', 'What each partner brings and needs']
    """
    rank = {activity_for(t): n for n, (t, _m) in enumerate(STANDARD_AGENDA)}
    keyed: list[tuple[int, int, int, str]] = []
    place = -1
    for n, line in enumerate(lines):
        place = rank.get(activity_for(line), place)
        keyed.append((place, 0, n, line))
    covered = {activity_for(line) for line in lines}
    keyed.extend((n, 1, n, _(title)) for n, (title, _m) in enumerate(STANDARD_AGENDA)
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
        return _("{mark}{position}. {title} ({minutes} min)").format(
            mark=mark, position=self.position, title=self.title, minutes=self.minutes)


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
            return _("The agenda is empty.")
        return _("Item {value} of {count}").format(value=self.current + 1, count=len(self.steps))

    def planned_minutes(self) -> int:
        """The minutes of every item together."""
        return sum(s.minutes for s in self.steps)
