"""The field cases handed over (tests/fixtures/sheets, copied from the field-cases folder):
each gives the result its README expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.interchange import sheets
from workbook.interchange.sheet_books import FORMULA_FLAG
from workbook.model import Organisation, Resource
from workbook.testing import add_organisation

CASES = Path(__file__).parent.parent / "fixtures" / "sheets"


@pytest.fixture
def college(wb):
    return add_organisation(wb, name="Valley College", partner_type="semi_public")


def _preview(wb, name, **options):
    return sheets.preview_sheet(wb, name, (CASES / name).read_bytes(),
                                sheets.SheetOptions(**options))


def _names(preview):
    return [r.entity.name for r in preview.rows if r.outcome == "new"]


@pytest.mark.parametrize("name", [
    "cr-line-endings.csv", "utf16-unicode-text.csv", "sep-hint-semicolon.csv",
    "sep-hint-comma.csv", "blank-first-line.csv", "trailing-empty-fields.csv",
    "title-line-above-header.csv", "trailing-empty-columns.csv"])
def test_case_gives_two_entries_owned_by_valley_college(wb, college, name):
    """Each text case previews as two new entries owned by Valley College and imports them."""
    preview = _preview(wb, name)
    assert not preview.problems
    assert len(_names(preview)) == 2
    assert {r.entity.owner_id for r in preview.rows} == {college.id}
    sheets.import_sheet(wb, preview)
    assert wb.count(Resource, owner_id=college.id) == 2


def test_cr_line_endings_keep_the_target_groups(wb, college):
    """Classic Mac line ends split rows; the target groups are Adults and Youth."""
    preview = _preview(wb, "cr-line-endings.csv")
    assert _names(preview) == ["Welding 101", "CNC Basics"]
    assert [r.entity.target_group for r in preview.rows] == ["Adults", "Youth"]


def test_utf16_unicode_text_reads_the_accent(wb, college):
    """Excel's "Unicode Text" (UTF-16 with BOM, tabs) reads with its accents."""
    preview = _preview(wb, "utf16-unicode-text.csv")
    assert _names(preview) == ["Café Bridge", "CNC Basics"]
    assert preview.file.encoding == "utf_16" and preview.file.delimiter == "\t"


@pytest.mark.parametrize("name", ["sep-hint-semicolon.csv", "sep-hint-comma.csv"])
def test_sep_hint_gives_three_named_columns(wb, college, name):
    """Excel's sep= first line names the delimiter and is not taken for the header."""
    preview = _preview(wb, name)
    assert list(preview.file.frame.columns) == ["Program name", "Provider", "Notes"]
    assert _names(preview) == ["Welding 101", "CNC Basics"]


def test_title_line_above_header_is_passed_over(wb, college):
    """A title line above the header: the header is found on row 2."""
    preview = _preview(wb, "title-line-above-header.csv")
    assert preview.file.table.header_row == 2
    assert preview.to_json()["header_row"] == 2


def test_trailing_empty_columns_are_dropped(wb, college):
    """About 118 empty columns after the data leave two columns."""
    preview = _preview(wb, "trailing-empty-columns.csv")
    assert list(preview.file.frame.columns) == ["Program name", "Provider"]


@pytest.mark.parametrize("name", ["formulas-no-cached-values-openpyxl.xlsx",
                                  "formulas-no-cached-values-xlsxwriter.xlsx"])
def test_formulas_without_saved_values_are_flagged_and_never_stored(wb, college, name):
    """Formula cells never calculated are flagged on their row; import stores nothing."""
    preview = _preview(wb, name)
    flagged = [r for r in preview.rows if r.outcome == "error"]
    assert flagged and all("never calculated" in r.error for r in flagged)
    assert 2 in {r.row for r in flagged}  # capacity 12*2 and the notes formula
    assert all(msg == FORMULA_FLAG for msg in preview.file.table.flags.values())
    assert "open the file in Excel" in FORMULA_FLAG
    with pytest.raises(sheets.ImportFileError, match="Nothing was imported"):
        sheets.import_sheet(wb, preview)
    assert wb.count(Resource) == 0


def test_formula_cells_unmapped_do_not_block(wb, college):
    """A never-calculated formula in a column not imported does not refuse its row."""
    preview = _preview(wb, "formulas-no-cached-values-xlsxwriter.xlsx",
                       mapping={"capacity": None, "notes": None})
    assert _names(preview) == ["Welding 101", "CNC Basics"]


def test_hidden_first_sheet_is_passed_over_and_others_offered(wb, college):
    """The visible Programs sheet is read; the hidden one is offered by name, not read."""
    add_organisation(wb, name="Riverside Workforce Board", partner_type="government")
    preview = _preview(wb, "hidden-first-sheet.xlsx")
    data = preview.to_json()
    assert data["sheet"] == "Programs"
    assert data["hidden_sheets"] == ["Lists"]
    assert _names(preview) == ["Welding 101", "Training Fund"]
    lists = sheets.read_file("h.xlsx", (CASES / "hidden-first-sheet.xlsx").read_bytes(),
                             sheet="Lists")
    assert list(lists.frame.columns) == ["Kinds"]


def test_etpl_export_guesses_no_address_or_id_column(wb):
    """STATE is not the status, PROVIDERID not the owner; no address or id is guessed."""
    preview = _preview(wb, "etpl-provider-export.csv")
    mapped = {c for c in preview.mapping.values() if c}
    assert mapped == {"NAME"}
    assert preview.mapping["status"] is None and preview.mapping["owner"] is None


def test_etpl_provider_name_usable_as_owner(wb):
    """The provider name can be the owner: its organisations are added on import."""
    preview = _preview(wb, "etpl-provider-export.csv", mapping={"owner": "NAME"},
                       new_owners="add", partner_type="semi_public")
    assert not preview.problems
    assert preview.unknown_owners[1] == ("Middlesex County College, Professional and "
                                         "Community Programs")
    result = sheets.import_sheet(wb, preview)
    assert len(result.stored) == 3 and len(result.organisations) == 3
    owners = {o.id: o.name for o in wb.all(Organisation)}
    assert all(owners[r.owner_id] == r.name for r in wb.all(Resource))


def test_windows_1252_keeps_dashes_and_curly_quotes(wb, college):
    """Windows-1252 reads right, without asking: Café Skills – “Night”."""
    preview = _preview(wb, "windows-1252.csv")
    assert preview.file.encoding == "cp1252" and preview.file.encoding_certain
    assert _names(preview) == ["Café Skills – “Night”"]
    assert preview.rows[0].entity.eligibility == "Ages 18–24"
