"""Shared measurement: dated readings of the partnership's outcomes, and its wins.

A ``Reading`` is one dated value of one outcome: a number in the outcome's unit, or a short
text where no number fits ("first cohort still in training"); who reported it, from what
source, and a note. A ``Win`` is a success the partnership tells (a person hired, a first
apprentice, a program changed); it is credited to the partnership as a whole, with the
partners who contributed kept beside it by the store (``win_partner``).

Consent rule: a win names a person only when their consent to be named is recorded
(``consent_on``, the day they gave it). Without it the win describes them without the name;
taking the consent date away while the name is there is refused too, so a name can never be
stored, exported or shown without consent on record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import RequiredError, Sentence, ValidationError
from ..i18n import N_
from .base import Entity, choice, day, name_text, number, ref
from .base import text as free_text

__all__ = ["Reading", "Win"]


@dataclass(frozen=True, kw_only=True)
class Reading(Entity):
    """One dated reading of an outcome: a value in the outcome's unit, or a short text.

    ``value`` is a float (None for a text reading); ``text`` at most 500 characters on one
    line. Raises ``RequiredError`` when neither is given. One reading per outcome and day.
    """

    kind: ClassVar[str] = "reading"
    unique: ClassVar = (("outcome_id", "read_on"),)

    outcome_id: int = ref("outcome", required=True)
    read_on: dt.date = day(required=True)
    value: float | None = number()
    text: str = free_text(limit=500, multiline=False)
    reported_by: str = name_text(required=False)
    organisation_id: int | None = ref("organisation")
    source: str = free_text(limit=300, multiline=False)
    note: str = free_text(limit=2_000)

    def check(self) -> None:
        if self.value is None and not self.text.strip():
            raise RequiredError("value", "", Sentence(N_(
                "Enter the value as a number, or write a short text when no number fits.")))


@dataclass(frozen=True, kw_only=True)
class Win(Entity):
    """A success of the partnership, told without claiming it for one partner.

    ``person_name`` may be set only together with ``consent_on`` (the day the person agreed
    to be named); otherwise ``ValidationError`` names the field and the fix.
    """

    kind: ClassVar[str] = "win"

    won_on: dt.date = day(required=True)
    win_kind: str = choice(ref_data.WIN_KINDS, "hired")
    description: str = free_text(required=True, limit=1_000)
    person_name: str = name_text(required=False)
    consent_on: dt.date | None = day()
    consent_note: str = free_text(limit=300, multiline=False)
    outcome_id: int | None = ref("outcome")
    meeting_id: int | None = ref("meeting")
    story: str = free_text(limit=4_000)

    def check(self) -> None:
        if self.person_name and self.consent_on is None:
            raise ValidationError(
                "person name", self.person_name,
                Sentence(N_(
                "The {field} {value} is given but no consent to be named is recorded. Record "
                "the day the person agreed to be named (consent on), or leave the name out and "
                "describe them without details that identify them.")))
        if self.consent_on is not None and self.consent_on > self.won_on + dt.timedelta(
                days=3650):
            raise ValidationError("consent on", self.consent_on.isoformat(),
                                  Sentence(N_(
                "The {field} {value} is years after the win. Check the date.")))

    @property
    def names_person(self) -> bool:
        """True when the win may show the person's name (a name with consent recorded)."""
        return bool(self.person_name) and self.consent_on is not None
