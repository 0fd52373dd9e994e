"""Readings as partners write them (field cases 21, 23, 25 of round three, and variants):
quarters and program years, percent-formatted cells, decimal commas, "no reading" markers.
Nothing is stored wrong in silence: what cannot be told apart is asked."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as ExcelBook

from workbook import Outcome
from workbook.errors import ImportFileError
from workbook.interchange.readings_sheet import import_readings, preview_readings
from workbook.interchange.sheet_values import (
    COMMA,
    POINT,
    is_marker,
    number_convention,
    quarter_end,
    read_number,
)
from workbook.interchange.sheets import read_file

CASES = Path(__file__).parent.parent / "fixtures" / "turn3"
RETENTION = "Entry-level hires still employed after 90 days"
CREDENTIALS = "Incumbent workers completing a credential"


def _preview(wb, name, data=None, **options):
    data = (CASES / name).read_bytes() if data is None else data
    read = read_file(name, data)
    return preview_readings(read.frame, wb, name=name, delimiter=read.delimiter, **options)


def _stored(rows):
    return [(r.reading.read_on.isoformat(), r.outcome, r.reading.value)
            for r in rows if r.status == "new"]


def test_case_21_program_year_quarters_and_markers(demo_wb):
    """PY2026 Q1..Q3 are the quarters' last days (July start); ``*`` and ``N/A`` are no
    reading, listed as skipped with the reason, and said in a note."""
    rows = _preview(demo_wb, "21-wioa-quarterly-PY2026.csv")
    assert rows.ready
    assert _stored(rows) == [("2026-09-30", RETENTION, 70.5), ("2026-09-30", CREDENTIALS, 47.0),
                             ("2026-12-31", RETENTION, 72.5), ("2027-03-31", CREDENTIALS, 52.0)]
    skipped = {(r.row, r.values["value"]) for r in rows if r.skipped.startswith("no reading")}
    assert skipped == {(3, "*"), (4, "N/A")}
    assert any("September 30, 2026" in n and "July 1" in n for n in rows.notes)
    assert any("(*, N/A)" in n for n in rows.notes)
    stored = import_readings(demo_wb, rows)
    assert len(stored) == 4 and all(r.text == "" for r in stored)


def test_case_23_percent_formatted_cells_read_as_shown(demo_wb):
    """Cells formatted 0.0% (stored 0.725) are 72.5, 73.1, 74.8 on the % outcome."""
    rows = _preview(demo_wb, "23-retention-2027.xlsx")
    assert [v for *_, v in _stored(rows)] == [72.5, 73.1, 74.8]


def test_case_25_decimal_commas_shown_by_the_sheet(demo_wb):
    """``72,5`` shows the sheet's decimal comma, so ``1.204`` is 1204; the preview says so."""
    rows = _preview(demo_wb, "25-kennzahlen-partner.csv")
    assert rows.decimal == COMMA and rows.ready
    assert _stored(rows) == [("2027-01-31", RETENTION, 72.5),
                             ("2027-01-31", CREDENTIALS, 1204.0),
                             ("2027-02-28", RETENTION, 73.1),
                             ("2027-02-28", CREDENTIALS, 1180.0)]
    assert any("1.204 is read as 1,204" in n for n in rows.notes)


def test_ambiguous_thousands_are_asked_never_guessed(demo_wb):
    """Only ``1.204``-style cells: the preview asks and the import refuses until chosen."""
    data = f"Date;{CREDENTIALS}\n2027-01-31;1.204\n2027-02-28;1.180\n".encode()
    rows = _preview(demo_wb, "figures.csv", data)
    assert rows.decimal is None and not rows.ready
    assert "decimal comma" in rows.questions[0]
    with pytest.raises(ImportFileError, match="Nothing was imported"):
        import_readings(demo_wb, rows)
    chosen = _preview(demo_wb, "figures.csv", data, decimal=COMMA)
    assert [v for *_, v in _stored(chosen)] == [1204.0, 1180.0]
    chosen = _preview(demo_wb, "figures.csv", data, decimal=POINT)
    assert [v for *_, v in _stored(chosen)] == [1.204, 1.18]


def test_fiscal_year_quarter_says_how_to_write_it(demo_wb):
    """FY quarters depend on the organisation: refused with the fix, not guessed."""
    data = f"Quarter,{CREDENTIALS}\nFY2026 Q1,40\n".encode()
    rows = _preview(demo_wb, "fy.csv", data)
    assert "fiscal-year quarter" in rows[0].error and "YYYY-MM-DD" in rows[0].error


def test_footnote_marks_are_left_out_and_noted(demo_wb):
    """``72.5*`` is 72.5 with a note; ``n<10`` is no reading."""
    data = f"Date,{RETENTION},{CREDENTIALS}\n2027-01-31,72.5*,n<10\n".encode()
    rows = _preview(demo_wb, "f.csv", data)
    new = [r for r in rows if r.status == "new"]
    assert [r.reading.value for r in new] == [72.5]
    assert "footnote" in new[0].reading.note
    assert [r.status for r in rows if r.outcome == CREDENTIALS] == ["skip"]


