"""Reading a CSV or Excel sheet of programs into resource-map entries, all or nothing.

    >>> frame = read_sheet("scan.xlsx", data)          # every cell as text, header row 1
    >>> mapping = guess_mapping(frame.columns)          # resource field -> sheet column
    >>> rows = preview(frame, mapping, wb)              # each row: an entry, a skip or an error
    >>> import_rows(wb, rows)                           # one transaction; refused if any error

A sheet is untrusted: it is capped in size and rows, its cells are read as text and never
evaluated (an Excel formula gives the value Excel last saved for it, a CSV cell starting
with ``=`` is plain text), and every value passes the model's own rules. Row numbers are
the sheet's own (the header is row 1), so people can find the row they need to fix.
A row naming an entry already on the map (same name, same owner) is skipped, not an error:
a growing scan can be imported again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import reference
from ..errors import ImportFileError, ValidationError, WorkbookError, shown
from ..model import Organisation, Resource
from ..store import Workbook

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "RowResult",
    "guess_mapping",
    "import_rows",
    "preview",
    "read_sheet",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 100
MAX_UNPACKED = 60 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to a bomb
MAX_LINES = 20 * MAX_ROWS  # rows read at most, blank ones included

FIELDS: dict[str, str] = {
    "name": "Name",
    "resource_kind": "Kind",
    "owner": "Owner organisation",
    "target_group": "Target group",
    "eligibility": "Eligibility",
    "capacity": "Capacity",
    "funding_source": "Funding source",
    "referral": "How to refer",
    "status": "Status",
    "found_on": "Date found",
    "notes": "Notes",
}
"""Resource fields a sheet column can fill, with their labels; ``owner`` is matched by name."""

REQUIRED = ("name",)

# Header words that usually mean a field, compared with case, spaces and punctuation removed.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "resource", "resourcename", "program", "programme", "programname",
             "title", "entry"),
    "resource_kind": ("kind", "type", "resourcekind", "resourcetype", "category"),
    "owner": ("owner", "ownerorganisation", "ownerorganization", "organisation", "organization",
              "org", "provider", "agency", "runby"),
    "target_group": ("targetgroup", "target", "audience", "population", "whoitserves", "serves"),
    "eligibility": ("eligibility", "eligible", "whoiseligible", "requirements"),
    "capacity": ("capacity", "places", "slots", "seats", "size"),
    "funding_source": ("fundingsource", "funding", "funder", "fundedby", "source"),
    "referral": ("referral", "howtorefer", "refer", "referrals", "contact"),
    "status": ("status", "state"),
    "found_on": ("foundon", "datefound", "found", "date", "added", "dateadded"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}


def _fold(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


# -- reading ---------------------------------------------------------------------------


def read_sheet(name: str, data: bytes) -> pd.DataFrame:
    """The sheet's rows as text, indexed by sheet row number; ImportFileError if unusable.

    CSV (UTF-8 with or without BOM, or Windows-1252; comma, semicolon or tab) and XLSX (the
    first worksheet) are read; anything else, an empty file, more than ``MAX_BYTES`` or
    more than ``MAX_ROWS`` rows is refused. Blank rows are left out.
    """
    label = shown(name)
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if suffix not in ("csv", "xlsx"):
        raise ImportFileError(f"{label} is not a CSV or Excel (.xlsx) file. Save the sheet as "
                              ".csv or .xlsx and upload it again.")
    if not data:
        raise ImportFileError(f"{label} is empty. Upload the sheet with its rows in it.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{label} is {len(data) / 1e6:.1f} MB, over the limit of "
                              f"{MAX_BYTES / 1e6:.0f} MB. Split it into smaller sheets.")
    rows = _csv_rows(label, data) if suffix == "csv" else _xlsx_rows(label, data)
    return _frame(label, rows)


def _csv_rows(label: str, data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(f"{label} is not a text file (is it an Excel file renamed to "
                              ".csv?). Save it as CSV, or upload the .xlsx itself.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(f"{label} is not readable text. Save it as CSV UTF-8 and "
                                  "upload it again.") from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, header=None,
                            keep_default_na=False, skip_blank_lines=False,
                            nrows=MAX_LINES + 1, engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise ImportFileError(f"{label} could not be read as CSV ({shown(str(exc), 120)}). "
                              "Check it opens in a spreadsheet, save it again as CSV and "
                              "upload it.") from None
    return [[str(c) for c in row] for row in frame.fillna("").values.tolist()]


def _xlsx_rows(label: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(f"{label} is not a valid .xlsx file (it may be an old .xls or "
                              "a damaged file). Save it as .xlsx or .csv and upload it "
                              "again.") from None
    if unpacked > MAX_UNPACKED:
        raise ImportFileError(f"{label} unpacks to {unpacked / 1e6:.0f} MB, far more than a "
                              "sheet of programs needs. Save only the table and upload it.")
    damaged = ImportFileError(f"{label} could not be read as an Excel workbook (it looks "
                              "damaged). Save it again as .xlsx or .csv and upload it.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _DAMAGED:
        raise damaged from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError(f"{label} has no worksheet. Put the table on the first "
                                  "sheet and upload it again.")
        return _sheet_rows(sheet)
    except _DAMAGED:
        raise damaged from None
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    filled = 0
    for values in sheet.iter_rows(values_only=True):
        cells = [_cell_text(v) for v in values[:MAX_COLUMNS + 1]]
        while cells and not cells[-1].strip():
            cells.pop()  # formatted but empty cells at the right of the table
        filled += bool(cells)
        rows.append(cells)
        if filled > MAX_ROWS + 1 or len(rows) > MAX_LINES:
            break  # enough to say it is too long
    return rows


def _damaged_errors() -> tuple[type[BaseException], ...]:
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    # What openpyxl lets through for a zip that is not a sound workbook: missing parts
    # (KeyError), bad XML, unexpected values.
    return (InvalidFileException, zipfile.BadZipFile, KeyError, ParseError, ValueError,
            TypeError, IndexError, OSError, EOFError)


_DAMAGED = _damaged_errors()


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a person would type (a formula's saved value, never itself)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame(label: str, rows: list[list[str]]) -> pd.DataFrame:
    if len(rows) > MAX_LINES:
        raise ImportFileError(f"{label} has more than {MAX_LINES:,} rows, blank ones counted. "
                              "Delete the empty rows below the table and upload it again.")
    first = 1  # the sheet's number of the header row
    while rows and not any(str(c).strip() for c in rows[0]):
        rows.pop(0)  # blank lines above the header
        first += 1
    if not rows:
        raise ImportFileError(f"{label} has no rows. Put the column names in the first row "
                              "and one entry per row below.")
    header = [str(c).strip() for c in rows[0]]
    width = max(len(r) for r in rows)
    if width > MAX_COLUMNS:
        raise ImportFileError(f"{label} has more than {MAX_COLUMNS} columns. Keep only the "
                              "columns the resource map needs.")
    header += [""] * (width - len(header))
    columns: list[str] = []
    for number, title in enumerate(header, start=1):
        title = title or f"column {number}"
        base, n = title, 2
        while title in columns:  # a repeated header gets a number so each can be mapped
            title, n = f"{base} ({n})", n + 1
        columns.append(title)
    body: dict[int, list[str]] = {}
    for offset, row in enumerate(rows[1:], start=first + 1):
        cells = [str(c) for c in row] + [""] * (width - len(row))
        if any(c.strip() for c in cells):
            body[offset] = cells
    if not body:
        raise ImportFileError(f"{label} has a header row but no entries under it. Add one "
                              "entry per row.")
    if len(body) > MAX_ROWS:
        raise ImportFileError(f"{label} has more than {MAX_ROWS:,} entries. Split it into "
                              "smaller sheets and import them one after the other.")
    frame = pd.DataFrame.from_dict(body, orient="index", columns=columns, dtype=str)
    frame.index.name = "row"
    return frame


# -- mapping ---------------------------------------------------------------------------


def guess_mapping(columns: Iterable[str]) -> dict[str, str | None]:
    """For each field of ``FIELDS``, the sheet column whose header suggests it (or None)."""
    columns = list(columns)
    folded = {c: _fold(str(c)) for c in columns}
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    used: set[str] = set()
    # Exact matches first, so "Name" wins for name before "Program name" is considered.
    for exact in (True, False):
        for field, words in _SYNONYMS.items():
            if mapping[field] is not None:
                continue
            for column in columns:
                key = folded[column]
                if column in used or not key:
                    continue
                if (key in words) if exact else any(key.startswith(w) or key.endswith(w)
                                                    for w in words if len(w) > 3):
                    mapping[field] = column
                    used.add(column)
                    break
    return mapping


# -- preview and import -----------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    """One sheet row as it would be stored: an entry, a skip (already on the map) or an error."""

    row: int
    values: Mapping[str, str]
    entity: Resource | None = None
    error: str = ""
    skipped: str = ""

    @property
    def outcome(self) -> str:
        return "error" if self.error else "skip" if self.skipped else "new"


def _choice(value: str, options: Mapping[str, str]) -> str:
    """A kind or status typed as its key or its title ("Data or research" -> "data")."""
    key = value.strip().casefold()
    for option, title in options.items():
        if key in (option.casefold(), title.casefold(), title.split(":")[0].casefold()):
            return option
    return value.strip()  # left as typed: the model refuses it with the allowed values


def _check_mapping(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> None:
    for field in REQUIRED:
        if not mapping.get(field):
            raise ImportFileError(f"No sheet column is mapped to {FIELDS[field]!r}, which "
                                  "every entry needs. Pick the column holding it.")
    for field, column in mapping.items():
        if field not in FIELDS:
            raise ImportFileError(f"{shown(field)} is not a resource field. Use one of: "
                                  f"{', '.join(FIELDS)}.")
        if column and column not in frame.columns:
            raise ImportFileError(f"The sheet has no column {shown(column)} (mapped to "
                                  f"{FIELDS[field]!r}). Pick one of the sheet's columns.")
    chosen = [c for c in mapping.values() if c]
    repeated = {c for c in chosen if chosen.count(c) > 1}
    if repeated:
        raise ImportFileError(f"The column {shown(sorted(repeated)[0])} is mapped to more than "
                              "one field. Map each column to one field only.")


def preview(frame: pd.DataFrame, mapping: Mapping[str, str | None],
            wb: Workbook) -> list[RowResult]:
    """Every row checked against the model and the map, as ``import_rows`` would store it."""
    _check_mapping(frame, mapping)
    owners = {o.name.casefold(): o for o in wb.all(Organisation)}
    on_map = {(r.name.casefold(), r.owner_id) for r in wb.all(Resource)}
    in_sheet: dict[tuple[str, int | None], int] = {}
    results: list[RowResult] = []
    used = {f: c for f, c in mapping.items() if c}
    for row_number, cells in zip(frame.index, frame[list(used.values())].itertuples(
            index=False, name=None), strict=True):
        values = {field: str(cell).strip() for field, cell in zip(used, cells, strict=True)}
        try:
            entity = _entity(values, owners)
        except WorkbookError as exc:
            results.append(RowResult(int(row_number), values, error=str(exc)))
            continue
        key = (entity.name.casefold(), entity.owner_id)
        if key in on_map:
            results.append(RowResult(int(row_number), values, entity,
                                     skipped="already on the map (same name and owner)"))
        elif key in in_sheet:
            results.append(RowResult(int(row_number), values, error=(
                f"name: {shown(entity.name)} repeats row {in_sheet[key]} with the same owner. "
                "Keep one of the two rows.")))
        else:
            in_sheet[key] = int(row_number)
            results.append(RowResult(int(row_number), values, entity))
    return results


def _entity(values: Mapping[str, str], owners: Mapping[str, Organisation]) -> Resource:
    fields: dict[str, Any] = {}
    for field, value in values.items():
        if field == "owner":
            if value:
                owner = owners.get(value.casefold())
                if owner is None:
                    raise ValidationError("owner", value, "is not an organisation in this "
                                          "workbook", "Add the organisation first (partners "
                                          "or kickoff), or correct the spelling in the sheet.")
                fields["owner_id"] = owner.id
        elif field == "resource_kind" and value:
            fields[field] = _choice(value, reference.RESOURCE_KINDS)
        elif field == "status" and value:
            fields[field] = _choice(value, reference.RESOURCE_STATUSES)
        elif value or field not in ("resource_kind", "status", "found_on"):
            fields[field] = value
    return Resource(**fields)


def import_rows(wb: Workbook, rows: Sequence[RowResult]) -> list[Resource]:
    """Store the new entries of a preview in one transaction; nothing if any row has an error."""
    bad = [r for r in rows if r.error]
    if bad:
        numbers = ", ".join(str(r.row) for r in bad[:10]) + (" …" if len(bad) > 10 else "")
        raise ImportFileError(f"{len(bad)} row(s) have errors (rows {numbers}); nothing was "
                              "imported. Fix them in the sheet and upload it again, or "
                              "unmap the column that is wrong.")
    new = [r.entity for r in rows if r.entity is not None and not r.skipped]
    if not new:
        raise ImportFileError("The sheet has no new entries: every row is already on the map. "
                              "Nothing was imported.")
    return wb.add_all(new)
