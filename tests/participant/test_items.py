"""Items: exact fields, strict JSON types, the model's rules, and references checked read-only."""

from __future__ import annotations

import pytest

from workbook import Workbook
from workbook.errors import ValidationError
from workbook.participant.items import (
    FIELDS,
    check_item,
    check_participant,
    describe,
    missing_reference,
)
from workbook.testing.contributions import NEWCOMER, every_kind


def test_items_every_kind_passes_and_keeps_its_fields(meeting_wb: Workbook) -> None:
    """A well-formed item of each kind comes back with exactly its own fields."""
    for item in every_kind(meeting_wb):
        checked = check_item(item, "Rosa")
        assert set(checked) == {"kind", *FIELDS[item["kind"]]}
        assert missing_reference(meeting_wb, checked) == ""


def test_items_model_rules_decide(meeting_wb: Workbook) -> None:
    """The model's own rule (lessons needed for something tried before) refuses the item."""
    solution = next(i for i in every_kind(meeting_wb) if i["kind"] == "solution")
    with pytest.raises(ValidationError, match="lessons"):
        check_item({**solution, "lessons": ""})


@pytest.mark.parametrize("change, field", [
    ({"text": None}, "text"),
    ({"text": 5}, "text"),
    ({"extra": "x"}, "extra"),
])
def test_items_comment_types_are_strict(change: dict, field: str) -> None:
    """Text must be text; no other key may ride along."""
    with pytest.raises(ValidationError) as refused:
        check_item({"kind": "comment", "text": "ok", **change})
    assert field in str(refused.value)


def test_items_missing_field_is_named() -> None:
    """A missing field is reported by name, with the fields a kind needs."""
    with pytest.raises(ValidationError, match="name_candidate rationale|name candidate "
                                              "rationale"):
        check_item({"kind": "name_candidate", "name": "X"})


def test_items_trims_names_as_the_model_does() -> None:
    """Surrounding spaces of a one-line name are trimmed by the model's rule."""
    checked = check_item({"kind": "name_candidate", "name": "  Spaced  ", "rationale": ""})
    assert checked["name"] == "Spaced"


def test_items_profile_cannot_blank_a_field() -> None:
    """A profile answer of only spaces is refused rather than clearing stored text."""
    with pytest.raises(ValidationError, match="empty"):
        check_item({"kind": "profile", "field": "mission", "value": "   "})


def test_items_dots_total_above_the_vote_is_not_possible(meeting_wb: Workbook) -> None:
    """Four dots in a three-dot vote pass the file check but not the vote's own limit."""
    dots = next(i for i in every_kind(meeting_wb) if i["kind"] == "dots")
    dots["allocations"][0]["dots"] = 3
    problem = missing_reference(meeting_wb, check_item(dots))
    assert "each participant has 3" in problem


def test_items_reference_to_cause_of_another_problem_is_caught(meeting_wb: Workbook) -> None:
    """A cause hung under a cause of a different problem cannot be added."""
    first, second = meeting_wb.problems()[:2]
    other_cause = meeting_wb.cause_tree(second.id)[0][1]
    item = check_item({"kind": "cause", "problem_id": first.id, "parent_id": other_cause.id,
                       "statement": "x", "evidence": ""})
    assert f"not a cause of problem {first.id}" in missing_reference(meeting_wb, item)


def test_items_participant_from_outside_cannot_claim_own(meeting_wb: Workbook) -> None:
    """A new organisation may not be typed as the intermediary's own."""
    with pytest.raises(ValidationError, match="new organization"):
        check_participant({**NEWCOMER, "partner_type": "own"})


def test_items_describe_hides_the_spread_of_anonymous_dots(meeting_wb: Workbook) -> None:
    """The anonymous description gives the total only, no candidate names."""
    dots = check_item(next(i for i in every_kind(meeting_wb) if i["kind"] == "dots"))
    hidden = describe(meeting_wb, dots, hide_dots=True)
    shown = describe(meeting_wb, dots)
    names = [c.name for c in meeting_wb.all(__import__("workbook").NameCandidate)[:2]]
    assert "3 in all" in hidden and not any(n in hidden for n in names)
    assert all(n in shown for n in names)
