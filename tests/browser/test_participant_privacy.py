"""One Voila server, two visitors: a saved draft is only ever offered to its own browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from browser_kit import participant_screen

FOUND = "A draft from earlier in this session was found."


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)  # let the widget views wire their listeners
    return context, page


def _visitor(page) -> str:
    (key,) = parse_qs(urlsplit(page.url).query)["visitor"]
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    return key


def _type(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True).first
    field.fill(text)
    field.press("Tab")


def test_second_visitor_is_never_offered_the_first_ones_draft(browser, voila_server):
    """The first browser gets its draft back after a reload; a second browser, even on the
    first one's exact address, is given its own key and no draft."""
    first, page = _open(browser, f"{voila_server.url}/?meeting=1")
    try:
        mine = _visitor(page)
        assert parse_qs(urlsplit(page.url).query)["meeting"] == ["1"]
        _type(page, "Your name", "Mira Okonkwo")
        page.get_by_label("Organization", exact=True).first.select_option(
            label="A new organization (type its name below)")
        page.wait_for_timeout(300)
        _type(page, "New organization", "Okonkwo Robotics")
        page.locator("button").filter(has_text="This is me").first.click()
        page.locator("[role=status]").filter(has_text="Thank you").first.wait_for(
            timeout=30_000)
        participant_screen(page, "Comments")
        _type(page, "Your comment", "Only for the facilitator")
        page.locator("button").filter(has_text="Add the comment").first.click()
        page.locator("[role=status]").filter(has_text="Comment added").first.wait_for(
            timeout=30_000)
        address = page.url
        page.reload()
        page.get_by_text(FOUND).first.wait_for(timeout=90_000)
        assert _visitor(page) == mine
    finally:
        first.close()

    for url in (f"{voila_server.url}/?meeting=1", address):
        second, other = _open(browser, url)
        try:
            assert _visitor(other) != mine
            other.wait_for_timeout(1000)
            assert not other.get_by_text(FOUND).first.is_visible()
            assert "Mira Okonkwo" not in other.content()
        finally:
            second.close()
