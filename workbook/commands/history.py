"""``workbook history`` lists the steps of a workbook's history; ``workbook undo`` takes
one back after saying what it is.

    workbook history data/demo.sqlite            # newest first: label, who, when, counts
    workbook undo data/demo.sqlite               # shows your last step, asks, undoes it
    workbook undo data/demo.sqlite --step 42 --theirs --yes
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import WorkbookError
from ..store.commands import confirmed
from . import add_target, opened, target_of

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``history`` and ``undo`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "history", help="list the changes made to a workbook, newest first",
        description="List the steps of the workbook's history, newest first: what each "
                    "was called, who made it, when and from where, and how many records it "
                    "changed. Undone steps are marked.")
    add_target(p)
    p.add_argument("--limit", type=int, default=20, metavar="N",
                   help="how many steps to list (default 20)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=history)

    p = subparsers.add_parser(
        "undo", help="take back your last change (says what first)",
        description="Show the step Undo would take back (your newest change, unless --step "
                    "names another) and take it back once you confirm. A step another "
                    "person made is only taken back with --theirs.")
    add_target(p)
    p.add_argument("--step", type=int, metavar="N",
                   help="the step to take back, as `workbook history` numbers it")
    p.add_argument("--theirs", action="store_true",
                   help="allow taking back a step another person made")
    p.add_argument("--yes", action="store_true",
                   help="do not ask; needed when stdin is not a terminal")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=undo)


def history(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise WorkbookError(f"--limit {args.limit} lists nothing; give 1 or more.")
    with opened(target_of(args)) as wb:
        steps = wb.steps(min(args.limit, 10_000))
        me = wb.author
    if args.json:
        print(json.dumps({"me": me, "steps": [s.as_json() for s in steps]},
                         ensure_ascii=False, indent=2))
        return
    if not steps:
        print("No changes recorded yet.")
        return
    for step in steps:
        who = step.author or "unknown"
        by = f" by {step.undone_by}" if step.undone_by else ""
        mark = f"  (undone{by} {step.undone_at:%Y-%m-%d %H:%M})" if step.undone_at else ""
        where = f" in {step.source}" if step.source else ""
        print(f"{step.batch:>6}  {step.changed_at:%Y-%m-%d %H:%M}  {who}{where}: "
              f"{step.label} [{step.what()}]{mark}")


def _line(step: Any, me: str) -> str:
    who = "you" if step.author in (None, me) else step.author
    where = f" in {step.source}" if step.source else ""
    return (f"step {step.batch}, {step.label}, made by {who} on "
            f"{step.changed_at:%Y-%m-%d at %H:%M}{where} ({step.what()})")


def undo(args: argparse.Namespace) -> None:
    with opened(target_of(args), daily_backup=True) as wb:
        me = wb.author
        step = (wb.step(args.step) if args.step is not None
                else wb.undo_candidate(anyone=args.theirs))
        if step is None:
            if args.json:
                print(json.dumps({"undone": None}))
            else:
                print("There is nothing of yours to undo in this workbook.")
            return
        newest = wb.undo_candidate(anyone=True)
        if not args.json:
            print(f"Undo {_line(step, me)}?")
            if newest is not None and newest.batch != step.batch:
                print(f"A newer change is someone else's and stays: {_line(newest, me)}.")
        if step.author not in (None, me) and not args.theirs:
            raise WorkbookError(f"Step {step.batch}, {step.label}, was made by "
                                f"{step.author}; nothing was changed. Add --theirs to take "
                                "back another person's change.")
        if not args.yes:
            if sys.stdin is None or not sys.stdin.isatty():
                print("Nothing was changed; run again with --yes to undo it.")
                if args.json:
                    print(json.dumps({"undone": None, "would_undo": step.as_json()},
                                     ensure_ascii=False, indent=2))
                return
            if not confirmed("[y/N]", needs="undo changes the workbook and"):
                raise WorkbookError("Undo cancelled; nothing was changed.")
        done = wb.undo(step.batch, theirs=args.theirs)
    if args.json:
        print(json.dumps({"undone": done.as_json() if done else None}, ensure_ascii=False,
                         indent=2))
        return
    if done is not None:
        print(f"Undone: step {done.batch}, {done.label} ({done.what()}).")
