"""From a sheet's raw rows to a table: the header row found, empty edges trimmed.

Rows keep the sheet's own numbers (row 1 is the sheet's first row), so people can find the
row they need to fix. Blank rows and empty columns at the right (however many a
spreadsheet left formatted) are dropped; a row with more cells than the header gets
``column N`` titles for the extra ones that hold something.

The header is the first row, among the top ones, that has about as many filled cells as
the table below it: title lines, notes and blank lines above it are passed over. A header
of two rows (group titles merged over the column names; a SurveyMonkey export's questions
over ``Response``; Qualtrics' codes over its question texts) is read as one: ``Contact /
Email``.

Tables as people make them: cells merged down a column (a category beside its programs)
are filled down; under the header, a section title (one cell, merged across or in
capitals), a survey tool's row of question ids, a total line, and notes under the table
(after a blank line, or starting "Note:", "Source:", "Legend:") are not entries: they are
left out and listed in ``Table.skipped`` with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..errors import ImportFileError, Sentence, number_shown
from ..i18n import N_, _

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Table", "build_table", "find_header"]

MAX_ROWS = 5_000
MAX_COLUMNS = 100
_THE_SHEET = Sentence(N_("The sheet"))
_NO_ROWS = Sentence(N_("The sheet has no rows. Put the column names in the first row and "
                       "one entry per row below."))
HEADER_SEARCH = 30  # filled rows looked at when finding the header
GROUP = " / "  # joins a group title and a column name


@dataclass
class Table:
    """A sheet's entries as text.

    ``frame`` has one column per header title and one row per entry, indexed by the
    sheet's row number; ``header_row`` is the number of the (last) header row;
    ``flags`` maps (row number, column title) to a problem with that cell; ``skipped``
    maps the number of a row under the header that is not an entry to the reason;
    ``first_column`` is the sheet column (0 = A) the table starts in.
    """

    frame: pd.DataFrame
    header_row: int
    flags: dict[tuple[int, str], str] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    first_column: int = 0

    def letter(self, column: str) -> str:
        """The sheet's letter of a column of the table (``D``), "" when not one."""
        if column not in self.frame.columns:
            return ""
        number = self.first_column + list(self.frame.columns).index(column) + 1
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(65 + rest) + letters
        return letters


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
        raise ImportFileError(_NO_ROWS)
    for number, filled in top[:HEADER_SEARCH // 3]:  # a survey tool's two header rows
        if filled >= 2 and number < len(rows) and (
                any(c.strip().casefold() in _SUB_ANSWERS for c in rows[number])
                or (number + 1 < len(rows) and _import_ids(rows[number + 1]))):
            return number
    widths = Counter(w for _, w in top)
    # The table's width: the widest count of filled cells that two rows share (a header
    # and an entry), however many one-cell title lines there are above.
    shared = [w for w, n in widths.items() if n > 1]
    width = max(shared or widths)
    wide = [n for n, filled in top if filled >= max(2, (width + 1) // 2) or width == 1]
    # The header and the entries under it are wide rows with no blank line between:
    # a wide title line standing alone above a blank line is passed over. A section
    # title (one cell) between the header and the first entry does not count as a gap.
    for number in wide:
        below = number + 1
        while width >= 3 and below <= len(rows) and _filled(rows[below - 1]) == 1:
            below += 1
        if below in wide:
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
    if header + 1 < len(rows) and _import_ids(rows[header + 1]):
        return True  # Qualtrics: codes, question texts, then a row of import ids
    if any(c.strip().casefold() in _SUB_ANSWERS for c in lower[:width]) \
            and not any(_numberish(c) for c in lower[:width]):
        return True  # SurveyMonkey: "Response", "Open-Ended Response" under the questions
    if merges:
        return _filled(lower[:width]) >= _filled(upper[:width])
    gaps = [i for i in range(width) if not upper[i].strip()]
    if not gaps or not upper[0].strip() or _filled(upper[:width]) < 2 \
            or _filled(lower[:width]) < width:
        return False
    return all(not _numberish(c) for c in lower[:width]) and len(set(lower[:width])) == width


_SUB_ANSWERS = frozenset({"response", "open-ended response", "other (please specify)",
                          "responses"})
_IMPORT_ID = re.compile(r'\{\s*"?importid"?\s*:.*\}', re.IGNORECASE | re.DOTALL)


def _import_ids(row: Sequence[str]) -> bool:
    """Is ``row`` Qualtrics' row of ``{"ImportId":"QID1"}`` cells?"""
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(_IMPORT_ID.fullmatch(c) for c in cells)


_NOTE_START = re.compile(r"(?:notes?|source|sources|legend|key|footnotes?|\*+|updated|"
                         r"prepared by|last updated)\b[\s:.-]", re.IGNORECASE)
_TOTAL = re.compile(r"(?:grand\s+)?totals?\b|sum\b|subtotal\b", re.IGNORECASE)


def _fill_down(rows: list[list[str]],
               merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Cells merged down a column hold their value in the top cell only: copy it down."""
    for (top, left), (bottom, _right) in merged:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            line = rows[r]
            if len(line) <= left:
                line.extend([""] * (left + 1 - len(line)))
            if not line[left].strip():
                line[left] = value


def _not_entries(body: dict[int, list[str]], width: int,
                 merged_rows: set[int]) -> dict[int, str]:
    """The rows under the header that are not entries, with the reason."""
    reasons: dict[int, str] = {}
    numbers = sorted(body)

    quiet: dict[int, bool] = {}  # column -> its cells in entries are mostly not capitals

    def capitals(text: str) -> bool:
        return text.isupper() and sum(ch.isalpha() for ch in text) >= 4

    for number in numbers:
        cells = body[number]
        filled = [c for c in cells if c]
        at = next((i for i, c in enumerate(cells) if c), 0)
        # Capitals mark a section only where the column's other cells are not capitals.
        shouting = capitals(filled[0]) if len(filled) == 1 else False
        if shouting:
            if at not in quiet:
                column = [body[n][at] for n in numbers
                          if body[n][at] and sum(1 for c in body[n] if c) > 1]
                quiet[at] = sum(map(capitals, column)) * 2 < len(column) or not column
            shouting = quiet[at]
        if _import_ids(cells):
            reasons[number] = _("the survey tool's row of question ids, not an entry")
        elif len(filled) == 1 and width >= 3 and (
                number in merged_rows or shouting or filled[0].endswith(":")):
            reasons[number] = _("a section title ({title}), not an entry").format(
                title=repr(filled[0][:60]))
        elif filled and _NOTE_START.match(filled[0]) and len(filled) <= max(1, width // 3):
            reasons[number] = _("a note under the table, not an entry")
        elif filled and _TOTAL.fullmatch(filled[0].rstrip(":")):
            reasons[number] = _("a total line, not an entry")
    # After the last gap in the table, rows of one or two cells are notes under it.
    gaps = [n for a, n in zip(numbers, numbers[1:], strict=False) if n > a + 1]
    if gaps and width >= 3:
        tail = [n for n in numbers if n >= gaps[-1]]
        if all(sum(1 for c in body[n] if c) <= max(1, width // 3) for n in tail):
            for n in tail:
                reasons.setdefault(n, _("a note under the table, not an entry"))
    return reasons


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
                what: str | Sentence = _THE_SHEET) -> Table:
    """The table under the header row (found, or ``header_row`` as the sheet numbers it).

    Raises ImportFileError for a sheet with no entries, over ``MAX_ROWS`` entries or
    ``MAX_COLUMNS`` columns, or a header row past its end.
    """
    flags = flags or {}
    if merged:
        copied = [list(r) for r in rows]
        _fill_down(copied, merged)
        rows = copied
    if header_row is None:
        try:
            header = find_header(rows)
        except ImportFileError as exc:
            raise ImportFileError(Sentence(N_(
                "{name} has no rows. Put the column names in the first row and one entry per "
                "row below."), name=what)) from exc
    else:
        header = header_row
        if not 1 <= header <= len(rows) or not _filled(rows[header - 1]):
            raise ImportFileError(Sentence(N_(
                "Row {row} of {name} is empty or past its end. Pick the row that holds the "
                "column names."), row=header, name=what))
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
        raise ImportFileError(Sentence(N_(
            "{name} has more than {limit} columns with something in them. Keep only the "
            "columns the resource map needs."), name=what, limit=number_shown(MAX_COLUMNS)))
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
                raise ImportFileError(Sentence(N_(
                    "{name} has more than {limit} entries. Split it into smaller sheets and "
                    "import them one after the other."), name=what,
                    limit=number_shown(MAX_ROWS)))
    merged_rows = {a + 1 for (a, b), (c, d) in merged if a == c and d - b >= 1}
    skipped = _not_entries(body, width, merged_rows)
    for number in skipped:
        del body[number]
    if not body:
        raise ImportFileError(Sentence(N_(
            "{name} has a header row ({row}) but no entries under it. Add one entry per row, "
            "or pick the right header row."), name=what, row=first))
    frame = pd.DataFrame.from_dict(body, orient="index", columns=columns, dtype=str)
    frame.index.name = "row"
    table_flags = {(r, columns[c]): m for (r, c), m in flags.items()
                   if r in body and c < width}
    return Table(frame, first, table_flags, skipped, left)
