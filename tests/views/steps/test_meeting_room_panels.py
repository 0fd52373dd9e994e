"""The meeting-room panels of the kickoff view, driven without a browser."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.model import ActionItem, AgendaItem, Decision, EvaluationAnswer
from workbook.testing import add_meeting, add_person
from workbook.views.steps.kickoff import KickoffView
from workbook.views.widgets.base import plain_text


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(wb):
    """An earlier meeting with an open action, and today's meeting with a three-line agenda."""
    ana, ben = add_person(wb, name="Ana Ruiz"), add_person(wb, name="Ben Okafor")
    earlier = add_meeting(wb, held_on=dt.date(2026, 2, 1))
    action = wb.add(ActionItem(action="Call the college", owner_id=ana.id,
                               due_on=dt.date(2026, 2, 20), meeting_id=earlier.id))
    today = add_meeting(wb, held_on=dt.date(2026, 3, 1),
                        agenda=("Welcome", "Apprentices", "Next steps"))
    view = KickoffView.show(wb)
    view.meeting_panel.picker.value = today.id
    return wb, view, today, action, ana, ben


# -- time boxes --------------------------------------------------------------------------

def test_countdown_runs_pauses_and_stores_time_spent(room):
    """Start, a few minutes, pause: the countdown says what is left and the time is stored."""
    wb, view, today, *_ = room
    panel = view.time_boxes
    clock = FakeClock()
    panel.countdown._clock = clock
    panel.default_minutes.value = 10
    panel.time_button.click()
    assert [i.minutes for i in wb.agenda_items(today.id)] == [10, 10, 10]
    panel.start_button.click()
    assert panel.countdown.running and panel.countdown.started == 1
    clock.now += 125
    assert panel.countdown.state().words == "7:55 left"
    panel.pause_button.click()
    assert not panel.countdown.running and panel.countdown.elapsed_ms == 125_000
    assert wb.get(AgendaItem, panel.current).spent_seconds == 125
    clock.now += 60  # paused: no time counts
    assert panel.countdown.elapsed_seconds() == 125


def test_countdown_amber_red_and_over_in_words(room):
    """At 20 % left the words say so, at 5 % too, and past the box it says over time."""
    _, view, *_ = room
    panel = view.time_boxes
    clock = FakeClock()
    panel.countdown._clock = clock
    panel.time_button.click()
    panel.start_button.click()
    clock.now += 8 * 60
    assert panel.countdown.state().level == "amber"
    assert "under a fifth of the time" in panel.countdown.state().words
    clock.now += 90
    assert panel.countdown.state().words == "0:30 left: nearly out of time"
    clock.now += 45
    assert panel.countdown.state().words == "Over time by 0:15"


def test_next_stores_the_item_and_runs_the_next(room):
    """Next stores the time spent, puts the next item on the clock and keeps it running."""
    wb, view, today, *_ = room
    panel = view.time_boxes
    clock = FakeClock()
    panel.countdown._clock = clock
    panel.time_button.click()
    first, second, _ = wb.agenda_items(today.id)
    panel.start_button.click()
    clock.now += 11 * 60 + 5
    panel.next_button.click()
    assert wb.get(AgendaItem, first.id).overrun_seconds == 65
    assert panel.current == second.id and panel.countdown.running
    assert panel.countdown.title.startswith("2. Apprentices")
    assert "over by 1:05" in plain_text(panel.table.value)


def test_minutes_can_be_changed_per_item(room):
    """Setting minutes for the item on the clock changes the stored box and the countdown."""
    wb, view, *_ = room
    panel = view.time_boxes
    panel.time_button.click()
    panel.item_minutes.value = 25
    panel.minutes_button.click()
    assert wb.get(AgendaItem, panel.current).minutes == 25
    assert panel.countdown.minutes == 25


def test_picking_an_item_for_its_minutes_never_moves_the_clock(room):
    """Picking another item to change its minutes leaves the clock on the running item."""
    wb, view, today, *_ = room
    panel = view.time_boxes
    clock = FakeClock()
    panel.countdown._clock = clock
    panel.time_button.click()
    first, second, _ = wb.agenda_items(today.id)
    panel.start_button.click()
    clock.now += 90
    panel.item_picker.value = second.id
    panel.item_minutes.value = 25
    panel.minutes_button.click()
    assert wb.get(AgendaItem, second.id).minutes == 25
    assert panel.current == first.id and panel.countdown.running
    assert panel.countdown.elapsed_seconds() == 90 and panel.countdown.minutes == 10
    panel.clock_button.click()  # only this moves it
    assert panel.current == second.id and panel.countdown.minutes == 25


