"""The resource map (program scan): what already bears on the industry's workforce problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from .base import Entity, choice, day, name_text, ref, text, timestamp

__all__ = ["Resource"]


@dataclass(frozen=True, kw_only=True)
class Resource(Entity):
    """A program, fund, policy, service, facility, curriculum or data source."""

    kind: ClassVar[str] = "resource"
    unique: ClassVar = (("name", "owner_id"),)

    name: str = name_text()
    resource_kind: str = choice(ref_data.RESOURCE_KINDS, "program")
    owner_id: int | None = ref("organisation")
    target_group: str = text(limit=1_000)
    eligibility: str = text(limit=2_000)
    capacity: str = text(limit=500)
    funding_source: str = text(limit=500)
    referral: str = text(limit=2_000)
    status: str = choice(ref_data.RESOURCE_STATUSES, "active")
    found_on: dt.date | None = day()
    notes: str = text()
    created_at: dt.datetime | None = timestamp()
    updated_at: dt.datetime | None = timestamp()
