"""Meeting mode holds the meeting it runs: a planned meeting starts here, or a new one.

Above the item at hand the meeting view (``meeting.py``) shows one line when the meeting
picked is not being held yet: today's planned meeting offers "Start this planned meeting
now" (the clock's first Start does the same, through ``TimeBoxPanel.before_start``), and
with no meeting at all one field and "Start a meeting today" are the next step. Starting
makes the meeting the one held today (``Workbook.start_meeting``) and puts its planned
agenda on the clock (``time_lines``), as one step of history.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w

from ...i18n import _, format_date
from ...model import AgendaItem, Meeting
from .meeting_model import STANDARD_AGENDA, minutes_for

__all__ = ["MeetingStart", "time_lines"]


def time_lines(wb: Any, meeting_id: int) -> list[AgendaItem]:
    """Put every untimed line of the meeting's agenda on the clock, each with the minutes
    of its activity (``minutes_for``); returns the whole timed agenda. Call it inside a
    change: it writes."""
    before = {i.id for i in wb.agenda_items(meeting_id)}
    for item in wb.time_agenda(meeting_id):
        if item.id not in before and item.minutes != minutes_for(item.title):
            wb.update(AgendaItem, int(item.id or 0), {"minutes": minutes_for(item.title)})
    return wb.agenda_items(meeting_id)


class MeetingStart:
    """The start line of the meeting view ``view``; ``show()`` redraws it."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.note = w.HTML()
        self.start_planned = w.Button(description=_("Start this planned meeting now"),
                                      icon="play", button_style="primary",
                                      layout=w.Layout(width="fit-content"))
        view.on_click(self.start_planned, self.hold)
        # No meeting at all: one field and one button start today's.
        self.new_objective = w.Text(description=_("Meeting objective"),
                                    placeholder=_("What this meeting is for"),
                                    style={"description_width": "9em"},
                                    layout=w.Layout(width="36em"))
        self.start_new = w.Button(description=_("Start a meeting today"), icon="play",
                                  button_style="primary", layout=w.Layout(width="fit-content"))
        view.on_click(self.start_new, self.start_today)
        self.widget = w.HBox([self.note, self.new_objective, self.start_new,
                              self.start_planned],
                             layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.widget.add_class("pwb-facilitator")
        view.timebox.before_start = self.hold_before_clock

    def show(self) -> None:
        """Offer to start the planned meeting picked, or to start one at all; hidden while
        the meeting picked is held. The notes wait for a meeting too."""
        meeting = self.view.meeting_shown()
        planned = meeting is not None and meeting.is_planned
        none = meeting is None
        self.start_planned.layout.display = None if planned else "none"
        self.new_objective.layout.display = self.start_new.layout.display = \
            None if none else "none"
        if none:
            self.note.value = "<p>" + html.escape(_(
                "No meeting yet. Write what it is for and start it: it gets the standard "
                "agenda.")) + "</p>"
        elif planned:
            assert meeting is not None
            self.note.value = "<p>" + html.escape(_(
                "This meeting is planned for {date}, not held yet. Start it when the room "
                "meets: the clock's first Start starts it too.").format(
                date=format_date(meeting.held_on, "long"))) + "</p>"
        else:
            self.note.value = ""
        self.widget.layout.display = None if (none or planned) else "none"
        self.view.notes.save_button.disabled = none

    def hold(self) -> Meeting | None:
        """Start the planned meeting on screen: it becomes the meeting held today and its
        planned agenda goes on the clock (one step of history). None if refused."""
        view = self.view
        meeting_id = view.meeting_id
        if meeting_id is None:
            view.status.error(_("Pick a meeting first; nothing was started."))
            return None
        wb = view.wb

        def action() -> Meeting:
            started = wb.start_meeting(meeting_id)
            if not wb.agenda_items(meeting_id):
                time_lines(wb, meeting_id)
            return started

        started: Meeting | None = view.run(
            action, step=_("Start the meeting"), done=lambda m: _(
                "Started: the meeting of {date} is the one being held now.").format(
                date=format_date(m.held_on, "long")))
        if started is not None:
            view.reload_meetings()
        return started

    def hold_before_clock(self) -> bool:
        """Before the clock starts: a planned meeting of today (or a day passed) is started
        with it; one planned for a later day is not (False: the clock stays stopped)."""
        meeting = self.view.meeting_shown()
        if meeting is None or not meeting.is_planned:
            return True
        if meeting.held_on > dt.date.today():
            self.view.status.warn(_(
                "This meeting is planned for {date}. To hold it today, press “Start this "
                "planned meeting now”.").format(date=format_date(meeting.held_on, "long")))
            return False
        return self.hold() is not None

    def start_today(self) -> Meeting | None:
        """Start a meeting today with the objective typed and the standard agenda."""
        view = self.view
        wb, objective = view.wb, self.new_objective.value

        def action() -> Meeting:
            meeting = wb.add(Meeting(held_on=dt.date.today(), objective=objective,
                                     agenda=tuple(_(t) for t, _m in STANDARD_AGENDA)))
            time_lines(wb, int(meeting.id or 0))
            return meeting

        started: Meeting | None = view.run(
            action, step=_("Start a meeting today"), done=lambda m: _(
                "Started: the meeting of {date}, with the standard agenda.").format(
                date=format_date(m.held_on, "long")))
        if started is not None:
            self.new_objective.value = ""
            view.meeting_id = started.id
            view.reload_meetings()
        return started
