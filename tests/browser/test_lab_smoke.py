"""JupyterLab itself comes up in chromium from the fixture, on loopback only."""

from __future__ import annotations

from urllib.parse import urlparse


def test_lab_loads_on_loopback_without_console_errors(lab_server, page):
    """The lab page renders its launcher from 127.0.0.1, and the browser logs no error."""
    page.goto(f"{lab_server.url}/lab?token={lab_server.token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000)
    page.wait_for_selector(".jp-Launcher, .jp-NotebookPanel", timeout=60_000)
    hosts = {urlparse(u).hostname for u in page.requests if u.startswith("http")}
    assert hosts == {"127.0.0.1"}
    assert [e for e in page.console_errors if "favicon" not in e] == []


def test_plain_lab_address_opens_the_start_page(lab_server, page):
    """A facilitator who types the lab's address without a path lands on the start
    notebook, not on the Launcher (the default workspace opens it)."""
    page.goto(f"{lab_server.url}/lab?token={lab_server.token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
    tab.wait_for(timeout=60_000)
    assert tab.inner_text().strip() == "00_start_here.ipynb"
    assert page.locator(".jp-Launcher").count() == 0
