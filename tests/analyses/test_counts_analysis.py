"""The counts behind ``workbook info``: records per kind, open and overdue actions."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import ActionItem, Meeting, Organisation, Partnership, Person, Workbook
from workbook.analyses.counts import status_counts

TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def wb():
    workbook = Workbook.memory(Partnership(working_title="Harbour", sector="Ships",
                                           region="Coast", phase="planning"))
    yield workbook
    workbook.close()


def test_summary_counts_empty_workbook(wb):
    """A new workbook counts nothing and has no last meeting."""
    counts = status_counts(wb, today=TODAY)
    assert (counts["title"], counts["phase"], counts["phase_title"]) == \
        ("Harbour", "planning", "Planning")
    assert counts["organisations"] == counts["actions"] == counts["overdue_actions"] == 0
    assert counts["last_meeting"] is None


def test_summary_counts_overdue_means_open_and_past_due(wb):
    """Overdue: open or under way with a due date before today; nothing else."""
    person = wb.add(Person(name="Ana"))
    cases = [
        ("open", "2026-05-19", None, True),          # a day late
        ("in_progress", "2026-01-01", None, True),   # under way, late
        ("open", "2026-05-20", None, False),         # due today is not late yet
        ("open", None, None, False),                 # no date, never overdue
        ("done", "2026-01-01", "2026-01-02", False),
        ("dropped", "2026-01-01", None, False),
    ]
    for status, due, done, _ in cases:
        wb.add(ActionItem(action=f"{status} {due}", owner_id=person.id, status=status,
                          due_on=due, done_on=done))
    counts = status_counts(wb, today=TODAY)
    assert counts["actions"] == len(cases)
    assert counts["open_actions"] == 4
    assert counts["overdue_actions"] == sum(1 for *_, late in cases if late)


def test_summary_counts_kinds_and_last_meeting(wb):
    """Counts follow what is stored; the last meeting is the latest date, not the last added."""
    wb.add(Organisation(name="Harbourline", partner_type="business"))
    wb.add(Organisation(name="Kestrel College", partner_type="semi_public"))
    wb.add(Meeting(held_on="2026-04-02", objective="Second"))
    wb.add(Meeting(held_on="2026-03-01", objective="First, typed in late"))
    counts = status_counts(wb, today=TODAY)
    assert (counts["organisations"], counts["employers"], counts["meetings"]) == (2, 1, 2)
    assert counts["last_meeting"] == "2026-04-02"
