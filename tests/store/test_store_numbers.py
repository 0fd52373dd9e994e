"""Ids no workbook can hold (2**63 and more) are simply not found, never an OverflowError."""

from __future__ import annotations

import pytest

from workbook import Meeting, Person
from workbook.errors import NotFoundError, ValidationError
from workbook.model.base import Rule

HUGE = [2**63, -(2**63) - 1, 10**5000]
IDS = ["2**63", "-2**63-1", "10**5000"]


@pytest.mark.parametrize("number", HUGE, ids=IDS)
def test_get_with_a_huge_id_is_not_found(demo_wb, number):
    """``get`` says the meeting does not exist."""
    with pytest.raises(NotFoundError):
        demo_wb.get(Meeting, number)


@pytest.mark.parametrize("number", HUGE, ids=IDS)
def test_all_filtered_on_a_huge_value_is_empty(demo_wb, number):
    """``all`` filtered on such a value finds nothing."""
    assert demo_wb.all(Meeting, id=number) == []


@pytest.mark.parametrize("number", HUGE, ids=IDS)
def test_model_refuses_a_huge_reference(number):
    """A reference of that size is refused by the model with a short message."""
    with pytest.raises(ValidationError, match="is not the number of a stored record") as caught:
        Person(name="Ana Ruiz", organisation_id=number)
    assert len(str(caught.value)) < 300


def test_model_refuses_a_huge_unbounded_whole_number():
    """A whole-number field without bounds still refuses what SQLite cannot store."""
    with pytest.raises(ValidationError, match="too large"):
        Rule("int").apply("count", 2**63)
    assert Rule("int").apply("count", 2**63 - 1) == 2**63 - 1


@pytest.mark.parametrize("number", [2**31, 2**40, -(2**31) - 1], ids=["2**31", "2**40", "-2**31-1"])
def test_an_id_beyond_the_servers_columns_is_not_found_either(wb, number):
    """A server's id columns are 32 bits: an id past them (a phone's item, a typed number)
    names no stored row there too, as in a file, never the server's out-of-range error."""
    from workbook import Organisation

    org = wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    person = wb.add(Person(name="Ana Ruiz", organisation_id=org.id))
    with pytest.raises(NotFoundError):
        wb.get(Organisation, number)
    assert wb.all(Person, organisation_id=number) == []
    assert wb.count(Person, organisation_id=number) == 0
    if number > 0:
        with pytest.raises(NotFoundError):
            wb.add(Person(name="Ben Ruiz", organisation_id=number))
        with pytest.raises(NotFoundError):
            wb.update(Person, person.id, {"organisation_id": number})
    with pytest.raises(NotFoundError):
        wb.remove(Organisation, number)
    assert wb.get(Person, person.id).organisation_id == org.id