def test_picking_an_item_keeps_minutes_already_typed(room):
    """Minutes typed before the item is picked are not refilled with the stored ones."""
    wb, view, today, *_ = room
    panel = view.time_boxes
    panel.time_button.click()
    _, second, third = wb.agenda_items(today.id)
    panel.item_picker.value = second.id  # not typed yet: shows the stored 10
    assert panel.item_minutes.value == 10
    panel.item_minutes.value = 15
    panel.item_picker.value = third.id
    view.refresh()
    assert panel.item_minutes.value == 15
    panel.minutes_button.click()
    assert wb.get(AgendaItem, third.id).minutes == 15
    assert wb.get(AgendaItem, second.id).minutes == 10


def test_more_minutes_for_the_running_item_keep_its_time_run(room):
    """Setting minutes on the item on the clock changes the box, not the time already run."""
    wb, view, today, *_ = room
    panel = view.time_boxes
    clock = FakeClock()
    panel.countdown._clock = clock
    panel.time_button.click()
    panel.start_button.click()
    clock.now += 300
    panel.item_minutes.value = 20
    panel.minutes_button.click()
    assert panel.countdown.running and panel.countdown.elapsed_seconds() == 300
    assert panel.countdown.state().words == "15:00 left"


# -- decisions ---------------------------------------------------------------------------

def test_record_a_decision_with_stances(room):
    """The form stores how, why, who agreed and who stood aside, and lists the decision."""
    wb, view, today, _, ana, ben = room
    panel = view.decisions
    panel.text.value = "Start the apprenticeship in the autumn"
    panel.method.value = "vote"
    panel.rationale.value = "Three firms are ready"
    panel.agreed.value = (ana.id,)
    panel.stood_aside.value = (ben.id,)
    panel.save_button.click()
    (decision,) = wb.decisions(today.id)
    assert (decision.method, decision.rationale) == ("vote", "Three firms are ready")
    assert [p.name for p in wb.stances(decision.id)["stood_aside"]] == ["Ben Okafor"]
    table = plain_text(panel.table.value)
    assert "Start the apprenticeship" in table and "Ben Okafor" in table
    assert panel.text.value == ""


def test_decision_refusal_keeps_the_form(room):
    """An empty decision is refused with the reason; what was typed stays."""
    wb, view, *_ = room
    panel = view.decisions
    panel.rationale.value = "Because"
    panel.save_button.click()
    assert "decision" in view.status.text.lower() and view.status.text.startswith("✗")
    assert panel.rationale.value == "Because" and wb.count(Decision) == 0


def test_supersede_and_search_across_meetings(room):
    """A decision can replace an earlier one; search finds both and says which is in force."""
    wb, view, today, *_ = room
    before = wb.previous_meeting(today)
    earlier = wb.add(Decision(meeting_id=before.id, text="Meet every six weeks"))
    view.refresh()
    panel = view.decisions
    assert earlier.id in [v for _, v in panel.supersedes.options]
    panel.text.value = "Meet monthly"
    panel.supersedes.value = earlier.id
    panel.save_button.click()
    assert wb.superseded_by(earlier.id).text == "Meet monthly"
    panel.search_box.value = "meet"
    found = plain_text(panel.search_results.value)
    assert "Meet every six weeks" in found and "no, replaced" in found
    assert "replaces: Meet every six weeks" in plain_text(panel.table.value)


# -- carry-over --------------------------------------------------------------------------

def test_carry_over_reviews_one_by_one(room):
    """The earlier action comes up; still open needs a date; with one it is stored."""
    wb, view, today, action, *_ = room
    panel = view.carry_over
    assert "Call the college" in plain_text(panel.current.value)
    panel.open_button.click()
    assert "new due on" in view.status.text
    assert wb.reviews(today.id) == []
    panel.new_due.value = dt.date(2026, 4, 1)
    panel.open_button.click()
    assert wb.get(ActionItem, action.id).due_on == dt.date(2026, 4, 1)
    assert "Every open action from earlier meetings has been reviewed" in plain_text(
        panel.current.value)
    assert "Still open, with a new date" in plain_text(panel.reviewed.value)


def test_carry_over_drop_needs_a_reason(room):
    """Dropping without a reason is refused; with one the action is dropped."""
    wb, view, today, action, *_ = room
    panel = view.carry_over
    panel.drop_button.click()
    assert "reason" in view.status.text
    panel.reason.value = "The college called us"
    panel.drop_button.click()
    assert wb.get(ActionItem, action.id).status == "dropped"


# -- evaluation --------------------------------------------------------------------------

def test_evaluation_hidden_until_the_facilitator_shows_it(room):
    """Each answer clears and covers the form; only the count shows until "Show the results",
    and even then the scores need three answers."""
    wb, view, today, *_ = room
    panel = view.evaluation
    for n, score in enumerate((4, 5, 3), start=1):
        assert not panel.turn.open  # covered between people
        panel.turn.begin_button.click()
        assert panel.turn.open
        panel.scores["objective_met"].value = score
        panel.comment.value = f"Comment {n}"
        panel.hand_in.click()
        assert panel.scores["objective_met"].value is None and panel.comment.value == ""
        assert not panel.turn.open
        shown = plain_text(panel.results.value)
        assert f"{n} answer" in shown and "hidden" in shown
        assert "4.0" not in shown and "Comment" not in shown
        if n == 2:
            panel.reveal_button.click()
            assert "results show once 3" in plain_text(panel.results.value)
            panel.hide_button.click()
    panel.reveal_button.click()
    assert "We met the objective we set for this meeting.4.0" in plain_text(panel.results.value)
    panel.hide_button.click()
    assert "4.0" not in plain_text(panel.results.value)
    assert wb.count(EvaluationAnswer, meeting_id=today.id) == 3


