"""Correcting and removing entries from a view, and undoing the last change."""

from __future__ import annotations

from workbook import Organisation, Person
from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps.partners import PartnersView
from workbook.views.widgets.base import _path_to


def test_remove_asks_first_naming_what_goes_with_it(wb):
    """Remove… only asks; the question names the people going with the organisation."""
    org = add_organisation(wb, name="Harbour Works")
    add_person(wb, org, name="Rosa Quintero")
    view = PartnersView(wb)
    view.profiles.load(org.id)
    view.profiles.remove_button.click()
    assert wb.count(Organisation, name="Harbour Works") == 1
    assert view.profiles.confirm_box.layout.display is None
    assert "Harbour Works" in view.profiles.confirm_text.value
    assert "1 person" in view.profiles.confirm_text.value
    view.profiles.keep_button.click()
    assert wb.count(Organisation, name="Harbour Works") == 1
    assert "Nothing was removed" in view.status.text


def test_remove_confirmed_then_undo_brings_everything_back(wb):
    """Yes, remove takes the organisation and its people; Undo restores them."""
    org = add_organisation(wb, name="Harbour Works")
    rosa = add_person(wb, org, name="Rosa Quintero")
    meeting = add_meeting(wb, attendees=[rosa])
    view = PartnersView(wb)
    view.profiles.load(org.id)
    view.profiles.remove_button.click()
    view.profiles.confirm_button.click()
    assert wb.organisation_named("Harbour Works") is None and wb.count(Person) == 0
    assert "Removed Harbour Works and 1 more entry with it" in view.status.text
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert wb.organisation_named("Harbour Works") is not None
    assert [p.name for p in wb.attendees(meeting.id)] == ["Rosa Quintero"]
    assert view.status.text.startswith("✓ Undone: Remove organization “Harbour Works”.")


def test_status_line_sits_under_the_button_that_was_used(wb):
    """After a click the status line is the next thing below that button's row."""
    add_organisation(wb, name="Harbour Works")
    view = PartnersView(wb)
    view.profiles.form.inputs["name"].value = ""
    view.profiles.load(None)
    view.profiles.save_button.click()
    path = _path_to(view.widget, view.status_box)
    holder = path[-1]
    row = next(c for c in holder.children if view.profiles.save_button in
               getattr(c, "children", ()))
    children = list(holder.children)
    assert children[children.index(row) + 1] is view.status_box
    assert "pwb-invalid" in view.profiles.form.inputs["name"]._dom_classes


def test_history_of_an_entry_shows_its_changes(wb):
    """The entry's history lists the rename, newest first."""
    org = add_organisation(wb, name="Harbour Works")
    wb.update(Organisation, org.id, {"name": "Harbour Works Ltd"})
    view = PartnersView(wb)
    view.profiles.load(org.id)
    assert view.profiles.history.value.index("changed name") < \
        view.profiles.history.value.index("added organization")


def test_undo_with_nothing_to_undo_says_so(wb):
    """A fresh workbook: Undo says there is nothing to undo and changes nothing."""
    view = PartnersView(wb)
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert "nothing to undo" in view.status.text


def test_a_none_option_shows_its_label_not_a_blank_box(wb):
    """Picking "(add an organisation)" (value None) keeps that label showing."""
    org = add_organisation(wb, name="Harbour Works")
    view = PartnersView(wb)
    view.profiles.load(org.id)
    view.profiles.load(None)
    assert view.profiles.picker.index is not None
    assert view.profiles.picker.label.startswith("(")


def test_picking_the_none_option_in_the_browser_keeps_its_label(wb):
    """The browser picks "(add an organisation)" by index; the box shows it, not blank."""
    org = add_organisation(wb, name="Harbour Works")
    view = PartnersView(wb)
    view.profiles.load(org.id)
    view.profiles.picker.index = 0  # what the browser sends
    assert view.profiles.picker.index == 0 and view.profiles.entity_id is None


def test_candidates_people_and_health_checks_can_be_corrected_and_removed(wb):
    """Entries the views only added before now have a correct-or-remove section."""
    import datetime as dt

    from workbook import HealthCheck, NameCandidate
    from workbook.views.steps.kickoff import KickoffView
    from workbook.views.steps.naming import NamingView

    org = add_organisation(wb, name="Harbour Works")
    rosa = add_person(wb, org, name="Rosa Quntero")
    wb.add(NameCandidate(name="Kestrel Werks"))
    wb.add(HealthCheck(organisation_id=org.id, checked_on=dt.date.today(), services=1))

    naming = NamingView(wb)
    naming.candidate_editor.form.inputs["name"].value = "Kestrel Works"
    naming.candidate_editor.save_button.click()
    assert [c.name for c in wb.all(NameCandidate)] == ["Kestrel Works"]

    kickoff = KickoffView(wb)
    kickoff.person_editor.load(rosa.id)
    kickoff.person_editor.form.inputs["name"].value = "Rosa Quintero"
    kickoff.person_editor.save_button.click()
    assert wb.get(Person, rosa.id).name == "Rosa Quintero"

    partners = PartnersView(wb)
    partners.health.form.inputs["organisation_id"].value = org.id
    fixer = partners.health.fixer
    assert fixer.entity_id is not None
    fixer.form.inputs["services"].value = 2
    fixer.save_button.click()
    assert wb.all(HealthCheck)[0].services == 2
    fixer.remove_button.click()
    fixer.confirm_button.click()
    assert wb.all(HealthCheck) == []
