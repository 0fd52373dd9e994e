"""Naming the effort: candidates and dot votes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ..errors import Sentence, ValidationError
from ..i18n import N_, Titles, _, format_list, ngettext
from .base import Entity, boolean, choice, day, integer, name_text, ref, text

__all__ = ["MAX_DOTS", "VOTE_STATUSES", "NameCandidate", "NameVote", "VoteTally", "tally"]

MAX_DOTS = 12
"""The most dots one voter can be given in a vote."""

VOTE_STATUSES: Titles[str] = Titles({"open": N_("Open: results hidden"),
                                      "closed": N_("Closed: results shown")})


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
    dots_per_participant: int = integer(3, low=1, high=MAX_DOTS, required=True)
    anonymous: bool = boolean()
    status: str = choice(VOTE_STATUSES, "open")
    opened_on: dt.date = day(required=True)
    closed_on: dt.date | None = day()
    note: str = text(limit=1_000)
    # Last, so a file upgraded by adding the column matches a fresh one column for column.
    max_dots_per_candidate: int | None = integer(None, low=1, high=MAX_DOTS)
    """None: a voter may stack all their dots on one candidate; 1: one dot per candidate."""

    def check(self) -> None:
        if (self.max_dots_per_candidate is not None
                and self.max_dots_per_candidate > self.dots_per_participant):
            raise ValidationError("max dots per candidate", self.max_dots_per_candidate,
                                  Sentence(N_(
                "The {field} {value} is more than the {dots} dots each voter has. Use at most "
                "the dots per voter, or leave it empty."), dots=self.dots_per_participant))


@dataclass(frozen=True)
class VoteTally:
    """Dots per candidate, most first, with the leaders: more than one leader is a tie."""

    dots: tuple[tuple[str, int], ...]
    leaders: tuple[str, ...]

    @property
    def is_tie(self) -> bool:
        return len(self.leaders) > 1

    def words(self) -> str:
        """The outcome in a sentence: a winner, a tie, or no dots at all."""
        if not self.leaders:
            return _("No dots were cast.")
        top = self.dots[0][1]
        if self.is_tie:
            return ngettext("A tie: {names} have {count} dot each.",
                            "A tie: {names} have {count} dots each.", top).format(
                names=format_list(self.leaders), count=top)
        return ngettext("{name} leads with {count} dot.", "{name} leads with {count} dots.",
                        top).format(name=self.leaders[0], count=top)


def tally(dots: dict[str, int]) -> VoteTally:
    """Order ``dots`` (candidate name to dots) most first, names alphabetical within a score."""
    ordered = tuple(sorted(dots.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    top = ordered[0][1] if ordered else 0
    leaders = tuple(name for name, n in ordered if n == top and n > 0)
    return VoteTally(ordered, leaders)
