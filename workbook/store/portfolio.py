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
from typing import Any, NamedTuple

import sqlalchemy as sa

from .. import reference
from .pg_security import CREATOR_ROLE, PORTFOLIO, PORTFOLIO_POLICY

__all__ = ["Held", "PartnershipFigures", "read_portfolio"]

OPEN = ("open", "in_progress")


class Held(NamedTuple):
    """One held meeting: its ``id``, ``held_on`` and ``objective`` ("" or "yes": whether
    one was written down), ``people`` present (0: attendance not recorded)."""

    id: int
    held_on: dt.date
    objective: str
    people: int


@dataclass
class PartnershipFigures:
    """What the portfolio needs of one partnership (``slug``), as stored.

    ``held``: the meetings held on or before the day, oldest first (``Held``);
    ``last_heads``: (people present, employers among them) at the last of them;
    ``next_planned``: the earliest planned meeting's date on or after the day, or None;
    ``actions``: (status, how many, how many overdue) rows; ``checks``: (organisation id,
    checked_on, score 0-10) rows, oldest first per partner.
    """

    slug: str
    name: str = ""
    working_title: str = ""
    phase: str = ""
    held: list[Held] = field(default_factory=list)
    last_heads: tuple[int, int] = (0, 0)
    next_planned: dt.date | None = None
    actions: list[tuple[str, int, int]] = field(default_factory=list)
    checks: list[tuple[int, dt.date, int]] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.working_title


def _score() -> str:
    return " + ".join(f"h.{q.key}" for q in reference.HEALTH_QUESTIONS)


_OPEN = ", ".join(f"'{s}'" for s in OPEN)
_HELD = ("SELECT partnership_slug AS slug, id, held_on, objective FROM meeting "
         "WHERE status = 'held' AND held_on <= %(today)s")
# Every statement reads whole tables of many partnerships: one row per partnership back,
# arrays inside, so the driver and Python handle a thousand rows, not a hundred thousand.
_QUERIES = {
    "partnership": "SELECT partnership_slug, name, working_title, phase "
                   "FROM partnership WHERE id = 1",
    "held": f"WITH held AS ({_HELD}), heads AS (SELECT partnership_slug AS slug, "
            "meeting_id AS id, count(*) AS people FROM attendance GROUP BY 1, 2) "
            "SELECT h.slug, array_agg(h.id ORDER BY h.held_on, h.id), "
            "array_agg(h.held_on ORDER BY h.held_on, h.id), "
            "array_agg(CASE WHEN btrim(h.objective, E' \\t\\n\\r\\f\\v') = '' "
            "THEN '' ELSE 'yes' END ORDER BY h.held_on, h.id), "
            "array_agg(coalesce(a.people, 0) ORDER BY h.held_on, h.id) "
            "FROM held h LEFT JOIN heads a ON a.slug = h.slug AND a.id = h.id GROUP BY 1",
    "last_heads": f"WITH held AS ({_HELD}), last AS (SELECT DISTINCT ON (slug) slug, id "
                  "FROM held ORDER BY slug, held_on DESC, id DESC) "
                  "SELECT a.partnership_slug, count(*), sum(CASE WHEN o.partner_type = "
                  "'business' THEN 1 ELSE 0 END) FROM last JOIN attendance a "
                  "ON a.partnership_slug = last.slug AND a.meeting_id = last.id "
                  "JOIN person p ON p.partnership_slug = a.partnership_slug "
                  "AND p.id = a.person_id LEFT JOIN organisation o ON o.partnership_slug = "
                  "p.partnership_slug AND o.id = p.organisation_id GROUP BY 1",
    "next": "SELECT DISTINCT ON (partnership_slug) partnership_slug, held_on "
            "FROM meeting WHERE status = 'planned' AND held_on >= %(today)s "
            "ORDER BY partnership_slug, held_on, id",
    "actions": "SELECT partnership_slug, status, count(*), "
               f"sum(CASE WHEN status IN ({_OPEN}) AND due_on IS NOT NULL "
               "AND due_on < %(today)s THEN 1 ELSE 0 END) FROM action GROUP BY 1, 2",
    "checks": "SELECT h.partnership_slug, h.organisation_id, h.checked_on, "
              f"{_score()} FROM health_check h JOIN organisation o "
              "ON o.partnership_slug = h.partnership_slug AND o.id = h.organisation_id "
              "ORDER BY 1, 2, 3",
}


def _has_policy(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE schemaname = 'public' "
        "AND tablename = 'meeting' AND policyname = :p AND strpos(qual, :mark) > 0)"),
        {"p": PORTFOLIO_POLICY, "mark": f"'{PORTFOLIO}'"}).scalar_one())


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
            # The driver's own cursor: plain tuples, without SQLAlchemy's rows around them.
            raw: Any = conn.connection.dbapi_connection
            try:
                with raw.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    # The planner cannot know how many partnerships the policy's array
                    # holds and guesses few: nested loops and merge joins over thousands
                    # of rows. Each table is read whole (its index takes the array) and
                    # joined by hashing.
                    cur.execute("SET LOCAL enable_nestloop = off; "
                                "SET LOCAL enable_mergejoin = off")
                    rows = {}
                    for key, query in _QUERIES.items():
                        cur.execute(query, {"today": today})
                        rows[key] = cur.fetchall()
            finally:
                raw.rollback()
    finally:
        engine.dispose()
    return _grouped(rows, None if slugs is None else set(slugs))


def _grouped(rows: dict[str, list[tuple[Any, ...]]], wanted: set[str] | None
             ) -> dict[str, PartnershipFigures]:
    found: dict[str, PartnershipFigures] = {}
    for slug, name, title, phase in rows["partnership"]:
        if wanted is None or slug in wanted:
            found[slug] = PartnershipFigures(slug, name, title, phase)
    for slug, ids, days, objectives, people in rows["held"]:
        if slug in found:
            found[slug].held = [Held(*m) for m in zip(ids, days, objectives, people,
                                                      strict=True)]
    for slug, people, employers in rows["last_heads"]:
        if slug in found:
            found[slug].last_heads = (int(people), int(employers or 0))
    for slug, day in rows["next"]:
        if slug in found:
            found[slug].next_planned = day
    for slug, status, n, late in rows["actions"]:
        if slug in found:
            found[slug].actions.append((status, int(n), int(late or 0)))
    for slug, organisation_id, checked_on, score in rows["checks"]:
        if slug in found:
            found[slug].checks.append((organisation_id, checked_on, int(score)))
    return found
