"""A remote participant in Voila: fill the form, download the file, the facilitator imports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from browser_kit import participant_screen, screenshot

from workbook import Organisation, Resource, Workbook

WORKBOOK_CLI = Path(sys.executable).parent / "workbook"


def _type(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True).first
    field.fill(text)
    field.press("Tab")


def _press(page, button: str, expect: str) -> None:
    page.locator("button").filter(has_text=button).first.click()
    shown = page.locator("[role=status]:visible, [role=alert]:visible")  # on this screen
    shown.filter(has_text=expect).first.wait_for(timeout=30_000)


def test_participant_flow_contribution_file_round_trip(voila_server, page, tmp_path):
    """What a participant types in Voila travels back as a downloaded file and, once
    imported, is in the facilitator's workbook exactly once."""
    page.goto(f"{voila_server.url}/")
    page.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)  # let the widget views wire their listeners

    _type(page, "Your name", "Tomás Aguilar")
    page.get_by_label("Organization", exact=True).first.select_option(
        label="A new organization (type its name below)")
    page.wait_for_timeout(300)
    _type(page, "New organization", "Aguilar Precision Tooling")
    _press(page, "This is me", "✓")
    participant_screen(page, "Your organization")
    _type(page, "What it brings", "Two CNC lathes free on Fridays")
    _press(page, "Keep these answers", "✓")
    participant_screen(page, "Resource map")
    _type(page, "Name", "Night-shift CNC course")
    _press(page, "Add to the map", "✓")
    participant_screen(page, "Send it back")
    _press(page, "Make my contribution file", "ready")
    screenshot(page, "participant-voila")

    with page.expect_download() as caught:
        page.locator("a[download]").first.click()
    contribution = tmp_path / caught.value.suggested_filename
    caught.value.save_as(contribution)

    for _ in range(2):  # the second import must change nothing
        subprocess.run([str(WORKBOOK_CLI), "import-contribution", str(voila_server.workbook),
                        str(contribution), "--yes"], check=True, capture_output=True)
    wb = Workbook.open(voila_server.workbook, daily_backup=False)
    try:
        orgs = [o for o in wb.all(Organisation) if o.name == "Aguilar Precision Tooling"]
        assert len(orgs) == 1 and orgs[0].brings == "Two CNC lathes free on Fridays"
        assert [r.name for r in wb.all(Resource)].count("Night-shift CNC course") == 1
    finally:
        wb.close()
