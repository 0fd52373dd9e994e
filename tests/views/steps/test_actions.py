"""The action plan view, driven without a browser: add, follow up, carry over, filter."""

from __future__ import annotations

import datetime as dt

from ipywidgets.widgets.widget import _instances

from workbook import ActionItem, Person
from workbook.testing import add_action, add_meeting, add_organisation, add_person
from workbook.views.steps.actions import ActionPlanView

TODAY = dt.date.today()


def _fill(view: ActionPlanView, **values) -> None:
    view.editor.load(None)
    for name, value in values.items():
        view.editor.form.inputs[name].value = value


def test_actions_add_records_partner_owner_date_and_meeting(wb):
    """A new action stores partner, action, owner, due date and the meeting it came from."""
    org = add_organisation(wb, name="Harbour Fabrication")
    owner = add_person(wb, org, name="Ada Quill")
    meeting = add_meeting(wb)
    view = ActionPlanView(wb)
    assert view.meeting.value == meeting.id
    _fill(view, organisation_id=org.id, action="Draft the job profile", owner_id=owner.id,
          due_on=TODAY + dt.timedelta(days=7))
    view.editor.save_button.click()
    [action] = wb.all(ActionItem)
    assert (action.organisation_id, action.owner_id, action.meeting_id, action.status) == (
        org.id, owner.id, meeting.id, "open")
    assert action.due_on == TODAY + dt.timedelta(days=7)
    assert "Draft the job profile" in view.agreed.value
    assert view.status.text.startswith("✓")


def test_actions_empty_action_is_refused(wb):
    """An action without words shows the model's message under the field; nothing stored."""
    owner = add_person(wb)
    view = ActionPlanView(wb)
    _fill(view, action="  ", owner_id=owner.id)
    view.editor.save_button.click()
    assert wb.all(ActionItem) == []
    assert "action" in view.editor.form.error_text("action")


def test_actions_unknown_owner_is_refused(wb):
    """An owner removed in another kernel since the list was drawn is refused by the store."""
    owner = add_person(wb, name="Gone Person")
    view = ActionPlanView(wb)
    type(wb)(wb.engine, wb.path, wb.db).delete(Person, owner.id)  # another kernel's store
    _fill(view, action="Call the college", owner_id=owner.id)
    view.editor.save_button.click()
    assert wb.all(ActionItem) == []
    assert "is not in this workbook" in view.editor.form.error_text("owner_id")


def test_actions_done_on_with_open_status_is_refused(wb):
    """A done date on an open action shows the model's message; the stored action is unchanged."""
    action = add_action(wb)
    view = ActionPlanView(wb)
    view.editor.picker.value = action.id
    view.editor.form.inputs["done_on"].value = TODAY
    view.editor.save_button.click()
    assert wb.get(ActionItem, action.id).done_on is None
    assert "done on" in view.editor.form.error_text("done_on")


def test_actions_overdue_stand_out_in_words_and_row_class(wb):
    """An open action past its date is flagged OVERDUE in words and with a row class."""
    add_action(wb, action="Late one", due_on=TODAY - dt.timedelta(days=3))
    add_action(wb, action="Fine one", due_on=TODAY + dt.timedelta(days=3))
    add_action(wb, action="Done late", due_on=TODAY - dt.timedelta(days=9), status="done")
    view = ActionPlanView(wb)
    rows = view.table.value.split("<tr")
    late_row = next(r for r in rows if "Late one" in r)
    assert 'class="pwb-overdue"' in late_row and "OVERDUE by 3 days" in late_row
    for other in ("Fine one", "Done late"):
        row = next(r for r in rows if other in r)
        assert "OVERDUE" not in row and "pwb-overdue" not in row


def test_actions_set_status_done_records_the_day(wb):
    """Setting an action done stores today as done on; reopening clears it again."""
    action = add_action(wb)
    view = ActionPlanView(wb)
    view.editor.picker.value = action.id
    view.new_status.value = "done"
    view.status_button.click()
    stored = wb.get(ActionItem, action.id)
    assert (stored.status, stored.done_on) == ("done", TODAY)
    view.new_status.value = "open"
    view.status_button.click()
    stored = wb.get(ActionItem, action.id)
    assert (stored.status, stored.done_on) == ("open", None)


def test_actions_status_changed_elsewhere_is_not_overwritten(wb):
    """A status changed in another kernel after the action was picked gives a ConflictError."""
    action = add_action(wb)
    view = ActionPlanView(wb)
    view.editor.picker.value = action.id
    wb.update(ActionItem, action.id, {"status": "dropped"})
    view.new_status.value = "done"
    view.status_button.click()
    assert wb.get(ActionItem, action.id).status == "dropped"
    assert "changed elsewhere" in view.status.text


def test_actions_open_ones_carry_into_the_next_meeting(wb):
    """Actions still open from an earlier meeting are shown as carried into the picked one."""
    first = add_meeting(wb, held_on=TODAY - dt.timedelta(days=30))
    second = add_meeting(wb, held_on=TODAY)
    add_action(wb, action="Still open", meeting_id=first.id)
    add_action(wb, action="Finished", meeting_id=first.id, status="done")
    add_action(wb, action="Agreed today", meeting_id=second.id)
    view = ActionPlanView(wb)
    assert view.meeting.value == second.id
    assert [a.action for a in view.carried_over()] == ["Still open"]
    assert "Still open" in view.carried.value and "Finished" not in view.carried.value
    assert "Agreed today" in view.agreed.value
    view.meeting.value = first.id
    assert view.carried_over() == []
    assert "Still open" in view.agreed.value


