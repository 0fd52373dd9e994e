"""The ``export`` and ``export-tables`` commands (registered in ``workbook/cli.py``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..commands import add_target, opened, target_of
from ..i18n import _

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``export`` and ``export-tables`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "export", help=_("write a meeting summary for partners (HTML, notebook, PDF)"),
        description=_("Write the summary of one meeting as one self-contained HTML file (no "
                      "scripts, nothing loaded from the internet) and the same content as a "
                      "notebook beside it, to OUT/<partnership>/<date>-<kind>.html; print the "
                      "path. OUT defaults to exports/ next to the workbook's data folder. "
                      "Without --language, one summary per language the partners need "
                      "(workbook languages), named <date>-<kind>.<code>.html but for English."))
    add_target(p)
    p.add_argument("--meeting", default="latest", metavar="ID|latest",
                   help=_("the meeting to summarize: its id, or 'latest' (the default)"))
    p.add_argument("--out", metavar="DIR", default=None,
                   help=_("folder to write under instead of exports/"))
    p.add_argument("--pdf", action="store_true",
                   help=_("also print a PDF with Debian's chromium (must be installed)"))
    p.add_argument("--edition", choices=("partners", "facilitator"), default="partners",
                   help=_("'partners' (the default): what partners receive, without the "
                          "facilitator's notes, momentum warnings and raw comments; "
                          "'facilitator': the full record, written as <date>-<kind>-"
                          "facilitator.html"))
    p.add_argument("--packet", action="store_true",
                   help=_("also write the meeting packet beside the summary: minutes.docx, "
                          "calendar files (.ics), one follow-up e-mail draft (.eml) per partner "
                          "organization (in its own language when it has one), tables.xlsx "
                          "and CSV files, in --language or the partnership's main language. "
                          "Nothing is sent."))
    p.set_defaults(func=export)

    p = subparsers.add_parser(
        "export-tables", help=_("write the workbook's tables as CSV files and one Excel file"),
        description=_("Write organizations, people, meetings, attendance, resources, the "
                      "problem tree, solutions, actions and health checks as CSV files and as "
                      "one tables.xlsx (a sheet per subject), to OUT/<partnership>/tables-"
                      "<date>/; print the folder. Headers are in words and names stand "
                      "instead of ids, unless --with-ids is given. "
                      "Text that a spreadsheet could run as a formula (starting with = + - @, "
                      "a tab or a carriage return) gets a leading apostrophe."))
    add_target(p)
    p.add_argument("--out", metavar="DIR", default=None,
                   help=_("folder to write under instead of exports/"))
    p.add_argument("--with-ids", action="store_true",
                   help=_("keep the stored ids and column names, so the tables can be "
                          "joined again (for analysts)"))
    p.set_defaults(func=export_tables)


def export(args: argparse.Namespace) -> None:
    from .publish import export_editions

    with opened(target_of(args)) as wb:
        # One summary per language the partners need, unless --language names one.
        pages = export_editions(wb, args.meeting, args.out, edition=args.edition,
                                languages=[args.language] if args.language else None)
        for page in pages:
            print(page)
        if args.packet:
            from .packet import export_packet

            packet = export_packet(wb, args.meeting, args.out, language=args.language)
            print(packet.folder)
            for name in packet.without_address:
                print("workbook: " + _("Nobody at {organization} has an e-mail address; its "
                                       "follow-up draft has no recipient.").format(
                                           organization=name), file=sys.stderr)
        if args.pdf:
            from .pdf import html_to_pdf

            for page in pages:
                print(html_to_pdf(page))


def export_tables(args: argparse.Namespace) -> None:
    from .tables import export_tables as write_tables

    with opened(target_of(args)) as wb:
        print(write_tables(wb, args.out, readable=not args.with_ids))
