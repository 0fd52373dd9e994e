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
from ..model.text import for_documents
from .cells import Table, guard

__all__ = ["ReadableTable", "readable_tables", "xlsx_bytes"]

SHEET_TITLES = {
    "organisations": "Organizations", "people": "People", "meetings": "Meetings",
    "attendance": "Attendance", "resources": "Resources", "problem_tree": "Problem tree",
    "solutions": "Solutions", "actions": "Actions", "health_checks": "Health checks",
    "outcomes": "Outcomes", "readings": "Readings", "wins": "Wins",
}

HEADERS = {
    "name": "Name", "partner_type_title": "Partner type", "status": "Status",
    "mission": "Mission", "competencies": "Competencies",
    "decision_making": "How decisions are made", "financing": "Financing",
    "culture": "Culture", "brings": "Brings", "needs": "Needs", "website": "Website",
    "organisation": "Organization", "role": "Role", "email": "E-mail",
    "held_on": "Date", "kind": "Kind", "objective": "Objective", "location": "Where",
    "agenda": "Agenda", "decisions": "Decisions", "notes": "Notes",
    "attendees": "People present", "person": "Person", "owner": "Owner",
    "target_group": "Who it serves", "eligibility": "Eligibility", "capacity": "Capacity",
    "funding_source": "Funding", "referral": "How to refer", "found_on": "Found on",
    "created_at": "Added", "updated_at": "Last changed", "problem": "Problem",
    "raised_by": "Raised by", "raised_on": "Raised on", "depth": "Level of why",
    "cause": "Cause", "evidence": "Evidence", "is_root": "Root cause",
    "resources": "Resources addressing it", "description": "Description",
    "resource": "Resource", "tried_before": "Tried before", "tried_on": "Tried on",
    "lessons": "Lessons", "action": "Action", "due_on": "Due date", "overdue": "Overdue",
    "meeting_on": "Agreed at the meeting of", "done_on": "Done on",
    "checked_on": "Checked on", "score": "Score", "measure": "Measure", "unit": "Unit",
    "direction": "Better when", "indicator": "Indicator",
    "baseline_value": "Baseline", "benchmark_value": "Benchmark value",
    "benchmark": "Benchmark", "target_value": "Target value", "target": "Target",
    "outcome": "Outcome", "read_on": "Read on", "value": "Value", "text": "In words",
    "reported_by": "Reported by", "source": "Source", "note": "Note", "won_on": "Won on",
    "consent_on": "Consent to be named on", "partners": "Partners credited",
    "story": "Story",
}
"""Column name to header; a health question's key takes the question's own words."""

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
        return HEADERS[column]
    for question in reference.HEALTH_QUESTIONS:
        if question.key == column:
            return question.topic
    return column.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
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
    return ReadableTable(table.name, SHEET_TITLES.get(table.name, _header(table.name)),
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
    if isinstance(value, str):
        text = guard(for_documents(value))
        if "\n" in text or len(text) > _MAX_WIDTH:
            cell = cell_type(sheet, value=text)
            cell.alignment = wrap
            return cell
        return text
    if isinstance(value, dt.datetime):
        cell = cell_type(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = cell_type(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
