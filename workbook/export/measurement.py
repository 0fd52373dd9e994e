"""The summary's shared-measurement sections: progress on every outcome, and the new wins.

``progress`` is measured as of the meeting's day, or as of the export day for the latest
meeting (so readings typed in after it reach the partners with its summary), like the
resource changes. ``wins`` are the meeting's new wins (see ``analyses.progress``), told as
the partnership's: the partners who contributed are listed with each, and a person is
named only when their consent is on record; otherwise the description stands alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import reference
from ..analyses.progress import format_value, new_wins, outcome_progress
from ..model import Meeting
from ..store import Workbook

ROW_LIMIT = 150
"""Most outcomes or wins one summary lists (the same cap as its other tables)."""

__all__ = ["ROW_LIMIT", "Progress", "ProgressRow", "WinItem", "Wins", "progress", "wins"]


@dataclass(frozen=True)
class ProgressRow:
    outcome: str
    unit: str
    direction: str  # "Higher is better" / "Lower is better"
    latest: str  # the latest value with its unit, or the latest reading in words
    latest_on: dt.date | None
    baseline: str
    benchmark: str  # the number with its unit, else the outcome's benchmark in words
    target: str
    status: str  # a title of analyses.progress.STATUSES
    stale: bool
    days_since: int | None
    readings: int


@dataclass(frozen=True)
class Progress:
    as_of: dt.date
    rows: tuple[ProgressRow, ...]
    stale: tuple[str, ...]  # outcomes with no reading for more than STALE_DAYS days
    stale_days: int = reference.STALE_DAYS


@dataclass(frozen=True)
class WinItem:
    won_on: dt.date
    kind: str
    description: str
    person: str  # "" unless consent to be named is recorded
    partners: tuple[str, ...]
    outcome: str
    story: str


@dataclass(frozen=True)
class Wins:
    since: dt.date | None
    items: tuple[WinItem, ...]
    hidden: int = 0


def _as_of(wb: Workbook, meeting: Meeting, today: dt.date) -> dt.date:
    latest = wb.latest_meeting()
    is_latest = latest is not None and latest.id == meeting.id
    return max(today, meeting.held_on) if is_latest else meeting.held_on


def progress(wb: Workbook, meeting: Meeting, *, today: dt.date) -> Progress | None:
    """Every outcome's standing for the summary; None when the workbook has no outcome."""
    as_of = _as_of(wb, meeting, today)
    found = outcome_progress(wb, today=as_of)
    if not found:
        return None
    rows = tuple(ProgressRow(
        outcome=p.description, unit=p.unit,
        direction=reference.DIRECTIONS.get(p.direction, p.direction),
        latest=format_value(p.latest_value, p.unit) if p.latest_value is not None
        else p.latest_text,
        latest_on=p.latest_on,
        baseline=format_value(p.baseline, p.unit),
        benchmark=format_value(p.benchmark, p.unit) or p.benchmark_text,
        target=format_value(p.target, p.unit) or p.target_text,
        status=p.status_title, stale=p.stale, days_since=p.days_since, readings=p.readings)
        for p in found[:ROW_LIMIT])
    return Progress(as_of=as_of, rows=rows,
                    stale=tuple(p.description for p in found if p.stale))


def wins(wb: Workbook, meeting: Meeting, previous: Meeting | None) -> Wins | None:
    """The meeting's new wins, oldest first; None when there are none."""
    latest = wb.latest_meeting()
    is_latest = latest is not None and latest.id == meeting.id
    rows = new_wins(wb, meeting, previous, is_latest=is_latest)
    if not rows:
        return None
    items = tuple(WinItem(won_on=r.won_on, kind=r.kind, description=r.description,
                          person=r.person, partners=r.partners, outcome=r.outcome,
                          story=r.story) for r in rows[:ROW_LIMIT])
    return Wins(since=previous.held_on if previous else None, items=items,
                hidden=len(rows) - len(items))
