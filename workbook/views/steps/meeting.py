"""The meeting on one projected screen: the agenda beside the item at hand, the clock on top.

The facilitator runs the whole meeting here, in one notebook and one kernel: the agenda
as a list (one button per item), the current item's activity opened in place beside it
(attendance, brings and needs, the name vote, the why-tree, the resource review, actions,
a decision, the evaluation, planning the next meeting: see ``meeting_activities.py``),
the countdown always at the top, Previous and Next, and the notes at hand. Moving to
another item stores the time spent on the one left (``TimeBoxPanel``) and keeps the clock
running if it ran. "Room view" hides the facilitator's controls from the projection.

The state (which item, which activity) is ``meeting_model.MeetingFlow``; this module only
draws it. Served without code or menus by Voila inside the lab:
``/voila/render/notebooks/12_meeting.ipynb`` (see README).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...i18n import N_, _
from ...model import AgendaItem, Meeting
from ...model.text import comparable
from ...model.timebox import clock
from ..widgets.base import View, close_tree, heading
from ..widgets.editing import EditPanel
from ..widgets.pickers import Quiet, meeting_options, set_options
from ..widgets.reads import reading_pass
from .meeting_activities import Activity, build_activity
from .meeting_model import (
    ACTIVITIES,
    STANDARD_AGENDA,
    MeetingFlow,
    activity_for,
    with_standard_agenda,
)
from .meeting_start import MeetingStart, time_lines
from .timebox_panel import TimeBoxPanel

__all__ = ["MeetingView", "default_meeting"]

CSS = Path(__file__).resolve().parents[1] / "widgets" / "static" / "meeting.css"


def default_meeting(meetings: list[Meeting], today: dt.date) -> Meeting | None:
    """The meeting to open: today's, else the next one planned, else the latest held."""
    key = lambda m: (m.held_on, m.id or 0)  # noqa: E731
    todays = [m for m in meetings if m.held_on == today]
    if todays:
        return max(todays, key=key)
    coming = [m for m in meetings if m.held_on > today]
    if coming:
        return min(coming, key=key)
    return max(meetings, key=key, default=None)


