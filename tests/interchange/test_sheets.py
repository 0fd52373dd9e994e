"""Reading resource sheets: text only, capped, mapped, previewed, imported all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from workbook.errors import ImportFileError, NotFoundError
from workbook.interchange import sheet_books, sheets
from workbook.model import Resource
from workbook.testing import add_organisation, add_resource

HEADER = "Program name,Type,Organisation,Target group,Date found\n"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def college(wb):
    return add_organisation(wb, name="Valley College", partner_type="semi_public")


def test_read_sheet_csv_keeps_text_and_sheet_row_numbers():
    """A UTF-8 CSV with a BOM reads as text; leading zeros stay; rows keep the sheet's numbers."""
    data = "\ufeff".encode() + _csv("Bridge,program,Valley College,Youth,2026-01-05",
                                    "", "Fund,funding,Valley College,007,")
    frame = sheets.read_sheet("scan.csv", data)
    assert list(frame.columns) == ["Program name", "Type", "Organisation", "Target group",
                                   "Date found"]
    assert list(frame.index) == [2, 4]
    assert frame.loc[4, "Target group"] == "007"


def test_read_sheet_semicolon_csv_from_a_european_excel():
    """A semicolon-separated CSV is split on semicolons."""
    data = "Name;Owner\nBridge;Valley College\n".encode("cp1252")
    frame = sheets.read_sheet("scan.csv", data)
    assert list(frame.columns) == ["Name", "Owner"]
    assert frame.iloc[0]["Owner"] == "Valley College"


def test_read_sheet_xlsx_turns_dates_and_numbers_into_text():
    """Excel dates read as ISO dates and whole numbers without a decimal point."""
    data = _xlsx([["Name", "Found", "Capacity"],
                  ["Bridge", dt.datetime(2026, 1, 5), 24.0]])
    frame = sheets.read_sheet("scan.xlsx", data)
    assert frame.loc[2].tolist() == ["Bridge", "2026-01-05", "24"]


def test_read_sheet_xlsx_never_evaluates_a_formula():
    """A formula cell gives Excel's saved value (none here), never the formula run."""
    data = _xlsx([["Name", "Notes"], ["Bridge", "=1+1"]])
    frame = sheets.read_sheet("scan.xlsx", data)
    assert frame.loc[2, "Notes"] in ("", "=1+1")
    assert frame.loc[2, "Notes"] != "2"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("scan.xls", b"whatever", "looks damaged"),
    ("scan.pdf", b"a,b\n1,2\n", "not a CSV, text or spreadsheet"),
    ("scan.csv", b"", "is empty"),
    ("scan.csv", b"Name\n", "no entries"),
    ("scan.csv", b"\n\n", "no rows"),
    ("scan.csv", b"PK\x03\x04\x00\x00binary", "not a text file"),
    ("scan.xlsx", b"this is not a zip file", "not a valid .xlsx"),
    ("scan.csv", b'Name,Owner\n"unclosed,x\n', "could not be split into cells"),
])
def test_read_sheet_refuses_a_malformed_file(name, data, words):
    """A file of the wrong type, empty, binary or broken gives one clear ImportFileError."""
    with pytest.raises(ImportFileError, match=words):
        sheets.read_sheet(name, data)


def test_read_sheet_refuses_more_than_the_size_cap():
    """A file over 5 MB is refused before it is parsed."""
    data = b"Name\n" + b"x" * (sheets.MAX_BYTES + 1)
    with pytest.raises(ImportFileError, match="MB"):
        sheets.read_sheet("big.csv", data)


def test_read_sheet_takes_5000_rows_and_refuses_5001():
    """The row cap is exact: 5,000 entries are read, 5,001 refused."""
    rows = [f"Program {i},Valley College" for i in range(sheets.MAX_ROWS + 1)]
    header = "Name,Owner\n"
    assert len(sheets.read_sheet("ok.csv", _csv(*rows[:-1], header=header))) == sheets.MAX_ROWS
    with pytest.raises(ImportFileError, match="more than 5,000"):
        sheets.read_sheet("long.csv", _csv(*rows, header=header))


