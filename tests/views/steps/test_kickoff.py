"""The kickoff view driven without a browser: meeting, attendance, brings and needs, record."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.model import Meeting, Organisation, Person
from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps.kickoff import KickoffView


@pytest.fixture
def people(wb):
    acme = add_organisation(wb, name="Acme Plastics")
    college = add_organisation(wb, name="Valley College", partner_type="semi_public")
    ann = add_person(wb, acme, name="Ann Oduya", role="Plant manager")
    ben = add_person(wb, college, name="Ben Ruiz", role="Dean")
    return wb, acme, college, ann, ben


def _start(view: KickoffView, objective: str = "Agree what the partnership is for") -> None:
    form = view.meeting_panel.form
    form.inputs["held_on"].value = dt.date(2026, 3, 14)
    form.inputs["objective"].value = objective
    form.inputs["location"].value = "Valley College, room 4"
    form.inputs["agenda"].value = "Welcome\n\nWhy we are here\nNext steps"
    view.meeting_panel.save_button.click()


def test_kickoff_locks_everything_until_a_meeting_exists(people):
    """Without a meeting, attendance, brings/needs and the record are disabled."""
    wb, *_ = people
    view = KickoffView.show(wb)
    assert view.meeting_id is None
    assert view.add_person_button.disabled
    assert view.offer_panel.save_button.disabled
    assert view.record_panel.save_button.disabled
    assert all(box.disabled for box in view.boxes.values())
    assert "Start the meeting" in view.locked_note.value
    assert view.export_button is None or view.export_button.disabled


def test_kickoff_refuses_a_meeting_without_an_objective(people):
    """An empty objective is refused under the field; no meeting; the rest stays locked."""
    wb, *_ = people
    view = KickoffView.show(wb)
    _start(view, objective="   ")
    assert "objective" in view.meeting_panel.form.error_text("objective")
    assert wb.count(Meeting) == 0
    assert view.add_person_button.disabled


def test_kickoff_starts_a_meeting_and_unlocks_the_rest(people):
    """Starting a meeting stores it with its agenda items and selects it."""
    wb, *_ = people
    view = KickoffView.show(wb)
    _start(view)
    [meeting] = wb.all(Meeting)
    assert meeting.kind_of == "kickoff"
    assert meeting.agenda == ("Welcome", "Why we are here", "Next steps")
    assert view.meeting_id == meeting.id
    assert view.meeting_panel.picker.value == meeting.id
    assert not view.add_person_button.disabled
    assert not any(box.disabled for box in view.boxes.values())


def test_kickoff_picks_the_latest_meeting_by_default(people):
    """With meetings stored, the latest is selected and its attendance shown."""
    wb, _, _, ann, _ = people
    add_meeting(wb, held_on=dt.date(2026, 1, 10))
    latest = add_meeting(wb, held_on=dt.date(2026, 2, 10), attendees=[ann])
    view = KickoffView.show(wb)
    assert view.meeting_id == latest.id
    assert view.boxes[ann.id].value is True


def test_kickoff_ticks_store_attendance_at_once(people):
    """Ticking a person marks them present; unticking removes them."""
    wb, _, _, ann, ben = people
    meeting = add_meeting(wb)
    view = KickoffView.show(wb)
    view.boxes[ann.id].value = True
    view.boxes[ben.id].value = True
    assert {p.id for p in wb.attendees(meeting.id)} == {ann.id, ben.id}
    assert "Ben Ruiz marked present" in view.status.text
    assert "2 marked present, 1 of them from employers" in view.attendance_note.value
    view.boxes[ann.id].value = False
    assert [p.id for p in wb.attendees(meeting.id)] == [ben.id]


def test_kickoff_adds_a_person_at_an_existing_organisation(people):
    """A newcomer at a known organisation is stored and marked present."""
    wb, acme, *_ = people
    meeting = add_meeting(wb)
    view = KickoffView.show(wb)
    view.person_form.inputs["name"].value = "Cara Lind"
    view.person_form.inputs["role"].value = "HR lead"
    view.person_org.value = acme.id
    view.add_person_button.click()
    [cara] = wb.all(Person, name="Cara Lind")
    assert cara.organisation_id == acme.id
    assert cara.id in {p.id for p in wb.attendees(meeting.id)}
    assert view.boxes[cara.id].value is True


def test_kickoff_adds_a_person_with_a_new_organisation(people):
    """A newcomer from a new organisation stores both, with the partner type picked."""
    wb, *_ = people
    add_meeting(wb)
    view = KickoffView.show(wb)
    view.person_form.inputs["name"].value = "Dev Patel"
    view.person_org.value = None
    assert view.org_form.widget.layout.display is None
    view.org_form.inputs["name"].value = "Riverside Union"
    view.org_form.inputs["partner_type"].value = "labour"
    view.add_person_button.click()
    [union] = wb.all(Organisation, name="Riverside Union")
    assert union.partner_type == "labour"
    assert wb.all(Person, name="Dev Patel")[0].organisation_id == union.id


def test_kickoff_refused_newcomer_stores_no_organisation(people):
    """A newcomer without a name is refused before the new organisation is stored."""
    wb, *_ = people
    add_meeting(wb)
    view = KickoffView.show(wb)
    view.person_org.value = None
    view.org_form.inputs["name"].value = "Riverside Union"
    view.add_person_button.click()
    assert "is empty" in view.person_form.error_text("name")
    assert wb.all(Organisation, name="Riverside Union") == []
    assert wb.count(Person) == 2


def test_kickoff_refused_new_organisation_shows_under_its_field(people):
    """A new organisation that duplicates one is refused under its own name field."""
    wb, *_ = people
    add_meeting(wb)
    view = KickoffView.show(wb)
    view.person_form.inputs["name"].value = "Dev Patel"
    view.person_org.value = None
    view.org_form.inputs["name"].value = "acme plastics"
    view.add_person_button.click()
    assert "already used" in view.org_form.error_text("name")
    assert view.person_form.error_text("name") == ""
    assert wb.all(Person, name="Dev Patel") == []


def test_kickoff_saves_what_an_organisation_brings_and_needs(people):
    """The two side-by-side boxes save into the picked organisation."""
    wb, acme, college, *_ = people
    add_meeting(wb)
    view = KickoffView.show(wb)
    view.offer_panel.picker.value = college.id
    view.offer_panel.form.inputs["brings"].value = "Evening classes"
    view.offer_panel.form.inputs["needs"].value = "Employers on the advisory board"
    view.offer_panel.save_button.click()
    stored = wb.get(Organisation, college.id)
    assert (stored.brings, stored.needs) == ("Evening classes",
                                             "Employers on the advisory board")
    assert "Evening classes" in view.offers_table.value
    assert wb.get(Organisation, acme.id).brings == "Shop-floor know-how"


def test_kickoff_brings_edit_refused_when_changed_elsewhere(people):
    """Saving brings that another kernel changed meanwhile is refused; theirs is kept."""
    wb, acme, *_ = people
    add_meeting(wb)
    view = KickoffView.show(wb)
    view.offer_panel.picker.value = acme.id
    wb.update(Organisation, acme.id, {"brings": "Plant tours"})
    view.offer_panel.form.inputs["brings"].value = "Mentors"
    view.offer_panel.save_button.click()
    assert "changed elsewhere" in view.status.text
    assert wb.get(Organisation, acme.id).brings == "Plant tours"


def test_kickoff_saves_notes(people):
    """The notes are stored on the selected meeting (decisions have their own log)."""
    wb, *_ = people
    meeting = add_meeting(wb)
    view = KickoffView.show(wb)
    view.record_panel.form.inputs["notes"].value = "Good energy; two firms missing."
    view.record_panel.save_button.click()
    stored = wb.get(Meeting, meeting.id)
    assert stored.notes == "Good energy; two firms missing."


def test_kickoff_switching_meetings_shows_their_own_record(people):
    """Picking another meeting fills the decisions and ticks from that meeting."""
    wb, _, _, ann, _ = people
    first = add_meeting(wb, held_on=dt.date(2026, 1, 10), attendees=[ann],
                        decisions=("First decision",))
    add_meeting(wb, held_on=dt.date(2026, 2, 10))
    view = KickoffView.show(wb)
    assert view.boxes[ann.id].value is False
    view.meeting_panel.picker.value = first.id
    assert view.boxes[ann.id].value is True
    assert "First decision" in view.decisions.table.value


def test_kickoff_show_twice_closes_the_first_view(people):
    """Re-running the cell closes the old view; a tick then stores one attendance."""
    wb, _, _, ann, _ = people
    meeting = add_meeting(wb)
    first = KickoffView.show(wb)
    old_box = first.boxes[ann.id]
    second = KickoffView.show(wb)
    assert old_box.comm is None
    second.boxes[ann.id].value = True
    assert [p.id for p in wb.attendees(meeting.id)] == [ann.id]
    assert "Ann Oduya marked present" in second.status.text


def test_kickoff_notebook_only_imports_builds_and_shows(notebook_cells):
    """notebooks/01_kickoff.ipynb: a title, then cells that import and show KickoffView."""
    nb = notebook_cells("01_kickoff")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "wb = open_from_env()" in code
    assert "KickoffView.show(wb)" in nb.cells[-1].source
    assert "\n" not in nb.cells[0].source.strip()  # a title: the guide is in the view


def test_kickoff_close_leaves_no_widget_open(people, live_widgets):
    """After rebuilding the tick boxes and closing, every widget made is closed."""
    wb, acme, *_ = people
    add_meeting(wb)
    before = live_widgets()
    view = KickoffView.show(wb)
    add_person(wb, acme, name="Late Arrival")
    view.refresh()
    assert len(view.boxes) == 3
    view.close()
    assert live_widgets() == before


def test_kickoff_opens_todays_planned_meeting_and_starts_it(people):
    """Today's planned meeting is shown first, locked until started; starting it makes it
    the held meeting and opens attendance. The header names it."""
    wb, _, _, ann, _ = people
    add_meeting(wb, held_on=dt.date.today() - dt.timedelta(days=30), attendees=[ann])
    planned = wb.plan_meeting(dt.date.today(), "Settle the transit pilot")
    view = KickoffView.show(wb)
    assert view.meeting_id == planned.id
    assert view.start_planned.layout.display is None
    assert view.add_person_button.disabled and "planned" in view.locked_note.value
    assert "(planned)" in view.context.value
    view.start_planned.click()
    assert wb.get(Meeting, planned.id).status == "held"
    assert "Started" in view.status.text
    assert view.meeting_id == planned.id and not view.add_person_button.disabled
    assert view.start_planned.layout.display == "none"
    assert "(planned)" not in view.context.value
    view.close()


def test_kickoff_default_is_the_meeting_held_not_a_future_plan(people):
    """A meeting planned for a later day is not what the kickoff opens on."""
    wb, *_ = people
    held = add_meeting(wb, held_on=dt.date.today() - dt.timedelta(days=10))
    wb.plan_meeting(dt.date.today() + dt.timedelta(days=20), "Later")
    view = KickoffView.show(wb)
    assert view.meeting_id == held.id
    view.close()
