"""Rules of the meeting-room records: time left, reviews, evaluations, decisions, dots."""

from __future__ import annotations

import pytest

from workbook.errors import ChoiceError, RequiredError, ValidationError
from workbook.model import ActionReview, AgendaItem, Decision, EvaluationAnswer, NameVote
from workbook.model.naming import tally
from workbook.model.timebox import time_left


@pytest.mark.parametrize(("elapsed", "level", "words"), [
    (0, "plenty", "10:00 left"),
    (479, "plenty", "2:01 left"),
    (480, "amber", "2:00 left: under a fifth of the time"),
    (569, "amber", "0:31 left: under a fifth of the time"),
    (570, "red", "0:30 left: nearly out of time"),
    (600, "red", "0:00 left: nearly out of time"),
    (601, "over", "Over time by 0:01"),
    (4200, "over", "Over time by 1:00:00"),
])
def test_time_left_levels_and_words(elapsed, level, words):
    """Amber at 20 % left, red at 5 %, over after; each stated in words too."""
    state = time_left(10, elapsed)
    assert (state.level, state.words) == (level, words)


def test_agenda_item_minutes_in_range():
    """A time box is 1 to 480 minutes."""
    with pytest.raises(ValidationError, match="from 1 to 480"):
        AgendaItem(meeting_id=1, title="Welcome", minutes=0)


def test_review_outcome_rules():
    """Still open needs a new date; dropped needs a reason; done takes no new date."""
    with pytest.raises(RequiredError, match="new date"):
        ActionReview(meeting_id=1, action_id=1, outcome="still_open")
    with pytest.raises(RequiredError, match="why the group dropped it"):
        ActionReview(meeting_id=1, action_id=1, outcome="dropped", reason="  ")
    with pytest.raises(ValidationError, match='is set but the action is marked "Done"'):
        ActionReview(meeting_id=1, action_id=1, outcome="done", new_due_on="2026-05-01")


def test_evaluation_scores_one_to_five_and_not_empty():
    """Scores are 1 to 5; an answer with no score and no comment is refused."""
    with pytest.raises(ValidationError, match="from 1 to 5"):
        EvaluationAnswer(meeting_id=1, voices_heard=6)
    with pytest.raises(ValidationError, match="is empty"):
        EvaluationAnswer(meeting_id=1, comment="   ")
    assert EvaluationAnswer(meeting_id=1, comment="Good").scores()["objective_met"] is None


def test_decision_method_is_one_of_the_ways():
    """How a decision was made is consensus, vote or chair's call (or not recorded)."""
    with pytest.raises(ChoiceError):
        Decision(meeting_id=1, text="X", method="coin toss")


def test_vote_dots_per_voter_and_per_candidate():
    """1 to 12 dots per voter; the cap per candidate cannot pass the dots a voter has."""
    assert NameVote(opened_on="2026-03-10", dots_per_participant=12).dots_per_participant == 12
    with pytest.raises(ValidationError, match="from 1 to 12"):
        NameVote(opened_on="2026-03-10", dots_per_participant=13)
    with pytest.raises(ValidationError, match="more than the 3 dots"):
        NameVote(opened_on="2026-03-10", dots_per_participant=3, max_dots_per_candidate=4)


def test_tally_shows_a_tie_as_a_tie():
    """Two candidates level at the top are both leaders and the words say tie."""
    result = tally({"Kestrel Works": 5, "Valley Makers": 5, "Made Here": 2})
    assert result.is_tie and result.leaders == ("Kestrel Works", "Valley Makers")
    assert result.words() == "A tie: Kestrel Works and Valley Makers have 5 dots each."
    single = tally({"A": 3, "B": 1})
    assert not single.is_tie and single.words() == "A leads with 3 dots."
    assert tally({"A": 0}).words() == "No dots were cast."
