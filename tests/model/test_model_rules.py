"""Field rules of the model: each refusal names the field, the value and the fix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from workbook import (
    ActionItem,
    CapacityRating,
    Cause,
    ChecklistMark,
    Comment,
    HealthCheck,
    Meeting,
    NameVote,
    Organisation,
    Person,
    Solution,
)
from workbook.errors import (
    ChoiceError,
    CycleError,
    DateError,
    RequiredError,
    TooLongError,
    ValidationError,
)
from workbook.model import MAX_TEXT


def test_model_required_names_field_and_fix():
    """An empty required field is refused, naming the field and asking to fill it."""
    with pytest.raises(RequiredError) as caught:
        Organisation(name="   ")
    assert (caught.value.field, caught.value.value) == ("name", "")
    assert str(caught.value) == ("The name is empty. Give it a name, so people can find it "
                                 "in the lists.")


def test_model_required_multiline_keeps_value_in_message():
    """A required free text of only spaces is refused as empty, in words for the room."""
    with pytest.raises(RequiredError) as caught:
        Meeting(held_on="2026-03-10", objective=" \n ")
    assert caught.value.field == "objective"
    assert str(caught.value) == ("The objective is empty. Give the meeting an objective, so "
                                 "everyone knows why they came.")


def test_model_too_long_at_one_past_the_cap():
    """10,000 characters of notes are kept; 10,001 are refused, naming both lengths."""
    kept = Meeting(held_on="2026-03-10", objective="Plan", notes="x" * MAX_TEXT)
    assert len(kept.notes) == 10_000
    with pytest.raises(TooLongError) as caught:
        Meeting(held_on="2026-03-10", objective="Plan", notes="x" * 10_001)
    message = str(caught.value)
    assert caught.value.field == "notes"
    assert "10,001 characters long, over the limit of 10,000" in message
    assert "Shorten it" in message
    assert len(message) < 300  # the value is shown shortened, not pasted whole


def test_model_too_long_name_has_its_own_cap():
    """Names are capped at 200 characters, not at the free-text cap."""
    Organisation(name="n" * 200)
    with pytest.raises(TooLongError, match="201 characters long, over the limit of 200"):
        Organisation(name="n" * 201)


def test_model_choice_lists_allowed_values():
    """A value outside a choice is refused with the list of allowed keys."""
    with pytest.raises(ChoiceError) as caught:
        Organisation(name="Harbourline", partner_type="employer")
    assert (caught.value.field, caught.value.value) == ("partner type", "employer")
    assert "The partner type 'employer' is not one of the choices" in str(caught.value)
    assert "Use one of: own, business, community, government, foundation, labour, " \
           "semi_public." in str(caught.value)


@pytest.mark.parametrize(("typed", "problem", "fix"), [
    ("14/03/2026", "is not a date", "Write it as YYYY-MM-DD"),
    ("2026-02-30", "is not a date", "Write it as YYYY-MM-DD"),
    ("1899-12-31", "is not a plausible date", "Use a date between 1990-01-01"),
    (42, "is not a date", "Write it as YYYY-MM-DD"),
])
def test_model_date_refusals(typed, problem, fix):
    """Malformed and implausible dates are refused with the format or range to use."""
    with pytest.raises(DateError) as caught:
        Meeting(held_on=typed, objective="Plan")
    assert caught.value.field == "held on"
    assert problem in str(caught.value) and fix in str(caught.value)


def test_model_date_accepts_iso_text_and_dates():
    """ISO text becomes a date; dates and datetimes are taken as days."""
    assert Meeting(held_on=" 2026-03-10 ", objective="Plan").held_on == dt.date(2026, 3, 10)
    assert Meeting(held_on=dt.datetime(2026, 3, 10, 9, 30), objective="Plan").held_on == \
        dt.date(2026, 3, 10)


@pytest.mark.parametrize(("typed", "problem"), [
    ("Harbour\x00line", "control character U+0000"),
    ("Harbour\udc80line", "lone surrogate"),
    ("Harbour\nline", "contains a line break"),
    (42, "is not text"),
])
def test_model_text_refusals(typed, problem):
    """Control characters, broken characters, line breaks in names and non-text are refused."""
    with pytest.raises(ValidationError, match=re.escape(problem)) as caught:
        Organisation(name=typed)
    assert caught.value.field == "name"


def test_model_text_keeps_unicode_as_typed():
    """Right-to-left text, combining marks, emoji and markup in free text are kept exactly."""
    typed = "שותפות <b>חיפה</b> e\u0301 👩🏽‍🔧 & \"quotes\"\nsecond line"
    assert Comment(author="Ana", text=typed).text == typed


def test_model_name_keeps_unicode_in_nfc():
    """A name keeps right-to-left text, emoji and markup, in NFC form (é as one character)."""
    typed = "שותפות <b>חיפה</b> e\u0301 👩🏽 & \"quotes\""
    assert Organisation(name=typed).name == typed.replace("e\u0301", "\u00e9")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff",
                                       "\u2060"])
def test_model_name_drops_invisible_characters(invisible):
    """Zero-width characters, soft hyphens and BOMs are taken out of every one-line text."""
    assert Organisation(name=f"Har{invisible}rowgate ").name == "Harrowgate"
    assert Person(name=f"{invisible}Dana Okafor", email=f"dana{invisible}@example.org").email \
        == "dana@example.org"


@pytest.mark.parametrize(("typed", "problem"), [
    ("Har\uffffrowgate", "U+FFFF, which is not a character"),
    ("Har\ufffe", "U+FFFE, which is not a character"),
    ("Har\ufdd0", "U+FDD0, which is not a character"),
    ("Har\ufdef", "U+FDEF, which is not a character"),
    ("Har\U0001fffe", "U+1FFFE, which is not a character"),
    ("Har\U0010ffff", "U+10FFFF, which is not a character"),
    ("Har\x85", "control character U+0085"),
    ("Har\x9f", "control character U+009F"),
    ("Har\x7f", "control character U+007F"),
    ("Har\x0b", "control character U+000B"),
    ("Har\ud800", "lone surrogate"),
])
def test_model_text_refuses_what_xml_cannot_hold(typed, problem):
    """Every code point an XML export cannot hold is refused in names and in free text."""
    with pytest.raises(ValidationError, match=re.escape(problem)) as caught:
        Organisation(name=typed)
    assert "Remove it" in str(caught.value) or "Retype" in str(caught.value)
    with pytest.raises(ValidationError, match=re.escape(problem)):
        Comment(author="Ana", text=f"first line\n{typed}")


def test_model_text_accepts_every_other_code_point():
    """Characters next to the refused ranges (U+FDCF, U+FFFD, U+1FFFD, tab) are kept."""
    typed = "a\ufdcf\ufdf0\ufffd\U0001fffd\U00010000\tb"
    assert Comment(author="Ana", text=typed).text == typed


def test_model_text_list_drops_blanks_and_caps_items():
    """List items are trimmed, blanks dropped; past the item limit the list is refused."""
    assert Meeting(held_on="2026-03-10", objective="Plan",
                   agenda=[" Welcome ", "", "  ", "Next steps"]).agenda == \
        ("Welcome", "Next steps")
    with pytest.raises(ValidationError, match="has more than 100 items"):
        Meeting(held_on="2026-03-10", objective="Plan", agenda=[f"i{n}" for n in range(101)])
    with pytest.raises(ValidationError, match="is not a list of texts"):
        Meeting(held_on="2026-03-10", objective="Plan", agenda="Welcome")


def test_model_numbers_range_and_type():
    """Whole numbers outside their range, or not whole numbers, are refused with the range."""
    with pytest.raises(ValidationError, match="Enter a number from 1 to 4"):
        CapacityRating(organisation_id=1, competency="vision_goals", rating=5)
    with pytest.raises(ValidationError, match="is not a whole number"):
        HealthCheck(organisation_id=1, checked_on="2026-03-10", services=True)
    with pytest.raises(ValidationError, match="Enter a number from 1 to 12"):
        NameVote(opened_on="2026-03-10", dots_per_participant=0)


def test_model_references_must_be_ids():
    """A reference takes a positive id; a required one must be given."""
    with pytest.raises(RequiredError, match="Pick who does it"):
        ActionItem(action="Call")
    with pytest.raises(ValidationError, match="is not the number of a stored record"):
        ActionItem(action="Call", owner_id="Ana")
    with pytest.raises(ValidationError, match="is not the number of a stored record"):
        ActionItem(action="Call", owner_id=0)


def test_model_cause_under_itself_is_a_cycle():
    """A cause cannot be its own parent."""
    with pytest.raises(CycleError) as caught:
        Cause(id=3, problem_id=1, parent_id=3, statement="Pay lags")
    assert caught.value.field == "parent"
    assert "Put the cause under the problem" in str(caught.value)


def test_model_cross_field_rules():
    """Rules spanning fields: done date needs done status; tried solutions need lessons."""
    with pytest.raises(ValidationError, match="The done on '2026-03-10' is set but the status"):
        ActionItem(action="Call", owner_id=1, done_on="2026-03-10")
    ActionItem(action="Call", owner_id=1, done_on="2026-03-10", status="done")
    with pytest.raises(ValidationError, match="The resource is missing"):
        Solution(problem_id=1, description="Reuse the grant", solution_kind="existing")
    with pytest.raises(ValidationError, match="lessons"):
        Solution(problem_id=1, description="Job fair", tried_before=True)
    with pytest.raises(ValidationError, match="The email 'ana at example.org'"):
        Person(name="Ana", email="ana at example.org")
    with pytest.raises(ChoiceError, match="checklist item"):
        ChecklistMark(phase="preparation", item="no_such_item")


def test_model_replace_runs_the_rules_again():
    """Changing a copy with dataclasses.replace validates like constructing it."""
    org = Organisation(name="Harbourline")
    with pytest.raises(ChoiceError):
        dataclasses.replace(org, status="sleeping")
    assert dataclasses.replace(org, name="  Harbourline Metal ").name == "Harbourline Metal"


def test_check_text_refuses_exactly_the_control_surrogate_and_noncharacters():
    """Every code point: refused when it is a control (other than tab and line ends), a
    surrogate or a noncharacter, kept otherwise (the quick look finds exactly what the slow
    one would)."""
    import unicodedata

    from workbook.model.base import check_text

    for code in range(0x110000):
        char = chr(code)
        bad = ((unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r")
               or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
        try:
            check_text("notes", f"a{char}b")
        except ValidationError:
            assert bad, hex(code)
        else:
            assert not bad, hex(code)
    with pytest.raises(ValidationError, match="line break"):
        check_text("name", "a\rb", multiline=False)
