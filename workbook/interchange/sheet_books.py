"""Spreadsheet files (.xlsx, .xlsm, .xlsb, .xls, .ods): one sheet's cells as text, never evaluated.

Cells are read by python-calamine (the reader behind pandas' ``engine="calamine"``), in a
child process with a memory cap (``calamine_child``): the value a spreadsheet last saved
for a formula, dates as dates. The active visible sheet is
read unless another is named; hidden sheets are offered but never picked by default.

A number formatted as a percent is read as the sheet shows it (``72.5%``, where the file
stores 0.725). A workbook encrypted with a password to open is named as such.

A formula whose value was never calculated is flagged on its cell (it would otherwise read
as 0 or blank): for .xlsx/.xlsm, openpyxl finds the formula cells, and a formula with no
saved value, or in a file that asks to be recalculated on opening (what XlsxWriter and
openpyxl write), is flagged.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportFileError, Sentence, number_shown, shown
from ..i18n import N_, _
from .calamine_child import cell_text, unescape

__all__ = ["BOOK_SUFFIXES", "BookSheet", "FORMULA_FLAG", "cell_text", "read_book", "unescape"]

BOOK_SUFFIXES = ("xlsx", "xlsm", "xlsb", "xls", "ods")
MAX_UNPACKED = 60 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to a bomb
CHILD_TIMEOUT = 60  # seconds the reader may take

FORMULA_FLAG = N_("a formula that was never calculated, so its value is unknown: open the "
                  "file in Excel or LibreOffice, save it, and upload it again")
"""A cell's problem (the catalog's English; ``_(FORMULA_FLAG)`` in the reader's language)."""

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")


@dataclass
class BookSheet:
    """One sheet of a workbook file as text cells.

    ``rows`` are the sheet's rows from row 1 (empty ones included), ``sheet`` the name
    read, ``sheets`` the visible sheets' names, ``hidden`` the hidden ones, ``flags``
    maps (row number, column index from 0) to a problem with that cell, ``merged`` lists
    merged ranges as ((first row, first col), (last row, last col)), numbered from 0.
    """

    rows: list[list[str]]
    sheet: str
    sheets: list[str]
    hidden: list[str] = field(default_factory=list)
    flags: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def read_book(label: str, data: bytes, suffix: str, sheet: str | None,
              max_lines: int) -> BookSheet:
    """The named sheet (default: the active visible one) of a workbook file.

    The cells are read in a child process (``calamine_child``) with a memory cap: a file
    that crashes the reader is refused like a damaged one. Raises ImportFileError for a
    damaged file, a zip bomb, an unknown sheet name or a workbook without a visible sheet.
    """
    if data.startswith(_OLE) and _ENCRYPTED in data[:1024 * 1024]:
        raise ImportFileError(password_message(label))
    zipped = suffix in ("xlsx", "xlsm", "xlsb", "ods")
    if zipped:
        _check_zip(label, data, suffix)
    extras = _xlsx_extras(data) if suffix in ("xlsx", "xlsm") else None
    wanted = sheet if sheet is not None else (extras.active if extras else None) or ""
    found = _in_child(label, data, suffix, wanted, sheet is not None, max_lines)
    visible, hidden = list(found.get("visible", [])), list(found.get("hidden", []))
    if "missing" in found:
        raise ImportFileError(Sentence(N_("{name} has no sheet {sheet}. Pick one of: {sheets}."),
                                       name=label, sheet=shown(sheet),
                                       sheets=", ".join(visible)))
    if "rows" not in found:
        raise ImportFileError(Sentence(N_(
            "{name} has no visible worksheet. Unhide the sheet with the table, save it and "
            "upload it again."), name=label))
    merged = [((a[0], a[1]), (b[0], b[1])) for a, b in found["merged"]]
    result = BookSheet(found["rows"], found["sheet"], visible, hidden, merged=merged)
    if extras is not None and (extras.has_formulas or extras.has_percents):
        _styled_cells(data, result, formulas=extras.has_formulas,
                      percents=extras.has_percents)
    return result


def password_message(label: str) -> Sentence:
    """What to do with a workbook file encrypted with a password to open (a catalog
    sentence, worded when shown)."""
    return Sentence(N_(
        "{name} is password-protected (encrypted), so it cannot be read. Open it in Excel, "
        "choose File > Info > Protect Workbook > Encrypt with Password, clear the password, "
        "save, and upload it again (or ask the partner for a copy without a password)."),
        name=label)


