"""Readings, wins and the number rule: the model's own checks of shared measurement."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from workbook import Outcome, Reading, Win, reference
from workbook.errors import ChoiceError, RequiredError, ValidationError


def test_number_parses_typed_text():
    """A value typed as text ("61.5", a pasted minus sign) becomes a float."""
    outcome = Outcome(description="Retention", baseline_value=" 61.5 ", target_value="\u22122")
    assert outcome.baseline_value == 61.5 and outcome.target_value == -2.0
    assert isinstance(Outcome(description="x", target_value=75).target_value, float)


@pytest.mark.parametrize("bad", ["75%", "seventy", math.nan, math.inf, 1e13, True])
def test_number_refuses_what_is_not_a_plain_number(bad):
    """Units, words, NaN, infinity, absurd sizes and booleans are refused, naming the field."""
    with pytest.raises(ValidationError) as caught:
        Outcome(description="Retention", target_value=bad)
    assert caught.value.field == "target value"


def test_number_keeps_negative_zero_out():
    """-0.0 is stored as 0.0, so the same value always compares and exports the same."""
    assert math.copysign(1, Reading(outcome_id=1, read_on="2026-01-01", value=-0.0).value) == 1


def test_outcome_direction_and_indicator_are_checked():
    """Direction is higher or lower; an indicator must be one of the reference keys."""
    assert Outcome(description="x").direction == "higher"
    with pytest.raises(ChoiceError):
        Outcome(description="x", direction="up")
    with pytest.raises(ChoiceError):
        Outcome(description="x", indicator="made_up")
    assert Outcome(description="x", indicator="retained_90").indicator == "retained_90"


def test_reading_needs_a_value_or_a_text():
    """A reading with neither a number nor a text is refused; either one alone is fine."""
    with pytest.raises(RequiredError) as caught:
        Reading(outcome_id=1, read_on="2026-01-01", text="   ")
    assert caught.value.field == "value"
    assert Reading(outcome_id=1, read_on="2026-01-01", text="first cohort in training").text
    assert Reading(outcome_id=1, read_on="2026-01-01", value=0).value == 0.0


def test_reading_text_is_one_short_line():
    """The short text of a reading stays on one line and under 500 characters."""
    with pytest.raises(ValidationError):
        Reading(outcome_id=1, read_on="2026-01-01", text="two\nlines")
    with pytest.raises(ValidationError):
        Reading(outcome_id=1, read_on="2026-01-01", text="x" * 501)


def test_win_names_a_person_only_with_consent():
    """A name without a consent date is refused, with a fix that says what to do."""
    with pytest.raises(ValidationError) as caught:
        Win(won_on="2026-03-01", description="Hired as a machinist", person_name="Dana Ortiz")
    assert caught.value.field == "person name"
    assert "consent" in str(caught.value) and "describe" in str(caught.value)
    named = Win(won_on="2026-03-01", description="Hired as a machinist",
                person_name="Dana Ortiz", consent_on="2026-03-02")
    assert named.names_person


def test_win_consent_cannot_be_taken_away_while_named():
    """Clearing the consent date of a named win is refused too (dataclasses.replace)."""
    named = Win(won_on="2026-03-01", description="Hired", person_name="Dana Ortiz",
                consent_on="2026-03-02")
    with pytest.raises(ValidationError):
        dataclasses.replace(named, consent_on=None)
    anonymous = dataclasses.replace(named, consent_on=None, person_name="")
    assert not anonymous.names_person


def test_win_kind_and_description_are_required():
    """A win says what happened, as one of the known kinds."""
    with pytest.raises(RequiredError):
        Win(won_on="2026-03-01", description="")
    with pytest.raises(ChoiceError):
        Win(won_on="2026-03-01", description="x", win_kind="trophy")
    assert Win(won_on=dt.date(2026, 3, 1), description="x").win_kind == "hired"


def test_indicators_cover_every_group_and_direction():
    """The reference indicators cover job seekers, employers, system and partnership."""
    groups = {i.group for i in reference.INDICATORS}
    assert groups == set(reference.INDICATOR_GROUPS)
    assert {i.direction for i in reference.INDICATORS} <= set(reference.DIRECTIONS)
    assert reference.indicator("time_to_fill").direction == "lower"
    with pytest.raises(KeyError):
        reference.indicator("nope")
    for key in ("enrolled", "completed", "placed", "retained_90", "starting_wage",
                "openings_filled", "time_to_fill", "employer_retention", "system_changes"):
        assert key in reference.INDICATOR_TITLES
