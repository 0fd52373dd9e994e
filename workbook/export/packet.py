"""The meeting packet: what partners get after a meeting, in the tools they live in.

    >>> from workbook.export.packet import export_packet
    >>> packet = export_packet(wb)             # the latest meeting
    >>> packet.folder
    PosixPath('.../exports/valley-makers-alliance-1a2b3c4d/2026-11-17-regular-packet')

One folder, ``<partnership folder>/<date>-<kind>-packet/``, holding:

* ``summary.html``: the partners' summary (``publish.render_summary``);
* ``minutes.docx``: the minutes in Word (``minutes.py``), charts with their alt text;
* ``next-meeting.ics``: the next meeting, when one is set, and ``actions-<owner>.ics``:
  each owner's due dates (``invites.py``);
* ``follow-up-<organization>.eml``: one draft per partner organization, to its people,
  with only its actions and the decisions, the summary attached (``followup.py``), written
  in the organization's own language when it has one (``Organisation.language``), with the
  summary in that language attached (also kept as ``summary.<code>.html``);
* ``tables/``: the readable tables, CSV files and ``tables.xlsx`` (``readable.py``).

Everything is the partners' edition, written offline; nothing is sent. The packet is in
``language`` (default: the partnership's main language, the first of its ``languages``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .. import reference
from ..errors import Sentence
from ..i18n import N_, normalize_language, use_language
from ..model import Meeting, Organisation, Person
from ..model.slugs import slug
from ..store import Workbook
from ..store.files import refuse_own_source
from . import figures
from .files import claim_partnership_folder, default_root, write_atomic
from .followup import PartnerDraft, Recipient, follow_up_email, valid_address
from .invites import meeting_calendar, owner_calendar
from .minutes import minutes_docx
from .publish import render_summary, summary_path
from .records import ActionRow, Summary
from .tables import export_tables

__all__ = ["Packet", "export_packet", "partner_drafts"]

_LEFT = {"former"}  # organizations that get no follow-up


@dataclass(frozen=True)
class Packet:
    """What ``export_packet`` wrote; paths are inside ``folder``."""

    folder: Path
    summary: Path
    minutes: Path
    calendars: tuple[Path, ...]
    drafts: tuple[Path, ...]
    tables: Path
    without_address: tuple[str, ...]  # organizations whose draft has nobody to send to


def _name(text: str, fallback: str, used: set[str]) -> str:
    base = slug(text, fallback)[:60]
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


def partner_drafts(wb: Workbook, summary: Summary) -> list[PartnerDraft]:
    """One draft per partner organization (our own and former partners left out), each
    with its people's addresses and the actions at a glance that are its own."""
    people = wb.all(Person)
    glance = summary.glance
    rows: list[ActionRow] = [a for o in glance.owners for a in o.actions] if glance else []
    drafts = []
    for org in sorted(wb.all(Organisation), key=lambda o: o.name.casefold()):
        if org.partner_type == reference.OWN or org.status in _LEFT:
            continue
        members = [p for p in people if p.organisation_id == org.id]
        names = {p.name for p in members}
        mine = tuple(a for a in rows if a.organisation == org.name
                     or (not a.organisation and a.owner in names))
        recipients = tuple(Recipient(p.name, p.email) for p in members if p.email.strip())
        drafts.append(PartnerDraft(org.name, recipients, mine, org.language))
    return drafts


def export_packet(wb: Workbook, meeting_id: int | str | None = None,
                  out_dir: str | os.PathLike[str] | None = None, *,
                  today: dt.date | None = None, charts: bool = True,
                  language: str | None = None) -> Packet:
    """Write the meeting packet of one meeting (default: the latest); see the module doc.

    ``language`` (``"es"``): the language of the packet (default: the partnership's main
    language); each partner's follow-up is in its own language when it has one. Raises
    ``ValueError`` for a language there is no catalog for."""
    chosen = (normalize_language(language, strict=True) if language
              else wb.partnership.languages[0])
    with use_language(chosen):
        return _write_packet(wb, meeting_id, out_dir, today or dt.date.today(), charts,
                             chosen)


def _write_packet(wb: Workbook, meeting_id: int | str | None,
                  out_dir: str | os.PathLike[str] | None, today: dt.date, charts: bool,
                  language: str) -> Packet:
    rendered = render_summary(wb, meeting_id, today=today, edition="partners",
                              charts=charts, language=language)
    summary = rendered.summary
    meeting = wb.get(Meeting, summary.meeting.id)
    root = Path(out_dir) if out_dir is not None else default_root(wb)
    page = summary_path(wb, meeting, root)
    folder = page.with_name(page.stem + "-packet")
    claim_partnership_folder(wb, folder.parent)
    refuse_own_source(folder, wb.path, what="the workbook",
                      fix=Sentence(N_("Export to another folder with --out.")))
    folder.mkdir(parents=True, exist_ok=True)
    html = rendered.html.encode("utf-8")
    summary_file = write_atomic(folder / "summary.html", html)
    pictures = figures.draw_png(wb, summary) if charts else []
    minutes = write_atomic(folder / "minutes.docx", minutes_docx(summary, pictures))

    name = summary.partnership.name
    calendars = []
    glance = summary.glance
    if glance is not None and glance.next_meeting is not None:
        calendars.append(write_atomic(folder / "next-meeting.ics",
                                      meeting_calendar(name, glance.next_meeting)))
    used: set[str] = {"next-meeting"}
    for owner in glance.owners if glance else ():
        data = owner_calendar(name, owner)
        if data is not None:
            stem = _name(f"actions {owner.owner}", "actions", used)
            calendars.append(write_atomic(folder / f"{stem}.ics", data))

    drafts, without = [], []
    used = set()
    # A partner reading another language gets its draft and summary in that one.
    others: dict[str, tuple[Summary, bytes, dict[str, PartnerDraft]]] = {}
    for draft in partner_drafts(wb, summary):
        stem = _name(f"follow-up {draft.organisation}", "follow-up", used)
        own = draft.language or language
        if own == language:
            data = follow_up_email(summary, draft, "summary.html", html)
        else:
            if own not in others:
                other = render_summary(wb, summary.meeting.id, today=today,
                                       edition="partners", charts=charts, language=own)
                page_bytes = other.html.encode("utf-8")
                write_atomic(folder / f"summary.{own}.html", page_bytes)
                others[own] = (other.summary, page_bytes, {
                    d.organisation: d for d in partner_drafts(wb, other.summary)})
            other_summary, page_bytes, theirs = others[own]
            with use_language(own):
                data = follow_up_email(other_summary, theirs[draft.organisation],
                                       f"summary.{own}.html", page_bytes)
        drafts.append(write_atomic(folder / f"{stem}.eml", data))
        if not any(valid_address(r) for r in draft.recipients):
            without.append(draft.organisation)
    tables = folder / "tables"
    tables.mkdir(exist_ok=True)
    export_tables(wb, today=today, folder=tables)
    return Packet(folder, summary_file, minutes, tuple(calendars), tuple(drafts), tables,
                  tuple(without))
