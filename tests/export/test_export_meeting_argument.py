"""The meeting a summary is asked for, as typed on the command line: only ids are taken."""

from __future__ import annotations

import pytest

from workbook.errors import ExportError
from workbook.export.summary import pick_meeting


@pytest.mark.parametrize("value", ["9" * 24, "9" * 5000, "1e999", "-1", "0x10", "١٢",
                                   10**5000, 2**63, -3, True, 1.5],
                         ids=["24 digits", "5000 digits", "1e999", "-1", "hex",
                              "arabic digits", "int 10**5000", "int 2**63", "int -3", "True",
                              "1.5"])
def test_pick_meeting_refuses_what_is_no_meeting_id(demo_wb, value):
    """Each is an ExportError of one short sentence, never a crash."""
    with pytest.raises(ExportError, match="meeting") as caught:
        pick_meeting(demo_wb, value)
    assert len(str(caught.value)) < 300


def test_pick_meeting_takes_an_id_as_text_or_number(demo_wb):
    """A real id works either way, with spaces around it too."""
    latest = demo_wb.latest_meeting()
    assert pick_meeting(demo_wb, f" {latest.id} ").id == latest.id
    assert pick_meeting(demo_wb, latest.id).id == latest.id


def test_pick_meeting_default_is_the_meeting_held_not_the_one_planned(demo_wb):
    """The demo's next meeting is planned: the summary's default is the last held one, and
    asking for the planned one says it has not met yet."""
    import datetime as dt

    from workbook.export.summary import build_summary
    from workbook.model import Meeting, current_meeting

    today = dt.date.today()
    planned = demo_wb.next_meeting(today)
    assert planned is not None
    held = current_meeting(demo_wb.all(Meeting), today)
    assert pick_meeting(demo_wb).id == held.id == build_summary(demo_wb).meeting.id
    with pytest.raises(ExportError, match="not held yet"):
        pick_meeting(demo_wb, planned.id)
