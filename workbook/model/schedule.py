"""Which meeting is the current one and which is next: the one rule every step follows.

The current meeting is the one being held or last held: the latest *held* meeting on or
before the day asked about (by date, then by id). A planned meeting is never current, even
on its day, until the facilitator starts it: an empty meeting in the future must not be
summarised, counted as held, nor make today's actions look late. The next meeting is the
earliest *planned* meeting on or after that day. A planned meeting whose day has passed
without being started is neither (the start notebook lists it so it can be moved or
removed).

Summaries, the participant app, carry-over, "overdue", the start notebook and the view
headers all ask ``current_meeting`` and ``next_meeting``; ``draft_agenda`` drafts a planned
meeting's agenda from the actions still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..i18n import _, format_date, ngettext
from .meetings import ActionItem, Meeting

__all__ = ["current_meeting", "draft_agenda", "held_meetings", "next_meeting",
           "previous_meeting"]

MAX_DRAFT_ACTIONS = 12
"""At most this many actions get an agenda line of their own; the rest are counted."""


def _order(meeting: Meeting) -> tuple[dt.date, int]:
    return (meeting.held_on, meeting.id or 0)


def held_meetings(meetings: Iterable[Meeting], today: dt.date | None = None) -> list[Meeting]:
    """The held meetings (on or before ``today`` when given), oldest first."""
    return sorted((m for m in meetings if m.status == "held"
                   and (today is None or m.held_on <= today)), key=_order)


def current_meeting(meetings: Iterable[Meeting], today: dt.date | None = None
                    ) -> Meeting | None:
    """The meeting being held or last held on or before ``today`` (any day if None);
    never a planned one. None when no meeting was held yet."""
    held = held_meetings(meetings, today)
    return held[-1] if held else None


def previous_meeting(meetings: Iterable[Meeting], meeting: Meeting) -> Meeting | None:
    """The held meeting before ``meeting`` (by date, then id), or None."""
    earlier = [m for m in held_meetings(meetings) if _order(m) < _order(meeting)]
    return earlier[-1] if earlier else None


def next_meeting(meetings: Iterable[Meeting], today: dt.date) -> Meeting | None:
    """The earliest planned meeting on or after ``today``, or None when none is planned."""
    planned = sorted((m for m in meetings if m.status == "planned" and m.held_on >= today),
                     key=_order)
    return planned[0] if planned else None


def draft_agenda(actions: Iterable[ActionItem], on: dt.date) -> tuple[str, ...]:
    """A first agenda for a meeting on ``on``: the welcome, one line per action still open
    (those due before ``on`` first, then by due date), and the close, in the current
    language (the facilitator's; stored as typed text once planned). The facilitator
    edits it."""
    still_open = sorted((a for a in actions if a.is_open),
                        key=lambda a: (not a.is_overdue(on), a.due_on or dt.date.max,
                                       a.id or 0))
    lines = [_("Welcome, introductions and who is at the table")]
    for action in still_open[:MAX_DRAFT_ACTIONS]:
        if action.due_on is None:
            line = _("Review the action: {action}").format(action=action.action)
        elif action.is_overdue(on):
            line = _("Review the action: {action} (was due {date})").format(
                action=action.action, date=format_date(action.due_on, "medium"))
        else:
            line = _("Review the action: {action} (due {date})").format(
                action=action.action, date=format_date(action.due_on, "medium"))
        lines.append(line[:2_000])
    rest = len(still_open) - MAX_DRAFT_ACTIONS
    if rest > 0:
        lines.append(ngettext("Review the other open action ({count} more)",
                              "Review the other open actions ({count} more)", rest).format(
            count=rest))
    lines.append(_("Next steps: who does what by when, and when we meet next"))
    return tuple(lines)
