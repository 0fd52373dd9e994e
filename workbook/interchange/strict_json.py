"""Reading JSON someone handed us: bounded, strict, and refused in one clear sentence.

Workbook exports and participants' contribution files both arrive as bytes from outside.
``parse`` takes them only when they are UTF-8 JSON of sane size and depth, with no key
twice in one object and no NaN or Infinity; anything else is an ``ImportFileError`` that
says what is wrong, ending "Nothing was imported."
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import ImportFileError, shown

__all__ = ["NOTHING", "SQLITE_HEADER", "parse"]

NOTHING = "Nothing was imported."
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
                         parse_constant=no_constant)
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
