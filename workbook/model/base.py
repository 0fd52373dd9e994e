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
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, overload

from ..errors import ChoiceError, DateError, RequiredError, TooLongError, ValidationError

__all__ = [
    "MAX_TEXT",
    "Entity",
    "Rule",
    "boolean",
    "check_text",
    "choice",
    "day",
    "integer",
    "ref",
    "text",
    "text_list",
    "timestamp",
]

MAX_TEXT = 10_000
"""Cap on any free text: long enough for meeting notes, short enough to keep files sane."""

MAX_NAME = 200
EARLIEST = dt.date(1990, 1, 1)
LATEST_YEARS_AHEAD = 20

REQUIRED_HINTS = {
    "objective": "Give the meeting an objective, so everyone knows why they came.",
    "held on": "Pick the day of the meeting.",
    "name": "Give it a name, so people can find it in the lists.",
    "working title": "Give the partnership a working title; its chosen name can come later.",
    "sector": "Name the sector the partnership works in, such as Advanced manufacturing.",
    "region": "Name the region the partnership serves.",
    "statement": "Say the problem in one sentence, as the group put it.",
    "action": "Say what will be done, in a few words.",
    "owner": "Pick who does it; if nobody has agreed yet, ask the room.",
    "description": "Describe it in a sentence.",
    "text": "Write something first.",
    "author": "Say who wrote it.",
    "organisation": "Pick the organisation.",
    "problem": "Pick the problem it belongs to.",
    "changed on": "Pick the day of the change.",
    "checked on": "Pick the day of the check.",
    "opened on": "Pick the day the vote opened.",
}
"""What to do about an empty required field, said for the person in the room."""

# Tab, line feed and carriage return are the only control characters people type.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def _label(name: str) -> str:
    """How a field is named to a person: ``owner_id`` -> ``owner``."""
    return name.removesuffix("_id").replace("_", " ")


def check_text(name: str, value: Any, *, limit: int = MAX_TEXT, required: bool = False,
               multiline: bool = True) -> str:
    """Normalise one piece of typed text or refuse it with a message naming ``name``."""
    label = _label(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(label, value, "is not text", "Type it as text.")
    if not multiline:
        value = value.strip()
    if len(value) > limit:
        raise TooLongError(label, value, limit)
    for char in value:
        if char in _ALLOWED_CONTROLS:
            if not multiline and char != "\t":
                raise ValidationError(label, value, "contains a line break",
                                      "Keep it on one line.")
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            raise ValidationError(label, value,
                                  f"contains the control character U+{ord(char):04X}",
                                  "Remove it; it usually comes from a bad copy and paste.")
        if category == "Cs":
            raise ValidationError(label, value, "contains a broken character (a lone surrogate)",
                                  "Retype the text; it was damaged before it reached us.")
    if required and not value.strip():
        raise RequiredError(label, value, REQUIRED_HINTS.get(label, ""))
    return value


@dataclass(frozen=True)
class Rule:
    """How one field is checked and normalised; also tells the store its column type."""

    kind: str  # text, text_list, choice, date, datetime, int, bool, ref
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
            case "bool":
                if isinstance(value, bool):
                    return value
                raise ValidationError(label, value, "is not yes or no", "Use True or False.")
            case "ref":
                if value is None or value == "":
                    if self.required:
                        raise RequiredError(label, value, REQUIRED_HINTS.get(
                            label, f"Pick a {_label(self.target or '')}."))
                    return None
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise ValidationError(label, value, f"is not a {self.target} id",
                                          f"Pick a {self.target} from the list.")
                return value
        raise AssertionError(f"unknown rule kind {self.kind}")


def _check_list(name: str, value: Any, limit: int, max_items: int) -> tuple[str, ...]:
    label = _label(name)
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(label, value, "is not a list of texts",
                              "Give one entry per item.")
    items = tuple(check_text(f"{name} item", v, limit=limit).strip() for v in value)
    items = tuple(i for i in items if i)
    if len(items) > max_items:
        raise ValidationError(label, f"{len(items)} items", f"has more than {max_items} items",
                              "Merge or remove some.")
    return items


def _check_date(label: str, value: Any, required: bool) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value, REQUIRED_HINTS.get(
                label, f"Enter a {label} as YYYY-MM-DD."))
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DateError(label, value, "is not a date",
                            "Write it as YYYY-MM-DD, for example 2026-03-14.") from None
    if not isinstance(value, dt.date):
        raise DateError(label, value, "is not a date", "Write it as YYYY-MM-DD.")
    latest = dt.date.today().replace(year=dt.date.today().year + LATEST_YEARS_AHEAD)
    if not EARLIEST <= value <= latest:
        raise DateError(label, value.isoformat(), "is not a plausible date",
                        f"Use a date between {EARLIEST.isoformat()} and {latest.isoformat()}.")
    return value


def _check_timestamp(label: str, value: Any, required: bool) -> dt.datetime | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value)
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise DateError(label, value, "is not a date and time",
                            "Write it as YYYY-MM-DDTHH:MM:SS.") from None
    if not isinstance(value, dt.datetime):
        raise DateError(label, value, "is not a date and time", "Write it as YYYY-MM-DDTHH:MM:SS.")
    return value.replace(microsecond=0)


def _check_int(label: str, value: Any, low: int | None, high: int | None,
               required: bool) -> int | None:
    if value is None or value == "":
        if required:
            raise RequiredError(label, value)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(label, value, "is not a whole number", "Enter a whole number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(label, value, "is out of range",
                              f"Enter a number from {low} to {high}.")
    return value


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
            required: bool = False) -> int | None: ...
def integer(default: int | None = None, *, low: int | None = None, high: int | None = None,
            required: bool = False) -> Any:
    """A whole number within ``low``..``high`` (both inclusive when given)."""
    return field(default=default, metadata={"rule": Rule("int", required, low=low, high=high)})


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
        for f in dataclasses.fields(self):
            rule = f.metadata.get("rule")
            if rule is not None:
                object.__setattr__(self, f.name, rule.apply(f.name, getattr(self, f.name)))
        self.check()

    def check(self) -> None:
        """Rules that involve more than one field; subclasses override."""

    @classmethod
    def rules(cls) -> dict[str, Rule]:
        """The checked fields of this entity, in declaration order."""
        return {f.name: f.metadata["rule"] for f in dataclasses.fields(cls) if "rule" in f.metadata}

    def values(self) -> dict[str, Any]:
        """The checked fields and their values, ready for the store."""
        return {name: getattr(self, name) for name in self.rules()}
