"""Who is at the table: one tick per person, grouped by organisation, and "add a person".

Shared by the kickoff view and the meeting view. Each tick is stored at once (present or
not) and the confirmation appears right by the tick; past a page of people the list has a
Find box and pages (``widgets/checklist.py``), never a tick box per person; a newcomer is
added with their organisation (a new one too) and marked present in one click. A name typed wrong is
corrected or removed in the correction panel below.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _
from ...model import Organisation, Person
from ..widgets.base import View, close_tree, heading
from ..widgets.checklist import Entry, PagedChecklist
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import Quiet, organisation_options, people_options, set_options

__all__ = ["NEW_ORGANISATION", "AttendancePanel"]

NEW_ORGANISATION = N_("(a new organization)")
SHORT_TYPES = {"semi_public": N_("Semi-public")}
"""Kinds of organization named shorter over a column of ticks (the full name is in
``reference.PARTNER_TYPES``)."""


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
        self.checklist = PagedChecklist(self._ticked, noun=N_("people"),
                                        group_class="pwb-att-group")
        self.checklist.body.add_class("pwb-att-groups")
        # The columns inside a box of its own that scrolls: a list longer than the screen
        # scrolls there (columns given a height would run on sideways, out of sight).
        scroller = w.Box([self.checklist.body])
        scroller.add_class("pwb-att-scroll")
        scroller.add_class("pwb-scroll-box")
        self.checklist.widget.children = (self.checklist.controls, scroller)
        self.box = self.checklist.widget
        self.names: dict[Hashable, str] = {}  # updated in place: views share it
        self.employers: set[Hashable] = set()
        view._closers.append(self.checklist.close)

        wb = view.wb
        self.person_form = EntityForm(wb, Person, ["name", "role"])
        # A name typed wrong, or a person added twice: corrected or removed here.
        self.person_fix, self.person_editor = correction_panel(
            view, Person, ["name", "role", "organisation_id", "email"],
            lambda: people_options(self.view.wb), title=_("Correct or remove a person"),
            picker_label=_("Person"), labels={"organisation_id": _("Works at")},
            options={"organisation_id": lambda: [(_("(none)"), None),
                                                 *organisation_options(self.view.wb)]})
        self.person_org = w.Dropdown(description=_("Organization"), options=[],
                                     style={"description_width": "11em"},
                                     layout=w.Layout(width="100%", max_width="38em"))
        self.org_form = EntityForm(wb, Organisation, ["name", "partner_type"],
                                   labels={"name": _("New organization")})
        self._router = _FormRouter(self.person_form, self.org_form)
        self.add_person_button = w.Button(description=_("Add and mark present"), icon="user-plus",
                                          button_style="primary")
        view.observe(self.person_org, self._org_picked)
        view.on_click(self.add_person_button, self.add_person)
        self.ticks = w.VBox([self.note, self.box])
        self.add_box = w.VBox([self.person_form.widget, self.person_org, self.org_form.widget,
                               self.add_person_button])
        self.widget = w.VBox([heading(_("Who is here"), 3), self.ticks,
                              heading(_("Add a person"), 3), self.add_box, self.person_fix])
        view._closers.append(lambda: close_tree(self.widget))  # laid out apart, or not at all

    # -- the tick boxes ------------------------------------------------------------------

    @property
    def boxes(self) -> dict[Hashable, w.Checkbox]:
        """The tick boxes of the people on the page shown, by person id."""
        return self.checklist.boxes

    def _ticked(self, person_id: Hashable, present: bool, box: w.Checkbox) -> None:
        self.view.place_status(box)  # "✓ … is marked present" right by the tick
        self._toggle(person_id, present)  # type: ignore[arg-type]
        self.view.place_status(box, only_if_lost=True)

    @staticmethod
    def entries(people: list[Person], orgs: dict[int | None, Organisation]) -> list[Entry]:
        """Everyone, grouped by organisation (ours first, then by name), by name within."""
        order = {o.id: (o.partner_type != reference.OWN, o.name.casefold())
                 for o in orgs.values()}
        last = (True, "\uffff")  # people of no (known) organisation come last

        def key(person: Person) -> tuple[Any, ...]:
            org_id = person.organisation_id if person.organisation_id in orgs else None
            return (order.get(org_id, last), org_id is None, org_id or 0,
                    person.name.casefold())

        # Each organisation's heading is worded once, not once per person in it.
        titles: dict[int | None, str] = {}
        found = []
        for person in sorted(people, key=key):
            org_id = person.organisation_id if person.organisation_id in orgs else None
            title = titles.get(org_id)
            if title is None:
                org = orgs.get(org_id)
                kind = (_(SHORT_TYPES[org.partner_type]) if org
                        and org.partner_type in SHORT_TYPES
                        else reference.PARTNER_TYPES[org.partner_type] if org else "")
                title = titles[org_id] = (f"{org.name} ({kind})" if org
                                          else _("No organization"))
            label = f"{person.name}, {person.role}" if person.role else person.name
            found.append(Entry(person.id, label, title, person.email or ""))
        return found

    def list_people(self) -> None:
        """List everyone (read again only when people or organisations changed: a tick
        does not need it)."""
        wb = self.view.wb
        people = wb.all(Person)
        orgs = {o.id: o for o in wb.all(Organisation)}
        self.names.clear()
        self.names.update((p.id, p.name) for p in people)
        self.employers = {p.id for p in people if p.organisation_id in orgs
                          and orgs[p.organisation_id].is_employer}
        entries = self.entries(people, orgs)
        if entries != self.checklist.model.entries:
            self.checklist.model.set_entries(entries)

    def sync_ticks(self) -> None:
        """Tick exactly the people stored as present (on the page shown)."""
        meeting_id = self.meeting()
        present = ({p.id for p in self.view.wb.attendees(meeting_id)}
                   if meeting_id is not None else set())
        self.checklist.checked = set(present)
        self.checklist.disabled = meeting_id is None
        self.checklist.draw()
        employers = len(present & self.employers)
        self.note.value = (
            _("<p>{count} marked present, {employers} of them from employers. Tick each person "
              "in the room; a tick is saved at once.</p>").format(
                  count=len(present), employers=employers) if self.names else
            _("<p>No people yet: add the first ones below.</p>"))

    def sync(self) -> None:
        """Everyone listed again, and exactly the people stored as present ticked."""
        self.list_people()
        self.sync_ticks()

    def _toggle(self, person_id: int | None, present: bool) -> None:
        meeting_id = self.meeting()
        if self.quiet or meeting_id is None:
            return
        wb = self.view.wb
        name = self.names.get(person_id) or _("This person")
        if present:
            self.view.run(lambda: wb.add_attendee(meeting_id, person_id),
                          done=_("{name} marked present.").format(name=name))
        else:
            self.view.run(lambda: wb.remove_attendee(meeting_id, person_id),
                          done=_("{name} is no longer marked present.").format(name=name))
        self.sync_ticks()  # also after a refusal: the boxes show what is stored

    # -- a newcomer ------------------------------------------------------------------------

    def _org_picked(self, _change: Any) -> None:
        if self.quiet:
            return
        new = self.person_org.value is None
        self.org_form.widget.layout.display = None if new else "none"

    def _org_options(self) -> list[tuple[str, Any]]:
        return [*organisation_options(self.view.wb), (_(NEW_ORGANISATION), None)]

    def add_person(self) -> None:
        """Store the person (and their new organisation) and mark them present."""
        meeting_id, org_id = self.meeting(), self.person_org.value
        if meeting_id is None:
            self.view.status.error(_("Start or pick a meeting first; nobody was added."))
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

        who = " ".join(str(values.get("name") or "").split()) or _("a person")
        person = self.view.run(action, form=self._router,
                               step=_("Add {name} and mark present").format(name=who),
                               done=lambda p: _("Added {name} and marked them present.").format(
                                   name=p.name))
        if person is not None:
            self.checklist.show_key(person.id)  # the newcomer's tick, on its page
            self.person_form.clear()
            self.org_form.clear()
            with self.quiet:
                set_options(self.person_org, self._org_options(), person.organisation_id)
            self._org_picked(None)

    def refresh_pickers(self) -> None:
        """Re-read the organisations a newcomer may work at (and the correction panel's
        lists, once it is built)."""
        self.person_editor.refresh_options()
        self.person_form.wb = self.org_form.wb = self.view.wb
        with self.quiet:
            set_options(self.person_org, self._org_options())
        self._org_picked(None)

    def refresh_people(self) -> None:
        """Re-read people and organisations: the list, the pickers."""
        self.refresh_pickers()
        self.list_people()

    def refresh(self) -> None:
        """Re-read people, organisations and who is present."""
        self.refresh_people()
        self.sync_ticks()
