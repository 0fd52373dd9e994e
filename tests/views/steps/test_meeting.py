"""The meeting view, driven without a browser: agenda, clock, and each activity in place."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.model import AgendaItem, Decision, EvaluationAnswer, Meeting
from workbook.testing import add_meeting, add_person
from workbook.views.steps.meeting import MeetingView, default_meeting
from workbook.views.steps.meeting_model import ACTIVITIES, STANDARD_AGENDA
from workbook.views.steps.start import meeting_mode_href
from workbook.views.widgets.base import plain_text

TODAY = dt.date.today()


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(wb):
    """Today's meeting with the standard agenda timed, three people present, a fake clock."""
    people = [add_person(wb, name=n) for n in ("Ana Ruiz", "Ben Okafor", "Cleo Park")]
    meeting = add_meeting(wb, held_on=TODAY, agenda=(), attendees=people)
    view = MeetingView.show(wb)
    view.setup_button.click()
    clock = FakeClock()
    view.timebox.countdown._clock = clock
    return wb, view, meeting, people, clock


def test_default_meeting_is_todays_else_the_next_else_the_latest(wb):
    """The view opens today's meeting; without one the next planned; else the latest."""
    old = add_meeting(wb, held_on=TODAY - dt.timedelta(days=30))
    assert default_meeting(wb.all(Meeting), TODAY) == old
    coming = add_meeting(wb, held_on=TODAY + dt.timedelta(days=9))
    assert default_meeting(wb.all(Meeting), TODAY) == coming
    today = add_meeting(wb, held_on=TODAY)
    assert default_meeting(wb.all(Meeting), TODAY) == today
    assert MeetingView.show(wb).meeting_id == today.id


def test_standard_agenda_is_set_up_in_one_click(room):
    """A meeting without an agenda gets every activity, timed, and opens its first item."""
    wb, view, meeting, *_ = room
    items = wb.agenda_items(meeting.id)
    assert [(i.title, i.minutes) for i in items] == list(STANDARD_AGENDA)
    assert "items" in view.status.text
    assert view.flow.current_step.activity == "attendance"
    assert view.shown_activity == "attendance"
    assert len(view.agenda_list.children) == len(STANDARD_AGENDA)
    assert view.setup_button.layout.display == "none"
    assert view.agenda_list.children[0].button_style == "primary"


def test_next_stores_the_time_and_keeps_the_clock_running(room):
    """Next stores the time spent on the item left, opens the next activity, clock running."""
    wb, view, meeting, _, clock = room
    first, second, *_ = wb.agenda_items(meeting.id)
    view.timebox.start_button.click()
    clock.now += 125
    view.next_button.click()
    assert wb.get(AgendaItem, first.id).spent_seconds == 125
    assert view.timebox.current == second.id and view.timebox.countdown.running
    assert view.shown_activity == "brings_needs"
    assert view.flow.where() == "Item 2 of 9"
    assert view.agenda_list.children[0].description.startswith("✓ 1.")
    view.previous_button.click()
    assert view.shown_activity == "attendance" and view.timebox.current == first.id
    assert view.timebox.countdown.elapsed_seconds() == 125  # goes on from what was stored
    assert view.previous_button.disabled


def test_agenda_button_opens_its_item(room):
    """A click on an agenda line opens that item's activity and moves the clock to it."""
    wb, view, meeting, *_ = room
    items = wb.agenda_items(meeting.id)
    view.agenda_list.children[7].click()
    assert view.timebox.current == items[7].id and view.shown_activity == "evaluation"
    view.next_button.click()
    assert view.shown_activity == "next_meeting"
    assert view.next_button.description == "Finish the meeting"
    assert not view.next_button.disabled
    view.next_button.click()
    assert "last item is done" in view.status.text
    assert wb.get(AgendaItem, items[8].id).spent_seconds is not None  # reached


@pytest.mark.parametrize("activity", list(ACTIVITIES))
def test_every_activity_opens_in_place(room, activity):
    """Each activity can open for the current item; the clock stays in the header."""
    _, view, *_ = room
    view.activity_picker.value = activity
    assert view.shown_activity == activity
    assert view.stage.children == (view.activities[activity].widget,)
    assert view.timebox.countdown in view.header_row.children
    assert view.flow.current_step.activity == activity


def test_closing_the_meeting_view_leaves_no_widget_open(room, live_widgets):
    """Every activity opened and the view closed: nothing the view made stays open."""
    wb, view, *_ = room
    view.close()
    before = live_widgets()
    view = MeetingView.show(wb)
    for activity in ACTIVITIES:
        view.activity_picker.value = activity
    view.close()
    assert live_widgets() == before


def test_attendance_ticks_are_stored(room):
    """Unticking a person in the attendance activity stores that they are not present."""
    wb, view, meeting, (ana, ben, cleo), _ = room
    panel = view.activities["attendance"].panel
    assert panel.boxes[ben.id].value
    panel.boxes[ben.id].value = False
    assert {p.name for p in wb.attendees(meeting.id)} == {"Ana Ruiz", "Cleo Park"}
    assert "no longer marked present" in view.status.text


