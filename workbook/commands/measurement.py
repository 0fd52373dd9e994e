"""The ``import-readings`` command: readings of outcomes from a CSV or Excel sheet.

``workbook import-readings PATH SHEET`` previews every reading the sheet holds (one column
per outcome, or one row per reading: see ``interchange.readings_sheet``) and changes
nothing; with ``--yes`` it stores the new ones in one transaction, or none when a row has
an error. A reading the workbook already has is skipped, so a growing sheet can be
imported again.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..errors import Sentence
from ..i18n import N_, _, ngettext
from . import opened

__all__ = ["register"]

SHOWN = 20
"""Rows with an error printed at most; the rest are counted."""


def register(subparsers: Any) -> None:
    """Add ``import-readings`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "import-readings", help=_("preview or import readings of outcomes from a sheet"),
        description=_("Read a CSV or Excel sheet of readings (a Date column and one column per "
                      "outcome, or Outcome, Date and Value columns) and preview it. With --yes, "
                      "store the new readings, all or none; without, change nothing."))
    p.add_argument("path", metavar="PATH", help=_("the workbook file"))
    p.add_argument("sheet", metavar="SHEET", help=_("the .csv or .xlsx file"))
    p.add_argument("--source", default="", help=_("where the figures come from (default: the "
                                                  "sheet's name)"))
    p.add_argument("--decimal", choices=("point", "comma"),
                   help=_("how the sheet writes numbers when it does not show it: 1,234.5 "
                          "(point) or 1.234,5 (comma)"))
    p.add_argument("--date-order", choices=("mdy", "dmy"),
                   help=_("how to read dates like 03/04/2026 when the sheet does not show it"))
    p.add_argument("--fractions", choices=("percent", "as-written"),
                   help=_("on a percentage outcome, read 0.725 as 72.5%% (percent) or as "
                          "0.725%% (as-written), when the sheet's figures are fractions"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=WHAT",
                   help=_("read COLUMN as WHAT: date, outcome, value, text, reported_by, "
                          "organisation, source or note, an outcome's description (or #ID) for "
                          "a column of that outcome's readings, or nothing ('COLUMN=') to leave "
                          "it out (repeatable); remembered for sheets with the same columns"))
    p.add_argument("--forget-layout", action="store_true",
                   help=_("do not use (and forget) the mapping remembered for these columns"))
    p.add_argument("--yes", action="store_true", help=_("store the new readings"))
    p.add_argument("--json", action="store_true", help=_("print the preview as one JSON object"))
    p.set_defaults(func=import_readings)


def _mapping(pairs: list[str], wb: Any) -> dict[str, str | None] | None:
    from ..errors import ImportFileError
    from ..interchange.readings_mapping import target_from_text
    from ..model import Outcome

    if not pairs:
        return None
    outcomes = wb.all(Outcome)
    chosen: dict[str, str | None] = {}
    for pair in pairs:
        column, sep, what = pair.rpartition("=")
        if not sep or not column.strip():
            raise ImportFileError(_("--map {pair} is not COLUMN=WHAT (e.g. 'Period "
                                    "ending=date').").format(pair=repr(pair)))
        chosen[column.strip()] = target_from_text(what, outcomes)
    return chosen


def _preview_json(name: str, rows: Any) -> dict[str, Any]:
    mapping = rows.mapping
    return {
        "file": name,
        "layout": mapping.signature,
        "remembered": mapping.remembered.to_json() if mapping.remembered else None,
        **mapping.to_json(),
        "decimal": rows.decimal,
        "ready": rows.ready,
        "questions": list(rows.questions),
        "notes": list(rows.notes),
        "counts": {s: sum(r.status == s for r in rows) for s in ("new", "skip", "error")},
        "rows": [{"row": r.row, "column": r.column, "outcome": r.outcome, "status": r.status,
                  "value": None if r.reading is None else r.reading.value,
                  "text": "" if r.reading is None else r.reading.text,
                  "read_on": None if r.reading is None else r.reading.read_on.isoformat(),
                  "message": r.error or r.skipped or r.note} for r in rows],
    }


def import_readings(args: argparse.Namespace) -> None:
    from ..errors import ImportFileError
    from ..interchange.readings_sheet import import_readings as store
    from ..interchange.readings_sheet import preview_readings
    from ..interchange.sheets import MAX_BYTES, read_file

    sheet = Path(args.sheet)
    if not sheet.is_file():
        raise ImportFileError(Sentence(N_("No file at {path}; check the path of the sheet."),
                                       path=sheet))
    with sheet.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    with opened(args.path, daily_backup=args.yes) as wb:
        read = read_file(sheet.name, data)
        rows = preview_readings(read.frame, wb, source=args.source, name=sheet.name,
                                decimal=args.decimal, date_order=args.date_order,
                                delimiter=read.delimiter,
                                fractions=(args.fractions or "").replace("-", " ") or None,
                                mapping=_mapping(args.map, wb),
                                remember=not args.forget_layout)
        if args.forget_layout:
            from ..interchange.sheet_memory import READINGS, forget_layout

            forget_layout(wb, read.frame.columns, READINGS)
        if args.json:
            result = _preview_json(sheet.name, rows)
            if args.yes:
                result["stored"] = len(store(wb, rows, source=sheet.name,
                                             remember=not args.forget_layout))
            print(json.dumps(result, indent=2, ensure_ascii=False))
            return
        new = sum(r.status == "new" for r in rows)
        skipped = [r for r in rows if r.status == "skip"]
        errors = [r for r in rows if r.error]
        print(_("{sheet}: {new} new readings, {skipped} skipped, {errors} with errors").format(
            sheet=sheet.name, new=new, skipped=len(skipped), errors=len(errors)))
        mapping = rows.mapping
        assert mapping is not None  # every preview has one
        if mapping.remembered is not None:
            print(_("Remembered: {sentence}").format(sentence=mapping.remembered.describe()))
        for column in mapping.unmapped():
            print(_("Not mapped: {column} (choose with --map COLUMN=WHAT)").format(
                column=column))
        for note in rows.notes:
            print(_("Note: {note}").format(note=note))
        from ..interchange.sheet_values import is_marker

        unread = [r for r in skipped if r.reading is None
                  and is_marker(r.values.get("value", ""))]  # "no reading" cells
        for row in unread[:SHOWN]:
            print("  " + _("row {row}, {column}: {error}").format(row=row.row, column=row.column,
                                                                 error=row.skipped))
        for row in errors[:SHOWN]:
            print("  " + _("row {row}, {column}: {error}").format(row=row.row, column=row.column,
                                                                 error=row.error))
        if len(errors) > SHOWN:
            more = len(errors) - SHOWN
            print("  " + ngettext("... and {count} more row with errors",
                                  "... and {count} more rows with errors", more).format(
                count=more))
        for question in rows.questions:
            hint = (_("Use --decimal point or --decimal comma.") if "decimal" in question
                    else _("Use --date-order mdy or dmy.") if "date order" in question
                    else _("Use --fractions percent or as-written.") if "fractions" in question
                    else _("Use --map COLUMN=WHAT.") if "column" in question
                    else "")
            print(_("To decide: {question}").format(question=question)
                  + (" " + hint if hint else ""))
        if not args.yes:
            print(_("Nothing was changed; run again with --yes to store the new readings."))
            return
        stored = store(wb, rows, source=sheet.name, remember=not args.forget_layout)
        print(ngettext("Stored {count} reading in {path}.", "Stored {count} readings in {path}.",
                       len(stored)).format(count=len(stored), path=args.path))
