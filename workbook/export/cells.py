"""A table as exported, and the guard that keeps a spreadsheet from running typed text.

See ``tables.py`` for why: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return may run as a formula, so such text gets a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..model.text import for_documents

__all__ = ["FORMULA_STARTS", "Table", "guard", "unguard", "xlsx_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may take as the start of a formula."""

_GUARDED = (*FORMULA_STARTS, "'")


def guard(value: Any) -> Any:
    """Prefix an apostrophe to text a spreadsheet could run as a formula; others unchanged."""
    if isinstance(value, str) and value.startswith(_GUARDED):
        return "'" + value
    return value


def unguard(value: Any) -> Any:
    """Undo ``guard``: remove one leading apostrophe from text."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


@dataclass(frozen=True)
class Table:
    """One exported table: its file/sheet name, its column names and its rows."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def xlsx_cell(sheet: Any, value: Any, cell_type: Any, *,
              time_format: str = "yyyy-mm-dd hh:mm:ss") -> Any:
    """``value`` as a write-only sheet takes it: text guarded against formulas (and what
    XML cannot hold, which an old file might carry), dates and times as real cells shown
    as ``yyyy-mm-dd`` and ``time_format``; anything else as it is."""
    if isinstance(value, str):
        return guard(for_documents(value))
    if isinstance(value, dt.datetime):
        cell = cell_type(sheet, value=value)
        cell.number_format = time_format
        return cell
    if isinstance(value, dt.date):
        cell = cell_type(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
