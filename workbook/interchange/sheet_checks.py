"""Do a column's cells look like the field guessed for it? Ask when they do not.

    >>> looks_wrong("name", ["20145", "20146"], people=set())      # "numbers or ids"
    >>> looks_wrong("owner", ["Bea Santos"], people={"bea santos"}) # "people's names"
    >>> kind_choice("Training")                                      # "program"

A title can mislead (``Your name`` is the respondent, ``Program #`` an id), so a guessed
name or owner column is also read: when most of its filled cells are ids, e-mail or web
addresses, sentences or the names of people in the workbook, the guess is dropped and the
preview asks which column to use. A guessed kind or status column whose cells are mostly
not choices of the map (``Approved`` on a state training list) is dropped the same way.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Mapping, Sequence

from .. import reference
from ..i18n import N_, _
from ..model import Resource
from ..model.text import comparable

__all__ = ["KIND_WORDS", "STATUS_WORDS", "choice_of", "field_limit", "kind_choice",
           "looks_wrong"]

_ID = re.compile(r"[#A-Za-z]{0,4}[\s\-_#.]*\d[\d\s\-_./]*[A-Za-z]?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|edu|gov|us)(?:/\S*)?",
                  re.IGNORECASE)
SHARE = 0.5
"""A column whose filled cells are more than this share of one wrong kind is not the field."""

KIND_WORDS: dict[str, str] = {
    "training": "program", "course": "program", "class": "program", "apprenticeship":
    "program", "pre-apprenticeship": "program", "certificate": "program", "grant": "funding",
    "fund": "funding", "funds": "funding", "scholarship": "funding", "loan": "funding",
    "support": "service", "support service": "service", "supportive service": "service",
    "services": "service", "research": "data", "report": "data", "dataset": "data",
    "building": "facility", "space": "facility", "lab": "facility", "law": "policy",
    "rule": "policy", "regulation": "policy",
}
"""Words partners use for a kind, read as the map's kind."""

STATUS_WORDS: dict[str, str] = {
    "open": "active", "enrolling": "active", "running": "active", "available": "active",
    "ongoing": "active", "current": "active", "coming soon": "planned", "proposed":
    "planned", "on hold": "paused", "waitlist": "paused", "closed": "retired", "ended":
    "retired", "discontinued": "retired", "inactive": "retired",
}
"""Words partners use for a status, read as the map's status."""


def choice_of(value: str, options: Mapping[str, str], words: Mapping[str, str],
              chosen: Mapping[str, str] | None = None) -> str | None:
    """The option ``value`` names (its key, its title, a partner's word for it, or what the
    facilitator chose for it), or None."""
    key = " ".join(value.split()).casefold()
    if chosen:
        for written, option in chosen.items():
            if " ".join(written.split()).casefold() == key and option in options:
                return option
    for option, title in options.items():
        if key in (option.casefold(), title.casefold(), title.split(":")[0].casefold()):
            return option
    return words.get(key)


def kind_choice(value: str, chosen: Mapping[str, str] | None = None) -> str | None:
    """A kind as a sheet writes it (``Training``, ``Program``, ``Grant``) as the map's."""
    return choice_of(value, reference.RESOURCE_KINDS, KIND_WORDS, chosen)


def _share(cells: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(1 for c in cells if test(c)) / len(cells)


def looks_wrong(field: str, cells: Sequence[str], *, people: Collection[str] = ()) -> str:
    """What a column's cells look like when that is not ``field`` (e.g. ``"numbers or
    ids"``, in the current language: a piece of the preview's question), or "" when they
    could be it. ``people`` are comparable names of people."""
    filled = [c.strip() for c in cells if c.strip()][:500]
    if not filled:
        return ""
    if field in ("name", "owner"):
        checks = ((N_("numbers or ids"), lambda c: _ID.fullmatch(c) is not None),
                  (N_("e-mail addresses"), lambda c: _EMAIL.search(c) is not None),
                  (N_("web addresses"), lambda c: _URL.fullmatch(c) is not None),
                  (N_("sentences"), lambda c: len(c.split()) > 14 or (
                      len(c.split()) > 8 and c.rstrip().endswith((".", "?", "!")))),
                  (N_("people's names"), lambda c: comparable(c) in people))
        for what, test in checks:
            if _share(filled, test) > SHARE:
                return _(what)
    if field == "resource_kind":
        wrong = sorted({c for c in filled if kind_choice(c) is None})
        if len(wrong) / len(set(filled)) > SHARE:
            return _("values that are not kinds of the map ({values})").format(
                values=", ".join(wrong[:3]))
    if field == "status":
        wrong = sorted({c for c in filled if choice_of(c, reference.RESOURCE_STATUSES,
                                                       STATUS_WORDS) is None})
        if len(wrong) / len(set(filled)) > SHARE:
            return _("values that are not statuses of the map ({values})").format(
                values=", ".join(wrong[:3]))
    return ""


def field_limit(field: str) -> int | None:
    """The most characters the model keeps in a resource's text ``field`` (None if none)."""
    for f in dataclasses.fields(Resource):
        if f.name == field:
            rule = f.metadata.get("rule")
            return getattr(rule, "limit", None)
    return None
