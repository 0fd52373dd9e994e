"""The meeting itself in the store: decisions, carry-over, time boxes, evaluations."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.errors import DuplicateError, NotFoundError, ValidationError
from workbook.model import ActionItem, AgendaItem, Decision, EvaluationAnswer
from workbook.testing import add_meeting, add_person


@pytest.fixture
def room(wb):
    """Two meetings a month apart, two people, and an action from the first meeting."""
    first = add_meeting(wb, held_on=dt.date(2026, 3, 1),
                        agenda=("Welcome", "Apprentices", "Next steps"))
    second = add_meeting(wb, held_on=dt.date(2026, 4, 1))
    ana, ben = add_person(wb, name="Ana"), add_person(wb, name="Ben")
    action = wb.add(ActionItem(action="Call the college", owner_id=ana.id,
                               due_on=dt.date(2026, 3, 20), meeting_id=first.id))
    return wb, first, second, ana, ben, action


# -- the decision log --------------------------------------------------------------------

def test_decision_keeps_who_agreed_and_who_stood_aside(room):
    """A recorded decision keeps its method, reason, item and each person's stance."""
    wb, first, _, ana, ben, _ = room
    item = wb.time_agenda(first.id)[1]
    decision = wb.record_decision(
        Decision(meeting_id=first.id, text="Start in March", method="vote",
                 rationale="The firms are ready", agenda_item_id=item.id),
        agreed=[ana.id], stood_aside=[ben.id])
    stored = wb.get(Decision, decision.id)
    assert (stored.method, stored.rationale, stored.agenda_item_id) == (
        "vote", "The firms are ready", item.id)
    stances = wb.stances(decision.id)
    assert [p.name for p in stances["agreed"]] == ["Ana"]
    assert [p.name for p in stances["stood_aside"]] == ["Ben"]


def test_decision_stance_refuses_a_person_on_both_sides(room):
    """Nobody both agrees and stands aside; nothing is stored when they would."""
    wb, first, _, ana, _, _ = room
    with pytest.raises(ValidationError, match="either agreed or stood aside"):
        wb.record_decision(Decision(meeting_id=first.id, text="Start"), agreed=[ana.id],
                           stood_aside=[ana.id])
    assert wb.count(Decision) == 0


def test_decision_agenda_item_must_be_of_the_same_meeting(room):
    """A decision cannot come under another meeting's agenda item."""
    wb, first, second, *_ = room
    item = wb.time_agenda(first.id)[0]
    with pytest.raises(ValidationError, match="belongs to another meeting"):
        wb.add(Decision(meeting_id=second.id, text="X", agenda_item_id=item.id))


def test_supersede_links_both_ways(room):
    """A later decision names the earlier; the earlier finds the later."""
    wb, first, second, *_ = room
    old = wb.add(Decision(meeting_id=first.id, text="Meet every six weeks"))
    new = wb.add(Decision(meeting_id=second.id, text="Meet monthly", supersedes_id=old.id))
    assert wb.superseded_by(old.id) == new
    assert wb.get(Decision, new.id).supersedes_id == old.id
    assert wb.superseded_by(new.id) is None


def test_supersede_refuses_later_decisions_doubles_and_itself(room):
    """Only an earlier decision, replaced once, never the decision itself."""
    wb, first, second, *_ = room
    old = wb.add(Decision(meeting_id=first.id, text="A"))
    new = wb.add(Decision(meeting_id=second.id, text="B", supersedes_id=old.id))
    with pytest.raises(ValidationError, match="later meeting"):
        wb.add(Decision(meeting_id=first.id, text="C", supersedes_id=new.id))
    with pytest.raises(ValidationError, match="already replaced by decision"):
        wb.add(Decision(meeting_id=second.id, text="D", supersedes_id=old.id))
    with pytest.raises(ValidationError, match="this decision itself"):
        wb.update(Decision, old.id, {"supersedes_id": old.id})


def test_supersede_refuses_a_loop(room):
    """Two decisions of one day cannot replace each other."""
    wb, first, *_ = room
    a = wb.add(Decision(meeting_id=first.id, text="A"))
    b = wb.add(Decision(meeting_id=first.id, text="B", supersedes_id=a.id))
    with pytest.raises(ValidationError, match="loop"):
        wb.update(Decision, a.id, {"supersedes_id": b.id})


