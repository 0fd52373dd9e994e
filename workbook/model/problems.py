"""Problem framing: problems, the tree of causes behind them, and solutions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import CycleError, Sentence, ValidationError
from ..i18n import N_
from .base import Entity, boolean, choice, day, ref, text

__all__ = ["Cause", "Problem", "Solution", "check_no_cycle"]


@dataclass(frozen=True, kw_only=True)
class Problem(Entity):
    """A problem as employers state it, and who raised it."""

    kind: ClassVar[str] = "problem"
    unique: ClassVar = (("statement",),)

    statement: str = text(required=True, limit=1_000)
    raised_by_id: int | None = ref("person")
    organisation_id: int | None = ref("organisation")
    meeting_id: int | None = ref("meeting")
    raised_on: dt.date | None = day()
    notes: str = text()


@dataclass(frozen=True, kw_only=True)
class Cause(Entity):
    """An answer to "why?": it sits under the problem (no parent) or under another cause."""

    kind: ClassVar[str] = "cause"

    problem_id: int = ref("problem", required=True)
    parent_id: int | None = ref("cause")
    statement: str = text(required=True, limit=1_000)
    evidence: str = text()
    is_root: bool = boolean()

    def check(self) -> None:
        if self.id is not None and self.parent_id == self.id:
            raise CycleError("parent", self.parent_id, Sentence(N_(
                "The {field} {value} is this cause itself. Put the cause under the problem or "
                "under a different cause.")))


@dataclass(frozen=True, kw_only=True)
class Solution(Entity):
    """A way to tackle a cause: something new or an existing resource, with its history."""

    kind: ClassVar[str] = "solution"

    problem_id: int = ref("problem", required=True)
    cause_id: int | None = ref("cause")
    description: str = text(required=True, limit=2_000)
    solution_kind: str = choice(ref_data.SOLUTION_KINDS, "new")
    resource_id: int | None = ref("resource")
    status: str = choice(ref_data.SOLUTION_STATUSES, "idea")
    tried_before: bool = boolean()
    tried_on: dt.date | None = day()
    lessons: str = text()

    def check(self) -> None:
        if self.solution_kind == "existing" and self.resource_id is None:
            raise ValidationError("resource", None, Sentence(N_(
                "The {field} is missing for an existing resource. Pick the resource "
                "from the map, or mark the solution as new.")))
        if self.solution_kind == "new" and self.resource_id is not None:
            raise ValidationError("solution kind", "new", Sentence(N_(
                "The {field} {value} conflicts with the linked resource. Mark it as an existing "
                "resource, or unlink the resource.")))
        if (self.tried_before or self.status == "failed") and not self.lessons.strip():
            raise ValidationError("lessons", self.lessons,
                                  Sentence(N_(
                "The {field} {value} are empty for a solution that was tried before. Write down "
                "why it did or did not work last time.")))


def check_no_cycle(cause_id: int | None, new_parent_id: int | None,
                   parents: Mapping[int, int | None]) -> None:
    """Refuse to hang ``cause_id`` under ``new_parent_id`` if that would make a loop.

    ``parents`` maps each stored cause to its parent cause (None under the problem).
    """
    seen: set[int] = set()
    node = new_parent_id
    while node is not None:
        if node == cause_id:
            raise CycleError("parent", new_parent_id, Sentence(N_(
                "The {field} {value} lies beneath this cause already. Pick a cause that is not "
                "one of its own sub-causes.")))
        if node in seen:  # a loop already stored: refuse rather than spin
            raise CycleError("parent", new_parent_id, Sentence(N_(
                "The {field} {value} belongs to a damaged loop of causes. Move one cause of "
                "that loop under the problem first.")))
        seen.add(node)
        node = parents.get(node)
