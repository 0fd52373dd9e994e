"""The summary's meeting-room sections: time boxes, carry-over, the decision log, evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.export import render_summary
from workbook.model import Decision, EvaluationAnswer
from workbook.testing import add_meeting


@pytest.fixture
def demo_page(demo_wb, parse_page):
    rendered = render_summary(demo_wb)
    return rendered, parse_page(rendered.html)


def test_summary_time_boxes_show_overruns(demo_page):
    """Planned and spent time per item; the item that ran over says by how much."""
    rendered, page = demo_page
    boxes = rendered.summary.time_boxes
    assert [r.over for r in boxes.rows] == ["", "7:30", "", ""]
    assert boxes.overruns == 1 and boxes.rows[-1].spent == ""
    section = page.sections["time_boxes"]
    assert "over by 7:30" in section and "not reached" in section
    assert "1 item ran over" in section


def test_summary_lists_reviewed_actions_and_what_changed(demo_page):
    """Each earlier action reviewed, its state before and what changed."""
    rendered, page = demo_page
    carry = rendered.summary.carry_over
    assert [(r.outcome, r.after) for r in carry.reviewed] == [
        ("Done", "Marked done"), ("Done", "Marked done")]
    assert carry.not_reviewed >= 1  # the van count stayed open and was not reached
    section = page.sections["carry_over"]
    assert "Send the late-shift pilot proposal to the transit board" in section
    assert "Open, due" in section


def test_summary_decisions_say_how_who_and_why(demo_page):
    """A decision shows its way of deciding, its agenda item, who agreed and stood aside."""
    rendered, page = demo_page
    (decision,) = rendered.summary.decisions
    assert decision.method == "Consensus" and decision.agenda_item == "Apprentice recruitment"
    assert decision.stood_aside == ("Ray Calloway",)
    section = page.sections["decisions"]
    assert "Stood aside: Ray Calloway" in section and "Why: " in section


def test_summary_superseded_decision_links_both_ways(demo_wb, parse_page):
    """The kickoff's decision says it was replaced; the planning one says what it replaces."""
    meetings = sorted(demo_wb.all(__import__("workbook").Meeting), key=lambda m: m.held_on)
    kickoff = render_summary(demo_wb, meetings[0].id)
    assert kickoff.summary.decisions[0].superseded_by.startswith("Meet monthly until")
    planning = render_summary(demo_wb, meetings[5].id)
    replacing = [d for d in planning.summary.decisions if d.supersedes]
    assert replacing[0].supersedes.startswith("Meet every six weeks")
    assert "Since replaced by:" in parse_page(kickoff.html).sections["decisions"]


def test_summary_evaluation_scores_and_trend(demo_wb, demo_page, parse_page):
    """Six answers: scores per statement and comments; the trend hides the meeting of two.

    The open comments are in the facilitator's record only."""
    rendered, page = demo_page
    assert "Keep to the clock next time." not in rendered.html
    rendered = render_summary(demo_wb, edition="facilitator")
    page = parse_page(rendered.html)
    evaluation = rendered.summary.evaluation
    assert evaluation.result.answers == 6 and evaluation.result.shown
    time_used = next(s for s in evaluation.result.scores if s.key == "time_well_used")
    assert time_used.mean == pytest.approx(2.5)
    section = page.sections["evaluation"]
    assert "Keep to the clock next time." in section
    assert "too few answers to show" in section  # the partner review had two answers


def test_summary_evaluation_hidden_below_three_answers(wb, parse_page):
    """With two answers the summary gives the count only: no score, no comment."""
    meeting = add_meeting(wb, held_on=dt.date(2026, 3, 1))
    wb.add(EvaluationAnswer(meeting_id=meeting.id, objective_met=1, comment="Secret one"))
    wb.add(EvaluationAnswer(meeting_id=meeting.id, objective_met=5, comment="Secret two"))
    rendered = render_summary(wb, meeting.id, charts=False)
    section = parse_page(rendered.html).sections["evaluation"]
    assert "2 answered; results show once 3 people have answered" in section
    assert "Secret" not in rendered.html and "3.0" not in section
    assert all(s.mean is None and s.spread == (0, 0, 0, 0, 0)
               for s in rendered.summary.evaluation.result.scores)


def test_summary_leaves_meeting_room_sections_out_when_empty(wb, parse_page):
    """No timed agenda, review, decision or evaluation: none of their sections appear."""
    meeting = add_meeting(wb)
    page = parse_page(render_summary(wb, meeting.id, charts=False).html)
    assert not {"time_boxes", "carry_over", "decisions", "evaluation"} & set(page.sections)
    wb.add(Decision(meeting_id=meeting.id, text="Meet monthly"))
    page = parse_page(render_summary(wb, meeting.id, charts=False).html)
    assert "decisions" in page.sections
