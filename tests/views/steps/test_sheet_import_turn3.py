"""Point 7 of issue 24 checked in the resource map's import panel on round three's field
cases: nothing dropped in silence. A refused row is corrected in place (case 20's
never-calculated Capacity), a kind the map does not know is chosen once for the whole
file (case 35 with "Voucher" as the kind), and the columns not mapped are listed and kept in
the entries' notes when asked (case 16, a state ETPL list)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbook.model import Resource
from workbook.views.steps.resource_map import ResourceMapView

TURN3 = Path(__file__).parents[2] / "fixtures" / "turn3"


def _upload(view, name, data):
    view.importer.upload.value = ({"name": name, "type": "", "size": len(data),
                                   "content": memoryview(data),
                                   "last_modified": dt.datetime.now(dt.UTC)},)


@pytest.fixture
def view(demo_wb):
    shown = ResourceMapView.show(demo_wb)
    yield shown
    shown.close()


def test_case_20_refused_rows_corrected_in_place(view, demo_wb):
    """Both rows refused naming Capacity (column D); typing row 3's capacity lets it
    through, row 4 stays refused until corrected too; Import stores what was typed."""
    _upload(view, "programs-export.xlsx", (TURN3 / "20-programs-export.xlsx").read_bytes())
    importer = view.importer
    assert [r.outcome for r in importer.rows] == ["error", "error"]
    assert "D in the sheet" in importer.rows[0].error
    assert importer.import_button.disabled
    assert [v for _, v in importer.fix_row.options] == [None, 3, 4]
    for row, capacity in ((3, "24"), (4, "15")):
        importer.fix_row.value = row
        importer.fix_field.value = "capacity"
        importer.fix_value.value = capacity
        importer.fix_button.click()
        if row == 3:
            assert [r.outcome for r in importer.rows] == ["new", "error"]
            assert importer.import_button.disabled
    assert not importer.import_button.disabled
    importer.import_button.click()
    stored = {r.name: r.capacity for r in demo_wb.all(Resource)}
    assert stored["Night-shift CNC Operator Course"] == "24"
    assert stored["Mechatronics Apprenticeship Pathway"] == "15"


def _with_voucher_kind() -> bytes:
    book = load_workbook(io.BytesIO((TURN3 / "35-programs-long-notes.xlsx").read_bytes()))
    sheet = book.active
    kinds = [c for c in sheet[1] if c.value == "Kind"][0].column
    for row in (3, 4):
        sheet.cell(row=row, column=kinds).value = "Voucher"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_case_35_unknown_kind_chosen_once_for_the_whole_file(view, demo_wb):
    """'Voucher' is no kind of the map ('Fund' is read as funding already): both rows
    refused and one picker asks; choosing 'funding' once reads every such row that way."""
    _upload(view, "programs-long-notes.xlsx", _with_voucher_kind())
    importer = view.importer
    importer.new_owners.value = "add"
    refused = [r.row for r in importer.rows if r.outcome == "error"]
    assert refused == [3, 4]
    [picker] = importer.values_box.children
    assert "'Voucher'" in picker.description
    picker.value = "funding"
    assert [r.entity.resource_kind for r in importer.rows] == ["program", "funding",
                                                              "funding"]
    assert "notes cut to" in importer.rows[0].note  # the 32,767-character cell: kept, cut
    assert not importer.import_button.disabled


def test_case_16_unmapped_columns_listed_and_kept_in_notes(view, demo_wb):
    """The ETPL list's columns not mapped are listed; two kept go into each entry's notes
    as 'Column: value', after the mapped description."""
    _upload(view, "etpl.csv", (TURN3 / "16-ETPL_Statewide_Program_List.csv").read_bytes())
    importer = view.importer
    listed = importer.keep_in_notes.options
    assert {"Length: Contact Hours", "Program URL", "Program #"} <= set(listed)
    assert "Program Name" not in listed and "Provider Name" not in listed
    importer.keep_in_notes.value = ("Length: Contact Hours", "Program URL")
    welding = next(r for r in importer.rows if r.entity is not None
                   and r.entity.name == "Welding Technology Certificate")
    assert welding.entity.notes.startswith("SMAW, GMAW and GTAW with AWS bend tests.")
    assert "\nLength: Contact Hours: 480" in welding.entity.notes
    assert "\nProgram URL: " in welding.entity.notes
