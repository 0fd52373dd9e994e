"""Attendance from hybrid meetings: any attendee list (Zoom, Teams, Google Meet, Webex, a
sign-in form, Eventbrite; see ``attendance_tables``).

    >>> report = read_report("participants.csv", data)       # who the report lists
    >>> preview = match_report(wb, report)                    # matched, close, new
    >>> import_attendance(wb, meeting_id, preview, accept_close=True, add_new=False)

Zoom writes a CSV (sometimes with a meeting summary above the participants, one row per
join; a webinar's report has Host, Panelist and Attendee sections and an Attended
column); Teams writes UTF-16 tab-separated text with summary blocks above and below the
participants table; Google Meet lists first and last names; forms and Eventbrite list a
name (or first and last) and an e-mail, and maybe a checked-in column.

A reported name matches a person when the two are equal after ``model.text.comparable``
with tags such as "(Guest)", "(External)", "(KVWB)" and pronouns taken off and ``Last,
First`` turned round, when a renamed Zoom participant's original name (``New
(Original)``) is equal, or when the e-mail addresses are equal. Names that are nearly
equal (rapidfuzz, token order ignored) are offered as close matches for the facilitator
to confirm; the rest can be added as new people; phone numbers, devices and people who
registered but did not attend are left out and listed. Nothing is recorded without the
facilitator's say.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ImportFileError, Sentence, WorkbookError, number_shown, shown
from ..i18n import N_, _, ngettext
from ..model import Meeting, Person
from ..model.text import comparable
from ..store import Workbook
from .attendance_tables import (
    FIELDS,
    Table,
    header_candidate,
    read_people,
    source_title,
    split_original,
)
from .sheet_books import BOOK_SUFFIXES, read_book
from .sheet_memory import (
    ATTENDANCE,
    RememberedLayout,
    layout_signature,
    recall_in_rows,
    remember_layout,
)
from .sheet_text import decode, text_rows

__all__ = ["CLOSE_SCORE", "FIELDS", "AttendancePreview", "Attendee", "Report",
           "forget_report_layout", "import_attendance", "match_report", "read_report",
           "report_columns", "reported_name"]

MAX_BYTES = 2 * 1024 * 1024
MAX_PEOPLE = 2_000
CLOSE_SCORE = 85
"""The least rapidfuzz score (0-100, token order ignored) offered as a close match."""

@dataclass(frozen=True)
class Attendee:
    """One person a report lists: the name as reported, cleaned (tags taken off, ``Last,
    First`` turned), the original name a renamed Zoom participant had, an e-mail if given."""

    reported: str
    name: str
    email: str = ""
    original: str = ""


@dataclass(frozen=True)
class Report:
    """The people a report lists (each once), which tool wrote it, and the rows left out
    (reported name, why: not attended, a phone number, a device)."""

    source: str
    attendees: list[Attendee]
    left_out: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    """The people table's header and which column holds what (remembered on import)."""
    remembered: RememberedLayout | None = None
    """The mapping remembered for this header that the reading used, if any."""
    file_name: str = ""
    mapped_how: str = "guessed"
    """How the columns were found: ``guessed`` (known titles), ``remembered``, ``chosen``."""

    @property
    def signature(self) -> str:
        """The people table's header signature (``sheet_memory``), "" without one."""
        return layout_signature(self.table.columns, ATTENDANCE) if self.table else ""


def reported_name(text: str) -> str:
    """A reported display name without tags, ``Last, First`` turned: ``Sam (Guest)`` ->
    ``Sam``, ``Okafor, Dana (KVWB)`` -> ``Dana Okafor``."""
    return split_original(text, original_column=False)[0]


def _rows(name: str, data: bytes, encoding: str | None) -> list[list[str]]:
    label = shown(name)
    if not data:
        raise ImportFileError(Sentence(N_(
            "{name} is empty. Download the attendance report again."), name=label))
    if len(data) > MAX_BYTES:
        raise ImportFileError(Sentence(N_(
            "{name} is {size} MB, more than an attendance report can be. Check you picked "
            "the right file."), name=label, size=f"{len(data) / 1e6:.1f}"))
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if suffix in BOOK_SUFFIXES:
        rows = read_book(label, data, suffix, None, 20 * MAX_PEOPLE).rows
    else:
        text = decode(data, encoding, label=label).text
        try:
            rows, _skipped = text_rows(text, max_rows=20 * MAX_PEOPLE)
        except ImportFileError as exc:
            raise ImportFileError(Sentence(N_("{name}: {problem}"), name=label,
                                           problem=exc)) from None
    return [[str(c) for c in row] for row in rows]


