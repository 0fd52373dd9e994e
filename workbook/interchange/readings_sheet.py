"""Readings of outcomes from a sheet (CSV or Excel), previewed and then imported all at once.

    >>> frame = read_sheet("figures.xlsx", data)        # sheets.read_sheet: cells as text
    >>> rows = preview_readings(frame, wb, source="Quarterly figures")
    >>> import_readings(wb, rows)                        # one transaction; refused on any error

Two layouts are understood, told apart by the header row:

* **one column per outcome** (``by_outcome``): a date column ("Date", "Read on", "Month",
  "As of" ...) and a column headed with each outcome's description; every filled cell is
  one reading of that outcome on that row's date.
* **one row per reading** (``by_reading``): an "Outcome" column, a date column and a
  "Value" column, with optional "Text", "Reported by", "Organisation", "Source" and
  "Note" columns.

A value is a number ("61.5", "1,204", "61.5%" for a percentage outcome, "$18.25" for a money
one); anything else in a value cell is kept as a reading in words, and the preview says so.
Outcomes are matched by description, ignoring case, spaces and punctuation; organisations
by name. A reading the workbook already has (same outcome, same day) is skipped, so a
growing sheet can be imported again. The sheet is untrusted: it was read as text by
``sheets.read_sheet`` (size- and row-capped, formulas never run) and every reading passes
the model's own rules before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..errors import DuplicateError, ImportFileError, NotFoundError, WorkbookError, shown
from ..model import Organisation, Outcome, Reading
from ..store import Workbook
from ..store.schema import table_for

__all__ = ["BY_OUTCOME", "BY_READING", "MAX_READINGS", "ReadingRow", "detect_layout",
           "import_readings", "preview_readings"]

BY_OUTCOME = "by_outcome"
BY_READING = "by_reading"
MAX_READINGS = 20_000
"""Most readings one sheet may bring: years of monthly figures for dozens of outcomes."""

_DATE_WORDS = ("date", "readon", "day", "month", "asof", "period", "when", "reportedon",
               "quarter", "dateread")
_LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "outcome": ("outcome", "measure", "indicator", "outcomedescription"),
    "value": ("value", "reading", "figure", "number", "result", "amount"),
    "text": ("text", "words", "inwords", "comment"),
    "reported_by": ("reportedby", "reporter", "who", "person"),
    "organisation": ("organisation", "organization", "partner", "org"),
    "source": ("source", "from", "datasource"),
    "note": ("note", "notes", "remarks"),
}
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", str(text).casefold())


@dataclass(frozen=True)
class ReadingRow:
    """One reading the sheet would add, or why not: an error to fix, or a skip."""

    row: int  # the sheet's own row number (the header is row 1 or below)
    column: str  # the sheet column the value came from
    outcome: str  # the outcome as the sheet names it
    reading: Reading | None = None
    error: str = ""
    skipped: str = ""
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``new``, ``skip`` or ``error``."""
        return "error" if self.error else "skip" if self.skipped else "new"


def detect_layout(columns: Iterable[str]) -> str:
    """``by_reading`` when the header has an outcome column and a value column, else
    ``by_outcome``."""
    folded = {_fold(c) for c in columns}
    has = {key for key, words in _LONG_COLUMNS.items() if folded & set(words)}
    return BY_READING if {"outcome", "value"} <= has else BY_OUTCOME


def _date_column(columns: Sequence[str], label: str) -> str:
    for column in columns:
        if _fold(column) in _DATE_WORDS:
            return column
    raise ImportFileError(f"{label} has no date column. Head the column of dates 'Date' (or "
                          "'Read on', 'Month', 'As of') and import it again.")


def _date(text: str) -> dt.date:
    cell = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", cell):
            return dt.date.fromisoformat(cell + "-01")
        return dt.datetime.fromisoformat(cell).date() if "T" in cell or " " in cell \
            else dt.date.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"date {shown(cell, 40)} is not a date; write it as YYYY-MM-DD "
                         "(2026-03-31) or YYYY-MM for a month") from None


