"""Where the partnership stands, as read-only HTML for the participant app.

Plain functions from a workbook to escaped HTML: the partnership and its phase, the naming
vote, the problem tree and the resource map. Every stored text is escaped (participants
and facilitators typed it); nothing here changes the workbook.
"""

from __future__ import annotations

import html

from ... import reference
from ...model import Meeting, NameCandidate, Organisation, Resource, Solution
from ...store import Workbook
from ..widgets.tables import html_table

__all__ = ["meeting_html", "partnership_html", "problems_html", "resources_html", "vote_html"]


def _e(text: object) -> str:
    """Typed text escaped and isolated in ``<bdi>`` (see ``widgets.tables.typed``)."""
    return f"<bdi>{html.escape(str(text))}</bdi>"


def partnership_html(wb: Workbook) -> str:
    """Name, sector, region, phase and vision."""
    p = wb.partnership
    phase = reference.phase(p.phase)
    parts = [f"<p><strong>{_e(p.display_name)}</strong>"]
    if p.name and p.name != p.working_title:
        parts.append(f" (first called {_e(p.working_title)})")
    parts.append(f": {_e(p.sector)} in {_e(p.region)}.</p>")
    parts.append(f"<p>Phase: <strong>{_e(phase.title)}</strong>. {_e(phase.summary)}</p>")
    if p.vision.strip():
        parts.append(f"<p>Vision: {_e(p.vision)}</p>")
    return "".join(parts)


def meeting_html(meeting: Meeting | None) -> str:
    if meeting is None:
        return "<p>No meeting is recorded yet.</p>"
    return (f"<p>Meeting of {_e(meeting.held_on.isoformat())}: "
            f"{_e(meeting.objective)}</p>")


def vote_html(wb: Workbook) -> str:
    """The open vote (candidates, dots each, results hidden) or the name chosen so far."""
    vote = wb.open_vote_now()
    candidates = wb.all(NameCandidate)
    rows = [(c.name, c.rationale) for c in sorted(candidates, key=lambda c: c.name.casefold())]
    table = html_table(["Candidate", "Why"], rows, caption="Name candidates",
                       empty="No names have been proposed yet.")
    p = wb.partnership
    if vote is None:
        chosen = (f"<p>The name chosen: <strong>{_e(p.name)}</strong>. {_e(p.name_reason)}</p>"
                  if p.name else "<p>No name has been chosen yet.</p>")
        return chosen + "<p>No vote is open right now.</p>" + table
    secret = " It is anonymous: nobody sees who gave which dots." if vote.anonymous else ""
    return (f"<p>Vote {vote.id} is open: each participant has "
            f"<strong>{vote.dots_per_participant}</strong> dots.{secret} Results stay hidden "
            f"until it closes; {wb.ballots_cast(vote.id)} people have voted so far.</p>"
            + table)


def problems_html(wb: Workbook) -> str:
    """Each problem with its tree of causes (why? why?) and the solutions named so far."""
    problems = wb.problems()
    if not problems:
        return "<p>No problems have been stated yet.</p>"
    solutions = wb.all(Solution)
    parts = []
    for problem in problems:
        parts.append(f"<h4>{_e(problem.statement)}</h4>")
        tree = wb.cause_tree(problem.id)
        if tree:
            parts.append("<ul>")
            for depth, cause in tree:
                root = " <em>(root cause)</em>" if cause.is_root else ""
                indent = f' style="margin-left:{(depth - 1) * 1.5}em"' if depth > 1 else ""
                parts.append(f"<li{indent}>Why? {_e(cause.statement)}{root}</li>")
            parts.append("</ul>")
        else:
            parts.append("<p>No causes yet.</p>")
        mine = [s for s in solutions if s.problem_id == problem.id]
        if mine:
            parts.append("<p>Solutions named: " + "; ".join(_e(s.description) for s in mine)
                         + "</p>")
    return "".join(parts)


def resources_html(wb: Workbook, limit: int = 200) -> str:
    """The resource map as a table: what, kind, whose, for whom, status."""
    owners = {o.id: o.name for o in wb.all(Organisation)}
    rows = [(r.name, reference.RESOURCE_KINDS.get(r.resource_kind, r.resource_kind),
             owners.get(r.owner_id, ""), r.target_group,
             reference.RESOURCE_STATUSES.get(r.status, r.status))
            for r in sorted(wb.all(Resource), key=lambda r: r.name.casefold())]
    return html_table(["Resource", "Kind", "Owner", "For whom", "Status"], rows,
                      caption="Resource map", empty="The resource map is empty so far.",
                      limit=limit)
