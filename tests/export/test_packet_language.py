"""The meeting packet in the partners' languages: ``--language es`` gives Spanish files,
each partner's follow-up is in its own language, and the summary is written once per
language the partnership lists."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import docx
import icalendar
from openpyxl import load_workbook

from workbook.cli import main
from workbook.i18n import gettext, use_language
from workbook.model import Organisation, Person
from workbook.testing import add_meeting


def es(text: str) -> str:
    with use_language("es"):
        return gettext(text)


def _eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _body(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _next_meeting(wb) -> None:
    latest = wb.latest_meeting()
    add_meeting(wb, held_on=latest.held_on + dt.timedelta(days=28),
                objective="Choose the second cohort's trades", location="Harrowgate")


def test_packet_in_spanish_has_spanish_minutes_calendars_drafts_and_tables(demo_wb, tmp_path):
    from workbook.export.packet import export_packet

    _next_meeting(demo_wb)
    packet = export_packet(demo_wb, out_dir=tmp_path, language="es", charts=False)
    document = docx.Document(str(packet.minutes))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert es("At a glance") in headings and "At a glance" not in headings
    assert es("Who does what by when") != "Who does what by when"
    assert document.core_properties.language == "es-US"
    assert [c.text for c in document.tables[0].rows[0].cells] == [
        es("Owner"), es("Organization"), es("Action"), es("Due")]
    meeting = [p for p in packet.calendars if p.name == "next-meeting.ics"][0]
    event = icalendar.Calendar.from_ical(meeting.read_bytes()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).endswith(": Reunión ordinaria de la alianza")
    dues = [icalendar.Calendar.from_ical(p.read_bytes()) for p in packet.calendars
            if p.name.startswith("actions-")]
    assert dues and all(str(e["SUMMARY"]).startswith("Vence: ")
                        for c in dues for e in c.walk("VEVENT"))
    message = _eml(packet.drafts[0])
    body = _body(message)
    assert message["Content-Language"] == "es-US"
    assert message["Subject"].startswith("Seguimiento: ")
    assert "Lo que decidimos:" in body and "What we decided" not in body
    book = load_workbook(packet.tables / "tables.xlsx", read_only=True)
    assert es("Organizations") in book.sheetnames and "Organizations" not in book.sheetnames
    first = next(book[es("Organizations")].iter_rows(max_row=1, values_only=True))
    assert first[0] == es("Name") == "Nombre"
    book.close()


def test_each_partner_follow_up_is_in_its_own_language(demo_wb, tmp_path):
    """A partner that reads Spanish gets its draft and its summary in Spanish; the others
    stay in the packet's English."""
    from workbook.export.packet import export_packet

    partners = [o for o in demo_wb.all(Organisation)
                if o.partner_type != "own" and o.status != "former"]
    reader = partners[0]
    demo_wb.update(Organisation, reader.id, {"language": "es"})
    demo_wb.add(Person(name="Lucía Ortega", organisation_id=reader.id,
                       email="lucia@example.org"))
    packet = export_packet(demo_wb, out_dir=tmp_path, charts=False)
    assert (packet.folder / "summary.es.html").exists()
    spanish, english = [], []
    for path in packet.drafts:
        message = _eml(path)
        (spanish if message["Content-Language"] == "es-US" else english).append(message)
    assert len(spanish) == 1 and len(english) == len(packet.drafts) - 1
    assert "lucia@example.org" in spanish[0]["To"]
    assert "Lo que decidimos:" in _body(spanish[0])
    attached = [p.get_filename() for p in spanish[0].iter_attachments()]
    assert attached == ["summary.es.html"]
    assert all("What we decided:" in _body(m) for m in english)
    document = docx.Document(str(packet.minutes))
    assert document.core_properties.language == "en-US"


def test_export_writes_a_summary_per_listed_language(demo_path, tmp_path, capsys):
    """`workbook languages --set en,es` then `workbook export`: an English and a Spanish
    summary, the Spanish one marked lang="es"; --language names just one."""
    assert main(["languages", str(demo_path), "--set", "en,es"]) == 0
    capsys.readouterr()
    assert main(["export", str(demo_path), "--out", str(tmp_path)]) == 0
    pages = [Path(line) for line in capsys.readouterr().out.split()]
    assert [p.suffixes[-2:] for p in pages][1] == [".es", ".html"]
    assert '<html lang="en"' in pages[0].read_text() and \
        '<html lang="es"' in pages[1].read_text()
    assert main(["export", str(demo_path), "--out", str(tmp_path), "--language", "es"]) == 0
    assert capsys.readouterr().out.split() == [str(pages[1])]