def _go(view, activity):
    step = next(s for s in view.flow.steps if s.activity == activity)
    view.go_to(step.item_id)
    return view.activities[activity]


def test_decision_everyone_present_agreed_then_untick(room):
    """"Everyone present agreed" ticks the three present; one unticked, one stood aside."""
    wb, view, meeting, (ana, ben, cleo), _ = room
    _go(view, "decision")
    panel = view.activities["decision"].panel
    panel.text.value = "Pilot the Saturday welding course"
    panel.everyone_button.click()
    assert set(panel.agreed.value) == {ana.id, ben.id, cleo.id}
    panel.stood_aside.boxes[cleo.id].value = True  # a person ticks aside: out of agreed
    assert set(panel.agreed.value) == {ana.id, ben.id}
    panel.save_button.click()
    decision = wb.decisions(meeting.id)[0]
    stances = wb.stances(decision.id)
    assert [p.name for p in stances["agreed"]] == ["Ana Ruiz", "Ben Okafor"]
    assert [p.name for p in stances["stood_aside"]] == ["Cleo Park"]
    item = next(s for s in view.flow.steps if s.activity == "decision")
    assert decision.agenda_item_id == item.item_id  # recorded under the item on screen


def test_decision_stances_are_corrected(room):
    """The correction panel changes who agreed and who stood aside of a stored decision."""
    wb, view, meeting, (ana, ben, cleo), _ = room
    decision = wb.record_decision(Decision(meeting_id=meeting.id, text="Host in March",
                                           method="consensus"), agreed=[ana.id, ben.id])
    _go(view, "decision")
    panel = view.activities["decision"].panel
    panel.editor.load(decision.id)
    assert set(panel.fix_agreed.value) == {ana.id, ben.id}
    panel.fix_stood_aside.boxes[ben.id].value = True
    panel.fix_stances_button.click()
    stances = wb.stances(decision.id)
    assert [p.name for p in stances["agreed"]] == ["Ana Ruiz"]
    assert [p.name for p in stances["stood_aside"]] == ["Ben Okafor"]
    assert "1 agreed, 1 stood aside" in view.status.text


def test_everyone_agreed_with_nobody_present_says_so(wb):
    """With nobody marked present the button refuses, saying what to do."""
    add_person(wb, name="Ana Ruiz")
    add_meeting(wb, held_on=TODAY, agenda=("Decision",))
    view = MeetingView.show(wb)
    view.time_button.click()  # its own agenda line, on the clock
    panel = view.activities["decision"].panel
    panel.everyone_button.click()
    assert "Nobody is marked present" in view.status.text and panel.agreed.value == ()


def test_evaluation_is_private_and_hidden_until_shown(room):
    """One person at a time, the form covered between; only the count until shown."""
    wb, view, meeting, *_ = room
    _go(view, "evaluation")
    panel = view.activities["evaluation"].panel
    for score in (4, 5, 4):
        panel.turn.begin_button.click()
        panel.scores["time_well_used"].value = score
        panel.hand_in.click()
        assert not panel.turn.open and panel.scores["time_well_used"].value is None
        assert "4.3" not in plain_text(panel.results.value)
    assert "3 answers handed in" in plain_text(panel.results.value)
    panel.reveal_button.click()
    assert "Our time together was well used.4.3" in plain_text(panel.results.value)
    assert wb.count(EvaluationAnswer, meeting_id=meeting.id) == 3


def test_next_meeting_is_planned_with_a_drafted_agenda(room):
    """The planning form proposes four weeks on with a drafted agenda; one click stores it."""
    wb, view, meeting, *_ = room
    _go(view, "next_meeting")
    panel = view.activities["next_meeting"].panel
    inputs = panel.editor.form.inputs
    assert inputs["held_on"].value == TODAY + dt.timedelta(weeks=4)
    assert inputs["agenda"].value.splitlines()[0] == "Welcome and introductions"
    inputs["objective"].value = "Agree the pilot's first cohort"
    panel.editor.save_button.click()
    later = [m for m in wb.all(Meeting) if m.held_on > TODAY]
    assert [m.objective for m in later] == ["Agree the pilot's first cohort"]
    assert "Welcome and introductions" in later[0].agenda
    assert "planned" in plain_text(panel.intro.value)


def test_actions_are_agreed_for_this_meeting(room):
    """A new action added in the meeting belongs to it and shows in its table."""
    wb, view, meeting, (ana, *_), _ = room
    _go(view, "actions")
    panel = view.activities["actions"].panel
    panel.editor.form.inputs["action"].value = "Draft the pilot budget"
    panel.editor.form.inputs["owner_id"].value = ana.id
    panel.editor.save_button.click()
    assert "Draft the pilot budget" in plain_text(panel.agreed.value)
    from workbook.model import ActionItem
    stored = wb.all(ActionItem, meeting_id=meeting.id)
    assert [a.action for a in stored] == ["Draft the pilot budget"]
    # "Who" filled in the partner: Ana's organization; the table shows four columns.
    assert stored[0].organisation_id == ana.organisation_id is not None
    table = panel.agreed.value
    assert table.count('<th scope="col">') == 4
    assert "Agreed at" not in table and "Status" not in table


