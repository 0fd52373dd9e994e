"""Organisations at the table, their people, and what the partner review keeps of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import Sentence, ValidationError
from ..i18n import N_
from .base import Entity, boolean, choice, day, integer, name_text, ref, text
from .partnership import language_choice

__all__ = ["CapacityRating", "HealthCheck", "Organisation", "Person", "ReviewNote"]


@dataclass(frozen=True, kw_only=True)
class Organisation(Entity):
    """A partner (one of six types) or the intermediary's own organisation."""

    kind: ClassVar[str] = "organisation"
    unique: ClassVar = (("name",),)

    name: str = name_text()
    partner_type: str = choice(ref_data.PARTNER_TYPES, "business")
    status: str = choice(ref_data.ORGANISATION_STATUSES, "active")
    mission: str = text()
    competencies: str = text()
    decision_making: str = text()
    financing: str = text()
    culture: str = text()
    brings: str = text()
    needs: str = text()
    website: str = text(limit=500, multiline=False)
    # Language access (schema 14): the language its people read (its follow-up e-mail is
    # written in it); None is the partnership's main language.
    language: str | None = language_choice()

    @property
    def is_own(self) -> bool:
        return self.partner_type == ref_data.OWN

    @property
    def is_employer(self) -> bool:
        return self.partner_type == "business"


@dataclass(frozen=True, kw_only=True)
class Person(Entity):
    """Someone who attends, proposes, votes or owns an action."""

    kind: ClassVar[str] = "person"
    unique: ClassVar = (("name", "organisation_id"),)

    name: str = name_text()
    organisation_id: int | None = ref("organisation")
    role: str = name_text(required=False)
    email: str = text(limit=254, multiline=False)

    def check(self) -> None:
        if self.email and ("@" not in self.email or " " in self.email):
            raise ValidationError("email", self.email, Sentence(N_(
                "The {field} {value} is not an email address. Write it as name@example.org, or "
                "leave it empty.")))


@dataclass(frozen=True, kw_only=True)
class ReviewNote(Entity):
    """A point from the partner review: where partners line up, clash, compete or could team up."""

    kind: ClassVar[str] = "review_note"

    aspect: str = choice(ref_data.REVIEW_ASPECTS, "mission")
    note_kind: str = choice(ref_data.REVIEW_KINDS, "confluence")
    text: str = text(required=True)
    organisation_id: int | None = ref("organisation")


@dataclass(frozen=True, kw_only=True)
class CapacityRating(Entity):
    """How strong one organisation is at one of the nineteen competencies."""

    kind: ClassVar[str] = "capacity_rating"
    unique: ClassVar = (("organisation_id", "competency"),)

    organisation_id: int = ref("organisation", required=True)
    competency: str = choice({k: c.title for k, (_, c) in ref_data.COMPETENCIES.items()})
    rating: int = integer(low=1, high=4, required=True)
    priority: bool = boolean()
    notes: str = text()


@dataclass(frozen=True, kw_only=True)
class HealthCheck(Entity):
    """The five questions asked of one partnership on one day (0 no, 1 partly, 2 yes)."""

    kind: ClassVar[str] = "health_check"
    unique: ClassVar = (("organisation_id", "checked_on"),)

    organisation_id: int = ref("organisation", required=True)
    checked_on: dt.date = day(required=True)
    services: int = integer(0, low=0, high=2, required=True)
    goals: int = integer(0, low=0, high=2, required=True)
    referrals: int = integer(0, low=0, high=2, required=True)
    contact: int = integer(0, low=0, high=2, required=True)
    voice: int = integer(0, low=0, high=2, required=True)
    notes: str = text()

    @property
    def score(self) -> int:
        """Sum of the five answers: 0 (nothing in place) to 10 (all in place)."""
        return sum(getattr(self, q.key) for q in ref_data.HEALTH_QUESTIONS)
