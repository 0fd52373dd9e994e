"""The naming view driven without a browser: candidates, fast ballots, hidden results, choice."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.model import NameCandidate, NameVote
from workbook.testing import add_person
from workbook.views.steps.naming import NamingView


@pytest.fixture
def room(wb):
    ann = add_person(wb, name="Ann Oduya")
    ben = add_person(wb, name="Ben Ruiz")
    cara = add_person(wb, name="Cara Lind")
    return wb, ann, ben, cara


def _propose(view: NamingView, name: str, by: int | None = None, why: str = "") -> None:
    form = view.candidate_form
    form.inputs["name"].value = name
    form.inputs["proposed_by_id"].value = by
    form.inputs["rationale"].value = why
    view.add_candidate_button.click()


def _ballot(view: NamingView, voter: int | None, **dots_by_name: int) -> None:
    view.voter.value = voter
    names = {c.name: c.id for c in view.wb.all(NameCandidate)}
    for name, dots in dots_by_name.items():
        view.ballot_inputs[names[name.replace("_", " ")]].value = dots
    view.record_button.click()


@pytest.fixture
def open_named(room):
    wb, ann, ben, cara = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id, "Says who we are")
    _propose(view, "Skills Bridge", ben.id, "Says what we do")
    view.dots.value = 3
    view.open_button.click()
    return view, wb, ann, ben, cara


def test_naming_adds_a_candidate_with_proposer_and_reason(room):
    """A candidate is stored with who proposed it and why, and listed."""
    wb, ann, *_ = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id, "Short and proud")
    [candidate] = wb.all(NameCandidate)
    assert (candidate.name, candidate.proposed_by_id, candidate.rationale) == (
        "Valley Makers", ann.id, "Short and proud")
    assert "Ann Oduya" in view.candidates_table.value
    assert view.candidate_form.inputs["name"].value == ""


def test_naming_refuses_a_duplicate_candidate(room):
    """The same name again, in other case, is refused under the name field."""
    wb, ann, *_ = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id)
    _propose(view, "VALLEY MAKERS", ann.id)
    assert "already used" in view.candidate_form.error_text("name")
    assert wb.count(NameCandidate) == 1


def test_naming_refuses_a_vote_with_fewer_than_two_candidates(room):
    """Opening a vote on one candidate is refused; no vote is stored."""
    wb, ann, *_ = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id)
    view.open_button.click()
    assert "at least two" in view.status.text
    assert wb.count(NameVote) == 0


def test_naming_records_ballots_and_resets_the_boxes(open_named):
    """One click records a ballot, counts it, resets the boxes and hides the results."""
    view, wb, ann, ben, _ = open_named
    vote = wb.open_vote_now()
    assert vote.dots_per_participant == 3 and not vote.anonymous
    _ballot(view, ann.id, Valley_Makers=2, Skills_Bridge=1)
    assert wb.ballots_cast(vote.id) == 1
    assert all(box.value == 0 for box in view.ballot_inputs.values())
    assert "1 ballot cast" in view.vote_info.value
    assert view.voter.value == ben.id  # on to the next person who has not voted
    assert view.results_table.value.count("<td>") == 0
    assert view.results_chart.value == ""


def test_naming_refuses_too_many_dots(open_named):
    """More dots than allowed are refused; the boxes keep what was typed; nothing stored."""
    view, wb, ann, *_ = open_named
    _ballot(view, ann.id, Valley_Makers=3, Skills_Bridge=2)
    assert "each participant has 3" in view.status.text
    assert "each participant has 3" in view.ballot_feedback.value
    assert wb.ballots_cast(wb.open_vote_now().id) == 0
    assert sorted(b.value for b in view.ballot_inputs.values()) == [2, 3]


def test_naming_refuses_a_second_ballot_from_the_same_person(open_named):
    """A participant voting twice is told so; only the first ballot counts."""
    view, wb, ann, *_ = open_named
    _ballot(view, ann.id, Valley_Makers=3)
    _ballot(view, ann.id, Skills_Bridge=3)
    assert "Ann Oduya has already voted" in view.status.text
    vote = wb.open_vote_now()
    assert wb.ballots_cast(vote.id) == 1
    wb.close_vote(vote.id)
    assert {r.candidate.name: r.dots for r in wb.results(vote.id)} == {
        "Valley Makers": 3, "Skills Bridge": 0}


def test_naming_refuses_a_ballot_after_the_vote_closed(open_named):
    """A ballot typed after the vote was closed elsewhere is refused and not stored."""
    view, wb, ann, *_ = open_named
    vote = wb.open_vote_now()
    wb.close_vote(vote.id)  # closed from another kernel while the boxes were filled
    _ballot(view, ann.id, Valley_Makers=1)
    assert "closed" in view.status.text
    assert wb.ballots_cast(vote.id) == 0


def test_naming_anonymous_vote_takes_paper_ballots(room):
    """An anonymous vote accepts any number of paper ballots and keeps no names."""
    wb, ann, ben, _ = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id)
    _propose(view, "Skills Bridge", ben.id)
    view.anonymous.value = True
    view.dots.value = 2
    view.open_button.click()
    assert view.voter.value is None  # the paper ballot comes first
    _ballot(view, None, Valley_Makers=2)
    _ballot(view, None, Skills_Bridge=1)
    _ballot(view, None, Skills_Bridge=2)
    vote = wb.open_vote_now()
    assert wb.ballots_cast(vote.id) == 3
    view.close_button.click()
    view.close_yes.click()
    assert wb.named_ballots(vote.id) == []
    assert {r.candidate.name: r.dots for r in wb.results(vote.id)} == {
        "Valley Makers": 2, "Skills Bridge": 3}


def test_naming_close_shows_results_and_choosing_renames_the_partnership(open_named):
    """Closing shows the table; choosing stores name, reason and date everywhere."""
    view, wb, ann, ben, cara = open_named
    _ballot(view, ann.id, Skills_Bridge=3)
    _ballot(view, ben.id, Valley_Makers=1, Skills_Bridge=1)
    view.close_button.click()
    view.close_yes.click()
    assert wb.all(NameVote)[0].status == "closed"
    assert "<td><bdi>Skills Bridge</bdi></td><td>4</td>" in view.results_table.value
    assert view.entry_box.layout.display == "none"
    assert view.choice.value == wb.all(NameCandidate, name="Skills Bridge")[0].id
    view.reason.value = "Most dots, and it says what we do"
    view.chosen_on.value = dt.date(2026, 4, 2)
    view.choose_button.click()
    partnership = wb.partnership
    assert partnership.display_name == "Skills Bridge"
    assert partnership.name_reason == "Most dots, and it says what we do"
    assert partnership.name_chosen_on == dt.date(2026, 4, 2)
    assert "Skills Bridge" in view.current_name.value


def test_naming_choice_without_a_reason_is_refused(open_named):
    """A name chosen with no reason is refused under the reason box; the name is unchanged."""
    view, wb, ann, *_ = open_named
    _ballot(view, ann.id, Skills_Bridge=3)
    view.close_button.click()
    view.close_yes.click()
    view.choose_button.click()
    assert "reason" in view.reason_error.value
    assert wb.partnership.name == ""


def test_naming_show_twice_closes_the_first_view(open_named):
    """Re-running the cell closes the old widgets; one click records one ballot."""
    first, wb, ann, *_ = open_named
    old = first.record_button
    second = NamingView.show(wb)
    assert old.comm is None
    _ballot(second, ann.id, Valley_Makers=1)
    assert wb.ballots_cast(wb.open_vote_now().id) == 1


def test_naming_notebook_only_imports_builds_and_shows(notebook_cells):
    """notebooks/02_naming.ipynb: a title, then cells that import and show NamingView."""
    nb = notebook_cells("02_naming")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "wb = open_from_env()" in code
    assert "NamingView.show(wb)" in nb.cells[-1].source
    assert "\n" not in nb.cells[0].source.strip()  # a title: the guide is in the view


def test_naming_close_leaves_no_widget_open(open_named, live_widgets):
    """After the ballot boxes are rebuilt for a new candidate and the view closes, none stay."""
    view, wb, *_ = open_named
    view.close()
    before = live_widgets()
    view = NamingView.show(wb)
    wb.add(NameCandidate(name="Third Way"))
    view.refresh()
    assert len(view.ballot_inputs) == 3
    view.close()
    assert live_widgets() == before


def test_naming_results_chart_has_its_text_alternative(open_named, monkeypatch):
    """Once closed, the bar chart shows as an image whose alt text states the dots."""
    import workbook.charts
    from workbook.charts.votes import vote_results

    monkeypatch.setattr(workbook.charts, "vote_results", vote_results, raising=False)
    view, wb, ann, *_ = open_named
    _ballot(view, ann.id, Skills_Bridge=3)
    assert view.results_chart.value == ""
    view.close_button.click()
    view.close_yes.click()
    assert '<img src="data:image/png;base64,' in view.results_chart.value
    alt = view.results_chart.value.split('alt="')[1].split('"')[0]
    assert "Skills Bridge" in alt and "3" in alt


def test_naming_close_asks_first_and_a_closed_vote_reopens(open_named):
    """Close the vote only asks; "Not yet" keeps it open; a closed vote can be reopened."""
    view, wb, ann, *_ = open_named
    _ballot(view, ann.id, Valley_Makers=2, Skills_Bridge=1)
    view.close_button.click()
    assert wb.open_vote_now() is not None
    assert "1 ballot cast so far" in view.close_question.value
    view.close_no.click()
    assert wb.open_vote_now() is not None and "stays open" in view.status.text
    view.close_button.click()
    view.close_yes.click()
    assert wb.open_vote_now() is None
    view.reopen_button.click()
    assert wb.open_vote_now() is not None and "open again" in view.status.text


def test_naming_voter_list_starts_on_someone_who_has_not_voted(open_named):
    """A view built after a ballot starts on the next person who has not voted."""
    view, wb, ann, ben, _ = open_named
    _ballot(view, ann.id, Valley_Makers=2, Skills_Bridge=1)
    again = NamingView.show(wb)
    assert again.voter.value != ann.id
    assert not wb.has_voted(wb.open_vote_now().id, again.voter.value)


# -- votes as people run them ------------------------------------------------------------

def _open_vote(view: NamingView, dots: int, one_each: bool) -> NameVote:
    view.dots.value = dots
    view.spread.value = 1 if one_each else None
    view.open_button.click()
    return view.wb.open_vote_now()


def test_naming_twelve_dots_and_one_per_candidate(room):
    """A vote may give 12 dots; one per candidate caps each box at 1 and 2 are refused."""
    from workbook.errors import VoteError

    wb, ann, ben, _ = room
    view = NamingView.show(wb)
    for name in ("Valley Makers", "Skills Bridge", "Kestrel Works"):
        _propose(view, name, ann.id)
    vote = _open_vote(view, 12, one_each=True)
    assert (vote.dots_per_participant, vote.max_dots_per_candidate) == (12, 1)
    assert "One dot per candidate at most." in view.vote_info.value
    assert all(box.max == 1 for box in view.ballot_inputs.values())
    names = {c.name: c.id for c in wb.all(NameCandidate)}
    with pytest.raises(VoteError, match="one dot per candidate"):
        wb.cast_dots(vote.id, {names["Valley Makers"]: 2}, person_id=ben.id)
    assert wb.cast_dots(vote.id, {names["Valley Makers"]: 1, names["Kestrel Works"]: 1},
                        person_id=ben.id)


def test_naming_a_tie_is_shown_as_a_tie(room):
    """Two names level at the top: the results say tie and name both, no winner."""
    wb, ann, ben, _ = room
    view = NamingView.show(wb)
    _propose(view, "Valley Makers", ann.id)
    _propose(view, "Skills Bridge", ben.id)
    _open_vote(view, 2, one_each=False)
    _ballot(view, ann.id, Valley_Makers=2)
    _ballot(view, ben.id, Skills_Bridge=2)
    view.close_button.click()
    view.close_yes.click()
    assert "A tie: Skills Bridge and Valley Makers have 2 dots each." in view.results_table.value
    assert "run-off" in view.results_table.value


def test_naming_a_second_vote_proposes_its_own_winner(open_named):
    """After a later vote closes, the chosen-name list starts on that vote's winner, not
    on the name picked after the earlier vote."""
    view, wb, ann, ben, cara = open_named
    _ballot(view, ann.id, Skills_Bridge=3)
    view.close_button.click()
    view.close_yes.click()
    valley = wb.all(NameCandidate, name="Valley Makers")[0].id
    view.choice.value = valley  # the facilitator's pick stays while the same vote shows
    view.refresh()
    assert view.choice.value == valley
    view.dots.value = 3
    view.open_button.click()
    _ballot(view, ben.id, Valley_Makers=0, Skills_Bridge=2)
    view.close_button.click()
    view.close_yes.click()
    assert view.choice.value == wb.all(NameCandidate, name="Skills Bridge")[0].id


def test_naming_ballot_is_covered_between_voters(open_named):
    """Each ballot is a private turn: covered until the voter begins, covered again after."""
    view, wb, ann, *_ = open_named
    assert not view.ballot_turn.open
    view.ballot_turn.begin_button.click()
    assert view.ballot_turn.open
    _ballot(view, ann.id, Skills_Bridge=2)
    assert not view.ballot_turn.open and "ballot recorded" in view.status.text
    # said once, in view: by the cover's button (the ballot itself is hidden now)
    assert view.status_box in view.ballot_turn.cover.children
    assert view.ballot_feedback.value == ""


def test_naming_ballot_given_back_unvoted_records_nothing_and_clears_the_dots(open_named):
    """"Give the laptop back" mid-ballot: the dots are cleared, no ballot is cast, the
    window is the facilitator's again."""
    view, wb, ann, *_ = open_named
    turn = view.ballot_turn
    turn.begin_button.click()
    assert turn.handed
    skills = wb.all(NameCandidate, name="Skills Bridge")[0].id
    view.ballot_inputs[skills].value = 2
    turn.back_button.click()
    assert not turn.handed and not turn.open
    assert all(box.value == 0 for box in view.ballot_inputs.values())
    assert wb.ballots_cast(wb.open_vote_now().id) == 0
