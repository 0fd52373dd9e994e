"""The summary page as a file: self-contained, accessible, and written where it belongs."""

from __future__ import annotations

import datetime as dt
import json
import re

import nbformat
import pytest

from workbook.errors import ExportError
from workbook.export import export_summary, render_summary
from workbook.export.files import default_root, slug
from workbook.export.html import SummaryExporter
from workbook.testing import add_meeting, make_workbook

MAX_BYTES = 300 * 1024


@pytest.fixture
def demo_export(demo_wb, tmp_path):
    path = export_summary(demo_wb, out_dir=tmp_path / "out")
    return path, path.read_text(encoding="utf-8")


def test_page_demo_is_small_and_has_no_script(demo_export):
    """The demo's latest summary stays under 300 KB and holds no script at all."""
    path, html = demo_export
    assert path.stat().st_size <= MAX_BYTES
    assert "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE)


def test_page_requests_nothing_from_a_network(demo_export, parse_page):
    """No element points outside the file: no href, no http(s) source, no @import or url()."""
    _, html = demo_export
    page = parse_page(html)
    for element in page.elements:
        assert "href" not in element.attrs
        src = element.attrs.get("src")
        assert src is None or src.startswith("data:image/")
    style = html.split("<style>")[1].split("</style>")[0]
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    csp = [e.attrs["content"] for e in page.tags("meta")
           if e.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0]


def test_page_is_built_from_our_template_not_lab(demo_export):
    """The page comes from the summary template: none of the lab template's assets."""
    _, html = demo_export
    for marker in ("jp-Notebook", "jp-Cell", "MathJax", "require.js", "mathjax", "jupyter-widgets"):
        assert marker not in html
    assert 'class="summary-header"' in html
    exporter = SummaryExporter()
    assert exporter.template_name == "summary"
    assert any(p.endswith("templates/summary") for p in exporter.template_paths)


def test_page_structure_serves_screen_readers(demo_export, parse_page):
    """One h1, an h2 per section, a lang attribute, and every table captioned with th scopes."""
    _, html = demo_export
    page = parse_page(html)
    assert page.tags("html")[0].attrs["lang"] == "en"
    assert len(page.tags("h1")) == 1
    assert len(page.tags("h2")) == len(page.tags("section"))
    tables = page.tags("table")
    assert tables and len(page.tags("caption")) == len(tables)
    for th in page.tags("th"):
        assert th.attrs.get("scope") in ("col", "row", "rowgroup")
    for section in page.tags("section"):
        assert section.attrs.get("aria-labelledby") == f"{section.attrs['id']}-title"
    assert page.tags("title")[0] is not None and "<title>" in html


def test_page_has_print_and_narrow_screen_styles(demo_export):
    """The one stylesheet carries a print block and a narrow-screen block."""
    _, html = demo_export
    style = html.split("<style>")[1].split("</style>")[0]
    assert "@media print" in style
    assert re.search(r"@media \(max-width: *\d+(rem|px)\)", style)
    assert 'name="viewport"' in html


def test_page_charts_have_text_alternatives(demo_export, parse_page):
    """Every image is an inline chart with a non-empty alt text and a caption."""
    _, html = demo_export
    page = parse_page(html)
    images = page.tags("img")
    assert images and len(images) == len(page.tags("figure")) == len(page.tags("figcaption"))
    for image in images:
        assert image.attrs["alt"].strip()
        assert image.attrs["src"].startswith("data:image/")


def test_notebook_beside_page_has_outputs_and_was_not_executed(demo_export):
    """The .ipynb beside the page is valid, holds the sections as outputs, and ran nothing."""
    path, html = demo_export
    nb = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    nbformat.validate(nb)
    sections = [c.metadata["workbook"]["section"] for c in nb.cells]
    assert sections[0] == "header" and "meeting" in sections
    for cell in nb.cells:
        assert cell.cell_type == "code" and cell.execution_count is None
        data = cell.outputs[0]["data"]
        assert "text/html" in data and "application/json" in data
        assert "".join(data["text/html"]) in html
    assert "kernelspec" not in nb.metadata
    decisions = next(c for c in nb.cells if c.metadata["workbook"]["section"] == "decisions")
    assert isinstance(decisions.outputs[0]["data"]["application/json"], list)