def report_columns(name: str, data: bytes, *, encoding: str | None = None) -> list[str]:
    """The column titles a facilitator can map when no list of people was found: those of
    the row most likely the header (``attendance_tables.header_candidate``)."""
    return header_candidate(_rows(name, data, encoding))


def forget_report_layout(wb: Workbook, name: str, data: bytes) -> bool:
    """Forget the mapping remembered for a header of this list; whether there was one."""
    found = recall_in_rows(wb, _rows(name, data, None), ATTENDANCE)
    return found is not None and wb.forget_sheet_layout(found[1].signature)


def read_report(name: str, data: bytes, *, encoding: str | None = None,
                wb: Workbook | None = None, mapping: Mapping[str, str | None] | None = None,
                remember: bool = True) -> Report:
    """The attendees of a report or sign-in sheet (CSV, text or a workbook file);
    ImportFileError if none can be found.

    ``mapping`` (field -> column title; fields ``attendance_tables.FIELDS``) names the
    people table's columns, for titles this module does not know; without one, the
    mapping remembered in ``wb`` for a header of the file is used (``remember``).
    """
    label = shown(name)
    rows = _rows(name, data, encoding)
    remembered = None
    how = "chosen" if mapping else "guessed"
    if mapping:
        unknown = [f for f in mapping if f not in FIELDS]
        if unknown:
            raise ImportFileError(_("{field} is not a column of an attendee list; choose "
                                    "from {fields}.").format(field=shown(unknown[0], 40),
                                                             fields=", ".join(FIELDS)))
    elif wb is not None and remember:
        found = recall_in_rows(wb, rows, ATTENDANCE)
        if found is not None:
            remembered, mapping, how = found[1], found[1].mapping, "remembered"
    listed, source, left_out, table = read_people(rows, mapping)
    seen: dict[str, Attendee] = {}
    for person in listed:
        name_shown, original = split_original(person.reported,
                                              original_column=person.original_column)
        key = comparable(original or name_shown) or person.email.casefold()
        if key and key not in seen:
            seen[key] = Attendee(person.reported, name_shown, person.email, original)
            if len(seen) > MAX_PEOPLE:
                raise ImportFileError(Sentence(N_(
                    "The report lists more than {limit} people; it cannot be one meeting's "
                    "attendance."), limit=number_shown(MAX_PEOPLE)))
    if not seen:
        raise ImportFileError(Sentence(N_(
            "{name} has no list of people (a header with a name column, or first and last "
            "name columns, and people under it). Download the participant or attendance "
            "report from Zoom, Teams, Google Meet or Webex, or the sign-in sheet of your "
            "form or Eventbrite, and upload that file."), name=label))
    # A row left out (did not attend) of someone listed as present elsewhere (rejoined).
    left_out = [(r, why) for r, why in left_out
                if not why.startswith("not attended")
                or comparable(split_original(r, original_column=False)[0]) not in seen]
    return Report(source, list(seen.values()), left_out, table, remembered, name, how)


