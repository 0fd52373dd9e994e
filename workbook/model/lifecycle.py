"""Lifecycle: where the partnership stands, how it got there, what each phase asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import ChoiceError
from ..i18n import Titles
from .base import Entity, boolean, choice, day, name_text, text

__all__ = ["ChecklistMark", "PhaseChange"]

PHASE_TITLES = Titles({p.key: p.title for p in ref_data.PHASES})


@dataclass(frozen=True, kw_only=True)
class PhaseChange(Entity):
    """The partnership entered ``phase`` on ``changed_on``; the note says why."""

    kind: ClassVar[str] = "phase_change"

    phase: str = choice(PHASE_TITLES)
    changed_on: dt.date = day(required=True)
    note: str = text(limit=2_000)


@dataclass(frozen=True, kw_only=True)
class ChecklistMark(Entity):
    """One item of a phase's checklist: done or not, when, and the evidence."""

    kind: ClassVar[str] = "checklist_mark"
    unique: ClassVar = (("phase", "item"),)

    phase: str = choice(PHASE_TITLES)
    item: str = name_text()
    done: bool = boolean()
    done_on: dt.date | None = day()
    evidence: str = text(limit=2_000)

    def check(self) -> None:
        items = [e.key for e in ref_data.phase(self.phase).checklist]
        if self.item not in items:
            raise ChoiceError("checklist item", self.item, items)