def test_empty_evaluation_is_refused(room):
    """Handing in nothing at all is refused and stores nothing."""
    wb, view, *_ = room
    view.evaluation.hand_in.click()
    assert "Score at least one statement" in view.status.text
    assert wb.count(EvaluationAnswer) == 0


def test_timing_an_empty_agenda_says_what_to_do(wb):
    """A meeting without agenda lines gets no time boxes and a line saying how to add them."""
    add_meeting(wb, agenda=())
    view = KickoffView.show(wb)
    view.time_boxes.time_button.click()
    assert "no lines yet" in view.status.text and view.time_boxes.start_button.disabled


# -- correcting and removing -------------------------------------------------------------

def test_agenda_item_corrected_removed_naming_its_decision_and_undone(room):
    """An agenda item is corrected and removed from the time boxes; the confirmation names
    the decision recorded under it, which goes too; Undo brings both back."""
    wb, view, today, _, ana, _ = room
    panel = view.time_boxes
    panel.time_agenda()
    items = wb.agenda_items(today.id)
    second = items[1]
    wb.record_decision(Decision(meeting_id=today.id, text="Two apprentices",
                                method="consensus", agenda_item_id=second.id), agreed=[ana.id])
    view.refresh()
    panel.editor.picker.value = second.id
    panel.editor.form.inputs["title"].value = "Apprentices and mentors"
    panel.editor.save_button.click()
    assert wb.get(AgendaItem, second.id).title == "Apprentices and mentors"
    assert "Apprentices and mentors" in panel.table.value
    panel.editor.remove_button.click()
    assert "1 decision" in panel.editor.confirm_text.value
    panel.editor.confirm_button.click()
    assert [i.title for i in wb.agenda_items(today.id)] == ["Welcome", "Next steps"]
    assert wb.decisions(today.id) == [] and "Apprentices and mentors" not in panel.table.value
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [i.title for i in wb.agenda_items(today.id)] == [
        "Welcome", "Apprentices and mentors", "Next steps"]
    assert [d.text for d in wb.decisions(today.id)] == ["Two apprentices"]
    assert [p.name for p in wb.stances(wb.decisions(today.id)[0].id)["agreed"]] == ["Ana Ruiz"]


def test_decision_corrected_removed_with_its_stances_and_undone(room):
    """A decision is corrected and removed from the decision log; its stances go with it
    (the confirmation says so) and Undo brings all back."""
    wb, view, today, _, ana, ben = room
    decision = wb.record_decision(Decision(meeting_id=today.id, text="Meet monthy",
                                           method="consensus"),
                                  agreed=[ana.id], stood_aside=[ben.id])
    view.refresh()
    editor = view.decisions.editor
    assert editor.entity_id == decision.id
    editor.form.inputs["text"].value = "Meet monthly"
    editor.save_button.click()
    assert wb.get(Decision, decision.id).text == "Meet monthly"
    assert "Meet monthly" in view.decisions.table.value
    editor.remove_button.click()
    assert "2 stances on a decision" in plain_text(editor.confirm_text.value)
    editor.confirm_button.click()
    assert wb.decisions(today.id) == [] and "Meet monthly" not in view.decisions.table.value
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    (back,) = wb.decisions(today.id)
    assert back.text == "Meet monthly"
    assert [p.name for p in wb.stances(back.id)["stood_aside"]] == ["Ben Okafor"]


def test_evaluation_hands_the_whole_window_to_the_participant_and_back(room):
    """Begin gives the participant the window (the class that covers everything else) and
    one way back; giving the laptop back stores nothing and clears what was chosen."""
    wb, view, *_ = room
    panel = view.evaluation
    turn = panel.turn
    assert not turn.handed and turn.back_row.layout.display == "none"
    turn.begin_button.click()
    assert turn.handed and "pwb-laptop-turn" in turn.widget._dom_classes
    assert turn.back_row.layout.display is None
    assert turn.back_button.description == "Give the laptop back to the facilitator"
    panel.scores["objective_met"].value = 2
    turn.back_button.click()
    assert not turn.handed and not turn.open
    assert panel.scores["objective_met"].value is None
    assert wb.count(EvaluationAnswer) == 0
    turn.begin_button.click()
    panel.scores["objective_met"].value = 4
    panel.hand_in.click()
    assert not turn.handed and wb.count(EvaluationAnswer) == 1

