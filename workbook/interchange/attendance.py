"""Attendance from hybrid meetings: a Zoom participant report or a Teams attendance report.

    >>> report = read_report("participants.csv", data)       # who the report lists
    >>> preview = match_report(wb, report)                    # matched, close, new
    >>> import_attendance(wb, meeting_id, preview, accept_close=True, add_new=False)

Zoom writes a CSV (sometimes with a meeting summary above the participants, one row per
join); Teams writes UTF-16 tab-separated text with summary blocks above and below the
participants table. Either way the table is the first one headed by a name column, and
it ends at the first blank line.

A reported name matches a person when the two are equal after ``model.text.comparable``
and with "(Guest)", "(External)", pronouns and similar suffixes taken off, or when the
e-mail addresses are equal. Names that are nearly equal (rapidfuzz, token order ignored)
are offered as close matches for the facilitator to confirm; the rest can be added as new
people. Nothing is recorded without the facilitator's say.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ImportFileError, WorkbookError, shown
from ..model import Meeting, Person
from ..model.text import comparable
from ..store import Workbook
from .sheet_text import decode, text_rows

__all__ = ["CLOSE_SCORE", "AttendancePreview", "Attendee", "Report", "import_attendance",
           "match_report", "read_report", "reported_name"]

MAX_BYTES = 2 * 1024 * 1024
MAX_PEOPLE = 2_000
CLOSE_SCORE = 85
"""The least rapidfuzz score (0-100, token order ignored) offered as a close match."""

_NAME_TITLES = {"name", "full name", "name (original name)", "participant", "display name",
                "participant name", "attendee", "attendee name", "user name"}
_SUFFIX = re.compile(
    r"\s*[\(\[](?:guest|external|unverified|host|co-?host|organi[sz]er|presenter|"
    r"attendee|me|he/him|she/her|they/them|he/they|she/they|[a-z]+/[a-z]+)[\)\]]\s*$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Attendee:
    """One person a report lists: the name as reported, cleaned, and an e-mail if given."""

    reported: str
    name: str
    email: str = ""


@dataclass(frozen=True)
class Report:
    """The people a report lists (each once), and which tool wrote it."""

    source: str
    attendees: list[Attendee]


def reported_name(text: str) -> str:
    """A reported display name without "(Guest)"-style suffixes: ``Sam (Guest)`` -> ``Sam``."""
    name = " ".join(text.split())
    while True:
        stripped = _SUFFIX.sub("", name)
        if stripped == name:
            return name.strip()
        name = stripped


def read_report(name: str, data: bytes, *, encoding: str | None = None) -> Report:
    """The attendees of a Zoom or Teams report; ImportFileError if none can be found."""
    label = shown(name)
    if not data:
        raise ImportFileError(f"{label} is empty. Download the attendance report again.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{label} is {len(data) / 1e6:.1f} MB, more than an attendance "
                              "report can be. Check you picked the right file.")
    text = decode(data, encoding, label=label).text
    try:
        rows, _ = text_rows(text, max_rows=20 * MAX_PEOPLE)
    except ImportFileError as exc:
        raise ImportFileError(f"{label}: {exc}") from None
    rows = [[c.strip() for c in row] for row in rows]
    for number, row in enumerate(rows):
        titles = [" ".join(c.casefold().split()) for c in row]
        if not any(t in _NAME_TITLES for t in titles):
            continue
        name_at = next(i for i, t in enumerate(titles) if t in _NAME_TITLES)
        email_at = next((i for i, t in enumerate(titles) if "email" in t.replace("-", "")),
                        None)
        people = _table(rows[number + 1:], name_at, email_at)
        if people:
            source = "teams" if any("first join" in t or "in-meeting" in t or
                                    "user action" in t for t in titles) else "zoom"
            return Report(source, people)
    raise ImportFileError(f"{label} has no participants table (a header with a Name column "
                          "and people under it). Download the participant report from Zoom, "
                          "or the attendance report from Teams, and upload that file.")


def _table(rows: Sequence[Sequence[str]], name_at: int, email_at: int | None) -> list[Attendee]:
    seen: dict[str, Attendee] = {}
    for row in rows:
        if not any(row):
            break  # the table ends at the first blank line
        if len(row) <= name_at or not row[name_at]:
            continue
        reported = row[name_at]
        email = row[email_at] if email_at is not None and len(row) > email_at else ""
        email = email if "@" in email else ""
        name = reported_name(reported)
        key = comparable(name)
        if key and key not in seen:
            seen[key] = Attendee(reported, name, email)
            if len(seen) > MAX_PEOPLE:
                raise ImportFileError(f"The report lists more than {MAX_PEOPLE:,} people; it "
                                      "cannot be one meeting's attendance.")
    return list(seen.values())


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
        person = by_name.get(comparable(attendee.name)) or (
            by_email.get(attendee.email.casefold()) if attendee.email else None)
        if person is not None:
            preview.matched.append((attendee, person))
            continue
        best = process.extractOne(_loose(attendee.name), choices,
                                  scorer=fuzz.token_sort_ratio,
                                  processor=utils.default_process, score_cutoff=CLOSE_SCORE)
        if best is not None:
            _, score, person_id = best
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
                      organisation_id: int | None = None) -> AttendanceResult:
    """Mark the matched people present, and the close matches and new people chosen.

    ``accept_close``/``add_new`` are True (all), False (none) or the reported names
    chosen. New people get ``organisation_id`` if given. All in one transaction; a
    refused person (a name the model refuses) stores nothing and raises ImportFileError.
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
        with wb.change(f"Record attendance from the {preview.report.source.title()} report ({n} "
                       f"{'person' if n == 1 else 'people'})"):
            for attendee in fresh:
                existing = wb.person_named(attendee.name, organisation_id)
                person = existing or wb.add(Person(name=attendee.name, email=attendee.email,
                                                   organisation_id=organisation_id))
                if existing is None:
                    added.append(person)
                ids.append(person.id)
            for person_id in dict.fromkeys(i for i in ids if i is not None):
                wb.add_attendee(meeting_id, person_id)
    except WorkbookError as exc:
        raise ImportFileError(f"{exc} Nothing was recorded.") from exc
    return AttendanceResult([i for i in dict.fromkeys(ids) if i is not None], added)
