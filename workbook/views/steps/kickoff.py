"""Step 1, kickoff: a meeting with an objective, who is at the table, and what each side gains.

Nothing but the meeting form is enabled until a meeting exists and is picked (a stored
meeting always has an objective: the model refuses one without). Then: attendance, ticked
per person and grouped by organisation, with a quick "add a person" for newcomers; each
organisation's "what we bring / what we need" side by side; the open actions of earlier
meetings to review; the timed agenda with its countdown; the decision log; notes; and the
anonymous evaluation at the close. Every tick and every save is stored at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import ipywidgets as w

from ...i18n import N_, _, format_date
from ...model import Meeting
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.lazy import LazySection
from ..widgets.pickers import (
    Quiet,
    meeting_options,
)
from .attendance_panel import AttendancePanel
from .offers_panel import OffersPanel

if TYPE_CHECKING:  # the folded sections' panels are imported when first opened
    from .attendance_import import AttendanceImportPanel
    from .carryover_panel import CarryOverPanel
    from .decisions_panel import DecisionsPanel
    from .evaluation_panel import EvaluationPanel
    from .timebox_panel import TimeBoxPanel

__all__ = ["KickoffView"]


def _set_disabled(widget: w.Widget, disabled: bool) -> None:
    """Disable (or enable) every input in a widget tree."""
    if "disabled" in widget.trait_names():
        widget.disabled = disabled
    for child in getattr(widget, "children", ()):
        _set_disabled(child, disabled)


class KickoffView(View):
    """A meeting, its attendance, what partners bring and need, decisions and notes."""

    title = N_("Kickoff: who is at the table and what each side gains")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.export_button = w.Button(description=_("Export summary for partners"),
                                      icon="file-export",
                                      tooltip=_("Write this meeting's summary as an HTML file"))
        self.on_click(self.export_button, self.export_summary)
        self.meeting_id: int | None = None

        # Attendance and brings/needs: panels shared with the meeting view.
        self.attendance = AttendancePanel(self, lambda: self.meeting_id)
        self.offers = OffersPanel(self, lambda: self.meeting_id)
        # The names the tests and the browser checks know these widgets by.
        self.attendance_note, self.attendance_box = self.attendance.note, self.attendance.box
        self.names = self.attendance.names
        self.person_form, self.org_form = self.attendance.person_form, self.attendance.org_form
        self.person_org = self.attendance.person_org
        self.person_fix, self.person_editor = (self.attendance.person_fix,
                                               self.attendance.person_editor)
        self.add_person_button = self.attendance.add_person_button
        self.offers_table, self.offer_panel = self.offers.table, self.offers.editor

        # The meeting's decisions and notes.
        self.record_panel = EditPanel(self, Meeting, ["notes"],
                                      labels={"notes": _("Notes")},
                                      save_label=_("Save notes"))
        self.record_panel.form.inputs["notes"].rows = 6

        # Folded sections, each built the first time it is opened (or reached from code),
        # its module imported then too: a meeting that never opens the decision log does
        # not pay for it, nor the notebook's start for the attendance readers, the
        # countdown's anywidget or the evaluation's analyses.
        self._locked = True
        self.attendance_import: LazySection[AttendanceImportPanel] = LazySection(
            self, _("Attendance from Zoom or Teams"), self._attendance_import,
            on_built=self._built_locked)
        # The meeting itself: earlier actions, time boxes, decisions, the evaluation.
        self.carry_over: LazySection[CarryOverPanel] = LazySection(
            self, _("Actions from earlier meetings"), self._carry_over,
            on_built=self._built_locked)
        self.time_boxes: LazySection[TimeBoxPanel] = LazySection(
            self, _("Time boxes"), self._time_boxes, on_built=self._built_locked)
        self.decisions: LazySection[DecisionsPanel] = LazySection(
            self, _("Decisions"), self._decisions, on_built=self._built_locked)
        self.evaluation: LazySection[EvaluationPanel] = LazySection(
            self, _("How did this meeting go?"), self._evaluation,
            on_built=self._built_locked)
        self.room_panels = (self.carry_over, self.time_boxes, self.decisions, self.evaluation)

        self.after_meeting = w.VBox([
            heading(_("Who is here"), 3), self.attendance.ticks,
            self.attendance_import.widget,
            heading(_("Add a person"), 3), self.attendance.add_box, self.person_fix,
            self.offers.widget,
            self.carry_over.widget, self.time_boxes.widget, self.decisions.widget,
            heading(_("Notes"), 3), self.record_panel.widget, self.evaluation.widget,
            self.export_button])
        self.locked_note = w.HTML()

        # A planned meeting is started here: it becomes the meeting being held, dated today.
        self.start_planned = w.Button(description=_("Start this planned meeting now"),
                                      icon="play", button_style="primary",
                                      layout=w.Layout(display="none"))
        self.on_click(self.start_planned, self.start_planned_meeting)
        # Today's planned meeting if there is one (to start it), else the one last held.
        today = dt.date.today()
        upcoming = self.wb.next_meeting(today)
        first = upcoming if upcoming is not None and upcoming.held_on == today else \
            self.wb.latest_meeting()
        # The meeting itself; built last because picking one fills the sections above.
        # It opens on ``first`` (loaded once: the sections are drawn for it, not for
        # "(start a new meeting)" first).
        self.meeting_panel = EditPanel(
            self, Meeting, ["held_on", "kind_of", "objective", "location", "agenda"],
            labels={"held_on": _("Date"), "kind_of": _("Kind of meeting"),
                    "agenda": _("Agenda (one item per line)")},
            defaults={"kind_of": "kickoff"}, choices=self._meeting_options,
            picker_label=_("Meeting"), new_label=_("(start a new meeting)"),
            add_label=_("Start the meeting"), on_load=self._meeting_loaded,
            label=lambda m: _("the meeting of {date}").format(
                date=format_date(getattr(m, "held_on", None))),
            initial=first.id if first is not None else None)
        # Loading the meeting drew attendance (everyone listed) and the room panels; the
        # newcomer's pickers and the brings and needs are drawn once.
        self.attendance.refresh_pickers()
        self.offers.draw()
        return w.VBox([heading(_("The meeting"), 3), self.meeting_panel.widget,
                       self.start_planned, self.locked_note, self.after_meeting])

    def start_planned_meeting(self) -> None:
        """Turn the planned meeting picked above into the meeting being held today."""
        started = self.run(lambda: self.wb.start_meeting(self.meeting_id),
                           done=lambda m: _("Started: the meeting of {date} is the one "
                                            "being held now.").format(
                                                date=format_date(m.held_on, "medium")))
        if started is not None:
            self.meeting_panel.refresh_options()
            self.meeting_panel.load(started.id)

    @property
    def boxes(self) -> dict[Hashable, w.Checkbox]:
        """The attendance tick boxes on the page shown, by person id."""
        return self.attendance.boxes

    # -- the folded sections' panels, imported when first built ----------------------------

    def _attendance_import(self) -> AttendanceImportPanel:
        from .attendance_import import AttendanceImportPanel

        return AttendanceImportPanel(self, lambda: self.meeting_id)

    def _carry_over(self) -> CarryOverPanel:
        from .carryover_panel import CarryOverPanel

        return CarryOverPanel(self)

    def _time_boxes(self) -> TimeBoxPanel:
        from .timebox_panel import TimeBoxPanel

        return TimeBoxPanel(self)

    def _decisions(self) -> DecisionsPanel:
        from .decisions_panel import DecisionsPanel

        return DecisionsPanel(self)

    def _evaluation(self) -> EvaluationPanel:
        from .evaluation_panel import EvaluationPanel

        return EvaluationPanel(self)

    # -- the meeting -------------------------------------------------------------------

    def _meeting_options(self) -> list[tuple[str, int | None]]:
        return meeting_options(self.wb, with_kind=True)

    def meeting_shown(self) -> Meeting | None:
        """The meeting picked in the meeting panel (None while starting a new one)."""
        if self.meeting_id is None:
            return None
        return next(iter(self.wb.all(Meeting, id=self.meeting_id)), None)

    def _built_locked(self, panel: object) -> None:
        """A folded section built just now: locked like the rest while no meeting is held."""
        if self._locked:
            _set_disabled(panel.widget, True)  # type: ignore[attr-defined]

    def _meeting_loaded(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.update_context()
        shown = self.meeting_shown()
        planned = shown is not None and shown.is_planned
        self.start_planned.layout.display = None if planned else "none"
        self._locked = meeting_id is None or planned
        _set_disabled(self.after_meeting, self._locked)
        self.locked_note.value = "" if meeting_id is not None and not planned else (
            _('<p class="pwb-warn" role="status">⚠ This meeting is planned: start it when it '
            "meets (the button above) to take attendance, brings and needs, decisions and "
            "notes.</p>") if planned else
            _('<p class="pwb-warn" role="status">⚠ Start the meeting (a date and an objective) '
            "or pick one above: attendance, brings and needs, decisions and notes open "
            "once there is a meeting.</p>"))
        self.record_panel.load(meeting_id)
        for panel in self.room_panels:
            panel.load(meeting_id)
        self.attendance.sync()
        if meeting_id is not None:
            self.attendance._org_picked(None)

    def export_summary(self) -> None:
        """Write the picked meeting's summary (``workbook.export``) and show the path."""
        from ...export import export_summary

        if self.meeting_id is None:
            self.status.error(_("Start or pick a meeting first; nothing was exported."))
            return
        meeting_id = self.meeting_id
        path = self.run(lambda: export_summary(self.wb, meeting_id),
                        done=lambda path: _("Summary written to {path}").format(path=path))
        if path is not None:
            self.show_file(path, _("Open the summary"))

    # -- refreshing ------------------------------------------------------------------------

    def _refresh_people(self) -> None:
        self.attendance.refresh_people()
        self.offers.editor.refresh_options()

    def parts(self) -> dict[str, tuple[frozenset[str] | None, Callable[[], None]]]:
        """Each section and the store kinds it shows (see ``View.refresh_kinds``)."""
        return {
            "meetings": (frozenset({"meeting"}), self.meeting_panel.refresh_options),
            "people": (frozenset({"person", "organisation"}), self._refresh_people),
            "attendance": (frozenset({"person", "organisation", "attendance"}),
                           self.attendance.sync_ticks),
            "offers": (frozenset({"organisation", "attendance"}), self.offers.draw),
            "carry_over": (frozenset({"action", "action_review", "meeting", "person"}),
                           self.carry_over.refresh),
            "time_boxes": (frozenset({"agenda_item", "meeting"}), self.time_boxes.refresh),
            "decisions": (frozenset({"decision", "decision_stance", "agenda_item", "person",
                                     "meeting"}), self.decisions.refresh),
            "evaluation": (frozenset({"evaluation"}), self.evaluation.refresh),
        }

    def refresh(self) -> None:
        self.meeting_panel.refresh_options()
        self.attendance.refresh()
        self.offers.refresh()
        for panel in getattr(self, "room_panels", ()):
            panel.refresh()
