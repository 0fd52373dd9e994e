"""Actions across meetings: what is carried into a meeting, and whose actions get done.

An action is carried into a meeting when it was agreed before that meeting (at an
earlier meeting, or outside any meeting) and was still open on its day: open or under
way now, or done only after that day. Dropped actions are never carried.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa

from .. import reference
from ..model import ActionItem, Meeting, Organisation, Person
from ..store import Workbook
from ..store.schema import table_for
from ._read import OPEN_ACTION, day_of, frame, read

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CARRIED_COLUMNS", "COMPLETION_COLUMNS", "CarriedRow", "carried_over",
           "carried_over_rows", "partner_completion"]

CARRIED_COLUMNS = ("action_id", "action", "organisation_id", "organisation", "owner",
                   "due_on", "status", "agreed_on", "overdue", "days_overdue")

COMPLETION_COLUMNS = ("organisation_id", "organisation", "partner_type", "actions", "done",
                      "open", "overdue", "dropped", "completion")


class CarriedRow(NamedTuple):
    """One action in ``carried_over_rows``: the columns of ``carried_over``, plain values
    (``None`` where the frame holds a missing value)."""

    action_id: int
    action: str
    organisation_id: int | None
    organisation: str
    owner: str
    due_on: dt.date | None
    status: str
    agreed_on: dt.date | None
    overdue: bool
    days_overdue: int | None


def carried_over(wb: Workbook, meeting: Meeting | int) -> pd.DataFrame:
    """The actions still open when ``meeting`` began, agreed before it.

    The DataFrame of ``carried_over_rows``. Columns: ``action_id``, ``action``,
    ``organisation_id`` and ``organisation`` (the partner), ``owner`` (name), ``due_on``,
    ``status`` (words, as stored now), ``agreed_on`` (the day of the meeting that agreed it;
    empty if none), ``overdue`` (due before the meeting's day) and ``days_overdue``. Overdue
    ones first, longest overdue first; then by due date."""
    return frame(carried_over_rows(wb, meeting), CARRIED_COLUMNS,
                 {"overdue": "bool", "days_overdue": "Int64"})


def carried_over_rows(wb: Workbook, meeting: Meeting | int) -> list[CarriedRow]:
    """The rows of ``carried_over`` as plain named tuples, in its order, without pandas."""
    if isinstance(meeting, int):
        meeting = wb.get(Meeting, meeting)
    day = meeting.held_on
    actions, meetings = table_for(ActionItem), table_for(Meeting)
    orgs, people = table_for(Organisation), table_for(Person)
    earlier = sa.or_(actions.c.meeting_id.is_(None), meetings.c.held_on < day,
                     sa.and_(meetings.c.held_on == day, meetings.c.id < meeting.id))
    still_open = sa.or_(actions.c.status.in_(OPEN_ACTION),
                        sa.and_(actions.c.status == "done", actions.c.done_on > day))
    (rows,) = read(wb, sa.select(actions.c.id, actions.c.action, actions.c.organisation_id,
                                 orgs.c.name, people.c.name, actions.c.due_on,
                                 actions.c.status, meetings.c.held_on)
                   .outerjoin(meetings, meetings.c.id == actions.c.meeting_id)
                   .outerjoin(orgs, orgs.c.id == actions.c.organisation_id)
                   .outerjoin(people, people.c.id == actions.c.owner_id)
                   .where(earlier, still_open))
    out: list[CarriedRow] = []
    for action_id, text, org_id, org, owner, due_on, status, agreed_on in rows:
        late = (day - due_on).days if due_on is not None and due_on < day else None
        out.append(CarriedRow(action_id, text, org_id, org or "", owner or "", due_on,
                              reference.ACTION_STATUSES.get(status, status), agreed_on,
                              late is not None, late))
    far = dt.date.max
    out.sort(key=lambda r: (not r.overdue, -(r.days_overdue or 0), r.due_on or far,
                            r.action.casefold()))
    return out


def partner_completion(wb: Workbook, today: dt.date | None = None) -> pd.DataFrame:
    """Whether the actions agreed with each partner get done: one row per partner.

    Columns: ``organisation_id``, ``organisation``, ``partner_type`` (words), ``actions``
    (all), ``done``, ``open`` (open or under way), ``overdue`` (open and due before
    ``today``), ``dropped`` and ``completion`` (done / actions not dropped; NaN when all
    were dropped). Lowest completion first, then by name. Actions naming no partner are
    left out.
    """
    as_of = day_of(today)
    actions, orgs = table_for(ActionItem), table_for(Organisation)

    def counting(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    is_open = actions.c.status.in_(OPEN_ACTION)
    (rows,) = read(wb, sa.select(orgs.c.id, orgs.c.name, orgs.c.partner_type, sa.func.count(),
                                 counting(actions.c.status == "done"), counting(is_open),
                                 counting(sa.and_(is_open, actions.c.due_on < as_of)),
                                 counting(actions.c.status == "dropped"))
                   .join(orgs, orgs.c.id == actions.c.organisation_id)
                   .group_by(orgs.c.id, orgs.c.name, orgs.c.partner_type))
    out = []
    for org_id, name, kind, total, done, still, late, dropped in rows:
        counted = int(total) - int(dropped)
        out.append((org_id, name, reference.PARTNER_TYPES.get(kind, kind), int(total),
                    int(done), int(still), int(late), int(dropped),
                    int(done) / counted if counted else float("nan")))
    # Partners whose actions were all dropped have no completion: they go last.
    out.sort(key=lambda r: (math.isnan(r[8]), 0 if math.isnan(r[8]) else r[8],
                            r[1].casefold()))
    return frame(out, COMPLETION_COLUMNS, {"actions": "int64", "done": "int64",
                                           "open": "int64", "overdue": "int64",
                                           "dropped": "int64", "completion": "float64"})
