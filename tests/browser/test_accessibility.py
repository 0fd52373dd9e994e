"""What partners and participants open is accessible: axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_kit import screenshot

from workbook.demo import build_demo
from workbook.export import export_summary

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.fixture(scope="module")
def summary_html(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary")
    wb = build_demo(folder / "demo.sqlite")
    try:
        return export_summary(wb, out_dir=folder / "exports")
    finally:
        wb.close()


def any_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("edition", ["partners", "facilitator"])
def test_summary_editions_have_no_axe_violation_of_any_impact(browser, tmp_path, edition):
    """Both editions of the demo's summary, "At a glance" first: axe finds nothing at all,
    minor or moderate included."""
    wb = build_demo(tmp_path / "demo.sqlite")
    try:
        path = export_summary(wb, out_dir=tmp_path / "exports", edition=edition)
    finally:
        wb.close()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert any_violations(page) == []
    context.close()


def test_summary_opens_offline_without_errors_and_passes_axe(browser, summary_html):
    """The exported summary, opened from a file, requests nothing, logs no error, and has
    no serious or critical accessibility violation."""
    context = browser.new_context(bypass_csp=True)  # lets axe's script run in the page
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(summary_html.as_uri())
    page.wait_for_load_state("load")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []
    assert serious_violations(page) == []
    screenshot(page, "summary-latest-meeting")
    context.close()


def test_participant_page_in_voila_passes_axe(voila_server, page):
    """The participant app, as Voila serves it, has no serious or critical violation."""
    page.goto(f"{voila_server.url}/")
    page.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    assert serious_violations(page) == []
