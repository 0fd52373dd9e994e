"""Commands for remote participants: ``share-copy``, ``binder-link``, ``import-contribution``.

``workbook share-copy PATH data/meeting.sqlite`` writes the trimmed copy a meeting
repository may publish (see ``share``).

``workbook binder-link --repo OWNER/REPO --participant 4`` prints the link of the
participant app for meeting 4 (``--qr FILE.png`` also writes its QR code).
``workbook import-contribution PATH FILE...`` previews each file; with ``--yes`` it
imports, each file in one transaction, taking every item the preview marks as taken
(``[+]``); ``--accept KEY`` also takes a conflict (``[!]``) or an item that speaks for a
person or organisation already in the workbook (``[?]``: a file cannot prove who made it),
``--reject KEY`` leaves an item out. Without ``--yes`` nothing is changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..commands import add_db_options
from ..errors import Sentence
from ..i18n import N_, _, format_datetime, ngettext

__all__ = ["register"]

MARKS = {"take": "[+]", "conflict": "[!]", "sender": "[?]", "none": "[-]"}


def register(subparsers: Any) -> None:
    """Add the participant commands to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "share-copy", help=_("write the copy of a workbook to publish for participants"),
        description=_("Write a copy of the workbook that holds only what the participant app "
                      "shows (no e-mails, notes, comments, health checks, ballots or open "
                      "vote totals), for the meeting repository: data/meeting.sqlite."))
    p.add_argument("path", metavar="PATH", nargs="?",
                   help=_("the workbook file (omit with --db URL --partnership SLUG)"))
    p.add_argument("out", metavar="OUT", help=_("the copy to write, e.g. data/meeting.sqlite"))
    add_db_options(p)
    p.add_argument("--force", action="store_true", help=_("replace OUT if it exists"))
    p.set_defaults(func=share_copy)

    p = subparsers.add_parser(
        "binder-link", help=_("print a mybinder.org link to the notebooks or participant app"),
        description=_("Print the mybinder.org link that opens this repository's notebooks in "
                      "JupyterLab, or (with --participant) the participant app for a meeting."))
    p.add_argument("--repo", required=True, metavar="OWNER/REPO",
                   help=_("the GitHub repository holding the meeting's workbook"))
    p.add_argument("--ref", default="HEAD", help=_("branch, tag or commit (default: HEAD)"))
    p.add_argument("--notebook", metavar="PATH",
                   help=_("open this notebook in JupyterLab, e.g. notebooks/02_naming.ipynb"))
    p.add_argument("--participant", metavar="MEETING",
                   help=_("open the participant app for this meeting id (or 'latest')"))
    p.add_argument("--qr", metavar="FILE", help=_("also write the link's QR code (.png or .svg)"))
    p.set_defaults(func=binder_link)

    p = subparsers.add_parser(
        "import-contribution", help=_("preview or import participants' contribution files"),
        description=_("Check each contribution file and preview what it would add or change. "
                      "With --yes, import it (one transaction per file); without, change "
                      "nothing. A file or item imported before is never added twice."))
    p.add_argument("path", metavar="PATH", nargs="?",
                   help=_("the workbook file (omit with --db URL --partnership SLUG)"))
    p.add_argument("files", metavar="FILE", nargs="+", help=_("contribution files (.json)"))
    add_db_options(p)
    p.add_argument("--yes", action="store_true", help=_("import what the preview marks [+]"))
    p.add_argument("--accept", action="append", default=[], metavar="KEY",
                   help=_("also take this item (a conflict marked [!], or one marked [?] that "
                          "speaks for someone already in the workbook); repeatable"))
    p.add_argument("--reject", action="append", default=[], metavar="KEY",
                   help=_("leave this item out; repeatable"))
    p.set_defaults(func=import_contribution)


def share_copy(args: argparse.Namespace) -> None:
    from ..commands import opened, target_of
    from .share import write_shared_copy

    with opened(target_of(args)) as wb:
        target = write_shared_copy(wb, args.out, overwrite=args.force)
    print(_("Wrote the participants' copy to {path}; commit it, then share the link "
            "(workbook binder-link).").format(path=target))


