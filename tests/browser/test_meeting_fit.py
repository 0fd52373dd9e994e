"""Meeting mode at 1366x768 as a facilitator sees it: what fits, what is cut, who holds the
laptop. The meeting of the demo (22 people) is held today; each test opens its own page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from browser_kit import SCREENSHOTS, TAKEN, in_viewport

from workbook import Workbook
from workbook.model import Meeting

PROJECTOR = {"width": 1366, "height": 768}
STATUS_CUT = """p => { const cut = [];
  for (let e = p; e && !e.classList.contains('pwb-meeting'); e = e.parentElement)
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      cut.push([e.tagName, e.className.toString(), e.scrollWidth, e.clientWidth]);
  return cut; }"""
"""What of a status line's boxes, from its paragraph up, is too small for it."""
CLIP_CHECK = (Path(__file__).with_name("clip_check.js")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def held_today(lab_server):
    """The demo workbook with a meeting held today (the meeting mode opens it)."""
    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        wb.add(Meeting(held_on=dt.date.today(), kind_of="regular", objective="Fit the screen"))
    finally:
        wb.close()
    return lab_server


def _button(page, text: str):
    pattern = re.compile(r"^\s*" + r"[\s\xa0]+".join(map(re.escape, text.split())) + r"\s*$")
    return page.locator("button:visible").filter(has_text=pattern).first


def _click(page, text: str) -> None:
    _button(page, text).click()
    page.wait_for_timeout(600)


def _top(page) -> None:
    page.evaluate("""() => { window.scrollTo(0, 0); document.querySelectorAll('*')
        .forEach(e => { if (e.scrollTop) e.scrollTop = 0; }); }""")
    page.wait_for_timeout(300)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"meeting-fit-{name}.png"
    page.screenshot(path=str(target))
    TAKEN.append(target)


def _meeting(browser, server):
    """A 1366x768 page on meeting mode, the standard agenda chosen, the clock started."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/notebooks/12_meeting.ipynb?token={server.token}")
    page.locator(".pwb-meeting-header").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    standard = _button(page, "Use the standard agenda")
    if standard.count():  # the first test chooses the agenda; later ones find it
        standard.click()
    page.locator(".pwb-meeting-item h3").filter(has_text="1. Welcome").wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    return context, page


def _item(page, number: int, title: str) -> None:
    page.locator(".pwb-meeting-agenda button").nth(number - 1).click()
    page.locator(".pwb-meeting-item h3").filter(has_text=title).wait_for(timeout=60_000)
    page.wait_for_timeout(1000)


def test_attendance_of_22_people_fits_the_projector_without_scrolling(held_today, browser):
    """All 22 tick boxes of the demo are on the 1366x768 screen at once, in their box."""
    context, page = _meeting(browser, held_today)
    try:
        _top(page)
        boxes = page.locator(".pwb-att-group input[type=checkbox]")
        assert boxes.count() == 22
        _shot(page, "attendance")
        off_screen = [n for n in range(22) if not in_viewport(page, boxes.nth(n))]
        assert off_screen == [], f"{len(off_screen)} of 22 people need the page scrolled"
        groups = page.locator(".pwb-att-scroll").first
        assert groups.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
        # Each name cut short on screen says the whole of it on hover.
        cut = page.locator(".pwb-att-group").first.evaluate(
            "g => [...g.querySelectorAll('span, strong')].filter(e => e.scrollWidth >"
            " e.clientWidth + 1 && e.title !== e.textContent).map(e => e.textContent)")
        assert cut == []
        # The confirmation by a tick, in a narrow column, wraps: nothing of it is cut.
        boxes.nth(7).click()
        line = page.locator(".pwb-att-scroll .pwb-feedback p").first
        line.wait_for(timeout=30_000)
        _shot(page, "attendance-ticked")
        assert line.evaluate(STATUS_CUT) == []
        assert line.get_attribute("title") in line.inner_text()
    finally:
        context.close()


def test_actions_and_evaluation_are_not_cut_at_1366x768(held_today, browser):
    """The actions item (review form, new-action form, the table of agreed actions) and the
    evaluation form: no box cuts or side-scrolls its content."""
    context, page = _meeting(browser, held_today)
    stage = page.locator(".pwb-meeting-stage")
    try:
        _item(page, 6, "6. Actions")
        field = stage.get_by_label("Action", exact=True).nth(1)
        field.fill("Draft the mentoring agreement with the college and the two employers")
        field.press("Tab")
        stage.get_by_label("Who", exact=True).select_option(index=3)
        page.wait_for_timeout(800)
        _click(page, "Add action")
        page.locator(".pwb-meeting-stage table").nth(1).wait_for(timeout=30_000)
        _top(page)
        _shot(page, "actions")
        assert stage.first.evaluate(CLIP_CHECK) == []

        _item(page, 8, "8. Evaluation")
        _click(page, "Begin my answer (the screen is yours)")
        stage.get_by_label("Anything else?", exact=True).wait_for(timeout=30_000)
        _top(page)
        _shot(page, "evaluation")
        assert stage.first.evaluate(CLIP_CHECK) == []
    finally:
        context.close()


REACHABLE = """(text) => {
  // Whether the button saying `text` is what a click at its middle lands on.
  const b = [...document.querySelectorAll('button')]
    .find(b => b.innerText.replace(/\\s+/g, ' ').trim() === text);
  if (!b) return null;
  const r = b.getBoundingClientRect();
  if (!r.width) return false;
  return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
}"""


def test_a_participant_with_the_laptop_cannot_reach_the_facilitators_controls(held_today,
                                                                             browser):
    """While a participant answers the evaluation, their form covers the window: Undo, the
    agenda, the clock's buttons and "Show the results" are out of reach; "Give the laptop
    back to the facilitator" is the one way out, and brings them back."""
    context, page = _meeting(browser, held_today)
    try:
        _item(page, 8, "8. Evaluation")
        _click(page, "Begin my answer (the screen is yours)")
        back = "Give the laptop back to the facilitator"
        page.locator(".pwb-laptop-turn").wait_for(timeout=30_000)
        _shot(page, "laptop-handed")
        box = page.locator(".pwb-laptop-turn").bounding_box()
        assert box == {"x": 0, "y": 0, **PROJECTOR}
        facilitator = ["Next item", "Previous", "Room view", "Undo…",
                       "Show the results to the room", "2. What each partner brings and "
                       "needs (15 min)"]
        assert {t: page.evaluate(REACHABLE, t) for t in facilitator} == dict.fromkeys(
            facilitator, False)
        assert page.evaluate(REACHABLE, "Hand in (anonymous)")
        assert page.evaluate(REACHABLE, back)
        _click(page, back)
        assert page.locator(".pwb-laptop-turn").count() == 0
        assert page.evaluate(REACHABLE, "Next item")
        assert page.evaluate(REACHABLE, "Begin my answer (the screen is yours)")
    finally:
        context.close()