def test_actions_filter_by_owner_and_partner(wb):
    """The owner and partner filters narrow the table and the picker to matching actions."""
    org_a = add_organisation(wb, name="Alpha Plastics")
    org_b = add_organisation(wb, name="Beta Castings")
    ann = add_person(wb, org_a, name="Ann")
    bob = add_person(wb, org_b, name="Bob")
    add_action(wb, action="Ann's task", owner_id=ann.id)
    add_action(wb, action="Bob's task", owner_id=bob.id)
    view = ActionPlanView(wb)
    view.owner_filter.value = ann.id
    assert [a.action for a in view.filtered()] == ["Ann's task"]
    assert "Ann&#x27;s task" in view.table.value and "Bob&#x27;s task" not in view.table.value
    assert len(view.editor.picker.options) == 2  # "(a new action)" and Ann's
    view.owner_filter.value = None
    view.partner_filter.value = org_b.id
    assert [a.action for a in view.filtered()] == ["Bob's task"]


def test_actions_filters_are_made_when_their_section_is_opened(wb):
    """Until "Filter the list" is opened there are no filter dropdowns (every person and
    partner listed twice) and nothing is filtered; opened, they list everyone and a
    person added meanwhile too."""
    org = add_organisation(wb, name="Alpha Plastics")
    ann = add_person(wb, org, name="Ann")
    add_action(wb, action="Ann's task", owner_id=ann.id)
    add_action(wb, action="Nobody's task")
    view = ActionPlanView(wb)
    assert not view.filters.built
    assert len(view.filtered()) == 2
    assert not any(getattr(c, "description", "") == "Show owner"
                   for c in view.filter_section.children[0].children)
    add_person(wb, org, name="Bea")
    view.filter_section.selected_index = 0  # the facilitator opens it
    assert view.filters.built
    owners = [label for label, _ in view.owner_filter.options]
    assert any(label.startswith("Ann") for label in owners)
    assert any(label.startswith("Bea") for label in owners)
    view.owner_filter.value = ann.id
    assert [a.action for a in view.filtered()] == ["Ann's task"]
    view.close()


def test_actions_show_twice_closes_first_and_stores_once(wb):
    """Re-running the cell closes the old view; one click on the new one stores one action."""
    before = set(_instances)
    owner = add_person(wb)
    first = ActionPlanView.show(wb)
    second = ActionPlanView.show(wb)
    assert first.editor.save_button.comm is None
    _fill(second, action="Book the room", owner_id=owner.id)
    second.editor.save_button.click()
    assert len(wb.all(ActionItem)) == 1
    second.close()
    assert set(_instances) - before == set()  # layouts and styles too


def test_actions_demo_has_overdue_and_carried_actions(demo_wb):
    """On the demo the latest meeting carries open actions and the overdue ones stand out."""
    view = ActionPlanView(demo_wb)
    overdue = [a for a in demo_wb.all(ActionItem) if a.is_overdue(TODAY)]
    assert overdue and view.table.value.count("OVERDUE by") == len(overdue)
    assert view.carried_over()


def test_actions_owner_starts_as_nobody_yet_and_must_be_picked(wb):
    """A new action names nobody by default; saving it so asks who does it; nothing stored."""
    add_person(wb, name="Aaron Abbott")  # first in the alphabet: never picked silently
    view = ActionPlanView(wb)
    view.editor.load(None)
    assert view.editor.form.inputs["owner_id"].value is None
    view.editor.form.inputs["action"].value = "Call the college"
    view.editor.save_button.click()
    assert wb.count(ActionItem) == 0
    assert view.editor.form.error_text("owner_id")


def test_actions_partner_is_filled_in_from_who_and_stays_editable(wb):
    """Picking who does an action fills in their organization as the partner; another
    person moves it along; a partner picked by hand stays; a stored action loads as stored."""
    harbour = add_organisation(wb, name="Harbour Fabrication")
    college = add_organisation(wb, name="Valley College")
    ada = add_person(wb, harbour, name="Ada Quill")
    ben = add_person(wb, college, name="Ben Ortiz")
    trust = add_organisation(wb, name="Kestrel Trust")
    add_meeting(wb)
    view = ActionPlanView(wb)
    form = view.editor.form.inputs
    _fill(view, action="Draft the job profile")
    form["owner_id"].value = ada.id
    assert form["organisation_id"].value == harbour.id
    form["owner_id"].value = ben.id
    assert form["organisation_id"].value == college.id
    view.editor.refresh_options()
    form["organisation_id"].value = trust.id  # the facilitator knows better
    form["owner_id"].value = ada.id
    assert form["organisation_id"].value == trust.id
    view.editor.save_button.click()
    [action] = wb.all(ActionItem)
    assert (action.owner_id, action.organisation_id) == (ada.id, trust.id)
    # An action stored without a partner loads without one: loading fills nothing in.
    bare = add_action(wb, action="Book the bays", owner_id=ada.id, organisation_id=None)
    view.editor.load(bare.id)
    assert form["organisation_id"].value is None
    assert view.editor.shown["organisation_id"] is None
