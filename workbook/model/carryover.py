"""Carry-over: a meeting reviews the open actions of earlier meetings, one by one.

Each review records what became of one action: done, still open with a new date, or
dropped with a reason, and what its due date and status were before, so the summary can
say what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import RequiredError, Sentence, ValidationError
from ..i18n import N_, Titles
from .base import Entity, choice, day, ref, text

__all__ = ["REVIEW_OUTCOMES", "ActionReview"]

REVIEW_OUTCOMES: Titles[str] = Titles({
    "done": N_("Done"),
    "still_open": N_("Still open, with a new date"),
    "dropped": N_("Dropped"),
})


@dataclass(frozen=True, kw_only=True)
class ActionReview(Entity):
    """What meeting ``meeting_id`` found about the earlier action ``action_id``."""

    kind: ClassVar[str] = "action_review"
    unique: ClassVar = (("meeting_id", "action_id"),)

    meeting_id: int = ref("meeting", required=True)
    action_id: int = ref("action", required=True)
    outcome: str = choice(REVIEW_OUTCOMES, "still_open")
    new_due_on: dt.date | None = day()
    reason: str = text(limit=1_000)
    previous_status: str = choice(ref_data.ACTION_STATUSES, "open")
    previous_due_on: dt.date | None = day()

    def check(self) -> None:
        if self.outcome == "still_open" and self.new_due_on is None:
            raise RequiredError("new due on", None, Sentence(N_(
                "Give the new date by which it will be done, as YYYY-MM-DD.")))
        if self.outcome == "dropped" and not self.reason.strip():
            raise RequiredError("reason", self.reason,
                                Sentence(N_("Say in a sentence why the group dropped it.")))
        if self.outcome != "still_open" and self.new_due_on is not None:
            raise ValidationError("new due on", self.new_due_on.isoformat(), Sentence(N_(
                "The {field} {value} is set but the action is marked \"{outcome}\". Clear the "
                "date, or mark the action still open."),
                outcome=Sentence(REVIEW_OUTCOMES.raw[self.outcome])))
