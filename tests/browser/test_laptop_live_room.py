"""The laptop's live room in a real browser: the facilitator's lab and three phones
(Chromium contexts at 390x844) on 127.0.0.1. Join, send ideas, vote, evaluate; the
projected screen shows no idea before the reveal and the right totals after; nothing is
lost; stopping the room tells the phones."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from browser_kit import SCREENSHOTS, TAKEN, click, open_notebook, status_after

from workbook.model import EvaluationAnswer, NameCandidate
from workbook.store import Workbook

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = ("Ana Ruiz", "Ben Ode", "Cy Park")


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


def test_laptop_live_room_with_three_phones(lab, page, browser):
    with Workbook.open(lab.workbook) as wb:  # the naming notebook opened an anonymous vote
        wb.open_vote(dots_per_participant=3, anonymous=True)
        candidates = [(c.id, c.name) for c in wb.all(NameCandidate)]
    view = open_notebook(page, lab, "09_remote_participants.ipynb", "Live room on this laptop")
    status_after(view, "Start the live room", "phones join with code", timeout=60_000)
    link = view.locator("a[href*='/s/']").first.get_attribute("href")
    assert link and link.startswith("http://127.0.0.1:")
    assert "Only this laptop" in view.inner_text()
    click(view, "Show the open vote on phones")
    view.locator("[role=status]").filter(has_text="phones show the vote").first.wait_for()

    phones = []
    for n, name in enumerate(PEOPLE):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        phone = context.new_page()
        phones.append((context, phone))
        phone.goto(link)
        phone.fill("#name", name)
        phone.fill("#organisation", f"{name.split()[1]} Works")
        phone.click("form[method=post] button[type=submit]")  # not the language menu's
        phone.get_by_text(f"You are {name}").wait_for()
        phone.fill("#nc-name", f"Idea of {name}")
        phone.click("#name_candidate button[type=submit]")
        phone.get_by_text("Sent. The facilitator sees it now.").wait_for()
        cand_id = candidates[n % len(candidates)][0]
        phone.fill(f"#d-{cand_id}", "3")
        phone.click("#dots button[type=submit]")
        phone.get_by_text("✓ Sent.", exact=True).wait_for()  # hidden: nobody sees it yet
        for fieldset in phone.locator("#evaluation fieldset").all():
            fieldset.locator("input[value='4']").check()
        phone.click("#evaluation button[type=submit]")
        phone.get_by_text("✓ Sent.", exact=True).wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    hidden = view.get_by_text("Idea (hidden until you reveal all ideas)")
    hidden.nth(2).wait_for(timeout=20_000)
    view.get_by_text("Meeting evaluation (anonymous)").nth(2).wait_for(timeout=20_000)
    assert view.get_by_text(re.compile(r"Dots in vote")).count() == 3
    shown = view.inner_text()
    assert "9 received" in shown
    assert not any(f"Idea of {name}" in shown for name in PEOPLE)  # nothing before reveal

    status_after(view, "Accept every new item", "9 items taken in", timeout=60_000)
    status_after(view, "Reveal all ideas", "All ideas are shown")
    shown = view.inner_text()
    assert all(f"Idea of {name}" in shown for name in PEOPLE)
    status_after(view, "Close the vote and show results", "The phones show the vote")
    results = view.locator("ol").filter(has_text="dots").first
    results.wait_for()
    totals = results.inner_text()
    for _, cand_name in candidates[:3]:
        assert f"{cand_name}: 3 dots" in totals
    with Workbook.open(lab.workbook) as wb:
        names = {c.name for c in wb.all(NameCandidate)}
        assert all(f"Idea of {name}" in names for name in PEOPLE)
        assert len(wb.all(EvaluationAnswer)) >= 3

    phone = phones[0][1]
    phone.reload()
    phone.locator("#ideas").get_by_text("Idea of Cy Park").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "laptop-live-room-phone.png"
    phone.screenshot(path=str(shot))
    TAKEN.append(shot)
    if os.environ.get("WORKBOOK_UPDATE_DOCS"):
        shutil.copy(shot, ROOT / "docs" / "live-phone.png")

    status_after(view, "Stop the live room", "The live room is stopped")
    for _, p in phones:
        p.get_by_text("nothing more can be sent").wait_for(timeout=15_000)
        assert p.locator("#comment button[type=submit]").is_disabled()
    for context, _ in phones:
        context.close()