def test_read_sheet_refuses_an_xlsx_with_5001_rows():
    """The row cap holds for Excel sheets too."""
    data = _xlsx([["Name"], *([f"P{i}"] for i in range(sheets.MAX_ROWS + 1))])
    with pytest.raises(ImportFileError, match="more than 5,000"):
        sheets.read_sheet("long.xlsx", data)


def test_guess_mapping_reads_common_header_words():
    """Headers like "Program name", "Type" and "Organisation" map to their fields."""
    mapping = sheets.guess_mapping(["Program name", "Type", "Organisation", "Target group",
                                    "Date found", "Something else"])
    assert mapping["name"] == "Program name"
    assert mapping["resource_kind"] == "Type"
    assert mapping["owner"] == "Organisation"
    assert mapping["target_group"] == "Target group"
    assert mapping["found_on"] == "Date found"
    assert "Something else" not in mapping.values()


def _preview(wb, data, name="s.csv", **options):
    return sheets.preview_sheet(wb, name, data, sheets.SheetOptions(**options))


def test_preview_matches_owners_and_kinds_case_insensitively(wb, college):
    """Owner names match whatever their case; a kind may be typed as its title."""
    [row] = _preview(wb, _csv("Bridge,DATA OR RESEARCH,valley COLLEGE,Youth,")).rows
    assert row.outcome == "new"
    assert row.entity.owner_id == college.id
    assert row.entity.resource_kind == "data"


def test_preview_lists_an_unknown_owner_as_a_row_error_naming_it(wb, college):
    """A row whose owner is not in the workbook is an error naming that owner and its row."""
    preview = _preview(wb, _csv("Bridge,program,Valley College,Youth,",
                                "Fund,funding,Nowhere Inc,Youth,"))
    rows = preview.rows
    assert [r.outcome for r in rows] == ["new", "error"]
    assert rows[1].row == 3
    assert "Nowhere Inc" in rows[1].error and "owner" in rows[1].error
    assert preview.unknown_owners == ["Nowhere Inc"]


def test_preview_gives_the_models_message_for_a_bad_date_and_kind(wb, college):
    """A malformed date and an unknown kind are refused with the model's own messages."""
    rows = _preview(wb, _csv("Bridge,program,Valley College,Youth,14.03.2026x",
                             "Fund,spaceship,Valley College,Youth,")).rows
    assert "found on" in rows[0].error and "YYYY-MM-DD" in rows[0].error
    assert "resource kind" in rows[1].error and "Use one of" in rows[1].error


def test_preview_asks_for_the_name_column_when_none_is_mapped(wb, college):
    """A sheet with no column mapped to the required name is previewed as a question:
    not ready, the name asked with the sheet's columns to choose from; import refuses."""
    data = b"Owner,Notes\nValley College,x\n"
    assert sheets.guess_mapping(sheets.read_sheet("s.csv", data).columns)["name"] is None
    preview = _preview(wb, data)
    result = preview.to_json()
    assert not result["ready"] and result["rows"] == []
    [question] = [q for q in result["questions"] if q["field"] == "name"]
    assert question["choices"] == ["Owner", "Notes"] and "name" in question["message"]
    with pytest.raises(ImportFileError, match="name"):
        sheets.import_sheet(wb, preview)


def test_preview_refuses_a_column_mapped_twice_or_missing(wb, college):
    """Each column fills one field, and only columns the sheet has can be mapped."""
    data = _csv("Bridge,program,Valley College,Youth,")
    with pytest.raises(ImportFileError, match="more than one field"):
        _preview(wb, data, mapping={"notes": "Program name", "name": "Program name"})
    with pytest.raises(ImportFileError, match="no column"):
        _preview(wb, data, mapping={"notes": "Ghost"})


