"""Naming the effort: candidates and dot votes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .base import Entity, boolean, choice, day, integer, name_text, ref, text

__all__ = ["NameCandidate", "NameVote", "VOTE_STATUSES"]

VOTE_STATUSES = {"open": "Open: results hidden", "closed": "Closed: results shown"}


@dataclass(frozen=True, kw_only=True)
class NameCandidate(Entity):
    """A proposed name, who proposed it and why."""

    kind: ClassVar[str] = "name_candidate"
    unique: ClassVar = (("name",),)

    name: str = name_text()
    proposed_by_id: int | None = ref("person")
    rationale: str = text(limit=2_000)
    meeting_id: int | None = ref("meeting")


@dataclass(frozen=True, kw_only=True)
class NameVote(Entity):
    """One round of dot voting on the candidates; results stay hidden while it is open."""

    kind: ClassVar[str] = "name_vote"

    meeting_id: int | None = ref("meeting")
    dots_per_participant: int = integer(3, low=1, high=10, required=True)
    anonymous: bool = boolean()
    status: str = choice(VOTE_STATUSES, "open")
    opened_on: dt.date = day(required=True)
    closed_on: dt.date | None = day()
    note: str = text(limit=1_000)
