"""The spreadsheet reader's child process: one sheet of a workbook file as text cells.

python-calamine is fast, but a damaged or hostile file can make it ask for hundreds of
gigabytes (a cell at XFD1048576, a corrupt .xls size field), and Rust then aborts the whole
process: a notebook's kernel would die. So ``sheet_books`` runs this file as a script in a
child process with a memory cap, and a file that kills the child is refused like any
damaged file. It imports nothing from the package, so the child starts in milliseconds.

    python calamine_child.py SHEET REQUIRED MAX_LINES < file.xlsx > result.json

``SHEET`` is the sheet wanted ("" for the first visible one); ``REQUIRED`` is 1 when only
that sheet will do (else the first visible sheet is read when it is missing or hidden).
The JSON holds ``sheet``, ``visible``, ``hidden``, ``rows`` (text cells, each at its own
column: a table starting in column B has an empty first cell) and ``merged``; or
``missing`` (no such sheet) or ``error`` (the reader's complaint, with ``password`` when
the file is encrypted).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from typing import Any

MEMORY_CAP = 2 * 1024**3  # bytes of address space the child may use

_ESCAPE = re.compile(r"_x005[Ff](_x[0-9A-Fa-f]{4}_)|_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's escaped characters (``_x000D_``) decoded and line ends made ``\\n``."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: m.group(1) or chr(int(m.group(2), 16)), text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def cell_text(value: Any) -> str:
    """A cell as the text a person would type: dates ISO, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return unescape(str(value))


def read(data: bytes, wanted: str, required: bool, max_lines: int) -> dict[str, Any]:
    """One sheet of ``data`` as the JSON-ready result described above."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = [m for m in book.sheets_metadata if "Sheet" in str(m.typ)]
        visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
        hidden = [m.name for m in sheets if m.visible != SheetVisibleEnum.Visible]
        if required and wanted not in visible + hidden:
            return {"missing": wanted, "visible": visible, "hidden": hidden}
        if not required and wanted not in visible:
            if not visible:
                return {"visible": [], "hidden": hidden}
            wanted = visible[0]
        cells = book.get_sheet_by_name(wanted)
        # The rows start at row 1, but at the first used column: put the columns left of
        # it back, so a cell's place is the sheet's own (the formula flags, merged ranges
        # and number formats read elsewhere use the sheet's own places).
        margin = [""] * (cells.start[1] if cells.start else 0)
        rows = []
        for row in cells.iter_rows():
            rows.append(margin + [cell_text(v) for v in row])
            if len(rows) > max_lines:
                break
        merged = [list(map(list, m)) for m in (cells.merged_cell_ranges or [])]
        return {"sheet": wanted, "visible": visible, "hidden": hidden, "rows": rows,
                "merged": merged}
    finally:
        book.close()


def main() -> None:
    wanted, required, max_lines = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    except (ImportError, ValueError, OSError):
        pass  # no cap where the system has none; the parent still survives a crash
    data = sys.stdin.buffer.read()
    try:
        result = read(data, wanted, required, max_lines)
    except Exception as exc:  # the reader's complaint about a damaged file
        result = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        if "password" in result["error"].casefold():
            result["password"] = True
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
