"""The Export buttons of the kickoff and summary views write the summary and show its path."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from workbook import Meeting
from workbook.views.steps.kickoff import KickoffView
from workbook.views.steps.summary import MeetingSummaryView


@pytest.fixture(autouse=True)
def _close_widgets():
    yield
    w.Widget.close_all()


def _written(status_text: str) -> Path:
    assert status_text.startswith("✓ Summary written to "), status_text
    return Path(status_text.removeprefix("✓ Summary written to "))


def test_summary_view_export_button_writes_picked_meeting(demo_wb, demo_path):
    """Clicking Export in the summary view writes that meeting's page beside data/."""
    view = MeetingSummaryView(demo_wb)
    first = view.meeting.options[-1][1]  # the oldest meeting
    view.meeting.value = first
    view.export_button.click()
    path = _written(view.status.text)
    meeting = demo_wb.get(Meeting, first)
    assert path.is_file() and path.name.startswith(meeting.held_on.isoformat())
    # Beside the workbook file; a database workbook has none, so under the working folder.
    assert path.parent.parent == demo_path.parent / "exports"


def test_kickoff_view_export_button_writes_current_meeting(demo_wb):
    """Clicking Export in the kickoff view writes the meeting it is showing."""
    view = KickoffView(demo_wb)
    view.export_button.click()
    path = _written(view.status.text)
    latest = demo_wb.latest_meeting()
    assert path.name == f"{latest.held_on.isoformat()}-{latest.kind_of}.html"
    assert latest.objective in path.read_text(encoding="utf-8")
