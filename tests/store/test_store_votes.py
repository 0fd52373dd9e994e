"""Dot voting on names: hidden results, dot limits, closing, anonymity, one vote each."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workbook import NameCandidate, Organisation, Person
from workbook.errors import ValidationError, VoteError


@pytest.fixture
def room(wb):
    """A file workbook with three candidates and three people at one organisation."""
    org = wb.add(Organisation(name="Harbourline Fabrication"))
    people = [wb.add(Person(name=n, organisation_id=org.id)) for n in ("Ana", "Ben", "Chi")]
    candidates = [wb.add(NameCandidate(name=n))
                  for n in ("Harbour Makers", "Weld Works", "Coast Craft")]
    return wb, [p.id for p in people], [c.id for c in candidates]


def _rows(wb, sql, **args):
    """Rows of raw SQL, read through the workbook's own engine (either backend)."""
    with wb.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), args)]


def test_vote_results_hidden_while_open(room):
    """Nobody sees the counts while the vote is open, only how many have voted."""
    wb, people, cands = room
    vote = wb.open_vote()
    wb.cast_dots(vote.id, {cands[0]: 2}, person_id=people[0])
    with pytest.raises(VoteError, match="hidden until the vote is closed"):
        wb.results(vote.id)
    assert wb.ballots_cast(vote.id) == 1
    assert wb.named_ballots(vote.id) == []


def test_vote_results_after_close_most_dots_first(room):
    """Once closed, results list every candidate, most dots first."""
    wb, people, cands = room
    vote = wb.open_vote()
    wb.cast_dots(vote.id, {cands[1]: 2, cands[0]: 1}, person_id=people[0])
    wb.cast_dots(vote.id, {cands[1]: 1}, person_id=people[1])
    wb.close_vote(vote.id)
    assert [(r.candidate.id, r.dots) for r in wb.results(vote.id)] == [
        (cands[1], 3), (cands[0], 1), (cands[2], 0)]


def test_vote_too_many_dots_refused_nothing_kept(room):
    """More dots than allowed are refused, and none of them are kept."""
    wb, people, cands = room
    vote = wb.open_vote(dots_per_participant=3)
    with pytest.raises(VoteError, match="4 dots were given but each participant has 3"):
        wb.cast_dots(vote.id, {cands[0]: 2, cands[1]: 2}, person_id=people[0])
    assert wb.ballots_cast(vote.id) == 0
    assert not wb.has_voted(vote.id, people[0])


def test_vote_negative_or_no_dots_refused(room):
    """Negative dots and empty ballots are refused with the field named."""
    wb, people, cands = room
    vote = wb.open_vote()
    with pytest.raises(ValidationError, match="The dots -1 is negative"):
        wb.cast_dots(vote.id, {cands[0]: -1, cands[1]: 2}, person_id=people[0])
    with pytest.raises(ValidationError, match="were not given to any candidate"):
        wb.cast_dots(vote.id, {cands[0]: 0}, person_id=people[0])


def test_vote_after_close_refused(room):
    """A closed vote takes no more dots until it is reopened."""
    wb, people, cands = room
    vote = wb.open_vote()
    wb.close_vote(vote.id)
    with pytest.raises(VoteError, match="is closed"):
        wb.cast_dots(vote.id, {cands[0]: 1}, person_id=people[0])
    with pytest.raises(VoteError, match="already closed"):
        wb.close_vote(vote.id)
    wb.reopen_vote(vote.id)
    assert wb.cast_dots(vote.id, {cands[0]: 1}, person_id=people[0])


def test_vote_one_participant_dots_count_once(room):
    """A second ballot from the same person is ignored and changes no count."""
    wb, people, cands = room
    vote = wb.open_vote()
    assert wb.cast_dots(vote.id, {cands[0]: 3}, person_id=people[0]) is True
    assert wb.cast_dots(vote.id, {cands[1]: 3}, person_id=people[0]) is False
    wb.close_vote(vote.id)
    assert {r.candidate.id: r.dots for r in wb.results(vote.id)} == {
        cands[0]: 3, cands[1]: 0, cands[2]: 0}


def test_vote_anonymous_keeps_no_person_with_dots(room):
    """An anonymous vote stores totals and a roll, never which person gave which dots."""
    wb, people, cands = room
    vote = wb.open_vote(anonymous=True)
    wb.cast_dots(vote.id, {cands[0]: 2, cands[2]: 1}, person_id=people[0])
    wb.cast_dots(vote.id, {cands[0]: 1}, person_id=people[1])
    wb.cast_dots(vote.id, {cands[2]: 3})  # a paper ballot typed in
    assert _rows(wb, "SELECT * FROM ballot WHERE vote_id = :v", v=vote.id) == []
    assert sorted(_rows(wb, "SELECT candidate_id, dots FROM tally WHERE vote_id = :v",
                        v=vote.id)) == [(cands[0], 3), (cands[2], 4)]
    assert wb.ballots_cast(vote.id) == 3
    assert wb.cast_dots(vote.id, {cands[1]: 1}, person_id=people[0]) is False
    wb.close_vote(vote.id)
    assert wb.named_ballots(vote.id) == []
    assert {r.candidate.id: r.dots for r in wb.results(vote.id)}[cands[2]] == 4


def test_vote_named_keeps_ballots_and_needs_voter(room):
    """A named vote keeps each person's dots and refuses a ballot without a voter."""
    wb, people, cands = room
    vote = wb.open_vote()
    with pytest.raises(ValidationError, match="voter"):
        wb.cast_dots(vote.id, {cands[0]: 1})
    wb.cast_dots(vote.id, {cands[0]: 1}, person_id=people[2])
    wb.close_vote(vote.id)
    assert wb.named_ballots(vote.id) == [(people[2], cands[0], 1)]


def test_vote_one_open_at_a_time_and_needs_two_candidates(mem):
    """A vote needs two candidates, and a second one waits until the first is closed."""
    mem.add(NameCandidate(name="Harbour Makers"))
    with pytest.raises(VoteError, match="at least two name candidates"):
        mem.open_vote()
    mem.add(NameCandidate(name="Weld Works"))
    first = mem.open_vote()
    with pytest.raises(VoteError, match=f"Vote {first.id} is still open"):
        mem.open_vote()
    mem.close_vote(first.id)
    assert mem.open_vote().id == first.id + 1
