"""Core commands: make a workbook (``demo``, ``new``), look at it (``info``), move it as
JSON (``export-json``, ``import-json``)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..i18n import _, format_date, ngettext
from . import add_db_options, add_target, opened, target_of

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the core commands to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "demo", help="write the demo workbook",
        description="Write a demo workbook with a fictional partnership to PATH.")
    add_target(p, "the workbook file to write")
    p.add_argument("--force", action="store_true", help="replace the workbook if it exists")
    p.set_defaults(func=demo)

    p = subparsers.add_parser(
        "new", help="create an empty workbook",
        description="Create a new, empty workbook for one partnership.")
    add_target(p, "the workbook file to create")
    p.add_argument("--title", required=True, help="working title of the partnership")
    p.add_argument("--sector", required=True, help="the industry, e.g. 'Manufacturing'")
    p.add_argument("--region", required=True, help="where the partnership works")
    p.add_argument("--intermediary", default="", help="the organisation that convenes it")
    p.add_argument("--force", action="store_true", help="replace the workbook if it exists")
    p.set_defaults(func=new)

    p = subparsers.add_parser(
        "info", help="say what a workbook holds",
        description="Print the partnership, its phase and how many records it holds; "
                    "actions count as overdue when open or under way past their due date.")
    add_target(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=info)

    p = subparsers.add_parser(
        "export-json", help="export a whole workbook as JSON",
        description="Write everything in the workbook to one JSON file (ids kept, keys "
                    "sorted) that can be diffed, archived or imported into a new workbook.")
    p.add_argument("path", metavar="PATH", nargs="?",
                   help="the workbook file (omit with --db URL --partnership SLUG)")
    p.add_argument("out", metavar="OUT.json", help="the JSON file to write (replaced)")
    add_db_options(p)
    p.set_defaults(func=export_json)

    p = subparsers.add_parser(
        "import-json", help="make a new workbook from a JSON export",
        description="Check a JSON export completely, then write it as a NEW workbook file; "
                    "an existing file is never replaced.")
    p.add_argument("source", metavar="IN.json", help="the JSON export to read")
    add_target(p, "the new workbook file to create")
    p.set_defaults(func=import_json)


def demo(args: argparse.Namespace) -> None:
    from ..demo import build_demo  # written separately; heavy, so only loaded when asked

    target = target_of(args)
    result = build_demo(target, overwrite=args.force)
    close = getattr(result, "close", None)
    if callable(close):
        close()
    print(_("Wrote the demo workbook to {path}").format(path=target))


def new(args: argparse.Namespace) -> None:
    from ..model import Partnership
    from ..store import Workbook

    partnership = Partnership(working_title=args.title, sector=args.sector,
                              region=args.region, intermediary=args.intermediary)
    target = target_of(args)
    Workbook.create(target, partnership, overwrite=args.force).close()
    print(_("Created {path} for {title}").format(path=target, title=partnership.working_title))


def _info_lines(counts: dict[str, Any], path: str) -> list[str]:
    c = counts
    rows = [(_("file"), path)]
    if c["name"]:
        rows.append((_("working title"), c["title"]))
    last = c["last_meeting"]
    if last:
        with contextlib.suppress(ValueError):
            last = format_date(dt.date.fromisoformat(str(last)))
    rows += [
        (_("sector"), c["sector"]),
        (_("region"), c["region"]),
        (_("intermediary"), c["intermediary"] or "-"),
        (_("phase"), _(c["phase_title"])),
        (_("organizations"), ngettext("{count} ({employers} employers)",
                                      "{count} ({employers} employers)", c["employers"]).format(
            count=c["organisations"], employers=c["employers"])),
        (_("people"), str(c["people"])),
        (_("meetings"), _("{count}, last on {date}").format(count=c["meetings"], date=last)
         if last else str(c["meetings"])),
        (_("resources"), str(c["resources"])),
        (_("problems"), _("{count} ({causes} causes, {solutions} solutions)").format(
            count=c["problems"], causes=c["causes"], solutions=c["solutions"])),
        (_("actions"), _("{count}: {open} open, {overdue} overdue").format(
            count=c["actions"], open=c["open_actions"], overdue=c["overdue_actions"])),
        (_("outcomes"), _("{count} ({readings}, {wins})").format(
            count=c["outcomes"],
            readings=ngettext("{count} reading", "{count} readings", c["readings"]).format(
                count=c["readings"]),
            wins=ngettext("{count} win", "{count} wins", c["wins"]).format(count=c["wins"]))),
        (_("in the room"), _("{timed} timed items, {decisions} decisions, {carried} actions "
                             "carried over, {evaluations} evaluations").format(
            timed=c["timed_items"], decisions=c["decisions"], carried=c["carried_over"],
            evaluations=c["evaluations"])),
    ]
    width = max(len(label) for label, _value in rows)
    return [counts["display_name"]] + [f"  {label:<{width}}  {value}" for label, value in rows]


def info(args: argparse.Namespace) -> None:
    from ..analyses.counts import status_counts

    target = target_of(args)
    with opened(target) as wb:
        counts = status_counts(wb)
    if args.json:
        print(json.dumps(counts, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print("\n".join(_info_lines(counts, str(target))))


def export_json(args: argparse.Namespace) -> None:
    from ..interchange.jsonio import write_json

    target = target_of(args)
    with opened(target) as wb:
        out = write_json(wb, args.out)
    print(_("Exported {path} to {out}").format(path=target, out=out))


def import_json(args: argparse.Namespace) -> None:
    from ..interchange.jsonio import describe_import, import_json

    target = target_of(args)
    wb = import_json(Path(args.source), target)
    try:
        print(_("Created {path} from {source}: {what}").format(path=target, source=args.source,
                                                                 what=describe_import(wb)))
    finally:
        wb.close()
