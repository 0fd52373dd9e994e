"""Reading a partner's sheet of programs into resource-map entries: preview, then import.

    >>> preview = preview_sheet(wb, "scan.xlsx", data)        # guessed sheet, header, mapping
    >>> preview.to_json()["rows"][0]                           # {"row": 2, "outcome": "added", ...}
    >>> preview = preview_sheet(wb, "scan.xlsx", data, SheetOptions(header_row=3))
    >>> import_sheet(wb, preview)                              # stores what the preview showed

``preview_sheet`` is the one function the ``workbook import-sheet`` command and the
resource map's import panel share. It reads text files (encoding, line ends and delimiter
found, see ``sheet_text``) and workbook files (``sheet_books``), finds the header
(``sheet_table``), guesses which column fills which field (``sheet_fields``) and checks
every row against the model and the map.

A sheet is untrusted: it is capped in size and rows, its cells are read as text and never
evaluated, and every value passes the model's own rules. Names and owners are compared as
``model.text.comparable`` makes them (NFC, case folded, invisible characters removed). A
row naming an entry already on the map (same name, same owner) is skipped, not an error.

Column guesses are checked (``sheet_mapping``): a weak guess, or a column whose cells do
not look like the field (ids, e-mail addresses, sentences, people's names in a name or
owner), leaves the field open, and the preview asks (``questions``; not ``ready``). A
mapping used for an import is remembered for the sheet's layout (``sheet_memory``), so
the same partner's next file imports in one step. Columns not mapped are listed and can be
kept in the entries' notes; rows that are not entries (a survey's import ids, section
titles, notes and totals under the table) are skipped and listed with the reason.

An import is one transaction (one step of the history): the organisations it adds, its
entries and the remembered layout are stored together, or nothing is. An import that
refuses before storing (any refused row, an uncertain encoding, an undecided owner)
stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .. import reference
from ..errors import ImportFileError, Sentence, ValidationError, WorkbookError, number_shown, shown
from ..i18n import N_, _, format_list, format_number, ngettext
from ..model import Organisation, Person, Resource
from ..model.text import comparable
from ..store import Workbook
from .sheet_books import BOOK_SUFFIXES, read_book
from .sheet_fields import DATE_FIELDS, DATE_ORDERS, FIELDS, guess_mapping, read_dates
from .sheet_mapping import Settled, settle_mapping, unmapped_columns
from .sheet_memory import RememberedLayout, layout_signature, recall_layout, remember_layout
from .sheet_rows import entity_from, keep_and_cut, kept_columns
from .sheet_store import store_resources
from .sheet_table import MAX_ROWS, Table, build_table
from .sheet_text import decode, encoding_label, text_rows

__all__ = ["FIELDS", "MAX_BYTES", "MAX_ROWS", "NEW_OWNERS", "OUTCOMES", "RowResult",
           "SheetFile", "SheetOptions", "SheetPreview", "guess_mapping", "import_sheet",
           "preview_rows", "preview_sheet", "read_file", "read_sheet"]

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20 * MAX_ROWS  # rows read at most, blank ones included
TEXT_SUFFIXES = ("csv", "tsv", "txt", "tab")
NEW_OWNERS = {"ask": N_("ask"), "add": N_("add as new organizations"), "blank": N_("leave blank")}
OUTCOMES = {"new": "added", "skip": "already on the map", "error": "refused"}
"""A row's outcome as the preview names it."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SheetOptions:
    """What the facilitator chose; None means "as guessed".

    ``mapping`` is field -> column (None: leave the field unfilled); ``new_owners`` is
    "ask", "add" or "blank"; ``partner_type`` is the type of the organisations added;
    ``date_order`` "mdy"/"dmy"; ``values`` maps a field ("resource_kind", "status") to
    {value as the sheet writes it: the map's choice}, for the whole file;
    ``keep_in_notes`` names unmapped columns (or "*" for all) whose cells are added to
    each entry's notes as "Column: value"; ``remember`` uses the mapping confirmed for
    this layout before (``sheet_memory``); ``corrections`` maps (sheet row, field) to the
    value typed in the preview instead of the sheet's cell (a refused row corrected in
    place; the file itself is not changed).
    """

    sheet: str | None = None
    header_row: int | None = None
    mapping: Mapping[str, str | None] | None = None
    encoding: str | None = None
    date_order: str | None = None
    new_owners: str = "ask"
    partner_type: str | None = None
    values: Mapping[str, Mapping[str, str]] | None = None
    keep_in_notes: tuple[str, ...] = ()
    remember: bool = True
    corrections: Mapping[tuple[int, str], str] | None = None


