"""The Binder participant app on a phone (issue 26, point 5): one activity a screen.

Voila serves the app (as a Binder link does) to a Chromium context 390x844, the size of
the live room's phone pages. Each screen must fit in about two phone screens (the app was
once about 10,000 px of one page), the "nothing reaches the facilitator by itself"
warning must be on the page once (it was there three times), and the page must be about
the meeting being held even when the data plans the next one and the link names it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_kit import SCREENSHOTS, TAKEN, participant_screen

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 1_700  # px: about two phone screens
WARNING = "Nothing you enter here reaches the facilitator by itself"
# Voila's lab template scrolls an inner box, not the document: the page's height is the
# scroll height of whichever scrolls: the document, or a box about as high as the window
# whose content runs past it.
PAGE_HEIGHT = """() => Math.max(document.scrollingElement.scrollHeight,
  ...Array.from(document.querySelectorAll('*'))
     .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)
                  && e.clientHeight >= 0.8 * window.innerHeight
                  && e.scrollHeight > e.clientHeight)
     .map(e => e.scrollHeight))"""
PAGE_WIDTH = """() => Math.max(document.documentElement.scrollWidth,
                               document.body.scrollWidth)"""


def _shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)
    return target


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_participant_app_is_one_activity_a_screen_on_a_phone(voila_server, phone):
    """Every screen of the app, chosen in turn, is under 1,700 px high and no wider than
    the phone; the warning is said once; the page is about the meeting held, although the
    demo plans its next meeting and the link names that planned one."""
    # The demo's meeting 8 is planned; meeting 7 was held (the demo's story moves with today).
    from workbook import Meeting, Workbook
    from workbook.i18n import format_date

    with Workbook.open(voila_server.workbook, daily_backup=False) as wb:
        held, planned = (format_date(wb.get(Meeting, n).held_on, language="en")
                         for n in (7, 8))
    phone.goto(f"{voila_server.url}/?meeting=8")
    phone.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
    phone.wait_for_timeout(2000)  # let the widget views wire their listeners

    heights = {"first screen": phone.evaluate(PAGE_HEIGHT)}
    assert heights["first screen"] < MAX_HEIGHT, heights  # the old app: ~10,000 px here

    text = phone.evaluate("() => document.body.textContent")
    assert text.count(WARNING) == 1
    header = phone.locator(".pwb-context").first.inner_text()
    assert held in header and "planned" not in header
    assert planned not in text
    assert phone.get_by_text("Meeting 8 has not been held yet").first.is_visible()
    first = _shot(phone, "participant-phone-1-you")
    if os.environ.get("WORKBOOK_UPDATE_DOCS"):  # README's picture of the app on a phone
        shutil.copy(first, Path(__file__).resolve().parents[2] / "docs" / "participant-phone.png")

    chooser = phone.get_by_label("Activity", exact=True).first
    titles = [t.replace("\xa0", " ").strip()
              for t in chooser.locator("option").all_inner_texts()]
    assert len(titles) >= 8 and titles[0] == "Who you are" and titles[-1] == "Send it back"
    assert "How did the meeting go?" in titles  # a meeting was held: it can be evaluated

    # Next, as a thumb does it: the second screen, and the chooser follows.
    phone.locator("button").filter(has_text="Next").first.click()
    phone.locator(".pwb-screen:visible h3").filter(has_text="Your organization").first \
        .wait_for(timeout=30_000)
    assert chooser.input_value().replace("\xa0", " ") == "Your organization"

    for number, title in enumerate(titles, start=1):
        participant_screen(phone, title)
        phone.wait_for_timeout(300)
        assert phone.locator(".pwb-screen:visible").count() == 1
        heights[title] = phone.evaluate(PAGE_HEIGHT)
        assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"] + 1, title
        # Big touch targets: every visible button of the screen is at least 44 px high.
        for box in phone.locator(".pwb-screen:visible button:visible").all():
            size = box.bounding_box()
            assert size is not None and size["height"] >= 43.5, (title, size)
        _shot(phone, f"participant-phone-{number}-{title.split(':')[0].lower()}"
                     .replace(" ", "-").replace("?", ""))
    print("page height per screen (px):", heights)
    assert max(heights.values()) < MAX_HEIGHT, heights
    # The evaluation goes to the meeting held: its screen names no planned meeting.
    participant_screen(phone, "How did the meeting go?")
    assert phone.evaluate("() => document.body.textContent").count(WARNING) == 1
