"""Actions in the meeting: earlier ones reviewed one at a time, new ones agreed.

The meeting view's "actions" activity: the carry-over review (``CarryOverPanel``, the
kickoff's own) beside a short form for a new action of this meeting (partner, what, who,
by when) and the table of the actions agreed so far, drawn by the action plan's
``action_rows``. Everything else about actions stays in the action plan notebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from ...i18n import _
from ...model import ActionItem, Meeting, Organisation, Person
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.pickers import cut, organisation_options, people_options
from ..widgets.tables import html_table
from .action_partner import PartnerFromWho
from .actions import HEADERS, NOBODY_YET, action_rows
from .carryover_panel import CarryOverPanel

__all__ = ["AGREED_COLUMNS", "MeetingActionsPanel"]

AGREED_COLUMNS = (1, 2, 0, 3)
"""The columns of ``actions.HEADERS`` the meeting's table shows: action, who, partner, due."""


class MeetingActionsPanel:
    """Review earlier actions and agree new ones at the meeting ``meeting()`` names."""

    def __init__(self, view: View, meeting: Callable[[], int | None]) -> None:
        self.view = view
        self.meeting = meeting
        self.carry_over = CarryOverPanel(view)
        self.editor = EditPanel(
            view, ActionItem, ["action", "owner_id", "organisation_id", "due_on"],
            choices=self._choices, picker_label=_("Action"), new_label=_("(a new action)"),
            add_label=_("Add action"), select_added=False,
            fixed=lambda: {"meeting_id": self.meeting()},
            labels={"organisation_id": _("Partner"), "owner_id": _("Who"),
                    "due_on": _("When (due)")},
            options={"organisation_id": lambda: [(_("(none)"), None),
                                                 *organisation_options(self.view.wb)],
                     "owner_id": lambda: [(_(NOBODY_YET), None), *people_options(self.view.wb)]})
        self.editor.history_box.layout.display = "none"
        self.partner_from_who = PartnerFromWho(view, self.editor)
        self.agreed = w.HTML()
        self.widget = w.VBox([
            self.carry_over.widget,
            heading(_("New actions: who does what, by when"), 3), self.editor.widget,
            self.agreed])

    def _choices(self) -> list[tuple[str, int | None]]:
        meeting_id = self.meeting()
        if meeting_id is None:
            return []
        return [(cut(a.action, 70), a.id)
                for a in self.view.wb.all(ActionItem, meeting_id=meeting_id)]

    def load(self, meeting_id: int | None) -> None:
        self.carry_over.load(meeting_id)
        self.refresh()

    def refresh(self) -> None:
        self.carry_over.refresh()
        self.editor.refresh_options()
        meeting_id = self.meeting()
        if meeting_id is None:
            self.agreed.value = ""
            return
        wb = self.view.wb
        actions = wb.all(ActionItem, meeting_id=meeting_id)
        rows, classes = action_rows(
            actions, orgs={o.id: o.name for o in wb.all(Organisation)},
            people={p.id: p.name for p in wb.all(Person)},
            meetings={m.id: m for m in wb.all(Meeting)}, today=dt.date.today())
        # Half the projector's width: the four columns the room agrees on (all of them are
        # agreed at this meeting, and still open), so the table fits without scrolling.
        self.agreed.value = html_table(
            [_(HEADERS[i]) for i in AGREED_COLUMNS], [[r[i] for i in AGREED_COLUMNS] for r in rows],
            caption=_("Actions agreed at this meeting"),
            empty=_("No action agreed at this meeting yet."), row_classes=classes)
