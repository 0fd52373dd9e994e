"""Every kind of sheet partners send, in many variants: read right, or asked about."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

import pytest
from sheet_kinds import (
    ENTRIES,
    HEADER,
    dated_xlsx,
    escaped_breaks_xlsx,
    ods,
    text_sheet,
    two_row_header_xlsx,
    xlsx,
)

from workbook.errors import ImportFileError
from workbook.interchange import sheets
from workbook.interchange.sheet_fields import read_dates
from workbook.interchange.sheet_text import decode
from workbook.model import Resource
from workbook.testing import add_organisation


@pytest.fixture
def college(wb):
    return add_organisation(wb, name="Valley College", partner_type="semi_public")


def _entries(frame):
    return [tuple(r) for r in frame[list(HEADER)].itertuples(index=False, name=None)]


@pytest.mark.parametrize(("delimiter", "newline", "sep_line"), list(itertools.product(
    [",", ";", "\t", "|"], ["\r\n", "\n", "\r"], [False, True])))
def test_any_delimiter_and_line_end_reads_the_same_table(delimiter, newline, sep_line):
    """Comma, semicolon, tab or pipe; CR, LF or CRLF; with or without sep=: one table."""
    data = text_sheet(delimiter=delimiter, newline=newline, sep_line=sep_line)
    sheet = sheets.read_file("s.csv", data)
    assert sheet.delimiter == delimiter
    assert _entries(sheet.frame) == ENTRIES


@pytest.mark.parametrize(("titles", "blanks"), [(0, 1), (1, 0), (2, 1), (4, 3), (7, 0)])
def test_any_number_of_title_and_blank_rows_above_the_header(titles, blanks):
    """The header is found under title lines and blank lines; row numbers stay the file's."""
    sheet = sheets.read_file("s.csv", text_sheet(titles=titles, blanks=blanks))
    assert sheet.table.header_row == titles + blanks + 1
    assert list(sheet.frame.columns) == list(HEADER)
    assert list(sheet.frame.index) == [titles + blanks + 2, titles + blanks + 3]


def test_a_wide_title_above_a_blank_line_is_not_the_header():
    """A title spread over cells, then a blank line, then the table: the header is found."""
    data = b"Resource scan,March 2024,Riverside\n\n" + text_sheet()
    sheet = sheets.read_file("s.csv", data)
    assert sheet.table.header_row == 3 and list(sheet.frame.columns) == list(HEADER)


@pytest.mark.parametrize("count", [1, 5, 118, 400])
def test_any_count_of_trailing_empty_columns(count):
    """Empty columns after the data (even past the column cap) are dropped."""
    sheet = sheets.read_file("s.csv", text_sheet(trailing_columns=count))
    assert list(sheet.frame.columns) == list(HEADER)


def test_uneven_rows_are_padded_and_extra_cells_kept():
    """Short rows are padded; a cell past the header gets a column of its own."""
    data = b"Name,Provider\nA,Valley College,,\nB\nC,Valley College,extra\n\n\n"
    frame = sheets.read_sheet("s.csv", data)
    assert list(frame.columns) == ["Name", "Provider", "column 3"]
    assert frame.loc[3].tolist() == ["B", "", ""]
    assert frame.loc[4, "column 3"] == "extra"


def test_a_typed_cell_in_quotes_keeps_them():
    """One cell that starts and ends with a quote is text as typed, never unwrapped."""
    data = b'Name,Notes\nA,"""  OR """"="""\nB,"""quoted"""\n'
    frame = sheets.read_sheet("s.csv", data)
    assert frame["Notes"].tolist() == ['"  OR ""="', '"quoted"']


def test_cells_quoted_twice_throughout_are_unwrapped_once():
    """An export that wraps every cell holding the delimiter in its own quotes is read
    as it was meant: the quotes go, the text stays."""
    data = (b'Name,Provider\nA,"""Valley College, Edison"""\n'
            b'B,"""Harbour College, Main St"""\n')
    frame = sheets.read_sheet("s.csv", data)
    assert frame["Provider"].tolist() == ["Valley College, Edison", "Harbour College, Main St"]


