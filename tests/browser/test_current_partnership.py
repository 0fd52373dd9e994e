"""The partnership created on the start page is the one every notebook opens."""

from __future__ import annotations

import json

from browser_kit import open_notebook, screenshot, status_after, type_into

from workbook import Workbook

TITLE = "Riverside Makers"


def test_current_partnership_created_on_start_page_opens_in_every_notebook(
        lab_server_no_env, page):
    """Create a partnership in 00_start_here with a path typed from the project folder;
    kickoff, naming and the summary then open it, with no variable and no restart."""
    server = lab_server_no_env
    view = open_notebook(page, server, "00_start_here.ipynb", "Start here")
    assert "Partnership: Valley Makers Alliance" in view.inner_text()  # the demo, at first
    type_into(view, "Workbook file", "data/riverside.sqlite")
    for label, value in (("Working title", TITLE), ("Sector", "Advanced manufacturing"),
                         ("Region", "Riverside County")):
        type_into(view, label, value, nth=1)  # the first form edits the open partnership
    line = status_after(view, "Create a new workbook", "is now the current partnership")
    made = server.workdir / "data" / "riverside.sqlite"
    assert str(made) in line
    assert made.exists() and not (server.workdir / "notebooks" / "data").exists()
    settings = json.loads((server.workdir / ".workbook" / "current.json").read_text())
    assert settings["current"] == {"file": "data/riverside.sqlite"}
    screenshot(page, "current-partnership-start")

    for notebook, ready in (("01_kickoff.ipynb", "Kickoff: who is at the table"),
                            ("02_naming.ipynb", "Naming the partnership"),
                            ("08_meeting_summary.ipynb", "Meeting summary")):
        view = open_notebook(page, server, notebook, f"Partnership: {TITLE}")
        assert ready in view.inner_text()
        assert "Valley Makers Alliance" not in view.locator(".pwb-context").inner_text()
    screenshot(page, "current-partnership-summary")

    with Workbook.open(made, daily_backup=False) as wb:
        assert wb.partnership.working_title == TITLE
