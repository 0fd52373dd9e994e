"""The ``import-readings`` command: readings of outcomes from a CSV or Excel sheet.

``workbook import-readings PATH SHEET`` previews every reading the sheet holds (one column
per outcome, or one row per reading: see ``interchange.readings_sheet``) and changes
nothing; with ``--yes`` it stores the new ones in one transaction, or none when a row has
an error. A reading the workbook already has is skipped, so a growing sheet can be
imported again.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import opened

__all__ = ["register"]

SHOWN = 20
"""Rows with an error printed at most; the rest are counted."""


def register(subparsers: Any) -> None:
    """Add ``import-readings`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "import-readings", help="preview or import readings of outcomes from a sheet",
        description="Read a CSV or Excel sheet of readings (a Date column and one column per "
                    "outcome, or Outcome, Date and Value columns) and preview it. With --yes, "
                    "store the new readings, all or none; without, change nothing.")
    p.add_argument("path", metavar="PATH", help="the workbook file")
    p.add_argument("sheet", metavar="SHEET", help="the .csv or .xlsx file")
    p.add_argument("--source", default="", help="where the figures come from (default: the "
                                                "sheet's name)")
    p.add_argument("--yes", action="store_true", help="store the new readings")
    p.set_defaults(func=import_readings)


def import_readings(args: argparse.Namespace) -> None:
    from ..errors import ImportFileError
    from ..interchange.readings_sheet import import_readings as store
    from ..interchange.readings_sheet import preview_readings
    from ..interchange.sheets import MAX_BYTES, read_sheet

    sheet = Path(args.sheet)
    if not sheet.is_file():
        raise ImportFileError(f"No file at {sheet}; check the path of the sheet.")
    with sheet.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    with opened(args.path, daily_backup=args.yes) as wb:
        rows = preview_readings(read_sheet(sheet.name, data), wb, source=args.source,
                                name=sheet.name)
        new = sum(r.status == "new" for r in rows)
        skipped = sum(r.status == "skip" for r in rows)
        errors = [r for r in rows if r.error]
        print(f"{sheet.name}: {new} new readings, {skipped} already in the workbook, "
              f"{len(errors)} with errors")
        for row in errors[:SHOWN]:
            print(f"  row {row.row}, {row.column}: {row.error}")
        if len(errors) > SHOWN:
            print(f"  ... and {len(errors) - SHOWN} more rows with errors")
        if not args.yes:
            print("Nothing was changed; run again with --yes to store the new readings.")
            return
        stored = store(wb, rows, source=sheet.name)
        print(f"Stored {len(stored)} readings in {args.path}.")