def test_header_row_can_be_chosen():
    """A header row given by number is used as it is, and its number reported."""
    data = text_sheet(titles=1)
    sheet = sheets.read_file("s.csv", data, header_row=1)
    assert sheet.table.header_row == 1
    assert list(sheet.frame.columns)[0].startswith("Resource scan")
    with pytest.raises(ImportFileError, match="Row 40"):
        sheets.read_file("s.csv", data, header_row=40)


WESTERN = [("Café Crème – Nuit", "Valley Collège", "Adults"), ("École", "Straße", "Youth")]
SAMPLES = {
    "cyrillic": [("Сварка для начинающих", "Колледж Долины", "Взрослые"),
                 ("Основы ЧПУ", "Колледж Долины", "Молодёжь")],
    "japanese": [("溶接入門コース", "バレー大学", "成人"), ("CNC基礎", "バレー大学", "若者")],
    "chinese": [("焊接入门课程", "山谷学院", "成人"), ("数控基础", "山谷学院", "青年")],
    "polish": [("Spawanie dla początkujących", "Kolegium Doliny", "Dorośli"),
               ("Podstawy CNC", "Kolegium Doliny", "Młodzież")],
    "greek": [("Συγκόλληση για αρχάριους", "Κολλέγιο Κοιλάδας", "Ενήλικες"),
              ("Βασικά CNC", "Κολλέγιο", "Νέοι")],
}


@pytest.mark.parametrize(("encoding", "rows"), [
    ("utf-8", WESTERN), ("utf-8-sig", WESTERN), ("utf-16", WESTERN), ("utf-16-le", WESTERN),
    ("cp1252", WESTERN), ("mac_roman", WESTERN), ("latin-1", WESTERN[1:]),
    ("cp1251", SAMPLES["cyrillic"]), ("koi8_r", SAMPLES["cyrillic"]),
    ("shift_jis", SAMPLES["japanese"]), ("gb18030", SAMPLES["chinese"]),
    ("cp1250", SAMPLES["polish"]), ("iso8859_7", SAMPLES["greek"])])
def test_encodings_read_right_or_ask(encoding, rows):
    """Each encoding reads back the same text, or is marked uncertain with the right one
    among the choices; it is never silently garbled."""
    data = text_sheet(encoding=encoding, rows=rows)
    sheet = sheets.read_file("s.csv", data)
    assert _entries(sheet.frame) == rows or not sheet.encoding_certain
    if not sheet.encoding_certain:
        right = [e for e in sheet.encoding_choices
                 if _entries(sheets.read_file("s.csv", data, encoding=e).frame) == rows]
        assert right, sheet.encoding_choices


def test_an_uncertain_encoding_blocks_import_until_chosen(wb, college):
    """A Latin-1 file that could be Central European: the preview asks, import refuses,
    and choosing the encoding reads it right."""
    data = text_sheet(encoding="latin-1", rows=[("Crème brûlée è", "Valley College",
                                                 "Adults")])
    preview = sheets.preview_sheet(wb, "s.csv", data)
    assert not preview.file.encoding_certain
    assert "encoding is uncertain" in preview.problems[0]
    with pytest.raises(ImportFileError, match="encoding"):
        sheets.import_sheet(wb, preview)
    chosen = sheets.preview_sheet(wb, "s.csv", data, sheets.SheetOptions(encoding="latin-1"))
    assert not chosen.problems
    assert chosen.rows[0].entity.name == "Crème brûlée è"


def test_a_wrong_encoding_chosen_is_one_clear_error():
    """UTF-16 bytes read as UTF-8 are refused with the fix, not garbled."""
    with pytest.raises(ImportFileError, match="Pick another encoding"):
        decode("Café".encode("cp1252"), "utf-8")
    with pytest.raises(ImportFileError, match="not an encoding"):
        decode(b"abc", "klingon")


