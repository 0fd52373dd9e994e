"""The field rules every entity is built from.

An entity is a frozen dataclass whose fields carry a rule in their metadata (``text()``,
``choice()``, ``day()`` ...). Constructing one, or ``dataclasses.replace`` on one, runs the
rules: values are normalised (surrounding spaces trimmed, ISO strings turned into dates)
or refused with a ``ValidationError`` naming the field, the value and the fix. Rules that
need the whole workbook (uniqueness, references, cycles) live in the store, which calls
back into this package for the wording.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, overload

from ..errors import (
    ChoiceError,
    DateError,
    RequiredError,
    Sentence,
    TooLongError,
    ValidationError,
)
from ..i18n import N_
from .text import without_invisibles

__all__ = [
    "MAX_INT",
    "MAX_TEXT",
    "Entity",
    "Rule",
    "boolean",
    "check_text",
    "choice",
    "day",
    "integer",
    "number",
    "ref",
    "text",
    "text_list",
    "timestamp",
]

MAX_TEXT = 10_000
"""Cap on any free text: long enough for meeting notes, short enough to keep files sane."""

MAX_INT = 2**63 - 1
"""The largest whole number (and id) a workbook stores: SQLite's own limit."""

MAX_NAME = 200
EARLIEST = dt.date(1990, 1, 1)
LATEST_YEARS_AHEAD = 20

REQUIRED_HINTS = {
    "objective": N_("Give the meeting an objective, so everyone knows why they came."),
    "held on": N_("Pick the day of the meeting."),
    "name": N_("Give it a name, so people can find it in the lists."),
    "working title": N_("Give the partnership a working title; its chosen name can come later."),
    "sector": N_("Name the sector the partnership works in, such as Advanced manufacturing."),
    "region": N_("Name the region the partnership serves."),
    "statement": N_("Say the problem in one sentence, as the group put it."),
    "action": N_("Say what will be done, in a few words."),
    "owner": N_("Pick who does it; if nobody has agreed yet, ask the room."),
    "description": N_("Describe it in a sentence."),
    "text": N_("Write something first."),
    "author": N_("Say who wrote it."),
    "organisation": N_("Pick the organization."),
    "problem": N_("Pick the problem it belongs to."),
    "changed on": N_("Pick the day of the change."),
    "checked on": N_("Pick the day of the check."),
    "opened on": N_("Pick the day the vote opened."),
}
"""What to do about an empty required field, said for the person in the room."""

# Tab, line feed and carriage return are the only control characters people type.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]")
"""Every character ``check_text`` may refuse (controls but tab, LF and CR; surrogates;
noncharacters): a text without one needs no character-by-character look."""


def _hint(label: str) -> Sentence | None:
    """What to do about an empty ``label``, in the reader's language (None: no hint)."""
    hint = REQUIRED_HINTS.get(label)
    return Sentence(hint) if hint else None


def _label(name: str) -> str:
    """How a field is named to a person: ``owner_id`` -> ``owner``."""
    return name.removesuffix("_id").replace("_", " ")


def _xml_illegal(char: str) -> Sentence | None:
    """Why ``char`` cannot stand in an XML document (SVG, xlsx, HTML), or None when it can.

    XML 1.0 allows tab, line feed, carriage return and U+0020..U+D7FF, U+E000..U+FFFD,
    U+10000..U+10FFFF, and advises against the C1 controls and the noncharacters; every
    export writes XML, so the model refuses the lot at the door.
    """
    code = ord(char)
    if char in _ALLOWED_CONTROLS:
        return None
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return Sentence(N_("The {field} {value} contains the control character {code}. "
                           "Remove it; it usually comes from a bad copy and paste or a "
                           "damaged file."), code=f"U+{code:04X}")
    if 0xD800 <= code <= 0xDFFF:
        return Sentence(N_("The {field} {value} contains a broken character (a lone "
                           "surrogate). Retype the text; it was damaged before it reached "
                           "us."))
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return Sentence(N_("The {field} {value} contains {code}, which is not a character. "
                           "Remove it; it usually comes from a bad copy and paste or a "
                           "damaged file."), code=f"U+{code:04X}")
    return None


