"""The sheet import panel: shows how the file was read; each change re-previews at once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from workbook.model import Organisation, Resource
from workbook.testing import add_organisation
from workbook.views.steps.resource_map import ResourceMapView

sys.path.insert(0, str(Path(__file__).parents[2] / "interchange"))
from sheet_kinds import text_sheet, xlsx  # noqa: E402

CASES = Path(__file__).parents[2] / "fixtures" / "sheets"


def _upload(view, name, data):
    view.importer.upload.value = ({"name": name, "type": "", "size": len(data),
                                   "content": memoryview(data),
                                   "last_modified": dt.datetime.now(dt.UTC)},)


@pytest.fixture
def view(wb):
    add_organisation(wb, name="Valley College", partner_type="semi_public")
    shown = ResourceMapView.show(wb)
    yield shown
    shown.close()


def test_panel_shows_file_encoding_header_row_and_outcomes(view):
    """The file, its encoding and header row are shown; each row says its outcome."""
    _upload(view, "title-line-above-header.csv",
            (CASES / "title-line-above-header.csv").read_bytes())
    importer = view.importer
    assert "title-line-above-header.csv" in importer.file_info.value
    assert "UTF-8" in importer.file_info.value
    assert importer.encoding.value == "utf_8" and importer.header_row.value == 2
    assert "2 new entries" in importer.summary.value
    assert "new entry" in importer.preview_table.value


def test_changing_the_header_row_updates_the_preview_at_once(view):
    """A header row picked by hand re-reads the file and the mapping at once."""
    _upload(view, "s.csv", text_sheet(titles=1))
    importer = view.importer
    assert importer.mapping["name"].value == "Program name"
    importer.header_row.value = 3
    assert importer.sheet_file.table.header_row == 3
    assert importer.mapping["name"].value is None
    assert "Choose the column that holds each entry" in importer.summary.value
    assert importer.import_button.disabled
    importer.header_row.value = 2
    assert "2 new entries" in importer.summary.value


def test_an_uncertain_encoding_is_asked_and_changeable(view, wb):
    """An uncertain encoding blocks Import; picking one re-reads the names at once."""
    _upload(view, "s.csv", text_sheet(encoding="latin-1",
                                      rows=[("Crème è", "Valley College", "Adults")]))
    importer = view.importer
    assert "uncertain" in importer.file_info.value
    assert importer.import_button.disabled
    importer.encoding.value = "cp1250"
    assert "Crčme" in importer.preview_table.value
    importer.encoding.value = "latin_1"
    assert "Crème è" in importer.preview_table.value
    assert not importer.import_button.disabled
    importer.import_button.click()
    assert [r.name for r in wb.all(Resource)] == ["Crème è"]


def test_the_sheet_is_changeable_and_hidden_ones_marked(view):
    """Workbook files offer their sheets (hidden ones marked); picking one re-reads it."""
    _upload(view, "book.xlsx", xlsx([["Program name"], ["Welding 101"]], hidden_first=True,
                                    extra_sheets=("Funds",)))
    importer = view.importer
    labels = [label for label, _ in importer.sheet.options]
    assert importer.sheet.value == "Programs" and "Lists (hidden)" in labels
    importer.sheet.value = "Funds"
    assert list(importer.sheet_file.frame.columns) == ["Other"]
    assert "sheet <bdi>Funds</bdi>" in importer.file_info.value
    importer.mapping["name"].value = "Other"
    assert "1 new entries" in importer.summary.value


def test_new_owners_can_be_added_with_their_type(view, wb):
    """Unknown owners refuse their rows until added (type asked once) or left blank."""
    _upload(view, "s.csv", b"Name,Owner\nWelding 101,Hill Board\nCNC,Hill Board\n")
    importer = view.importer
    assert "1 owner is not in the workbook" in importer.summary.value
    importer.new_owners.value = "add"
    assert "type of partner" in importer.summary.value and importer.import_button.disabled
    importer.partner_type.value = "government"
    assert "2 new entries" in importer.summary.value and not importer.import_button.disabled
    importer.import_button.click()
    assert wb.organisation_named("Hill Board").partner_type == "government"
    assert wb.count(Organisation) == 2 and wb.count(Resource) == 2


def test_progress_is_shown_above_a_thousand_rows(view, monkeypatch):
    """A sheet of more than 1,000 rows moves the progress bar; a small one does not."""
    seen = []
    view.importer.progress.observe(lambda c: seen.append(c.new), names="value")
    _upload(view, "small.csv", text_sheet())
    assert seen == []
    rows = [(f"Program {n}", "Valley College", "Adults") for n in range(1_500)]
    _upload(view, "big.csv", text_sheet(rows=rows))
    assert seen and seen[-1] == 1_500
    assert view.importer.progress.layout.display == "none"  # hidden again when done


TURN3 = Path(__file__).parents[2] / "fixtures" / "turn3"


def test_a_name_it_will_not_guess_is_asked_and_answered_in_the_panel(view, wb):
    """'Program #' holding ids is not the name: the panel asks, Import waits; picking the
    column answers it."""
    _upload(view, "ids.csv", b"Program #,Title of the offer\n20145,Welding\n20146,CNC\n")
    importer = view.importer
    assert importer.mapping["name"].value is None
    assert "Choose the column" in importer.questions.value
    assert importer.import_button.disabled
    importer.mapping["name"].value = "Title of the offer"
    assert not importer.import_button.disabled
    assert "Program #" in importer.keep_in_notes.options


def test_remembered_mapping_is_shown_and_can_be_forgotten(view, wb):
    """After an import, the same layout opens with the mapping used, said so; forgetting
    it guesses again."""
    importer = view.importer
    _upload(view, "a.csv", b"Offer,Run by\nWelding Night,Valley College\n")
    importer.mapping["name"].value = "Offer"
    importer.import_button.click()
    assert wb.count(Resource) == 1
    _upload(view, "b.csv", b"Offer,Run by\nCNC Basics,Valley College\n")
    assert importer.mapping["name"].value == "Offer"
    assert "Using the mapping confirmed" in importer.remembered.value and "a.csv" in \
        importer.remembered.value
    importer.forget_button.click()
    assert importer.mapping["name"].value is None and importer.remembered.value == ""


def test_sections_and_legend_are_listed_as_skipped(view, wb):
    """The board's resource map: five entries, the section rows and legend listed."""
    _upload(view, "map.xlsx", (TURN3 / "18-KVWB_Resource_Map_Nov_2026.xlsx").read_bytes())
    importer = view.importer
    assert [r.row for r in importer.rows] == [5, 6, 7, 9, 10]
    assert "section title" in importer.skipped_table.value
    assert "note under the table" in importer.skipped_table.value


def test_a_refused_row_is_corrected_in_place_and_a_kind_chosen_once(view, wb):
    """An unknown kind is chosen once for every row; a bad cell is corrected in place."""
    data = b"Program name,Kind,Provider\nA,Fundz,Valley College\nB,Fundz,Valley College\n"
    _upload(view, "k.csv", data)
    importer = view.importer
    importer.mapping["resource_kind"].value = "Kind"
    assert importer.import_button.disabled
    [picker] = importer.values_box.children
    picker.value = "funding"
    assert not importer.import_button.disabled
    assert [r.entity.resource_kind for r in importer.rows] == ["funding", "funding"]
    _upload(view, "n.csv", b"Program name,Provider\n" + b"x" * 600 + b",Valley College\n")
    assert importer.import_button.disabled
    importer.fix_row.value = 2
    importer.fix_field.value = "name"
    importer.fix_value.value = "Welding Night"
    importer.fix_button.click()
    assert not importer.import_button.disabled
    assert importer.rows[0].entity.name == "Welding Night"