def test_two_row_header_is_read_as_one():
    """Group titles merged over the column names give "Contact / Email"-style columns."""
    sheet = sheets.read_file("s.xlsx", two_row_header_xlsx())
    assert sheet.table.header_row == 2
    assert list(sheet.frame.columns) == ["Program / Name", "Program / Provider",
                                         "Contact / Person", "Contact / Email"]
    mapping = sheets.guess_mapping(sheet.frame.columns)
    assert mapping["name"] == "Program / Name" and mapping["owner"] == "Program / Provider"


def test_two_row_header_in_a_csv_is_read_as_one():
    """Without merge marks, a sparse row of group titles over a full row of names joins."""
    data = b"Program,,Contact\nName,Provider,Email\nWelding 101,Valley College,a@b.org\n"
    assert list(sheets.read_sheet("s.csv", data).columns) == [
        "Program / Name", "Program / Provider", "Contact / Email"]


def test_escaped_line_breaks_are_decoded():
    """Excel's _x000D_ escapes read as line breaks, never as text."""
    frame = sheets.read_sheet("s.xlsx", escaped_breaks_xlsx())
    assert frame["Notes"].tolist() == ["Evenings\nand weekends", "Days"]


def test_dates_with_times_and_serial_numbers_read_as_dates(wb):
    """A date cell with a time of day and an Excel serial number both give the day."""
    preview = sheets.preview_sheet(wb, "s.xlsx", dated_xlsx())
    assert [r.entity.found_on.isoformat() for r in preview.rows] == ["2024-03-14",
                                                                      "2024-03-15"]


def test_month_day_year_text_read_when_the_column_shows_it():
    """3/14/2024 shows month first; 14/3/2024 day first; 3/4/2024 alone is asked."""
    assert read_dates({2: "3/14/2024", 3: "4/1/2024"}, None) == (
        {2: "2024-03-14", 3: "2024-04-01"}, False)
    assert read_dates({2: "14/3/2024", 3: "4/1/2024"}, None) == (
        {2: "2024-03-14", 3: "2024-01-04"}, False)
    assert read_dates({2: "3/4/2024"}, None)[1] is True
    assert read_dates({2: "3/4/2024"}, "dmy") == ({2: "2024-04-03"}, False)
    assert read_dates({2: "1/1/2002 12:00:00 AM"}, "mdy")[0] == {2: "2002-01-01"}


def test_ambiguous_dates_refuse_their_rows_until_the_order_is_chosen(wb):
    """Dates that could be either order: the rows say so, and the chosen order reads them."""
    data = b"Name,Date found\nA,3/4/2024\nB,5/6/2024\n"
    preview = sheets.preview_sheet(wb, "s.csv", data)
    assert preview.date_order_needed
    assert all("month/day or day/month" in r.error for r in preview.rows)
    chosen = sheets.preview_sheet(wb, "s.csv", data, sheets.SheetOptions(date_order="mdy"))
    assert [r.entity.found_on.isoformat() for r in chosen.rows] == ["2024-03-04",
                                                                     "2024-05-06"]


def test_ods_is_read():
    """An OpenDocument spreadsheet reads like an .xlsx."""
    sheet = sheets.read_file("s.ods", ods([list(HEADER), *map(list, ENTRIES)]))
    assert _entries(sheet.frame) == ENTRIES and sheet.sheet == "Programs"


def test_legacy_xls_is_read_with_its_dates_and_hidden_sheet_passed_over(wb, college):
    """An old binary .xls: the visible sheet, its dates and numbers read as typed."""
    data = (Path(__file__).parent.parent / "fixtures" / "sheets" /
            "kind-legacy-hidden-sheet.xls").read_bytes()
    preview = sheets.preview_sheet(wb, "old.xls", data)
    assert preview.file.sheet == "Programs" and preview.file.hidden_sheets == ["Lists"]
    assert [(r.entity.name, r.entity.found_on.isoformat(), r.entity.capacity)
            for r in preview.rows] == [("Welding 101", "2024-03-14", "24"),
                                       ("CNC Basics", "2024-03-15", "12")]


