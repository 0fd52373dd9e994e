"""PDF printing with the system's chromium, and a clear refusal when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.errors import ExportError
from workbook.export import export_summary
from workbook.export.pdf import find_chromium, html_to_pdf

CHROMIUM = Path("/usr/bin/chromium")


def test_pdf_without_chromium_names_the_fix(sparse_wb, tmp_path, monkeypatch):
    """No chromium: an ExportError says how to install it; the HTML is still written."""
    monkeypatch.setenv("WORKBOOK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert find_chromium() is None
    with pytest.raises(ExportError, match="apt-get install chromium"):
        export_summary(sparse_wb, out_dir=tmp_path, pdf=True)
    written = list(tmp_path.rglob("*.html"))
    assert len(written) == 1 and not list(tmp_path.rglob("*.pdf"))


def test_pdf_of_missing_page_is_refused(tmp_path):
    """Printing a page that does not exist names the path."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    with pytest.raises(ExportError, match="does not exist"):
        html_to_pdf(tmp_path / "nothing.html", chromium=CHROMIUM)


@pytest.mark.browser
def test_pdf_printed_beside_the_page(demo_wb, tmp_path):
    """With chromium installed, --pdf leaves a real PDF beside the HTML and no side file."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it.")
    html = export_summary(demo_wb, out_dir=tmp_path, pdf=True)
    pdf = html.with_suffix(".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    assert b"/Type /Page" in data or b"/Type/Page" in data
    assert not [p for p in html.parent.iterdir() if p.name.startswith(".")]


def test_pdf_chromium_starts_offline(tmp_path, monkeypatch):
    """chromium is started with every host but 127.0.0.1 mapped to nothing, and no pings."""
    import subprocess

    from workbook.export import pdf

    seen: list[list[str]] = []

    def fake_run(command, **kwargs):
        seen.append(command)
        Path(next(a for a in command if a.startswith("--print-to-pdf="))
             .split("=", 1)[1]).write_bytes(b"%PDF-1.4")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pdf.subprocess, "run", fake_run)
    page = tmp_path / "page.html"
    page.write_text("<h1>x</h1>")
    pdf.html_to_pdf(page, chromium=Path("/bin/sh"))
    command = seen[0]
    assert "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" in command
    for switch in ("--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-pings", "--dns-prefetch-disable"):
        assert switch in command


def test_every_test_chromium_starts_offline():
    """The tests' own chromium (tests/conftest.py) uses the same offline switches."""
    import importlib.util

    from workbook.export.pdf import OFFLINE_ARGS

    spec = importlib.util.spec_from_file_location(
        "root_conftest", Path(__file__).parents[1] / "conftest.py")
    root = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root)
    assert set(OFFLINE_ARGS) <= set(root.CHROMIUM_ARGS)
