"""Attendee lists of every kind (field cases 01-09 of round three, and generated variants):
Zoom webinar and renamed participants, Google Meet, Teams with organisation tags, sign-in
forms and Eventbrite, in CSV or Excel, English or Spanish headings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as ExcelBook

from workbook.interchange import attendance
from workbook.interchange.attendance_tables import not_a_person, split_original

CASES = Path(__file__).parent.parent / "fixtures" / "turn3"
GENERATED = settings(max_examples=20, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
KNOWN = ["Dana Okafor", "Bea Santos", "Kwame Asante", "Carl Jensen", "Lena Morrow",
         "Nora Blake", "Frank Orrin"]  # people of the demo workbook


def _match(wb, name, data=None):
    data = (CASES / name).read_bytes() if data is None else data
    return attendance.match_report(wb, attendance.read_report(name, data))


def _matched(preview):
    return [p.name for _, p in preview.matched]


def test_case_01_zoom_webinar_attended_only(demo_wb):
    """Host, panelist and attendees who attended matched; Marisol Vega new; the two
    registrants who did not attend left out and listed."""
    preview = _match(demo_wb, "01-webinar-attendee-report.csv")
    assert preview.report.source == "zoom webinar"
    assert _matched(preview) == ["Dana Okafor", "Luis Ferreira", "Greta Harrowgate",
                                 "Hana Yusuf"]
    assert [a.name for a in preview.new] == ["Marisol Vega"]
    assert [r for r, _ in preview.report.left_out] == ["Tomas Reyes", "Owen Brightwater"]
    assert preview.to_json()["left_out"][0]["reason"] == "not attended (No)"


def test_case_03_google_meet_first_and_last_names(demo_wb):
    """Meet's First name / Last name columns: three matched, Jordan Pike new."""
    preview = _match(demo_wb, "03-Valley_Makers_meeting_-_Attendance.csv")
    assert preview.report.source == "google meet"
    assert _matched(preview) == ["Dana Okafor", "Bea Santos", "Kwame Asante"]
    assert [a.name for a in preview.new] == ["Jordan Pike"]


def test_case_05_zoom_renamed_matched_on_the_original_name(demo_wb):
    """'Tomas - Harrowgate (Tomas Reyes)' is Tomas Reyes; no duplicate people offered."""
    preview = _match(demo_wb, "05-participants_81234567890.csv")
    assert _matched(preview) == ["Dana Okafor", "Tomas Reyes", "Bea Santos", "Joe Marchetti"]
    assert preview.new == [] and preview.close == []


def test_case_07_teams_last_first_with_organisation_tags(demo_wb):
    """All five matched: tags of any organisation removed, Last, First turned."""
    preview = _match(demo_wb,
                     "07-Valley_Makers_partnership_meeting_-_Attendance_report_11-17-26.csv")
    assert sorted(_matched(preview)) == ["Ana Villanueva", "Carl Jensen", "Dana Okafor",
                                         "Lena Morrow", "Ray Calloway"]


def test_case_09_google_forms_sign_in(demo_wb):
    """'Your full name' and 'Email Address': three matched, Jordan Pike new."""
    preview = _match(demo_wb, "09-Sign-in_-_Quarterly_convening_(Responses)_-_Form_Responses_1.csv")
    assert preview.report.source == "sign-in form"
    assert _matched(preview) == ["Bea Santos", "Frank Orrin", "Nora Blake"]
    assert [a.name for a in preview.new] == ["Jordan Pike"]


@pytest.mark.parametrize("reported", ["+1 (555) 010-0100", "555-0100 x12", "iPhone",
                                      "Galaxy S21", "Conference Room 2", "Call-in User_1",
                                      "Zoom Rooms Kestrel", "Sala de juntas 3"])
def test_phone_numbers_and_devices_are_never_people(reported):
    """Dial-in numbers, phones and meeting-room devices are said to be no person."""
    assert not_a_person(reported)


# -- generated variants -------------------------------------------------------------------

TAGS = st.sampled_from(["", " (Guest)", " (External)", " (KVWB)", " (CTY-EDO)", " (she/her)",
                        " [Guest]", " (Invitado)"])


@GENERATED
@given(person=st.sampled_from(KNOWN), tag=TAGS, turned=st.booleans(),
       shown=st.sampled_from(["", "Bea S. / Eastbank", "Joe (Local 318)", "phone guy"]))
def test_names_match_whatever_tags_order_and_renaming(demo_wb, person, tag, turned, shown):
    """Any tag, Last, First order, or a Zoom rename with the original in brackets."""
    first, last = person.split(" ", 1)
    written = f"{last}, {first}" if turned else person
    written += tag
    if shown:
        written = f"{shown} ({person})"
    data = f"Name (Original Name),User Email\n\"{written}\",\n".encode()
    preview = _match(demo_wb, "z.csv", data)
    assert _matched(preview) == [person]


@GENERATED
@given(people=st.lists(st.sampled_from(KNOWN), min_size=1, max_size=5, unique=True),
       absent=st.lists(st.sampled_from(["Owen Brightwater", "Zed Nobody"]), max_size=2,
                       unique=True),
       spanish=st.booleans(), excel=st.booleans(), layout=st.sampled_from(
           ["full", "first-last", "eventbrite"]))
def test_any_attendee_list_gives_the_people_present(demo_wb, people, absent, spanish, excel,
                                                     layout):
    """Full name or first + last, an attended column, English or Spanish, CSV or Excel:
    the people present are matched and the absent ones left out."""
    if layout == "full":
        head = ["Nombre completo", "Correo electrónico", "Asistió"] if spanish else \
            ["Full Name", "Email", "Attended"]
        rows = [[p, "", "Sí" if spanish else "Yes"] for p in people]
        rows += [[p, "", "No"] for p in absent]
    elif layout == "first-last":
        head = ["Nombre", "Apellido", "Correo"] if spanish else \
            ["First name", "Last name", "Email"]
        rows = [p.split(" ", 1) + [""] for p in people]
        absent = []
    else:
        head = ["Order #", "First Name", "Last Name", "Email", "Attendee Status"]
        rows = [["1", *p.split(" ", 1), "", "Checked In"] for p in people]
        rows += [["2", *p.split(" ", 1), "", "Attending"] for p in absent]
    if excel:
        book = ExcelBook()
        for row in [head, *rows]:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        data, name = buffer.getvalue(), "list.xlsx"
    else:
        text = "\n".join(",".join(f'"{c}"' for c in row) for row in [head, *rows]) + "\n"
        data, name = text.encode(), "list.csv"
    preview = _match(demo_wb, name, data)
    assert _matched(preview) == people
    assert [r for r, _ in preview.report.left_out] == absent
    assert preview.new == []


@given(first=st.sampled_from(["Ray", "Ana", "Dana"]), last=st.sampled_from(
    ["Calloway", "Villanueva", "Okafor"]), tag=TAGS)
def test_split_original_keeps_the_person_and_drops_the_tag(first, last, tag):
    """A tag is never part of the name; a bracketed full name is the original one."""
    name, original = split_original(f"{last}, {first}{tag}", original_column=True)
    assert name == f"{first} {last}" and original == ""
