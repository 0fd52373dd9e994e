"""Step 1, kickoff: a meeting with an objective, who is at the table, and what each side gains.

Nothing but the meeting form is enabled until a meeting exists and is picked (a stored
meeting always has an objective: the model refuses one without). Then: attendance, ticked
per person and grouped by organisation, with a quick "add a person" for newcomers; each
organisation's "what we bring / what we need" side by side; the open actions of earlier
meetings to review; the timed agenda with its countdown; the decision log; notes; and the
anonymous evaluation at the close. Every tick and every save is stored at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import ipywidgets as w

from ... import reference
from ...model import Meeting, Organisation, Person
from ..widgets.base import View, heading
from ..widgets.checklist import Entry, PagedChecklist
from ..widgets.editing import EditPanel, correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import (
    Quiet,
    meeting_options,
    organisation_options,
    people_options,
    set_options,
)
from ..widgets.reads import stored
from ..widgets.tables import html_table
from .attendance_import import AttendanceImportPanel
from .carryover_panel import CarryOverPanel
from .decisions_panel import DecisionsPanel
from .evaluation_panel import EvaluationPanel
from .timebox_panel import TimeBoxPanel

__all__ = ["KickoffView"]

NEW_ORGANISATION = "(a new organisation)"
OFFER_ROWS = 60


def _set_disabled(widget: w.Widget, disabled: bool) -> None:
    """Disable (or enable) every input in a widget tree."""
    if "disabled" in widget.trait_names():
        widget.disabled = disabled
    for child in getattr(widget, "children", ()):
        _set_disabled(child, disabled)


class _FormRouter:
    """Puts the model's message under the form whose entity refused it."""

    def __init__(self, *forms: EntityForm) -> None:
        self.forms = forms
        self.current = forms[0]

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()

    def show_error(self, field: str, message: str) -> None:
        self.current.show_error(field, message)


