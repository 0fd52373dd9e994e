"""Narrow reads for the summary: only the columns and rows a section shows.

A large workbook holds thousands of resources, people and actions; loading each as a full
entity costs more than the whole page. These helpers select the few columns needed, and
filter in SQL, in one short read transaction each. They only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..model import Meeting, Organisation, Person, Resource
from ..store import Workbook
from ..store.schema import table_for

__all__ = ["OrgRow", "PersonRow", "meeting_days", "organisations", "people",
           "resource_changes", "resources_named"]


@dataclass(frozen=True)
class OrgRow:
    id: int
    name: str
    partner_type: str
    brings: str
    needs: str


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: str
    organisation_id: int | None


def _rows(wb: Workbook, query: sa.Select) -> list[sa.Row]:
    with wb.reading() as conn:
        return list(conn.execute(query))


def organisations(wb: Workbook) -> dict[int, OrgRow]:
    t = table_for(Organisation)
    query = sa.select(t.c.id, t.c.name, t.c.partner_type, t.c.brings, t.c.needs)
    return {r.id: OrgRow(*r) for r in _rows(wb, query)}


def people(wb: Workbook) -> dict[int, PersonRow]:
    t = table_for(Person)
    query = sa.select(t.c.id, t.c.name, t.c.role, t.c.organisation_id)
    return {r.id: PersonRow(*r) for r in _rows(wb, query)}


def meeting_days(wb: Workbook) -> dict[int, dt.date]:
    t = table_for(Meeting)
    return {r.id: r.held_on for r in _rows(wb, sa.select(t.c.id, t.c.held_on))}


def resources_named(wb: Workbook, ids: set[int]) -> dict[int, sa.Row]:
    """Rows (id, name, owner_id, status) of the resources with these ids."""
    if not ids:
        return {}
    t = table_for(Resource)
    query = sa.select(t.c.id, t.c.name, t.c.owner_id, t.c.status).where(t.c.id.in_(sorted(ids)))
    return {r.id: r for r in _rows(wb, query)}


def _day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)


def resource_changes(wb: Workbook, since: dt.date | None, until: dt.date | None,
                     limit: int) -> tuple[int, int, list[sa.Row]]:
    """(added, changed, first ``limit`` rows) of resources stamped after ``since`` (a day,
    exclusive) and up to ``until`` (a day, inclusive; None = no end).

    *Added* means created in the window; *changed* means created before it and updated
    in it. Rows come added first, then by name, with a ``change`` and a ``stamp`` column.
    """
    t = table_for(Resource)
    low = _day_end(since) if since else None
    high = _day_end(until) if until else None

    def inside(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
        conditions: list[sa.ColumnElement[bool]] = [column.is_not(None)]
        if low is not None:
            conditions.append(column >= low)
        if high is not None:
            conditions.append(column < high)
        return sa.and_(*conditions)

    added = inside(t.c.created_at)
    changed = sa.and_(sa.not_(added), inside(t.c.updated_at))
    change = sa.case((added, "added"), else_="changed").label("change")
    stamp = sa.case((added, t.c.created_at), else_=t.c.updated_at).label("stamp")
    with wb.reading() as conn:
        counts = conn.execute(sa.select(
            sa.func.count().filter(added), sa.func.count().filter(changed))
            .select_from(t)).one()
        rows = list(conn.execute(
            sa.select(t.c.name, t.c.resource_kind, t.c.owner_id, t.c.status,
                      t.c.target_group, change, stamp)
            .where(sa.or_(added, changed))
            .order_by(sa.case((added, 0), else_=1), sa.func.lower(t.c.name), t.c.id)
            .limit(limit)))
    return int(counts[0]), int(counts[1]), rows
