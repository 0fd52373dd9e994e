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

from ..errors import Sentence, WorkbookError
from ..i18n import N_, _, format_datetime
from ..store.commands import confirmed
from ..store.words import source_words
from . import add_target, opened, target_of

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``history`` and ``undo`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "history", help=_("list the changes made to a workbook, newest first"),
        description=_("List the steps of the workbook's history, newest first: what each "
                      "was called, who made it, when and from where, and how many records it "
                      "changed. Undone steps are marked."))
    add_target(p)
    p.add_argument("--limit", type=int, default=20, metavar="N",
                   help=_("how many steps to list (default 20)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead"))
    p.set_defaults(func=history)

    p = subparsers.add_parser(
        "undo", help=_("take back your last change (says what first)"),
        description=_("Show the step Undo would take back (your newest change, unless --step "
                      "names another) and take it back once you confirm. A step another "
                      "person made is only taken back with --theirs."))
    add_target(p)
    p.add_argument("--step", type=int, metavar="N",
                   help=_("the step to take back, as `workbook history` numbers it"))
    p.add_argument("--theirs", action="store_true",
                   help=_("allow taking back a step another person made"))
    p.add_argument("--yes", action="store_true",
                   help=_("do not ask; needed when stdin is not a terminal"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead"))
    p.set_defaults(func=undo)


def history(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise WorkbookError(_("--limit {limit} lists nothing; give 1 or more.").format(
            limit=args.limit))
    with opened(target_of(args)) as wb:
        steps = wb.steps(min(args.limit, 10_000))
        me = wb.author
    if args.json:
        print(json.dumps({"me": me, "steps": [s.as_json() for s in steps]},
                         ensure_ascii=False, indent=2))
        return
    if not steps:
        print(_("No changes recorded yet."))
        return
    for step in steps:
        print(_listed(step))


def _when(moment: Any) -> str:
    return format_datetime(moment)


def _listed(step: Any) -> str:
    """One line of ``workbook history``: number, when, who, from where, what."""
    values = {"step": f"{step.batch:>6}", "when": _when(step.changed_at),
              "who": step.author or _("unknown"), "where": source_words(step.source),
              "label": step.label, "what": step.what()}
    line = (_("{step}  {when}  {who} in {where}: {label} [{what}]") if step.source
            else _("{step}  {when}  {who}: {label} [{what}]")).format(**values)
    if step.undone_at is None:
        return line
    undone = (_("undone by {person} {when}").format(person=step.undone_by,
                                                    when=_when(step.undone_at))
              if step.undone_by else _("undone {when}").format(when=_when(step.undone_at)))
    return _("{line}  ({undone})").format(line=line, undone=undone)


def _line(step: Any, me: str) -> str:
    values = {"step": step.batch, "label": step.label, "when": _when(step.changed_at),
              "where": source_words(step.source), "what": step.what(),
              "who": step.author or ""}
    mine = step.author in (None, me)
    if step.source:
        template = (_("step {step}, {label}, made by you on {when} in {where} ({what})")
                    if mine else
                    _("step {step}, {label}, made by {who} on {when} in {where} ({what})"))
    else:
        template = (_("step {step}, {label}, made by you on {when} ({what})") if mine else
                    _("step {step}, {label}, made by {who} on {when} ({what})"))
    return template.format(**values)


def undo(args: argparse.Namespace) -> None:
    with opened(target_of(args), daily_backup=True) as wb:
        me = wb.author
        step = (wb.step(args.step) if args.step is not None
                else wb.undo_candidate(anyone=args.theirs))
        if step is None:
            if args.json:
                print(json.dumps({"undone": None}))
            else:
                print(_("There is nothing of yours to undo in this workbook."))
            return
        newest = wb.undo_candidate(anyone=True)
        if not args.json:
            print(_("Undo {step}?").format(step=_line(step, me)))
            if newest is not None and newest.batch != step.batch:
                print(_("A newer change is someone else's and stays: {step}.").format(
                    step=_line(newest, me)))
        if step.author not in (None, me) and not args.theirs:
            raise WorkbookError(_(
                "Step {step}, {label}, was made by {who}; nothing was changed. Add --theirs "
                "to take back another person's change.").format(
                    step=step.batch, label=step.label, who=step.author))
        if not args.yes:
            if sys.stdin is None or not sys.stdin.isatty():
                print(_("Nothing was changed; run again with --yes to undo it."))
                if args.json:
                    print(json.dumps({"undone": None, "would_undo": step.as_json()},
                                     ensure_ascii=False, indent=2))
                return
            if not confirmed(_("[y/N]"), refusal=Sentence(N_(
                    "Undo changes the workbook and needs a yes, but stdin is not a "
                    "terminal; nothing was changed. Run it in a terminal, or add --yes."))):
                raise WorkbookError(_("Undo cancelled; nothing was changed."))
        done = wb.undo(step.batch, theirs=args.theirs)
    if args.json:
        print(json.dumps({"undone": done.as_json() if done else None}, ensure_ascii=False,
                         indent=2))
        return
    if done is not None:
        print(_("Undone: step {step}, {label} ({what}).").format(
            step=done.batch, label=done.label, what=done.what()))