def test_preview_skips_entries_already_on_the_map_and_flags_repeats(wb, college):
    """An entry already stored is skipped; the same entry twice in the sheet is an error."""
    add_resource(wb, name="Bridge", owner_id=college.id)
    rows = _preview(wb, _csv("bridge,program,Valley College,Youth,",
                             "Fund,funding,Valley College,Youth,",
                             "FUND,funding,Valley College,Adults,")).rows
    assert [r.outcome for r in rows] == ["skip", "new", "error"]
    assert "repeats row 3" in rows[2].error


def test_import_sheet_stores_exactly_the_previewed_rows(wb, college):
    """Import stores the preview's new entries, field for field, and skips the others."""
    add_resource(wb, name="Old", owner_id=college.id)
    preview = _preview(wb, _csv("Bridge,program,Valley College,Youth,2026-01-05",
                                "Old,program,Valley College,Youth,",
                                "Fund,funding,,Adults,"))
    before = wb.count(Resource)
    stored = sheets.import_sheet(wb, preview).stored
    assert wb.count(Resource) == before + 2
    previewed = [r.entity for r in preview.rows if r.outcome == "new"]
    fields = [f for f in Resource.rules() if f not in ("created_at", "updated_at")]
    for entity, saved in zip(previewed, stored, strict=True):
        kept = wb.get(Resource, saved.id)
        assert {f: getattr(kept, f) for f in fields} == {f: getattr(entity, f) for f in fields}


def test_import_sheet_with_one_bad_row_stores_nothing(wb, college):
    """One bad row among good ones: nothing is imported and the message says why."""
    preview = _preview(wb, _csv("Bridge,program,Valley College,Youth,",
                                "Fund,funding,Valley College,Youth,",
                                "Grant,spaceship,Valley College,Youth,"))
    with pytest.raises(ImportFileError, match="Nothing was imported"):
        sheets.import_sheet(wb, preview)
    assert wb.count(Resource) == 0


def test_import_sheet_skips_an_entry_stored_meanwhile(wb, college):
    """An entry stored by someone else after the preview is skipped, not stored twice."""
    preview = _preview(wb, _csv("Bridge,program,Valley College,Youth,",
                                "Fund,funding,Valley College,Youth,"))
    add_resource(wb, name="FUND", owner_id=college.id)
    result = sheets.import_sheet(wb, preview)
    assert result.skipped == 1
    assert sorted(r.name for r in wb.all(Resource)) == ["Bridge", "FUND"]


def test_add_all_stores_nothing_when_one_entity_is_refused(wb, college):
    """The store's batch add is one transaction: a bad reference in the last one undoes all."""
    good = Resource(name="A", owner_id=college.id)
    bad = dataclasses.replace(good, name="B", owner_id=9999)
    with pytest.raises(NotFoundError):
        wb.add_all([good, good.__class__(name="C"), bad])
    assert wb.count(Resource) == 0
    stored = wb.add_all([good, Resource(name="C")])
    assert [wb.get(Resource, r.id).name for r in stored] == ["A", "C"]


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_read_sheet_refuses_a_damaged_xlsx():
    """A zip that is no workbook, or a workbook with a cut-off sheet, is one clear error."""
    with zipfile.ZipFile(io.BytesIO(_xlsx([["Name"], ["Bridge"]]))) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = next(n for n in parts if n.endswith("sheet1.xml"))
    cut = {**parts, sheet: parts[sheet][: len(parts[sheet]) // 2]}
    for data in (_zip({"hello.txt": b"hi"}), _zip(cut)):
        with pytest.raises(ImportFileError, match="damaged"):
            sheets.read_sheet("scan.xlsx", data)


def test_read_sheet_refuses_an_xlsx_that_unpacks_to_a_bomb():
    """An .xlsx whose parts unpack far past any sheet of programs is refused unopened."""
    data = _zip({"xl/worksheets/sheet1.xml": b"0" * (sheet_books.MAX_UNPACKED + 1)})
    assert len(data) < sheets.MAX_BYTES
    with pytest.raises(ImportFileError, match="unpacks to"):
        sheets.read_sheet("bomb.xlsx", data)
