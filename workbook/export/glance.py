"""The summary's first section, "At a glance": decided, who does what by when, open, next.

    >>> from workbook.export.glance import at_a_glance
    >>> at_a_glance(wb, meeting, summary, every_action).owners[0].owner
    'Dana Whitfield'

Built from the records the rest of the summary already holds (decisions, the naming
result, the actions, the time boxes, the framing), so the two never disagree, plus the
next meeting. Until planned meetings are stored with a start time and a join link, the
next meeting is the earliest meeting dated after this one (``upcoming_meeting``, the one
place to change when they are).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .. import reference
from ..i18n import N_, _
from ..model import Meeting
from ..store import Workbook
from .records import ActionRow, Glance, NextMeeting, OwnerActions, Summary

__all__ = ["at_a_glance", "local_time_zone", "next_meeting", "upcoming_meeting"]

FALLBACK_TIME_ZONE = "America/New_York"
"""The zone calendar entries use when the computer names none (or only UTC)."""

# Whole sentences with named placeholders, ready for the translation catalogs.
NOT_REACHED = N_("The agenda item “{title}” was not reached: when do we take it up?")
NAME_OPEN = N_("The name is not chosen yet: {outcome}")
NO_ROOT_CAUSE = N_("Why does “{problem}” happen? No root cause is agreed yet.")
NOBODY_ADDRESSES = N_("Who can address “{cause}”? Nothing does yet.")
NO_NEXT_DATE = N_("When and where do we meet next? No date is set yet.")
NAME_CHOSEN = N_("The partnership's name is “{name}”.")

_LINK = re.compile(r"https://[^\s<>\"']+", re.IGNORECASE)


def upcoming_meeting(wb: Workbook, meeting: Meeting) -> Meeting | None:
    """The meeting after ``meeting``: the earliest one dated later (ties: the lower id).

    The one place that decides which meeting is "next"; planned meetings (a status,
    a start time, a place or join link) will answer here once the store holds them.
    """
    later = [m for m in wb.all(Meeting) if m.held_on > meeting.held_on]
    return min(later, key=lambda m: (m.held_on, m.id or 0), default=None)


def local_time_zone() -> str:
    """The IANA name of this computer's time zone (``TZ``, then ``/etc/localtime``).

    UTC or an unknown zone falls back to ``FALLBACK_TIME_ZONE``: a partnership meets in a
    place, never in UTC, and a calendar entry without a zone would float with the reader.
    """
    import zoneinfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.partition("/zoneinfo/")[2])
    except OSError:
        pass
    names = zoneinfo.available_timezones()
    for name in candidates:
        if name in names and name not in ("UTC", "Etc/UTC", "Etc/Universal", "Universal",
                                          "Zulu", "Etc/Zulu", "GMT", "Etc/GMT"):
            return name
    return FALLBACK_TIME_ZONE


def _place_and_link(location: str) -> tuple[str, str]:
    """Split a stored location into a place and an https join link (either may be "")."""
    found = _LINK.search(location)
    if found is None:
        return location.strip(), ""
    link = found.group(0).rstrip(".,;)")
    place = (location[:found.start()] + location[found.start() + len(link):]).strip(" ,;-–")
    return place, link


def next_meeting(wb: Workbook, meeting: Meeting) -> NextMeeting | None:
    """The next meeting as partners should read it, or ``None`` when none is set."""
    upcoming = upcoming_meeting(wb, meeting)
    if upcoming is None:
        return None
    place, link = _place_and_link(upcoming.location)
    return NextMeeting(
        held_on=upcoming.held_on,
        kind_title=reference.MEETING_KINDS.get(upcoming.kind_of, upcoming.kind_of),
        objective=upcoming.objective, starts_at=_clock(upcoming.starts_at),
        ends_at=None, place=place, join_link=upcoming.join_link or link,
        time_zone=local_time_zone())


def _clock(starts_at: str) -> dt.time | None:
    """A meeting's stored start time (``HH:MM``, or "" when not set) as a time."""
    try:
        return dt.datetime.strptime(starts_at, "%H:%M").time() if starts_at else None
    except ValueError:  # the model refuses such a value; an old row may still hold one
        return None


def _by_owner(rows: Iterable[ActionRow]) -> tuple[OwnerActions, ...]:
    """Agreed, overdue and carried-over actions per owner; owners by name, soonest first."""
    grouped: dict[tuple[str, str], list[ActionRow]] = {}
    for row in rows:
        grouped.setdefault((row.owner, row.organisation), []).append(row)
    return tuple(
        OwnerActions(owner, organisation, tuple(sorted(
            rows, key=lambda r: (r.due_on or dt.date.max, r.action.casefold()))))
        for (owner, organisation), rows in sorted(
            grouped.items(), key=lambda i: (i[0][0].casefold(), i[0][1].casefold())))


def _questions(summary: Summary, upcoming: NextMeeting | None) -> tuple[str, ...]:
    """What the meeting left open, as whole sentences."""
    questions: list[str] = []
    if summary.time_boxes is not None:
        questions.extend(
            _(NOT_REACHED).format(title=row.title)
            for row in summary.time_boxes.rows if not row.spent)
    naming = summary.naming
    if naming is not None and not naming.chosen:
        questions.append(_(NAME_OPEN).format(
            outcome=naming.outcome or _("the vote closed without a choice.")))
    if summary.framing is not None:
        for problem in summary.framing.problems:
            if not problem.causes:
                questions.append(_(NO_ROOT_CAUSE).format(problem=problem.statement))
            for cause in problem.causes:
                if not cause.resources and not cause.solutions:
                    questions.append(_(NOBODY_ADDRESSES).format(cause=cause.statement))
    if upcoming is None:
        questions.append(_(NO_NEXT_DATE))
    return tuple(questions)


def at_a_glance(wb: Workbook, meeting: Meeting, summary: Summary,
                every_action: Mapping[str, Sequence[ActionRow]]) -> Glance:
    """The "At a glance" record of ``summary`` (the summary of ``meeting``).

    ``every_action`` (``sections.action_lists``) are the meeting's actions before the
    Actions section cut them at ``ROW_LIMIT``. ``owners`` holds every one of them (the
    packet's e-mail drafts and calendars read it).
    """
    rows = (*every_action["overdue"], *every_action["agreed"], *every_action["carried"])
    cut = 0 if summary.actions is None else sum(summary.actions.hidden.values())
    decisions = [row.text for row in summary.decisions]
    if summary.naming is not None and summary.naming.chosen:
        decisions.append(_(NAME_CHOSEN).format(name=summary.naming.chosen))
    upcoming = next_meeting(wb, meeting)
    return Glance(decisions=tuple(decisions), owners=_by_owner(rows),
                  questions=_questions(summary, upcoming), next_meeting=upcoming,
                  not_in_actions=cut)
