"""Every partnership a role may see in a database, read at once for the portfolio.

``read_portfolio(url, today)`` reads on ONE connection as the role ``url`` names (kept
for the next read: ``pg_readers``; ``close_readers`` closes it), with
``workbook.partnership`` set to ``pg_security.PORTFOLIO`` (read-only: row-level security
then shows the rows of every partnership the role is a member of, and of no other), in
one REPEATABLE READ transaction and a handful of statements grouped by partnership, what
the portfolio shows of each: the partnership's names and phase, its held meetings up to
``today`` with how many attended, the next planned meeting, who was at the last one, its
actions by status and its health checks. A thousand partnerships cost a few queries, not
a thousand opens.

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
from .pg_readers import close_readers, reader
from .pg_security import PORTFOLIO, PORTFOLIO_POLICY

__all__ = ["Held", "PartnershipFigures", "close_readers", "read_portfolio"]

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

    The meetings held on or before the day, oldest first, as columns (one entry per
    meeting in each): ``held_ids``, ``held_days``, ``held_objectives`` (whether one was
    written down) and ``held_people`` (people present; 0: attendance not recorded);
    ``held`` gives them as ``Held`` rows. ``last_heads``: (people present, employers
    among them) at the last of them; ``next_planned``: the earliest planned meeting's date
    on or after the day, or None; ``actions``: (status, how many, how many overdue) rows;
    ``checks``: (organisation id, checked_on, score 0-10) rows, oldest first per partner.
    """

    slug: str
    name: str = ""
    working_title: str = ""
    phase: str = ""
    held_ids: Sequence[int] = ()
    held_days: Sequence[dt.date] = ()
    held_objectives: Sequence[bool] = ()
    held_people: Sequence[int] = ()
    last_heads: tuple[int, int] = (0, 0)
    next_planned: dt.date | None = None
    actions: list[tuple[str, int, int]] = field(default_factory=list)
    checks: list[tuple[int, dt.date, int]] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.working_title

    @property
    def held(self) -> list[Held]:
        """The held meetings as rows (made on each call: the columns are what is kept)."""
        return [Held(*m) for m in zip(self.held_ids, self.held_days,
                                      ("yes" if o else "" for o in self.held_objectives),
                                      self.held_people, strict=True)]


def _score() -> str:
    return " + ".join(f"h.{q.key}" for q in reference.HEALTH_QUESTIONS)


_OPEN = ", ".join(f"'{s}'" for s in OPEN)
_HELD = "status = 'held' AND held_on <= %(today)s"
_ORDER = "ORDER BY held_on, id) FILTER (WHERE held)"
# Every statement reads whole tables of many partnerships (row-level security's index
# takes the array of the role's partnerships; nested loops probing it row by row are
# far slower) and sends one row per partnership back, arrays inside, so the driver and
# Python handle a thousand rows, not a hundred thousand. Each table is read once, but
# attendance: its head counts, then the last meetings' rows (those joined to people).
_QUERIES = {
    "partnership": "SELECT partnership_slug, name, working_title, phase "
                   "FROM partnership WHERE id = 1",
    # Held meetings as columns, and the next planned one, in one pass over meeting.
    "meetings": f"SELECT partnership_slug, array_agg(id {_ORDER}, "
                f"array_agg(held_on {_ORDER}, "
                "array_agg(btrim(objective, E' \\t\\n\\r\\f\\v') <> '' "
                f"{_ORDER}, min(held_on) FILTER (WHERE status = 'planned' "
                "AND held_on >= %(today)s) "
                f"FROM (SELECT *, {_HELD} AS held FROM meeting) m GROUP BY 1",
    # People present at each meeting: the index alone, counted in its order (matched to
    # the held meetings by id in Python; a join here costs more than the count).
    "heads": "SELECT partnership_slug, array_agg(meeting_id), array_agg(people) "
             "FROM (SELECT partnership_slug, meeting_id, count(*) AS people "
             "FROM attendance GROUP BY 1, 2) c GROUP BY 1",
    "actions": "SELECT partnership_slug, status, count(*), "
               f"sum(CASE WHEN status IN ({_OPEN}) AND due_on IS NOT NULL "
               "AND due_on < %(today)s THEN 1 ELSE 0 END) FROM action GROUP BY 1, 2",
    "checks": "SELECT h.partnership_slug, h.organisation_id, h.checked_on, "
              f"{_score()} FROM health_check h JOIN organisation o "
              "ON o.partnership_slug = h.partnership_slug AND o.id = h.organisation_id "
              "ORDER BY 1, 2, 3",
}
# Who was at each partnership's last meeting (known from "meetings": given as arrays),
# and how many of them work for a business. The attendance of those meetings is picked
# first (fenced off: estimating row-level security's array as small, the planner would
# join all of attendance to people first), then joined to people and organisations.
_LAST_HEADS = (
    "WITH last AS (SELECT * FROM unnest(%(slugs)s::text[], %(ids)s::int[]) AS l(slug, id)), "
    "here AS MATERIALIZED (SELECT a.partnership_slug AS slug, a.person_id FROM attendance a "
    "JOIN last ON last.slug = a.partnership_slug AND last.id = a.meeting_id) "
    "SELECT h.slug, count(*), count(*) FILTER (WHERE o.partner_type = 'business') "
    "FROM here h JOIN person p ON p.partnership_slug = h.slug AND p.id = h.person_id "
    "LEFT JOIN organisation o ON o.partnership_slug = p.partnership_slug "
    "AND o.id = p.organisation_id GROUP BY 1")


