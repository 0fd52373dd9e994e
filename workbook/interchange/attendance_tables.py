"""Who an attendee list names: the people tables of Zoom, Teams, Google Meet, Webex, forms
and Eventbrite, in CSV, text or Excel, with English or Spanish headings.

    >>> people, source, left_out = read_people(rows)   # rows: the file's cells as text

A header is a row naming a person column: a full name (``Name``, ``User Name (Original
Name)``, ``Your full name``, ``Nombre completo``), or a first and a last name (``First
name`` / ``Last name``, ``Nombre`` / ``Apellido``); an e-mail column and an attended or
checked-in column (``Attended``, ``Checked In``, ``Asistió``) are used when there. A file
may hold several tables (Zoom's webinar report has its Host, Panelist and Attendee
sections, each under its own header): those tables are read, section titles between them
passed over; a table below a blank line after the people (Teams' in-meeting activities)
is read only when it has an attended column. A row whose attended column says no
(``No``, ``Not attending``) is left out, as are names that are phone numbers or devices
(``+1 555 0100``, ``iPhone``, ``Conference Room 2``): these are listed with the reason,
never offered as people.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..i18n import N_, gettext

__all__ = ["FIELDS", "Listed", "Table", "header_candidate", "not_a_person", "read_people",
           "source_title", "split_original", "turned"]

_SOURCE_TITLES = {"zoom webinar": "Zoom Webinar", "teams": "Teams", "google meet": "Google Meet",
                  "eventbrite": "Eventbrite", "webex": "Webex", "zoom": "Zoom",
                  "sign-in form": N_("Sign-in form"), "attendee list": N_("Attendee list")}
_DESCRIBED = ("sign-in form", "attendee list")


def source_title(source: str) -> str:
    """Which tool wrote an attendance report, for people: a product's name as it is
    spelled (``"Google Meet"``), a kind of list in the reader's language."""
    title = _SOURCE_TITLES.get(source, source.title())
    return gettext(title) if source in _DESCRIBED else title

FIELDS = ("name", "first_name", "last_name", "email", "attended")
"""What a column of an attendee list can hold: a full name, a first and a last name, an
e-mail address, whether the person attended (or checked in)."""

_FULL = {"name", "full name", "name (original name)", "user name (original name)",
         "participant", "display name", "participant name", "attendee", "attendee name",
         "user name", "your name", "your full name", "what is your name?", "what is your name",
         "name of attendee", "attendee full name", "nombre completo", "nombre y apellido",
         "nombre y apellidos", "participante", "asistente", "nombre del participante",
         "su nombre", "tu nombre", "your first and last name", "first and last name",
         "name (first and last)", "preferred name (first and last)", "nombre para mostrar",
         "nombre del asistente", "nombre de usuario", "nombre (nombre original)",
         "nombre de usuario (nombre original)", "nombre visible", "nombre completo del asistente",
         "nom complet", "nome completo"}
_FIRST = {"first name", "first", "given name", "firstname", "nombre", "nombre(s)",
          "attendee first name", "primer nombre"}
_LAST = {"last name", "last", "surname", "family name", "lastname", "apellido", "apellidos",
         "attendee last name"}
_PRESENCE = {"attended", "checked in", "check-in", "check in", "checked-in", "attendance",
             "present", "asistió", "asistio", "asistencia", "presente", "attendee status",
             "check-in status", "check in status", "¿asistió?", "asistió?", "registrado",
             "estado de asistencia", "estado del asistente"}
_NOT_PERSON_TITLE = re.compile(r"organi[sz]ation|company|employer|event|meeting|topic|host|"
                               r"webinar|empresa|organizaci|room|course|program|session",
                               re.IGNORECASE)
_YES = {"yes", "y", "true", "x", "1", "checked in", "attended", "present", "sí", "si",
        "presente", "asistió", "asistio", "✓", "✔"}
_NO = {"no", "n", "false", "0", "not attending", "absent", "no show", "no-show",
       "cancelled", "canceled", "refunded", "deleted", "ausente", "no asistió", "--", "-"}

_PHONE = re.compile(r"[+(]?[\d\s().\-–]{7,}\)?(?:\s*(?:x|ext\.?)\s*\d+)?")
_DEVICE = re.compile(
    r"\b(?:iphone|ipad|android|galaxy|pixel|samsung|huawei|polycom|cisco|crestron|logitech|"
    r"zoom\s*rooms?|conference\s*room|meeting\s*room|board\s*room|boardroom|call-?in\s*user|"
    r"dial-?in|phone\s*user|telephone|laptop|desktop|macbook|chromebook|windows\s*pc|"
    r"surface\s*hub|teams\s*room|webex\s*room|sala\s+de)(?![a-z])", re.IGNORECASE)