def _number(text: str, unit: str) -> float | None:
    """The cell as a number in ``unit``, or None when it is words."""
    cell = text.strip().replace("\u2212", "-")
    if unit == "%" and cell.endswith("%"):
        cell = cell[:-1].strip()
    if unit.startswith("$") and cell.startswith("$"):
        cell = cell[1:].strip()
    if _THOUSANDS.fullmatch(cell):
        cell = cell.replace(",", "")
    try:
        return float(cell)
    except ValueError:
        return None


class _Lookup:
    def __init__(self, wb: Workbook) -> None:
        self.outcomes = {_fold(o.description): o for o in wb.all(Outcome)}
        self.orgs = {_fold(o.name): o for o in wb.all(Organisation)}
        self.stored = {(r.outcome_id, r.read_on) for r in wb.all(Reading)}
        self.seen: dict[tuple[int, dt.date], int] = {}


def _row(lookup: _Lookup, number: int, column: str, outcome_name: str, date_text: str,
         value_text: str, extra: Mapping[str, str], source: str) -> ReadingRow:
    values = {"outcome": outcome_name, "date": date_text, "value": value_text, **extra}
    base: dict[str, Any] = {"row": number, "column": column, "outcome": outcome_name,
                            "values": values}
    outcome = lookup.outcomes.get(_fold(outcome_name))
    if outcome is None or outcome.id is None:
        return ReadingRow(**base, error=f"outcome {shown(outcome_name, 60)} is not an outcome "
                          "of this workbook; use its description exactly, or add it first")
    try:
        read_on = _date(date_text)
    except ValueError as exc:
        return ReadingRow(**base, error=str(exc))
    organisation_id = None
    if extra.get("organisation", "").strip():
        org = lookup.orgs.get(_fold(extra["organisation"]))
        if org is None:
            return ReadingRow(**base, error=f"organisation {shown(extra['organisation'], 60)} "
                              "is not a partner in this workbook; add it first or leave the "
                              "cell empty")
        organisation_id = org.id
    amount = _number(value_text, outcome.unit)
    words = extra.get("text", "").strip() or ("" if amount is not None else value_text.strip())
    try:
        reading = Reading(outcome_id=outcome.id, read_on=read_on, value=amount, text=words,
                          reported_by=extra.get("reported_by", ""),
                          organisation_id=organisation_id,
                          source=extra.get("source", "").strip() or source,
                          note=extra.get("note", ""))
    except WorkbookError as exc:
        return ReadingRow(**base, error=str(exc))
    key = (outcome.id, read_on)
    if key in lookup.stored:
        return ReadingRow(**base, reading=reading,
                          skipped="the workbook has a reading of this outcome on that day")
    if key in lookup.seen:
        return ReadingRow(**base, error=f"repeats the reading of row {lookup.seen[key]} (same "
                          "outcome, same day); keep one of them")
    lookup.seen[key] = number
    return ReadingRow(**base, reading=reading)


def preview_readings(frame: pd.DataFrame, wb: Workbook, *, layout: str | None = None,
                     source: str = "", name: str = "the sheet") -> list[ReadingRow]:
    """Every reading the sheet holds, checked against ``wb``; reads only.

    ``frame`` comes from ``sheets.read_sheet`` (text cells, indexed by sheet row number).
    Raises ``ImportFileError`` when the sheet as a whole cannot be read as readings (no
    date column, a column that is no outcome, too many readings).
    """
    label = shown(name, 60)
    columns = [str(c) for c in frame.columns]
    layout = layout or detect_layout(columns)
    lookup = _Lookup(wb)
    source = source or f"Sheet {name}"[:300]
    rows: list[ReadingRow] = []
    date_column = _date_column(columns, label)
    if layout == BY_READING:
        named = {key: next((c for c in columns if _fold(c) in words), None)
                 for key, words in _LONG_COLUMNS.items()}
        for number, cells in zip(frame.index, frame.itertuples(index=False), strict=True):
            cell = dict(zip(columns, cells, strict=True))
            extra = {k: cell[c] for k, c in named.items()
                     if c is not None and k not in ("outcome", "value")}
            rows.append(_row(lookup, int(number), str(named["value"]),
                             cell[str(named["outcome"])], cell[date_column],
                             cell[str(named["value"])], extra, source))
            _check_count(rows, label)
        return rows
    outcome_columns = [c for c in columns if c != date_column]
    unknown = [c for c in outcome_columns if _fold(c) not in lookup.outcomes]
    if unknown:
        raise ImportFileError(
            f"{label}: the column {shown(unknown[0], 60)} is not an outcome of this workbook. "
            "Head each column with an outcome's description as the workbook has it, or "
            "remove the column, and import again.")
    for number, cells in zip(frame.index, frame.itertuples(index=False), strict=True):
        cell = dict(zip(columns, cells, strict=True))
        for column in outcome_columns:
            if cell[column].strip():
                rows.append(_row(lookup, int(number), column, column, cell[date_column],
                                 cell[column], {}, source))
                _check_count(rows, label)
    return rows