def _has_policy(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE schemaname = 'public' "
        "AND tablename = 'meeting' AND policyname = :p AND strpos(qual, :mark) > 0)"),
        {"p": PORTFOLIO_POLICY, "mark": f"'{PORTFOLIO}'"}).scalar_one())


def read_portfolio(url: str, today: dt.date,
                   slugs: Sequence[str] | None = None) -> dict[str, PartnershipFigures] | None:
    """The figures of every partnership the role may see (only ``slugs`` when given), by
    slug; None when the database lacks the portfolio policy (see the module docstring)."""
    from .pg_url import safe_url
    from .postgres import _connect, prepare

    prepare(url)
    with _connect(reader(url), safe_url(url)) as conn:
        if not _has_policy(conn):
            conn.rollback()
            return None
        conn.rollback()
        # The driver's own cursor: plain tuples, without SQLAlchemy's rows around them.
        raw: Any = conn.connection.dbapi_connection
        try:
            with raw.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # The planner cannot know how many partnerships the policy's array holds
                # and guesses few: nested loops and merge joins over thousands of rows.
                # Each table is read whole (its index takes the array) and joined by
                # hashing.
                cur.execute("SET LOCAL enable_nestloop = off; "
                            "SET LOCAL enable_mergejoin = off")
                rows = {}
                for key, query in _QUERIES.items():
                    cur.execute(query, {"today": today})
                    rows[key] = cur.fetchall()
                last = [(slug, ids[-1]) for slug, ids, *_ in rows["meetings"] if ids]
                cur.execute(_LAST_HEADS, {"slugs": [slug for slug, _ in last],
                                          "ids": [i for _, i in last]})
                rows["last_heads"] = cur.fetchall()
        finally:
            raw.rollback()
    return _grouped(rows, None if slugs is None else set(slugs))


def _grouped(rows: dict[str, list[tuple[Any, ...]]], wanted: set[str] | None
             ) -> dict[str, PartnershipFigures]:
    found: dict[str, PartnershipFigures] = {}
    for slug, name, title, phase in rows["partnership"]:
        if wanted is None or slug in wanted:
            found[slug] = PartnershipFigures(slug, name, title, phase)
    heads = {slug: dict(zip(ids, people, strict=True))
             for slug, ids, people in rows["heads"] if slug in found}
    for slug, ids, days, objectives, planned in rows["meetings"]:
        if slug in found:
            figures = found[slug]
            figures.next_planned = planned
            if ids:
                counted = heads.get(slug, {})
                figures.held_ids, figures.held_days = ids, days
                figures.held_objectives = objectives
                figures.held_people = [counted.get(i, 0) for i in ids]
    for slug, people, employers in rows["last_heads"]:
        if slug in found:
            found[slug].last_heads = (int(people), int(employers or 0))
    for slug, status, n, late in rows["actions"]:
        if slug in found:
            found[slug].actions.append((status, int(n), int(late or 0)))
    for slug, organisation_id, checked_on, score in rows["checks"]:
        if slug in found:
            found[slug].checks.append((organisation_id, checked_on, int(score)))
    return found