_TAG = re.compile(
    r"\s*[\(\[](?:guest|external|unverified|host|co-?host|organi[sz]er|presenter|attendee|"
    r"me|invitado|externo|externa|anfitri[oó]n|[a-z]+/[a-z]+|[^\s()\[\]]{1,12})[\)\]]\s*$",
    re.IGNORECASE)
_ORIGINAL = re.compile(r"^(?P<shown>.*\S)\s*\((?P<original>[^()]*[^\W\d_][^()]*\s[^()]*)\)$")
_NOBODY = {"anonymous", "anónimo", "anonimo", "anónima", "anonima", "unknown", "guest",
           "n/a", "none", "desconocido", "invitado"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."}


@dataclass(frozen=True)
class Listed:
    """One person as the list names them: the name as written, the e-mail if any, and
    whether the column is Zoom's ``Name (Original Name)`` (a renamed participant is
    written ``New (Original)``)."""

    reported: str
    email: str = ""
    original_column: bool = False


def _title(cell: str) -> str:
    return " ".join(cell.casefold().replace("\ufeff", "").split()).rstrip(":*")


def turned(name: str) -> str:
    """``Last, First`` as ``First Last`` (a comma before a suffix such as Jr. is kept)."""
    last, comma, first = name.partition(",")
    if not comma or "," in first or not first.strip() or not last.strip() \
            or first.strip().casefold() in _SUFFIXES:
        return name
    return f"{first.strip()} {last.strip()}"


def split_original(text: str, *, original_column: bool) -> tuple[str, str]:
    """A display name without tags, and the original name in brackets when the column is
    Zoom's ``Name (Original Name)`` (``"Tomas - Harrowgate (Tomas Reyes)"`` ->
    ``("Tomas - Harrowgate", "Tomas Reyes")``)."""
    name = " ".join(text.split())
    original = ""
    if original_column:
        m = _ORIGINAL.match(name)
        if m and not _TAG.fullmatch(f"({m['original']})"):
            name, original = m["shown"].strip(), m["original"].strip()
    while True:
        stripped = _TAG.sub("", name)
        if stripped == name or not stripped.strip():
            break
        name = stripped
    return turned(name.strip()), turned(original)


def not_a_person(name: str) -> str:
    """Why a listed name is not a person ("a phone number", "a device"), or ""."""
    if _PHONE.fullmatch(name.strip()) and sum(ch.isdigit() for ch in name) >= 7:
        return "a phone number, not a person"
    if _DEVICE.search(name):
        return "a device or room, not a person"
    if not any(ch.isalpha() for ch in name):
        return "not a name"
    if name.strip().casefold() in _NOBODY:
        return "no name given"
    return ""


@dataclass
class _Header:
    row: tuple[str, ...]
    full: int | None
    first: int | None
    last: int | None
    email: int | None
    presence: int | None
    original: bool

    @property
    def known(self) -> int:
        """How many of its columns are known titles (name, e-mail, attended ...)."""
        return sum(i is not None for i in (self.full, self.first, self.last, self.email,
                                           self.presence))


_ASKED = re.compile(r"^(?:your|what is your|su|tu|cu[aá]l es su)\b|full|complet|first and last|"
                    r"original", re.IGNORECASE)


def _header(row: Sequence[str]) -> _Header | None:
    titles = [_title(c) for c in row]
    fulls = [i for i, t in enumerate(titles) if t in _FULL]
    # A form's own "Name" is the respondent's account ("anonymous"); the question asking
    # for the attendee's full name is who signed in.
    full = next((i for i in fulls if _ASKED.search(titles[i])), fulls[0] if fulls else None)
    first = next((i for i, t in enumerate(titles) if t in _FIRST), None)
    last = next((i for i, t in enumerate(titles) if t in _LAST), None)
    if first is not None and last is None and titles[first] == "nombre":
        full, first = (full if full is not None else first), None  # "Nombre" alone: full
    email = next((i for i, t in enumerate(titles) if re.search(
        r"e-?mail|correo|\bupn\b", t)), None)
    if full is None and (first is None or last is None) and email is not None:
        # A sign-in form asks the name in its own words: a title holding "name".
        full = next((i for i, t in enumerate(titles) if re.search(r"\bname\b|\bnombre\b", t)
                     and not re.search(r"\bfirst\b|\blast\b|apellido", t)
                     and not _NOT_PERSON_TITLE.search(t)), None)
    if full is None and (first is None or last is None):
        return None
    presence = next((i for i, t in enumerate(titles) if t in _PRESENCE), None)
    original = full is not None and "original" in titles[full]
    return _Header(tuple(row), full, first, last, email, presence, original)


def _mapped_header(row: Sequence[str], mapping: Mapping[str, str | None]) -> _Header | None:
    """The row as the header ``mapping`` (field -> column title) names, or None when the
    row lacks one of its columns."""
    titles = [_title(c) for c in row]
    at: dict[str, int] = {}
    for fld, column in mapping.items():
        if column:
            if _title(column) not in titles:
                return None
            at[fld] = titles.index(_title(column))
    full, first, last = at.get("name"), at.get("first_name"), at.get("last_name")
    if full is None and first is not None and last is None:
        full, first = first, None
    if full is None and first is None:
        return None
    original = full is not None and "original" in titles[full]
    return _Header(tuple(row), full, first, last, at.get("email"), at.get("attended"),
                   original)


@dataclass(frozen=True)
class Table:
    """The header the most people were listed under: its titles as written and which
    column holds what (field -> title, None for a field it lacks)."""

    columns: tuple[str, ...]
    mapping: dict[str, str | None]


def _table(header: _Header) -> Table:
    def title(at: int | None) -> str | None:
        return header.row[at] if at is not None else None
    return Table(header.row, {"name": title(header.full), "first_name": title(header.first),
                              "last_name": title(header.last), "email": title(header.email),
                              "attended": title(header.presence)})


def header_candidate(rows: Sequence[Sequence[str]]) -> list[str]:
    """The titles of the row most likely the header of a list no header was found in
    (the first of the widest of the first rows), for the facilitator to map."""
    early = [[c.strip() for c in row] for row in rows[:60]]
    widths = [sum(1 for c in row if c) for row in early]
    if not widths or max(widths) < 2:
        return []
    row = early[widths.index(max(widths))]
    while row and not row[-1]:
        row.pop()
    return row


def _cell(row: Sequence[str], at: int | None) -> str:
    return row[at].strip() if at is not None and at < len(row) else ""


def _source(rows: Sequence[Sequence[str]]) -> str:
    text = " ".join(_title(c) for row in rows[:40] for c in row if c.strip())
    if "webinar id" in text or "attendee report" in text or "panelist details" in text:
        return "zoom webinar"
    if "first join" in text or "in-meeting" in text or "user action" in text:
        return "teams"
    if "time joined" in text and "time exited" in text:
        return "google meet"
    if "checked in" in text or "order #" in text or "ticket type" in text:
        return "eventbrite"
    if "timestamp" in text or "start time" in text and "completion time" in text:
        return "sign-in form"
    if "webex" in text or "attendee email" in text:
        return "webex"
    if "(original name)" in text or "(nombre original)" in text or "in waiting room" in text \
            or "user email" in text or "zoom" in text:
        return "zoom"
    return "attendee list"


def read_people(rows: Sequence[Sequence[str]], mapping: Mapping[str, str | None] | None = None,
                ) -> tuple[list[Listed], str, list[tuple[str, str]], Table | None]:
    """The people every table of ``rows`` lists (in order, repeats kept), which tool wrote
    it, (reported name, reason) of the rows left out, and the header most were listed
    under. ``mapping`` (field -> column title, see ``FIELDS``) names the header's columns
    when the titles are not ones this module knows (a remembered or chosen mapping); a
    row holding its columns is a header, before any other."""
    people: list[Listed] = []
    under: dict[tuple[str, ...], int] = {}
    headers: dict[tuple[str, ...], _Header] = {}
    left_out: list[tuple[str, str]] = []
    checked_in_seen = any(_title(c) == "checked in" for row in rows for c in row)
    header: _Header | None = None
    ended = False  # a table of people ended at a blank line
    for row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            ended = ended or (header is not None and bool(people))
            header = None  # a table ends at a blank line
            continue
        found = (_mapped_header(cells, mapping) if mapping else None) or _header(cells)
        if found is not None and (header is None or found.known >= 2):
            # Below a blank line only a webinar's next section (with its Attended column)
            # is more people: Teams' in-meeting activities repeat the participants.
            header = found if not ended or found.presence is not None else None
            continue
        if header is None or sum(1 for c in cells if c) == 1 and _cell(
                cells, header.full if header.full is not None else header.first) == "":
            continue  # before any table, or a section title between tables
        if header.full is not None:
            reported = _cell(cells, header.full)
        else:
            reported = " ".join(filter(None, [_cell(cells, header.first),
                                              _cell(cells, header.last)]))
        if not reported:
            continue
        presence = _title(_cell(cells, header.presence)) if header.presence is not None \
            else ""
        if presence in _NO or (presence == "attending" and checked_in_seen):
            left_out.append((reported, f"not attended ({_cell(cells, header.presence)})"))
            continue
        why = not_a_person(reported)
        if why:
            left_out.append((reported, why))
            continue
        email = _cell(cells, header.email)
        people.append(Listed(reported, email if "@" in email else "", header.original))
        under[header.row] = under.get(header.row, 0) + 1
        headers[header.row] = header
    main = max(under, key=lambda r: under[r]) if under else None
    return people, _source(rows), left_out, _table(headers[main]) if main else None
