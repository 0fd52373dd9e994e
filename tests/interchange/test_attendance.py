"""Attendance from Zoom and Teams reports: read, matched exactly or closely, recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from attendance_reports import (
    teams_attendance,
    teams_attendance_classic,
    zoom_participants,
)

from workbook.errors import ImportFileError
from workbook.interchange import attendance
from workbook.model import Meeting, Organisation, Person


@pytest.fixture
def people(wb):
    college = wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    board = wb.add(Organisation(name="Riverside Board", partner_type="government"))
    meeting = wb.add(Meeting(held_on=dt.date(2024, 3, 14), objective="Kick off"))
    made = {
        "pat": wb.add(Person(name="Pat Example", organisation_id=college.id)),
        "sam": wb.add(Person(name="sam  SAMPLE", organisation_id=college.id)),
        "alex": wb.add(Person(name="Alex Demo", organisation_id=board.id,
                              email="Alex.Demo@riverside.org")),
        "maria": wb.add(Person(name="María González", organisation_id=board.id)),
    }
    return meeting, made


@pytest.mark.parametrize("summary", [True, False])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_zoom_report_lists_each_person_once_without_suffixes(summary, newline):
    """Zoom's CSV, with or without the meeting block above: rejoins counted once, "(Guest)"
    and pronouns taken off."""
    report = attendance.read_report("z.csv", zoom_participants(summary=summary,
                                                               newline=newline))
    assert report.source == "zoom"
    assert [a.name for a in report.attendees] == ["Pat Example", "Sam Sample", "Alex Demo",
                                                  "Jo Newcomer", "Maria Gonzales"]
    assert report.attendees[0].email == "pat@valley.edu"


def test_teams_report_reads_only_the_participants_table():
    """Teams' UTF-16 report: the summary above and the activities below are left out."""
    report = attendance.read_report("t.csv", teams_attendance())
    assert report.source == "teams"
    assert [a.name for a in report.attendees] == ["Pat Example", "Sam Sample", "Alex Demo",
                                                  "Jo Newcomer"]


def test_classic_teams_list_reads_each_person_once():
    """The older Teams join/leave list gives each person once."""
    report = attendance.read_report("t.csv", teams_attendance_classic())
    assert [a.name for a in report.attendees] == ["Pat Example", "Sam Sample"]


def test_zoom_matches_exact_close_and_new(wb, people):
    """Exact after normalisation (case, spaces, "(Guest)") or by e-mail; accents and word
    order only close; the rest new."""
    _, made = people
    preview = attendance.match_report(wb, attendance.read_report(
        "z.csv", zoom_participants()))
    data = preview.to_json()
    assert {m["person"] for m in data["matched"]} == {"Pat Example", "sam  SAMPLE",
                                                      "Alex Demo"}
    assert [(c["reported"], c["person"]) for c in data["close"]] == [
        ("Maria Gonzales (she/her)", "María González")]
    assert [n["name"] for n in data["new"]] == ["Jo Newcomer"]


def test_teams_last_first_is_turned_and_matched(wb, people):
    """"Demo, Alex" is Alex Demo: matched by e-mail, and by name without one."""
    _, made = people
    preview = attendance.match_report(wb, attendance.read_report("t.csv",
                                                                 teams_attendance()))
    assert ("Demo, Alex", "Alex Demo") in [(a.reported, p.name) for a, p in preview.matched]
    wb.update(Person, made["alex"].id, {"email": ""})
    preview = attendance.match_report(wb, attendance.read_report("t.csv",
                                                                 teams_attendance()))
    assert ("Demo, Alex", "Alex Demo") in [(a.reported, p.name) for a, p in preview.matched]


def test_import_records_exact_and_only_the_confirmed(wb, people):
    """Exact matches are recorded; close matches and new people only when chosen."""
    meeting, made = people
    preview = attendance.match_report(wb, attendance.read_report(
        "z.csv", zoom_participants()))
    result = attendance.import_attendance(wb, meeting.id, preview)
    assert {p.name for p in wb.attendees(meeting.id)} == {"Pat Example", "sam  SAMPLE",
                                                          "Alex Demo"}
    assert result.added == []
    attendance.import_attendance(wb, meeting.id, preview,
                                 accept_close={"Maria Gonzales (she/her)"},
                                 add_new=["Jo Newcomer"])
    names = {p.name for p in wb.attendees(meeting.id)}
    assert names == {"Pat Example", "sam  SAMPLE", "Alex Demo", "María González",
                     "Jo Newcomer"}
    jo = wb.person_named("Jo Newcomer", None)
    assert jo.email == "jo@newco.example"
    again = attendance.match_report(wb, attendance.read_report("z.csv", zoom_participants()))
    assert again.new == [] and len(again.matched) == 4


@pytest.mark.parametrize(("data", "words"), [
    (b"", "is empty"),
    (b"Meeting ID,Topic\n1,Kickoff\n", "no list of people"),
    (b"\x00\x01binary\x00", "not a text file"),
])
def test_a_file_that_is_no_report_is_refused(data, words):
    """An empty file, one without a participants table, or binary: one clear error."""
    with pytest.raises(ImportFileError, match=words):
        attendance.read_report("r.csv", data)


def test_reported_name_strips_only_suffixes():
    """Suffixes go; a name's own brackets in the middle stay."""
    assert attendance.reported_name("Sam  Sample (Guest) (External)") == "Sam Sample"
    assert attendance.reported_name("Ana (Ann) Lee") == "Ana (Ann) Lee"
