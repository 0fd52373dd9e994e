"""Evaluation results: means per statement, hidden below three answers, trend across meetings."""

from __future__ import annotations

import datetime as dt

from workbook.analyses.evaluation import evaluate, evaluation_line, evaluation_trend
from workbook.analyses.momentum import momentum
from workbook.model import EvaluationAnswer
from workbook.testing import add_meeting


def _answers(wb, meeting, *scores: int) -> None:
    for score in scores:
        wb.add(EvaluationAnswer(meeting_id=meeting.id, objective_met=score, voices_heard=score,
                                comment=f"said {score}"))


def test_evaluate_means_spread_and_comments(wb):
    """Three answers: the mean and spread per statement, skipped statements count for nobody."""
    meeting = add_meeting(wb)
    _answers(wb, meeting, 2, 4, 5)
    result = evaluate(wb, meeting.id)
    objective = result.scores[0]
    assert (objective.mean, objective.scored, objective.spread) == (11 / 3, 3, (0, 1, 0, 1, 1))
    assert result.scores[2].mean is None and result.scores[2].scored == 0
    assert sorted(result.comments) == ["said 2", "said 4", "said 5"]
    assert result.words == "3 answered; on average 3.7 out of 5."


def test_evaluate_hides_everything_below_three(wb):
    """Two answers: the count only; no mean, spread or comment can be read."""
    meeting = add_meeting(wb)
    _answers(wb, meeting, 1, 5)
    result = evaluate(wb, meeting.id)
    assert not result.shown and result.comments == () and result.overall is None
    assert all(s.mean is None and s.scored == 0 and sum(s.spread) == 0 for s in result.scores)


def test_trend_across_meetings_in_momentum_and_start_here(wb):
    """Meetings in date order; momentum lists the scored ones; start-here says the direction."""
    first = add_meeting(wb, held_on=dt.date(2026, 1, 10))
    second = add_meeting(wb, held_on=dt.date(2026, 2, 10))
    hidden = add_meeting(wb, held_on=dt.date(2026, 3, 10))
    _answers(wb, first, 3, 3, 3)
    _answers(wb, second, 4, 4, 5)
    _answers(wb, hidden, 1)
    trend = evaluation_trend(wb)
    assert [(p.answers, p.overall) for p in trend] == [(3, 3.0), (3, 13 / 3), (1, None)]
    indicator = momentum(wb, dt.date(2026, 3, 20)).indicators[-1]
    assert indicator.label == "Meeting evaluation (1 to 5)" and indicator.value == "4.3"
    assert evaluation_line(wb) == "3.0, 4.3 out of 5, latest last (up since the meeting before)"
