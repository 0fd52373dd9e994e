"""The meeting packet, each file opened with its real reader: python-docx, icalendar, the
``email`` package, openpyxl, and LibreOffice for the .docx (slow)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import subprocess
from pathlib import Path

import docx
import icalendar
import pytest
from openpyxl import load_workbook

from workbook.cli import main
from workbook.export import build_summary
from workbook.export.followup import Recipient, valid_address
from workbook.export.invites import meeting_calendar, owner_calendar
from workbook.export.packet import export_packet
from workbook.export.records import ActionRow, NextMeeting, OwnerActions
from workbook.export.render import long_date
from workbook.model import ActionItem, Decision, Organisation, Person
from workbook.model.slugs import slug
from workbook.testing import add_meeting

JOIN = "https://meet.example.org/kvmwp-jan"


def with_next_meeting(wb):
    """The demo with a next meeting set four weeks after the latest, with a join link."""
    latest = wb.latest_meeting()
    upcoming = add_meeting(wb, held_on=latest.held_on + dt.timedelta(days=28),
                           objective="Choose the second cohort's trades",
                           location=f"Harrowgate training room, {JOIN}")
    return latest, upcoming


def read_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# -- the Word minutes ----------------------------------------------------------------


def test_minutes_docx_has_headings_tables_and_chart_alt_text(demo_wb, tmp_path):
    """python-docx reads a real outline (Title, Heading 1/2), tables with a header row,
    and every picture carries its alt text."""
    packet = export_packet(demo_wb, out_dir=tmp_path)
    document = docx.Document(str(packet.minutes))
    outline = [(p.style.name, p.text) for p in document.paragraphs
               if p.style.name.startswith(("Heading", "Title"))]
    assert outline[0] == ("Title", demo_wb.partnership.name)
    assert outline[1] == ("Heading 1", "At a glance")
    assert ("Heading 2", "Who does what by when") in outline
    ones = [text for style, text in outline if style == "Heading 1"]
    assert ones.index("At a glance") < ones.index("Who was at the table")
    actions = document.tables[0]
    assert [c.text for c in actions.rows[0].cells] == ["Owner", "Organization", "Action",
                                                       "Due"]
    summary = build_summary(demo_wb, edition="partners")
    listed = {row.cells[2].text for row in actions.rows[1:]}
    assert listed == {a.action for o in summary.glance.owners for a in o.actions}
    pictures = document.inline_shapes
    assert len(pictures) >= 2
    for picture in pictures:
        descr = picture._inline.docPr.get("descr")
        assert descr and len(descr) > 20
    assert document.core_properties.title == summary.title


def test_minutes_leave_facilitator_texts_out_and_keep_typed_text_as_text(demo_wb, tmp_path):
    """The minutes are the partners' edition; markup typed in a decision stays text."""
    meeting = demo_wb.latest_meeting()
    typed = '<w:p><w:r><w:t>injected</w:t></w:r></w:p> & "quotes" ]]>'
    demo_wb.record_decision(Decision(meeting_id=meeting.id, text=typed))
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    document = docx.Document(str(packet.minutes))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert typed in text
    assert "injected" not in [p.text for p in document.paragraphs]
    notes = meeting.notes.strip()
    assert notes and notes not in text and notes not in cells
    assert "Keep to the clock next time." not in text + cells


