"""From a sheet's raw rows to a table: the header row found, empty edges trimmed.

Rows keep the sheet's own numbers (row 1 is the sheet's first row), so people can find the
row they need to fix. Blank rows and empty columns at the right (however many a
spreadsheet left formatted) are dropped; a row with more cells than the header gets
``column N`` titles for the extra ones that hold something.

The header is the first row, among the top ones, that has about as many filled cells as
the table below it: title lines, notes and blank lines above it are passed over. A header
of two rows (group titles merged over the column names) is read as one: ``Contact /
Email``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..errors import ImportFileError

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Table", "build_table", "find_header"]

MAX_ROWS = 5_000
MAX_COLUMNS = 100
HEADER_SEARCH = 30  # filled rows looked at when finding the header
GROUP = " / "  # joins a group title and a column name


@dataclass
class Table:
    """A sheet's entries as text.

    ``frame`` has one column per header title and one row per entry, indexed by the
    sheet's row number; ``header_row`` is the number of the (last) header row;
    ``flags`` maps (row number, column title) to a problem with that cell.
    """

    frame: pd.DataFrame
    header_row: int
    flags: dict[tuple[int, str], str] = field(default_factory=dict)


def _filled(row: Sequence[str]) -> int:
    return sum(1 for c in row if c.strip())


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """The sheet row number (from 1) of the header: the first row nearly as wide as the table
    with another such row right under it.

    Raises ImportFileError when no row holds anything.
    """
    top: list[tuple[int, int]] = []
    for number, row in enumerate(rows, start=1):
        filled = _filled(row)
        if filled:
            top.append((number, filled))
            if len(top) == HEADER_SEARCH:
                break
    if not top:
        raise ImportFileError("the sheet has no rows. Put the column names in the first row "
                              "and one entry per row below.")
    widths = Counter(w for _, w in top)
    # The table's width: the widest count of filled cells that two rows share (a header
    # and an entry), however many one-cell title lines there are above.
    shared = [w for w, n in widths.items() if n > 1]
    width = max(shared or widths)
    wide = [n for n, filled in top if filled >= max(2, (width + 1) // 2) or width == 1]
    # The header and the entries under it are wide rows with no blank line between:
    # a wide title line standing alone above a blank line is passed over.
    for number in wide:
        if number + 1 in wide:
            return number
    return wide[0] if wide else top[0][0]


def _two_row_header(rows: Sequence[Sequence[str]], header: int, width: int,
                    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """Is ``header`` a row of group titles over the column names in the row below?"""
    if header >= len(rows):
        return False
    upper = list(rows[header - 1]) + [""] * width
    lower = list(rows[header]) + [""] * width
    merges = [m for m in merged if m[0][0] == header - 1 and m[1][0] == header - 1
              and m[1][1] > m[0][1]]
    if merges:
        return _filled(lower[:width]) >= _filled(upper[:width])
    gaps = [i for i in range(width) if not upper[i].strip()]
    if not gaps or not upper[0].strip() or _filled(upper[:width]) < 2 \
            or _filled(lower[:width]) < width:
        return False
    return all(not _numberish(c) for c in lower[:width]) and len(set(lower[:width])) == width


def _numberish(text: str) -> bool:
    cleaned = text.strip().replace(",", "").replace("$", "").replace("%", "")
    try:
        float(cleaned)
    except ValueError:
        return any(ch.isdigit() for ch in text) and ("-" in text or "/" in text)
    return True


def _titles(rows: Sequence[Sequence[str]], header: int, width: int, two: bool) -> list[str]:
    if not two:
        titles = [c.strip() for c in rows[header - 1][:width]]
        return titles + [""] * (width - len(titles))
    upper = [c.strip() for c in rows[header - 1][:width]] + [""] * width
    lower = [c.strip() for c in rows[header][:width]] + [""] * width
    groups, current = [], ""
    for i in range(width):  # a group title stands over the columns up to the next one
        current = upper[i] or current
        groups.append(current)
    titles = []
    for group, name in zip(groups, lower, strict=False):
        if group and name and group.casefold() != name.casefold():
            titles.append(f"{group}{GROUP}{name}")
        else:
            titles.append(name or group)
    return titles


def build_table(rows: Sequence[Sequence[str]], *, header_row: int | None = None,
                flags: dict[tuple[int, int], str] | None = None,
                merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
                what: str = "The sheet") -> Table:
    """The table under the header row (found, or ``header_row`` as the sheet numbers it).

    Raises ImportFileError for a sheet with no entries, over ``MAX_ROWS`` entries or
    ``MAX_COLUMNS`` columns, or a header row past its end.
    """
    flags = flags or {}
    if header_row is None:
        try:
            header = find_header(rows)
        except ImportFileError as exc:
            raise ImportFileError(f"{what} has no rows. {str(exc).split('. ', 1)[1]}") from None
    else:
        header = header_row
        if not 1 <= header <= len(rows) or not _filled(rows[header - 1]):
            raise ImportFileError(f"Row {header} of {what.lower()} is empty or past its end. "
                                  "Pick the row that holds the column names.")
    width = 0
    for row in rows[header - 1:]:
        for i in range(len(row) - 1, -1, -1):
            if row[i].strip():
                width = max(width, i + 1)
                break
    # A table may start in any column: empty columns at its left (a margin) are left out.
    left = min((next(i for i, c in enumerate(row) if c.strip())
                for row in rows[header - 1:] if _filled(row[:width])), default=0)
    if left:
        rows = [list(row[left:]) for row in rows]
        merged = [((a, max(0, b - left)), (c, d - left)) for (a, b), (c, d) in merged
                  if d >= left]
        flags = {(r, c - left): m for (r, c), m in flags.items() if c >= left}
        width -= left
    if width > MAX_COLUMNS:
        raise ImportFileError(f"{what} has more than {MAX_COLUMNS} columns with something in "
                              "them. Keep only the columns the resource map needs.")
    two = _two_row_header(rows, header, width, merged)
    titles = _titles(rows, header, width, two)
    first = header + (1 if two else 0)
    columns: list[str] = []
    for number, title in enumerate(titles, start=1):
        title = " ".join(title.split()) or f"column {number}"
        base, n = title, 2
        while title in columns:  # a repeated title gets a number so each can be mapped
            title, n = f"{base} ({n})", n + 1
        columns.append(title)
    body: dict[int, list[str]] = {}
    for number in range(first + 1, len(rows) + 1):
        row = rows[number - 1]
        cells = [c.strip() for c in row[:width]]
        if any(cells) or any((number, i) in flags for i in range(width)):
            body[number] = cells + [""] * (width - len(cells))
            if len(body) > MAX_ROWS:
                raise ImportFileError(f"{what} has more than {MAX_ROWS:,} entries. Split it "
                                      "into smaller sheets and import them one after the "
                                      "other.")
    if not body:
        raise ImportFileError(f"{what} has a header row ({first}) but no entries under it. "
                              "Add one entry per row, or pick the right header row.")
    frame = pd.DataFrame.from_dict(body, orient="index", columns=columns, dtype=str)
    frame.index.name = "row"
    table_flags = {(r, columns[c]): m for (r, c), m in flags.items()
                   if r in body and c < width}
    return Table(frame, first, table_flags)
