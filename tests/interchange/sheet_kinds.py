"""Sheets of every kind partners send, made on demand: one maker per kind, many variants.

Imported by the sheet tests of this folder (pytest puts the folder on ``sys.path``). Run it
to write one file of each kind into a folder and look at them in a spreadsheet:

    .venv/bin/python tests/interchange/sheet_kinds.py /tmp/sheet-kinds

No maintained library writes the old binary .xls, so that kind is one small committed file,
``tests/fixtures/sheets/kind-legacy-hidden-sheet.xls``, written once with xlwt 1.3.0 (in a
throwaway environment) by ``XLS_RECIPE`` below.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import openpyxl

ENTRIES = [("Welding 101", "Valley College", "Adults"), ("CNC Basics", "Valley College",
                                                         "Youth")]
HEADER = ("Program name", "Provider", "Target group")


def text_sheet(*, delimiter: str = ",", encoding: str = "utf-8", newline: str = "\r\n",
               titles: int = 0, blanks: int = 0, trailing_columns: int = 0,
               sep_line: bool = False, uneven: bool = False,
               rows: list[tuple[str, ...]] | None = None,
               header: tuple[str, ...] = HEADER) -> bytes:
    """A delimited text sheet: ``titles`` title lines and ``blanks`` blank lines above the
    header, ``trailing_columns`` empty cells after each row, Excel's ``sep=`` line, and
    rows cut short or padded when ``uneven``."""
    lines = [f"Resource scan {n + 1} (March 2024)" for n in range(titles)]
    lines += [""] * blanks
    if sep_line:
        lines.insert(0, f"sep={delimiter}")
    extra = delimiter * trailing_columns
    lines.append(delimiter.join(header) + extra)
    for number, row in enumerate(rows or ENTRIES):
        cells = list(row)
        if uneven and number % 2:
            cells += ["", ""]
        elif uneven and cells[-1] == "":
            cells.pop()
        lines.append(delimiter.join(cells) + extra)
    text = newline.join(lines) + newline
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its BOM, as Excel's "Unicode Text"
    return text.encode(encoding)


def xlsx(rows: list[list[object]], *, title: str = "Programs", merge: str | None = None,
         hidden_first: bool = False, extra_sheets: tuple[str, ...] = ()) -> bytes:
    """An .xlsx made by openpyxl (so formulas have no saved values)."""
    book = openpyxl.Workbook()
    sheet = book.active
    if hidden_first:
        sheet.title = "Lists"
        sheet.append(["Kinds"])
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet(title)
        book.active = 1
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for name in extra_sheets:
        extra = book.create_sheet(name)
        extra.append(["Other"])
        extra.append([f"{name} entry"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def two_row_header_xlsx() -> bytes:
    """Group titles merged over the column names: Program (Name, Provider), Contact (...)."""
    return xlsx([["Program", None, "Contact", None],
                 ["Name", "Provider", "Person", "Email"],
                 ["Welding 101", "Valley College", "Pat", "pat@example.org"],
                 ["CNC Basics", "Valley College", "Sam", "sam@example.org"]],
                merge="A1:B1")


def escaped_breaks_xlsx() -> bytes:
    """A cell with an Excel line break (stored as ``_x000D_``)."""
    return xlsx([["Program name", "Notes"], ["Welding 101", "Evenings\r\nand weekends"],
                 ["CNC Basics", "Days_x000D_"]])


def dated_xlsx() -> bytes:
    """Dates with a time of day, and an Excel serial number in the date column."""
    return xlsx([["Program name", "Date found"],
                 ["Welding 101", dt.datetime(2024, 3, 14, 9, 30)],
                 ["CNC Basics", 45366]])


def ods(rows: list[list[str]], *, sheet: str = "Programs") -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice writes, reduced)."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p>'
            "</table:table-cell>" for c in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


XLS_RECIPE = """
import datetime as dt, xlwt
book = xlwt.Workbook(encoding="utf-8")
hidden = book.add_sheet("Lists"); hidden.write(0, 0, "Kinds"); hidden.visibility = 1
sheet = book.add_sheet("Programs")
rows = [["Program name", "Provider", "Date found", "Capacity"],
        ["Welding 101", "Valley College", dt.date(2024, 3, 14), 24],
        ["CNC Basics", "Valley College", dt.date(2024, 3, 15), 12]]
dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
for r, row in enumerate(rows):
    for c, v in enumerate(row):
        sheet.write(r, c, v, dates) if isinstance(v, dt.date) else sheet.write(r, c, v)
book.active_sheet = 1; sheet.set_selected(True); hidden.set_selected(False)
book.save("kind-legacy-hidden-sheet.xls")
"""


def main(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "semicolon-title-rows.csv": text_sheet(delimiter=";", titles=2),
        "pipe-cr.csv": text_sheet(delimiter="|", newline="\r"),
        "tab-utf16.txt": text_sheet(delimiter="\t", encoding="utf-16"),
        "mac-roman.csv": text_sheet(encoding="mac_roman", rows=[("Café Skills", "Valley "
                                                                 "Collège", "Adults")]),
        "two-row-header.xlsx": two_row_header_xlsx(),
        "escaped-breaks.xlsx": escaped_breaks_xlsx(),
        "dated.xlsx": dated_xlsx(),
        "programs.ods": ods([list(HEADER), *map(list, ENTRIES)]),
    }
    for name, data in files.items():
        (target / name).write_bytes(data)
    print(f"Wrote {len(files)} files to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sheet-kinds")