def binder_link(args: argparse.Namespace) -> None:
    from ..errors import ValidationError
    from .binder import binder_url, write_qr

    if args.participant is not None and args.notebook:
        raise ValidationError("--notebook", args.notebook, Sentence(N_(
            "The {field} {value} cannot go with --participant. Ask for either the participant "
            "app or a notebook.")))
    url = binder_url(args.repo, ref=args.ref, notebook=args.notebook,
                     meeting=args.participant, app=args.participant is not None)
    print(url)
    if args.qr:
        target = write_qr(url, args.qr)
        print(_("QR code written to {path}").format(path=target), file=sys.stderr)


def _mark(step: Any) -> str:
    if not step.possible:
        return MARKS["none"]
    if step.conflict:
        return MARKS["conflict"]
    return MARKS["sender"] if step.speaks_for else MARKS["take"]


def _one_line(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def print_plan(plan: Any) -> None:
    """The preview as lines: mark, short key, what, and why not (or the conflict)."""
    c = plan.contribution
    values = {"who": c.participant_label, "when": format_datetime(c.created_at),
              "meeting": c.meeting_id, "count": len(c.items)}
    if c.meeting_id:
        print(ngettext("{who}, {when}, meeting {meeting}: {count} item",
                       "{who}, {when}, meeting {meeting}: {count} items",
                       len(c.items)).format(**values))
    else:
        print(ngettext("{who}, {when}: {count} item", "{who}, {when}: {count} items",
                       len(c.items)).format(**values))
    if plan.sender_warning:
        print("  ? " + _("{warning} (On the command line, --accept KEY takes one.)").format(
            warning=plan.sender_warning))
    for step in plan.steps:
        print(f"  {_mark(step)} {step.short_key}  {_one_line(step.summary)}")
        if step.note:
            print(f"        {_one_line(step.note)}")


def _matching(plan: Any, keys: list[str], used: set[str]) -> set[str]:
    """The full keys of this plan's steps that the given (short) keys name."""
    found = set()
    for key in keys:
        steps = [s for s in plan.steps if s.key.startswith(key)]
        if len(steps) == 1:
            found.add(steps[0].key)
            used.add(key)
    return found


def import_contribution(args: argparse.Namespace) -> int | None:
    from ..commands import opened, target_of
    from ..errors import ImportFileError, WorkbookError
    from .contribution import MAX_BYTES, parse
    from .importer import apply, preview

    failed = 0
    used: set[str] = set()
    if args.db is not None and args.path is not None:
        args.files, args.path = [args.path, *args.files], None  # PATH was the first FILE
    with opened(target_of(args), daily_backup=args.yes) as wb:
        for name in args.files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise ImportFileError(_("No file at {path}; check the name.").format(
                        path=path))
                if path.stat().st_size > MAX_BYTES:
                    raise ImportFileError(_("{path} is over 1 MB; it cannot be a contribution "
                                            "file. Nothing was imported.").format(path=path))
                plan = preview(wb, parse(path.read_bytes(), wb))
                print(f"{path}:")
                print_plan(plan)
                if not args.yes:
                    continue
                accepted = {s.key for s in plan.steps if s.default}
                accepted |= _matching(plan, args.accept, used)
                rejected = _matching(plan, args.reject, used)
                result = apply(wb, plan, accepted=accepted, rejected=rejected)
                print(f"  {result.summary()}")
            except WorkbookError as exc:
                failed += 1
                print(f"workbook: {path}: {' '.join(str(exc).split())}", file=sys.stderr)
        for key in sorted(set(args.accept + args.reject) - used):
            failed += 1
            print("workbook: " + _("--accept/--reject {key}: names no single item of the "
                                   "files; use a key as the preview prints it.").format(key=key),
                  file=sys.stderr)
        if not args.yes:
            print(_("Nothing was changed (preview only). Run again with --yes to import the "
                    "items marked [+]; add --accept KEY for a [!] conflict or a [?] item that "
                    "speaks for someone already in the workbook."))
    return 2 if failed else None
