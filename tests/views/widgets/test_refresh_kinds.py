"""A change redraws only the parts of a view that show what it touched."""

from __future__ import annotations

import datetime as dt

from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps.kickoff import KickoffView
from workbook.views.steps.summary import MeetingSummaryView


def _counting(view, *names):
    calls = {name: 0 for name in names}
    for name in names:
        panel = getattr(view, name)
        inner = panel.refresh

        def counted(inner=inner, name=name):
            calls[name] += 1
            inner()

        panel.refresh = counted
    return calls


def test_kickoff_parts_redraw_by_kind(wb):
    acme = add_organisation(wb, name="Acme Plastics")
    add_person(wb, acme, name="Ann Oduya")
    add_meeting(wb, held_on=dt.date(2026, 3, 1))
    view = KickoffView.show(wb)
    assert view.refresh_kinds({"attendance"}) == ["attendance", "offers"]
    assert view.refresh_kinds({"evaluation"}) == ["evaluation"]
    assert view.refresh_kinds({"person"}) == ["people", "attendance", "carry_over",
                                              "decisions"]
    assert view.refresh_kinds({"win"}) == []


def test_a_tick_redraws_attendance_and_not_the_rest(wb):
    acme = add_organisation(wb, name="Acme Plastics")
    ann = add_person(wb, acme, name="Ann Oduya")
    meeting = add_meeting(wb, held_on=dt.date(2026, 3, 1))
    view = KickoffView.show(wb)
    calls = _counting(view, "decisions", "carry_over", "time_boxes", "evaluation")
    view.boxes[ann.id].value = True
    assert [p.id for p in wb.attendees(meeting.id)] == [ann.id]
    assert "1 marked present" in view.attendance_note.value
    assert "Acme Plastics (here today)" in view.offers_table.value
    assert calls == {"decisions": 0, "carry_over": 0, "time_boxes": 0, "evaluation": 0}


def test_adding_a_person_redraws_the_people_pickers(wb):
    acme = add_organisation(wb, name="Acme Plastics")
    add_meeting(wb, held_on=dt.date(2026, 3, 1))
    view = KickoffView.show(wb)
    view.person_editor.build()  # the folded "correct or remove a person", opened
    calls = _counting(view, "time_boxes", "evaluation")
    view.person_form.inputs["name"].value = "Cara Lind"
    view.person_org.value = acme.id
    view.add_person_button.click()
    labels = [label for label, _ in view.person_editor.picker.options]
    assert "Cara Lind (Acme Plastics)" in labels
    assert calls == {"time_boxes": 0, "evaluation": 0}


def test_a_view_without_parts_redraws_whole(demo_wb):
    view = MeetingSummaryView.show(demo_wb)
    assert view.refresh_kinds({"anything"}) == ["view"]


def test_steps_stored_before_a_refusal_are_shown(wb):
    """``run`` without one ``step``: each write is a step of its own, so when a later one
    is refused the earlier ones stay stored, and the view shows them (an import whose
    later batch was refused, say: "12 of 40 new entries were stored before ...")."""
    import ipywidgets as w

    from workbook.errors import ValidationError
    from workbook.model import Organisation
    from workbook.views.widgets.base import View

    class Names(View):
        title = "Names"

        def build(self):
            self.names = w.HTML()
            self.refresh()
            return self.names

        def refresh(self):
            self.names.value = ", ".join(o.name for o in self.wb.all(Organisation))

    view = Names(wb)
    assert view.names.value == ""

    def two_writes():
        add_organisation(wb, name="Acme Plastics")  # stored: a step of its own
        raise ValidationError("name", "", "The second one is refused.")

    assert view.run(two_writes, done="Added.") is None
    assert "The second one is refused." in view.status.text  # the refusal stays said
    assert view.names.value == "Acme Plastics"
