"""Gather what one meeting's summary shows into plain records (see ``records.py``).

    >>> from workbook.export.summary import build_summary
    >>> summary = build_summary(wb)            # the latest meeting
    >>> summary.decisions[0].text
    'Recruit apprentices through Eastbank and New Arrivals first'

Every section is computed from the stored data; a section with nothing to say comes back
as ``None`` or empty, and the renderers leave it out. The problem framing, actions and
momentum sections live in ``sections.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .. import reference
from ..errors import ExportError, NotFoundError, shown
from ..i18n import N_, Titles, _, format_date
from ..model import Comment, Meeting, NameCandidate, NameVote, Person
from ..store import Workbook
from ..store.checks import require_id
from . import glance, measurement, queries, room, sections
from .editions import for_edition
from .queries import OrgRow
from .records import (
    ROW_LIMIT,
    Attendance,
    CommentRow,
    MeetingInfo,
    Naming,
    Offer,
    OrganisationGroup,
    PartnershipInfo,
    ResourceChanges,
    ResourceRow,
    Summary,
    TypeGroup,
    VoteRow,
)

__all__ = ["build_summary", "pick_meeting"]

_PHASE_TITLES = Titles({p.key: p.title for p in reference.PHASES})
_TYPE_ORDER = {key: index for index, key in enumerate(reference.PARTNER_TYPES)}
_TYPE_TITLES = Titles({**reference.PARTNER_TYPES.raw, reference.OWN: N_("Convening organization"),
                       "": N_("Not recorded")})
NO_ORGANISATION = N_("No organization recorded")


def pick_meeting(wb: Workbook, meeting_id: int | str | None = None) -> Meeting:
    """The meeting a summary is about: an id, or ``None``/``"latest"`` for the one held or
    last held. A planned meeting is refused (``ExportError``): nothing happened at it yet."""
    if meeting_id is None or (isinstance(meeting_id, str)
                              and meeting_id.strip().lower() == "latest"):
        meeting = wb.latest_meeting()
        if meeting is None:
            raise ExportError(_("meeting: this workbook has no meeting yet, so there is "
                                "nothing to summarize. Record a meeting first."))
        return meeting
    # Digits counted before int(): Python refuses to convert past 4,300 of them.
    text = meeting_id.strip() if isinstance(meeting_id, str) else ""
    if isinstance(meeting_id, int) and not isinstance(meeting_id, bool) \
            and 0 < meeting_id < 10**18:
        number = meeting_id
    elif text.isascii() and text.isdigit() and len(text) <= 18:
        number = int(text)
    else:
        raise ExportError(_("meeting: {value} is not a meeting id. Give a number from "
                            "`workbook info`, or 'latest'.").format(value=shown(meeting_id)))
    try:
        meeting = wb.get(Meeting, number)
    except NotFoundError as exc:
        raise ExportError(_("meeting: {number} does not exist in this workbook. Give an "
                            "existing meeting id, or 'latest'.").format(number=number)) from exc
    if meeting.is_planned:
        raise ExportError(_("meeting: {number} is planned for {date} and not held yet, so "
                            "there is nothing to summarize. Start it when it meets, or give a "
                            "held meeting's id, or 'latest'.").format(
                                number=number, date=format_date(meeting.held_on)))
    return meeting


def build_summary(wb: Workbook, meeting_id: int | str | None = None, *,
                  today: dt.date | None = None, edition: str | None = "facilitator"
                  ) -> Summary:
    """Every section of one meeting's summary (default: the latest meeting).

    ``edition`` is ``"facilitator"`` (the full record, the default) or ``"partners"``
    (``editions.for_partners``); anything else raises ``ExportError``.
    """
    with wb.remembering():  # each list its sections share read once
        return _build(wb, meeting_id, today or dt.date.today(), edition)


def _build(wb: Workbook, meeting_id: int | str | None, today: dt.date, edition: str | None
           ) -> Summary:
    meeting = pick_meeting(wb, meeting_id)
    previous = wb.previous_meeting(meeting)
    latest = wb.latest_meeting()
    is_latest = latest is not None and latest.id == meeting.id
    orgs = queries.organisations(wb)
    attendees = wb.attendees(meeting.id)
    partnership = wb.partnership
    context = sections.Context(wb=wb, meeting=meeting, previous=previous, orgs=orgs,
                               people=queries.people(wb))
    every_action = sections.action_lists(context)
    summary = Summary(
        partnership=PartnershipInfo(
            name=partnership.display_name, working_title=partnership.working_title,
            sector=partnership.sector, region=partnership.region,
            intermediary=partnership.intermediary,
            phase=_PHASE_TITLES.get(partnership.phase, partnership.phase)),
        meeting=MeetingInfo(
            id=require_id(Meeting, meeting.id), held_on=meeting.held_on, kind=meeting.kind_of,
            kind_title=reference.MEETING_KINDS.get(meeting.kind_of, meeting.kind_of),
            objective=meeting.objective, location=meeting.location,
            agenda=tuple(meeting.agenda),
            previous_on=previous.held_on if previous else None),
        attendance=_attendance(attendees, orgs),
        decisions=room.decision_rows(wb, meeting, people={
            pid: row.name for pid, row in context.people.items()}),
        offers=_offers(attendees, orgs),
        naming=_naming(wb, meeting),
        resources=_resources(wb, meeting, previous, orgs, is_latest),
        framing=sections.framing(context),
        actions=sections.actions(context, every_action),
        momentum=sections.momentum(context),
        exported_on=today,
        progress=measurement.progress(wb, meeting, today=today),
        wins=measurement.wins(wb, meeting, previous),
        time_boxes=room.time_boxes(wb, meeting),
        carry_over=room.carry_over(wb, meeting),
        evaluation=room.evaluation(wb, meeting),
        notes=meeting.notes.strip(),
        comments=_comments(wb, meeting, orgs),
    )
    summary = dataclasses.replace(summary, glance=glance.at_a_glance(
        wb, meeting, summary, every_action))
    return for_edition(summary, edition)


def _comments(wb: Workbook, meeting: Meeting, orgs: dict[int, OrgRow]
              ) -> tuple[CommentRow, ...]:
    """The comments left about this meeting, in the order they came."""
    found = sorted(wb.all(Comment, meeting_id=meeting.id),
                   key=lambda c: (c.created_at is None, c.created_at or dt.datetime.min,
                                  c.id or 0))
    return tuple(CommentRow(c.author, orgs[c.organisation_id].name
                            if c.organisation_id in orgs else "", c.text, c.shared)
                 for c in found[:ROW_LIMIT])


def _org_of(person: Person, orgs: dict[int, OrgRow]) -> OrgRow | None:
    return orgs.get(person.organisation_id) if person.organisation_id else None


def _attendance(attendees: list[Person], orgs: dict[int, OrgRow]) -> Attendance | None:
    """Who came, grouped by partner type (ours first), then organisation."""
    if not attendees:
        return None
    by_type: dict[str, dict[str, list[tuple[str, str]]]] = {}
    employers = 0
    for person in attendees:
        org = _org_of(person, orgs)
        kind = org.partner_type if org else ""
        employers += kind == "business"
        name = org.name if org else _(NO_ORGANISATION)
        by_type.setdefault(kind, {}).setdefault(name, []).append((person.name, person.role))
    groups = tuple(
        TypeGroup(_TYPE_TITLES.get(kind, _("Not recorded")), tuple(
            OrganisationGroup(name, tuple(sorted(members, key=lambda m: m[0].casefold())))
            for name, members in sorted(by_org.items(), key=lambda i: i[0].casefold())))
        for kind, by_org in sorted(by_type.items(), key=lambda i: _TYPE_ORDER.get(i[0], 99)))
    return Attendance(groups=groups, people=len(attendees),
                      organisations=sum(len(g.organisations) for g in groups),
                      employers_share=employers / len(attendees))


def _offers(attendees: list[Person], orgs: dict[int, OrgRow]) -> tuple[Offer, ...]:
    """What each organisation at the table brings and needs, where that was recorded."""
    seen: dict[int, OrgRow] = {}
    for person in attendees:
        org = _org_of(person, orgs)
        if org is not None and (org.brings.strip() or org.needs.strip()):
            seen[org.id] = org
    ordered = sorted(seen.values(),
                     key=lambda o: (_TYPE_ORDER.get(o.partner_type, 99), o.name.casefold()))
    return tuple(Offer(o.name, _TYPE_TITLES.get(o.partner_type, o.partner_type),
                       o.brings.strip(), o.needs.strip()) for o in ordered)


def _naming(wb: Workbook, meeting: Meeting) -> Naming | None:
    """The results of a vote that closed at this meeting (held or closed that day)."""
    closed = [v for v in wb.all(NameVote, status="closed")
              if v.meeting_id == meeting.id or v.closed_on == meeting.held_on]
    if not closed:
        return None
    vote = max(closed, key=lambda v: (v.closed_on or v.opened_on, v.id or 0))
    assert vote.id is not None
    rationale = {c.id: c.rationale for c in wb.all(NameCandidate)}
    results = tuple(VoteRow(r.candidate.name, r.dots, rationale.get(r.candidate.id, ""))
                    for r in wb.results(vote.id))
    partnership = wb.partnership
    chosen = ""
    reason = ""
    if partnership.name and partnership.name_chosen_on is not None and (
            vote.closed_on is None or partnership.name_chosen_on >= vote.closed_on):
        chosen, reason = partnership.name, partnership.name_reason
    return Naming(closed_on=vote.closed_on, ballots=wb.ballots_cast(vote.id),
                  anonymous=vote.anonymous, results=results, chosen=chosen, reason=reason,
                  outcome=wb.vote_tally(vote.id).words(),
                  dots_each=vote.dots_per_participant,
                  one_per_candidate=vote.max_dots_per_candidate == 1)


def _resources(wb: Workbook, meeting: Meeting, previous: Meeting | None,
               orgs: dict[int, OrgRow], is_latest: bool) -> ResourceChanges | None:
    """Resource-map entries added or changed after the previous meeting's day.

    The window ends with this meeting's day; for the latest meeting it stays open, so
    entries typed in after the meeting still reach the partners with its summary.
    """
    since = previous.held_on if previous else None
    until = None if is_latest else meeting.held_on
    added, changed, found = queries.resource_changes(wb, since, until, ROW_LIMIT)
    if not found:
        return None
    rows = tuple(ResourceRow(
        name=r.name,
        kind=reference.RESOURCE_KINDS.get(r.resource_kind, r.resource_kind),
        owner=orgs[r.owner_id].name if r.owner_id in orgs else "",
        status=reference.RESOURCE_STATUSES.get(r.status, r.status),
        target_group=r.target_group, change=r.change, on=r.stamp.date()) for r in found)
    return ResourceChanges(since=since, until=until, added=added, changed=changed, rows=rows)
