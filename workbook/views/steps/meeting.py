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
from ..widgets.base import View, close_tree, heading
from ..widgets.editing import EditPanel
from ..widgets.pickers import Quiet, meeting_options, set_options
from ..widgets.reads import reading_pass
from .meeting_activities import Activity, build_activity
from .meeting_model import ACTIVITIES, STANDARD_AGENDA, MeetingFlow
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
        self.header = w.VBox([self.header_row, self.phones_box], layout=w.Layout(width="100%"))
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
        self.notes = EditPanel(self, Meeting, ["notes"], labels={"notes": _("Notes")},
                               save_label=_("Save notes"))
        self.notes.form.inputs["notes"].rows = 5
        self.notes.reload_button.layout.display = "none"
        self.notes.history_box.layout.display = "none"
        times = w.Accordion(children=[self.timebox.widget], selected_index=None,
                            layout=w.Layout(max_width="100%"))
        times.set_title(0, _("Minutes per item"))
        self.side = w.VBox([self.meeting_picker, heading(_("Agenda"), 3), self.agenda_list,
                            w.HBox([self.setup_button]), heading(_("Notes"), 3),
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
        main = w.VBox([w.HBox([self.item_heading, self.activity_picker]), self.stage])
        main.add_class("pwb-meeting-stage")

        self._closers.append(self._close_activities)
        self._fill_meetings()
        style = w.HTML(f"<style>{CSS.read_text(encoding='utf-8')}</style>",
                       layout=w.Layout(display="none"))
        return w.VBox([style, self.header, w.HBox([self.side, main],
                                                  layout=w.Layout(flex_flow="row wrap",
                                                                  width="100%"))])

    def __init__(self, wb: Any) -> None:
        super().__init__(wb)
        self.widget.layout.max_width = "100%"
        self.widget.add_class("pwb-meeting")
        # On the projector every line counts: the line under it names the partnership and
        # the meeting already, so the big title goes (screen readers keep it).
        self.widget.children[1].add_class("pwb-visually-hidden")

    # -- the meeting ---------------------------------------------------------------------

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

    # -- moving through the agenda ----------------------------------------------------------

    def go_to(self, item_id: int) -> None:
        """Open the agenda item ``item_id`` (the clock moves to it)."""
        self.flow.go_to(item_id)
        self._show_item()
        self.status.clear()

    def next(self) -> None:
        """The next item: the time spent on this one is stored, the clock moves on."""
        if self.flow.next() is None:
            self.status.warn(_("This is the last item of the agenda."))
            return
        self._show_item()

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
        self.next_button.disabled = not self.flow.has_next
        self.where.value = f"<p><strong>{html.escape(self.flow.where())}</strong></p>"
        if step is None:
            self.item_heading.value = (
                _("<h3>No agenda yet</h3><p>Pick a meeting, or press “Use the standard "
                "agenda” beside: every activity of a meeting, with its minutes.</p>")
                if self.meeting_id is not None else
                _("<h3>No meeting yet</h3><p>Start a meeting in the kickoff notebook first "
                "(a date and an objective).</p>"))
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
        has_items = bool(self.flow.steps)
        self.setup_button.layout.display = (
            "none" if has_items or self.meeting_id is None else None)

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
        """Give a meeting without time boxes the standard agenda (or time its own lines)."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            self.status.error(_("Pick a meeting first; no agenda was made."))
            return
        wb = self.wb

        def action() -> list[AgendaItem]:
            meeting = wb.get(Meeting, meeting_id)
            if not meeting.agenda:
                wb.update(Meeting, meeting_id, {"agenda": tuple(_(t) for t, _m in STANDARD_AGENDA)})
            items = wb.time_agenda(meeting_id)
            minutes = {_(t): m for t, m in STANDARD_AGENDA}
            for item in items:
                if item.title in minutes and item.minutes != minutes[item.title]:
                    wb.update(AgendaItem, int(item.id or 0), {"minutes": minutes[item.title]})
            return wb.agenda_items(meeting_id)

        # One step: stored whole or not at all, and one Undo takes it back.
        items = self.run(action, step="Use the standard agenda",
                         done=lambda found: _("The agenda has {count} items, {sum} minutes in "
                                              "all.").format(
                                                  count=len(found),
                                                  sum=sum(i.minutes for i in found)))
        if items is not None:
            self.load(meeting_id)

    # -- room view and refreshing -----------------------------------------------------------

    def _phones_toggled(self, change: Any) -> None:
        """Show (and at first build) the live room on this laptop, or fold it away; the
        room keeps running while folded, and stops with the view."""
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
        if self.shown_activity is not None:
            self.activities[self.shown_activity].refresh()
