"""Language access in a real browser: a phone picks Español in the live room (the choice
stays after a reload), joins and reads the session page in Spanish; the summary exported
in Spanish says ``lang="es"``; both pages pass axe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from workbook.demo import build_demo
from workbook.export import export_summary
from workbook.live.local_room import LocalRoom
from workbook.store import Workbook

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


def _ports() -> range:
    low, _, high = os.environ.get("WORKBOOK_TEST_PORTS", "").partition("-")
    if high.isdigit():
        return range(int(high) - 5, int(high) + 1)
    return range(9500, 9510)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Workbook]:
    wb = build_demo(tmp_path_factory.mktemp("language") / "demo.sqlite")
    yield wb
    wb.close()


@pytest.fixture(scope="module")
def join_url(demo) -> Iterator[str]:
    local = LocalRoom(demo, ports=_ports())
    room = local.start()
    meeting = demo.latest_meeting()
    assert meeting is not None
    demo.open_vote(dots_per_participant=3, anonymous=True)
    session = room.publish(demo, room.open_session(demo, meeting.id, minutes=30))
    yield session.join_url
    local.stop()


def test_phone_chooses_spanish_and_keeps_it(browser, join_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US",
                                  bypass_csp=True)  # lets axe's script run in the page
    phone = context.new_page()
    try:
        phone.goto(join_url)
        assert phone.locator("html").get_attribute("lang") == "en"
        phone.select_option("#lang", "es")
        phone.get_by_role("button", name="OK").click()
        phone.get_by_text("Su nombre", exact=True).wait_for()
        assert phone.locator("html").get_attribute("lang") == "es"
        phone.reload()
        phone.get_by_text("Su nombre", exact=True).wait_for()  # kept: the cookie, not the address
        phone.fill("#name", "Ana Ruiz")
        phone.fill("#organisation", "Acme Tools")
        phone.get_by_role("button", name="Continuar").click()
        phone.get_by_text("Usted es Ana Ruiz, Acme Tools.").wait_for()
        assert phone.locator("html").get_attribute("lang") == "es"
        assert "Idea para el nombre" in phone.inner_text("main")
        assert serious_violations(phone) == []
    finally:
        context.close()


def test_summary_in_spanish_says_so_and_passes_axe(browser, demo, tmp_path):
    path: Path = export_summary(demo, out_dir=tmp_path, language="es")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        assert page.locator("html").get_attribute("lang") == "es"
        assert "Resumen de la reunión" in page.inner_text("body")
        assert page.locator('[lang="en"]').count() > 0  # typed text keeps its language
        assert serious_violations(page) == []
    finally:
        context.close()
