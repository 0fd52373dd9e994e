"""Meetings, the comments people leave, and the actions that come out of them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import Sentence, ValidationError
from ..i18n import N_
from .base import Entity, boolean, choice, day, name_text, ref, text, text_list, timestamp

__all__ = ["MEETING_STATUSES", "ActionItem", "Comment", "Meeting"]

MEETING_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "held": "Held",
}
"""A meeting is planned (date, time, place, objective and a draft agenda, nobody there
yet) until the facilitator starts it; from then on it is held."""

_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass(frozen=True, kw_only=True)
class Meeting(Entity):
    """A meeting of the partnership; it may not exist without an objective.

    ``status`` is ``planned`` for the next meeting (``starts_at`` as ``HH:MM`` on a 24-hour
    clock, ``location`` or ``join_link``, a draft ``agenda``) and ``held`` once started;
    ``model/schedule.py`` says which meeting is the current one and which the next.
    Its decisions are ``Decision`` records (``model/decisions.py``); its timed agenda is
    ``AgendaItem`` records, made from ``agenda`` when the facilitator times it.
    """

    kind: ClassVar[str] = "meeting"

    held_on: dt.date = day(required=True)
    kind_of: str = choice(ref_data.MEETING_KINDS, "regular")
    objective: str = text(required=True, limit=1_000)
    location: str = name_text(required=False)
    agenda: tuple[str, ...] = text_list()
    notes: str = text()
    status: str = choice(MEETING_STATUSES, "held")
    starts_at: str = text(limit=5, multiline=False)
    join_link: str = text(limit=2_000, multiline=False)

    @property
    def is_planned(self) -> bool:
        return self.status == "planned"

    def check(self) -> None:
        if self.starts_at and _TIME.fullmatch(self.starts_at) is None:
            raise ValidationError("starts at", self.starts_at,
                                  Sentence(N_(
                "The {field} {value} is not a time of day on a 24-hour clock. Type it as HH:MM, "
                "for example 14:30 for 2:30 PM.")))
        if self.join_link and not self.join_link.lower().startswith(("https://", "http://")):
            raise ValidationError("join link", self.join_link,
                                  Sentence(N_(
                "The {field} {value} is not a web address. Paste the meeting's link as it "
                "starts, with https://.")))


@dataclass(frozen=True, kw_only=True)
class ActionItem(Entity):
    """A next step: which partner, what, who, by when, and how far it got."""

    kind: ClassVar[str] = "action"

    action: str = text(required=True, limit=1_000)
    organisation_id: int | None = ref("organisation")
    owner_id: int = ref("person", required=True)
    due_on: dt.date | None = day()
    status: str = choice(ref_data.ACTION_STATUSES, "open")
    meeting_id: int | None = ref("meeting")
    done_on: dt.date | None = day()
    notes: str = text()

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in_progress")

    def is_overdue(self, today: dt.date) -> bool:
        """Still open on ``today`` with its due date passed; no due date is never overdue."""
        return self.is_open and self.due_on is not None and self.due_on < today

    def check(self) -> None:
        if self.done_on is not None and self.status != "done":
            raise ValidationError("done on", self.done_on.isoformat(), Sentence(N_(
                "The {field} {value} is set but the status is \"{status}\". Set the status to "
                "done, or clear the date."),
                status=Sentence(ref_data.ACTION_STATUSES.raw.get(self.status, self.status))))


@dataclass(frozen=True, kw_only=True)
class Comment(Entity):
    """A remark left by a participant or the facilitator, optionally about a meeting.

    Comments are not moderated: only one the facilitator marked ``shared`` (after reading
    it) goes into the partners' summary; the facilitator's record holds them all.
    """

    kind: ClassVar[str] = "comment"

    author: str = name_text()
    organisation_id: int | None = ref("organisation")
    meeting_id: int | None = ref("meeting")
    text: str = text(required=True)
    created_at: dt.datetime | None = timestamp()
    shared: bool = boolean()
