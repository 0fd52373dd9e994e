"""The minutes as a Word document (.docx), from the partners' summary.

    >>> from workbook.export.minutes import minutes_docx
    >>> data = minutes_docx(summary, charts)      # bytes of a .docx file

Written with python-docx in Word's own styles, so the document has a real outline: the
title, then "At a glance" and each section as Heading 1, their parts as Heading 2; lists
in the list styles; tables with a header row that repeats on every page. Each chart is a
picture whose text alternative (Word's "Alt Text": the picture's ``descr`` and ``title``)
states the data. Text goes into the XML as text; characters XML cannot hold are replaced
first (``model.text.for_documents``), so nothing typed can add markup or break the file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..i18n import _, current_language, format_time, format_time_zone, ngettext
from ..model.text import for_documents
from .figures import PngChart
from .records import ROW_LIMIT, Summary
from .render import long_date

__all__ = ["minutes_docx"]


def _t(value: Any) -> str:
    return for_documents(str(value)) if value is not None else ""


def _day(value: Any) -> str:
    return long_date(value) if value else "–"


def _due(action: Any) -> str:
    if not action.days_overdue:
        return _day(action.due_on)
    return ngettext("{day} (overdue by {count} day)", "{day} (overdue by {count} days)",
                    action.days_overdue).format(day=_day(action.due_on),
                                                count=action.days_overdue)


def _table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    # The header row repeats on each page and is marked as a header for screen readers.
    properties = head._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
    for cell, title in zip(head.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_t(title)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _t(value)


def _facts(document: Any, pairs: Sequence[tuple[str, Any]]) -> None:
    """A two-column table of labels (bold) and values, no header row."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_t(label)).bold = True
        cells[1].text = _t(value)


def _bullets(document: Any, items: Sequence[str], style: str = "List Bullet") -> None:
    for item in items:
        document.add_paragraph(_t(item), style=style)


def _picture(document: Any, chart: PngChart) -> None:
    from docx.shared import Inches

    width = Inches(min(6.0, chart.width_inches))
    document.add_picture(io.BytesIO(chart.png), width=width)
    inline = document.inline_shapes[-1]._inline
    doc_pr = inline.docPr
    doc_pr.set("descr", _t(chart.alt))
    doc_pr.set("title", _t(chart.title))
    document.add_paragraph(_t(chart.title), style="Caption")


def _glance(document: Any, summary: Summary) -> None:
    glance = summary.glance
    if glance is None:
        return
    document.add_heading(_("At a glance"), level=1)
    document.add_heading(_("Decided"), level=2)
    _bullets(document, glance.decisions or (_("Nothing was decided at this meeting."),))
    document.add_heading(_("Who does what by when"), level=2)
    shown, more = glance.most_pressing()  # as the summary's page: the most pressing
    rows = [(o.owner or _("No owner recorded"), o.organisation, a.action, _due(a))
            for o in shown for a in o.actions]
    if rows:
        _table(document, (_("Owner"), _("Organization"), _("Action"), _("Due")), rows)
    else:
        document.add_paragraph(_("No open actions."))
    if more and glance.not_in_actions:
        document.add_paragraph(" ".join((
            ngettext("{count} more action is not listed here; Actions below lists the "
                     "first {limit} of each kind.",
                     "{count} more actions are not listed here; Actions below lists the "
                     "first {limit} of each kind.", more).format(count=more, limit=ROW_LIMIT),
            _("The full lists are in the tables export ({command}).").format(
                command="workbook export-tables"))))
    elif more:
        document.add_paragraph(ngettext(
            "{count} more open action is listed under Actions below.",
            "{count} more open actions are listed under Actions below.", more).format(
                count=more))
    if glance.questions:
        document.add_heading(_("Open questions"), level=2)
        _bullets(document, glance.questions)
    document.add_heading(_("Next meeting"), level=2)
    upcoming = glance.next_meeting
    if upcoming is None:
        document.add_paragraph(_("No date is set yet."))
        return
    time = (_("to be confirmed") if upcoming.starts_at is None else
            _("{time} ({zone})").format(time=format_time(upcoming.starts_at),
                                        zone=format_time_zone(upcoming.time_zone)))
    facts = [(_("Date"), _day(upcoming.held_on)), (_("Time"), time)]
    if upcoming.place:
        facts.append((_("Where"), upcoming.place))
    if upcoming.join_link:
        facts.append((_("Join online"), upcoming.join_link))
    facts.append((_("Objective"), upcoming.objective))
    _facts(document, facts)


def _record(document: Any, summary: Summary, charts: Sequence[PngChart]) -> None:
    meeting = summary.meeting
    document.add_heading(_("The meeting"), level=1)
    _facts(document, [(_("Date"), _day(meeting.held_on)), (_("Kind"), meeting.kind_title),
                      (_("Objective"), meeting.objective),
                      (_("Where"), meeting.location or "–")])
    if meeting.agenda:
        document.add_heading(_("Agenda"), level=2)
        _bullets(document, meeting.agenda, style="List Number")
    if summary.attendance is not None:
        a = summary.attendance
        document.add_heading(_("Who was at the table"), level=1)
        document.add_paragraph(ngettext(
            "{people} people from {count} organization.",
            "{people} people from {count} organizations.", a.organisations).format(
                people=a.people, count=a.organisations))
        _table(document, (_("Partner type"), _("Organization"), _("People")), [
            (group.partner_type, org.organisation,
             "; ".join(f"{name} ({role})" if role else name for name, role in org.people))
            for group in a.groups for org in group.organisations])
    if summary.decisions:
        document.add_heading(_("Decisions"), level=1)
        for d in summary.decisions:
            document.add_paragraph(_t(d.text), style="List Number")
            if d.rationale:
                document.add_paragraph(_("Why: {why}").format(why=_t(d.rationale)))
    if summary.naming is not None:
        document.add_heading(_("Naming the partnership"), level=1)
        if summary.naming.chosen:
            document.add_paragraph(_("Chosen: {name}").format(name=_t(summary.naming.chosen)))
        _table(document, (_("Name"), _("Dots")),
               [(r.name, r.dots) for r in summary.naming.results])
    if summary.actions is not None:
        x = summary.actions
        document.add_heading(_("Actions"), level=1)
        for title, rows in ((_("Agreed at this meeting"), x.agreed), (_("Overdue"), x.overdue),
                            (_("Carried over"), x.carried)):
            if rows:
                document.add_heading(title, level=2)
                _table(document, (_("Action"), _("Organization"), _("Owner"), _("Due"),
                                  _("Status")),
                       [(r.action, r.organisation or "–", r.owner or "–", _day(r.due_on),
                         r.status) for r in rows])
    if summary.momentum is not None and summary.momentum.indicators:
        document.add_heading(_("Momentum"), level=1)
        _table(document, (_("Indicator"), _("Value"), _("What it means")),
               [(i.label, i.value, i.note or "–") for i in summary.momentum.indicators])
    if charts:
        document.add_heading(_("Charts"), level=1)
        for chart in charts:
            _picture(document, chart)


def minutes_docx(summary: Summary, charts: Sequence[PngChart] = ()) -> bytes:
    """The minutes of ``summary`` as the bytes of a .docx file."""
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.title = _t(summary.title)[:250]
    properties.subject = _("Meeting minutes")
    properties.language = f"{current_language()}-US"
    document.add_heading(_t(summary.partnership.name), level=0)
    document.add_paragraph(_("Minutes: {kind}, {day}").format(
        kind=summary.meeting.kind_title, day=_day(summary.meeting.held_on)),
        style="Subtitle")
    _glance(document, summary)
    _record(document, summary, charts)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
