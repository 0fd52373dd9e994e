"""Who is at the table: one tick per person, grouped by organisation, and "add a person".

Shared by the kickoff view and the meeting view. Each tick is stored at once (present or
not) and the confirmation appears right by the tick; a newcomer is added with their
organisation (a new one too) and marked present in one click. A name typed wrong is
corrected or removed in the correction panel below.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ... import reference
from ...model import Organisation, Person
from ..widgets.base import View, close_tree, heading
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import Quiet, organisation_options, people_options, set_options

__all__ = ["NEW_ORGANISATION", "AttendancePanel"]

NEW_ORGANISATION = "(a new organisation)"


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


class AttendancePanel:
    """Attendance of the meeting ``meeting()`` names, for ``view``; ``sync()`` redraws it.

    ``ticks`` (the count and the tick boxes) and ``add_box`` (the newcomer form) are the two
    halves a view may lay out as it likes; ``widget`` has both, with headings.
    """

    def __init__(self, view: View, meeting: Callable[[], int | None]) -> None:
        self.view = view
        self.meeting = meeting
        self.quiet = Quiet()
        self.note = w.HTML()
        self.box = w.VBox()
        self.box.add_class("pwb-att-groups")
        self.boxes: dict[int | None, w.Checkbox] = {}
        self.names: dict[int | None, str] = {}
        self._box_handlers: list[tuple[w.Checkbox, Callable[[Any], None]]] = []
        view._closers.append(self._drop_boxes)

        wb = view.wb
        self.person_form = EntityForm(wb, Person, ["name", "role"])
        # A name typed wrong, or a person added twice: corrected or removed here.
        self.person_fix, self.person_editor = correction_panel(
            view, Person, ["name", "role", "organisation_id", "email"],
            lambda: people_options(self.view.wb), title="Correct or remove a person",
            picker_label="Person", labels={"organisation_id": "Works at"},
            options={"organisation_id": lambda: [("(none)", None),
                                                 *organisation_options(self.view.wb)]})
        self.person_org = w.Dropdown(description="Organisation", options=[],
                                     style={"description_width": "11em"},
                                     layout=w.Layout(width="100%", max_width="38em"))
        self.org_form = EntityForm(wb, Organisation, ["name", "partner_type"],
                                   labels={"name": "New organisation"})
        self._router = _FormRouter(self.person_form, self.org_form)
        self.add_person_button = w.Button(description="Add and mark present", icon="user-plus",
                                          button_style="primary")
        view.observe(self.person_org, self._org_picked)
        view.on_click(self.add_person_button, self.add_person)
        self.ticks = w.VBox([self.note, self.box])
        self.add_box = w.VBox([self.person_form.widget, self.person_org, self.org_form.widget,
                               self.add_person_button])
        self.widget = w.VBox([heading("Who is here", 3), self.ticks,
                              heading("Add a person", 3), self.add_box, self.person_fix])
        view._closers.append(lambda: close_tree(self.widget))  # laid out apart, or not at all

    # -- the tick boxes ------------------------------------------------------------------

    def _drop_boxes(self) -> None:
        for box, handler in self._box_handlers:
            box.unobserve(handler, names="value")
            close_tree(box)
        self._box_handlers.clear()
        self.boxes.clear()
        self.names.clear()

    def _build_boxes(self, people: list[Person], orgs: dict[int | None, Organisation]) -> None:
        self._drop_boxes()
        groups: dict[int | None, list[Person]] = {}
        for person in people:
            groups.setdefault(person.organisation_id, []).append(person)
        order = [o.id for o in sorted(orgs.values(), key=lambda o: (
            o.partner_type != reference.OWN, o.name.casefold())) if o.id in groups]
        rows: list[w.Widget] = []
        for org_id in [*order, *([None] if None in groups else [])]:
            org = orgs.get(org_id) if org_id is not None else None
            title = (f"{org.name} ({reference.PARTNER_TYPES[org.partner_type]})" if org
                     else "No organisation")
            boxes = []
            for person in sorted(groups[org_id], key=lambda p: p.name.casefold()):
                label = f"{person.name}, {person.role}" if person.role else person.name
                box = w.Checkbox(description=label, indent=False,
                                 layout=w.Layout(width="24em"))

                def handler(change: Any, person_id: int | None = person.id,
                            box: w.Checkbox = box) -> None:
                    self.view.place_status(box)  # "✓ … is marked present" by the tick
                    self._toggle(person_id, change.new)
                    self.view.place_status(box, only_if_lost=True)

                box.observe(handler, names="value")
                self._box_handlers.append((box, handler))
                self.boxes[person.id] = box
                self.names[person.id] = person.name
                boxes.append(box)
            group = w.VBox([w.HTML(f"<strong>{html.escape(title)}</strong>"),
                            w.Box(boxes, layout=w.Layout(flex_flow="row wrap"))])
            group.add_class("pwb-att-group")
            rows.append(group)
        old = self.box.children
        self.box.children = rows
        for widget in old:
            close_tree(widget)

    def sync(self) -> None:
        """Tick exactly the people stored as present; rebuild only when people changed."""
        wb, meeting_id = self.view.wb, self.meeting()
        people = wb.all(Person)
        orgs = {o.id: o for o in wb.all(Organisation)}
        if set(self.boxes) != {p.id for p in people}:
            with self.quiet:
                self._build_boxes(people, orgs)
        present = ({p.id for p in wb.attendees(meeting_id)}
                   if meeting_id is not None else set())
        with self.quiet:
            for person_id, box in self.boxes.items():
                box.value = person_id in present
                box.disabled = meeting_id is None
        employers = sum(1 for p in people if p.id in present
                        and p.organisation_id in orgs and orgs[p.organisation_id].is_employer)
        self.note.value = (
            f"<p>{len(present)} marked present, {employers} of them from employers. Tick "
            "each person in the room; a tick is saved at once.</p>" if people else
            "<p>No people yet: add the first ones below.</p>")

    def _toggle(self, person_id: int | None, present: bool) -> None:
        meeting_id = self.meeting()
        if self.quiet or meeting_id is None:
            return
        wb = self.view.wb
        name = self.names.get(person_id, "This person")
        if present:
            self.view.run(lambda: wb.add_attendee(meeting_id, person_id),
                          done=f"{name} marked present.")
        else:
            self.view.run(lambda: wb.remove_attendee(meeting_id, person_id),
                          done=f"{name} is no longer marked present.")
        self.sync()  # also after a refusal: the boxes show what is stored

    # -- a newcomer ------------------------------------------------------------------------

    def _org_picked(self, _change: Any) -> None:
        if self.quiet:
            return
        new = self.person_org.value is None
        self.org_form.widget.layout.display = None if new else "none"

    def _org_options(self) -> list[tuple[str, Any]]:
        return [*organisation_options(self.view.wb), (NEW_ORGANISATION, None)]

    def add_person(self) -> None:
        """Store the person (and their new organisation) and mark them present."""
        meeting_id, org_id = self.meeting(), self.person_org.value
        if meeting_id is None:
            self.view.status.error("Start or pick a meeting first; nobody was added.")
            return
        wb = self.view.wb
        values = self.person_form.values()
        org_values = self.org_form.values()

        def action() -> Person:
            self._router.current = self.person_form
            Person(**values)  # checked before anything is stored
            target = org_id
            if target is None:
                self._router.current = self.org_form
                target = wb.add(Organisation(**org_values)).id
            self._router.current = self.person_form
            person = wb.add(Person(**values, organisation_id=target))
            wb.add_attendee(meeting_id, person.id)
            return person

        who = " ".join(str(values.get("name") or "").split()) or "a person"
        person = self.view.run(action, form=self._router, step=f"Add {who} and mark present",
                               done=lambda p: f"Added {p.name} and marked them present.")
        if person is not None:
            self.person_form.clear()
            self.org_form.clear()
            with self.quiet:
                set_options(self.person_org, self._org_options(), person.organisation_id)
            self._org_picked(None)

    def refresh(self) -> None:
        """Re-read people, organisations and who is present."""
        self.person_editor.refresh_options()
        self.person_form.wb = self.org_form.wb = self.view.wb
        with self.quiet:
            set_options(self.person_org, self._org_options())
        self._org_picked(None)
        self.sync()