def test_activity_choice_is_kept_for_the_item(room):
    """An item opened as another activity keeps it when the facilitator comes back."""
    _, view, *_ = room
    first = view.flow.current_step.item_id
    view.activity_picker.value = "notes"
    view.next_button.click()
    view.go_to(first)
    assert view.shown_activity == "notes" and view.activity_picker.value == "notes"


def test_room_view_hides_the_facilitators_controls(room):
    """Room view marks the view so the side column and the activity picker are hidden."""
    _, view, *_ = room
    assert "pwb-facilitator" in view.side._dom_classes
    assert "pwb-facilitator" in view.activity_picker._dom_classes
    view.room_view.value = True
    assert "pwb-room-view" in view.widget._dom_classes
    view.room_view.value = False
    assert "pwb-room-view" not in view.widget._dom_classes


def test_notes_are_at_hand(room):
    """The notes beside the agenda are stored with the meeting."""
    wb, view, meeting, *_ = room
    view.notes.form.inputs["notes"].value = "Ask the college about Saturday rooms"
    view.notes.save_button.click()
    assert wb.get(Meeting, meeting.id).notes == "Ask the college about Saturday rooms"


def test_no_meeting_says_where_to_start(wb):
    """Without any meeting the view says to start one; nothing is broken."""
    view = MeetingView.show(wb)
    assert "No meeting yet" in plain_text(view.item_heading.value)
    assert view.stage.children == ()


def test_start_page_opens_meeting_mode_in_a_tab_of_its_own(wb):
    """Start-here has a big link to meeting mode, opening in a new tab (the lab stays)."""
    from workbook.views.steps.start import StartView

    link = StartView.show(wb).meeting_link.value
    assert 'href="/voila/render/notebooks/12_meeting.ipynb"' in link
    assert 'target="_blank"' in link and "meeting mode" in link


def test_meeting_mode_address_follows_the_server_prefix():
    """Meeting mode is Voila inside the lab: at the root, or under a hub's user prefix."""
    assert meeting_mode_href({}) == "/voila/render/notebooks/12_meeting.ipynb"
    assert meeting_mode_href({"JUPYTERHUB_SERVICE_PREFIX": "/user/ana/"}) == \
        "/user/ana/voila/render/notebooks/12_meeting.ipynb"


def test_meeting_notebook_is_a_thin_shell(notebook_cells):
    """notebooks/12_meeting.ipynb: a line of guidance, then cells that show MeetingView."""
    nb = notebook_cells("12_meeting")
    code = "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "MeetingView.show(wb)" in code


def test_standard_agenda_is_one_step_of_undo(room):
    """One Undo takes the whole standard agenda back: the lines and their time boxes."""
    wb, view, meeting, *_ = room
    view.undo_last()  # the Undo panel's two clicks
    assert wb.agenda_items(meeting.id) == []
    assert wb.get(Meeting, meeting.id).agenda == ()


def test_a_hidden_step_view_is_not_redrawn_by_every_tick(room):
    """The why-tree, once built and then left, is redrawn when opened again, not at every
    attendance tick in between."""
    wb, view, meeting, (ana, *_), _ = room
    framing = _go(view, "why_tree").panel
    calls = []
    framing.refresh = lambda: calls.append(1)  # type: ignore[method-assign]
    _go(view, "attendance").panel.boxes[ana.id].value = False
    assert calls == []
    _go(view, "why_tree")
    assert calls


def test_phones_button_opens_the_laptop_live_room_in_the_meeting(tmp_path):
    """On a workbook file the meeting's header has "Phones": it shows the live room on this
    laptop (issue 26) under the header, built once, and folds it away again."""
    from workbook.testing import make_workbook

    wb = make_workbook(tmp_path / "room.sqlite")
    try:
        add_meeting(wb, held_on=TODAY, agenda=())
        view = MeetingView.show(wb)
        assert view.phones_button in view.live_slot.children
        view.phones_button.value = True
        panel = view.phones
        assert panel is not None and view.phones_box.children == (panel.widget,)
        assert view.phones_box.layout.display is None
        assert panel.start_button.description == "Start the live room"
        view.phones_button.value = False
        assert view.phones_box.layout.display == "none" and view.phones is panel
        view.close()
    finally:
        wb.close()


def test_no_phones_button_without_a_workbook_file(wb):
    """A workbook kept in memory (or in a database, served by the hub) has no laptop room."""
    view = MeetingView.show(wb)
    assert view.live_slot.children == ()
