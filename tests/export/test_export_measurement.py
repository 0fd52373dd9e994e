"""The summary's shared-measurement sections: progress on every outcome, and new wins."""

from __future__ import annotations

import datetime as dt

from workbook import Meeting, Organisation, Outcome, Reading, Win
from workbook.export import build_summary, render_summary
from workbook.testing import add_meeting

TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_demo_progress_lists_every_outcome_and_flags_the_stale_one(demo_wb, parse_page):
    """Every outcome has a row with its standing; the one unread for 90 days is warned of."""
    rendered = render_summary(demo_wb)
    progress = rendered.summary.progress
    assert [r.outcome for r in progress.rows] == [o.description for o in demo_wb.all(Outcome)]
    assert progress.stale == ("Incumbent workers completing a credential",)
    text = parse_page(rendered.html).sections["progress"]
    assert "No reading for more than 90 days: Incumbent workers completing a credential" in text
    assert "72%" in text and "Better than the benchmark" in text and "75%" in text
    assert "Target met" in text


def test_demo_wins_celebrate_new_wins_credited_to_partners(demo_wb, parse_page):
    """The latest summary tells the wins since the meeting before, with their partners."""
    rendered = render_summary(demo_wb)
    wins = rendered.summary.wins
    last = demo_wb.latest_meeting()
    since = demo_wb.previous_meeting(last).held_on
    expected = [w.description for w in sorted(demo_wb.all(Win), key=lambda w: w.won_on)
                if w.won_on > since]
    assert [i.description for i in wins.items] == expected
    text = parse_page(rendered.html).sections["wins"]
    assert "Marisol Vega" in text and "named with their consent" in text
    assert "With: Brightwater Pumps and Controls" in text
    assert "belongs to the partnership as a whole" in text


def test_win_without_consent_is_never_named(wb):
    """A name without consent never reaches a summary, even if it got into the file."""
    import sqlalchemy as sa

    from workbook.store.schema import table_for

    meeting = add_meeting(wb, held_on=days_ago(3))
    win = wb.add(Win(won_on=days_ago(5), description="Hired as a welder",
                     meeting_id=meeting.id))
    with wb._write() as conn:  # as an old or hand-edited file might hold it
        conn.execute(sa.update(table_for(Win)).values(person_name="Secret Person")
                     .where(table_for(Win).c.id == win.id))
    rendered = render_summary(wb, charts=False)
    assert rendered.summary.wins.items[0].person == ""
    assert "Secret Person" not in rendered.html


def test_progress_of_an_earlier_meeting_is_as_of_its_day(wb):
    """An earlier meeting's summary counts only the readings up to its day."""
    first = add_meeting(wb, held_on=days_ago(60))
    add_meeting(wb, held_on=days_ago(5))
    outcome = wb.add(Outcome(description="Placed", unit="people", target_value=10))
    wb.add(Reading(outcome_id=outcome.id, read_on=days_ago(70), value=4))
    wb.add(Reading(outcome_id=outcome.id, read_on=days_ago(10), value=11))
    earlier = build_summary(wb, first.id).progress
    assert earlier.as_of == days_ago(60) and earlier.rows[0].latest == "4 people"
    latest = build_summary(wb).progress
    assert latest.rows[0].latest == "11 people" and latest.rows[0].status == "Target met"


def test_sections_left_out_without_outcomes_or_wins(wb):
    """No outcome, no progress section; no new win, no wins section."""
    meeting = add_meeting(wb, held_on=days_ago(3))
    wb.add(Win(won_on=days_ago(400), description="Long ago"))
    summary = build_summary(wb, meeting.id)
    assert summary.progress is None
    assert summary.wins is not None  # the first meeting: every win so far is new
    later = add_meeting(wb, held_on=days_ago(1))
    assert build_summary(wb, later.id).wins is None


def test_typed_text_in_measurement_sections_is_escaped(wb):
    """Markup typed into an outcome, a reading or a win comes out as text."""
    meeting = add_meeting(wb, held_on=days_ago(2))
    org = wb.add(Organisation(name="<i>Acme</i>"))
    outcome = wb.add(Outcome(description="<script>alert(1)</script>", unit="<b>u</b>"))
    wb.add(Reading(outcome_id=outcome.id, read_on=days_ago(3), text="<img src=x onerror=1>"))
    wb.add_win(Win(won_on=days_ago(4), description="<a href='javascript:1'>x</a>",
                   story="<style>body{}</style>", meeting_id=meeting.id), [org.id])
    html = render_summary(wb, charts=False).html
    for raw in ("<script>alert(1)", "<img src=x", "<a href='javascript", "<style>body",
                "<i>Acme", "<b>u</b>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_meeting_of_a_win_decides_where_it_is_told(wb):
    """A win recorded at one meeting is told in that meeting's summary, not the next."""
    first = add_meeting(wb, held_on=days_ago(30))
    second = add_meeting(wb, held_on=days_ago(2))
    wb.add(Win(won_on=days_ago(10), description="Told at the first", meeting_id=first.id))
    assert build_summary(wb, second.id).wins is None
    assert [i.description for i in build_summary(wb, first.id).wins.items] == [
        "Told at the first"]
    assert isinstance(first, Meeting)
