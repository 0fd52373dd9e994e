"""The kickoff's attendance-from-a-report panel: matched recorded, close and new on a tick."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from workbook.model import Person
from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps.kickoff import KickoffView

sys.path.insert(0, str(Path(__file__).parents[2] / "interchange"))
from attendance_reports import teams_attendance, zoom_participants  # noqa: E402


def _upload(panel, name, data):
    panel.upload.value = ({"name": name, "type": "", "size": len(data),
                           "content": memoryview(data),
                           "last_modified": dt.datetime.now(dt.UTC)},)


def _kickoff(wb):
    college = add_organisation(wb, name="Valley College", partner_type="semi_public")
    add_person(wb, college, name="Pat Example")
    add_person(wb, college, name="Alex Demo")
    meeting = add_meeting(wb)
    return KickoffView.show(wb), meeting


def test_report_marks_matched_present_and_ticked_ones_only(wb):
    """Exact matches are recorded; a close match and a newcomer only once ticked."""
    view, meeting = _kickoff(wb)
    panel = view.attendance_import
    _upload(panel, "teams.csv", teams_attendance())
    assert "2 matched: Pat Example, Alex Demo" in panel.summary.value  # "Demo, Alex" turned
    assert list(panel.close_ticks) == []
    assert list(panel.new_ticks) == ["Sam Sample (Guest)", "Jo Newcomer (External)"]
    panel.new_ticks["Jo Newcomer (External)"].value = True
    panel.record_button.click()
    assert "Recorded 3 present, 1 added" in view.status.text
    assert sorted(p.name for p in wb.attendees(meeting.id)) == [
        "Alex Demo", "Jo Newcomer", "Pat Example"]
    assert wb.count(Person) == 3
    assert view.boxes[wb.person_named("Jo Newcomer", None).id].value  # ticked in the list
    view.close()


def test_a_file_that_is_no_report_is_refused_in_the_panel(wb):
    """A file without a no list of people: a clear message, nothing recorded."""
    view, meeting = _kickoff(wb)
    panel = view.attendance_import
    _upload(panel, "notes.csv", b"Topic\nKickoff\n")
    assert "no list of people" in view.status.text
    panel.record()
    assert wb.attendees(meeting.id) == []
    _upload(panel, "zoom.csv", zoom_participants())
    assert "2 matched" in panel.summary.value
    view.close()


def test_registrants_who_did_not_attend_and_devices_are_listed_as_left_out(wb):
    """A webinar report's 'Attended = No' rows and a dial-in number are left out, said so."""
    view, _ = _kickoff(wb)
    panel = view.attendance_import
    report = ("Attended,User Name (Original Name),Email\n"
              "Yes,Pat Example,pat@valley.edu\nNo,Alex Demo,\nYes,+1 555 010 0100,\n")
    _upload(panel, "webinar.csv", report.encode())
    assert "1 matched: Pat Example" in panel.summary.value
    assert "Alex Demo (not attended (No))" in panel.summary.value
    assert "phone number" in panel.summary.value
    view.close()


ROSTER = (b"Roster export\n\nInvitee,Contact,Joined?\nPat Example,pat@example.org,yes\n"
          b"Alex Demo,,no\nJo Newcomer,jo@example.org,yes\n")


def test_a_list_with_unknown_titles_is_mapped_in_the_panel_and_remembered(wb):
    """Titles the importer does not know: the panel offers the header's columns; once
    mapped and recorded, the next list with these columns is read that way at once, the
    panel says which remembered mapping it used, and it can be forgotten."""
    view, meeting = _kickoff(wb)
    panel = view.attendance_import
    _upload(panel, "roster.csv", ROSTER)
    assert "no list of people" in view.status.text
    assert panel.columns_box.layout.display is None
    assert [v for _, v in panel.pickers["name"].options] == [None, "Invitee", "Contact",
                                                             "Joined?"]
    panel.pickers["name"].value = "Invitee"
    assert "2 matched: Pat Example, Alex Demo" in panel.summary.value  # no attended column yet
    panel.pickers["attended"].value = "Joined?"
    panel.pickers["email"].value = "Contact"
    assert "1 matched: Pat Example" in panel.summary.value
    assert "Alex Demo (not attended (no))" in panel.summary.value
    assert list(panel.new_ticks) == ["Jo Newcomer"]
    panel.record_button.click()
    assert [p.name for p in wb.attendees(meeting.id)] == ["Pat Example"]
    later = add_meeting(wb, held_on=dt.date(2027, 2, 2))
    view.close()
    view = KickoffView.show(wb)
    panel = view.attendance_import
    _upload(panel, "roster-february.csv", ROSTER.replace(b"Alex Demo,,no", b"Alex Demo,,yes"))
    assert "2 matched" in panel.summary.value
    assert "roster.csv" in panel.remembered.value and "Using the mapping" in panel.remembered.value
    assert panel.pickers["attended"].value == "Joined?"
    assert panel.forget_button.layout.display is None
    panel.forget_button.click()
    assert "no list of people" in view.status.text  # forgotten: asked again
    assert later.id is not None
    view.close()