@pytest.mark.slow
def test_minutes_docx_converts_to_pdf_with_libreoffice(demo_wb, tmp_path):
    """LibreOffice (headless) opens the minutes and writes a PDF of them."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (make test installs it)")
    packet = export_packet(demo_wb, out_dir=tmp_path)
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(packet.minutes)],
                   check=True, capture_output=True, timeout=240)
    pdf = out / "minutes.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000


# -- calendar files -------------------------------------------------------------------


def test_next_meeting_ics_has_place_join_link_and_all_day_date(demo_wb, tmp_path):
    """Without a start time the next meeting is an all-day entry with place and link."""
    latest, upcoming = with_next_meeting(demo_wb)
    packet = export_packet(demo_wb, latest.id, tmp_path, charts=False)
    path = packet.folder / "next-meeting.ics"
    assert path in packet.calendars
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert calendar["method"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == upcoming.held_on
    assert event.decoded("dtend") == upcoming.held_on + dt.timedelta(days=1)
    assert str(event["location"]) == "Harrowgate training room"
    assert str(event["url"]) == JOIN
    assert JOIN in str(event["description"])
    assert "Choose the second cohort's trades" in str(event["description"])


def test_timed_meeting_ics_carries_its_time_zone():
    """A start time goes out with its TZID and the zone's VTIMEZONE definition."""
    meeting = NextMeeting(held_on=dt.date(2027, 1, 12), kind_title="Regular meeting",
                          objective="Plan, then; decide, now", starts_at=dt.time(9, 30),
                          ends_at=dt.time(11), place="Room 2, Main St.", join_link=JOIN,
                          time_zone="America/Chicago")
    calendar = icalendar.Calendar.from_ical(meeting_calendar("Valley, Makers", meeting))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=-6)
    assert (start.hour, start.minute) == (9, 30)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=90)
    assert event["dtstart"].params["TZID"] == "America/Chicago"
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["America/Chicago"]
    assert str(event["location"]) == "Room 2, Main St."
    assert str(event["summary"]) == "Valley, Makers: Regular meeting"
    assert "Plan, then; decide, now" in str(event["description"])


def test_owner_ics_has_one_all_day_entry_per_due_date(demo_wb, tmp_path):
    """Each owner's file holds an entry per dated action, on its due date, not blocking."""
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    summary = build_summary(demo_wb, edition="partners")
    for owner in summary.glance.owners:
        dated = {a.action: a.due_on for a in owner.actions if a.due_on}
        files = [p for p in packet.calendars if p.stem == f"actions-{slug(owner.owner)}"]
        assert len(files) == 1, owner.owner
        calendar = icalendar.Calendar.from_ical(files[0].read_bytes())
        events = {str(e["summary"]).removeprefix("Due: "): e for e in calendar.walk("VEVENT")}
        assert {k: e.decoded("dtstart") for k, e in events.items()} == dated
        assert all(str(e["transp"]) == "TRANSPARENT" for e in events.values())


def test_owner_calendar_escapes_typed_text():
    """Line breaks, commas and a fake property in an action stay inside its text."""
    action = ActionRow(action="Call, then write;\r\nEND:VEVENT\r\nBEGIN:VEVENT", owner="Ana",
                       organisation="", due_on=dt.date(2027, 2, 1), status="Open",
                       agreed_on=None, days_overdue=None)
    data = owner_calendar("Alliance", OwnerActions("Ana", "", (action,)))
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert "END:VEVENT" in str(event["description"])
    assert owner_calendar("Alliance", OwnerActions("Ana", "", (
        ActionRow("Undated", "Ana", "", None, "Open", None, None),))) is None


# -- e-mail drafts ---------------------------------------------------------------------


def test_follow_up_drafts_address_each_partner_with_only_its_actions(demo_wb, tmp_path):
    """One draft per partner organization: its people, its actions, the decisions, the
    partners' summary attached; no other organization's action."""
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    summary = build_summary(demo_wb, edition="partners")
    every = {a.action: a.organisation for o in summary.glance.owners for a in o.actions}
    orgs = {o.name: o for o in demo_wb.all(Organisation)}
    checked = 0
    for path in packet.drafts:
        message = read_eml(path)
        assert message["X-Unsent"] == "1"
        assert message["Subject"] == "Follow-up: {name}, {day}".format(
            name=demo_wb.partnership.name, day=long_date(summary.meeting.held_on))
        body = body_of(message)
        org_name = next(n for n in orgs if f"matters for {n};" in " ".join(body.split()))
        org = orgs[org_name]
        people = [p for p in demo_wb.all(Person) if p.organisation_id == org.id and p.email]
        to = message["To"].addresses if message["To"] else ()
        assert sorted(a.addr_spec for a in to) == sorted(p.email for p in people)
        flat = " ".join(body.split())
        for action, owner_org in every.items():
            assert (action in flat) == (owner_org == org_name), (org_name, action)
        for decision in summary.glance.decisions:
            assert decision in flat
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "summary.html"
        html = attachment.get_content()
        assert "At a glance" in html and "Keep to the clock next time." not in html
        checked += bool(to)
    assert checked >= 5
    assert not any(p.stem.startswith("follow-up-kestrel-valley-workforce-board")
                   for p in packet.drafts)  # our own organization gets none