@dataclass
class SheetFile:
    """A file read: its table and how it was read (encoding, sheet, header row)."""

    name: str
    table: Table
    encoding: str | None = None
    encoding_certain: bool = True
    encoding_choices: tuple[str, ...] = ()
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        return self.table.frame


def read_file(name: str, data: bytes, *, sheet: str | None = None,
              header_row: int | None = None, encoding: str | None = None) -> SheetFile:
    """Read a CSV/text or workbook file into a table; ImportFileError if it is unusable."""
    label = shown(name)
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if suffix not in TEXT_SUFFIXES + BOOK_SUFFIXES:
        raise ImportFileError(Sentence(N_(
            "{name} is not a CSV, text or spreadsheet file. Save the sheet as .csv, .xlsx or "
            ".ods and upload it again."), name=label))
    if not data:
        raise ImportFileError(Sentence(N_(
            "{name} is empty. Upload the sheet with its rows in it."), name=label))
    if len(data) > MAX_BYTES:
        raise ImportFileError(Sentence(N_(
            "{name} is {size} MB, over the limit of {limit} MB. Split it into smaller "
            "sheets."), name=label, size=f"{len(data) / 1e6:.1f}",
            limit=f"{MAX_BYTES / 1e6:.0f}"))
    if suffix in BOOK_SUFFIXES:
        book = read_book(label, data, suffix, sheet, MAX_LINES)
        _check_lines(label, book.rows)
        table = build_table(book.rows, header_row=header_row, flags=book.flags,
                            merged=book.merged, what=label)
        return SheetFile(name, table, sheet=book.sheet, sheets=book.sheets,
                         hidden_sheets=book.hidden)
    decoded = decode(data, encoding, label=label)
    try:
        rows, delimiter = text_rows(decoded.text, max_rows=MAX_LINES)
    except ImportFileError as exc:
        raise ImportFileError(Sentence(N_("{name}: {problem}"), name=label,
                                       problem=exc)) from None
    _check_lines(label, rows)
    table = build_table(rows, header_row=header_row, what=label)
    return SheetFile(name, table, decoded.encoding, decoded.certain, decoded.choices,
                     delimiter)


def _check_lines(label: str, rows: Sequence[Any]) -> None:
    if len(rows) > MAX_LINES:
        raise ImportFileError(Sentence(N_(
            "{name} has more than {limit} rows, blank ones counted. Delete the empty rows "
            "below the table and upload it again."), name=label,
            limit=number_shown(MAX_LINES)))


def read_sheet(name: str, data: bytes, **options: Any) -> pd.DataFrame:
    """The entries of a sheet as text, indexed by sheet row number (see ``read_file``)."""
    return read_file(name, data, **options).frame