def _check_count(rows: Sequence[ReadingRow], label: str) -> None:
    if len(rows) > MAX_READINGS:
        raise ImportFileError(f"{label} holds more than {MAX_READINGS:,} readings. Split it "
                              "into smaller sheets and import them one after the other.")


def import_readings(wb: Workbook, rows: Sequence[ReadingRow], *,
                    source: str = "") -> list[Reading]:
    """Store every new reading of a preview in one transaction, one step of the history
    (named after ``source``, the file's name); skips are left out.

    Raises ``ImportFileError`` naming the first row with an error (nothing is stored), and
    whatever the store refuses (e.g. a reading added meanwhile) also stores nothing.
    """
    errors = [r for r in rows if r.error]
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more rows have errors)" if len(errors) > 1 else ""
        raise ImportFileError(f"Row {first.row}, {shown(first.column, 40)}: {first.error}"
                              f"{more}. Nothing was imported; correct the sheet and import "
                              "it again.")
    new = [r.reading for r in rows if r.status == "new" and r.reading is not None]
    if not new:
        return []
    with wb.change(f"Import {len(new)} {'reading' if len(new) == 1 else 'readings'}"
                   f"{f' from {source}' if source else ''}"):
        return _store_new(wb, new)


def _store_new(wb: Workbook, new: Sequence[Reading]) -> list[Reading]:
    """Store ``new`` (checked by the model) in the running step, with the checks ``add``
    makes, in a handful of statements instead of four per reading: every outcome and
    partner named must be stored, and no outcome may have two readings on one day
    (stored, or twice in the sheet). Raises ``NotFoundError`` or ``DuplicateError``;
    nothing is stored then (the step is one transaction)."""
    readings = table_for(Reading)
    outcomes = {r.outcome_id for r in new}
    with wb.reading() as conn:  # inside the step: its own connection, its own changes
        for field_name, kind in (("outcome_id", "outcome"), ("organisation_id", "organisation")):
            wanted = {getattr(r, field_name) for r in new} - {None}
            table = table_for(kind)
            found = {row[0] for row in conn.execute(
                sa.select(table.c.id).where(table.c.id.in_(wanted)))} if wanted else set()
            if wanted - found:
                raise NotFoundError(field_name.removesuffix("_id"), min(wanted - found),
                                    f"is not a{'n' if kind == 'outcome' else ''} {kind} in "
                                    "this workbook (removed meanwhile?)",
                                    "Preview the sheet again; nothing was imported.")
        taken = {(o, d) for o, d in conn.execute(
            sa.select(readings.c.outcome_id, readings.c.read_on)
            .where(readings.c.outcome_id.in_(outcomes)))}
    for reading in new:
        key = (reading.outcome_id, reading.read_on)
        if key in taken:
            raise DuplicateError("read on", reading.read_on.isoformat(),
                                 "already has a reading of this outcome",
                                 "Preview the sheet again: a reading stored meanwhile is "
                                 "skipped; nothing was imported.")
        taken.add(key)
    now = dt.datetime.now().replace(microsecond=0)
    stamps = {f: now for f in ("created_at", "updated_at") if f in Reading.rules()}
    first = wb.next_id("reading")
    rows = [{"id": first + n, "version": 1, **r.values(), **stamps} for n, r in enumerate(new)]
    wb.insert_rows("reading", rows)
    return [wb.entity_from_row(Reading, row) for row in rows]
