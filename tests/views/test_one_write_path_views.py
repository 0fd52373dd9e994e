"""One button is one step; Undo says what it takes back; views hear steps made elsewhere."""

from __future__ import annotations

from workbook.model import Meeting, Organisation, Person
from workbook.testing import add_meeting
from workbook.views.steps.actions import ActionPlanView
from workbook.views.steps.kickoff import KickoffView


def _add_newcomer(view: KickoffView) -> None:
    view.person_form.inputs["name"].value = "Dev Patel"
    view.person_org.value = None
    view.org_form.inputs["name"].value = "Riverside Union"
    view.org_form.inputs["partner_type"].value = "labour"
    view.add_person_button.click()


def test_add_and_mark_present_is_one_step_one_undo(wb):
    """"Add and mark present" with a new organisation: one named step; one Undo takes back
    the person, the organisation and the attendance mark together."""
    meeting = add_meeting(wb)
    view = KickoffView.show(wb)
    _add_newcomer(view)
    step = wb.steps(1)[0]
    assert step.label == "Add Dev Patel and mark present"
    assert step.source == "Kickoff"
    assert step.counts == {"organisation": 1, "person": 1, "attendance": 1}
    view.undo_button.click()
    view.undo_panel.confirm_button.click()
    assert wb.count(Person) == 0 and wb.count(Organisation) == 0
    assert wb.attendees(meeting.id) == []
    assert "Undone: Add Dev Patel and mark present." in view.status.text


def test_undo_shows_what_it_would_take_back_before_acting(wb):
    """The first click only asks, naming the step, who and how many records; Keep leaves
    everything as it is."""
    add_meeting(wb)
    view = KickoffView.show(wb)
    _add_newcomer(view)
    view.undo_button.click()
    question = view.undo_panel.text.value
    assert "Add Dev Patel and mark present" in question and "made by you" in question
    assert "1 person" in question and "1 attendance mark" in question
    assert wb.count(Person) == 1
    view.undo_panel.keep_button.click()
    assert view.undo_panel.question.layout.display == "none" and wb.count(Person) == 1


def test_an_open_view_forgets_a_meeting_another_view_removed(wb):
    """Removing a meeting anywhere redraws the open kickoff view's meeting picker."""
    kept = add_meeting(wb)
    gone = wb.add(Meeting(held_on="2027-02-18", objective="Second"))
    kickoff = KickoffView.show(wb)
    other = ActionPlanView.show(wb)
    offered = [v for _, v in kickoff.meeting_panel.picker.options]
    assert gone.id in offered and kept.id in offered
    other.run(lambda: wb.remove(Meeting, gone.id), done="Removed.")
    assert gone.id not in [v for _, v in kickoff.meeting_panel.picker.options]
