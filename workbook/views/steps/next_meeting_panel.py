"""Planning the next meeting from a notebook: its day, time, place or link, and objective.

The agenda is drafted from the actions still open (``Workbook.plan_meeting``); the
facilitator edits it in the kickoff notebook, where the planned meeting is started on the
day. The panel shows the meeting planned next, if any.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from ... import reference
from ...i18n import N_, _
from ...model import Meeting
from ..widgets.base import View, heading, long_date
from ..widgets.forms import EntityForm

__all__ = ["NextMeetingPanel", "next_meeting_text"]

FIELDS = ["held_on", "starts_at", "kind_of", "objective", "location", "join_link"]
LABELS = {"held_on": N_("Day"), "starts_at": N_("Start time (HH:MM)"),
          "kind_of": N_("Kind of meeting"),
          "location": N_("Place"), "join_link": N_("Join link")}


def next_meeting_text(meeting: Meeting | None) -> str:
    """``January 21, 2027 at 14:30, Eastbank (Regular partnership meeting): objective``,
    or that none is planned."""
    if meeting is None:
        return _("none planned yet")
    when = (_("{date} at {time}").format(date=long_date(meeting.held_on), time=meeting.starts_at)
            if meeting.starts_at else long_date(meeting.held_on))
    where = f", {meeting.location}" if meeting.location else ""
    link = _(" (join: {join_link})").format(
        join_link=meeting.join_link) if meeting.join_link else ""
    kind = reference.MEETING_KINDS.get(meeting.kind_of, meeting.kind_of)
    return f"{when}{where}{link} ({kind}): {meeting.objective}"


class NextMeetingPanel:
    """A form that plans the next meeting in ``view.wb``; ``on_planned`` runs after."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.form = EntityForm(view.wb, Meeting, FIELDS,
                               labels={k: _(v) for k, v in LABELS.items()},
                               defaults={"kind_of": "regular",
                                         "held_on": dt.date.today() + dt.timedelta(days=28)})
        self.plan_button = w.Button(description=_("Plan the next meeting"), icon="calendar",
                                    button_style="primary")
        self.planned = w.HTML()
        view.on_click(self.plan_button, self.plan)
        self.widget = w.VBox([
            heading(_("The next meeting"), 3), self.planned,
            w.HTML(_("<p>Plan it here: its day, time, place or join link and objective. Its "
                   "agenda is drafted from the actions still open; on the day, open the "
                   "kickoff notebook and start it.</p>")),
            self.form.widget, self.plan_button])
        self.refresh()

    def plan(self) -> None:
        """Store the typed meeting as planned (refused fields are marked)."""
        values = self.form.values()
        planned = self.view.run(
            lambda: self.view.wb.plan_meeting(values.pop("held_on"), values.pop("objective"),
                                              **values),
            done=lambda m: _("Planned: {next_meeting_text}. Its agenda has {count} items.").format(
                next_meeting_text=next_meeting_text(m), count=len(m.agenda)),
            form=self.form, step=_("Plan the next meeting"))
        if planned is not None:
            self.form.clear()

    def refresh(self) -> None:
        self.form.wb = self.view.wb
        upcoming = self.view.wb.next_meeting(dt.date.today())
        self.planned.value = (_("<p><strong>Planned next:</strong> {next_meeting_text}</p>").format(
            next_meeting_text=html.escape(next_meeting_text(upcoming))))
