"""The summary sections built on ``workbook.analyses``: problem framing, actions, momentum.

Each function takes the ``Context`` of one meeting and returns a record, or ``None`` when
the section would be empty (the renderers then leave it out). The figures themselves
(coverage, carried-over actions, momentum) come from the analyses, so the summary and
the notebooks never disagree; this module only picks and words them for partners.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import analyses, reference
from ..analyses.actions import carried_over_rows
from ..analyses.momentum import MAX_DAYS_BETWEEN
from ..analyses.resources import coverage_rows
from ..i18n import _, format_date, format_number
from ..model import ActionItem, Cause, Meeting, Problem, Solution
from ..store import Workbook
from . import queries
from .queries import OrgRow, PersonRow
from .records import (
    ROW_LIMIT,
    ActionRow,
    Actions,
    CauseRow,
    Framing,
    Indicator,
    Momentum,
    ProblemRow,
    SolutionRow,
)

__all__ = ["Context", "actions", "framing", "momentum"]


@dataclass(frozen=True)
class Context:
    """One meeting and the lookups every section shares (loaded once per summary)."""

    wb: Workbook
    meeting: Meeting
    previous: Meeting | None
    orgs: dict[int, OrgRow]
    people: dict[int, PersonRow]

    def org_name(self, org_id: int | None) -> str:
        org = self.orgs.get(org_id) if org_id else None
        return org.name if org else ""

    def person_name(self, person_id: int | None) -> str:
        person = self.people.get(person_id) if person_id else None
        return person.name if person else ""


# -- problem framing ------------------------------------------------------------------


def _solution_row(solution: Solution, resources: dict[int, Any]) -> SolutionRow:
    resource = resources.get(solution.resource_id) if solution.resource_id else None
    return SolutionRow(
        description=solution.description,
        status=reference.SOLUTION_STATUSES.get(solution.status, solution.status),
        kind=reference.SOLUTION_KINDS.get(solution.solution_kind, solution.solution_kind),
        resource=resource.name if resource else "",
        lessons=solution.lessons.strip())


def _entry(resource: Any, ctx: Context) -> str:
    """``name (owner)``; a paused or retired entry says so, since it covers nothing now."""
    details = [ctx.org_name(resource.owner_id)]
    if resource.status in ("paused", "retired"):
        details.append(reference.RESOURCE_STATUSES[resource.status].lower())
    shown = "; ".join(d for d in details if d)
    return f"{resource.name} ({shown})" if shown else resource.name


def framing(ctx: Context) -> Framing | None:
    """Each problem's root causes, what addresses them, and the warnings of the framing.

    Gaps and duplication are the verdicts of ``analyses.coverage`` (its plain rows); a
    solution with no root cause behind it, and a problem nobody has asked "why?" about, are
    warned of too."""
    wb = ctx.wb
    problems = wb.all(Problem)
    if not problems:
        return None
    causes = wb.all(Cause)
    solutions = wb.all(Solution)
    roots = {c.id for c in causes if c.is_root}
    links = [(r, c) for r, c in wb.resource_links() if c in roots]
    resources = queries.resources_named(
        wb, {r for r, _ in links} | {s.resource_id for s in solutions if s.resource_id})
    linked: dict[int | None, list[Any]] = {}
    for resource_id, cause_id in links:
        if resource_id in resources:
            linked.setdefault(cause_id, []).append(resources[resource_id])
    by_cause: dict[int | None, list[Solution]] = {}
    for solution in solutions:
        by_cause.setdefault(solution.cause_id, []).append(solution)

    warnings: list[str] = []
    for row in coverage_rows(wb):
        if row.gap:
            warnings.append(_("Nothing addresses the root cause “{cause}” (problem: "
                              "“{problem}”) yet: no running resource, no live solution.").format(
                cause=row.root_cause, problem=row.problem))
        elif row.duplication:
            warnings.append(_("{resources} resources from {owners} owners address “{cause}”: "
                              "worth agreeing who does what.").format(
                resources=row.resources, owners=row.owners, cause=row.root_cause))
    rows: list[ProblemRow] = []
    for problem in problems:
        mine = [c for c in causes if c.problem_id == problem.id]
        cause_rows = tuple(
            CauseRow(statement=cause.statement, evidence=cause.evidence.strip(),
                     resources=tuple(_entry(r, ctx) for r in sorted(
                         linked.get(cause.id, []), key=lambda r: r.name.casefold())),
                     solutions=tuple(_solution_row(s, resources)
                                     for s in by_cause.get(cause.id, ())))
            for cause in mine if cause.is_root)
        unrooted = tuple(_solution_row(s, resources) for s in solutions
                         if s.problem_id == problem.id and s.cause_id not in roots)
        warnings.extend(_("The solution “{solution}” has no root cause behind it: ask why "
                          "first, or attach it to the root cause it tackles.").format(
                              solution=s.description) for s in unrooted)
        if not mine:
            warnings.append(_("Nobody has asked why about “{problem}” yet.").format(
                problem=problem.statement))
        rows.append(ProblemRow(statement=problem.statement,
                               raised_by=ctx.person_name(problem.raised_by_id)
                               or ctx.org_name(problem.organisation_id),
                               causes=cause_rows, root_causes=len(cause_rows),
                               unrooted=unrooted))
    return Framing(problems=tuple(rows), warnings=tuple(warnings))


# -- actions ------------------------------------------------------------------------


def action_lists(ctx: Context) -> dict[str, list[ActionRow]]:
    """Every action of ``actions``, uncut: ``agreed``, ``carried`` and ``overdue``.

    The earlier ones are ``analyses.carried_over``: agreed before this meeting and still
    open on its day (open now, or done only later); *overdue* when their due date had
    passed by then, *carried over* otherwise. "At a glance" and the packet's e-mail
    drafts group all of them by owner; the Actions section lists the first ``ROW_LIMIT``.
    """
    day = ctx.meeting.held_on
    agreed = sorted((ActionRow(
        action=a.action, organisation=ctx.org_name(a.organisation_id),
        owner=ctx.person_name(a.owner_id), due_on=a.due_on,
        status=reference.ACTION_STATUSES.get(a.status, a.status), agreed_on=day,
        days_overdue=None) for a in ctx.wb.all(ActionItem, meeting_id=ctx.meeting.id)),
        key=lambda r: (r.due_on or dt.date.max, r.action.casefold()))
    carried: list[ActionRow] = []
    overdue: list[ActionRow] = []
    for row in carried_over_rows(ctx.wb, ctx.meeting):
        record = ActionRow(
            action=row.action, organisation=row.organisation, owner=row.owner,
            due_on=row.due_on, status=row.status, agreed_on=row.agreed_on,
            days_overdue=row.days_overdue)
        (overdue if row.overdue else carried).append(record)
    return {"agreed": agreed, "carried": carried, "overdue": overdue}


def actions(ctx: Context, lists: dict[str, list[ActionRow]] | None = None) -> Actions | None:
    """Actions agreed at this meeting, and earlier ones still open on its day
    (``action_lists``, read unless given): at most ``ROW_LIMIT`` of each, the rest counted."""
    lists = action_lists(ctx) if lists is None else lists
    agreed, carried, overdue = lists["agreed"], lists["carried"], lists["overdue"]
    if not (agreed or carried or overdue):
        return None
    hidden = {k: len(v) - ROW_LIMIT for k, v in lists.items() if len(v) > ROW_LIMIT}
    return Actions(as_of=ctx.meeting.held_on, agreed=tuple(agreed[:ROW_LIMIT]),
                   carried=tuple(carried[:ROW_LIMIT]), overdue=tuple(overdue[:ROW_LIMIT]),
                   hidden=hidden)


# -- momentum -----------------------------------------------------------------------


def momentum(ctx: Context) -> Momentum | None:
    """``analyses.momentum`` as of this meeting's day, with the gap since the previous one.

    Left out while there is nothing to compare: a single meeting and no actions.
    """
    figures = analyses.momentum(ctx.wb, today=ctx.meeting.held_on)
    if figures.meetings < 2 and not figures.actions:
        return None
    lines: list[Indicator] = []
    warnings: list[str] = []
    for indicator in figures.indicators:
        if indicator.label == _("Days since the last meeting"):  # the same catalog's words
            # As of the meeting's own day that is always 0: the gap before it tells more.
            if ctx.previous is None:
                continue
            gap = (ctx.meeting.held_on - ctx.previous.held_on).days
            lines.append(Indicator(_("Days since the previous meeting"), format_number(gap),
                                   _("previous meeting on {date}").format(
                                       date=format_date(ctx.previous.held_on, "medium"))))
            if gap > MAX_DAYS_BETWEEN:
                warnings.append(_("{count} days passed between this meeting and the previous "
                                  "one: more than {most} days lets energy drain away. Set the "
                                  "next date now.").format(count=gap, most=MAX_DAYS_BETWEEN))
            continue
        lines.append(indicator)
    warnings.extend(analyses.warnings(figures))
    return Momentum(indicators=tuple(lines), warnings=tuple(warnings))