class MeetingView(View):
    """One meeting, item by item, with the activity of each item in place."""

    title = N_("Meeting")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.meeting_id: int | None = None
        self.flow = MeetingFlow()
        self.activities: dict[str, Activity] = {}
        self.shown_activity: str | None = None

        # The clock and the moves: always on top.
        self.timebox = TimeBoxPanel(self)
        self._closers.append(lambda: close_tree(self.timebox.widget))
        self.previous_button = w.Button(description=_("Previous"), icon="backward")
        self.next_button = w.Button(description=_("Next item"), icon="forward",
                                    button_style="primary")
        self.on_click(self.previous_button, self.previous)
        self.on_click(self.next_button, self.next)
        self.live_slot = w.HBox()
        if self.wb.path is not None:  # a hub's database partnership has the hub's room
            self.phones_button = w.ToggleButton(
                value=False, description=_("Phones"), icon="mobile",
                tooltip=_("Start the live room on this laptop: people answer from their phones"))
            self.observe(self.phones_button, self._phones_toggled)
            self.live_slot.children = (self.phones_button,)
        """The live room's button (issue 26): phones join the room from this laptop."""
        self.phones_box = w.VBox(layout=w.Layout(display="none", width="100%"))
        self.phones_box.add_class("pwb-facilitator")
        self.phones: Any = None
        self.room_view = w.ToggleButton(value=False, description=_("Room view"),
                                        icon="desktop",
                                        tooltip=_("Hide the facilitator's controls from the "
                                                "projected screen"))
        self.observe(self.room_view, self._room_view_changed)
        self.where = w.HTML()
        # One flat row: a confirmation goes below the whole row, not inside it.
        self.header_row = w.HBox([
            self.timebox.countdown, self.timebox.start_button, self.timebox.pause_button,
            self.previous_button, self.next_button, self.where, self.live_slot,
            self.room_view], layout=w.Layout(align_items="center", width="100%"))
        # The live room's panel is tall: it sits below the sticky header, not inside it,
        # so the header keeps the countdown in sight and covers nothing of the stage.
        self.header = w.VBox([self.header_row], layout=w.Layout(width="100%"))
        self.header.add_class("pwb-meeting-header")

        # Beside the activity: which meeting, the agenda, the notes, the time boxes.
        self.meeting_picker = w.Dropdown(description=_("Meeting"), options=[],
                                         style={"description_width": "5em"},
                                         layout=w.Layout(width="100%"))
        self.observe(self.meeting_picker, self._meeting_picked)
        self.agenda_list = w.VBox()
        self.agenda_list.add_class("pwb-meeting-agenda")
        self._agenda_buttons: list[w.Button] = []
        self.setup_button = w.Button(description=_("Use the standard agenda"), icon="list-ol",
                                     tooltip=_("Every activity of a partnership meeting, "
                                             "with its minutes"))
        self.on_click(self.setup_button, self.set_up_agenda)
        self.time_button = w.Button(description=_("Put its agenda on the clock"), icon="clock",
                                    tooltip=_("Give each line of the meeting's agenda its "
                                              "minutes"))
        self.on_click(self.time_button, self.time_planned_agenda)
        self.notes = EditPanel(self, Meeting, ["notes"], labels={"notes": _("Notes")},
                               save_label=_("Save notes"))
        self.notes.form.inputs["notes"].rows = 5
        self.notes.reload_button.layout.display = "none"
        self.notes.history_box.layout.display = "none"
        times = w.Accordion(children=[self.timebox.widget], selected_index=None,
                            layout=w.Layout(max_width="100%"))
        times.set_title(0, _("Minutes per item"))
        self.side = w.VBox([self.meeting_picker, heading(_("Agenda"), 3), self.agenda_list,
                            w.HBox([self.setup_button, self.time_button],
                                   layout=w.Layout(flex_flow="row wrap")),
                            heading(_("Notes"), 3),
                            self.notes.widget, times])
        self.side.add_class("pwb-meeting-side")
        self.side.add_class("pwb-facilitator")

        # The item at hand and its activity.
        self.item_heading = w.HTML()
        self.item_heading.add_class("pwb-meeting-item")
        self.activity_picker = w.Dropdown(
            description=_("Opens"), options=[(_(v), k) for k, v in ACTIVITIES.items()],
            style={"description_width": "5em"}, layout=w.Layout(width="30em"))
        self.activity_picker.add_class("pwb-facilitator")
        self.observe(self.activity_picker, self._activity_picked)
        self.stage = w.VBox()
        # Above the item: start the planned meeting, or a meeting at all.
        self.starter = MeetingStart(self)
        main = w.VBox([self.starter.widget, w.HBox([self.item_heading, self.activity_picker]),
                       self.stage])
        main.add_class("pwb-meeting-stage")

        self._closers.append(self._close_activities)
        self._fill_meetings()
        style = w.HTML(f"<style>{CSS.read_text(encoding='utf-8')}</style>",
                       layout=w.Layout(display="none"))
        return w.VBox([style, self.header, self.phones_box, w.HBox([self.side, main],
                                                  layout=w.Layout(flex_flow="row wrap",
                                                                  width="100%"))])

    def __init__(self, wb: Any) -> None:
        super().__init__(wb)
        self.widget.layout.max_width = "100%"
        self.widget.add_class("pwb-meeting")
        # On the projector every line counts: the line under it names the partnership and
        # the meeting already, so the big title goes (screen readers keep it).
        self.widget.children[1].add_class("pwb-visually-hidden")
        if self.wb.path is not None:
            from ...live.laptop import may_be_running  # not the room: no psycopg

            if may_be_running(self.wb.path):
                # Meeting mode reloaded (or its cell run again) while phones are in: the
                # running live room shows at once, as it is.
                self.phones_button.value = True

    # -- the meeting ---------------------------------------------------------------------

    def meeting_shown(self) -> Meeting | None:
        """The meeting picked here (held or planned), which the header names."""
        if getattr(self, "meeting_id", None) is None:
            return None
        return next(iter(self.wb.all(Meeting, id=self.meeting_id)), None)

    def _fill_meetings(self) -> None:
        meetings = self.wb.all(Meeting)
        chosen = default_meeting(meetings, dt.date.today())
        with self.quiet:
            set_options(self.meeting_picker, meeting_options(self.wb, with_kind=True),
                        self.meeting_id if self.meeting_id is not None else
                        (chosen.id if chosen else None))
        self.load(self.meeting_picker.value)

    def _meeting_picked(self, change: Any) -> None:
        if not self.quiet and change.new != self.meeting_id:
            self.load(change.new)

    def load(self, meeting_id: int | None) -> None:
        """Run the meeting ``meeting_id``: its agenda, the first item not yet run, its notes."""
        self.meeting_id = meeting_id
        self.notes.load(meeting_id)
        self.notes.history_box.layout.display = "none"  # the side column has no room for it
        self.timebox.load(meeting_id)
        self.flow = MeetingFlow(self.wb.agenda_items(meeting_id) if meeting_id else [])
        self._show_item()
        self.update_context()

    def reload_meetings(self) -> None:
        """Re-read the meeting list (a meeting was started) and load the one picked."""
        with self.quiet:
            set_options(self.meeting_picker, meeting_options(self.wb, with_kind=True),
                        self.meeting_id)
        self.load(self.meeting_id)

    # -- moving through the agenda ----------------------------------------------------------

    def go_to(self, item_id: int) -> None:
        """Open the agenda item ``item_id`` (the clock moves to it)."""
        self.flow.go_to(item_id)
        self._show_item()
        self.status.clear()

    def next(self) -> None:
        """The next item: the time spent on this one is stored, the clock moves on. On
        the last item it finishes the meeting (``finish``)."""
        if self.flow.at_last:
            self.finish()
            return
        if self.flow.next() is None:
            self.status.warn(_("This is the last item of the agenda."))
            return
        self._show_item()

    def finish(self) -> None:
        """End the last item: the clock stops and the time spent on it is stored, so the
        summary counts it as reached."""
        step = self.flow.current_step
        if step is None:
            return
        self.timebox.go_to(step.item_id)
        stored = self.timebox.stop_here()
        if stored is None:
            return
        self.flow.reload(self.wb.agenda_items(self.meeting_id or 0))
        self._draw_agenda()
        self.timebox.refresh()
        self.status.ok(_("The last item is done ({spent} on it). The meeting's summary is "
                         "ready in the meeting summary step.").format(
            spent=clock(stored.spent_seconds or 0)))

    def previous(self) -> None:
        """Back to the item before (its clock goes on from the time stored)."""
        if self.flow.previous() is None:
            self.status.warn(_("This is the first item of the agenda."))
            return
        self._show_item()

    def _show_item(self) -> None:
        step = self.flow.current_step
        if step is not None:
            self.timebox.go_to(step.item_id)
            self.flow.reload(self.wb.agenda_items(self.meeting_id or 0))
        self._draw_agenda()
        self.previous_button.disabled = not self.flow.has_previous
        self.next_button.disabled = not (self.flow.has_next or self.flow.at_last)
        last = self.flow.at_last
        self.next_button.description = _("Finish the meeting") if last else _("Next item")
        self.next_button.icon = "flag-checkered" if last else "forward"
        self.starter.show()
        for button in (self.timebox.start_button, self.timebox.pause_button):
            button.disabled = step is None
        self.where.value = f"<p><strong>{html.escape(self.flow.where())}</strong></p>"
        if step is None:
            lines = self._untimed_lines()
            meeting = self.meeting_shown()
            if lines and meeting is not None:
                then = (_("It goes on the clock when the meeting starts.")
                        if meeting.is_planned else
                        _("Press “Put its agenda on the clock” beside to run it."))
                self.item_heading.value = (
                    "<h3>" + html.escape(_("The planned agenda")) + "</h3><ol>"
                    + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                    + "</ol><p>" + html.escape(then) + "</p>")
            else:
                self.item_heading.value = (
                    _("<h3>No agenda yet</h3><p>Pick a meeting, or press “Use the standard "
                      "agenda” beside: every activity of a meeting, with its minutes.</p>")
                    if self.meeting_id is not None else
                    "<h3>" + html.escape(_("No meeting yet")) + "</h3>")
            self.activity_picker.layout.display = "none"
            self._open_activity(None)
            return
        self.activity_picker.layout.display = None
        with self.quiet:
            self.activity_picker.value = step.activity
        self._open_activity(step.activity)
        # The heading changes last: when the room sees it, the activity below is ready.
        self.item_heading.value = (f"<h3>{step.position}. {html.escape(step.title)}</h3>")

    def _draw_agenda(self) -> None:
        for button in self._agenda_buttons:
            button.on_click(self._agenda_clicked, remove=True)
        old = self.agenda_list.children
        self._agenda_buttons = []
        for n, step in enumerate(self.flow.steps):
            button = w.Button(description=step.label, tooltip=_(ACTIVITIES[step.activity]),
                              button_style="primary" if n == self.flow.current else "",
                              layout=w.Layout(width="100%"))
            button.item_id = step.item_id  # type: ignore[attr-defined]
            button.on_click(self._agenda_clicked)
            self._agenda_buttons.append(button)
        self.agenda_list.children = tuple(self._agenda_buttons)
        for widget in old:
            close_tree(widget)
        lines = self._untimed_lines()
        if not self.flow.steps and lines:
            self.agenda_list.children = (w.HTML(
                "<ol>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                + "</ol>"),)
        run = any(s.done for s in self.flow.steps)
        covered = {s.activity for s in self.flow.steps} | {activity_for(x) for x in lines}
        complete = all(activity_for(t) in covered for t, _m in STANDARD_AGENDA)
        self.setup_button.layout.display = (
            "none" if run or complete or self.meeting_id is None else None)
        meeting = self.meeting_shown()
        self.time_button.layout.display = (
            None if lines and not self.flow.steps and meeting is not None
            and not meeting.is_planned else "none")

    def _untimed_lines(self) -> list[str]:
        """The first lines of the picked meeting's agenda (what is planned), when none of
        it is on the clock yet; [] otherwise."""
        meeting = self.meeting_shown()
        if meeting is None or self.flow.steps:
            return []
        return [x.splitlines()[0] for x in meeting.agenda if x.strip()]

    def _agenda_clicked(self, button: w.Button) -> None:
        self.go_to(button.item_id)  # type: ignore[attr-defined]

    # -- the activity --------------------------------------------------------------------------

    def _activity_picked(self, change: Any) -> None:
        if self.quiet or change.new is None or self.flow.current_step is None:
            return
        self.flow.choose_activity(change.new)
        self._draw_agenda()
        self._open_activity(change.new)

    def _open_activity(self, key: str | None) -> None:
        step = self.flow.current_step
        if key is None:
            self.stage.children = ()
            self.shown_activity = None
            return
        with reading_pass(self.wb):  # an agenda button's click: one read per kind
            if key not in self.activities:
                self.activities[key] = build_activity(key, self, lambda: self.meeting_id)
            activity = self.activities[key]
            activity.open(self.meeting_id, step.item_id if step is not None else None)
        self.stage.children = (activity.widget,)
        self.shown_activity = key

    def _close_activities(self) -> None:
        for activity in self.activities.values():
            activity.close()
            close_tree(activity.widget)
        for button in self._agenda_buttons:
            button.on_click(self._agenda_clicked, remove=True)

    # -- the agenda itself ---------------------------------------------------------------------

    def set_up_agenda(self) -> None:
        """Complete the meeting's agenda with the standard one: every activity its planned
        lines do not open yet, in the usual order, timed (``with_standard_agenda``)."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            self.status.error(_("Pick a meeting first; no agenda was made."))
            return
        wb = self.wb

        def action() -> list[AgendaItem]:
            meeting = wb.get(Meeting, meeting_id)
            entries = [x for x in meeting.agenda if x.strip()]
            merged = with_standard_agenda([x.splitlines()[0] for x in entries])
            full = {comparable(x.splitlines()[0]): x for x in entries}
            wb.update(Meeting, meeting_id,
                      {"agenda": tuple(full.get(comparable(t), t) for t in merged)})
            time_lines(self.wb, meeting_id)
            place = {comparable(t): n for n, t in enumerate(merged, start=1)}
            extra = len(merged)
            for item in wb.agenda_items(meeting_id):
                position = place.get(comparable(item.title))
                if position is None:  # timed before, no longer a line: kept, at the end
                    extra += 1
                    position = extra
                if item.position != position:
                    wb.update(AgendaItem, int(item.id or 0), {"position": position})
            return wb.agenda_items(meeting_id)

        # One step: stored whole or not at all, and one Undo takes it back.
        items = self.run(action, step=_("Use the standard agenda"),
                         done=lambda found: _("The agenda has {count} items, {sum} minutes in "
                                              "all.").format(
                                                  count=len(found),
                                                  sum=sum(i.minutes for i in found)))
        if items is not None:
            self.load(meeting_id)

    # -- room view and refreshing -----------------------------------------------------------

    def _phones_toggled(self, change: Any) -> None:
        """Show (and at first build) the live room on this laptop, or fold it away; the
        room keeps running while folded and when the view is built again (found and shown
        then); it stops with Stop, or after the kernel ends (``live.laptop``)."""
        if change.new and self.phones is None:
            from .laptop_room import LaptopRoomPanel

            self.phones = LaptopRoomPanel(self)
            self.phones_box.children = (self.phones.widget,)
        self.phones_box.layout.display = None if change.new else "none"

    def _room_view_changed(self, change: Any) -> None:
        if change.new:
            self.widget.add_class("pwb-room-view")
        else:
            self.widget.remove_class("pwb-room-view")

    def time_planned_agenda(self) -> None:
        """Put the held meeting's own agenda lines on the clock, each with its minutes."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            self.status.error(_("Pick a meeting first; nothing was timed."))
            return
        items = self.run(lambda: time_lines(self.wb, meeting_id), step=_("Time the agenda"),
                         done=lambda found: _("The agenda has {count} items on the clock.")
                         .format(count=len(found)))
        if items is not None:
            self.load(meeting_id)

    def refresh(self) -> None:
        """Re-read the agenda (and the activity on screen) after a change."""
        if not hasattr(self, "flow"):
            return
        if self.meeting_id is not None:
            self.flow.reload(self.wb.agenda_items(self.meeting_id))
        with self.quiet:
            set_options(self.meeting_picker, meeting_options(self.wb, with_kind=True),
                        self.meeting_id)
        self.timebox.refresh()
        self._draw_agenda()
        self.starter.show()  # started elsewhere (the kickoff notebook): the offer goes
        if self.shown_activity is not None:
            self.activities[self.shown_activity].refresh()
