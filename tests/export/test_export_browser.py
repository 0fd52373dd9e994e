"""The demo summary in a real browser: Debian's chromium, headless, through Playwright.

It must load with no request beyond the file itself, no console error (a CSP violation
would be one), read on a phone-sized screen without sideways scrolling of the page, and
print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.export import export_summary

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / ".artifacts" / "screenshots"


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's chromium (tests/conftest.py): one Playwright instance per process."""
    return browser


@pytest.fixture
def summary_file(demo_wb, tmp_path) -> Path:
    return export_summary(demo_wb, out_dir=tmp_path)


def _open(chromium, path: Path, width: int):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests, errors


def test_summary_loads_without_any_network_request(chromium, summary_file):
    """Loading the page asks for nothing but the file itself and its inline images."""
    context, page, requests, errors = _open(chromium, summary_file, 1280)
    try:
        assert page.locator("h1").count() == 1
        assert page.locator("img").count() >= 1
        loaded = page.eval_on_selector_all(
            "img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
        assert all(loaded)
        outside = [u for u in requests if u != summary_file.as_uri()
                   and not u.startswith("data:")]
        assert outside == []
        assert errors == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-summary-desktop.png"), full_page=True)
    finally:
        context.close()


def test_summary_reads_on_a_phone_and_prints(chromium, summary_file):
    """At 360 px the page itself does not scroll sideways; print media keeps every section."""
    context, page, _, errors = _open(chromium, summary_file, 360)
    try:
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        page.screenshot(path=str(ARTIFACTS / "export-summary-phone.png"), full_page=True)
        page.emulate_media(media="print")
        assert page.locator("section").count() == page.locator("h2").count() > 3
        assert page.evaluate("() => getComputedStyle(document.body).fontSize") == "14px"
        assert errors == []
    finally:
        context.close()
