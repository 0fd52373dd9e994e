"""Offline means offline: the participant app and the PDF export ask only 127.0.0.1.

Chromium writes every request and every host-name resolution to a network log
(``--log-net-log``); each test reads the log back and counts what went elsewhere. The
browser starts with the same switches as every chromium the workbook and its tests start
(``workbook.export.pdf.OFFLINE_ARGS``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from workbook.export import export_summary
from workbook.export.pdf import OFFLINE_ARGS, html_to_pdf

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome", "chrome-extension", "devtools"}


def _outside(net_log: Path) -> tuple[list[str], list[str], int]:
    """(URLs not on 127.0.0.1 or local, host names looked up but 127.0.0.1, URLs seen)."""
    text = net_log.read_text(encoding="utf-8", errors="replace")
    if not text.rstrip().endswith("}"):  # chromium killed before it closed the log
        text = text.rstrip().rstrip(",") + "]}"
    events = json.loads(text).get("events", [])
    urls, hosts = set(), set()
    for event in events:
        params = event.get("params") or {}
        for key in ("url", "original_url"):
            if isinstance(params.get(key), str) and params[key]:
                urls.add(params[key])
        for key in ("host", "hostname"):
            if isinstance(params.get(key), str):
                hosts.add(params[key])
    bad_urls = sorted(u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES
                      and urlsplit(u).hostname != "127.0.0.1")
    bad_hosts = sorted(h for h in hosts
                       if re.sub(r"^\w+://|:\d+$", "", h) not in ("127.0.0.1", ""))
    return bad_urls, bad_hosts, len(urls)


def test_pdf_export_asks_nothing_of_the_network(demo_wb, tmp_path):
    """Printing the summary to PDF requests and looks up nothing but local files."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it.")
    page = export_summary(demo_wb, out_dir=tmp_path)
    log = tmp_path / "net-log.json"
    html_to_pdf(page, chromium=CHROMIUM,
                extra_args=(f"--log-net-log={log}", "--net-log-capture-mode=Everything"))
    bad_urls, bad_hosts, seen = _outside(log)
    assert seen >= 1, "the network log recorded the page itself"
    assert bad_urls == [] and bad_hosts == []


def test_participant_app_asks_nothing_but_its_server(browser, voila_server, tmp_path):
    """Every request of the participant app goes to 127.0.0.1; no host name is looked up."""
    log = tmp_path / "net-log.json"
    own = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *OFFLINE_ARGS,
              f"--log-net-log={log}", "--net-log-capture-mode=Everything"])
    requests: list[str] = []
    try:
        page = own.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{voila_server.url}/")
        page.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
        page.wait_for_timeout(1500)
        icons = page.locator(".fa").count()
    finally:
        own.close()
    outside = [u for u in requests if urlsplit(u).scheme not in LOCAL_SCHEMES
               and urlsplit(u).hostname != "127.0.0.1"]
    assert requests and outside == []
    assert icons >= 1, "the buttons still carry their icons"
    bad_urls, bad_hosts, seen = _outside(log)
    assert seen >= len({u for u in requests if not u.startswith("data:")})
    assert bad_urls == [] and bad_hosts == []


def test_participant_app_in_the_labs_voila_asks_nothing_but_its_server(browser,
                                                                        lab_voila_server,
                                                                        tmp_path):
    """Issue 25: the Binder link's own path (JupyterLab's Voila) asked cdnjs.cloudflare.com
    for MathJax; now every request goes to 127.0.0.1 and no host name is looked up."""
    log = tmp_path / "net-log.json"
    own = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *OFFLINE_ARGS,
              f"--log-net-log={log}", "--net-log-capture-mode=Everything"])
    requests: list[str] = []
    try:
        page = own.new_page()
        page.on("request", lambda r: requests.append(r.url))
        server = lab_voila_server
        page.goto(f"{server.url}/voila/render/notebooks/participant.ipynb"
                  f"?token={server.token}")
        page.get_by_text("Join the partnership").first.wait_for(timeout=120_000)
        page.wait_for_timeout(2000)
    finally:
        own.close()
    outside = [u for u in requests if urlsplit(u).scheme not in LOCAL_SCHEMES
               and urlsplit(u).hostname != "127.0.0.1"]
    assert requests and outside == []
    bad_urls, bad_hosts, _seen = _outside(log)
    assert bad_urls == [] and bad_hosts == []
