"""The demo partnership shows the meeting itself in use: every new record, every outcome."""

from __future__ import annotations

from workbook.analyses.evaluation import evaluation_trend
from workbook.model import ActionReview, AgendaItem, NameVote


def test_demo_shows_a_tied_show_of_dots_one_per_candidate(demo_wb):
    """The first vote gives two dots, one per candidate, and ends in a tie."""
    first = min(demo_wb.all(NameVote), key=lambda v: v.id)
    assert (first.dots_per_participant, first.max_dots_per_candidate) == (2, 1)
    assert demo_wb.vote_tally(first.id).is_tie


def test_demo_decisions_have_stances_reasons_and_a_supersession(demo_wb):
    """Decisions carry how, why and stances; one later decision replaces an earlier one."""
    decisions = demo_wb.decisions()
    assert {d.method for d in decisions} >= {"consensus", "vote", "chair"}
    assert any(demo_wb.stances(d.id)["stood_aside"] for d in decisions)
    replacing = [d for d in decisions if d.supersedes_id]
    assert len(replacing) == 1
    assert demo_wb.superseded_by(replacing[0].supersedes_id) == replacing[0]
    assert any(d.agenda_item_id for d in decisions)


def test_demo_time_boxes_and_reviews_cover_every_outcome(demo_wb):
    """Timed agendas with one overrun and one item not reached; done, still open, dropped."""
    items = demo_wb.all(AgendaItem)
    assert sum(1 for i in items if i.overrun_seconds) == 1
    assert any(i.spent_seconds is None for i in items)
    assert {r.outcome for r in demo_wb.all(ActionReview)} == {"done", "still_open", "dropped"}


def test_demo_evaluations_trend_with_one_meeting_hidden(demo_wb):
    """Three evaluated meetings; the one with two answers shows no score."""
    trend = evaluation_trend(demo_wb)
    assert [p.answers for p in trend] == [2, 5, 6]
    assert trend[0].overall is None and all(p.overall for p in trend[1:])
