"""Outcomes and wins in real JupyterLab: a typed reading and a win reach the workbook."""

from __future__ import annotations

from browser_kit import choose, open_notebook, screenshot, status_after, type_into

from workbook import Outcome, Win, Workbook

RETENTION = "Entry-level hires still employed after 90 days"


def test_outcomes_flow_reading_and_win_reach_the_store(lab_server, page):
    """A reading typed for an outcome and a win told without a name are stored; a name
    without consent is refused on the page."""
    view = open_notebook(page, lab_server, "10_outcomes.ipynb", "Where we stand")
    assert "No reading for" not in view.inner_text()  # flagged in words, as a warning
    assert "had no reading for" in view.inner_text()
    choose(view, "Outcome", RETENTION)
    type_into(view, "Value (number)", "73.5")
    type_into(view, "Reported by", "Mei Hartmann")
    status_after(view, "Save reading", "73.5%")

    type_into(view, "What happened", "A second machining apprentice started")
    type_into(view, "Person's name", "Sam")
    refused = status_after(view, "Save win", "consent")
    assert "describe them" in refused
    type_into(view, "Person's name", "")
    status_after(view, "Save win", "credited to the partnership")
    screenshot(page, "facilitator-outcomes")

    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        outcome = next(o for o in wb.all(Outcome) if o.description == RETENTION)
        assert any(r.value == 73.5 and r.reported_by == "Mei Hartmann"
                   for r in wb.readings(outcome.id))
        (win,) = [w for w in wb.all(Win)
                  if w.description == "A second machining apprentice started"]
        assert not win.person_name
    finally:
        wb.close()
