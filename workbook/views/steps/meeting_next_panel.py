"""Planning the next meeting before the room breaks up: date, objective, place, agenda.

The meeting view's last activity. If a meeting after this one is stored, it is shown to
correct; otherwise the form proposes one four weeks on, with an agenda drafted from what
is still open (the actions to review) and the usual opening and closing items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from ...i18n import _
from ...model import ActionItem, Meeting
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.pickers import meeting_label

__all__ = ["MeetingNextPanel", "draft_agenda"]

WEEKS_APART = 4


def draft_agenda(open_actions: int) -> tuple[str, ...]:
    """Agenda lines for the next meeting: welcome, the open actions, evaluation, planning."""
    actions = (f"Actions: review the {open_actions} open ones and agree new ones"
               if open_actions else "Actions: agree who does what next")
    return ("Welcome and introductions", actions, "Decision", "Evaluation",
            "Plan the next meeting")


class MeetingNextPanel:
    """The meeting after ``meeting()``: planned here, or corrected if already planned."""

    def __init__(self, view: View, meeting: Callable[[], int | None]) -> None:
        self.view = view
        self.meeting = meeting
        self.intro = w.HTML()
        self.editor = EditPanel(
            view, Meeting, ["held_on", "starts_at", "objective", "location", "agenda"],
            choices=self._later, picker_label="Next meeting",
            new_label="(plan a new meeting)", add_label="Plan the next meeting",
            save_label="Save the next meeting",
            labels={"held_on": "Date", "starts_at": _("Start time (HH:MM)"),
                    "location": "Place or join link",
                    "agenda": "Agenda (one item per line)"},
            on_load=self._loaded, on_saved=lambda _m: self._say(),
            fixed=lambda: {"status": "planned"},
            label=lambda m: f"the meeting of {getattr(m, 'held_on', '')}")
        self.editor.form.inputs["agenda"].rows = 5
        self.editor.history_box.layout.display = "none"
        self.widget = w.VBox([heading("When do we meet next?", 3), self.intro,
                              self.editor.widget])

    def _later(self) -> list[tuple[str, int | None]]:
        here = self._here()
        if here is None:
            return []
        later = sorted((m for m in self.view.wb.all(Meeting)
                        if (m.held_on, m.id or 0) > (here.held_on, here.id or 0)),
                       key=lambda m: (m.held_on, m.id or 0))
        return [(meeting_label(m), m.id) for m in later]

    def _here(self) -> Meeting | None:
        meeting_id = self.meeting()
        return self.view.wb.get(Meeting, meeting_id) if meeting_id is not None else None

    def _loaded(self, meeting_id: int | None) -> None:
        here = self._here()
        if meeting_id is not None or here is None or not hasattr(self, "editor"):
            return
        open_actions = sum(1 for a in self.view.wb.all(ActionItem) if a.is_open)
        form = self.editor.form
        form.inputs["held_on"].value = here.held_on + dt.timedelta(weeks=WEEKS_APART)
        form.inputs["location"].value = here.location
        form.inputs["starts_at"].value = here.starts_at  # the usual hour, as a proposal
        form.inputs["agenda"].value = "\n".join(draft_agenda(open_actions))

    def load(self, _meeting_id: int | None = None) -> None:
        """Show the first meeting planned after this one, or a proposal for it."""
        later = self._later()
        self.editor.refresh_options()
        self.editor.load(later[0][1] if later else None)
        self._say()

    def _say(self) -> None:
        self.intro.value = (
            "<p>The next meeting is planned; correct it here if the room changes it.</p>"
            if self.editor.entity_id is not None else "<p>Agree the date, the objective and "
            "the place before the room breaks up; the agenda below is a draft from what is "
            "still open.</p>")

    def refresh(self) -> None:
        self.editor.refresh_options()
        self._say()
