"""The dot-vote chart."""

from __future__ import annotations

import datetime as dt

from workbook import NameCandidate
from workbook.charts import vote_results
from workbook.testing import add_person


def _closed_vote(wb, dots_by_name: dict[str, int]) -> list:
    candidates = {name: wb.add(NameCandidate(name=name)) for name in dots_by_name}
    vote = wb.open_vote(dots_per_participant=10, opened_on=dt.date(2026, 5, 1))
    for name, dots in dots_by_name.items():
        if dots:
            wb.cast_dots(vote.id, {candidates[name].id: dots}, person_id=add_person(wb).id)
    wb.close_vote(vote.id, closed_on=dt.date(2026, 5, 1))
    return wb.results(vote.id)


def test_vote_results_draws_one_labelled_bar_per_candidate(wb, shown):
    """Three candidates: three bars, as long as their dots, each labelled with them."""
    results = _closed_vote(wb, {"Valley Works": 7, "Made Here": 4, "Kestrel Makers": 0})
    chart = vote_results(results)
    (ax,) = chart.figure.axes
    assert sorted(p.get_width() for p in ax.patches) == [0, 4, 7]
    words = shown(chart)
    assert " 7 dots (64%), most dots" in words and " 4 dots (36%)" in words
    assert " 0 dots (0%)" in words
    assert {"Valley Works", "Made Here", "Kestrel Makers"} <= set(words)


def test_vote_results_alt_text_names_every_candidate_and_its_dots(wb):
    """The text alternative lists each candidate with its dots, the total and the winner."""
    results = _closed_vote(wb, {"Valley Works": 7, "Made Here": 4, "Kestrel Makers": 1})
    alt = vote_results(results).alt_text
    for result in results:
        assert f"{result.candidate.name}: {result.dots} dot" in alt
    assert "12 dots in all" in alt and "Most dots: Valley Works." in alt


def test_vote_results_a_tie_names_both_leaders(shown):
    """Equal top dots: both are marked in words, not only by colour."""
    chart = vote_results([("North", 3), ("South", 3), ("East", 1)])
    assert "North and South" in chart.alt_text
    assert sum("most dots" in w for w in shown(chart)) == 2