@dataclass
class AttendancePreview:
    """A report matched to the workbook's people.

    ``matched``: (attendee, person) equal after normalisation or by e-mail;
    ``close``: (attendee, person, score) nearly equal, to confirm; ``new``: the rest.
    """

    report: Report
    matched: list[tuple[Attendee, Person]] = field(default_factory=list)
    close: list[tuple[Attendee, Person, float]] = field(default_factory=list)
    new: list[Attendee] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The preview as plain JSON data (the ``--json`` output)."""
        return {
            "source": self.report.source,
            "matched": [{"reported": a.reported, "person": p.name, "person_id": p.id}
                        for a, p in self.matched],
            "close": [{"reported": a.reported, "person": p.name, "person_id": p.id,
                       "score": round(s, 1)} for a, p, s in self.close],
            "new": [{"reported": a.reported, "name": a.name, "email": a.email}
                    for a in self.new],
            "left_out": [{"reported": r, "reason": why} for r, why in self.report.left_out],
            "layout": self.report.signature,
            "remembered": self.report.remembered.to_json() if self.report.remembered
            else None,
            "mapping": dict(self.report.table.mapping) if self.report.table else {},
            "mapped_how": self.report.mapped_how,
        }


def match_report(wb: Workbook, report: Report) -> AttendancePreview:
    """Each attendee matched exactly, closely (to confirm) or not at all."""
    from rapidfuzz import fuzz, process, utils

    people = wb.all(Person)
    by_name = {comparable(p.name): p for p in people}
    by_email = {p.email.casefold(): p for p in people if p.email}
    choices = {p.id: _loose(p.name) for p in people}
    preview = AttendancePreview(report)
    for attendee in report.attendees:
        names = [n for n in (attendee.original, attendee.name) if n]
        person = next((by_name[comparable(n)] for n in names if comparable(n) in by_name),
                      None) or (by_email.get(attendee.email.casefold())
                                if attendee.email else None)
        if person is not None:
            preview.matched.append((attendee, person))
            continue
        found = [best for n in names if (best := process.extractOne(
            _loose(n), choices, scorer=fuzz.token_sort_ratio,
            processor=utils.default_process, score_cutoff=CLOSE_SCORE)) is not None]
        if found:
            _, score, person_id = max(found, key=lambda b: b[1])
            preview.close.append((attendee, next(p for p in people if p.id == person_id),
                                  float(score)))
        else:
            preview.new.append(attendee)
    return preview


def _loose(name: str) -> str:
    """A name for fuzzy comparison: accents folded (González ~ Gonzales)."""
    decomposed = unicodedata.normalize("NFKD", comparable(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class AttendanceResult:
    """People marked present (ids) and people added."""

    present: list[int]
    added: list[Person]


def import_attendance(wb: Workbook, meeting_id: int, preview: AttendancePreview, *,
                      accept_close: bool | Collection[str] = False,
                      add_new: bool | Collection[str] = False,
                      organisation_id: int | None = None,
                      remember: bool = True) -> AttendanceResult:
    """Mark the matched people present, and the close matches and new people chosen.

    ``accept_close``/``add_new`` are True (all), False (none) or the reported names
    chosen. New people get ``organisation_id`` if given. All in one transaction; a
    refused person (a name the model refuses) stores nothing and raises ImportFileError.
    The report's column mapping is remembered for its header in the same step
    (``remember``), so the next list with these columns is read the same way.
    """
    def chosen(choice: bool | Collection[str], reported: str) -> bool:
        return choice is True or (not isinstance(choice, bool) and reported in choice)

    wb.get(Meeting, meeting_id)  # NotFoundError for a meeting that is not there
    ids = [p.id for _, p in preview.matched]
    ids += [p.id for a, p, _ in preview.close if chosen(accept_close, a.reported)]
    fresh = [a for a in preview.new if chosen(add_new, a.reported)]
    added: list[Person] = []
    try:
        n = len(dict.fromkeys([*ids, *(a.reported for a in fresh)]))
        with wb.change(ngettext("Record attendance from the {platform} report ({count} person)",
                                "Record attendance from the {platform} report ({count} people)",
                                n).format(platform=source_title(preview.report.source),
                                          count=n)):
            for attendee in fresh:
                existing = wb.person_named(attendee.name, organisation_id)
                person = existing or wb.add(Person(name=attendee.name, email=attendee.email,
                                                   organisation_id=organisation_id))
                if existing is None:
                    added.append(person)
                ids.append(person.id)
            for person_id in dict.fromkeys(i for i in ids if i is not None):
                wb.add_attendee(meeting_id, person_id)
            table = preview.report.table
            if remember and table is not None:
                remember_layout(wb, table.columns, table.mapping, preview.report.file_name,
                                ATTENDANCE)
    except WorkbookError as exc:
        raise ImportFileError(Sentence(N_("{problem} Nothing was recorded."),
                                       problem=exc)) from exc
    return AttendanceResult([i for i in dict.fromkeys(ids) if i is not None], added)
