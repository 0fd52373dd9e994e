"""Which sheet column fills which resource field, and the dates a sheet writes.

Column titles are guessed by whole words and known phrases, never by a piece of a word:
``STATE`` (an address) is not the entry's status, ``PROVIDERID`` (an id) is not its owner.
Titles written as one run of capitals (``CONTACTNAME``) are split into known words first.
A title holding a word of an address, an id or a personal detail is never guessed for a
field unless it is a phrase listed for that field. What is not guessed stays unmapped for
the facilitator to decide.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ..i18n import N_, _
from .sheet_table import GROUP
from .sheet_values import quarter_end

__all__ = ["DATE_FIELDS", "DATE_ORDERS", "FIELDS", "LIKELY", "SURE", "SURVEY_METADATA", "WEAK",
           "Guess", "guess_fields", "guess_mapping", "read_dates", "survey_metadata", "words"]

FIELDS: dict[str, str] = {
    "name": N_("Name"),
    "resource_kind": N_("Kind"),
    "owner": N_("Owner organization"),
    "target_group": N_("Target group"),
    "eligibility": N_("Eligibility"),
    "capacity": N_("Capacity"),
    "funding_source": N_("Funding source"),
    "referral": N_("How to refer"),
    "status": N_("Status"),
    "found_on": N_("Date found"),
    "notes": N_("Notes"),
}
"""Resource fields a sheet column can fill, with their labels; ``owner`` is matched by name."""

DATE_FIELDS = ("found_on",)
DATE_ORDERS = {"mdy": N_("month/day/year"), "dmy": N_("day/month/year")}

# Phrases (space-separated words) that name a field. A title equal to one is a sure guess;
# a title containing one (and nothing vetoed) is the next best.
_PHRASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "program", "program name", "programme", "programme name", "resource",
             "resource name", "title", "program title", "course", "course name",
             "official name", "training program", "training name", "entry", "entry name"),
    "resource_kind": ("kind", "type", "resource kind", "resource type", "category",
                      "program type", "kind of resource"),
    "owner": ("owner", "owner organisation", "owner organization", "organisation",
              "organization", "organisation name", "organization name", "provider",
              "provider name", "training provider", "agency", "run by", "offered by",
              "institution", "school name"),
    "target_group": ("target group", "target", "audience", "population", "who it serves",
                     "serves", "target population", "who does it serve", "who is it for",
                     "who it is for", "who does it serve?", "who is it for?"),
    "eligibility": ("eligibility", "eligible", "who is eligible", "requirements",
                    "prerequisites", "entry requirements"),
    "capacity": ("capacity", "places", "slots", "seats", "class size", "size"),
    "funding_source": ("funding source", "funding", "funder", "funded by", "source of funds"),
    "referral": ("referral", "referrals", "how to refer", "refer", "contact",
                 "contact name", "contact person", "contact info", "contact information",
                 "contact email", "contact phone"),
    "status": ("status", "resource status", "program status"),
    "found_on": ("found on", "date found", "found", "date added", "added"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "description",
              "program description", "details", "summary"),
}
# Fields only ever guessed from a listed phrase, never from a title merely containing one.
_EXACT_ONLY = {"status", "found_on", "resource_kind"}

# Words of addresses, ids and personal details: a title holding one is not guessed by
# containment (``Provider ID`` is not the owner, ``State comment`` not the notes).
_VETO = frozenset({
    "id", "ids", "identification", "identifier", "number", "no", "num", "code", "cip",
    "zip", "postcode", "postal", "street", "address", "city", "state", "county", "country",
    "region", "fax", "extension", "ext", "latitude", "longitude", "route", "bus",
    "first", "last", "submitted", "date", "phone", "telephone", "email", "website", "url",
    "web", "language", "languages", "cost", "tuition", "fees", "hours", "total", "title",
    "job",
})

_EXTRA_WORDS = ("official", "clock", "books", "materials", "other", "approving", "calendar",
                "length", "features", "training", "programs", "school", "full", "part",
                "time", "dt", "name", "names", "contact", "provider", "status", "comment",
                "description", "zip", "web", "site")


@cache
def _vocabulary() -> frozenset[str]:
    vocab = set(_VETO) | set(_EXTRA_WORDS)
    for phrases in _PHRASES.values():
        for phrase in phrases:
            vocab.update(phrase.split())
    return frozenset(vocab)


def _split_run(token: str) -> list[str]:
    """``providerid`` -> ``[provider, id]`` when it splits wholly into known words."""
    vocab = _vocabulary()
    if token in vocab or len(token) < 5:
        return [token]
    best: list[list[str] | None] = [[]] + [None] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 16), end):
            part = token[start:end]
            head = best[start]
            if head is not None and (part in vocab or part.isdigit()):
                candidate = [*head, part]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[-1] or [token]


def words(title: str) -> list[str]:
    """A column title as lower-case words: ``Program_Name`` and ``PROGRAMNAME`` both give
    ``[program, name]``; ``STREET1`` gives ``[street, 1]``; ``Program #`` and ``Program
    No.`` give ``[program, number]``."""
    title = re.sub(r"#|\bno\.(?=\s|$)|\bnbr\b", " number ", title, flags=re.IGNORECASE)
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])",
                    " ", title)
    result: list[str] = []
    for token in re.split(r"[\W_]+", spaced.casefold()):
        if token:
            result.extend(_split_run(token))
    return result


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


SURE, LIKELY, WEAK = "sure", "likely", "weak"
"""How sure a column guess is: the title is a phrase of the field; it holds two of the
field's words or a phrase of several; it merely holds one of the field's words."""

# Words of a person (the respondent, a contact): never the entry's name or owner, unless
# the title also names an organisation or a program ("Your organization's name").
_PERSON = frozenset({"your", "you", "my", "respondent", "person", "preferred", "student",
                     "participant", "user", "submitter", "signature", "employee", "staff",
                     "instructor", "teacher", "coordinator", "manager", "director",
                     "contact", "first", "last", "full", "surname", "given"})
_NOT_PERSON = frozenset({"organization", "organisation", "program", "programme", "service",
                         "agency", "provider", "company", "employer", "resource", "course",
                         "business", "school", "college", "institution"})
# Words of a description: a column of sentences, never the name or owner.
_DESCRIBING = frozenset({"description", "describe", "about", "tell", "comments", "comment",
                         "notes", "note", "explain", "summary", "details", "else", "anything",
                         "why", "how", "what", "outcome", "format"})
# Titles of the metadata a survey tool adds (Google Forms, Microsoft Forms, SurveyMonkey,
# Qualtrics): with two of them, the e-mail, name and ids beside them are the respondent's.
SURVEY_METADATA = frozenset({
    "timestamp", "start time", "completion time", "start date", "end date", "respondent id",
    "collector id", "ip address", "response id", "recorded date", "last modified time",
    "submitted at", "submission date", "response type", "progress", "duration in seconds",
    "finished", "distribution channel", "user language", "custom data 1", "network id",
    "submission id", "created at"})
_RESPONDENT = frozenset({"email", "email address", "name", "first name", "last name",
                         "id", "username", "user name", "recipient email",
                         "recipient first name", "recipient last name", "external reference",
                         "location latitude", "location longitude", "ip address",
                         "respondent id", "collector id", "custom data 1"})


@dataclass(frozen=True)
class Guess:
    """A column guessed for a field: ``confidence`` is SURE, LIKELY or WEAK; ``why`` says
    what in the title made the guess (in the language current when guessed)."""

    column: str
    confidence: str
    why: str = ""


def survey_metadata(columns: Iterable[str]) -> set[str]:
    """The columns a survey tool adds about the respondent (empty for an ordinary sheet)."""
    columns = [str(c) for c in columns]
    folded = {c: " ".join(words(c.rsplit(GROUP, 1)[-1])) for c in columns}
    if sum(f in SURVEY_METADATA for f in folded.values()) < 2:
        return set()
    return {c for c, f in folded.items() if f in SURVEY_METADATA or f in _RESPONDENT}


def _vetoed(field: str, title: list[str]) -> bool:
    if field in ("name", "owner"):
        if _DESCRIBING.intersection(title) or "url" in title or "website" in title:
            return True
        if _PERSON.intersection(title) and not _NOT_PERSON.intersection(title):
            return True
    return False


def guess_fields(columns: Iterable[str]) -> dict[str, Guess]:
    """For each field of ``FIELDS`` a title names, the column guessed and how surely.

    A title holding an id (``Program #``), an address, a person (``Your name``) or a
    description is not guessed for the name or owner; a survey tool's columns about the
    respondent (``Email Address`` beside ``Timestamp``) for nothing.
    """
    columns = [str(c) for c in columns]
    respondent = survey_metadata(columns)
    # A two-row header's title is "Group / Name": the column's own name counts first.
    titles = {c: (words(c.rsplit(GROUP, 1)[-1]), words(c)) for c in columns}
    guesses: dict[str, Guess] = {}
    used: set[str] = set()
    candidates: list[tuple[int, int, int, str, str, str, str]] = []
    for order, column in enumerate(columns):
        if column in respondent:
            continue
        for part, title in enumerate(titles[column]):
            joined = " ".join(title)
            for field, phrases in _PHRASES.items():
                if _vetoed(field, title):
                    continue
                found = [p for p in phrases if _contains(title, p.split())]
                for phrase in found:
                    phrase_words = phrase.split()
                    if joined == phrase:
                        candidates.append((0, part, order, field, column, SURE,
                                           _("the title is {phrase}").format(
                                               phrase=repr(phrase))))
                    elif field not in _EXACT_ONLY and not _VETO.intersection(title):
                        distinct = {w for p in found for w in p.split()}
                        sure = LIKELY if len(phrase_words) > 1 or len(distinct) > 1 else WEAK
                        candidates.append((1 if sure == LIKELY else 2,
                                           -len(phrase_words) + part, order, field, column,
                                           sure, _("the title holds {phrase}").format(
                                               phrase=repr(phrase))))
    for *_order, field, column, confidence, why in sorted(candidates):
        if field not in guesses and column not in used:
            guesses[field] = Guess(column, confidence, why)
            used.add(column)
    return guesses


def guess_mapping(columns: Iterable[str]) -> dict[str, str | None]:
    """For each field of ``FIELDS``, the sheet column whose title names it surely or likely
    (None when none does, or only weakly: see ``guess_fields``)."""
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    for field, guess in guess_fields(columns).items():
        if guess.confidence != WEAK:
            mapping[field] = guess.column
    return mapping


# -- dates -----------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SLASHED = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
                      r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?")
_SERIAL = re.compile(r"\d{4,5}(?:\.\d+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), start=1)}
_MONTH_YEAR = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
                         r"[\s\-/,]+(\d{4})", re.IGNORECASE)


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def read_dates(values: Mapping[int, str], order: str | None) -> tuple[dict[int, str], bool]:
    """A date column's cells as ISO dates where they can be read; and whether the day/month
    order must be asked.

    Dates with a time of day keep the day; Excel serial numbers (e.g. ``45306``) become
    dates; a month (``March 2026``) is its first day and a quarter (``2026 Q1``,
    ``PY2026 Q1``: see ``sheet_values.quarter_end``) its last; ``3/14/2026`` is read month
    first when another cell of the column shows it must be (a first number over 12 means
    day first), or by ``order`` ("mdy" or "dmy"). Cells
    that are none of these are left as written, for the model to refuse.
    """
    slashed: dict[int, tuple[int, int, int]] = {}
    out: dict[int, str] = {}
    for row, value in values.items():
        text = value.strip()
        if m := _ISO.fullmatch(text):
            out[row] = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        elif m := _SLASHED.fullmatch(text):
            slashed[row] = (int(m[1]), int(m[2]), _year(m[3]))
            out[row] = text
        elif _SERIAL.fullmatch(text) and 20_000 <= float(text) < 80_000:
            out[row] = (_EXCEL_EPOCH + dt.timedelta(days=int(float(text)))).isoformat()
        elif m := _MONTH_YEAR.fullmatch(text):
            out[row] = f"{int(m[2]):04d}-{_MONTHS[m[1].casefold()[:3]]:02d}-01"
        else:
            try:
                quarter = quarter_end(text)
            except ValueError:
                quarter = None  # left as written: the caller's check says how to write it
            out[row] = quarter.isoformat() if quarter else text
    if not slashed:
        return out, False
    day_first = any(a > 12 for a, _, _ in slashed.values())
    month_first = any(b > 12 for _, b, _ in slashed.values())
    if day_first == month_first:  # neither shows (or both: a mixed column): ask
        if order not in DATE_ORDERS or day_first:
            return out, not day_first
        day_first = order == "dmy"
    for row, (a, b, year) in slashed.items():
        month, day = (b, a) if day_first else (a, b)
        with contextlib.suppress(ValueError):  # else left as written: the model says why
            out[row] = dt.date(year, month, day).isoformat()
    return out, False
