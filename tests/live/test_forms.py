"""A phone's form to a checked item: the contribution rules decide, nothing else passes."""

from __future__ import annotations

import pytest

from workbook.errors import ValidationError
from workbook.live import forms

WHO = {"name": "Ana Ruiz", "organisation": "Acme", "role": "", "partner_type": "business"}
PUBLISHED = {"problems": [{"id": 4, "statement": "Too few welders"}],
             "vote": {"id": 2, "status": "open", "dots": 3, "anonymous": True,
                      "candidates": [{"id": 7, "name": "A"}, {"id": 8, "name": "B"}]}}


def test_forms_participant_is_normalised_and_own_type_refused():
    """Whitespace is trimmed; "our organisation" cannot be claimed from a phone."""
    who = forms.participant({"name": "  Ana  ", "organisation": "Acme ",
                             "partner_type": "labour"})
    assert who["name"] == "Ana" and who["organisation"] == "Acme"
    with pytest.raises(ValidationError, match="partner type"):
        forms.participant({"name": "Ana", "organisation": "Acme", "partner_type": "own"})


def test_forms_cause_must_hang_under_a_published_problem():
    """A cause names a problem the facilitator published, and no other."""
    item = forms.item({"kind": "cause", "problem_id": "4", "statement": "No bus"}, WHO,
                      PUBLISHED)
    assert item == {"kind": "cause", "problem_id": 4, "parent_id": None,
                    "statement": "No bus", "evidence": ""}
    with pytest.raises(ValidationError, match="problem"):
        forms.item({"kind": "cause", "problem_id": "5", "statement": "x"}, WHO, PUBLISHED)


def test_forms_dots_only_in_the_open_vote_and_within_the_allowance():
    """Dots go to published candidates, at most the vote's allowance, none when closed."""
    item = forms.item({"kind": "dots", "dots_7": "2", "dots_8": "", "dots_99": "5"}, WHO,
                      PUBLISHED)
    assert item["allocations"] == [{"candidate_id": 7, "dots": 2}]
    with pytest.raises(ValidationError, match="at most 3"):
        forms.item({"kind": "dots", "dots_7": "2", "dots_8": "2"}, WHO, PUBLISHED)
    with pytest.raises(ValidationError, match="not open"):
        forms.item({"kind": "dots", "dots_7": "1"}, WHO,
                   {"vote": {**PUBLISHED["vote"], "status": "closed"}})
    with pytest.raises(ValidationError, match="number"):
        forms.item({"kind": "dots", "dots_7": "-1"}, WHO, PUBLISHED)


def test_forms_refuse_unknown_kinds_overlong_fields_and_direction_controls():
    """Only the listed kinds; a field over the cap or with a bidi control is refused."""
    with pytest.raises(ValidationError, match="kind"):
        forms.item({"kind": "solution"}, WHO, PUBLISHED)
    with pytest.raises(ValidationError, match="too long"):
        forms.item({"kind": "comment", "text": "x" * 5000}, WHO, PUBLISHED)
    with pytest.raises(ValidationError, match="direction control"):
        forms.item({"kind": "comment", "text": "ok \u202e evil"}, WHO, PUBLISHED)


def test_forms_voter_hash_is_stable_per_person_and_keyed():
    """The same person gets the same hash (one ballot); another secret gives another."""
    a = forms.voter_hash("s1", "CODE1234", WHO)
    assert a == forms.voter_hash("s1", "CODE1234", {**WHO, "name": " ana ruiz "})
    assert a != forms.voter_hash("s2", "CODE1234", WHO)
    assert a != forms.voter_hash("s1", "CODE1234", {**WHO, "name": "Ben"})
    assert "ana" not in a


def test_forms_evaluation_scores_the_published_meeting_and_skips_blanks():
    """Scores 1-5 or blank (skipped) per statement; the meeting is the published one."""
    published = {**PUBLISHED, "evaluation": {"meeting_id": 3, "scope": "abc"}}
    item = forms.item({"kind": "evaluation", "score_objective_met": "4",
                       "score_voices_heard": "", "comment": "Good pace", "meeting_id": "9"},
                      WHO, published)
    assert item["meeting_id"] == 3 and item["comment"] == "Good pace"
    assert item["scores"]["objective_met"] == 4 and item["scores"]["voices_heard"] is None
    with pytest.raises(ValidationError, match="from 1 to 5"):
        forms.item({"kind": "evaluation", "score_objective_met": "6"}, WHO, published)
    with pytest.raises(ValidationError, match="not open"):
        forms.item({"kind": "evaluation", "score_objective_met": "4"}, WHO, PUBLISHED)
    with pytest.raises(ValidationError, match="empty"):
        forms.item({"kind": "evaluation", "comment": "  "}, WHO, published)


def test_forms_evaluation_hash_is_per_person_and_meeting_and_differs_from_the_ballot():
    """One key per name and meeting, keyed by the secret, never the vote's key."""
    a = forms.evaluation_hash("s1", "scope1", WHO)
    assert a == forms.evaluation_hash("s1", "scope1", {**WHO, "name": " ANA RUIZ"})
    assert a != forms.evaluation_hash("s1", "scope2", WHO)
    assert a != forms.evaluation_hash("s2", "scope1", WHO)
    assert a != forms.voter_hash("s1", "scope1", WHO) and "ana" not in a and len(a) <= 80


def test_forms_unicode_line_separators_count_as_line_breaks():
    """Probe 18: U+2028/U+2029 in a one-line name are refused like a newline; in a comment
    (several lines allowed) they become newlines."""
    who = {"name": "A", "organisation": "B", "role": "", "partner_type": "business"}
    for separator in ("\u2028", "\u2029"):
        with pytest.raises(ValidationError, match="line break"):
            forms.item({"kind": "name_candidate", "name": f"Makers{separator}!id",
                        "rationale": ""}, who, {})
        with pytest.raises(ValidationError, match="line break"):
            forms.participant({"name": f"Ana{separator}Ruiz", "organisation": "B"})
    comment = forms.item({"kind": "comment", "text": "one\u2028two"}, who, {})
    assert "\u2028" not in comment["text"] and "one" in comment["text"]
