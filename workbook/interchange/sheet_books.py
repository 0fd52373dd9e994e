"""Spreadsheet files (.xlsx, .xlsm, .xls, .ods): one sheet's cells as text, never evaluated.

Cells are read by python-calamine (the reader behind pandas' ``engine="calamine"``), in a
child process with a memory cap (``calamine_child``): the value a spreadsheet last saved
for a formula, dates as dates. The active visible sheet is
read unless another is named; hidden sheets are offered but never picked by default.

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

from ..errors import ImportFileError, shown
from .calamine_child import cell_text, unescape

__all__ = ["BOOK_SUFFIXES", "BookSheet", "FORMULA_FLAG", "cell_text", "read_book", "unescape"]

BOOK_SUFFIXES = ("xlsx", "xlsm", "xls", "ods")
MAX_UNPACKED = 60 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to a bomb
CHILD_TIMEOUT = 60  # seconds the reader may take

FORMULA_FLAG = ("a formula that was never calculated, so its value is unknown: open the "
                "file in Excel or LibreOffice, save it, and upload it again")

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
    zipped = suffix in ("xlsx", "xlsm", "ods")
    if zipped:
        _check_zip(label, data, suffix)
    extras = _xlsx_extras(data) if suffix in ("xlsx", "xlsm") else None
    wanted = sheet if sheet is not None else (extras.active if extras else None) or ""
    found = _in_child(label, data, suffix, wanted, sheet is not None, max_lines)
    visible, hidden = list(found.get("visible", [])), list(found.get("hidden", []))
    if "missing" in found:
        raise ImportFileError(f"{label} has no sheet {shown(sheet)}. Pick one of: "
                              f"{', '.join(visible)}.")
    if "rows" not in found:
        raise ImportFileError(f"{label} has no visible worksheet. Unhide the sheet with "
                              "the table, save it and upload it again.")
    merged = [((a[0], a[1]), (b[0], b[1])) for a, b in found["merged"]]
    result = BookSheet(found["rows"], found["sheet"], visible, hidden, merged=merged)
    if extras is not None and extras.has_formulas:
        _flag_formulas(label, data, result)
    return result


def _in_child(label: str, data: bytes, suffix: str, wanted: str, required: bool,
              max_lines: int) -> dict[str, Any]:
    damaged = ImportFileError(f"{label} could not be read as a spreadsheet (it looks damaged "
                              f"or is not really a .{suffix} file). Open it in Excel or "
                              "LibreOffice, save it again and upload it.")
    script = Path(__file__).with_name("calamine_child.py")
    try:
        done = subprocess.run(
            [sys.executable, str(script), wanted, "1" if required else "0", str(max_lines)],
            input=data, capture_output=True, timeout=CHILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ImportFileError(f"{label} took more than {CHILD_TIMEOUT} seconds to read; it "
                              "is too large or damaged. Save only the table and upload "
                              "it.") from None
    if done.returncode != 0:
        raise damaged  # the reader crashed (memory cap, abort): the file is not usable
    try:
        found = json.loads(done.stdout)
    except ValueError:
        raise damaged from None
    if not isinstance(found, dict) or "error" in found:
        raise damaged
    return found


def _check_zip(label: str, data: bytes, suffix: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(f"{label} is not a valid .{suffix} file (it may be an old .xls "
                              "renamed, or damaged). Save it again from your spreadsheet and "
                              "upload it.") from None
    if unpacked > MAX_UNPACKED:
        raise ImportFileError(f"{label} unpacks to {unpacked / 1e6:.0f} MB, far more than a "
                              "sheet of programs needs. Save only the table and upload it.")


@dataclass(frozen=True)
class _Extras:
    active: str | None
    has_formulas: bool


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
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return _Extras(None, has_formulas)
    tab = re.search(r"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"", workbook_xml)
    names = re.findall(r"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"", workbook_xml)
    index = int(tab.group(1)) if tab else 0
    if 0 <= index < len(names):
        import html

        active_name = html.unescape(names[index])
    return _Extras(active_name, has_formulas)


def _flag_formulas(label: str, data: bytes, result: BookSheet) -> None:
    """Flag the formula cells of ``result.sheet`` whose saved value cannot be trusted."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        return  # calamine read it; without formula details nothing more can be flagged
    try:
        stale = bool(getattr(book.calculation, "fullCalcOnLoad", False))
        sheet = book[result.sheet]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > len(result.rows):
                break
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                column = cell.column - 1
                saved = result.rows[number - 1][column] \
                    if column < len(result.rows[number - 1]) else ""
                if stale or saved == "":
                    result.flags[(number, column)] = FORMULA_FLAG
    except Exception:
        return
    finally:
        book.close()