def check_text(name: str, value: Any, *, limit: int = MAX_TEXT, required: bool = False,
               multiline: bool = True) -> str:
    """Normalise one piece of typed text or refuse it with a message naming ``name``.

    A one-line text (a name, a place, an e-mail) is put in Unicode NFC form and loses the
    characters that print as nothing (``text.INVISIBLE``) and its surrounding spaces, so
    two names that print alike are stored alike; longer text is kept as typed. Refused with a
    ``ValidationError``: control characters other than tab, line feed and carriage return
    (C0 and C1), lone surrogates and Unicode noncharacters (U+FDD0..U+FDEF, U+xFFFE and
    U+xFFFF in every plane), none of which a document format can hold; a line break in a
    one-line text; more than ``limit`` characters (``TooLongError``); an empty required
    text (``RequiredError``).
    """
    label = _label(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is not text. Type it as text.")))
    if len(value) > 4 * limit:  # spare the normalisation below a pasted book
        raise TooLongError(label, value, limit)
    suspect = _SUSPECT.search(value) is not None or (
        not multiline and ("\n" in value or "\r" in value))
    for char in value if suspect else ():
        if char in _ALLOWED_CONTROLS:
            if not multiline and char != "\t":
                raise ValidationError(label, value, Sentence(N_(
                    "The {field} {value} contains a line break. Keep it on one line.")))
            continue
        problem = _xml_illegal(char)
        if problem is not None:
            raise ValidationError(label, value, problem)
    if not multiline:
        value = without_invisibles(value).strip()
    if len(value) > limit:
        raise TooLongError(label, value, limit)
    if required and not value.strip():
        raise RequiredError(label, value, _hint(label))
    return value


@dataclass(frozen=True)
class Rule:
    """How one field is checked and normalised; also tells the store its column type."""

    kind: str  # text, text_list, choice, date, datetime, int, number, bool, ref
    required: bool = False
    limit: int = MAX_TEXT
    multiline: bool = True
    options: Mapping[Any, str] | None = None
    low: int | None = None
    high: int | None = None
    target: str | None = None  # the entity a ref points at
    max_items: int = 100

    def apply(self, name: str, value: Any) -> Any:
        label = _label(name)
        match self.kind:
            case "text":
                return check_text(name, value, limit=self.limit, required=self.required,
                                  multiline=self.multiline)
            case "text_list":
                return _check_list(name, value, self.limit, self.max_items)
            case "choice":
                assert self.options is not None
                if value in self.options:
                    return value
                if not self.required and value in (None, ""):
                    return None
                raise ChoiceError(label, value, list(self.options))
            case "date":
                return _check_date(label, value, self.required)
            case "datetime":
                return _check_timestamp(label, value, self.required)
            case "int":
                return _check_int(label, value, self.low, self.high, self.required)
            case "number":
                return _check_number(label, value, self.required)
            case "bool":
                if isinstance(value, bool):
                    return value
                raise ValidationError(label, value, Sentence(N_(
                    "The {field} {value} is not yes or no. Use True or False.")))
            case "ref":
                if value is None or value == "":
                    if self.required:
                        raise RequiredError(label, value, _hint(label) or Sentence(N_(
                            "Pick one from the list.")))
                    return None
                if (isinstance(value, bool) or not isinstance(value, int) or value < 1
                        or value > MAX_INT):
                    raise ValidationError(label, value, Sentence(N_(
                        "The {field} {value} is not the number of a stored record. Pick one "
                        "from the list.")))
                return value
        raise AssertionError(f"unknown rule kind {self.kind}")


def _check_list(name: str, value: Any, limit: int, max_items: int) -> tuple[str, ...]:
    label = _label(name)
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is not a list of texts. Give one entry per item.")))
    items = tuple(check_text(f"{name} item", v, limit=limit).strip() for v in value)
    items = tuple(i for i in items if i)
    if len(items) > max_items:
        raise ValidationError(label, None, Sentence(N_(
            "The {field} has more than {limit} items. Merge or remove some."),
            limit=max_items))
    return items


def _check_date(label: str, value: Any, required: bool) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value, _hint(label) or Sentence(N_(
                "Enter it as YYYY-MM-DD.")))
        return None
    not_a_date = Sentence(N_("The {field} {value} is not a date. Write it as YYYY-MM-DD, "
                             "for example 2026-03-14."))
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DateError(label, value, not_a_date) from None
    if not isinstance(value, dt.date):
        raise DateError(label, value, not_a_date)
    latest = dt.date.today().replace(year=dt.date.today().year + LATEST_YEARS_AHEAD)
    if not EARLIEST <= value <= latest:
        raise DateError(label, value.isoformat(), Sentence(N_(
            "The {field} {value} is not a plausible date. Use a date between {earliest} and "
            "{latest}."), earliest=EARLIEST.isoformat(), latest=latest.isoformat()))
    return value


def _check_timestamp(label: str, value: Any, required: bool) -> dt.datetime | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value)
        return None
    not_a_moment = Sentence(N_("The {field} {value} is not a date and time. Write it as "
                               "YYYY-MM-DDTHH:MM:SS."))
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise DateError(label, value, not_a_moment) from None
    if not isinstance(value, dt.datetime):
        raise DateError(label, value, not_a_moment)
    return value.replace(microsecond=0)


def _check_int(label: str, value: Any, low: int | None, high: int | None,
               required: bool) -> int | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is not a whole number. Enter a whole number.")))
    if not -MAX_INT <= value <= MAX_INT:
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is too large a number. Enter a number with at most 18 "
            "digits.")))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is out of range. Enter a number from {low} to {high}."),
            low=low, high=high))
    return value


MAX_NUMBER = 1e12
"""Largest size of a measured value: past a trillion it is a typing slip, not a reading."""


