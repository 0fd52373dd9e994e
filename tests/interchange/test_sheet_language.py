"""The sheet importers speak the reader's language: why a column is asked about, why a row
is not an entry, a cell's problem, and the readings importer's notes (quarters, the
decimal comma, footnotes) are catalog sentences; what the sheet holds stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook import i18n
from workbook.errors import ImportFileError
from workbook.interchange import sheets
from workbook.interchange.readings_sheet import preview_readings
from workbook.interchange.sheet_checks import looks_wrong
from workbook.interchange.sheet_table import build_table
from workbook.testing import add_organisation
from workbook.testing.pseudo import english_left, strict_markers

TURN3 = Path(__file__).parent.parent / "fixtures" / "turn3"
SHEETS = Path(__file__).parent.parent / "fixtures" / "sheets"
RETENTION = "Entry-level hires still employed after 90 days"
CREDENTIALS = "Incumbent workers completing a credential"
FOOTNOTES = f"Date,{RETENTION},{CREDENTIALS}\n2027-01-31,72.5*,n<10\n".encode()
TABLE = [["Program", "Provider", "Kind"], ["Welding I", "Valley College", "Training"],
         ["Machining", "Valley College", "Training"], ["WELDING TRACK", "", ""],
         ["CNC basics", "Valley College", "Training"], ["Total", "3", ""], ["", "", ""],
         ["Source: state training list", "", ""]]


def _readings(wb, name, data=None):
    data = (TURN3 / name).read_bytes() if data is None else data
    read = sheets.read_file(name, data)
    return preview_readings(read.frame, wb, name=name, delimiter=read.delimiter)


def _cells(data: bytes) -> list[str]:
    """Every cell of a CSV sheet: what the sheet holds is typed text."""
    text = data.decode("utf-8-sig")
    return sorted({c.strip() for line in text.splitlines() for c in line.replace(";", ",")
                   .split(",") if c.strip()}, key=len, reverse=True)


def test_column_doubts_and_skipped_rows_read_in_spanish():
    """Why a guessed column is dropped and why a row is no entry, in Spanish."""
    with i18n.use_language("es"):
        assert looks_wrong("name", ["20145", "20146"]) == "números o identificadores"
        assert looks_wrong("owner", ["Bea Santos"], people={"bea santos"}) == \
            "nombres de personas"
        assert looks_wrong("resource_kind", ["Approved", "Denied"]).startswith(
            "valores que no son tipos del mapa (Approved, Denied")
        table = build_table(TABLE)
    assert sorted(table.skipped.values()) == [
        "un título de sección ('WELDING TRACK'), no una entrada",
        "una fila de totales, no una entrada",
        "una nota debajo de la tabla, no una entrada"]


def test_column_doubts_and_skipped_rows_have_no_unwrapped_english():
    """In the pseudo language only the sheet's own words stand outside the markers."""
    typed = sorted({c for row in TABLE for c in row if c} | {"Approved", "Denied"},
                   key=len, reverse=True)
    with i18n.use_language(i18n.PSEUDO), strict_markers():
        shown = [looks_wrong(field, cells, people={"bea santos"}) for field, cells in (
            ("name", ["20145", "20146"]), ("name", ["a@b.org", "c@d.org"]),
            ("name", ["www.example.org", "example.com"]), ("owner", ["Bea Santos"]),
            ("name", ["We train welders for the shipyard and the plants on the river."] * 2),
            ("resource_kind", ["Approved", "Denied"]), ("status", ["Approved", "Denied"]))]
        shown += list(build_table(TABLE).skipped.values())
        with pytest.raises(ImportFileError) as refused:
            build_table([["Program", "Provider"]])
        shown.append(str(refused.value))
    assert all(shown)
    for text in shown:
        assert english_left(text, typed) == [], text


@pytest.mark.parametrize("name", ["formulas-no-cached-values-openpyxl.xlsx"])
def test_a_cells_problem_reads_in_spanish(wb, name):
    """A formula never calculated: the row's refusal names the problem in Spanish."""
    add_organisation(wb, name="Valley College", partner_type="semi_public")
    with i18n.use_language("es"):
        preview = sheets.preview_sheet(wb, name, (SHEETS / name).read_bytes())
        flagged = [r for r in preview.rows if r.outcome == "error"]
    assert flagged and all("nunca se calculó" in r.error for r in flagged)
    assert all("never" not in r.error for r in flagged)


def test_readings_notes_read_in_spanish(demo_wb):
    """The quarter, decimal comma and footnote notes, a fiscal-year quarter's and a bad
    date's refusals, and the note stored with a reading, in Spanish."""
    with i18n.use_language("es"):
        quarters = _readings(demo_wb, "21-wioa-quarterly-PY2026.csv")
        commas = _readings(demo_wb, "25-kennzahlen-partner.csv")
        marks = _readings(demo_wb, "f.csv", FOOTNOTES)
        fiscal = _readings(demo_wb, "fy.csv", f"Quarter,{CREDENTIALS}\nFY2026 Q1,40\n".encode())
        wrong = _readings(demo_wb, "d.csv", f"Date,{CREDENTIALS}\nsoon,40\n".encode())
    assert any("Los trimestres se leen como su último día" in n
               and "30 de septiembre de 2026" in n and "1 de julio" in n
               for n in quarters.notes)
    assert any("coma decimal" in n and "1.204 se lee como 1,204" in n for n in commas.notes)
    new = [r for r in marks if r.status == "new"]
    assert new[0].note == "se omitió la nota al pie *"
    assert new[0].reading.note == "(nota al pie * en la hoja)"
    assert "trimestre del año fiscal" in fiscal[0].error
    assert wrong[0].error.startswith("la fecha 'soon' no es una fecha")


def test_readings_preview_has_no_unwrapped_english(demo_wb):
    """Notes, questions, skips and row notes of three sheets, in the pseudo language: only
    catalog words and what the sheets hold."""
    cases = [("21-wioa-quarterly-PY2026.csv", None), ("25-kennzahlen-partner.csv", None),
             ("f.csv", FOOTNOTES),
             ("fy.csv", f"Quarter,{CREDENTIALS}\nFY2026 Q1,40\n".encode())]
    for name, data in cases:
        raw = (TURN3 / name).read_bytes() if data is None else data
        with i18n.use_language(i18n.PSEUDO), strict_markers():
            rows = _readings(demo_wb, name, data)
            shown = [*rows.notes, *rows.questions,
                     *(m for r in rows for m in (r.error, r.skipped, r.note) if m)]
        assert shown, name
        typed = _cells(raw)
        for text in shown:
            assert english_left(text, typed) == [], (name, text)