# -- preview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    """One sheet row as it would be stored: an entry, a skip (already on the map) or an error.

    ``new_owner`` names an owner that import will add as a new organisation.
    """

    row: int
    values: Mapping[str, str]
    entity: Resource | None = None
    error: str = ""
    skipped: str = ""
    new_owner: str = ""
    note: str = ""

    @property
    def outcome(self) -> str:
        return "error" if self.error else "skip" if self.skipped else "new"

    @property
    def message(self) -> str:
        return self.error or self.skipped or self.note


@dataclass
class SheetPreview:
    """Everything the preview shows; ``problems`` say what must be decided before import."""

    file: SheetFile
    options: SheetOptions
    mapping: dict[str, str | None]
    rows: list[RowResult]
    unknown_owners: list[str] = field(default_factory=list)
    date_order_needed: bool = False
    problems: list[str] = field(default_factory=list)
    settled: Settled | None = None
    remembered: RememberedLayout | None = None

    def counts(self) -> dict[str, int]:
        return {OUTCOMES[k]: sum(r.outcome == k for r in self.rows) for k in OUTCOMES}

    def to_json(self) -> dict[str, Any]:
        """The preview as plain JSON data (the ``--json`` output)."""
        sheet_file = self.file
        return {
            "file": sheet_file.name,
            "encoding": sheet_file.encoding,
            "encoding_certain": sheet_file.encoding_certain,
            "encoding_choices": list(sheet_file.encoding_choices),
            "delimiter": sheet_file.delimiter,
            "sheet": sheet_file.sheet,
            "sheets": sheet_file.sheets,
            "hidden_sheets": sheet_file.hidden_sheets,
            "header_row": sheet_file.table.header_row,
            "columns": [str(c) for c in sheet_file.frame.columns],
            "mapping": dict(self.mapping),
            "mapped_how": dict(self.settled.how) if self.settled else {},
            "questions": [q.to_json() for q in self.settled.questions]
            if self.settled else [],
            "unmapped_columns": unmapped_columns(sheet_file.frame, self.mapping),
            "respondent_columns": self.settled.respondent if self.settled else [],
            "kept_in_notes": list(self.options.keep_in_notes),
            "layout": layout_signature(sheet_file.frame.columns),
            "remembered": self.remembered.to_json() if self.remembered else None,
            "skipped_rows": [{"row": n, "reason": why}
                             for n, why in sorted(sheet_file.table.skipped.items())],
            "date_order": self.options.date_order,
            "date_order_needed": self.date_order_needed,
            "unknown_owners": self.unknown_owners,
            "new_owners": self.options.new_owners,
            "counts": self.counts(),
            "ready": not self.problems,
            "problems": self.problems,
            "rows": [{"row": r.row, "outcome": OUTCOMES[r.outcome], "values": dict(r.values),
                      "message": r.message} for r in self.rows],
        }


def _check_mapping(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> None:
    for fld, column in mapping.items():
        if fld not in FIELDS:
            raise ImportFileError(Sentence(N_(
                "{field} is not a resource field. Use one of: {fields}."),
                field=shown(fld), fields=", ".join(FIELDS)))
        if column and column not in frame.columns:
            raise ImportFileError(Sentence(N_(
                "The sheet has no column {column} (mapped to the field {field}). Pick one of "
                "the sheet's columns: {columns}."), column=shown(column),
                field=Sentence(FIELDS[fld]), columns=", ".join(map(str, frame.columns))))
    # One column may fill the name and the owner (a list of providers); no other pair.
    chosen = [c for f, c in mapping.items() if c and f != "owner"]
    repeated = {c for c in chosen if chosen.count(c) > 1}
    if repeated:
        raise ImportFileError(Sentence(N_(
            "The column {column} is mapped to more than one field. Map each column to one "
            "field only."), column=shown(sorted(repeated)[0])))


def preview_sheet(wb: Workbook, name: str, data: bytes, options: SheetOptions | None = None,
                  *, progress: Progress | None = None) -> SheetPreview:
    """Read ``data`` and check every row as ``import_sheet`` would store it.

    Raises ImportFileError for a file that cannot be read or a mapping that cannot work;
    problems a facilitator must decide (encoding, owners, date order) are in ``problems``.
    """
    options = options or SheetOptions()
    sheet_file = read_file(name, data, sheet=options.sheet, header_row=options.header_row,
                           encoding=options.encoding)
    return preview_rows(wb, sheet_file, options, progress=progress)


def preview_rows(wb: Workbook, sheet_file: SheetFile, options: SheetOptions,
                 *, progress: Progress | None = None) -> SheetPreview:
    """Check the rows of a file already read (the view re-previews without re-reading)."""
    frame = sheet_file.frame
    remembered = recall_layout(wb, frame.columns) if options.remember else None
    settled = settle_mapping(
        frame, chosen=options.mapping, people={comparable(p.name) for p in wb.all(Person)},
        remembered=remembered.mapping if remembered else None)
    mapping = settled.mapping
    _check_mapping(frame, mapping)
    if options.new_owners not in NEW_OWNERS:
        raise ImportFileError(Sentence(N_(
            "{choice} is not a choice for new owners. Use ask, add or blank."),
            choice=shown(options.new_owners)))
    if not mapping.get("name"):  # nothing to check until the name's column is chosen
        preview = SheetPreview(sheet_file, options, mapping, [], settled=settled,
                               remembered=remembered)
        preview.problems = _problems(preview)
        return preview
    used = {f: c for f, c in mapping.items() if c}
    columns = {f: frame[c].tolist() for f, c in used.items()}
    kept = kept_columns(frame, mapping, options.keep_in_notes)
    corrected: dict[int, dict[str, str]] = {}
    for (row, fld), value in (options.corrections or {}).items():
        if fld not in FIELDS or not mapping.get(fld):
            raise ImportFileError(Sentence(N_(
                "{field} is not a field filled from the sheet, so row {row} cannot be "
                "corrected there. Map the field first."), field=shown(fld), row=row))
        corrected.setdefault(int(row), {})[fld] = str(value).strip()
    numbers = [int(n) for n in frame.index]
    date_order_needed = False
    for fld in DATE_FIELDS:
        if fld in columns:
            dates, needed = read_dates(dict(zip(numbers, columns[fld], strict=True)),
                                       options.date_order)
            columns[fld] = [dates[n] for n in numbers]
            date_order_needed = date_order_needed or needed
    owners = {comparable(o.name): o for o in wb.all(Organisation)}
    on_map = {(comparable(r.name), r.owner_id) for r in wb.all(Resource)}
    flags = sheet_file.table.flags
    in_sheet: dict[tuple[str, Any], int] = {}
    unknown: dict[str, str] = {}
    results: list[RowResult] = []
    total = len(numbers)
    for index, number in enumerate(numbers):
        if progress is not None and index % 500 == 0:
            progress(index, total)
        values = {f: str(columns[f][index]).strip() for f in used}
        fixed = corrected.get(number, {})
        values.update(fixed)
        cut = keep_and_cut(values, kept, frame, number)
        flagged = [(f, flags[(number, c)]) for f, c in used.items()
                   if (number, c) in flags and f not in fixed]
        if flagged:
            fld, problem = flagged[0]
            letter = sheet_file.table.letter(used[fld])
            if letter:
                error = _("{field} (column {column}, {letter} in the sheet) is {problem}.")
            else:
                error = _("{field} (column {column}) is {problem}.")
            results.append(RowResult(number, values, error=error.format(
                field=_(FIELDS[fld]), column=shown(used[fld]), letter=letter,
                problem=problem)))
            continue
        if date_order_needed and values.get("found_on") and "/" in values["found_on"]:
            results.append(RowResult(number, values, error=_(
                "{field}: {value} could be month/day or day/month. Choose the date order of "
                "the sheet.").format(field=_(FIELDS["found_on"]),
                                     value=shown(values["found_on"]))))
            continue
        owner_text = values.get("owner", "")
        owner_key = comparable(owner_text)
        owner = owners.get(owner_key) if owner_text else None
        note, new_owner = cut, ""
        fields = dict(values)
        if owner_text and owner is None:
            if options.new_owners == "blank":
                note = _("The owner {owner} is not in the workbook: left blank.").format(
                    owner=shown(owner_text))
                fields["owner"] = ""
                owner_key = ""
            else:
                unknown.setdefault(owner_key, owner_text)
                if options.new_owners == "ask":
                    results.append(RowResult(number, values, error=_(
                        "The owner {owner} is not an organization in this workbook. Add it as "
                        "a new organization, leave the owner blank, or correct the spelling "
                        "in the sheet.").format(owner=shown(owner_text))))
                    continue
                new_owner = unknown[owner_key]
                note = "; ".join(filter(None, [
                    note, _("Adds the organization {name}.").format(
                        name=shown(new_owner))]))
        try:
            entity = entity_from(fields, owner, options.values or {})
            if new_owner:
                Organisation(name=new_owner, partner_type=options.partner_type or "business")
        except WorkbookError as exc:
            results.append(RowResult(number, values, error=str(exc)))
            continue
        key = (comparable(entity.name), entity.owner_id if owner is not None
               else ("new", owner_key) if new_owner else None)
        if key in on_map:
            results.append(RowResult(number, values, entity,
                                     skipped=_("Already on the map (same name and "
                                               "owner).")))
        elif key in in_sheet:
            results.append(RowResult(number, values, error=_(
                "The name {name} repeats row {row} with the same owner. Keep one of the two "
                "rows.").format(name=shown(entity.name), row=in_sheet[key])))
        else:
            in_sheet[key] = number
            results.append(RowResult(number, values, entity, new_owner=new_owner, note=note))
    if progress is not None:
        progress(total, total)
    preview = SheetPreview(sheet_file, options, mapping, results, sorted(
        unknown.values(), key=comparable), date_order_needed, settled=settled,
        remembered=remembered)
    preview.problems = _problems(preview)
    return preview




def _problems(preview: SheetPreview) -> list[str]:
    problems = [q.message for q in (preview.settled.questions if preview.settled else [])
                if q.blocking]
    sheet_file, options = preview.file, preview.options
    if not sheet_file.encoding_certain:
        readings = format_list([encoding_label(e) for e in sheet_file.encoding_choices[:4]],
                               style="or")
        problems.append(_("The file's encoding is uncertain (it reads as {readings}). Check "
                          "the names in the preview and choose the encoding that shows them "
                          "right.").format(readings=readings))
    if preview.unknown_owners and options.new_owners == "ask":
        count = len(preview.unknown_owners)
        problems.append(ngettext(
            "{count} owner is not in the workbook ({names}). Choose to add it as a new "
            "organization or to leave the owner blank.",
            "{count} owners are not in the workbook ({names}). Choose to add them as new "
            "organizations or to leave the owner blank.", count).format(
                count=format_number(count), names=", ".join(preview.unknown_owners[:5])))
    if preview.unknown_owners and options.new_owners == "add" and (
            options.partner_type not in reference.PARTNER_TYPES
            or options.partner_type == reference.OWN):
        kinds = ", ".join(k for k in reference.PARTNER_TYPES if k != reference.OWN)
        count = len(preview.unknown_owners)
        problems.append(ngettext(
            "Say which type of partner the {count} new organization is: one of {kinds}.",
            "Say which type of partner the {count} new organizations are: one of {kinds}.",
            count).format(count=format_number(count), kinds=kinds))
    if preview.date_order_needed:
        problems.append(_("The dates could be month/day or day/month. Choose the date order "
                          "({orders}).").format(
                              orders=", ".join(_(o) for o in DATE_ORDERS.values())))
    bad = [r for r in preview.rows if r.error]
    if bad:
        numbers = ", ".join(str(r.row) for r in bad[:10]) + (" …" if len(bad) > 10 else "")
        problems.append(ngettext(
            "{count} row is refused (row {numbers}). Fix it in the sheet and upload it again, "
            "or unmap the column that is wrong.",
            "{count} rows are refused (rows {numbers}). Fix them in the sheet and upload it "
            "again, or unmap the column that is wrong.", len(bad)).format(
                count=format_number(len(bad)), numbers=numbers))
    return problems


# -- import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: entries, organisations added, entries found already there."""

    stored: list[Resource]
    organisations: list[Organisation]
    skipped: int


