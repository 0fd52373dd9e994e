"""Core commands: make a workbook (``demo``, ``new``), look at it (``info``), choose the
project's current partnership (``use``), move it as JSON (``export-json``,
``import-json``)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..i18n import _, format_date, format_time, ngettext
from ..store.postgres import DbTarget
from . import add_db_options, add_target, opened, target_of

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the core commands to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "demo", help=_("write the demo workbook"),
        description=_("Write a demo workbook with a fictional partnership to PATH."))
    add_target(p, _("the workbook file to write"))
    p.add_argument("--force", action="store_true", help=_("replace the workbook if it exists"))
    p.set_defaults(func=demo)

    p = subparsers.add_parser(
        "new", help=_("create an empty workbook"),
        description=_("Create a new, empty workbook for one partnership."))
    add_target(p, _("the workbook file to create"))
    p.add_argument("--title", required=True, help=_("working title of the partnership"))
    p.add_argument("--sector", required=True, help=_("the industry, e.g. 'Manufacturing'"))
    p.add_argument("--region", required=True, help=_("where the partnership works"))
    p.add_argument("--intermediary", default="", help=_("the organization that convenes it"))
    p.add_argument("--force", action="store_true", help=_("replace the workbook if it exists"))
    p.set_defaults(func=new)

    p = subparsers.add_parser(
        "info", help=_("say what a workbook holds"),
        description=_("Print the partnership, its phase and how many records it holds; "
                      "actions count as overdue when open or under way past their due date."))
    add_target(p)
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead"))
    p.set_defaults(func=info)

    p = subparsers.add_parser(
        "plan-meeting", help=_("plan the next meeting"),
        description=_("Store the next meeting as planned: its date, objective, start time, "
                      "place or join link. Without --agenda, its agenda is drafted from the "
                      "actions still open. It becomes the held meeting when started in the "
                      "kickoff notebook."))
    add_target(p)
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help=_("the day it meets"))
    p.add_argument("--objective", required=True, help=_("what the meeting is for"))
    p.add_argument("--at", metavar="HH:MM", default="", help=_("start time, 24-hour clock"))
    p.add_argument("--kind", default="regular", help=_("kind of meeting, e.g. regular, "
                     "working_group, review, planning"))
    p.add_argument("--location", default="", help=_("where it meets"))
    p.add_argument("--join-link", default="", help=_("the link to join from afar (https://...)"))
    p.add_argument("--agenda", action="append", metavar="ITEM",
                   help=_("one agenda item (repeat for each); default: drafted"))
    p.add_argument("--json", action="store_true", help=_("print the planned meeting as JSON"))
    p.set_defaults(func=plan_meeting)

    p = subparsers.add_parser(
        "use", help=_("make a workbook the project's current partnership"),
        description=_("Make PATH (or --db URL --partnership SLUG) the partnership every "
                      "notebook of this project opens, as the start notebook does; kept in "
                      ".workbook/current.json at the project's root. Without a workbook, "
                      "say which one is current."))
    add_target(p, _("the workbook file"))
    p.add_argument("--project", metavar="DIR", default=None,
                   help=_("the project folder (default: the one the current folder is in)"))
    p.set_defaults(func=use)

    p = subparsers.add_parser(
        "export-json", help=_("export a whole workbook as JSON"),
        description=_("Write everything in the workbook to one JSON file (ids kept, keys "
                      "sorted) that can be diffed, archived or imported into a new workbook."))
    p.add_argument("path", metavar="PATH", nargs="?",
                   help=_("the workbook file (omit with --db URL --partnership SLUG)"))
    p.add_argument("out", metavar="OUT.json", help=_("the JSON file to write (replaced)"))
    add_db_options(p)
    p.set_defaults(func=export_json)

    p = subparsers.add_parser(
        "import-json", help=_("make a new workbook from a JSON export"),
        description=_("Check a JSON export completely, then write it as a NEW workbook file; "
                      "an existing file is never replaced."))
    p.add_argument("source", metavar="IN.json", help=_("the JSON export to read"))
    add_target(p, _("the new workbook file to create"))
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


def _next_line(upcoming: dict[str, Any] | None) -> str:
    if upcoming is None:
        return _("none planned")
    day = upcoming["held_on"]
    with contextlib.suppress(ValueError, TypeError):
        day = format_date(dt.date.fromisoformat(str(day)))
    if upcoming["starts_at"]:
        at = upcoming["starts_at"]
        with contextlib.suppress(ValueError, TypeError):
            at = format_time(dt.time.fromisoformat(str(at)))
        return _("{date} at {time}: {objective}").format(
            date=day, time=at, objective=upcoming["objective"])
    return _("{date}: {objective}").format(date=day, objective=upcoming["objective"])


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
        (_("next meeting"), _next_line(c["next_meeting"])),
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


def plan_meeting(args: argparse.Namespace) -> None:
    target = target_of(args)
    fields: dict[str, Any] = {"starts_at": args.at, "kind_of": args.kind,
                              "location": args.location, "join_link": args.join_link}
    if args.agenda:
        fields["agenda"] = tuple(args.agenda)
    with opened(target, daily_backup=True) as wb:
        meeting = wb.plan_meeting(args.on, args.objective, **fields)
    if args.json:
        print(json.dumps({"id": meeting.id, "held_on": meeting.held_on.isoformat(),
                          "starts_at": meeting.starts_at or None, "kind": meeting.kind_of,
                          "objective": meeting.objective,
                          "location": meeting.location or None,
                          "join_link": meeting.join_link or None,
                          "agenda": list(meeting.agenda)}, indent=2, ensure_ascii=False))
        return
    day = format_date(meeting.held_on)
    if meeting.starts_at:
        at = meeting.starts_at
        with contextlib.suppress(ValueError, TypeError):
            at = format_time(dt.time.fromisoformat(str(at)))
        line = _("Planned meeting {id} on {date} at {time}: {objective}").format(
            id=meeting.id, date=day, time=at, objective=meeting.objective)
    else:
        line = _("Planned meeting {id} on {date}: {objective}").format(
            id=meeting.id, date=day, objective=meeting.objective)
    print(line)
    for item in meeting.agenda:
        print(f"  - {item}")


def use(args: argparse.Namespace) -> None:
    from ..store.current import choose, current_target, describe, project_root

    root = project_root(args.project)
    if args.path is None and args.db is None and args.partnership is None:
        chosen = current_target(root)
        print(_("The current partnership of {project} is {workbook}.").format(
            project=root, workbook=describe(chosen)) if chosen else
              _("No partnership was chosen yet for {project}; the notebooks open "
                "{demo}.").format(project=root, demo=root / "data" / "demo.sqlite"))
        return
    target = target_of(args)
    if not isinstance(target, DbTarget):
        target = target.expanduser().resolve()
    with opened(target) as wb:  # refuses what is not a workbook before it is chosen
        name = wb.partnership.display_name
    where = choose(root, target)
    print(_("{name} ({workbook}) is now the current partnership; the notebooks of "
            "{project} open it the next time they run (kept in {settings}).").format(
        name=name, workbook=describe(target), project=root, settings=where))


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
