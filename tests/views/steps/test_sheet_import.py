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
    assert "No sheet column is mapped" in importer.summary.value
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
    assert "1 owner(s) are not in the workbook" in importer.summary.value
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
