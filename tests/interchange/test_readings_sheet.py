"""Readings from a sheet: both layouts, numbers in their units, skips and refusals."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook as ExcelBook

from workbook import Organisation, Outcome, Reading
from workbook.errors import DuplicateError, ImportFileError, NotFoundError
from workbook.interchange.readings_sheet import (
    BY_OUTCOME,
    BY_READING,
    detect_layout,
    import_readings,
    preview_readings,
)
from workbook.interchange.sheets import read_sheet


@pytest.fixture
def measured(wb):
    """Two outcomes (a percentage and a money one) and a partner."""
    wb.add(Outcome(description="Still employed after 90 days", unit="%"))
    wb.add(Outcome(description="Starting wage", unit="$ per hour"))
    wb.add(Organisation(name="Kestrel Valley Workforce Board"))
    return wb


def _csv(text: str, name: str = "figures.csv"):
    return read_sheet(name, text.encode("utf-8"))


def test_one_column_per_outcome(measured):
    """A date column and a column per outcome: each filled cell is one reading."""
    frame = _csv("Date,Still employed after 90 days,starting WAGE\n"
                 "2026-01-31,61.5%,$18.25\n2026-02-28,63,\n2026-03,counting again,19\n")
    assert detect_layout(frame.columns) == BY_OUTCOME
    rows = preview_readings(frame, measured, name="figures.csv")
    assert [r.status for r in rows] == ["new"] * 5
    stored = import_readings(measured, rows)
    by_day = {(r.outcome_id, r.read_on.isoformat()): (r.value, r.text) for r in stored}
    assert by_day[(1, "2026-01-31")] == (61.5, "")
    assert by_day[(2, "2026-01-31")] == (18.25, "")
    assert by_day[(1, "2026-03-01")] == (None, "counting again")
    assert all(r.source == "Sheet figures.csv" for r in stored)


def test_one_row_per_reading_from_excel(measured):
    """Outcome, date and value columns, with who reported it; read from an .xlsx."""
    book = ExcelBook()
    sheet = book.active
    sheet.append(["Outcome", "Read on", "Value", "Reported by", "Organisation", "Note"])
    sheet.append(["Starting wage", "2026-04-30", 18.5, "Mei", "kestrel valley workforce board",
                  "=1+1"])
    sheet.append(["Still employed after 90 days", "2026-04-30", "1,204", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_sheet("figures.xlsx", buffer.getvalue())
    assert detect_layout(frame.columns) == BY_READING
    rows = preview_readings(frame, measured, source="Quarterly figures")
    stored = import_readings(measured, rows)
    assert [(r.value, r.reported_by, r.organisation_id, r.source, r.note) for r in stored] == [
        (18.5, "Mei", 1, "Quarterly figures", ""),  # a formula is never run
        (1204.0, "", None, "Quarterly figures", "")]


def test_existing_reading_is_skipped_and_import_runs_again(measured):
    """A reading already stored (same outcome, same day) is skipped, not doubled."""
    measured.add(Reading(outcome_id=1, read_on="2026-01-31", value=60))
    frame = _csv("Date,Still employed after 90 days\n2026-01-31,61\n2026-02-28,62\n")
    rows = preview_readings(frame, measured)
    assert [r.status for r in rows] == ["skip", "new"]
    import_readings(measured, rows)
    again = preview_readings(frame, measured)
    assert [r.status for r in again] == ["skip", "skip"] and import_readings(measured, again) == []
    assert [r.value for r in measured.readings(1)] == [60.0, 62.0]


@pytest.mark.parametrize(("text", "problem"), [
    ("Date,Still employed after 90 days\n31/31/2026,61\n", "is not a date"),
    ("Outcome,Date,Value\nMade-up outcome,2026-01-31,4\n", "is not an outcome"),
    ("Outcome,Date,Value,Organisation\nStarting wage,2026-01-31,4,Nobody Inc\n",
     "is not a partner"),
    ("Date,Still employed after 90 days\n2026-01-31,1e15\n", "plausible number"),
    ("Outcome,Date,Value\nStarting wage,2026-01-31,4\nstarting wage,2026-01-31,5\n",
     "repeats the reading of row 2"),
])
def test_bad_rows_refuse_the_whole_import(measured, text, problem):
    """Any row with an error stops the import; the message names the row and the fix."""
    rows = preview_readings(_csv(text), measured)
    assert any(problem in r.error for r in rows)
    with pytest.raises(ImportFileError, match="Row [23]") as caught:
        import_readings(measured, rows)
    assert "Nothing was imported" in str(caught.value)
    assert measured.readings() == []


def test_sheet_without_date_or_with_unknown_column_is_asked(measured):
    """No date column, or a column that is no outcome: the preview asks which column holds
    what (not ready), and importing it stores nothing, naming what to choose."""
    rows = preview_readings(_csv("Still employed after 90 days\n61\n"), measured)
    assert not rows.ready and "no date column" in rows.questions[0]
    with pytest.raises(ImportFileError, match="no date column"):
        import_readings(measured, rows)
    rows = preview_readings(_csv("Date,Apples\n2026-01-31,3\n"), measured)
    assert not rows.ready and "'Apples' is not an outcome" in rows.questions[0]
    assert rows.mapping is not None and rows.mapping.unmapped() == ["Apples"]
    with pytest.raises(ImportFileError, match="'Apples' is not an outcome"):
        import_readings(measured, rows)
    assert measured.readings() == []


def _sheet_of(wb, days: int = 3):
    text = "Date,Still employed after 90 days,Starting wage\n" + "".join(
        f"2026-01-{day:02d},{60 + day}%,${18 + day}\n" for day in range(1, days + 1))
    return preview_readings(_csv(text), wb, name="figures.csv")


def test_import_stores_every_reading_as_one_step_undone_whole(measured):
    """All readings of a sheet are stored with their ids, logged in one step; one Undo
    takes them all back."""
    rows = _sheet_of(measured, days=20)
    stored = import_readings(measured, rows, source="figures.csv")
    assert len(stored) == 40 and len({r.id for r in stored}) == 40
    assert sorted((r.outcome_id, r.read_on, r.value) for r in measured.all(Reading)) == \
        sorted((r.outcome_id, r.read_on, r.value) for r in stored)
    step = measured.undo_candidate()
    assert step is not None and "Import 40 readings from figures.csv" in step.label
    measured.undo(step.batch)
    assert measured.all(Reading) == []


def test_import_refuses_a_reading_stored_meanwhile_and_stores_nothing(measured):
    """A reading another notebook stored after the preview (same outcome, same day) is
    refused by the import's own check; nothing of the sheet is stored."""
    rows = _sheet_of(measured)
    first = next(r.reading for r in rows if r.reading is not None)
    measured.add(Reading(outcome_id=first.outcome_id, read_on=first.read_on, value=1))
    with pytest.raises(DuplicateError):
        import_readings(measured, rows)
    assert len(measured.all(Reading)) == 1


def test_import_refuses_an_outcome_removed_meanwhile_and_stores_nothing(measured):
    rows = _sheet_of(measured)
    gone = next(r.reading for r in rows if r.reading is not None).outcome_id
    measured.delete(Outcome, gone)
    with pytest.raises(NotFoundError, match="is not an outcome in this workbook"):
        import_readings(measured, rows)
    assert measured.all(Reading) == []
