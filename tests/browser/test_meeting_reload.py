"""Meeting mode reloaded in the browser while the laptop's live room runs: the new page
(a new kernel) finds the running room and shows it; nothing stopped it, nothing doubled."""

from __future__ import annotations

import os
import re
import urllib.request

import pytest
from browser_kit import SCREENSHOTS, TAKEN

PROJECTOR = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def live_ports():
    """The kernel's live room listens in this run's port block (the lab inherits it)."""
    before = os.environ.get("LIVE_PORTS")
    low, _, high = os.environ.get("WORKBOOK_TEST_PORTS", "").partition("-")
    if high.isdigit():
        os.environ["LIVE_PORTS"] = f"{int(high) - 3}-{high}"
    yield
    if before is None:
        os.environ.pop("LIVE_PORTS", None)
    else:
        os.environ["LIVE_PORTS"] = before


@pytest.fixture(scope="module")
def lab(live_ports, lab_server):
    return lab_server


def _button(page, text: str):
    pattern = re.compile(r"^\s*" + r"[\s\xa0]+".join(map(re.escape, text.split())) + r"\s*$")
    return page.locator("button:visible").filter(has_text=pattern).first


def _open(page, lab) -> None:
    page.goto(f"{lab.url}/voila/render/notebooks/12_meeting.ipynb?token={lab.token}")
    page.locator(".pwb-meeting-header").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url + "health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def test_reloading_meeting_mode_shows_the_running_live_room(lab, browser):
    """Start the room, reload the page: the same room (same join code, same address) is
    on the new page at once, still answering; Stop there stops it."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    try:
        _open(page, lab)
        _button(page, "Phones").click()
        _button(page, "Start the live room").click()
        said = page.locator("[role=status]").filter(has_text="phones join with code").first
        said.wait_for(timeout=60_000)
        code = re.search(r"code (\w+)", said.inner_text()).group(1)
        url = re.search(r"http://127\.0\.0\.1:\d+/", page.locator(".pwb-meeting").first
                        .inner_text()).group(0)
        assert _answers(url)

        page.reload()
        page.locator(".pwb-meeting-header").first.wait_for(timeout=120_000)
        page.locator("[role=status]").filter(has_text="already running").first.wait_for(
            timeout=60_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "meeting-reload-live-room.png"
        page.screenshot(path=str(target))
        TAKEN.append(target)
        assert code in page.locator(".pwb-meeting").first.inner_text()
        assert _button(page, "Stop the live room").is_enabled()
        page.wait_for_timeout(3000)  # past the old kernel's shutdown
        assert _answers(url)

        _button(page, "Stop the live room").click()
        page.locator("[role=status]").filter(has_text="live room is stopped").first.wait_for(
            timeout=30_000)
        assert not _answers(url)
    finally:
        context.close()
