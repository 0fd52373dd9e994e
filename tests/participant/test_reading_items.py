"""A partner sends a reading of an outcome in a contribution file, reviewed like the rest."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbook import Outcome, Reading, Workbook
from workbook.errors import ValidationError
from workbook.participant.contribution import parse
from workbook.participant.importer import apply, preview
from workbook.participant.items import check_item, describe


def _reading(outcome_id: int, **fields):
    item = {"kind": "reading", "outcome_id": outcome_id, "read_on": "2026-11-20", "value": 73.5,
            "text": "", "source": "Payroll export", "note": ""}
    item.update(fields)
    return item


def _retention(wb: Workbook) -> Outcome:
    return next(o for o in wb.all(Outcome) if o.unit == "%" and o.indicator == "retained_90")


def test_reading_item_is_checked_by_the_model():
    """Value a number or null with a text; a date as YYYY-MM-DD; booleans refused."""
    assert check_item(_reading(1))["value"] == 73.5
    assert check_item(_reading(1, value=None, text="counting"))["text"] == "counting"
    with pytest.raises(ValidationError, match="value"):
        check_item(_reading(1, value=None, text=""))
    with pytest.raises(ValidationError, match="is not a number"):
        check_item(_reading(1, value=True))
    with pytest.raises(ValidationError, match="is not a number"):
        check_item(_reading(1, value="73.5"))
    with pytest.raises(ValidationError, match="read on"):
        check_item(_reading(1, read_on="20/11/2026"))


def test_partner_reading_previewed_and_stored_with_who_sent_it(meeting_wb: Workbook,
                                                               make_file: Callable) -> None:
    """The reading is one step of the preview; accepted, it names the partner who sent it."""
    outcome = _retention(meeting_wb)
    raw = make_file([_reading(outcome.id)])
    plan = preview(meeting_wb, parse(raw, meeting_wb))
    step = next(s for s in plan.steps if s.kind == "reading")
    assert step.action == "add"
    assert step.summary == ("Reading of Entry-level hires still employed after 90 days on "
                            "November 20, 2026: 73.5 %")
    apply(meeting_wb, plan)
    stored = [r for r in meeting_wb.readings(outcome.id) if r.read_on.isoformat() == "2026-11-20"]
    assert [(r.value, r.reported_by, r.source) for r in stored] == [
        (73.5, "Rosa Quintero", "Payroll export")]
    assert stored[0].organisation_id == meeting_wb.organisation_named("Quintero Composites").id


def test_partner_reading_can_be_rejected(meeting_wb: Workbook, make_file: Callable) -> None:
    """The facilitator rejects the reading: nothing of it is stored."""
    outcome = _retention(meeting_wb)
    before = len(meeting_wb.readings(outcome.id))
    plan = preview(meeting_wb, parse(make_file([_reading(outcome.id)]), meeting_wb))
    step = next(s for s in plan.steps if s.kind == "reading")
    apply(meeting_wb, plan, rejected=[step.key])
    assert len(meeting_wb.readings(outcome.id)) == before


def test_reading_of_a_day_already_read_is_not_possible(meeting_wb: Workbook,
                                                       make_file: Callable) -> None:
    """A reading for a day the workbook has already read is listed as not possible."""
    outcome = _retention(meeting_wb)
    day = meeting_wb.readings(outcome.id)[-1].read_on.isoformat()
    plan = preview(meeting_wb, parse(make_file([_reading(outcome.id, read_on=day)]),
                                     meeting_wb))
    step = next(s for s in plan.steps if s.kind == "reading")
    assert step.action == "none" and "on that day" in step.note


def test_reading_of_unknown_outcome_is_not_possible(meeting_wb: Workbook,
                                                    make_file: Callable) -> None:
    """An outcome removed (or never there) makes the reading step impossible, not an error."""
    outcome = meeting_wb.add(Outcome(description="Short-lived"))
    raw = make_file([_reading(outcome.id)])
    meeting_wb.delete(Outcome, outcome.id)
    step = next(s for s in preview(meeting_wb, parse(raw, meeting_wb)).steps
                if s.kind == "reading")
    assert step.action == "none" and "not in the workbook" in step.note
    assert describe(meeting_wb, check_item(_reading(outcome.id))).startswith(
        f"Reading of outcome {outcome.id}")


def test_reading_import_is_exact_through_json(meeting_wb: Workbook, make_file: Callable) -> None:
    """The stored reading equals what the file said (value, day, text)."""
    outcome = _retention(meeting_wb)
    apply(meeting_wb, preview(meeting_wb, parse(make_file(
        [_reading(outcome.id, value=None, text="first cohort still training")]), meeting_wb)))
    stored = meeting_wb.all(Reading, outcome_id=outcome.id, read_on="2026-11-20")
    assert [(r.value, r.text) for r in stored] == [(None, "first cohort still training")]
