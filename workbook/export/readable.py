"""The tables as partners read them: plain headers, names instead of ids, set widths.

    >>> from workbook.export.readable import readable_tables, xlsx_bytes
    >>> sheets = readable_tables(collect_tables(wb))
    >>> sheets[0].title, sheets[0].headers[:2]
    ('Organizations', ('Name', 'Partner type'))

``collect_tables`` keeps the stored ids and column names so the tables can be joined again
(``workbook export-tables --with-ids``). The readable form, written by default and in the
meeting packet, drops every id column (each table already names what the id pointed at),
gives each column a header in words, spells choice keys out ("in_progress" becomes "Under
way"), and sets each Excel column's width to its content (a sheet per subject, the header
row frozen and filtered). Text is guarded against formula injection as before.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import reference
from ..i18n import N_, _
from ..model.text import for_documents
from .cells import Table, guard, xlsx_cell

__all__ = ["ReadableTable", "readable_tables", "xlsx_bytes"]

SHEET_TITLES = {
    "organisations": N_("Organizations"),
    "people": N_("People"),
    "meetings": N_("Meetings"),
    "attendance": N_("Attendance"),
    "resources": N_("Resources"),
    "problem_tree": N_("Problem tree"),
    "solutions": N_("Solutions"),
    "actions": N_("Actions"),
    "health_checks": N_("Health checks"),
    "outcomes": N_("Outcomes"),
    "readings": N_("Readings"),
    "wins": N_("Wins"),
}

HEADERS = {
    "name": N_("Name"),
    "partner_type_title": N_("Partner type"),
    "status": N_("Status"),
    "mission": N_("Mission"),
    "competencies": N_("Competencies"),
    "decision_making": N_("How decisions are made"),
    "financing": N_("Financing"),
    "culture": N_("Culture"),
    "brings": N_("Brings"),
    "needs": N_("Needs"),
    "website": N_("Website"),
    "organisation": N_("Organization"),
    "role": N_("Role"),
    "email": N_("E-mail"),
    "held_on": N_("Date"),
    "kind": N_("Kind"),
    "objective": N_("Objective"),
    "location": N_("Where"),
    "agenda": N_("Agenda"),
    "decisions": N_("Decisions"),
    "notes": N_("Notes"),
    "attendees": N_("People present"),
    "person": N_("Person"),
    "owner": N_("Owner"),
    "target_group": N_("Who it serves"),
    "eligibility": N_("Eligibility"),
    "capacity": N_("Capacity"),
    "funding_source": N_("Funding"),
    "referral": N_("How to refer"),
    "found_on": N_("Found on"),
    "created_at": N_("Added"),
    "updated_at": N_("Last changed"),
    "problem": N_("Problem"),
    "raised_by": N_("Raised by"),
    "raised_on": N_("Raised on"),
    "depth": N_("Level of why"),
    "cause": N_("Cause"),
    "evidence": N_("Evidence"),
    "is_root": N_("Root cause"),
    "resources": N_("Resources addressing it"),
    "description": N_("Description"),
    "resource": N_("Resource"),
    "tried_before": N_("Tried before"),
    "tried_on": N_("Tried on"),
    "lessons": N_("Lessons"),
    "action": N_("Action"),
    "due_on": N_("Due date"),
    "overdue": N_("Overdue"),
    "meeting_on": N_("Agreed at the meeting of"),
    "done_on": N_("Done on"),
    "checked_on": N_("Checked on"),
    "score": N_("Score"),
    "measure": N_("Measure"),
    "unit": N_("Unit"),
    "direction": N_("Better when"),
    "indicator": N_("Indicator"),
    "baseline_value": N_("Baseline"),
    "benchmark_value": N_("Benchmark value"),
    "benchmark": N_("Benchmark"),
    "target_value": N_("Target value"),
    "target": N_("Target"),
    "outcome": N_("Outcome"),
    "read_on": N_("Read on"),
    "value": N_("Value"),
    "text": N_("In words"),
    "reported_by": N_("Reported by"),
    "source": N_("Source"),
    "note": N_("Note"),
    "won_on": N_("Won on"),
    "consent_on": N_("Consent to be named on"),
    "partners": N_("Partners credited"),
    "story": N_("Story"),
}
"""Column name to header; a health question's key takes the question's own words."""

HEALTH_TOPICS = {
    "services": N_("Knowing each other's services"), "goals": N_("Knowing each other's goals"),
    "referrals": N_("Referrals both ways"), "contact": N_("Contact beyond referrals"),
    "voice": N_("A voice in decisions"),
}
"""The health questions' topics as column headers, in the catalog (``reference`` keeps
the same words for the health view)."""

# Choice columns: table -> column -> stored key -> words.
CHOICES: dict[str, dict[str, Mapping[Any, str]]] = {
    "organisations": {"status": reference.ORGANISATION_STATUSES},
    "meetings": {"kind": reference.MEETING_KINDS},
    "resources": {"kind": reference.RESOURCE_KINDS, "status": reference.RESOURCE_STATUSES},
    "solutions": {"kind": reference.SOLUTION_KINDS, "status": reference.SOLUTION_STATUSES},
    "actions": {"status": reference.ACTION_STATUSES},
    "outcomes": {"direction": reference.DIRECTIONS, "indicator": reference.INDICATOR_TITLES},
    "wins": {"kind": reference.WIN_KINDS},
}

_DROPPED = {"partner_type"}  # its words are in partner_type_title
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class ReadableTable:
    """One sheet for people: file name, sheet title, headers, rows and column widths."""

    name: str  # file name without .csv, as in ``collect_tables``
    title: str  # the sheet's title, e.g. "Health checks"
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    widths: tuple[int, ...]  # Excel character widths


def _header(column: str) -> str:
    if column in HEADERS:
        return _(HEADERS[column])
    for question in reference.HEALTH_QUESTIONS:
        if question.key == column:
            return _(HEALTH_TOPICS[column]) if column in HEALTH_TOPICS else question.topic
    return column.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _width(header: str, values: Sequence[Any]) -> int:
    longest = max([len(header), *(max((len(line) for line in _shown(v).splitlines()),
                                      default=0) for v in values)])
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 2))


def _readable(table: Table) -> ReadableTable:
    keep = [i for i, c in enumerate(table.columns)
            if c != "id" and not c.endswith("_id") and c not in _DROPPED]
    choices = CHOICES.get(table.name, {})
    converters = [choices.get(table.columns[i]) for i in keep]
    rows = []
    for row in table.rows:
        cells = []
        for index, words in zip(keep, converters, strict=True):
            value = row[index]
            if words is not None and value in words:
                value = words[value]
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            cells.append(value)
        rows.append(tuple(cells))
    headers = tuple(_header(table.columns[i]) for i in keep)
    widths = tuple(_width(h, [r[n] for r in rows[:500]]) for n, h in enumerate(headers))
    return ReadableTable(table.name, _(SHEET_TITLES[table.name]) if table.name in SHEET_TITLES
                         else _header(table.name),
                         headers, rows, widths)


def readable_tables(tables: Sequence[Table]) -> list[ReadableTable]:
    """The readable form of each table, in the same order."""
    return [_readable(t) for t in tables]


def as_table(sheet: ReadableTable) -> Table:
    """A readable sheet as a ``Table`` (headers as columns), for the CSV writer."""
    return Table(sheet.name, sheet.headers, sheet.rows)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_bytes(sheets: Sequence[ReadableTable]) -> bytes:
    """One Excel workbook, a sheet per subject: bold frozen header, filters, set widths."""
    from openpyxl import Workbook as ExcelBook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = ExcelBook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in sheets:
        sheet = book.create_sheet(table.title[:31])
        sheet.freeze_panes = "A2"
        for index, width in enumerate(table.widths):
            sheet.column_dimensions[_column_letter(index)].width = width
        if table.headers:
            last = _column_letter(len(table.headers) - 1)
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for column in table.headers:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_cell(sheet, v, WriteOnlyCell, wrap) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any, cell_type: Any, wrap: Any) -> Any:
    """As ``cells.xlsx_cell``, times to the minute, and long or many-line text wrapped."""
    if isinstance(value, str):
        text = guard(for_documents(value))
        if "\n" in text or len(text) > _MAX_WIDTH:
            cell = cell_type(sheet, value=text)
            cell.alignment = wrap
            return cell
        return text
    return xlsx_cell(sheet, value, cell_type, time_format="yyyy-mm-dd hh:mm")
