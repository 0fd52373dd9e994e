"""The facilitator's screen, projected: every view in real JupyterLab at 1366x768 and 390 px.

One JupyterLab for the whole module (the lab `make run` starts, from lab/), one Voila for
the participant app. For each notebook: nothing runs past the notebook area, text is 16 px
or more, the confirmation of an action is on screen, and a screenshot of the view at
1366x768 lands in tests/.artifacts/screenshots/view-*.png for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import (
    KERNEL_IDLE,
    SCREENSHOTS,
    TAKEN,
    click,
    in_viewport,
    layout_problems,
    open_notebook,
)

ROOT = Path(__file__).resolve().parents[2]
PROJECTOR = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

NOTEBOOKS = [
    ("00_start_here.ipynb", "Start here"),
    ("01_kickoff.ipynb", "Kickoff: who is at the table"),
    ("02_naming.ipynb", "Naming the partnership"),
    ("03_resource_map.ipynb", "Resource map: what already exists"),
    ("04_problem_framing.ipynb", "Problem framing"),
    ("05_partners.ipynb", "Partners: review, compare"),
    ("06_action_plan.ipynb", "Action plan: who does what"),
    ("07_lifecycle.ipynb", "Lifecycle: where the partnership stands"),
    ("08_meeting_summary.ipynb", "Meeting summary"),
    ("09_remote_participants.ipynb", "Remote participants"),
    ("10_outcomes.ipynb", "Outcomes and wins"),
    ("11_portfolio.ipynb", "Portfolio"),
    ("12_meeting.ipynb", "Room view"),
]

READ_ONLY = {"11_portfolio.ipynb"}  # many workbooks at a glance: nothing to undo there


def test_projector_checks_every_tracked_notebook():
    """No notebook escapes the projector checks: the list above names every step."""
    tracked = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(n for n, _ in NOTEBOOKS) == tracked


def _present(page) -> None:
    """Fold the side bars away, as the lab `make run` starts does (the tests reset it)."""
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft();"
                  " window.jupyterapp.shell.collapseRight(); }")
    page.wait_for_timeout(500)


def _view_shot(page, view, name: str) -> None:
    """The top of the view as the room sees it: 1366x768, no full-page stitching."""
    view.locator(".pwb-view h2").first.evaluate("h => h.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"view-{name}.png"
    page.screenshot(path=str(target))
    TAKEN.append(target)


@pytest.mark.parametrize(("notebook", "ready"), NOTEBOOKS, ids=[n for n, _ in NOTEBOOKS])
def test_projector_view_fits_reads_and_confirms_on_screen(lab_server, page, notebook, ready):
    """At 1366x768 and at 390 px the view runs past nothing, its text is 16 px or more,
    and the line answering "Undo…" (the last control of every view) is on
    screen right below it."""
    page.set_viewport_size(PROJECTOR)
    view = open_notebook(page, lab_server, notebook, ready)
    _present(page)
    problems = layout_problems(view)
    assert problems == {"overflow": [], "small": [], "cut": []}, problems
    sizes = view.locator(".pwb-view").first.evaluate(
        "r => [r.querySelector('button'), r.querySelector('h2')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes[0] >= 16 and sizes[1] >= 28
    _view_shot(page, view, Path(notebook).stem)

    if notebook not in READ_ONLY:
        click(view, "Undo…")
        line = view.locator(".pwb-status-box [role=status], "
                            ".pwb-status-box [role=alert]").first
        line.wait_for(timeout=30_000)
        page.wait_for_timeout(500)  # the focus (and the scroll it brings) follows it
        assert in_viewport(page, line), line.bounding_box()
        button = view.locator("button").filter(has_text="Undo").first.bounding_box()
        assert 0 <= line.bounding_box()["y"] - button["y"] < 200

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(800)
    problems = layout_problems(view)
    assert problems["overflow"] == [] and problems["small"] == [], problems


def test_projector_lab_starts_ready_to_present(lab_server, page):
    """The lab opens on the start notebook with the file browser folded away, no news
    pop-up, and the project's code cells collapsed."""
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{lab_server.url}/?token={lab_server.token}")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.title.label === '00_start_here.ipynb'",
        timeout=90_000)
    page.wait_for_timeout(3000)  # time for a news toast, were there one
    assert page.evaluate("() => window.jupyterapp.shell.leftCollapsed") is True
    assert page.get_by_text("Jupyter news").count() == 0
    code_cells = page.locator(".jp-CodeCell")
    assert code_cells.count() >= 2
    assert page.locator(".jp-CodeCell .jp-InputPlaceholder").count() == code_cells.count()


def test_projector_saved_notebook_stays_clean_and_reopens_without_widget_error(lab_server,
                                                                               page):
    """Run, save, reopen: the file on disk is the tracked notebook byte for byte, and the
    reopened notebook shows no "Error displaying widget"."""
    page.set_viewport_size(PROJECTOR)
    open_notebook(page, lab_server, "06_action_plan.ipynb", "Action plan")
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty",
                           timeout=30_000)
    saved = lab_server.workdir / "notebooks" / "06_action_plan.ipynb"
    tracked = ROOT / "notebooks" / "06_action_plan.ipynb"
    assert saved.read_bytes() == tracked.read_bytes()

    page.goto(f"{lab_server.url}/lab/tree/notebooks/06_action_plan.ipynb?token="
              f"{lab_server.token}")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.wait_for_timeout(3000)
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body and "model not found" not in body


def test_projector_refused_field_is_marked_and_focused(lab_server, page):
    """A refused entry marks the field, puts the cursor in it, and says why next to it."""
    page.set_viewport_size(PROJECTOR)
    view = open_notebook(page, lab_server, "02_naming.ipynb", "Naming the partnership")
    click(view, "Add the candidate")
    alert = view.locator(".pwb-status-box [role=alert]").first
    alert.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert "Give it a name" in alert.inner_text()
    assert in_viewport(page, alert)
    focused = page.evaluate("() => !!document.activeElement.closest('.pwb-invalid')")
    assert focused


def test_projector_export_opens_in_the_lab_with_one_click(lab_server, page):
    """After an export, one click on the link opens the summary in a tab of the lab."""
    page.set_viewport_size(PROJECTOR)
    view = open_notebook(page, lab_server, "08_meeting_summary.ipynb", "Meeting summary")
    click(view, "Export this edition")
    link = page.locator(".pwb-file-link a").first
    link.wait_for(timeout=60_000)
    link.click()
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.title.label.endsWith('.html')",
        timeout=30_000)


@pytest.mark.parametrize("size", [PROJECTOR, PHONE], ids=["1366", "390"])
def test_projector_participant_app_fits(voila_server, page, size):
    """The participant app in Voila: nothing runs past the screen, text is 16 px or more."""
    page.set_viewport_size(size)
    page.goto(f"{voila_server.url}/")
    page.get_by_text("Join the partnership").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)
    problems = page.locator(".pwb-view").first.evaluate(
        (ROOT / "tests" / "browser" / "layout_check.js").read_text())
    assert problems["overflow"] == [] and problems["small"] == [], problems
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
    if size is PROJECTOR:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "view-participant.png"
        page.screenshot(path=str(target))
        TAKEN.append(target)
