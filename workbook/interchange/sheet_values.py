"""Values as partners write them: numbers in either decimal convention, "no reading" markers,
quarters and program years.

    >>> convention = number_convention(["72,5", "1.204"])     # Convention("comma", ...)
    >>> read_number("1.204", convention.decimal)               # 1204.0
    >>> is_marker("n<10"), is_marker("N/A")                    # (True, True)
    >>> quarter_end("PY2026 Q1")                               # date(2026, 9, 30)

**Numbers.** ``72,5`` can only be a decimal comma and ``72.5`` only a decimal point, but
``1.204`` and ``1,204`` can be either (one thousand two hundred and four, or one point two).
``number_convention`` looks at every cell of a file: cells that show the convention decide
it; when none does and a cell could be read both ways, the answer is ``None`` and the caller
asks (never a silent guess). ``1,204`` in a comma-separated file with nothing else to go by
is read the US way (1204); a semicolon-separated file (what a European Excel writes) asks.

**Markers.** Public figures hide small counts (``*``, ``n<10``, ``(s)``) or say a figure
is missing (``N/A``, ``--``): such a cell is no reading at all. A number carrying a
footnote mark (``72.5*``, ``1,204 (a)``, ``61†``) is read without it, and the caller
notes that it was stripped.

**Quarters.** ``2026 Q3``, ``Q3 2026``, ``2026-Q3`` are calendar quarters; ``PY2026 Q1`` is
the first quarter of WIOA program year 2026, which starts on July 1, 2026 (so it ends on
September 30, 2026; ``PY2026 Q3`` ends on March 31, 2027). A quarter is read as its last
day. Fiscal-year quarters (``FY2026 Q1``) depend on the year's start and are refused with a
message saying how to write them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import babel.numbers

from ..i18n import N_, _, babel_locale

__all__ = ["COMMA", "CONVENTIONS", "POINT", "Convention", "FiscalQuarterError",
           "footnote_stripped", "is_marker", "number_convention", "quarter_end", "read_number",
           "value_as_stored"]

POINT = "point"
COMMA = "comma"
CONVENTIONS = {POINT: N_("1,234.5 (decimal point)"), COMMA: N_("1.234,5 (decimal comma)")}
"""The number conventions a facilitator can choose, as the question names them."""

_MARKERS = frozenset({
    "*", "**", "***", "-", "--", "---", "\u2013", "\u2014", "n/a", "na", "n.a.", "n. a.",
    "#n/a", "nd", "n.d.", "no data", "not available", "not reported", "nr", "s", "(s)",
    "suppressed", "ds", "dnr", "x", "(x)", "redacted", "\u2020", "\u2021", "...", "\u2026",
    "<", ".", "#value!", "#div/0!", "#ref!", "tbd", "pending",
})
_SMALL_COUNT = re.compile(r"\(?\s*(?:n\s*)?(?:<|\u2264|&lt;|fewer than|less than)\s*=?\s*"
                          r"\d+\s*\)?", re.IGNORECASE)
_FOOTNOTE = re.compile(r"(?<=[\d%])\s*(?:[*\u2020\u2021\u00a7\u00b9\u00b2\u00b3]+|"
                       r"\((?:[a-z]|\d{1,2})\)|\[(?:[a-z]|\d{1,2})\])$", re.IGNORECASE)


def is_marker(text: str) -> bool:
    """Is the cell a "no reading" marker (suppressed, not available, a footnote alone)?"""
    cell = " ".join(text.split()).casefold()
    return bool(cell) and (cell in _MARKERS or _SMALL_COUNT.fullmatch(cell) is not None)


def footnote_stripped(text: str) -> tuple[str, str]:
    """The cell without a trailing footnote mark, and the mark (``"72.5*"`` -> ``("72.5",
    "*")``); ``(text, "")`` when there is none."""
    cell = text.strip()
    m = _FOOTNOTE.search(cell)
    if m is None or not m.start():
        return cell, ""
    return cell[:m.start()].rstrip(), m.group(0).strip()


# -- numbers ---------------------------------------------------------------------------

_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}\b)")
_PLAIN = re.compile(r"-?\d+")
_SURE_COMMA = (re.compile(r"-?\d+,\d{1,2}"), re.compile(r"-?\d+,\d{4,}"),
               re.compile(r"-?0,\d+"), re.compile(r"-?\d{1,3}(\.\d{3})+,\d+"),
               re.compile(r"-?\d{1,3}(\.\d{3}){2,}"), re.compile(r"-?,\d+"))
_SURE_POINT = (re.compile(r"-?\d+\.\d{1,2}"), re.compile(r"-?\d+\.\d{4,}"),
               re.compile(r"-?0\.\d+"), re.compile(r"-?\d{1,3}(,\d{3})+\.\d+"),
               re.compile(r"-?\d{1,3}(,\d{3}){2,}"), re.compile(r"-?\.\d+"),
               re.compile(r"-?\d{4,}\.\d{3}"))
_AMBIGUOUS_DOT = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")
_AMBIGUOUS_COMMA = re.compile(r"-?[1-9]\d{0,2},\d{3}")
_GROUPED = {POINT: re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?"),
            COMMA: re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")}


def _bare(text: str) -> str:
    """A cell without its currency sign, percent sign, footnote and spaces between groups."""
    cell = footnote_stripped(text.strip().replace("\u2212", "-"))[0]
    cell = cell.removesuffix("%").strip().lstrip("$\u20ac\u00a3").strip()
    if cell.startswith("(") and cell.endswith(")"):  # an accountant's negative
        cell = "-" + cell[1:-1].strip()
    return _SPACES.sub("", cell)


@dataclass(frozen=True)
class Convention:
    """How a file writes numbers: ``decimal`` is ``"point"``, ``"comma"`` or None (ask);
    ``shown_by`` is a cell that decided it, ``ambiguous`` cells that could be read both
    ways (a few, for the question)."""

    decimal: str | None
    shown_by: str = ""
    ambiguous: tuple[str, ...] = ()


def number_convention(cells: Iterable[str], *, delimiter: str | None = None,
                      chosen: str | None = None) -> Convention:
    """The decimal convention the cells show (see the module's docstring).

    ``chosen`` (a facilitator's answer) wins; a file whose cells show both conventions,
    or none while some cell could be read either way, gives ``decimal=None``.
    """
    comma = point = ""
    ambiguous: list[str] = []
    for text in cells:
        cell = _bare(text)
        if not cell or _PLAIN.fullmatch(cell):
            continue
        if not comma and any(p.fullmatch(cell) for p in _SURE_COMMA):
            comma = text.strip()
        elif not point and any(p.fullmatch(cell) for p in _SURE_POINT):
            point = text.strip()
        elif (_AMBIGUOUS_DOT.fullmatch(cell) or _AMBIGUOUS_COMMA.fullmatch(cell)) \
                and len(ambiguous) < 5 and text.strip() not in ambiguous:
            ambiguous.append(text.strip())
    if chosen in CONVENTIONS:
        return Convention(chosen, "", tuple(ambiguous))
    if comma and point:
        return Convention(None, "", (comma, point, *ambiguous))
    if comma or point:
        return Convention(COMMA if comma else POINT, comma or point, tuple(ambiguous))
    dotted = [a for a in ambiguous if _AMBIGUOUS_DOT.fullmatch(_bare(a))]
    if dotted or (ambiguous and delimiter == ";"):
        return Convention(None, "", tuple(ambiguous))
    return Convention(POINT, "", tuple(ambiguous))


def read_number(text: str, decimal: str = POINT) -> float | None:
    """The cell as a number written in ``decimal`` convention, or None when it is not one.

    Currency and percent signs and a footnote mark are left out: the caller decides
    whether they fit the outcome's unit.
    """
    cell = _bare(text)
    if not cell:
        return None
    if _GROUPED[decimal].fullmatch(cell):
        cell = cell.replace("," if decimal == POINT else ".", "")
    if decimal == COMMA:
        if "." in cell:
            return None  # a point in a decimal-comma file is not a number of it
        cell = cell.replace(",", ".")
    elif "," in cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def value_as_stored(typed: str, stored: float | None, decimal: str | None) -> str:
    """What a preview shows for a cell ``typed`` that will be stored as ``stored``: the
    number in the reader's language (``72.5``; ``72,5`` in Spanish), saying what was
    written when it is read differently (a decimal comma, a fraction scaled to a
    percentage); the cell as written when no number is stored."""
    written = typed.strip()
    if stored is None:
        return written
    number = babel.numbers.format_decimal(stored, "#,##0.#########", locale=babel_locale())
    comma = decimal == COMMA and "," in _bare(written)
    if comma:
        return _("{number} (written “{typed}”, read with a decimal comma)").format(
            number=number, typed=written)
    if read_number(written, decimal or POINT) != stored:
        return _("{number} (written “{typed}”)").format(number=number, typed=written)
    return number


# -- quarters --------------------------------------------------------------------------

_QUARTER = re.compile(
    r"(?:(?P<py>py|program\s+year)\s*'?(?P<pyyear>\d{4}|\d{2})[\s,\-/]*q(?:uarter)?\s*"
    r"(?P<pyq>[1-4])"
    r"|(?P<fy>fy)\s*'?\d{2,4}[\s,\-/]*q\s*[1-4]"
    r"|(?P<year>\d{4})[\s\-/]*q(?:uarter)?\s*(?P<q>[1-4])"
    r"|q(?:uarter)?\s*(?P<q2>[1-4])[\s,\-/]*(?P<year2>\d{4})"
    r"|(?P<q3>[1-4])(?:st|nd|rd|th)\s+quarter[\s,]+(?P<year3>\d{4}))",
    re.IGNORECASE)

PROGRAM_YEAR_START = 7
"""WIOA's program year starts on July 1 of the year it is named after."""


def _end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class FiscalQuarterError(ValueError):
    """A fiscal-year quarter (``FY2026 Q1``): its months depend on the organization. The
    message says how to write it, in the language current when it was raised."""


def quarter_end(text: str) -> dt.date | None:
    """The last day of the quarter ``text`` names, or None when it names none.

    Raises ``FiscalQuarterError`` (a ValueError) for a fiscal-year quarter (its months
    depend on the organization).
    """
    m = _QUARTER.fullmatch(" ".join(text.split()))
    if m is None:
        return None
    if m["fy"]:
        raise FiscalQuarterError(_("{cell} is a fiscal-year quarter, and fiscal years start in "
                           "different months; write the quarter's last day as YYYY-MM-DD"
                           ).format(cell=repr(text.strip())))
    if m["py"]:
        year = int(m["pyyear"])
        year += 2000 if year < 100 else 0
        months = PROGRAM_YEAR_START - 1 + 3 * int(m["pyq"])  # months after January 1
        return _end(year + (months - 1) // 12, ((months - 1) % 12) // 3 + 1)
    if m["year"]:
        return _end(int(m["year"]), int(m["q"]))
    if m["year2"]:
        return _end(int(m["year2"]), int(m["q2"]))
    return _end(int(m["year3"]), int(m["q3"]))
