"""Readings and wins in the store: uniqueness per day, credited partners, removal."""

from __future__ import annotations

import pytest

from workbook import Organisation, Outcome, Partnership, Reading, Win, Workbook
from workbook.errors import DuplicateError, NotFoundError, ValidationError


@pytest.fixture
def wb():
    book = Workbook.memory(Partnership(working_title="Valley", sector="Mfg", region="V"))
    yield book
    book.close()


def test_one_reading_per_outcome_and_day(wb):
    """A second reading of the same outcome on the same day is refused; another day is not."""
    outcome = wb.add(Outcome(description="Retention", unit="%"))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-31", value=61))
    with pytest.raises(DuplicateError):
        wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-31", value=62))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-02-28", value=63))
    assert [r.value for r in wb.readings(outcome.id)] == [61.0, 63.0]


def test_reading_of_unknown_outcome_refused(wb):
    """A reading must belong to an outcome of this workbook."""
    with pytest.raises(NotFoundError):
        wb.add(Reading(outcome_id=99, read_on="2026-01-31", value=1))


def test_win_credits_partners_and_removes_them_with_it(wb):
    """Credited partners are stored with the win and go when the win is removed."""
    a = wb.add(Organisation(name="Acme"))
    b = wb.add(Organisation(name="Bolt College"))
    win = wb.add_win(Win(won_on="2026-02-01", description="First apprentice"), [b.id, a.id, a.id])
    assert [o.name for o in wb.credited_partners(win.id)] == ["Acme", "Bolt College"]
    wb.credit_partners(win.id, [b.id])
    assert wb.win_partner_rows() == [(win.id, b.id)]
    wb.delete(Win, win.id)
    assert wb.win_partner_rows() == []


def test_win_with_unknown_partner_stores_nothing(wb):
    """Crediting a partner that does not exist refuses the whole win."""
    with pytest.raises(NotFoundError):
        wb.add_win(Win(won_on="2026-02-01", description="First apprentice"), [42])
    assert wb.all(Win) == []


def test_credited_partner_cannot_be_deleted(wb):
    """An organisation credited with a win stays until the credit is taken away."""
    org = wb.add(Organisation(name="Acme"))
    wb.add_win(Win(won_on="2026-02-01", description="Hired"), [org.id])
    with pytest.raises(ValidationError):
        wb.delete(Organisation, org.id)


def test_too_many_partners_refused(wb):
    """More than MAX_CREDITED partners on one win is refused."""
    from workbook.store.measurement import MAX_CREDITED

    win = wb.add(Win(won_on="2026-02-01", description="Hired"))
    with pytest.raises(ValidationError):
        wb.credit_partners(win.id, range(1, MAX_CREDITED + 2))


def test_add_readings_stores_many_in_one_undoable_step(wb):
    """A sheet's readings: all stored with ids, one step of the history, undone whole."""
    outcome = wb.add(Outcome(description="Placed", unit="people"))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-01", value=1))
    stored = wb.add_readings([Reading(outcome_id=outcome.id, read_on=f"2026-02-{d:02d}",
                                      value=d) for d in range(1, 29)])
    assert [r.value for r in stored] == [float(d) for d in range(1, 29)]
    assert len({r.id for r in stored}) == 28 and wb.count(Reading) == 29
    assert len(wb.last_change()) == 28
    wb.undo_last()
    assert [r.value for r in wb.readings()] == [1.0]


def test_add_readings_refuses_all_for_one_duplicate_or_unknown(wb):
    """One reading on a day already read, or of no outcome: nothing is stored."""
    outcome = wb.add(Outcome(description="Placed", unit="people"))
    wb.add(Reading(outcome_id=outcome.id, read_on="2026-01-01", value=1))
    fresh = Reading(outcome_id=outcome.id, read_on="2026-01-02", value=2)
    with pytest.raises(DuplicateError):
        wb.add_readings([fresh, Reading(outcome_id=outcome.id, read_on="2026-01-01",
                                        value=3)])
    with pytest.raises(DuplicateError):
        wb.add_readings([fresh, fresh])
    with pytest.raises(NotFoundError):
        wb.add_readings([fresh, Reading(outcome_id=999, read_on="2026-01-03", value=3)])
    assert wb.count(Reading) == 1
