"""Exports stay well-formed and keep typed text from reordering what stands around it."""

from __future__ import annotations

import base64
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from workbook import Cause, NameCandidate, Organisation, Workbook
from workbook.export import render_summary
from workbook.export.tables import export_tables
from workbook.store.schema import table_for
from workbook.testing import add_meeting, make_workbook

FIELD_CASES = Path(__file__).parents[1] / "fixtures" / "field_cases"
BROKEN = "Valley\uffffMakers \ufdd0\U0001ffff\x85 Alliance"


def _store_raw(wb: Workbook, cls, entity_id: int, **values) -> None:
    """Write values as a file from before the model refused them could hold them."""
    table = table_for(cls)
    with wb._write() as conn:
        conn.execute(sa.update(table).where(table.c.id == entity_id).values(**values))


@pytest.fixture
def old_file(tmp_path: Path):
    """The field case's workbook with U+FFFF and friends in names and cause statements."""
    shutil.copy(FIELD_CASES / "vote-open.sqlite", tmp_path / "wb.sqlite")
    wb = Workbook.open(tmp_path / "wb.sqlite", daily_backup=False)
    for candidate in wb.all(NameCandidate):
        _store_raw(wb, NameCandidate, candidate.id, name=f"{BROKEN} {candidate.id}")
    for cause in wb.all(Cause):
        _store_raw(wb, Cause, cause.id, statement=f"{BROKEN} {cause.id}")
    org = wb.all(Organisation)[0]
    _store_raw(wb, Organisation, org.id, name=BROKEN + " Org")
    yield wb
    wb.close()


def test_export_svg_charts_are_well_formed_xml_with_old_broken_names(old_file) -> None:
    """Every SVG chart parses as XML even when an old file holds U+FFFF in a name."""
    rendered = render_summary(old_file, 7)
    svgs = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", rendered.html)
    assert svgs, "the summary has SVG charts"
    for data in svgs:
        ET.fromstring(base64.b64decode(data))  # raises on a character XML cannot hold
    assert any("Valley\ufffdMakers" in base64.b64decode(d).decode() for d in svgs)


def test_export_xlsx_is_well_formed_with_old_broken_names(old_file, tmp_path: Path) -> None:
    """Every XML part of tables.xlsx parses, and openpyxl reads the names back."""
    from openpyxl import load_workbook

    folder = export_tables(old_file, tmp_path / "out")
    with zipfile.ZipFile(folder / "tables.xlsx") as book:
        for name in book.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ET.fromstring(book.read(name))
    sheet = load_workbook(folder / "tables.xlsx", read_only=True)["Organizations"]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert any(isinstance(n, str) and n.startswith("Valley\ufffdMakers") for n in names)


def test_export_typed_text_is_isolated_so_it_cannot_reorder_the_header() -> None:
    """A right-to-left override typed in the sector stays inside its own <bdi>."""
    wb = make_workbook(sector="Manufacturing\u202e", region="Harbour \u202eCounty",
                       working_title="\u202eValley Makers")
    try:
        add_meeting(wb)
        html = render_summary(wb, charts=False).html
    finally:
        wb.close()
    eyebrow = re.search(r'<p class="eyebrow">(.*?)</p>', html).group(1)
    assert eyebrow == ("Meeting summary · <bdi>Manufacturing\u202e</bdi> · "
                       "<bdi>Harbour \u202eCounty</bdi>")
    # Every override in the page sits in a <bdi> that holds nothing else but text.
    overrides = html.count("\u202e")
    isolated = sum(m.group(1).count("\u202e")
                   for m in re.finditer(r"<bdi>([^<]*)</bdi>", html))
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "\u202e" not in title and title.startswith("\u2068Valley Makers\u2069: ")
    assert overrides == isolated and overrides >= 3
    assert "unicode-bidi: isolate" in html