def import_sheet(wb: Workbook, preview: SheetPreview, *,
                 progress: Progress | None = None) -> ImportResult:
    """Store the new entries of ``preview`` (and the organisations it adds), in batches.

    Raises ImportFileError, storing nothing, while the preview has problems or no new
    entry. A batch refused part way raises ImportFileError saying how many were stored;
    importing the same sheet again adds the rest (see the module's docstring).
    """
    if preview.problems:
        raise ImportFileError(Sentence(N_("{problem} Nothing was imported."),
                                       problem=preview.problems[0]))
    new = [r for r in preview.rows if r.entity is not None and not r.skipped]
    if not new:
        raise ImportFileError(Sentence(N_(
            "The sheet has no new entries: every row is already on the map. Nothing was "
            "imported.")))
    wanted = list(dict.fromkeys(r.new_owner for r in new if r.new_owner))
    label = _import_label(preview.file.name, len(new), len(wanted))
    added: list[Organisation] = []
    with wb.change(label) as step:  # the organisations and the remembered layout
        if wanted:
            added = _add_organisations(wb, wanted, preview.options.partner_type or "business")
        ids = {comparable(o.name): o.id for o in wb.all(Organisation)}
        if preview.options.remember:
            remember_layout(wb, preview.file.frame.columns, preview.mapping,
                            preview.file.name)
    entities = [replace(r.entity, owner_id=ids[comparable(r.new_owner)]) if r.new_owner
                else r.entity for r in new if r.entity is not None]
    # The entries in short transactions of the same step: one Undo, no long wait.
    stored, skipped = store_resources(wb, entities, progress=progress, label=label,
                                      continues=step if step.batch is not None else None)
    return ImportResult(stored, added, skipped)


def _import_label(file_name: str, entries: int, organizations: int) -> str:
    """The step's name in the history, in the current language: ``Import programs.csv (24
    entries, 2 organizations)``."""
    counted = ngettext("{count} entry", "{count} entries", entries).format(count=entries)
    if not organizations:
        return _("Import {file} ({entries})").format(file=file_name, entries=counted)
    return _("Import {file} ({entries}, {organizations})").format(
        file=file_name, entries=counted,
        organizations=ngettext("{count} organization", "{count} organizations",
                               organizations).format(count=organizations))


def _add_organisations(wb: Workbook, names: Sequence[str], partner_type: str) -> list[Organisation]:
    """The organisations named that are not in the workbook yet (inside the import's
    transaction)."""
    have = {comparable(o.name) for o in wb.all(Organisation)}
    fresh = [Organisation(name=n, partner_type=partner_type) for n in names
             if comparable(n) not in have]
    try:
        return wb.add_all(fresh) if fresh else []
    except ValidationError as exc:
        raise ImportFileError(Sentence(N_(
            "A new organization was refused: {problem} Nothing was imported."),
            problem=exc)) from exc
