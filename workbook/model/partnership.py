"""The partnership itself and the outcomes it measures itself by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from .base import Entity, choice, day, name_text, number, ref, text, text_list

__all__ = ["Outcome", "Partnership"]


@dataclass(frozen=True, kw_only=True)
class Partnership(Entity):
    """One per workbook: what the effort is called, where and for whom it works."""

    kind: ClassVar[str] = "partnership"

    working_title: str = name_text()
    name: str = name_text(required=False)
    name_chosen_on: dt.date | None = day()
    name_reason: str = text()
    sector: str = name_text()
    region: str = name_text()
    intermediary: str = name_text(required=False)
    vision: str = text()
    shared_goals: tuple[str, ...] = text_list()
    phase: str = choice({p.key: p.title for p in ref_data.PHASES}, "preparation")
    created_on: dt.date | None = day()

    @property
    def display_name(self) -> str:
        """The chosen name once there is one, else the working title."""
        return self.name or self.working_title


@dataclass(frozen=True, kw_only=True)
class Outcome(Entity):
    """A measurable outcome with the benchmark the partnership compares against."""

    kind: ClassVar[str] = "outcome"
    unique: ClassVar = (("description",),)

    description: str = name_text()
    measure: str = text(limit=500)
    benchmark: str = text(limit=500)
    target: str = text(limit=500)
    due_on: dt.date | None = day()
    owner_id: int | None = ref("organisation")
    # Shared measurement (schema 3): how readings are counted and compared.
    unit: str = text(limit=40, multiline=False)
    direction: str = choice(ref_data.DIRECTIONS, "higher")
    indicator: str | None = choice(ref_data.INDICATOR_TITLES, None, required=False)
    baseline_value: float | None = number()
    benchmark_value: float | None = number()
    target_value: float | None = number()
