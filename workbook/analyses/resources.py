"""Resource coverage: which root causes nothing addresses yet, and which several owners do.

A root cause is *covered* by the active or planned entries of the resource map linked to
it (paused and retired entries no longer help anyone) and by the solutions the partnership
has committed to (agreed, under way or in place). An idea nobody has agreed to, a dropped
solution, or one tried and failed leaves the cause open: the gap is still there.
A *gap* has neither; *duplication* is two or more linked entries from two or more
different owners, worth a conversation about who does what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa

from ..model import Cause, Problem, Resource, Solution
from ..store import Workbook
from ..store.schema import resource_cause, table_for
from ._read import frame, read

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COUNTED_RESOURCE_STATUSES", "LIVE_SOLUTION_STATUSES", "COVERAGE_COLUMNS",
           "CoverageRow", "coverage", "coverage_frame", "coverage_rows", "duplications",
           "gaps"]

COUNTED_RESOURCE_STATUSES = ("active", "planned")
"""Resource statuses that count towards covering a cause."""

LIVE_SOLUTION_STATUSES = ("agreed", "in_progress", "done")
"""Solution statuses that close a gap: committed to, not just an idea, not dropped or failed."""

COVERAGE_COLUMNS = ("problem_id", "problem", "cause_id", "root_cause", "resources", "owners",
                    "solutions", "resource_names", "gap", "duplication", "verdict")


class CoverageRow(NamedTuple):
    """One root cause in ``coverage_rows``: the columns of ``coverage``, as plain values."""

    problem_id: int
    problem: str
    cause_id: int
    root_cause: str
    resources: int
    owners: int
    solutions: int
    resource_names: str
    gap: bool
    duplication: bool
    verdict: str


def coverage(wb: Workbook) -> pd.DataFrame:
    """One row per root cause: what addresses it, and whether it is a gap or duplicated.

    The DataFrame of ``coverage_rows(wb)`` (``coverage_frame``). Columns: ``problem_id``,
    ``problem`` (statement), ``cause_id``, ``root_cause`` (statement), ``resources`` (linked
    active or planned entries), ``owners`` (distinct owner organisations among them),
    ``solutions`` (live solutions attached), ``resource_names`` (the entries, comma
    separated), ``gap`` and ``duplication`` (booleans) and ``verdict`` (the same in words).
    Ordered by problem, then cause."""
    return coverage_frame(coverage_rows(wb))


def coverage_frame(rows: Iterable[CoverageRow]) -> pd.DataFrame:
    """``rows`` (from ``coverage_rows``) as the DataFrame ``coverage`` returns."""
    return frame(rows, COVERAGE_COLUMNS, {"resources": "int64", "owners": "int64",
                                          "solutions": "int64", "gap": "bool",
                                          "duplication": "bool"})


def coverage_rows(wb: Workbook) -> list[CoverageRow]:
    """The rows of ``coverage`` as plain named tuples, without pandas (the summary export
    reads them this way: a fresh ``workbook export`` need not import pandas)."""
    causes, problems, resources = table_for(Cause), table_for(Problem), table_for(Resource)
    solutions = table_for(Solution)
    root_rows, link_rows, solution_rows = read(
        wb,
        sa.select(causes.c.problem_id, problems.c.statement, causes.c.id, causes.c.statement)
        .join(problems, problems.c.id == causes.c.problem_id)
        .where(causes.c.is_root.is_(True))
        .order_by(causes.c.problem_id, causes.c.id),
        sa.select(resource_cause.c.cause_id, resources.c.name, resources.c.owner_id)
        .join(resources, resources.c.id == resource_cause.c.resource_id)
        .where(resources.c.status.in_(COUNTED_RESOURCE_STATUSES))
        .order_by(resources.c.name),
        sa.select(solutions.c.cause_id, sa.func.count())
        .where(solutions.c.cause_id.is_not(None),
               solutions.c.status.in_(LIVE_SOLUTION_STATUSES))
        .group_by(solutions.c.cause_id),
    )
    linked: dict[int, list[tuple[str, int | None]]] = {}
    for cause_id, name, owner_id in link_rows:
        linked.setdefault(cause_id, []).append((name, owner_id))
    solved = {cause_id: int(n) for cause_id, n in solution_rows}
    rows: list[CoverageRow] = []
    for problem_id, problem, cause_id, statement in root_rows:
        entries = linked.get(cause_id, [])
        owners = len({owner for _, owner in entries if owner is not None})
        count, live = len(entries), solved.get(cause_id, 0)
        gap = count == 0 and live == 0
        duplication = count >= 2 and owners >= 2
        rows.append(CoverageRow(problem_id, problem, cause_id, statement, count, owners, live,
                                ", ".join(name for name, _ in entries), gap, duplication,
                                _verdict(count, owners, live, gap, duplication)))
    return rows


def _verdict(count: int, owners: int, live: int, gap: bool, duplication: bool) -> str:
    if gap:
        return "gap: no resource and no solution yet"
    if duplication:
        return f"possible duplication: {count} resources from {owners} owners"
    if count == 0:
        return f"no resource yet; {live} agreed solution{'s' if live != 1 else ''}"
    return "covered"


def gaps(wb: Workbook) -> pd.DataFrame:
    """The root causes with no linked resource and no committed solution (``coverage`` rows)."""
    table = coverage(wb)
    return table[table["gap"]].reset_index(drop=True)


def duplications(wb: Workbook) -> pd.DataFrame:
    """The root causes addressed by 2+ resources from 2+ owners (``coverage`` rows)."""
    table = coverage(wb)
    return table[table["duplication"]].reset_index(drop=True)
