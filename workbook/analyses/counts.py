"""How much a workbook holds and how its actions stand: the numbers ``workbook info`` prints.

Counted with direct queries (one read transaction), so a glance at a large workbook does
not load every record. An action is *overdue* when it is still open or under way and its
due date is before today; an action without a due date is never overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from .. import reference
from ..model import ENTITIES, ActionItem, Meeting, Organisation
from ..store import Workbook
from ..store.schema import table_for

__all__ = ["OPEN_STATUSES", "status_counts"]

OPEN_STATUSES = ("open", "in_progress")
"""Action statuses that still ask something of someone."""

_COUNTED = {"organisation": "organisations", "person": "people", "meeting": "meetings",
            "resource": "resources", "problem": "problems", "cause": "causes",
            "solution": "solutions", "action": "actions", "comment": "comments",
            "outcome": "outcomes", "reading": "readings", "win": "wins",
            # The meeting itself: timed agenda items, the decision log, evaluation answers
            # and earlier actions reviewed (carried over) at a later meeting.
            "agenda_item": "timed_items", "decision": "decisions", "evaluation": "evaluations",
            "action_review": "carried_over"}


def status_counts(wb: Workbook, *, today: dt.date | None = None) -> dict[str, Any]:
    """Title, phase and counts of ``wb``; ``today`` fixes the day overdue is measured at.

    ``meetings`` and ``last_meeting`` count held meetings only; ``planned_meetings`` the
    planned ones; ``next_meeting`` is the earliest planned on or after ``today`` (``id``,
    ``held_on``, ``starts_at``, ``kind``, ``objective``, ``location``, ``join_link``) or
    None.
    """
    today = today or dt.date.today()
    kinds = {cls.kind: cls for cls in ENTITIES}
    actions = table_for(ActionItem)
    orgs = table_for(Organisation)
    meetings = table_for(Meeting)
    still_open = actions.c.status.in_(OPEN_STATUSES)

    def scalar(conn: sa.Connection, query: sa.Select) -> Any:
        return conn.execute(query).scalar_one()

    def number(conn: sa.Connection, table: sa.Table, *where: Any) -> int:
        return int(scalar(conn, sa.select(sa.func.count()).select_from(table).where(*where)))

    partnership = wb.partnership
    counts: dict[str, Any] = {
        "title": partnership.working_title,
        "name": partnership.name,
        "display_name": partnership.display_name,
        "sector": partnership.sector,
        "region": partnership.region,
        "intermediary": partnership.intermediary,
        "phase": partnership.phase,
    }
    with wb.reading() as conn:
        for kind, label in _COUNTED.items():
            counts[label] = number(conn, table_for(kinds[kind]))
        counts["employers"] = number(conn, orgs, orgs.c.partner_type == "business")
        counts["open_actions"] = number(conn, actions, still_open)
        counts["overdue_actions"] = number(conn, actions, still_open,
                                           actions.c.due_on.is_not(None),
                                           actions.c.due_on < today)
        held = meetings.c.status == "held"
        counts["meetings"] = number(conn, meetings, held)
        counts["planned_meetings"] = number(conn, meetings, meetings.c.status == "planned")
        last = scalar(conn, sa.select(sa.func.max(meetings.c.held_on)).where(held))
    counts["last_meeting"] = last.isoformat() if isinstance(last, dt.date) else last
    upcoming = wb.next_meeting(today)
    counts["next_meeting"] = None if upcoming is None else {
        "id": upcoming.id, "held_on": upcoming.held_on.isoformat(),
        "starts_at": upcoming.starts_at or None, "kind": upcoming.kind_of,
        "objective": upcoming.objective, "location": upcoming.location or None,
        "join_link": upcoming.join_link or None}
    counts["phase_title"] = next(p.title for p in reference.PHASES
                                 if p.key == partnership.phase)
    return counts