# -- generated variants -------------------------------------------------------------------

def _write(value: float, decimal: str, grouped: bool) -> str:
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    if decimal == COMMA:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


@given(values=st.lists(st.integers(min_value=1, max_value=9_999_999).map(lambda n: n / 100),
                       min_size=1, max_size=12),
       decimal=st.sampled_from([POINT, COMMA]), grouped=st.booleans())
def test_numbers_read_back_in_either_convention(values, decimal, grouped):
    """Numbers written with two decimals in either convention read back as written."""
    cells = [_write(v, decimal, grouped) for v in values]
    convention = number_convention(cells)
    assert convention.decimal == decimal
    assert [read_number(c, decimal) for c in cells] == pytest.approx(values)


@given(whole=st.integers(min_value=1, max_value=999), part=st.integers(0, 999),
       decimal=st.sampled_from([".", ","]))
def test_a_lone_three_digit_group_is_never_guessed_silently(whole, part, decimal):
    """``1.204`` alone is asked; ``1,204`` alone is asked in a semicolon file."""
    cell = f"{whole}{decimal}{part:03d}"
    delimiter = ";" if decimal == "," else ","
    assert number_convention([cell], delimiter=delimiter).decimal is None


@given(year=st.integers(2000, 2090), quarter=st.integers(1, 4),
       spelling=st.sampled_from(["{y} Q{q}", "Q{q} {y}", "{y}-Q{q}", "Q{q}-{y}", "{y}Q{q}",
                                 "Quarter {q} {y}"]))
def test_calendar_quarters_end_on_their_last_day(year, quarter, spelling):
    """Every spelling of a calendar quarter gives the quarter's last day."""
    day = quarter_end(spelling.format(y=year, q=quarter))
    assert day is not None and day.year == year and day.month == 3 * quarter
    assert (day + dt.timedelta(days=1)).day == 1


@given(year=st.integers(2000, 2090), quarter=st.integers(1, 4),
       spelling=st.sampled_from(["PY{y} Q{q}", "PY {y} Q{q}", "PY{y}-Q{q}", "py{y} q{q}",
                                 "PY{s} Q{q}"]))
def test_program_year_quarters_start_in_july(year, quarter, spelling):
    """PY Q1 ends September 30 of the year named, Q4 June 30 of the next."""
    day = quarter_end(spelling.format(y=year, s=f"{year % 100:02d}", q=quarter))
    first_month = dt.date(year, 7, 1)
    expected_month = (first_month.month - 1 + 3 * quarter - 1) % 12 + 1
    assert day is not None and day.month == expected_month
    assert day.year == year + (1 if quarter >= 3 else 0)


@given(marker=st.sampled_from(["*", "**", "N/A", "n/a", "NA", "--", "\u2014", "(s)", "n<10",
                               "n < 5", "<10", "Suppressed", "DS", "\u2020"]),
       pad=st.sampled_from(["", " ", "  "]))
def test_markers_are_no_reading(marker, pad):
    """Every common suppression marker, however padded, means no reading."""
    assert is_marker(pad + marker + pad)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(min_value=0, max_value=1000).map(lambda n: n / 1000),
                       min_size=1, max_size=6, unique=True),
       fmt=st.sampled_from(["0%", "0.0%", "0.00%", "#,##0.0%"]))
def test_percent_formatted_cells_read_as_the_sheet_shows(wb, values, fmt):
    """Any percent format: the reading is the percentage, never the stored fraction."""
    if not wb.all(Outcome):
        wb.add(Outcome(description="Placed", unit="%"))
    book = ExcelBook()
    sheet = book.active
    sheet.append(["Date", "Placed"])
    for n, value in enumerate(values):
        sheet.append([dt.date(2027, 1, 1) + dt.timedelta(days=n), value])
        sheet.cell(row=n + 2, column=2).number_format = fmt
    buffer = io.BytesIO()
    book.save(buffer)
    rows = _preview(wb, "placed.xlsx", buffer.getvalue())
    assert [r.reading.value for r in rows] == pytest.approx([v * 100 for v in values])


def test_fractions_on_a_percent_outcome_are_asked_then_read_as_chosen(demo_wb):
    """A CSV of 0.725-style figures for a % outcome whose target is over 1 is asked about,
    never stored as 0.725% in silence; the answer reads them as 72.5."""
    data = f"Date,{RETENTION}\n2027-01-31,0.725\n2027-02-28,0.731\n".encode()
    rows = _preview(demo_wb, "f.csv", data)
    assert not rows.ready and "fractions of one" in rows.questions[0]
    with pytest.raises(ImportFileError, match="fractions"):
        import_readings(demo_wb, rows)
    scaled = _preview(demo_wb, "f.csv", data, fractions="percent")
    assert [r.reading.value for r in scaled] == [72.5, 73.1] and scaled.ready
    kept = _preview(demo_wb, "f.csv", data, fractions="as written")
    assert [r.reading.value for r in kept] == [0.725, 0.731] and kept.ready
