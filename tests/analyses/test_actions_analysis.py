"""Actions across meetings: what is carried into a meeting, and completion per partner."""

from __future__ import annotations

import datetime as dt
import math

from workbook.analyses import carried_over, partner_completion
from workbook.testing import add_action, add_meeting, add_organisation, add_person

DAY = dt.date(2026, 4, 1)


def _days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def test_carried_over_takes_open_actions_agreed_before_the_meeting(wb):
    """Open actions of earlier meetings are carried; this meeting's own are not."""
    earlier = add_meeting(wb, held_on=_days(0))
    meeting = add_meeting(wb, held_on=_days(30))
    later = add_meeting(wb, held_on=_days(60))
    carried = add_action(wb, meeting_id=earlier.id, due_on=_days(40), action="Carried")
    add_action(wb, meeting_id=meeting.id, due_on=_days(40), action="Agreed now")
    add_action(wb, meeting_id=later.id, due_on=_days(70), action="Agreed later")
    table = carried_over(wb, meeting)
    assert list(table["action_id"]) == [carried.id]
    assert table.iloc[0].agreed_on == _days(0)


def test_carried_over_judges_done_actions_by_their_done_date(wb):
    """Done before the meeting: not carried; done after it: it was still open then."""
    earlier = add_meeting(wb, held_on=_days(0))
    meeting = add_meeting(wb, held_on=_days(30))
    add_action(wb, meeting_id=earlier.id, status="done", done_on=_days(20), action="Early")
    late = add_action(wb, meeting_id=earlier.id, status="done", done_on=_days(45),
                      action="Late")
    add_action(wb, meeting_id=earlier.id, status="dropped", action="Dropped")
    assert list(carried_over(wb, meeting.id)["action_id"]) == [late.id]


def test_carried_over_marks_overdue_actions_and_lists_them_first(wb):
    """Due before the meeting's day: overdue, with the days late; longest late first."""
    earlier = add_meeting(wb, held_on=_days(0))
    meeting = add_meeting(wb, held_on=_days(30))
    on_time = add_action(wb, meeting_id=earlier.id, due_on=_days(30), action="Due that day")
    a_bit = add_action(wb, meeting_id=earlier.id, due_on=_days(25), action="A bit late")
    very = add_action(wb, meeting_id=earlier.id, due_on=_days(10), action="Very late")
    table = carried_over(wb, meeting)
    assert list(table["action_id"]) == [very.id, a_bit.id, on_time.id]
    assert list(table["overdue"]) == [True, True, False]
    assert list(table["days_overdue"])[:2] == [20, 5]


def test_carried_over_names_the_partner_and_the_owner(wb):
    """Rows carry the partner's and the owner's names for the summary."""
    plant = add_organisation(wb, name="Acme Plant")
    owner = add_person(wb, plant, name="Rosa Diaz")
    earlier = add_meeting(wb, held_on=_days(0))
    meeting = add_meeting(wb, held_on=_days(30))
    add_action(wb, meeting_id=earlier.id, owner_id=owner.id, status="in_progress")
    row = carried_over(wb, meeting).iloc[0]
    assert (row.organisation, row.owner, row.status) == ("Acme Plant", "Rosa Diaz", "Under way")


def test_partner_completion_counts_each_partners_actions(wb):
    """Per partner: done over actions not dropped; overdue means open and past due."""
    today = _days(100)
    good, slow = add_organisation(wb, name="Good"), add_organisation(wb, name="Slow")
    for status in ("done", "done", "dropped"):
        add_action(wb, organisation_id=good.id, status=status, due_on=_days(10),
                   **({"done_on": _days(5)} if status == "done" else {}))
    add_action(wb, organisation_id=slow.id, status="done", done_on=_days(5))
    add_action(wb, organisation_id=slow.id, status="open", due_on=_days(50))
    add_action(wb, organisation_id=slow.id, status="in_progress", due_on=_days(100))
    table = partner_completion(wb, today=today).set_index("organisation")
    assert list(table.index[:2]) == ["Slow", "Good"]  # lowest completion first
    assert table.loc["Good", "completion"] == 1.0
    assert (table.loc["Good", "actions"], table.loc["Good", "dropped"]) == (3, 1)
    assert table.loc["Slow", "completion"] == 1 / 3
    assert (table.loc["Slow", "open"], table.loc["Slow", "overdue"]) == (2, 1)


def test_partner_completion_is_blank_when_every_action_was_dropped(wb):
    """Nothing left to do: completion is NaN, listed after the measurable partners."""
    dropped, done = add_organisation(wb, name="A Dropped"), add_organisation(wb, name="B Done")
    add_action(wb, organisation_id=dropped.id, status="dropped")
    add_action(wb, organisation_id=done.id, status="done")
    table = partner_completion(wb)
    assert list(table["organisation"]) == ["B Done", "A Dropped"]
    assert math.isnan(table.iloc[1].completion)
