"""A facilitator's meeting in real JupyterLab: every change reaches the stored workbook."""

from __future__ import annotations

import datetime as dt

from browser_kit import choose, click, open_notebook, screenshot, status_after, type_into

from workbook import ActionItem, Meeting, NameCandidate, Organisation, Person, Workbook

OBJECTIVE = "Agree who pilots the welding apprenticeship"


def test_facilitator_flow_kickoff_naming_actions_reach_the_store(lab_server, page):
    """Start a meeting, add an attendee, record what a partner brings, add a candidate, vote,
    add an action: each arrives in the workbook, and a refused input shows its message."""
    rosa_label = f"Rosa Quintero ({_first_organisation(lab_server)})"
    view = open_notebook(page, lab_server, "01_kickoff.ipynb", "Kickoff: who is at the table")

    # A meeting without an objective is refused on the page, and nothing is stored.
    choose(view, "Meeting", "(start a new meeting)")
    # (the note "Start the meeting (a date and an objective)…" is on screen already: wait
    # for the refusal itself)
    refused = status_after(view, "Start the meeting", "objective is empty")
    assert "Give the meeting an objective" in refused

    type_into(view, "Objective", OBJECTIVE)
    status_after(view, "Start the meeting", "✓")
    type_into(view, "Name", "Rosa Quintero")
    choose(view, "Organization", _first_organisation(lab_server))
    status_after(view, "Add and mark present", "✓")
    choose(view, "Organization", _first_organisation(lab_server), nth=1)
    type_into(view, "What it brings", "Two welding bays on Saturdays")
    status_after(view, "Save brings and needs", "✓")
    screenshot(page, "facilitator-kickoff")

    view = open_notebook(page, lab_server, "02_naming.ipynb", "Naming the partnership")
    type_into(view, "Proposed name", "Kestrel Works Guild")
    status_after(view, "Add the candidate", "✓")
    status_after(view, "Open the vote", "✓")
    click(view, "Begin my ballot (the screen is mine)")  # each ballot is a private turn
    choose(view, "Voter", rosa_label)
    type_into(view, "Kestrel Works Guild", "2")
    status_after(view, "Record this ballot", "✓")
    screenshot(page, "facilitator-naming")

    view = open_notebook(page, lab_server, "06_action_plan.ipynb", "Action plan: who does what")
    type_into(view, "Action", "Draft the apprenticeship agreement", nth=1)
    choose(view, "Who", rosa_label)
    status_after(view, "Add action", "✓")
    screenshot(page, "facilitator-actions")

    wb = Workbook.open(lab_server.workbook, daily_backup=False)
    try:
        meeting = next(m for m in wb.all(Meeting) if m.objective == OBJECTIVE)
        rosa = next(p for p in wb.all(Person) if p.name == "Rosa Quintero")
        assert rosa.id in {p.id for p in wb.attendees(meeting.id)}
        org = wb.organisation_named(_first_organisation(lab_server))
        assert org.brings == "Two welding bays on Saturdays"
        candidate = next(c for c in wb.all(NameCandidate) if c.name == "Kestrel Works Guild")
        vote = wb.open_vote_now()
        assert vote is not None and wb.has_voted(vote.id, rosa.id)
        assert candidate.id
        action = next(a for a in wb.all(ActionItem)
                      if a.action == "Draft the apprenticeship agreement")
        assert action.owner_id == rosa.id
        assert all(m.objective.strip() for m in wb.all(Meeting))
        assert meeting.held_on == dt.date.today()
    finally:
        wb.close()


def _first_organisation(server) -> str:
    wb = Workbook.open(server.workbook, daily_backup=False)
    try:
        return sorted((o.name for o in wb.all(Organisation)), key=str.casefold)[0]
    finally:
        wb.close()