def test_follow_up_draft_header_cannot_be_injected(demo_wb, tmp_path):
    """A name with a line break and a header stays one display name; a bad address is
    left out."""
    org = demo_wb.add(Organisation(name="Orrin Tooling", partner_type="business"))
    demo_wb.add(Person(name="Eve Bcc: boss@evil.example", organisation_id=org.id,
                       email="eve@orrin.example.org"))
    demo_wb.add(ActionItem(action="Send the drawings", owner_id=demo_wb.all(Person)[-1].id,
                           organisation_id=org.id, meeting_id=demo_wb.latest_meeting().id,
                           due_on=dt.date.today()))
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    path = next(p for p in packet.drafts if p.stem == "follow-up-orrin-tooling")
    message = read_eml(path)
    assert message["Bcc"] is None and message["Cc"] is None
    (address,) = message["To"].addresses
    assert address.addr_spec == "eve@orrin.example.org"
    assert "Send the drawings" in body_of(message)
    assert valid_address(Recipient("Bad", "not an address")) is None
    assert valid_address(Recipient("Bad", "a@b.example, c@d.example")) is None
    assert valid_address(Recipient("Line\r\nBcc: x@y.example", "ok@ok.example")
                         ).display_name == "Line Bcc: x@y.example"


# -- tables, and the command ---------------------------------------------------------


def test_packet_tables_open_in_openpyxl_with_readable_headers(demo_wb, tmp_path):
    """The packet's tables.xlsx has a sheet per subject and headers in words."""
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    book = load_workbook(packet.tables / "tables.xlsx", read_only=True)
    assert "Actions" in book.sheetnames and "Organizations" in book.sheetnames
    header = next(book["Actions"].iter_rows(max_row=1, values_only=True))
    assert "Due date" in header and "due_on" not in header
    assert (packet.tables / "actions.csv").is_file()


def test_export_command_writes_the_packet(demo_path, tmp_path, capsys):
    """``workbook export --packet`` prints the summary and the packet folder."""
    assert main(["export", str(demo_path), "--out", str(tmp_path), "--packet"]) == 0
    html, folder = capsys.readouterr().out.split()
    folder = Path(folder)
    assert folder.name.endswith("-packet") and folder.is_relative_to(tmp_path)
    assert (folder / "minutes.docx").is_file() and list(folder.glob("*.eml"))
    for page in (folder / "summary.html", Path(html)):
        text = page.read_text(encoding="utf-8")
        assert "At a glance" in text and "Facilitator's record" not in text


@pytest.mark.parametrize("index", [0, 2, 28, 36, 37])
def test_packet_of_hostile_text_opens_in_every_reader(index, tmp_path):
    """Typed markup, direction controls, tabs and line breaks in every field: each file of
    the packet still opens in its reader, and the text comes back as text."""
    from test_export_escaping import PAYLOADS, hostile_workbook

    payload = PAYLOADS[index]
    wb, meeting = hostile_workbook(payload)
    try:
        packet = export_packet(wb, meeting.id, tmp_path, charts=False)
    finally:
        wb.close()
    document = docx.Document(str(packet.minutes))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert payload.strip().splitlines()[0].strip() in text
    for path in packet.calendars:
        assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    for path in packet.drafts:
        message = read_eml(path)
        assert message["X-Unsent"] == "1" and message["Bcc"] is None
        assert body_of(message)
    load_workbook(packet.tables / "tables.xlsx", read_only=True)
