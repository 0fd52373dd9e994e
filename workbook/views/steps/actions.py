"""The action plan: which partner, what, who, by when, and how far it got.

Actions are agreed at a meeting and carried into the next ones until they are done or
dropped. Overdue actions stand out with the word OVERDUE (and a row style), never by
colour alone. The list can be narrowed to one owner or one partner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _, format_date, ngettext
from ...model import ActionItem, Meeting, Organisation, Person
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.lazy import folded
from ..widgets.pickers import (
    Quiet,
    cut,
    meeting_options,
    organisation_options,
    people_options,
    set_options,
)
from ..widgets.reads import names
from ..widgets.tables import html_table
from .action_partner import PartnerFromWho

__all__ = ["ActionPlanView", "action_rows"]

HEADERS = [N_("Partner"), N_("Action"), N_("Who"), N_("When (due)"), N_("Status"), N_("Agreed at"),
           N_("Flag")]
OVERDUE_CLASS = "pwb-overdue"
TABLE_ROWS = 200  # open and overdue ones come first; the filters reach the rest


def action_rows(actions: list[ActionItem], *, orgs: Mapping[int | None, str],
                people: Mapping[int | None, str], meetings: Mapping[int | None, Meeting],
                today: dt.date) -> tuple[list[list[Any]], list[str]]:
    """Table rows for ``actions`` and each row's class (overdue rows are marked)."""
    rows: list[list[Any]] = []
    classes: list[str] = []
    for action in actions:
        late = action.is_overdue(today)
        late_by = (today - action.due_on).days if action.due_on else 0
        flag = (ngettext("OVERDUE by {count} day", "OVERDUE by {count} days",
                         late_by).format(count=late_by) if late and action.due_on
                else _("done {date}").format(date=format_date(action.done_on, "medium"))
                if action.done_on else "")
        origin = meetings.get(action.meeting_id) if action.meeting_id else None
        rows.append([orgs.get(action.organisation_id, ""), action.action,
                     people.get(action.owner_id, ""), action.due_on,
                     reference.ACTION_STATUSES.get(action.status, action.status),
                     origin.held_on if origin else "", flag])
        classes.append(OVERDUE_CLASS if late else "")
    return rows, classes


def _order(action: ActionItem) -> tuple[int, dt.date, str]:
    # Open ones first, soonest due first; those without a date after the dated ones.
    return (0 if action.is_open else 1, action.due_on or dt.date.max, action.action.casefold())


NOBODY_YET = N_("(nobody yet: pick who does it)")


class _Filters:
    """The owner and partner filters: two dropdowns of every person and organisation,
    made the first time the facilitator opens "Filter the list"."""

    def __init__(self, view: ActionPlanView) -> None:
        style = {"description_width": "11em"}
        self.owner = w.Dropdown(description=_("Show owner"), style=style,
                                options=view._owner_filter_options())
        self.partner = w.Dropdown(description=_("Show partner"), style=style,
                                  options=view._partner_filter_options())
        for widget in (self.owner, self.partner):
            view.observe(widget, view._filters_changed)
        self.widget = w.HBox([self.owner, self.partner])


