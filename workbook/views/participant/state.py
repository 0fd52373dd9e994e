"""Where the partnership stands, as read-only HTML for the participant app.

Plain functions from a workbook to escaped HTML: the partnership and its phase, the naming
vote, the problem tree and the resource map. Every stored text is escaped (participants
and facilitators typed it); nothing here changes the workbook.
"""

from __future__ import annotations

import html

from ... import reference
from ...i18n import _, format_date, format_number, ngettext
from ...model import Meeting, NameCandidate, Organisation, Resource, Solution
from ...store import Workbook
from ..widgets.tables import html_table

__all__ = ["candidates_html", "meeting_html", "partnership_html", "problems_html",
           "resources_html", "vote_html", "vote_status_html"]


def _e(text: object) -> str:
    """Typed text escaped and isolated in ``<bdi>`` (see ``widgets.tables.typed``)."""
    return f"<bdi>{html.escape(str(text))}</bdi>"


def _h(text: str) -> str:
    """Our own words (from the catalog) escaped: a translation holds no markup."""
    return html.escape(text)


def partnership_html(wb: Workbook) -> str:
    """Name, sector, region, phase and vision."""
    p = wb.partnership
    phase = reference.phase(p.phase)
    name = f"<strong>{_e(p.display_name)}</strong>"
    if p.name and p.name != p.working_title:
        line = _("{name} (first called {working_title}): {sector} in {region}.").format(
            name=name, working_title=_e(p.working_title), sector=_e(p.sector),
            region=_e(p.region))
    else:
        line = _("{name}: {sector} in {region}.").format(name=name, sector=_e(p.sector),
                                                          region=_e(p.region))
    parts = [f"<p>{line}</p>"]
    parts.append("<p>" + _("Phase: {phase}. {summary}").format(
        phase=f"<strong>{_h(_(phase.title))}</strong>", summary=_h(_(phase.summary))) + "</p>")
    if p.vision.strip():
        parts.append("<p>" + _("Vision: {vision}").format(vision=_e(p.vision)) + "</p>")
    return "".join(parts)


def meeting_html(meeting: Meeting | None) -> str:
    if meeting is None:
        return f"<p>{_h(_('No meeting is recorded yet.'))}</p>"
    return "<p>" + _("Meeting of {date}: {objective}").format(
        date=_h(format_date(meeting.held_on)), objective=_e(meeting.objective)) + "</p>"


def vote_html(wb: Workbook) -> str:
    """The open vote (candidates, dots each, results hidden) or the name chosen so far."""
    return vote_status_html(wb) + candidates_html(wb)


def candidates_html(wb: Workbook) -> str:
    """The name candidates and why each was proposed, as a table."""
    candidates = wb.all(NameCandidate)
    rows = [(c.name, c.rationale) for c in sorted(candidates, key=lambda c: c.name.casefold())]
    return html_table([_("Candidate"), _("Why")], rows, caption=_("Name candidates"),
                      empty=_("No names have been proposed yet."))


def vote_status_html(wb: Workbook) -> str:
    """Whether a vote is open (dots each, results hidden, how many voted) or the name
    chosen so far."""
    vote = wb.open_vote_now()
    p = wb.partnership
    if vote is None:
        chosen = ("<p>" + _("The name chosen: {name}. {reason}").format(
                      name=f"<strong>{_e(p.name)}</strong>", reason=_e(p.name_reason)) + "</p>"
                  if p.name else f"<p>{_h(_('No name has been chosen yet.'))}</p>")
        return chosen + f"<p>{_h(_('No vote is open right now.'))}</p>"
    dots = f"<strong>{vote.dots_per_participant}</strong>"
    voted = wb.ballots_cast(vote.id)
    text = (ngettext("Vote {vote} is open: each participant has {dots} dot.",
                     "Vote {vote} is open: each participant has {dots} dots.",
                     vote.dots_per_participant).format(vote=vote.id, dots=dots))
    if vote.anonymous:
        text += " " + _h(_("It is anonymous: nobody sees who gave which dots."))
    text += " " + _h(ngettext(
        "Results stay hidden until it closes; {count} person has voted so far.",
        "Results stay hidden until it closes; {count} people have voted so far.",
        voted).format(count=format_number(voted)))
    return f"<p>{text}</p>"


def problems_html(wb: Workbook) -> str:
    """Each problem with its tree of causes (why? why?) and the solutions named so far."""
    problems = wb.problems()
    if not problems:
        return f"<p>{_h(_('No problems have been stated yet.'))}</p>"
    solutions = wb.all(Solution)
    parts = []
    for problem in problems:
        parts.append(f"<h4>{_e(problem.statement)}</h4>")
        tree = wb.cause_tree(problem.id)
        if tree:
            parts.append("<ul>")
            for depth, cause in tree:
                indent = f' style="margin-left:{(depth - 1) * 1.5}em"' if depth > 1 else ""
                line = (_("Why? {cause} (root cause)") if cause.is_root
                        else _("Why? {cause}")).format(cause=_e(cause.statement))
                parts.append(f"<li{indent}>{line}</li>")
            parts.append("</ul>")
        else:
            parts.append(f"<p>{_h(_('No causes yet.'))}</p>")
        mine = [s for s in solutions if s.problem_id == problem.id]
        if mine:
            parts.append("<p>" + _("Solutions named: {solutions}").format(
                solutions="; ".join(_e(s.description) for s in mine)) + "</p>")
    return "".join(parts)


def resources_html(wb: Workbook, limit: int = 200) -> str:
    """The resource map as a table: what, kind, whose, for whom, status."""
    owners = {o.id: o.name for o in wb.all(Organisation)}
    rows = [(r.name, reference.RESOURCE_KINDS.get(r.resource_kind, r.resource_kind),
             owners.get(r.owner_id, ""), r.target_group,
             reference.RESOURCE_STATUSES.get(r.status, r.status))
            for r in sorted(wb.all(Resource), key=lambda r: r.name.casefold())]
    return html_table([_("Resource"), _("Kind"), _("Owner"), _("For whom"), _("Status")], rows,
                      caption=_("Resource map"), empty=_("The resource map is empty so far."),
                      limit=limit)