def _check_number(label: str, value: Any, required: bool) -> float | None:
    if isinstance(value, str):
        value = value.strip().replace("\u2212", "-")  # a typographic minus from a pasted sheet
    if value is None or value == "":
        if required:
            raise RequiredError(label, value, Sentence(N_("Enter it as a number.")))
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ValidationError(label, value, Sentence(N_(
                "The {field} {value} is not a number. Write digits only, with a point for "
                "decimals, for example 61.5 (leave the unit out: it belongs to the "
                "outcome)."))) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is not a number. Enter a number, e.g. 61.5.")))
    value = float(value)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValidationError(label, value, Sentence(N_(
            "The {field} {value} is not a plausible number. Enter a number between {low} "
            "and {high}."), low=f"-{MAX_NUMBER:,.0f}", high=f"{MAX_NUMBER:,.0f}"))
    return value + 0.0  # -0.0 becomes 0.0, so equal values store alike


# The field helpers below return ``dataclasses.field(...)``; their return types say what the
# field holds once its rule has run, so ``meeting.held_on`` reads as ``dt.date`` and mypy
# checks each annotation against its rule.

def text(*, required: bool = False, limit: int = MAX_TEXT, multiline: bool = True) -> str:
    """Free text (``str``, never None): trimmed when one-line, refused past ``limit``."""
    return field(default="", metadata={"rule": Rule("text", required, limit, multiline)})


def name_text(*, required: bool = True) -> str:
    """A one-line name of at most ``MAX_NAME`` characters."""
    return text(required=required, limit=MAX_NAME, multiline=False)


def text_list(*, limit: int = 2_000, max_items: int = 100) -> tuple[str, ...]:
    """A tuple of non-empty texts, each at most ``limit`` characters."""
    return field(default=(), metadata={"rule": Rule("text_list", limit=limit,
                                                    max_items=max_items)})


def choice(options: Mapping[Any, str], default: Any = None, *, required: bool = True) -> Any:
    """One of the keys of ``options`` (or None when not required)."""
    return field(default=default, metadata={"rule": Rule("choice", required, options=options)})


@overload
def day(*, required: Literal[True]) -> dt.date: ...
@overload
def day(*, required: bool = False) -> dt.date | None: ...
def day(*, required: bool = False) -> Any:
    """A calendar date; ISO strings and datetimes are turned into ``dt.date``."""
    return field(default=None, metadata={"rule": Rule("date", required)})


def timestamp() -> dt.datetime | None:
    """A moment to the second; ISO strings are parsed."""
    return field(default=None, metadata={"rule": Rule("datetime")})


@overload
def integer(default: int, *, low: int | None = None, high: int | None = None,
            required: bool = False) -> int: ...
@overload
def integer(default: None = None, *, low: int | None = None, high: int | None = None,
            required: Literal[True]) -> int: ...
@overload
def integer(default: None = None, *, low: int | None = None, high: int | None = None,
            required: bool = False) -> int | None: ...
def integer(default: int | None = None, *, low: int | None = None, high: int | None = None,
            required: bool = False) -> Any:
    """A whole number within ``low``..``high`` (both inclusive when given)."""
    return field(default=default, metadata={"rule": Rule("int", required, low=low, high=high)})


def number(*, required: bool = False) -> float | None:
    """A measured value (``float``); text such as "61.5" is parsed, NaN and infinity refused."""
    return field(default=None, metadata={"rule": Rule("number", required)})


def boolean(default: bool = False) -> bool:
    return field(default=default, metadata={"rule": Rule("bool")})


@overload
def ref(target: str, *, required: Literal[True]) -> int: ...
@overload
def ref(target: str, *, required: bool = False) -> int | None: ...
def ref(target: str, *, required: bool = False) -> Any:
    """The id of a ``target`` entity; the store checks that it exists."""
    return field(default=None, metadata={"rule": Rule("ref", required, target=target)})


@dataclass(frozen=True, kw_only=True)
class Entity:
    """Base of every stored record: an id (None until stored) and a row version."""

    kind: ClassVar[str] = "entity"  # table name and word used in messages
    unique: ClassVar[tuple[tuple[str, ...], ...]] = ()  # field groups unique, case-folded

    id: int | None = None
    version: int = 0

    def __post_init__(self) -> None:
        for name, rule in _rules_of(type(self)).items():
            object.__setattr__(self, name, rule.apply(name, getattr(self, name)))
        self.check()

    def check(self) -> None:
        """Rules that involve more than one field; subclasses override."""

    @classmethod
    def rules(cls) -> dict[str, Rule]:
        """The checked fields of this entity, in declaration order."""
        return dict(_rules_of(cls))

    def values(self) -> dict[str, Any]:
        """The checked fields and their values, ready for the store."""
        return {name: getattr(self, name) for name in _rules_of(type(self))}


_RULES: dict[type, dict[str, Rule]] = {}


def _rules_of(cls: type) -> dict[str, Rule]:
    """The checked fields of an entity class, worked out once per class (a bulk import
    builds thousands of records)."""
    rules = _RULES.get(cls)
    if rules is None:
        rules = {f.name: f.metadata["rule"] for f in dataclasses.fields(cls)
                 if "rule" in f.metadata}
        _RULES[cls] = rules
    return rules
