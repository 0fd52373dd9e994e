"""Carry-over: the open actions of earlier meetings, reviewed one at a time.

The panel shows the next action to review (what, who, by when, from which meeting) and
three answers: done; still open, with a new date; dropped, with a reason. Each answer is
stored at once, with what the action was before, and the next action comes up.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from ...i18n import _, format_date, ngettext
from ...model import REVIEW_OUTCOMES, ActionItem, Meeting, Person
from ...reference import ACTION_STATUSES
from ..widgets.base import View, heading
from ..widgets.reads import names
from ..widgets.tables import html_table

__all__ = ["CarryOverPanel"]

_STYLE = {"description_width": "11em"}


class CarryOverPanel:
    """Review earlier actions at the meeting a view has picked."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.meeting_id: int | None = None
        self.action_id: int | None = None
        self.intro = w.HTML()
        self.current = w.HTML()
        self.new_due = w.DatePicker(description=_("New due date"), style=_STYLE)
        self.reason = w.Text(description=_("Reason it is dropped"), style=_STYLE,
                             layout=w.Layout(width="38em"), continuous_update=False)
        self.done_button = w.Button(description=_("Done"), icon="check", button_style="success")
        self.open_button = w.Button(description=_("Still open, new date"), icon="calendar")
        self.drop_button = w.Button(description=_("Drop it"), icon="times")
        self.reviewed = w.HTML()
        view.on_click(self.done_button, lambda: self.review("done"))
        view.on_click(self.open_button, lambda: self.review("still_open"))
        view.on_click(self.drop_button, lambda: self.review("dropped"))
        self.answers = w.VBox([self.new_due, self.reason,
                               w.HBox([self.done_button, self.open_button, self.drop_button])])
        self.widget = w.VBox([heading(_("Actions from earlier meetings"), 3), self.intro,
                              self.current, self.answers, self.reviewed])

    def load(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def refresh(self) -> None:
        wb = self.view.wb
        if self.meeting_id is None:
            self.intro.value = self.current.value = self.reviewed.value = ""
            self.action_id = None
            self.answers.layout.display = "none"
            return
        waiting = wb.actions_to_review(self.meeting_id)
        reviews = wb.reviews(self.meeting_id)
        people = names(wb, Person)
        meetings = {m.id: m for m in wb.all(Meeting)}
        self.intro.value = (ngettext(
            "<p>{count} open action from earlier meetings to review; {reviewed} reviewed.</p>",
            "<p>{count} open actions from earlier meetings to review; {reviewed} reviewed.</p>",
            len(waiting)).format(count=len(waiting), reviewed=len(reviews)))
        action = waiting[0] if waiting else None
        self.action_id = action.id if action is not None else None
        self.answers.layout.display = None if action is not None else "none"
        if action is None:
            self.current.value = (_("<p>Every open action from earlier meetings has been "
                                  "reviewed.</p>") if reviews else
                                  _("<p>No open action from an earlier meeting.</p>"))
        else:
            origin = meetings.get(action.meeting_id)
            self.current.value = html_table(
                [_("Action"), _("Owner"), _("Due"), _("Agreed at")],
                [(action.action, people.get(action.owner_id, "–"),
                  format_date(action.due_on, "medium") if action.due_on else _("no date"),
                  format_date(origin.held_on, "medium") if origin else "–")],
                caption=_("The action to review now"))
            self.new_due.value = None
            self.reason.value = ""
        actions = {r.action_id: wb.get(ActionItem, r.action_id) for r in reviews}
        self.reviewed.value = html_table(
            [_("Action"), _("Outcome"), _("Before"), _("New date"), _("Reason")],
            [(actions[r.action_id].action, REVIEW_OUTCOMES[r.outcome],
              _("{replace}, due {value}").format(
                  replace=ACTION_STATUSES.get(r.previous_status, r.previous_status),
                  value=format_date(r.previous_due_on,
                                    "medium") if r.previous_due_on else _("no date")),
              format_date(r.new_due_on, "medium") if r.new_due_on else "–", r.reason or "–")
             for r in reviews],
            caption=_("Reviewed at this meeting"), empty="")

    def review(self, outcome: str) -> None:
        """Store what became of the action on screen; the next one comes up."""
        if self.meeting_id is None or self.action_id is None:
            self.view.status.error(_("There is no action to review."))
            return
        meeting_id, action_id = self.meeting_id, self.action_id
        new_due: dt.date | None = self.new_due.value if outcome == "still_open" else None
        reason = self.reason.value if outcome == "dropped" else ""
        self.view.run(lambda: self.view.wb.review_action(meeting_id, action_id, outcome,
                                                         new_due_on=new_due, reason=reason),
                      done=_("Reviewed: {lower}.").format(lower=REVIEW_OUTCOMES[outcome].lower()))
        self.refresh()