def test_export_writes_under_partnership_slug_by_date_and_kind(demo_wb, tmp_path):
    """The file is <out>/<partnership folder>/<date>-<kind>.html; exporting again replaces it."""
    meeting = demo_wb.latest_meeting()
    path = export_summary(demo_wb, out_dir=tmp_path)
    expected = (tmp_path / demo_wb.export_folder()
                / f"{meeting.held_on.isoformat()}-{meeting.kind_of}.html")
    assert path == expected and path.is_file() and path.with_suffix(".ipynb").is_file()
    assert export_summary(demo_wb, "latest", tmp_path) == path
    assert sorted(p.name for p in path.parent.iterdir()) == [
        path.name, path.with_suffix(".ipynb").name, "partnership.json"]


def test_export_of_twin_meetings_keeps_both(tmp_path):
    """Two meetings of one kind on one day get separate files (the id tells them apart)."""
    wb = make_workbook()
    day = dt.date.today()
    first = add_meeting(wb, held_on=day, objective="Morning session")
    second = add_meeting(wb, held_on=day, objective="Afternoon session")
    one = export_summary(wb, first.id, tmp_path)
    two = export_summary(wb, second.id, tmp_path)
    assert one != two and one.name.endswith(f"-{first.id}.html")
    assert "Morning session" in one.read_text() and "Afternoon session" in two.read_text()


def test_slug_cannot_leave_the_exports_folder():
    """Slashes, dots and markup in a name collapse to hyphens; nothing is left empty."""
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Zoë & Co. <b>") == "zoe-co-b"
    assert slug("///") == "partnership"
    assert len(slug("x" * 500)) <= 60


def test_default_root_is_exports_beside_the_data_folder(tmp_path):
    """A workbook in <project>/data/ exports to <project>/exports/."""
    wb = make_workbook(tmp_path / "data" / "wb.sqlite")
    try:
        assert default_root(wb) == (tmp_path / "exports").resolve()
    finally:
        wb.close()
    other = make_workbook(tmp_path / "elsewhere" / "wb.sqlite")
    try:
        assert default_root(other) == (tmp_path / "elsewhere" / "exports").resolve()
    finally:
        other.close()


def test_export_into_unwritable_folder_says_so(sparse_wb, tmp_path):
    """A folder that cannot be written gets an ExportError naming the path, not a traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="cannot be written"):
        export_summary(sparse_wb, out_dir=blocker)


def test_render_summary_json_output_matches_records(demo_wb):
    """The application/json outputs carry the same data the page shows (dates as ISO text)."""
    rendered = render_summary(demo_wb, charts=False)
    meeting_cell = next(c for c in rendered.notebook.cells
                        if c.metadata["workbook"]["section"] == "meeting")
    data = meeting_cell.outputs[0]["data"]["application/json"]
    assert data["held_on"] == rendered.summary.meeting.held_on.isoformat()
    assert data["objective"] == rendered.summary.meeting.objective
    json.dumps(data)


def test_page_and_notebook_match_what_nbconvert_and_nbformat_write(demo_wb):
    """Rendered without nbconvert and written without nbformat, the page and the notebook
    are what nbconvert's exporter and ``nbformat.writes`` give, and the notebook is valid."""
    from workbook.export.notebook import notebook_json

    rendered = render_summary(demo_wb)
    nb = nbformat.from_dict(rendered.notebook)
    nbformat.validate(nb)
    assert notebook_json(rendered.notebook) == nbformat.writes(nb)
    html, _ = SummaryExporter().from_notebook_node(nb)
    assert html == rendered.html


def test_export_command_does_not_import_the_notebook_machinery(demo_path, tmp_path):
    """A fresh ``workbook export`` imports neither nbformat nor nbconvert (their schema
    and template machinery cost more than the export itself)."""
    import subprocess
    import sys

    code = ("import sys\nfrom workbook.cli import main\n"
            f"main(['export', {str(demo_path)!r}, '--out', {str(tmp_path)!r}])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('nbformat', 'nbconvert', 'jsonschema')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
