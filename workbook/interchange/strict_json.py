"""Reading JSON someone handed us: bounded, strict, and refused in one clear sentence.

Workbook exports and participants' contribution files both arrive as bytes from outside.
``parse`` takes them only when they are UTF-8 JSON of sane size and depth, with no key
twice in one object, no NaN or Infinity and no number no workbook value can be (a whole
number past 2**63 - 1, say an id of thousands of digits, or a float like ``1e999``);
anything else is an ``ImportFileError`` that says what is wrong, ending "Nothing was
imported."
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ..errors import ImportFileError, Sentence, number_shown, shown
from ..i18n import N_

__all__ = ["NOTHING", "SQLITE_HEADER", "parse"]

NOTHING = N_("Nothing was imported.")
MAX_INT = 2**63 - 1
"""The largest whole number a workbook holds (SQLite's limit); larger ones are refused."""
SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse(problem: Sentence) -> ImportFileError:
    return ImportFileError(Sentence(N_("{problem} Nothing was imported."), problem=problem))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _refuse(Sentence(N_(
                "The key {key} appears twice in one object; the file was edited by hand or "
                "damaged."), key=shown(key)))
        result[key] = value
    return result


class _BadNumber(Exception):
    """A number in the text that no workbook value can be (raised from inside json);
    ``infinite`` when it is past any float, else a whole number past ``MAX_INT``."""

    def __init__(self, text: str, infinite: bool) -> None:
        super().__init__(text)
        self.infinite = infinite
        self.shortened = text if len(text) <= 30 else f"{text[:12]}…{text[-6:]}"
        self.length = len(text)


def _whole_number(text: str) -> int:
    # Checked on the digits, before int(): Python refuses to convert past 4,300 digits.
    if len(text.lstrip("-")) > 19 or not -MAX_INT <= int(text) <= MAX_INT:
        raise _BadNumber(text, infinite=False)
    return int(text)


def _fraction(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text, infinite=True)
    return value


def _depth(doc: Any, limit: int) -> int:
    """How deep ``doc`` nests, counting no further than just past ``limit``."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            break
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def parse(raw: bytes, *, what: str, limit: int, name: str | None = None,
          max_depth: int | None = None) -> Any:
    """The JSON document in ``raw``, which should be ``what`` (a catalog msgid such as
    ``N_("a contribution file")``, put in the reader's language in the message).

    ``name`` is how messages call the file (its path; "The file" when None); ``limit``
    caps its size in bytes and ``max_depth`` how deeply it may nest. Raises
    ``ImportFileError`` with one whole sentence ending "Nothing was imported."
    """
    thing = Sentence(what)
    called: Any = Sentence(N_("The file")) if name is None else name
    if not raw:
        raise _refuse(Sentence(N_("{name} is empty, so it is not {what}; ask for it again."),
                               name=called, what=thing))
    if len(raw) > limit:
        raise _refuse(Sentence(N_(
            "{name} is {size} bytes, over the limit of {limit} bytes for {what}; it cannot "
            "be one."), name=called, size=number_shown(len(raw)),
            limit=number_shown(limit), what=thing))
    if raw.startswith(SQLITE_HEADER):
        raise _refuse(Sentence(N_(
            "{name} is a workbook database, not {what}; open it as a workbook, or export it "
            "first with `workbook export-json`."), name=called, what=thing))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(Sentence(N_(
            "{name} is not UTF-8 text (bad byte at {position}); it is not {what}."),
            name=called, position=exc.start, what=thing)) from None

    def no_constant(constant: str) -> Any:
        raise _refuse(Sentence(N_("{name} contains {constant}, which is not a value {what} "
                                  "holds."), name=called, constant=constant, what=thing))

    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                         parse_constant=no_constant, parse_int=_whole_number,
                         parse_float=_fraction)
    except _BadNumber as exc:
        if exc.infinite:
            template = N_("{name} holds the number {number} ({length} characters), too large "
                          "to be a number at all; it was edited by hand or damaged, so it is "
                          "not {what}.")
        else:
            template = N_("{name} holds the number {number} ({length} characters), larger "
                          "than any number a workbook holds; it was edited by hand or "
                          "damaged, so it is not {what}.")
        raise _refuse(Sentence(template, name=called, number=exc.shortened,
                               length=number_shown(exc.length), what=thing)) from None
    except json.JSONDecodeError as exc:
        raise _refuse(Sentence(N_(
            "{name} is not valid JSON: {problem} at line {line}, column {column}; it may be "
            "cut short or edited."), name=called, problem=exc.msg, line=exc.lineno,
            column=exc.colno)) from None
    except RecursionError:
        raise _refuse(Sentence(N_("{name} is nested too deeply to be {what}."),
                               name=called, what=thing)) from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise _refuse(Sentence(N_("{name} holds a value that cannot be read ({problem})."),
                               name=called, problem=exc)) from None
    if max_depth is not None and _depth(doc, max_depth) > max_depth:
        raise _refuse(Sentence(N_("{name} is nested too deeply to be {what}."),
                               name=called, what=thing))
    return doc
