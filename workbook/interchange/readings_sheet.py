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
one), in the decimal convention the sheet shows (``72,5`` is a decimal comma; when no cell
shows it and ``1.204`` could be either, the preview asks: ``sheet_values``); a marker
such as ``*``, ``N/A`` or ``n<10`` is no reading (listed as skipped); a footnote mark after a
number (``72.5*``) is left out and noted; anything else in a value cell is kept as a reading
in words, and the preview says so. Dates are read as ``import-sheet`` reads them, quarters
(``2026 Q3``, WIOA's ``PY2026 Q1``) as their last day.
Outcomes are matched by description, ignoring case, spaces and punctuation; organisations
by name. A reading the workbook already has (same outcome, same day) is skipped, so a
growing sheet can be imported again. The sheet is untrusted: it was read as text by
``sheets.read_sheet`` (size- and row-capped, formulas never run) and every reading passes
the model's own rules before anything is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import ImportFileError, Sentence, WorkbookError, number_shown, shown
from ..i18n import N_, _, format_date, format_decimal, ngettext
from ..model import Organisation, Outcome, Reading
from ..store import Workbook
from .readings_mapping import ReadingsMapping, fold, guess_targets, resolve_mapping
from .sheet_fields import DATE_ORDERS, read_dates
from .sheet_memory import READINGS, remember_layout
from .sheet_values import (
    COMMA,
    POINT,
    Convention,
    FiscalQuarterError,
    footnote_stripped,
    is_marker,
    number_convention,
    quarter_end,
    read_number,
)

__all__ = ["BY_OUTCOME", "BY_READING", "FRACTIONS", "MAX_READINGS", "ReadingRow", "ReadingsPreview",
           "detect_layout",
           "import_readings", "preview_readings"]

BY_OUTCOME = "by_outcome"
BY_READING = "by_reading"
MAX_READINGS = 20_000
"""Most readings one sheet may bring: years of monthly figures for dozens of outcomes."""



def _fold(text: str) -> str:
    return fold(text)


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
    note: str = ""

    @property
    def status(self) -> str:
        """``new``, ``skip`` or ``error``."""
        return "error" if self.error else "skip" if self.skipped else "new"


def detect_layout(columns: Iterable[str]) -> str:
    """``by_reading`` when the header has an outcome column and a value column, else
    ``by_outcome``."""
    targets = set(guess_targets([str(c) for c in columns], {}).values())
    return BY_READING if {"outcome", "value"} <= targets else BY_OUTCOME


def _date(text: str) -> dt.date:
    """A date cell as ``sheet_fields.read_dates`` left it (ISO, or as written)."""
    cell = text.strip()
    try:
        quarter_end(cell)  # a fiscal-year quarter says how to write it
        if re.fullmatch(r"\d{4}-\d{2}", cell):
            return dt.date.fromisoformat(cell + "-01")
        return dt.datetime.fromisoformat(cell).date() if "T" in cell or " " in cell \
            else dt.date.fromisoformat(cell)
    except FiscalQuarterError as exc:
        raise ValueError(_("date {problem}").format(problem=exc)) from None
    except ValueError:
        raise ValueError(_("date {cell} is not a date; write it as YYYY-MM-DD (2026-03-31), "
                           "YYYY-MM for a month or 2026 Q1 for a quarter").format(
                               cell=shown(cell, 40))) from None


def _number(text: str, unit: str, decimal: str) -> float | None:
    """The cell as a number in ``unit``, or None when it is words."""
    cell = text.strip()
    if cell.endswith("%") and unit != "%":
        return None
    if cell.lstrip("-(").startswith(("$", "\u20ac", "\u00a3")) and not unit.startswith("$"):
        return None
    return read_number(cell, decimal)


class _Lookup:
    def __init__(self, wb: Workbook, decimal: str | None,
                 dates: Mapping[int, str]) -> None:
        self.outcomes = {_fold(o.description): o for o in wb.all(Outcome)}
        self.by_id = {o.id: o for o in self.outcomes.values()}
        self.orgs = {_fold(o.name): o for o in wb.all(Organisation)}
        self.stored = {(r.outcome_id, r.read_on) for r in wb.all(Reading)}
        self.seen: dict[tuple[int, dt.date], int] = {}
        self.decimal = decimal
        self.dates = dates


def _row(lookup: _Lookup, number: int, column: str, outcome_name: str, date_text: str,
         value_text: str, extra: Mapping[str, str], source: str,
         outcome_id: int | None = None) -> ReadingRow:
    values = {"outcome": outcome_name, "date": date_text, "value": value_text, **extra}
    base: dict[str, Any] = {"row": number, "column": column, "outcome": outcome_name,
                            "values": values}
    outcome = lookup.by_id.get(outcome_id) if outcome_id is not None else \
        lookup.outcomes.get(_fold(outcome_name))
    if outcome is None or outcome.id is None:
        return ReadingRow(**base, error=_(
            "the outcome {outcome} is not an outcome of this workbook; use its description "
            "exactly, or add it first").format(outcome=shown(outcome_name, 60)))
    if is_marker(value_text) and not extra.get("text", "").strip():
        return ReadingRow(**base, skipped=_(
            "no reading: {cell} marks a figure suppressed or not available").format(
                cell=shown(value_text.strip(), 20)))
    try:
        read_on = _date(lookup.dates.get(number, date_text))
    except ValueError as exc:
        return ReadingRow(**base, error=str(exc))
    organisation_id = None
    if extra.get("organisation", "").strip():
        org = lookup.orgs.get(_fold(extra["organisation"]))
        if org is None:
            return ReadingRow(**base, error=_(
                "the organization {name} is not a partner in this workbook; add it first or "
                "leave the cell empty").format(name=shown(extra["organisation"], 60)))
        organisation_id = org.id
    if lookup.decimal is None and _numeric_looking(value_text):
        return ReadingRow(**base, error=_(
            "{cell} could be read with a decimal point or a decimal comma; choose how the "
            "sheet writes numbers").format(cell=shown(value_text.strip(), 20)))
    amount = _number(value_text, outcome.unit, lookup.decimal or POINT)
    mark = footnote_stripped(value_text)[1] if amount is not None else ""
    words = extra.get("text", "").strip() or ("" if amount is not None else value_text.strip())
    note = extra.get("note", "")
    if mark:
        # Stored with the reading: worded in the language of whoever imports it.
        footnote = _("(footnote {mark} in the sheet)").format(mark=mark)
        note = _("{note} {footnote}").format(note=note, footnote=footnote) if note \
            else footnote
    try:
        reading = Reading(outcome_id=outcome.id, read_on=read_on, value=amount, text=words,
                          reported_by=extra.get("reported_by", ""),
                          organisation_id=organisation_id,
                          source=extra.get("source", "").strip() or source, note=note)
    except WorkbookError as exc:
        return ReadingRow(**base, error=str(exc))
    key = (outcome.id, read_on)
    if key in lookup.stored:
        return ReadingRow(**base, reading=reading,
                          skipped=_("the workbook has a reading of this outcome on that day"))
    if key in lookup.seen:
        return ReadingRow(**base, error=_(
            "repeats the reading of row {row} (same outcome, same day); keep one of "
            "them").format(row=lookup.seen[key]))
    lookup.seen[key] = number
    return ReadingRow(**base, reading=reading,
                      note=_("footnote {mark} left out").format(mark=mark) if mark else "")


def _numeric_looking(text: str) -> bool:
    """Does the cell read as different numbers in the two conventions?"""
    return read_number(text, POINT) != read_number(text, COMMA)


class ReadingsPreview(list[ReadingRow]):
    """The rows of a readings preview, with what it asks and what it tells.

    A list of ``ReadingRow`` (so it is used like one), plus ``questions`` (sentences: what
    the facilitator must choose before importing; ``import_readings`` refuses while there
    are any), ``notes`` (how cells were read: quarters, the number convention, markers),
    ``decimal`` (``"point"``/``"comma"``, None when asked), ``date_order_needed``,
    ``mapping`` (``readings_mapping.ReadingsMapping``: which column holds what, and the
    remembered mapping used) and ``file_name``.
    """

    def __init__(self, rows: Iterable[ReadingRow] = ()) -> None:
        super().__init__(rows)
        self.questions: list[str] = []
        self.notes: list[str] = []
        self.decimal: str | None = POINT
        self.date_order_needed = False
        self.mapping: ReadingsMapping | None = None
        self.file_name = ""

    @property
    def ready(self) -> bool:
        """True when nothing is to be decided and no row has an error."""
        return not self.questions and not any(r.error for r in self)


def _cells(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    return [v for c in columns for v in frame[c].tolist() if v.strip()]


def preview_readings(frame: pd.DataFrame, wb: Workbook, *, layout: str | None = None,
                     source: str = "", name: str = "the sheet", decimal: str | None = None,
                     date_order: str | None = None, delimiter: str | None = None,
                     fractions: str | None = None,
                     mapping: Mapping[str, str | None] | None = None,
                     remember: bool = True) -> ReadingsPreview:
    """Every reading the sheet holds, checked against ``wb``; reads only.

    ``frame`` comes from ``sheets.read_sheet`` (text cells, indexed by sheet row number).
    Which column holds what is guessed from the titles, then taken from the mapping
    remembered for this header (``remember``), then from ``mapping`` (column -> target,
    see ``readings_mapping``); ``layout`` (``by_reading``/``by_outcome``) only checks the
    guess. Dates are read as ``import-sheet`` reads them (``sheet_fields.read_dates``: ISO,
    slashed in the order the column shows or ``date_order`` says, Excel serials, months,
    quarters); numbers in the convention the cells show or ``decimal`` says
    (``sheet_values.number_convention``; ``delimiter`` is the text file's). On a
    percentage outcome whose other figures are over 1, readings that are all fractions
    (``0.725``) are asked about, unless ``fractions`` says: ``"percent"`` (72.5) or
    ``"as written"``. A question the sheet leaves open (no date column, a column that is
    no outcome, the decimal convention ...) is in the result's ``questions``. Raises
    ``ImportFileError`` for a chosen mapping naming what the sheet does not have, or too
    many readings.
    """
    label = shown(name, 60)
    columns = [str(c) for c in frame.columns]
    source = source or _("Sheet {name}").format(name=name)[:300]
    result = ReadingsPreview()
    result.file_name = name
    outcomes = {_fold(o.description): o for o in wb.all(Outcome)}
    chosen = resolve_mapping(wb, columns, outcomes, chosen=mapping, remember=remember)
    result.mapping = chosen
    if layout is not None and layout != (BY_READING if chosen.long else BY_OUTCOME):
        result.questions.append(_("The sheet's columns do not make the layout asked for; "
                                  "choose which column holds what."))
    date_column = chosen.column_of("date")
    if date_column is None:
        result.questions.append(_(
            "{sheet} has no date column. Choose the column of dates (or head it 'Date', "
            "'Read on', 'Month' or 'As of').").format(sheet=label))
        return result
    numbers = [int(n) for n in frame.index]
    written = dict(zip(numbers, frame[date_column].tolist(), strict=True))
    dates, order_needed = read_dates(written, date_order)
    named = {key: chosen.column_of(key) for key in
             ("outcome", "value", "text", "reported_by", "organisation", "source", "note")}
    outcome_columns = chosen.outcome_columns()
    value_columns = [str(named["value"])] if chosen.long else [c for c, _id in outcome_columns]
    convention = number_convention(_cells(frame, value_columns), delimiter=delimiter,
                                   chosen=decimal)
    lookup = _Lookup(wb, convention.decimal, dates)
    rows: list[ReadingRow] = result
    by_id = {o.id: o for o in outcomes.values()}
    extra_keys = [k for k in ("text", "reported_by", "organisation", "source", "note")
                  if named[k] is not None and (chosen.long or k != "text")]
    for number, cells in zip(numbers, frame.itertuples(index=False), strict=True):
        cell = dict(zip(columns, cells, strict=True))
        extra = {k: cell[str(named[k])] for k in extra_keys}
        if chosen.long:
            rows.append(_row(lookup, number, str(named["value"]),
                             cell[str(named["outcome"])], cell[date_column],
                             cell[str(named["value"])], extra, source))
            _check_count(rows, label)
            continue
        for column, outcome_id in outcome_columns:
            if cell[column].strip():
                rows.append(_row(lookup, number, column, by_id[outcome_id].description,
                                 cell[date_column], cell[column], extra, source,
                                 outcome_id=outcome_id))
                _check_count(rows, label)
    if not chosen.long:
        for column in chosen.unmapped():
            if any(v.strip() for v in frame[column].tolist()):
                result.questions.append(_(
                    "{sheet}: the column {column} is not an outcome of this workbook. Choose "
                    "the outcome it holds, or leave it out.").format(
                    sheet=label, column=shown(column, 60)))
    _explain(result, convention, written, dates, order_needed, decimal is not None)
    _fractions(result, wb, fractions)
    return result


FRACTIONS = {"percent": N_("a fraction of one (0.725 is 72.5%)"),
             "as written": N_("as written (0.725 is 0.725%)")}
"""How fractions on a percentage outcome can be read, as the question names them."""


def _fractions(result: ReadingsPreview, wb: Workbook, chosen: str | None) -> None:
    """Ask about (or scale) readings of a percentage outcome that are all fractions while
    its baseline, benchmark, target or stored readings are over 1 (72.5% saved as 0.725)."""
    by_outcome: dict[int, list[int]] = {}
    for index, row in enumerate(result):
        reading = row.reading
        if reading is not None and reading.value is not None and row.status == "new" \
                and not row.values.get("value", "").strip().endswith("%"):
            by_outcome.setdefault(reading.outcome_id, []).append(index)
    if not by_outcome:
        return
    outcomes = {o.id: o for o in wb.all(Outcome) if o.id in by_outcome and o.unit == "%"}
    for outcome_id, indexes in by_outcome.items():
        outcome = outcomes.get(outcome_id)
        values = [v for i in indexes if (r := result[i].reading) is not None
                  and (v := r.value) is not None]
        if outcome is None or not all(0 <= v <= 1 for v in values):
            continue
        others = [v for v in (outcome.baseline_value, outcome.benchmark_value,
                              outcome.target_value) if v is not None]
        others += [r.value for r in wb.readings(outcome_id) if r.value is not None]
        if not any(v > 1 for v in others):
            continue
        if chosen == "percent":
            for i in indexes:
                row = result[i]
                assert row.reading is not None and row.reading.value is not None
                result[i] = dataclasses.replace(row, reading=dataclasses.replace(
                    row.reading, value=round(row.reading.value * 100, 9)))
        elif chosen != "as written":
            example = values[0]
            result.questions.append(_(
                "The readings of {outcome} are fractions of one (such as {example}) while its "
                "other figures are over 1 (such as {other}). Choose whether {example} means "
                "{percent}% or {example}%.").format(
                    outcome=shown(outcome.description, 60), example=f"{example:g}",
                    other=f"{max(others):g}", percent=f"{example * 100:g}"))


def _explain(result: ReadingsPreview, convention: Convention, written: Mapping[int, str],
             dates: Mapping[int, str], order_needed: bool, chosen: bool) -> None:
    """Fill ``result``'s questions and notes."""
    result.decimal = convention.decimal
    result.date_order_needed = order_needed
    if convention.decimal is None:
        seen = ", ".join(convention.ambiguous[:3])
        result.questions.append(_(
            "The numbers ({seen}) could be written with a decimal point (1,234.5) or a "
            "decimal comma (1.234,5). Choose how the sheet writes numbers.").format(seen=seen))
    elif convention.ambiguous and not chosen:
        example = convention.ambiguous[0]
        value = read_number(example, convention.decimal)
        shown_as = format_decimal(value) if value is not None else example
        comma = convention.decimal == COMMA
        if convention.shown_by:
            note = (_("The sheet writes numbers with decimal commas (as in {cell}), so "
                      "{example} is read as {value}. Choose the other convention if that is "
                      "wrong.") if comma else
                    _("The sheet writes numbers with decimal points (as in {cell}), so "
                      "{example} is read as {value}. Choose the other convention if that is "
                      "wrong."))
        else:
            note = (_("The sheet writes numbers with decimal commas, so {example} is read as "
                      "{value}. Choose the other convention if that is wrong.") if comma else
                    _("The sheet writes numbers with decimal points, so {example} is read as "
                      "{value}. Choose the other convention if that is wrong."))
        result.notes.append(note.format(cell=convention.shown_by, example=example,
                                        value=shown_as))
    if order_needed:
        result.questions.append(_(
            "The dates could be month/day or day/month. Choose the date order ({orders})."
        ).format(orders=", ".join(_(o) for o in DATE_ORDERS.values())))
    quarters = [(w, dates[n]) for n, w in written.items()
                if w.strip() and dates.get(n) != w and _QUARTERISH.search(w)]
    if quarters:
        first, day = quarters[0]
        note = (_("Quarters are read as their last day: {quarter} is {date} (a WIOA program "
                  "year starts on July 1).") if "py" in first.casefold() else
                _("Quarters are read as their last day: {quarter} is {date}."))
        result.notes.append(note.format(quarter=first.strip(),
                                        date=format_date(dt.date.fromisoformat(day))))
    unread = [r for r in result  # the cells skipped as "no reading" (a marker, no text)
              if r.skipped and r.reading is None and is_marker(r.values.get("value", ""))]
    markers = sorted({r.values.get("value", "").strip() for r in unread})
    if markers:
        count = len(unread)
        result.notes.append(ngettext(
            "{count} cell holds no reading ({markers}): suppressed or not available figures "
            "are left out.",
            "{count} cells hold no reading ({markers}): suppressed or not available figures "
            "are left out.", count).format(count=count, markers=", ".join(markers[:6])))


_QUARTERISH = re.compile(r"q\s*[1-4]|quarter", re.IGNORECASE)


def _check_count(rows: Sequence[ReadingRow], label: str) -> None:
    if len(rows) > MAX_READINGS:
        raise ImportFileError(Sentence(N_(
            "{name} holds more than {limit} readings. Split it into smaller sheets and import "
            "them one after the other."), name=label, limit=number_shown(MAX_READINGS)))


def import_readings(wb: Workbook, rows: Sequence[ReadingRow], *,
                    source: str = "", remember: bool = True) -> list[Reading]:
    """Store every new reading of a preview in one transaction, one step of the history
    (named after ``source``, the file's name); skips are left out. The preview's column
    mapping is remembered for its header in the same step (``remember``), so the next
    file with these columns is read the same way.

    Raises ``ImportFileError`` while the preview asks a question or names a row with an
    error (nothing is stored), and whatever the store refuses (e.g. a reading added
    meanwhile) also stores nothing.
    """
    questions = getattr(rows, "questions", [])
    if questions:
        raise ImportFileError(Sentence(N_("{problem} Nothing was imported."),
                                       problem=questions[0]))
    errors = [r for r in rows if r.error]
    if errors:
        first = errors[0]
        if len(errors) == 1:
            template = N_("Row {row}, {column}: {problem}. Nothing was imported; correct the "
                          "sheet and import it again.")
        elif len(errors) == 2:
            template = N_("Row {row}, {column}: {problem} (1 more row has an error). Nothing "
                          "was imported; correct the sheet and import it again.")
        else:
            template = N_("Row {row}, {column}: {problem} ({count} more rows have errors). "
                          "Nothing was imported; correct the sheet and import it again.")
        raise ImportFileError(Sentence(template, row=first.row,
                                       column=shown(first.column, 40), problem=first.error,
                                       count=number_shown(len(errors) - 1)))
    new = [r.reading for r in rows if r.status == "new" and r.reading is not None]
    mapping: ReadingsMapping | None = getattr(rows, "mapping", None)
    if not new:
        return []
    label = (ngettext("Import {count} reading from {source}",
                      "Import {count} readings from {source}", len(new)) if source else
             ngettext("Import {count} reading", "Import {count} readings", len(new)))
    with wb.change(label.format(count=len(new), source=source)):
        stored = wb.add_readings(new)  # checked and logged in a few statements
        if remember and mapping is not None:
            remember_layout(wb, mapping.columns, mapping.to_store(),
                            getattr(rows, "file_name", "") or source, READINGS)
        return stored
