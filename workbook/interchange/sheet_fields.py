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
from functools import cache

from .sheet_table import GROUP
from .sheet_values import quarter_end

__all__ = ["DATE_FIELDS", "DATE_ORDERS", "FIELDS", "guess_mapping", "read_dates", "words"]

FIELDS: dict[str, str] = {
    "name": "Name",
    "resource_kind": "Kind",
    "owner": "Owner organisation",
    "target_group": "Target group",
    "eligibility": "Eligibility",
    "capacity": "Capacity",
    "funding_source": "Funding source",
    "referral": "How to refer",
    "status": "Status",
    "found_on": "Date found",
    "notes": "Notes",
}
"""Resource fields a sheet column can fill, with their labels; ``owner`` is matched by name."""

DATE_FIELDS = ("found_on",)
DATE_ORDERS = {"mdy": "month/day/year", "dmy": "day/month/year"}

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
                     "serves", "target population"),
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
    ``[program, name]``; ``STREET1`` gives ``[street, 1]``."""
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


def guess_mapping(columns: Iterable[str]) -> dict[str, str | None]:
    """For each field of ``FIELDS``, the sheet column whose title names it (or None)."""
    columns = [str(c) for c in columns]
    # A two-row header's title is "Group / Name": the column's own name counts first.
    titles = {c: (words(c.rsplit(GROUP, 1)[-1]), words(c)) for c in columns}
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    used: set[str] = set()
    candidates: list[tuple[int, int, int, str, str]] = []
    for order, column in enumerate(columns):
        for part, title in enumerate(titles[column]):
            joined = " ".join(title)
            for field, phrases in _PHRASES.items():
                for phrase in phrases:
                    phrase_words = phrase.split()
                    if joined == phrase:
                        candidates.append((0, part, order, field, column))
                    elif (field not in _EXACT_ONLY and not _VETO.intersection(title)
                          and _contains(title, phrase_words)):
                        candidates.append((1, -len(phrase_words) + part, order, field,
                                           column))
    for *_, field, column in sorted(candidates):
        if mapping[field] is None and column not in used:
            mapping[field] = column
            used.add(column)
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
