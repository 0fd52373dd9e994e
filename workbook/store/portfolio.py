"""Every partnership a role may see in a database, read at once for the portfolio.

``read_portfolio(url, today)`` opens ONE connection as the role ``url`` names, sets
``workbook.partnership`` to ``pg_security.PORTFOLIO`` (read-only: row-level security then
shows the rows of every partnership the role is a member of, and of no other) and reads,
in one REPEATABLE READ transaction and a handful of statements grouped by partnership,
what the portfolio shows of each: the partnership's names and phase, its held meetings
up to ``today`` with who attended, the next planned meeting, its actions by status and
its health checks. A thousand partnerships cost a few queries, not a thousand opens.

Returns None when the database's access rules predate the portfolio policy (run
``workbook db init`` again to add it); the caller then opens each partnership instead.
Raises what ``postgres.prepare`` raises, and the store's ``StoreError`` translations
(``postgres.translate_pg_error``) for a failure a person can act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import reference
from .pg_security import CREATOR_ROLE, PORTFOLIO, PORTFOLIO_POLICY

__all__ = ["PartnershipFigures", "read_portfolio"]

OPEN = ("open", "in_progress")


@dataclass
class PartnershipFigures:
    """What the portfolio needs of one partnership (``slug``), as stored.

    ``held``: rows with ``id``, ``held_on``, ``kind_of``, ``objective`` of the meetings
    held on or before the day, oldest first; ``heads``: meeting id -> (people present,
    employers among them); ``next_planned``: the earliest planned meeting's date on or
    after the day, or None; ``actions``: (status, how many, how many overdue) rows;
    ``checks``: (organisation id, checked_on, score 0-10) rows, oldest first per partner.
    """

    slug: str
    name: str = ""
    working_title: str = ""
    phase: str = ""
    held: list[Any] = field(default_factory=list)
    heads: dict[int, tuple[int, int]] = field(default_factory=dict)
    next_planned: dt.date | None = None
    actions: list[tuple[str, int, int]] = field(default_factory=list)
    checks: list[tuple[int, dt.date, int]] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.working_title


def _score() -> str:
    return " + ".join(f"h.{q.key}" for q in reference.HEALTH_QUESTIONS)


_OPEN = ", ".join(f"'{s}'" for s in OPEN)
_QUERIES = {
    "partnership": "SELECT partnership_slug AS slug, name, working_title, phase "
                   "FROM partnership WHERE id = 1",
    "held": "SELECT partnership_slug AS slug, id, held_on, kind_of, objective FROM meeting "
            "WHERE status = 'held' AND held_on <= :today "
            "ORDER BY partnership_slug, held_on, id",
    "next": "SELECT DISTINCT ON (partnership_slug) partnership_slug AS slug, held_on "
            "FROM meeting WHERE status = 'planned' AND held_on >= :today "
            "ORDER BY partnership_slug, held_on, id",
    "heads": "SELECT a.partnership_slug AS slug, a.meeting_id, count(*) AS people, "
             "sum(CASE WHEN o.partner_type = 'business' THEN 1 ELSE 0 END) AS employers "
             "FROM attendance a JOIN person p ON p.partnership_slug = a.partnership_slug "
             "AND p.id = a.person_id LEFT JOIN organisation o ON o.partnership_slug = "
             "p.partnership_slug AND o.id = p.organisation_id GROUP BY 1, 2",
    "actions": "SELECT partnership_slug AS slug, status, count(*) AS n, "
               f"sum(CASE WHEN status IN ({_OPEN}) AND due_on IS NOT NULL "
               "AND due_on < :today THEN 1 ELSE 0 END) AS late FROM action GROUP BY 1, 2",
    "checks": "SELECT h.partnership_slug AS slug, h.organisation_id, h.checked_on, "
              f"{_score()} AS score FROM health_check h JOIN organisation o "
              "ON o.partnership_slug = h.partnership_slug AND o.id = h.organisation_id "
              "ORDER BY 1, 2, 3",
}


def _has_policy(conn: sa.Connection) -> bool:
    return conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_policies "
                                "WHERE schemaname = 'public' AND tablename = 'meeting' "
                                "AND policyname = :p)"), {"p": PORTFOLIO_POLICY}).scalar_one()


def read_portfolio(url: str, today: dt.date,
                   slugs: Sequence[str] | None = None) -> dict[str, PartnershipFigures] | None:
    """The figures of every partnership the role may see (only ``slugs`` when given), by
    slug; None when the database lacks the portfolio policy (see the module docstring)."""
    from .pg_url import admin_engine, safe_url
    from .postgres import _connect, prepare

    prepare(url)
    where = safe_url(url)
    engine = admin_engine(url)
    try:
        with _connect(engine, where) as conn:
            if not _has_policy(conn):
                return None
            if conn.execute(sa.text("SELECT rolsuper OR rolbypassrls FROM pg_roles "
                                    "WHERE rolname = current_user")).scalar():
                # Row-level security would not hold: act as a plain user, as the store does.
                conn.execute(sa.text(f"SET ROLE {CREATOR_ROLE}"))
            conn.execute(sa.text("SELECT set_config('search_path', 'public', false), "
                                 "set_config('workbook.partnership', :p, false)"),
                         {"p": PORTFOLIO})
            conn.commit()
            conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, "
                                 "READ ONLY"))
            rows = {key: conn.execute(sa.text(query), {"today": today}).all()
                    for key, query in _QUERIES.items()}
            conn.rollback()
    finally:
        engine.dispose()
    return _grouped(rows, None if slugs is None else set(slugs))


def _grouped(rows: dict[str, list[sa.Row]], wanted: set[str] | None
             ) -> dict[str, PartnershipFigures]:
    found: dict[str, PartnershipFigures] = {}
    for r in rows["partnership"]:
        if wanted is None or r.slug in wanted:
            found[r.slug] = PartnershipFigures(r.slug, r.name, r.working_title, r.phase)
    for r in rows["held"]:
        if r.slug in found:
            found[r.slug].held.append(r)
    for r in rows["next"]:
        if r.slug in found:
            found[r.slug].next_planned = r.held_on
    for r in rows["heads"]:
        if r.slug in found:
            found[r.slug].heads[r.meeting_id] = (int(r.people), int(r.employers or 0))
    for r in rows["actions"]:
        if r.slug in found:
            found[r.slug].actions.append((r.status, int(r.n), int(r.late or 0)))
    for r in rows["checks"]:
        if r.slug in found:
            found[r.slug].checks.append((r.organisation_id, r.checked_on, int(r.score)))
    return found
