"""Calendar files (.ics) for partners: the next meeting, and each owner's due dates.

    >>> from workbook.export.invites import meeting_calendar, owner_calendar
    >>> meeting_calendar("Valley Makers Alliance", summary.glance.next_meeting)
    b'BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\n...'

Written with icalendar, which escapes every text value (commas, semicolons, line breaks),
so typed text stays text; characters no calendar can hold are dropped first. The files
are published, not sent: ``METHOD:PUBLISH``, no organizer, no attendees to notify. A
meeting with a start time carries its time zone (``TZID`` and the zone's ``VTIMEZONE``);
one without is an all-day entry. An action's due date is an all-day entry that does not
block the owner's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from ..i18n import _, format_date
from ..model.text import for_documents
from .records import NextMeeting, OwnerActions

__all__ = ["PRODUCT", "meeting_calendar", "owner_calendar"]

PRODUCT = "-//Partnership Workbook//Meeting packet//EN"
_DEFAULT_LENGTH = dt.timedelta(hours=2)


def _text(value: str, limit: int = 2_000) -> str:
    return for_documents(value)[:limit]


def _one_line(value: str, limit: int = 250) -> str:
    return " ".join(_text(value, limit * 2).split())[:limit]


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@partnership-workbook"


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _one_line(name))
    return calendar


def meeting_calendar(partnership: str, meeting: NextMeeting, *,
                     stamp: dt.datetime | None = None) -> bytes:
    """One event: the next meeting, with its place, its join link and its time zone."""
    import zoneinfo

    from icalendar import Event

    calendar = _calendar(partnership)
    event = Event()
    title = _("{partnership}: {kind}").format(partnership=_one_line(partnership),
                                           kind=meeting.kind_title)
    event.add("summary", _one_line(title))
    event.add("uid", _uid(partnership, "meeting", meeting.held_on.isoformat()))
    event.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
    if meeting.starts_at is not None:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        start = dt.datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=zone)
        end = (dt.datetime.combine(meeting.held_on, meeting.ends_at, tzinfo=zone)
               if meeting.ends_at is not None and meeting.ends_at > meeting.starts_at
               else start + _DEFAULT_LENGTH)
        event.add("dtstart", start)
        event.add("dtend", end)
        calendar.add("x-wr-timezone", meeting.time_zone)
    else:
        event.add("dtstart", meeting.held_on)
        event.add("dtend", meeting.held_on + dt.timedelta(days=1))
    place = _one_line(meeting.place, 500)
    if place or meeting.join_link:
        event.add("location", place or meeting.join_link)
    if meeting.join_link:
        event.add("url", meeting.join_link)
    lines = [_text(meeting.objective)]
    if meeting.join_link:
        lines.append(_("Join online: {link}").format(link=meeting.join_link))
    if meeting.starts_at is None:
        lines.append(_("The time is to be confirmed."))
    event.add("description", "\n\n".join(line for line in lines if line))
    calendar.add_component(event)
    if meeting.starts_at is not None:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def owner_calendar(partnership: str, owner: OwnerActions, *,
                   stamp: dt.datetime | None = None) -> bytes | None:
    """An all-day event per due date of ``owner``'s actions; ``None`` when none is dated."""
    from icalendar import Event

    dated = [a for a in owner.actions if a.due_on is not None]
    if not dated:
        return None
    calendar = _calendar(partnership)
    for action in dated:
        assert action.due_on is not None
        event = Event()
        event.add("summary", _one_line(_("Due: {action}").format(action=action.action)))
        event.add("uid", _uid(partnership, "action", owner.owner, action.action,
                              action.due_on.isoformat()))
        event.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
        event.add("dtstart", action.due_on)
        event.add("dtend", action.due_on + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        who = owner.owner + (f" ({owner.organisation})" if owner.organisation else "")
        lines = [_text(action.action), _("Owner: {who}").format(who=_one_line(who))]
        if action.agreed_on is not None:
            lines.append(_("Agreed at the meeting of {day}.").format(
                day=format_date(action.agreed_on)))
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
