"""Momentum: every figure, counted independently on small hand-built workbooks."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from workbook import ActionItem, Meeting
from workbook.analyses import momentum, momentum_frame, momentum_warnings, warnings
from workbook.store.schema import table_for
from workbook.testing import add_action, add_meeting, add_organisation, add_person, populate

TODAY = dt.date(2026, 6, 30)


def _ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def room(wb):
    """Makes a meeting ``days`` ago with ``employers`` business people and ``others``."""
    business = add_organisation(wb, name="Plant", partner_type="business")
    college = add_organisation(wb, name="College", partner_type="semi_public")

    def make(days: int, employers: int = 0, others: int = 0, **fields) -> Meeting:
        people = ([add_person(wb, business) for _ in range(employers)]
                  + [add_person(wb, college) for _ in range(others)])
        return add_meeting(wb, held_on=_ago(days), attendees=people, **fields)

    return make


def _mentions(found: list[str], word: str) -> bool:
    return any(word in w for w in found)


def test_momentum_days_since_last_meeting_ignores_meetings_still_to_come(wb, room):
    """The last meeting is the latest one on or before today; planned ones do not count."""
    room(40)
    room(12)
    room(-7)  # next week
    m = momentum(wb, today=TODAY)
    assert (m.meetings, m.last_meeting_on, m.days_since_last_meeting) == (2, _ago(12), 12)


@pytest.mark.parametrize(("days", "warned"), [(44, False), (45, False), (46, True)])
def test_momentum_warns_only_past_45_days_without_a_meeting(wb, room, days, warned):
    """44 and 45 days since the last meeting are fine; 46 earns the warning."""
    room(days, employers=3)
    found = warnings(momentum(wb, today=TODAY))
    assert _mentions(found, "since the last meeting") is warned
    assert _mentions(found, str(days)) is warned


def test_momentum_meeting_rate_over_the_span_and_the_last_90_days(wb, room):
    """Four meetings over 150 days: 3 intervals; two of them fall in the last 90 days."""
    for days in (160, 110, 60, 10):
        room(days)
    m = momentum(wb, today=TODAY)
    assert m.meetings_per_month == pytest.approx(3 / (150 / (365.25 / 12)))
    assert m.meetings_last_90_days == 2
    assert m.meetings_per_month_recent == pytest.approx(2 / (90 / (365.25 / 12)))


def test_momentum_one_meeting_has_no_rate(wb, room):
    """With a single meeting there is no span to measure a rate over."""
    room(5)
    assert momentum(wb, today=TODAY).meetings_per_month is None


def test_momentum_share_with_objective_counts_blank_objectives(wb, room):
    """A meeting stored without an objective (older data) lowers the share and warns."""
    room(20)
    blank = room(10)
    table = table_for(Meeting)
    with wb.engine.begin() as conn:  # the model refuses this; older files may hold it
        conn.execute(sa.update(table).where(table.c.id == blank.id).values(objective=" "))
    m = momentum(wb, today=TODAY)
    assert (m.meetings_with_objective, m.share_with_objective) == (1, 0.5)
    assert _mentions(warnings(m), "no objective")


def test_momentum_every_meeting_with_an_objective_gives_no_objective_warning(wb, room):
    """All meetings have objectives (the model requires them): share 1, no warning."""
    room(20, employers=2)
    m = momentum(wb, today=TODAY)
    assert m.share_with_objective == 1
    assert not _mentions(warnings(m), "objective")


def test_momentum_attendance_mean_halves_and_falling_warning(wb, room):
    """10, 10, 6, 4 people: mean 7.5, halves 10 and 5, trend -5, and a warning."""
    for days, size in ((40, 10), (30, 10), (20, 6), (10, 4)):
        room(days, employers=size)
    m = momentum(wb, today=TODAY)
    assert m.mean_attendance == 7.5
    assert (m.attendance_first_half, m.attendance_last_half, m.attendance_trend) == (10, 5, -5)
    assert m.attendance_falling
    assert _mentions(warnings(m), "Attendance is falling")


@pytest.mark.parametrize(("last", "falling"), [(9, False), (8, True)])
def test_momentum_falling_means_below_nine_tenths_of_the_earlier_half(wb, room, last, falling):
    """10, 3, then 9 or 8 people: the middle meeting of an odd count is left out, and a
    later half at exactly 90% of the earlier one is not yet falling."""
    for days, size in ((30, 10), (20, 3), (10, last)):
        room(days, employers=size)
    m = momentum(wb, today=TODAY)
    assert (m.attendance_first_half, m.attendance_last_half) == (10, last)
    assert m.attendance_falling is falling
    assert _mentions(warnings(m), "Attendance is falling") is falling


def test_momentum_employer_share_overall_and_at_the_last_meeting(wb, room):
    """6 of 10 then 2 of 5: 8 of 15 overall, 40% at the last meeting, which warns."""
    room(20, employers=6, others=4)
    room(10, employers=2, others=3)
    m = momentum(wb, today=TODAY)
    assert m.employer_share == pytest.approx(8 / 15)
    assert (m.last_meeting_employers, m.last_meeting_attendees) == (2, 5)
    assert m.last_meeting_employer_share == pytest.approx(0.4)
    assert _mentions(warnings(m), "fewer than half the room")


def test_momentum_exactly_half_employers_is_not_a_warning(wb, room):
    """3 employers of 6 people is half the room, not fewer."""
    room(10, employers=3, others=3)
    assert not _mentions(warnings(momentum(wb, today=TODAY)), "half the room")


def test_momentum_people_without_an_organisation_count_as_non_employers(wb, room):
    """An attendee with no organisation is in the room but not an employer."""
    meeting = room(10, employers=1)
    loner = add_person(wb, organisation_id=None)
    wb.add_attendee(meeting.id, loner.id)
    m = momentum(wb, today=TODAY)
    assert (m.last_meeting_attendees, m.last_meeting_employers) == (2, 1)


def test_momentum_action_completion_leaves_dropped_actions_out(wb):
    """3 done, 1 open, 1 under way, 2 dropped: completion 3/5, open 2."""
    owner = add_person(wb)
    for status in ("done", "done", "done", "open", "in_progress", "dropped", "dropped"):
        add_action(wb, owner_id=owner.id, status=status, due_on=TODAY + dt.timedelta(days=5),
                   **({"done_on": _ago(1)} if status == "done" else {}))
    m = momentum(wb, today=TODAY)
    assert (m.actions, m.actions_done, m.actions_dropped) == (7, 3, 2)
    assert m.action_completion == pytest.approx(3 / 5)
    assert m.open_actions == 2


def test_momentum_overdue_means_still_open_and_due_before_today(wb):
    """Due yesterday and open: overdue; due today, done late or undated: not."""
    owner = add_person(wb)
    add_action(wb, owner_id=owner.id, due_on=_ago(1), status="open")
    add_action(wb, owner_id=owner.id, due_on=_ago(30), status="in_progress")
    add_action(wb, owner_id=owner.id, due_on=TODAY, status="open")
    add_action(wb, owner_id=owner.id, due_on=None, status="open")
    add_action(wb, owner_id=owner.id, due_on=_ago(9), status="done", done_on=_ago(2))
    add_action(wb, owner_id=owner.id, due_on=_ago(9), status="dropped")
    m = momentum(wb, today=TODAY)
    assert (m.open_actions, m.overdue_actions) == (4, 2)
    assert _mentions(warnings(m), "2 actions are overdue")
    assert m.overdue_actions == sum(a.is_overdue(TODAY) for a in wb.all(ActionItem))


def test_momentum_of_a_new_workbook_says_no_meeting_yet(wb):
    """No meetings, no actions: figures are empty (None), one plain warning."""
    m = momentum(wb, today=TODAY)
    assert m.meetings == 0 and m.days_since_last_meeting is None
    assert m.mean_attendance is None and m.action_completion is None
    found = warnings(m)
    assert len(found) == 1 and "No meeting has been held" in found[0]


def test_momentum_holding_gives_no_warnings(wb, room):
    """Recent meetings, employers the majority, nothing overdue: no warnings."""
    room(30, employers=5, others=2)
    room(2, employers=5, others=2)
    add_action(wb, due_on=TODAY, status="open")
    assert warnings(momentum(wb, today=TODAY)) == []


def test_momentum_warnings_is_also_offered_as_momentum_warnings(wb, room):
    """The views look for ``momentum_warnings``; it gives the same list."""
    room(60, employers=1, others=3)
    m = momentum(wb, today=TODAY)
    assert momentum_warnings(m) == warnings(m) != []


def test_momentum_indicators_label_each_figure_for_tables(wb, room):
    """The labelled lines carry the figures the record holds."""
    room(10, employers=3, others=1)
    lines = {i.label: i for i in momentum(wb, today=TODAY).indicators}
    assert lines["Days since the last meeting"].value == "10"
    assert lines["Employers' share of the room"].value == "75%"
    assert "Overdue actions" in lines


def test_momentum_frame_has_one_row_per_meeting_held(wb, room):
    """Per meeting: date, kind in words, attendees, employers and their share."""
    first = room(20, employers=1, others=3, kind_of="kickoff")
    room(10)  # nobody recorded
    room(-3, employers=2)  # not held yet
    table = momentum_frame(wb, today=TODAY)
    assert list(table["meeting_id"])[0] == first.id
    assert list(table["held_on"]) == [_ago(20), _ago(10)]
    assert list(table["kind"]) == ["Kick-off", "Regular partnership meeting"]
    assert list(table["attendees"]) == [4, 0] and list(table["employers"]) == [1, 0]
    assert table["employer_share"].iloc[0] == 0.25
    assert table["employer_share"].isna().iloc[1]


def test_momentum_agrees_with_a_count_over_every_action_on_generated_data(wb):
    """On a populated workbook, open/overdue/done match a count over the loaded actions."""
    populate(wb, organisations=40, resources=30, meetings=25, actions=150, problems=3, seed=7)
    today = dt.date.today()
    m = momentum(wb, today=today)
    actions = wb.all(ActionItem)
    assert m.open_actions == sum(a.is_open for a in actions)
    assert m.overdue_actions == sum(a.is_overdue(today) for a in actions)
    assert m.actions_done == sum(a.status == "done" for a in actions)
    assert m.meetings == len([x for x in wb.all(Meeting) if x.held_on <= today])


def test_momentum_recent_window_counts_89_days_ago_not_90(wb, room):
    """The last 90 days hold a meeting 89 days ago, not one 90 days ago (nor older)."""
    for days in (200, 90, 89, 3):
        room(days, employers=1)
    m = momentum(wb, today=TODAY)
    assert m.meetings == 4 and m.meetings_last_90_days == 2