def test_the_active_visible_sheet_is_read_and_the_others_offered():
    """A hidden first sheet is passed over; the other sheets are listed by name."""
    sheet = sheets.read_file("s.xlsx", xlsx([list(HEADER), *map(list, ENTRIES)],
                                            hidden_first=True, extra_sheets=("Funds",)))
    assert sheet.sheet == "Programs"
    assert sheet.sheets == ["Programs", "Funds"] and sheet.hidden_sheets == ["Lists"]
    with pytest.raises(ImportFileError, match="no sheet 'Nope'"):
        sheets.read_file("s.xlsx", xlsx([["Name"], ["A"]]), sheet="Nope")


def test_a_row_with_a_formula_never_calculated_is_refused_naming_the_column(wb, college):
    """A formula without a saved value refuses its row; nothing is stored as 0 or blank."""
    data = xlsx([["Program name", "Capacity"], ["Welding 101", "=12*2"], ["CNC", 4]])
    preview = sheets.preview_sheet(wb, "s.xlsx", data)
    assert [r.outcome for r in preview.rows] == ["error", "new"]
    assert "Capacity" in preview.rows[0].error and "never calculated" in preview.rows[0].error
    assert wb.count(Resource) == 0


def test_xlsxwriter_formulas_saved_as_zero_are_flagged(wb, college):
    """XlsxWriter stores 0 for every formula and asks for a recalculation: each formula
    cell is flagged, a plain 0 typed in a cell is not."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Programs")
    for r, row in enumerate([["Program name", "Capacity", "Notes"],
                             ["Welding 101", "=10+14", "Evenings"],
                             ["CNC Basics", 0, '=UPPER("days")']]):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                sheet.write_formula(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    preview = sheets.preview_sheet(wb, "s.xlsx", out.getvalue())
    assert [r.outcome for r in preview.rows] == ["error", "error"]
    assert "Capacity" in preview.rows[0].error and "Notes" in preview.rows[1].error
    only_capacity = sheets.preview_sheet(wb, "s.xlsm", out.getvalue(),
                                         sheets.SheetOptions(mapping={"notes": None}))
    assert [r.outcome for r in only_capacity.rows] == ["error", "new"]
    assert only_capacity.rows[1].entity.capacity == "0"


@pytest.mark.parametrize(("name", "make"), [
    ("s.xlsx", lambda: xlsx([list(HEADER), *map(list, ENTRIES)], merge="A1:B1")),
    ("s.ods", lambda: ods([list(HEADER), *map(list, ENTRIES)])),
    ("s.xls", lambda: (Path(__file__).parent.parent / "fixtures" / "sheets" /
                       "kind-legacy-hidden-sheet.xls").read_bytes()),
])
def test_damaged_workbooks_read_or_refused_never_crash(name, make):
    """Workbook files with bytes overwritten or cut off are read or refused with
    ImportFileError; no other error, no crash of the reader."""
    import random

    data = make()
    rng = random.Random(12)
    for attempt in range(60):
        broken = bytearray(data)
        if attempt % 3 == 0:
            broken = broken[: rng.randrange(1, len(broken))]
        else:
            for _ in range(rng.randrange(1, 8)):
                broken[rng.randrange(len(broken))] = rng.randrange(256)
        with contextlib.suppress(ImportFileError):
            sheets.read_file(name, bytes(broken))


def test_a_cell_in_the_far_corner_is_refused_not_a_crash():
    """A value at XFD1048576 makes the reader ask for hundreds of gigabytes: the file is
    refused with a message and the process running the import lives on."""
    data = xlsx([["Name"], ["Welding 101"]])
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["XFD1048576"] = "far"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportFileError, match="could not be read"):
        sheets.read_file("far.xlsx", out.getvalue())
