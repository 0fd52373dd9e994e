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

from ..errors import ImportFileError, shown

__all__ = ["NOTHING", "SQLITE_HEADER", "parse"]

NOTHING = "Nothing was imported."
MAX_INT = 2**63 - 1
"""The largest whole number a workbook holds (SQLite's limit); larger ones are refused."""
SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse(problem: str) -> ImportFileError:
    return ImportFileError(f"{problem} {NOTHING}")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _refuse(f"The key {shown(key)} appears twice in one object; the file was "
                          "edited by hand or damaged.")
        result[key] = value
    return result


class _BadNumber(Exception):
    """A number in the text that no workbook value can be (raised from inside json)."""

    def __init__(self, text: str, problem: str) -> None:
        super().__init__(text)
        shortened = text if len(text) <= 30 else f"{text[:12]}…{text[-6:]} ({len(text):,} " \
                                                  "characters)"
        self.message = f"holds the number {shortened}, {problem}"


def _whole_number(text: str) -> int:
    # Checked on the digits, before int(): Python refuses to convert past 4,300 digits.
    if len(text.lstrip("-")) > 19 or not -MAX_INT <= int(text) <= MAX_INT:
        raise _BadNumber(text, "larger than any number a workbook holds")
    return int(text)


def _fraction(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text, "too large to be a number at all")
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


def parse(raw: bytes, *, what: str, limit: int, name: str = "The file",
          max_depth: int | None = None) -> Any:
    """The JSON document in ``raw``, which should be ``what`` ("a contribution file").

    ``name`` is how messages call the file (its path, or "The file"); ``limit`` caps its
    size in bytes and ``max_depth`` how deeply it may nest.
    """
    if not raw:
        raise _refuse(f"{name} is empty, so it is not {what}; ask for it again.")
    if len(raw) > limit:
        raise _refuse(f"{name} is {len(raw):,} bytes, over the limit of {limit:,} bytes for "
                      f"{what}; it cannot be one.")
    if raw.startswith(SQLITE_HEADER):
        raise _refuse(f"{name} is a workbook database, not {what}; open it as a workbook, "
                      "or export it first with `workbook export-json`.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(f"{name} is not UTF-8 text (bad byte at {exc.start}); it is not "
                      f"{what}.") from None

    def no_constant(constant: str) -> Any:
        raise _refuse(f"{name} contains {constant}, which is not a value {what} holds.")

    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                         parse_constant=no_constant, parse_int=_whole_number,
                         parse_float=_fraction)
    except _BadNumber as exc:
        raise _refuse(f"{name} {exc.message}; it was edited by hand or damaged, so it is "
                      f"not {what}.") from None
    except json.JSONDecodeError as exc:
        raise _refuse(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column "
                      f"{exc.colno}; it may be cut short or edited.") from None
    except RecursionError:
        raise _refuse(f"{name} is nested too deeply to be {what}.") from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise _refuse(f"{name} holds a value that cannot be read ({exc}).") from None
    if max_depth is not None and _depth(doc, max_depth) > max_depth:
        raise _refuse(f"{name} is nested too deeply to be {what}.")
    return doc
