"""Backup commands: ``workbook backups PATH`` lists copies, ``workbook restore`` puts one back.

Both work on a workbook that no longer opens (that is when they are needed): neither
opens PATH as a workbook. ``restore`` replaces what PATH holds, so it asks first; in a
script (stdin not a terminal) it needs ``--yes`` and refuses without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import WorkbookError
from .backups import find_backup, list_backups, restore_backup
from .files import inspect_file, refuse_own_source

__all__ = ["confirmed", "register"]


def register(subparsers: Any) -> None:
    """Add ``backups`` and ``restore`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "backups", help="list the automatic backups of a workbook",
        description="List the copies kept of a workbook (made at the first open of each day "
                    "and before every upgrade), oldest first, with time, reason and size.")
    p.add_argument("path", metavar="PATH", nargs="?", help="the workbook file")
    _db_options(p)
    p.set_defaults(func=backups)

    p = subparsers.add_parser(
        "restore", help="put a backup back in place of a workbook",
        description="Replace the content of PATH with BACKUP after asking. The current "
                    "state is kept as a backup first, so a restore can be undone.")
    p.add_argument("path", metavar="PATH", nargs="?", help="the workbook file to restore")
    p.add_argument("backup", metavar="BACKUP",
                   help="a backup file, as listed by `workbook backups PATH`")
    p.add_argument("--yes", action="store_true",
                   help="do not ask; needed when stdin is not a terminal")
    _db_options(p)
    p.set_defaults(func=restore)


def _db_options(parser: Any) -> None:
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL database (see below)")
    parser.add_argument("--partnership", metavar="SLUG",
                        help="a partnership in the --db database")


def _file_of(args: argparse.Namespace) -> Path:
    """PATH; a database partnership is refused with where its snapshots come from."""
    if args.db is not None or args.partnership is not None:
        raise WorkbookError(
            "A partnership in a database has no backup files: the database's own backups "
            "keep it. Take a consistent snapshot with `workbook snapshot --db URL "
            "--partnership SLUG OUT.json` and put one back with `workbook restore-snapshot "
            "--db URL --partnership SLUG OUT.json`.")
    if args.path is None:
        raise WorkbookError("Name the workbook file (PATH); nothing was changed.")
    return Path(args.path)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def backups(args: argparse.Namespace) -> None:
    path = _file_of(args)
    found = list_backups(path)
    if not found:
        print(f"No backups of {path} yet. One is made at the first open of each day and "
              "before every upgrade.")
        return
    print(f"Backups of {path}, oldest first (restore one with: workbook restore {path} "
          "BACKUP):")
    width = max(len(b.reason) for b in found)
    for b in found:
        print(f"  {b.taken_at:%Y-%m-%d %H:%M:%S}  {b.reason:<{width}}  {_size(b.size):>9}  "
              f"{b.path}")


def confirmed(question: str, *, needs: str = "restore replaces the workbook's content and"
              ) -> bool:
    """Ask on the terminal whether to go on; refuse outright (``WorkbookError``) when nobody
    can answer. ``needs`` starts the refusal: "<needs> needs a yes, but ..."."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        raise WorkbookError(f"{needs} needs a yes, but stdin is not a terminal; nothing was "
                            "changed. Run it in a terminal, or add --yes.")
    print(question, end=" ", flush=True)
    answer = stdin.readline().strip().casefold()
    return answer in ("y", "yes")


def restore(args: argparse.Namespace) -> None:
    path = _file_of(args)
    backup = find_backup(path, args.backup)
    refuse_own_source(path, backup, what="the backup",
                      fix="Give a backup listed by `workbook backups PATH`.")
    state = inspect_file(backup, writable=False)  # a bad backup is refused before asking
    if not args.yes and not confirmed(
            f"Replace the content of {path} with {backup} (schema {state.schema_version})? "
            "What it holds now is kept as a backup first. [y/N]"):
        raise WorkbookError(f"Restore cancelled; {path} was not changed.")
    kept = restore_backup(path, backup)
    print(f"Restored {path} from {backup}.")
    if kept is not None:
        print(f"What it held before is kept in {kept}.")