_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _in_child(label: str, data: bytes, suffix: str, wanted: str, required: bool,
              max_lines: int) -> dict[str, Any]:
    damaged = ImportFileError(Sentence(N_(
        "{name} could not be read as a spreadsheet (it looks damaged or is not really a "
        ".{suffix} file). Open it in Excel or LibreOffice, save it again and upload it."),
        name=label, suffix=suffix))
    script = Path(__file__).with_name("calamine_child.py")
    try:
        done = subprocess.run(
            [sys.executable, str(script), wanted, "1" if required else "0", str(max_lines)],
            input=data, capture_output=True, timeout=CHILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ImportFileError(Sentence(N_(
            "{name} took more than {seconds} seconds to read; it is too large or damaged. "
            "Save only the table and upload it."), name=label, seconds=CHILD_TIMEOUT)) from None
    if done.returncode != 0:
        raise damaged  # the reader crashed (memory cap, abort): the file is not usable
    try:
        found = json.loads(done.stdout)
    except ValueError:
        raise damaged from None
    if isinstance(found, dict) and found.get("password"):
        raise ImportFileError(password_message(label))
    if not isinstance(found, dict) or "error" in found:
        raise damaged
    return found


def _check_zip(label: str, data: bytes, suffix: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(Sentence(N_(
            "{name} is not a valid .{suffix} file (it may be an old .xls renamed, or "
            "damaged). Save it again from your spreadsheet and upload it."),
            name=label, suffix=suffix)) from None
    if unpacked > MAX_UNPACKED:
        raise ImportFileError(Sentence(N_(
            "{name} unpacks to {size} MB, far more than a sheet of programs needs. Save only "
            "the table and upload it."), name=label, size=number_shown(round(unpacked / 1e6))))


@dataclass(frozen=True)
class _Extras:
    active: str | None
    has_formulas: bool
    has_percents: bool = False


_PERCENT_CODE = re.compile(r'<(?:\w+:)?numFmt\b[^>]*formatCode="([^"]*%[^"]*)"')
_PERCENT_IDS = re.compile(r'<(?:\w+:)?xf\b[^>]*numFmtId="(?:9|10)"')


def _has_percent_style(styles: str) -> bool:
    """Does the style sheet define a percent number format a cell could use?"""
    return bool(_PERCENT_IDS.search(styles)) or any(
        "%" in re.sub(r'\\.|"[^"]*"', "", code.replace("&quot;", '"'))
        for code in _PERCENT_CODE.findall(styles))


def _xlsx_extras(data: bytes) -> _Extras:
    """The active sheet's name and whether any worksheet holds a formula."""
    active_name: str | None = None
    has_formulas = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and \
                        info.filename.endswith(".xml") and _FORMULA.search(archive.read(info)):
                    has_formulas = True
                    break
            workbook_xml = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            try:
                styles = archive.read("xl/styles.xml").decode("utf-8", "replace")
            except KeyError:
                styles = ""
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error,
            NotImplementedError, RuntimeError):
        return _Extras(None, has_formulas)
    tab = re.search(r"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"", workbook_xml)
    names = re.findall(r"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"", workbook_xml)
    index = int(tab.group(1)) if tab else 0
    if 0 <= index < len(names):
        import html

        active_name = html.unescape(names[index])
    return _Extras(active_name, has_formulas, _has_percent_style(styles))


def _percent_text(value: float) -> str:
    """A number formatted as a percent as the sheet shows it: 0.725 -> ``72.5%``."""
    shown_value = round(value * 100, 9)
    text = str(int(shown_value)) if shown_value.is_integer() else repr(shown_value)
    return f"{text}%"


def _is_percent(number_format: str) -> bool:
    return "%" in re.sub(r'\\.|"[^"]*"', "", number_format or "")


def _styled_cells(data: bytes, result: BookSheet, *, formulas: bool, percents: bool) -> None:
    """Flag the formula cells of ``result.sheet`` whose saved value cannot be trusted, and
    write percent-formatted numbers as the sheet shows them (``72.5%``, not ``0.725``).

    Cells are placed by their own row and column, as the rows of ``result`` are.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except Exception:
        return  # calamine read it; without cell details nothing more can be done
    try:
        stale = bool(getattr(book.calculation, "fullCalcOnLoad", False))
        sheet = book[result.sheet]
        rows = result.rows
        for row in sheet.iter_rows():
            for cell in row:
                number, column = getattr(cell, "row", None), getattr(cell, "column", None)
                if number is None or column is None or number > len(rows):
                    continue
                kind = getattr(cell, "data_type", None)
                line = rows[number - 1]
                saved = line[column - 1] if column - 1 < len(line) else ""
                if kind == "f" and (stale or saved == ""):
                    result.flags[(number, column - 1)] = _(FORMULA_FLAG)
                    continue
                if percents and kind in ("n", "f") and saved and _is_percent(
                        cell.number_format):
                    try:
                        line[column - 1] = _percent_text(float(saved))
                    except ValueError:
                        continue
    except Exception:
        return
    finally:
        book.close()