def test_search_decisions_across_meetings(room):
    """Search finds words in text or reason, any case, newest meeting first."""
    wb, first, second, *_ = room
    wb.add(Decision(meeting_id=first.id, text="Apprentices start in March"))
    wb.add(Decision(meeting_id=second.id, text="Budget", rationale="For the APPRENTICES"))
    wb.add(Decision(meeting_id=second.id, text="Unrelated"))
    assert [d.text for d in wb.search_decisions("apprentices")] == [
        "Budget", "Apprentices start in March"]
    assert [d.text for d in wb.search_decisions("march apprentices")] == [
        "Apprentices start in March"]


# -- carry-over --------------------------------------------------------------------------

def test_carry_over_lists_open_actions_of_earlier_meetings(room):
    """The later meeting is offered the earlier open action; the earlier meeting is not."""
    wb, first, second, *_, action = room
    assert [a.id for a in wb.actions_to_review(second.id)] == [action.id]
    assert wb.actions_to_review(first.id) == []


def test_review_still_open_moves_the_due_date(room):
    """Still open with a new date: the action's due date changes, the review keeps the old."""
    wb, _, second, *_, action = room
    review = wb.review_action(second.id, action.id, "still_open", new_due_on="2026-05-01")
    assert wb.get(ActionItem, action.id).due_on == dt.date(2026, 5, 1)
    assert review.previous_due_on == dt.date(2026, 3, 20)
    assert wb.actions_to_review(second.id) == []


def test_review_done_and_dropped_change_the_action(room):
    """Done marks it done on the meeting's day; dropped needs and keeps a reason."""
    wb, first, second, ana, _, action = room
    wb.review_action(second.id, action.id, "done")
    done = wb.get(ActionItem, action.id)
    assert (done.status, done.done_on) == ("done", dt.date(2026, 4, 1))
    other = wb.add(ActionItem(action="Book a room", owner_id=ana.id, meeting_id=first.id))
    with pytest.raises(ValidationError, match="reason"):
        wb.review_action(second.id, other.id, "dropped")
    assert wb.get(ActionItem, other.id).status == "open"  # nothing stored
    wb.review_action(second.id, other.id, "dropped", reason="The college has a room")
    dropped = wb.get(ActionItem, other.id)
    assert dropped.status == "dropped" and "The college has a room" in dropped.notes


def test_review_refuses_twice_and_actions_of_the_same_meeting(room):
    """An action is reviewed once per meeting, and only at a later meeting."""
    wb, first, second, ana, _, action = room
    wb.review_action(second.id, action.id, "still_open", new_due_on="2026-05-01")
    with pytest.raises((DuplicateError, ValidationError)):
        wb.review_action(second.id, action.id, "still_open", new_due_on="2026-06-01")
    with pytest.raises(ValidationError, match="earlier meeting"):
        wb.review_action(first.id, action.id, "still_open", new_due_on="2026-05-01")


def test_review_new_date_must_not_be_before_the_meeting(room):
    """A new due date before the reviewing meeting is refused and nothing changes."""
    wb, _, second, *_, action = room
    with pytest.raises(ValidationError, match="before this meeting"):
        wb.review_action(second.id, action.id, "still_open", new_due_on="2026-03-25")
    assert wb.get(ActionItem, action.id).due_on == dt.date(2026, 3, 20)
    assert wb.reviews(second.id) == []


# -- time boxes --------------------------------------------------------------------------

def test_time_agenda_makes_items_once(room):
    """Timing the agenda gives each line a box once; running it again adds nothing."""
    wb, first, *_ = room
    items = wb.time_agenda(first.id, minutes=12)
    assert [(i.position, i.title, i.minutes) for i in items] == [
        (1, "Welcome", 12), (2, "Apprentices", 12), (3, "Next steps", 12)]
    assert len(wb.time_agenda(first.id)) == 3


def test_time_spent_and_overrun(room):
    """The time spent is stored in seconds and the overrun is what passed the box."""
    wb, first, *_ = room
    item = wb.time_agenda(first.id, minutes=10)[0]
    stored = wb.record_time_spent(item.id, 754.6)
    assert stored.spent_seconds == 755 and stored.overrun_seconds == 155
    assert wb.get(AgendaItem, item.id).overrun_seconds == 155


# -- evaluations -------------------------------------------------------------------------

def test_evaluation_answer_names_nobody(room):
    """An answer has no field that could name who gave it."""
    wb, first, *_ = room
    answer = wb.add(EvaluationAnswer(meeting_id=first.id, objective_met=4))
    assert not {"person_id", "author", "organisation_id", "created_at"} & set(
        answer.values())


def test_evaluation_for_an_unknown_meeting_is_refused(room):
    """An answer must belong to a stored meeting."""
    wb, *_ = room
    with pytest.raises(NotFoundError):
        wb.add(EvaluationAnswer(meeting_id=99, objective_met=4))