class KickoffView(View):
    """A meeting, its attendance, what partners bring and need, decisions and notes."""

    title = "Kickoff: who is at the table and what each side gains"

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.export_button = w.Button(description="Export summary for partners",
                                      icon="file-export",
                                      tooltip="Write this meeting's summary as an HTML file")
        self.on_click(self.export_button, self.export_summary)
        self.meeting_id: int | None = None

        # Attendance: one tick per person, grouped by organisation; a search box and pages
        # once there are more people than fit on one page.
        self.attendance_note = w.HTML()
        self.attendance = PagedChecklist(self._ticked, noun="people")
        self.attendance_box = self.attendance.widget
        self.names: dict[Hashable, str] = {}
        self._orgs: list[Organisation] = []  # as last listed (people or organisations changed)
        self._employers: set[int | None] = set()
        self._closers.append(self.attendance.close)

        # Add a person (and, when new, their organisation).
        self.person_form = EntityForm(self.wb, Person, ["name", "role"])
        # A name typed wrong, or a person added twice: corrected or removed here.
        self.person_fix, self.person_editor = correction_panel(
            self, Person, ["name", "role", "organisation_id", "email"],
            lambda: people_options(self.wb), title="Correct or remove a person",
            picker_label="Person", labels={"organisation_id": "Works at"},
            options={"organisation_id": lambda: [("(none)", None),
                                                 *organisation_options(self.wb)]})
        self.person_org = w.Dropdown(description="Organisation", options=[],
                                     style={"description_width": "11em"},
                                     layout=w.Layout(width="38em"))
        self.org_form = EntityForm(self.wb, Organisation, ["name", "partner_type"],
                                   labels={"name": "New organisation"})
        self._router = _FormRouter(self.person_form, self.org_form)
        self.add_person_button = w.Button(description="Add and mark present", icon="user-plus",
                                          button_style="primary")
        self.observe(self.person_org, self._org_picked)
        self.on_click(self.add_person_button, self.add_person)

        # What each organisation brings and needs, side by side.
        self.offers_table = w.HTML()
        self.offer_panel = EditPanel(
            self, Organisation, ["brings", "needs"], picker_label="Organisation",
            choices=lambda: organisation_options(self.wb), horizontal=True,
            labels={"brings": "What it brings", "needs": "What it needs"},
            save_label="Save brings and needs")
        for box in self.offer_panel.form.inputs.values():
            box.layout.width = "33em"
            box.rows = 5

        # The meeting's decisions and notes.
        self.record_panel = EditPanel(self, Meeting, ["notes"],
                                      labels={"notes": "Notes"},
                                      save_label="Save notes")
        self.record_panel.form.inputs["notes"].rows = 6

        self.attendance_import = AttendanceImportPanel(self, lambda: self.meeting_id)
        # The meeting itself: earlier actions, time boxes, decisions, the evaluation.
        self.carry_over = CarryOverPanel(self)
        self.time_boxes = TimeBoxPanel(self)
        self.decisions = DecisionsPanel(self)
        self.evaluation = EvaluationPanel(self)
        self.room_panels = (self.carry_over, self.time_boxes, self.decisions, self.evaluation)

        self.after_meeting = w.VBox([
            heading("Who is here", 3), self.attendance_note, self.attendance_box,
            heading("Attendance from Zoom or Teams", 3), self.attendance_import.widget,
            heading("Add a person", 3), self.person_form.widget, self.person_org,
            self.org_form.widget, self.add_person_button, self.person_fix,
            heading("What each organisation brings and needs", 3), self.offers_table,
            self.offer_panel.widget,
            self.carry_over.widget, self.time_boxes.widget, self.decisions.widget,
            heading("Notes", 3), self.record_panel.widget, self.evaluation.widget,
            self.export_button])
        self.locked_note = w.HTML()

        # The meeting itself; built last because picking one fills the sections above.
        self.meeting_panel = EditPanel(
            self, Meeting, ["held_on", "kind_of", "objective", "location", "agenda"],
            labels={"held_on": "Date", "kind_of": "Kind of meeting",
                    "agenda": "Agenda (one item per line)"},
            defaults={"kind_of": "kickoff"}, choices=self._meeting_options,
            picker_label="Meeting", new_label="(start a new meeting)",
            add_label="Start the meeting", on_load=self._meeting_loaded,
            label=lambda m: f"the meeting of {getattr(m, 'held_on', '')}")
        latest = self.wb.latest_meeting()
        if latest is not None:  # the panel has just shown "(start a new meeting)"
            self.meeting_panel.load(latest.id)
        # Loading the meeting drew attendance and the room panels; the rest is drawn once.
        with self.quiet:
            set_options(self.person_org, self._person_org_options())
        self._org_picked(None)
        self._draw_offers()
        return w.VBox([heading("The meeting", 3), self.meeting_panel.widget,
                       self.locked_note, self.after_meeting])

    # -- the meeting -------------------------------------------------------------------

    def _meeting_options(self) -> list[tuple[str, int | None]]:
        return meeting_options(self.wb, with_kind=True)

    def _meeting_loaded(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        _set_disabled(self.after_meeting, meeting_id is None)
        self.locked_note.value = "" if meeting_id is not None else (
            '<p class="pwb-warn" role="status">⚠ Start the meeting (a date and an objective) '
            "or pick one above: attendance, brings and needs, decisions and notes open "
            "once there is a meeting.</p>")
        self.record_panel.load(meeting_id)
        for panel in self.room_panels:
            panel.load(meeting_id)
        self._sync_attendance()
        if meeting_id is not None:
            self._org_picked(None)

    # -- attendance ----------------------------------------------------------------------

    @property
    def boxes(self) -> dict[Hashable, w.Checkbox]:
        """The tick boxes of the people on the attendance page shown, by person id."""
        return self.attendance.boxes

    def _ticked(self, person_id: Hashable, present: bool, box: w.Checkbox) -> None:
        self.place_status(box)  # "✓ … is marked present" right by the tick
        self._toggle(person_id, present)  # type: ignore[arg-type]
        self.place_status(box, only_if_lost=True)

    def _entries(self, people: list[Person], orgs: dict[int | None, Organisation]
                 ) -> list[Entry]:
        """Everyone, grouped by organisation (ours first, then by name), by name within."""
        order = {o.id: (o.partner_type != reference.OWN, o.name.casefold())
                 for o in orgs.values()}
        last = (True, "\uffff")  # people of no (known) organisation come last

        def key(person: Person) -> tuple[Any, ...]:
            org_id = person.organisation_id if person.organisation_id in orgs else None
            return (order.get(org_id, last), org_id is None, org_id or 0,
                    person.name.casefold())

        entries = []
        for person in sorted(people, key=key):
            org = orgs.get(person.organisation_id)
            title = (f"{org.name} ({reference.PARTNER_TYPES[org.partner_type]})" if org
                     else "No organisation")
            label = f"{person.name}, {person.role}" if person.role else person.name
            entries.append(Entry(person.id, label, title, person.email or ""))
        return entries

    def _list_people(self) -> None:
        """List everyone in the attendance (read again only when people or organisations
        changed: a tick does not need it)."""
        people = stored(self.wb, Person)
        orgs = {o.id: o for o in stored(self.wb, Organisation)}
        self._orgs = list(orgs.values())
        self.names = {p.id: p.name for p in people}
        self._employers = {p.id for p in people if p.organisation_id in orgs
                           and orgs[p.organisation_id].is_employer}
        entries = self._entries(people, orgs)
        if entries != self.attendance.model.entries:
            self.attendance.model.set_entries(entries)

    def _sync_ticks(self) -> None:
        """Tick exactly the people stored as present (on the page shown)."""
        present = ({p.id for p in self.wb.attendees(self.meeting_id)}
                   if self.meeting_id is not None else set())
        self.attendance.checked = set(present)
        self.attendance.disabled = self.meeting_id is None
        self.attendance.draw()
        employers = len(present & self._employers)
        self.attendance_note.value = (
            f"<p>{len(present)} marked present, {employers} of them from employers. Tick "
            "each person in the room; a tick is saved at once.</p>" if self.names else
            "<p>No people yet: add the first ones below.</p>")

    def _sync_attendance(self) -> None:
        self._list_people()
        self._sync_ticks()

    def _toggle(self, person_id: int | None, present: bool) -> None:
        if self.quiet or self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        name = self.names.get(person_id, "This person")
        if present:
            self.run(lambda: self.wb.add_attendee(meeting_id, person_id),
                     done=f"{name} marked present.")
        else:
            self.run(lambda: self.wb.remove_attendee(meeting_id, person_id),
                     done=f"{name} is no longer marked present.")
        self._sync_ticks()  # also after a refusal: the boxes show what is stored

    def _org_picked(self, _change: Any) -> None:
        if self.quiet:
            return
        new = self.person_org.value is None
        self.org_form.widget.layout.display = None if new else "none"

    def export_summary(self) -> None:
        """Write the picked meeting's summary (``workbook.export``) and show the path."""
        from ...export import export_summary

        if self.meeting_id is None:
            self.status.error("Start or pick a meeting first; nothing was exported.")
            return
        meeting_id = self.meeting_id
        path = self.run(lambda: export_summary(self.wb, meeting_id),
                        done=lambda path: f"Summary written to {path}")
        if path is not None:
            self.show_file(path, "Open the summary")

    def add_person(self) -> None:
        """Store the person (and their new organisation) and mark them present."""
        meeting_id, org_id = self.meeting_id, self.person_org.value
        if meeting_id is None:
            self.status.error("Start or pick a meeting first; nobody was added.")
            return
        values = self.person_form.values()
        org_values = self.org_form.values()

        def action() -> Person:
            self._router.current = self.person_form
            Person(**values)  # checked before anything is stored
            target = org_id
            if target is None:
                self._router.current = self.org_form
                target = self.wb.add(Organisation(**org_values)).id
            self._router.current = self.person_form
            person = self.wb.add(Person(**values, organisation_id=target))
            self.wb.add_attendee(meeting_id, person.id)
            return person

        who = " ".join(str(values.get("name") or "").split()) or "a person"
        person = self.run(action, form=self._router, step=f"Add {who} and mark present",
                          done=lambda p: f"Added {p.name} and marked them present.")
        if person is not None:
            self.attendance.show_key(person.id)  # the newcomer's tick, on its page
            self.person_form.clear()
            self.org_form.clear()
            with self.quiet:
                set_options(self.person_org, self._person_org_options(), person.organisation_id)
            self._org_picked(None)

    # -- refreshing ------------------------------------------------------------------------

    def _person_org_options(self) -> list[tuple[str, Any]]:
        return [*organisation_options(self.wb), (NEW_ORGANISATION, None)]

    def _draw_offers(self) -> None:
        """Brings and needs of the organisations here today first, then ours, then by name;
        a large partnership's table stops at ``OFFER_ROWS`` rows (the panel below reaches
        every organisation)."""
        here = ({p.organisation_id for p in self.wb.attendees(self.meeting_id)}
                if self.meeting_id is not None else set())
        orgs = sorted(self._orgs, key=lambda o: (o.id not in here,
                                                 o.partner_type != reference.OWN,
                                                 o.name.casefold()))
        rows = [(o.name + (" (here today)" if o.id in here else ""),
                 reference.PARTNER_TYPES[o.partner_type], o.brings, o.needs) for o in orgs]
        self.offers_table.value = html_table(
            ["Organisation", "Partner type", "What it brings", "What it needs"], rows,
            caption="What each organisation brings and what it needs",
            empty="No organisations yet.", limit=OFFER_ROWS,
            more="pick an organization below to see or change what it brings and needs.")

    def _refresh_people(self) -> None:
        self._list_people()
        self.offer_panel.refresh_options()
        self.person_editor.refresh_options()
        self.person_form.wb = self.org_form.wb = self.wb
        with self.quiet:
            set_options(self.person_org, self._person_org_options())
        self._org_picked(None)

    def parts(self) -> dict[str, tuple[frozenset[str] | None, Callable[[], None]]]:
        """Each section and the store kinds it shows (see ``View.refresh_kinds``)."""
        return {
            "meetings": (frozenset({"meeting"}), self.meeting_panel.refresh_options),
            "people": (frozenset({"person", "organisation"}), self._refresh_people),
            "attendance": (frozenset({"person", "organisation", "attendance"}),
                           self._sync_ticks),
            "offers": (frozenset({"organisation", "attendance"}), self._draw_offers),
            "carry_over": (frozenset({"action", "action_review", "meeting", "person"}),
                           self.carry_over.refresh),
            "time_boxes": (frozenset({"agenda_item", "meeting"}), self.time_boxes.refresh),
            "decisions": (frozenset({"decision", "decision_stance", "agenda_item", "person",
                                     "meeting"}), self.decisions.refresh),
            "evaluation": (frozenset({"evaluation"}), self.evaluation.refresh),
        }

    def refresh(self) -> None:
        self.meeting_panel.refresh_options()
        self.offer_panel.refresh_options()
        self.person_editor.refresh_options()
        self.person_form.wb = self.org_form.wb = self.wb
        with self.quiet:
            set_options(self.person_org, self._person_org_options())
        self._org_picked(None)
        self._sync_attendance()
        self._draw_offers()
        for panel in getattr(self, "room_panels", ()):
            panel.refresh()