class ActionPlanView(View):
    """Agree actions at a meeting, follow them up, and see what carries over."""

    title = N_("Action plan: who does what, by when")

    def build(self) -> w.Widget:
        wb = self.wb
        self.quiet = Quiet()
        style = {"description_width": "11em"}
        self.meeting = w.Dropdown(description=_("Meeting"), options=self._meeting_options(),
                                  style=style, layout=w.Layout(width="38em"))
        latest = wb.latest_meeting()
        if latest is not None:
            self.meeting.value = latest.id
        # Narrowing the list to one owner or partner: two dropdowns of thousands at size,
        # made when the section is first opened.
        self.filter_section, self.filters = folded(self, _("Filter the list"),
                                                   lambda: _Filters(self))
        self.editor = EditPanel(
            self, ActionItem, ["organisation_id", "action", "owner_id", "due_on", "status",
                               "done_on", "notes"],
            choices=self._action_choices, picker_label=_("Action"),
            new_label=_("(a new action)"), add_label=_("Add action"), select_added=False,
            fixed=lambda: {"meeting_id": self.meeting.value},
            labels={"organisation_id": _("Partner"), "owner_id": _("Who"),
                    "due_on": _("When (due)"),
                    "done_on": _("Done on")},
            options={"organisation_id": lambda: [(_("(none)"), None),
                                                 *organisation_options(wb)],
                     # Nobody is picked for the room by default: the group names the owner.
                     "owner_id": lambda: [(_(NOBODY_YET), None), *people_options(wb)]})
        self.partner_from_who = PartnerFromWho(self, self.editor)
        self.new_status = w.Dropdown(description=_("New status"), style=style,
                                     options=[(t, k) for k, t in
                                              reference.ACTION_STATUSES.items()])
        self.status_button = w.Button(description=_("Set status"), icon="check-square",
                                      tooltip=_("Done records today as the day it was done"))
        self.on_click(self.status_button, self.set_status)
        self.observe(self.meeting, self._filters_changed)
        self.carried = w.HTML()
        self.agreed = w.HTML()
        self.table = w.HTML()
        self._draw()
        return w.VBox([
            self.meeting,
            heading(_("Add an action, or pick one to change"), 3), self.editor.widget,
            w.HBox([self.new_status, self.status_button]),
            self.filter_section,
            heading(_("Carried over into this meeting"), 3), self.carried,
            heading(_("Agreed at this meeting"), 3), self.agreed,
            heading(_("Every action"), 3), self.table,
        ])

    # -- options ------------------------------------------------------------------------

    def _meeting_options(self) -> list[tuple[str, int | None]]:
        return [(_("(no meeting)"), None), *meeting_options(self.wb)]

    def _owner_filter_options(self) -> list[tuple[str, int | None]]:
        return [(_("(everyone)"), None), *people_options(self.wb)]

    def _partner_filter_options(self) -> list[tuple[str, int | None]]:
        return [(_("(every partner)"), None), *organisation_options(self.wb)]

    @property
    def owner_filter(self) -> w.Dropdown:
        """"Show owner" (the filter section is built if it was not)."""
        return self.filters.owner

    @property
    def partner_filter(self) -> w.Dropdown:
        """"Show partner" (the filter section is built if it was not)."""
        return self.filters.partner

    def _action_choices(self) -> list[tuple[str, int | None]]:
        people = names(self.wb, Person)
        # Worded once for the thousands of lines, not looked up for each.
        line = _("{action} ({owner}, {status})")
        statuses = {key: reference.ACTION_STATUSES[key].lower()
                    for key in reference.ACTION_STATUSES}
        return [(line.format(action=cut(a.action, 60), owner=people.get(a.owner_id, "?"),
                             status=statuses[a.status]), a.id)
                for a in sorted(self.filtered(), key=_order)]

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()

    def filtered(self) -> list[ActionItem]:
        """Every action that passes the owner and partner filters (none while the filter
        section was never opened)."""
        owner, partner = ((self.filters.owner.value, self.filters.partner.value)
                          if self.filters.built else (None, None))
        return [a for a in self.wb.all(ActionItem)
                if (owner is None or a.owner_id == owner)
                and (partner is None or a.organisation_id == partner)]

    def carried_over(self, actions: list[ActionItem] | None = None) -> list[ActionItem]:
        """Actions agreed before the picked meeting and still open on its day.

        Which ones carry over is ``analyses.carried_over``'s answer (overdue ones first);
        the owner and partner filters apply to it.
        """
        picked = self.meeting.value
        if picked is None:
            return []
        # The plain rows, not the DataFrame (nor pandas): their order and ids are enough.
        from ...analyses.actions import carried_over_rows

        carried = carried_over_rows(self.wb, picked)
        shown = {a.id: a for a in (self.filtered() if actions is None else actions)}
        return [shown[row.action_id] for row in carried if row.action_id in shown]

    def _filters_changed(self, _change: Any) -> None:
        if self.quiet:
            return
        with self.quiet:
            self.editor.refresh_options()
        self._draw()

    def _draw(self) -> None:
        wb = self.wb
        orgs, people = names(wb, Organisation), names(wb, Person)
        meetings = {m.id: m for m in wb.all(Meeting)}
        today = self.today()
        actions = sorted(self.filtered(), key=_order)

        def table(items: list[ActionItem], caption: str, empty: str) -> str:
            # Rows are made for the lines drawn only; the rest are counted beneath.
            rows, classes = action_rows(items[:TABLE_ROWS], orgs=orgs, people=people,
                                        meetings=meetings, today=today)
            more = (_("<p>Showing {count:,} of {count2:,} rows; narrow the filter to see the "
                      "others.</p>").format(
                          count=len(rows), count2=len(items)) if len(items) > len(rows) else "")
            return html_table([_(h) for h in HEADERS], rows, caption=caption, empty=empty,
                              row_classes=classes) + more

        late = sum(a.is_overdue(today) for a in actions)
        summary = (_("<p>{count:,} actions, {sum:,} open, <strong>{late:,} "
                     "OVERDUE</strong>.</p>").format(
                         count=len(actions), sum=sum(a.is_open for a in actions),
                         late=late) if late else
                   _("<p>{count:,} actions, {sum:,} open, none overdue.</p>").format(
                       count=len(actions), sum=sum(a.is_open for a in actions)))
        self.table.value = summary + table(actions, _("Every action (open ones first)"),
                                           _("No action matches; add one above."))
        picked = self.meeting.value
        if picked is None:
            self.carried.value = _("<p>Pick a meeting to see what carries over into it.</p>")
            self.agreed.value = ""
            return
        self.carried.value = table(self.carried_over(actions),
                                   _("Open actions from earlier meetings"),
                                   _("Nothing carried over: every earlier action is closed."))
        self.agreed.value = table([a for a in actions if a.meeting_id == picked],
                                  _("Actions agreed at this meeting"),
                                  _("No action agreed at this meeting yet."))

    def refresh(self) -> None:
        self.editor.refresh_options()
        with self.quiet:
            set_options(self.meeting, self._meeting_options())
            if self.filters.built:
                set_options(self.filters.owner, self._owner_filter_options())
                set_options(self.filters.partner, self._partner_filter_options())
        self._draw()

    # -- changing -------------------------------------------------------------------------

    def set_status(self) -> ActionItem | None:
        """Give the picked action a new status; done records today, other statuses clear it."""
        action_id = self.editor.entity_id
        if action_id is None:
            self.status.error(_("Pick an action first; nothing was changed."))
            return None
        status = self.new_status.value
        shown = self.editor.shown.get("status")
        # A second "done" keeps the day it was first done.
        done_on = (self.editor.shown.get("done_on") or self.today()) if status == "done" else None
        changes = {"status": status, "done_on": done_on}
        stored = self.run(
            lambda: self.wb.update(ActionItem, action_id, changes, expected={"status": shown}),
            done=lambda a: _("“{action}” is now {lower}.").format(
                action=a.action, lower=reference.ACTION_STATUSES[a.status].lower()),
            form=self.editor.form)
        if stored is not None:
            self.editor.refresh_options()
            self.editor.load(action_id)
        return stored
