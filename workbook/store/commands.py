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

from ..errors import Sentence, WorkbookError
from ..i18n import N_, _, format_number
from .backups import find_backup, list_backups, restore_backup
from .files import inspect_file, refuse_own_source

__all__ = ["confirmed", "register"]


def register(subparsers: Any) -> None:
    """Add ``backups`` and ``restore`` to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "backups", help=_("list the automatic backups of a workbook"),
        description=_("List the copies kept of a workbook (made at the first open of each day "
                      "and before every upgrade), oldest first, with time, reason and size."))
    p.add_argument("path", metavar="PATH", nargs="?", help=_("the workbook file"))
    _db_options(p)
    p.set_defaults(func=backups)

    p = subparsers.add_parser(
        "restore", help=_("put a backup back in place of a workbook"),
        description=_("Replace the content of PATH with BACKUP after asking. The current "
                      "state is kept as a backup first, so a restore can be undone."))
    p.add_argument("path", metavar="PATH", nargs="?", help=_("the workbook file to restore"))
    p.add_argument("backup", metavar="BACKUP",
                   help=_("a backup file, as listed by `workbook backups PATH`"))
    p.add_argument("--yes", action="store_true",
                   help=_("do not ask; needed when stdin is not a terminal"))
    _db_options(p)
    p.set_defaults(func=restore)


def _db_options(parser: Any) -> None:
    parser.add_argument("--db", metavar="URL", help=_("a PostgreSQL database (see below)"))
    parser.add_argument("--partnership", metavar="SLUG",
                        help=_("a partnership in the --db database"))


def _file_of(args: argparse.Namespace) -> Path:
    """PATH; a database partnership is refused with where its snapshots come from."""
    if args.db is not None or args.partnership is not None:
        raise WorkbookError(Sentence(N_(
            "A partnership in a database has no backup files: the database's own backups "
            "keep it. Take a consistent snapshot with `workbook snapshot --db URL "
            "--partnership SLUG OUT.json` and put one back with `workbook restore-snapshot "
            "--db URL --partnership SLUG OUT.json`.")))
    if args.path is None:
        raise WorkbookError(Sentence(N_("Name the workbook file (PATH); nothing was changed.")))
    return Path(args.path)


def _size(n: int) -> str:
    """A file's size in words of the reader's language: ``"584.0 KB"``."""
    if n < 1024:
        return _("{count} B").format(count=format_number(n))
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return (_("{size} KB") if unit == "KB" else _("{size} MB")).format(
                size=format_number(value, digits=1))
        value /= 1024
    return _("{size} GB").format(size=format_number(value, digits=1))


def _reason(reason: str) -> str:
    """Why a backup was made, in words (``daily``, ``before-restore``, ...); a reason this
    version does not know is shown as stored."""
    words = {"daily": _("daily"), "before-restore": _("before a restore"),
             "before-replace": _("before a replace")}
    if reason in words:
        return words[reason]
    if reason.startswith("before-upgrade-v"):
        return _("before upgrade {version}").format(version=reason.rsplit("v", 1)[1])
    return reason


def backups(args: argparse.Namespace) -> None:
    path = _file_of(args)
    found = list_backups(path)
    if not found:
        print(_("No backups of {path} yet. One is made at the first open of each day and "
                "before every upgrade.").format(path=path))
        return
    print(_("Backups of {path}, oldest first (restore one with: workbook restore {path} "
            "BACKUP):").format(path=path))
    reasons = [_reason(b.reason) for b in found]
    width = max(len(r) for r in reasons)
    for b, reason in zip(found, reasons, strict=True):
        print(f"  {b.taken_at:%Y-%m-%d %H:%M:%S}  {reason:<{width}}  {_size(b.size):>9}  "
              f"{b.path}")


YES = ("y", "yes", "s", "si", "sí")
"""What counts as a yes at the terminal, in every language the catalog has."""


def confirmed(question: str, *, refusal: str | Sentence | None = None) -> bool:
    """Ask on the terminal whether to go on; refuse outright (``WorkbookError`` with
    ``refusal``, a whole sentence) when nobody can answer."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        raise WorkbookError(refusal or Sentence(N_(
            "Restore replaces the workbook's content and needs a yes, but stdin is not a "
            "terminal; nothing was changed. Run it in a terminal, or add --yes.")))
    print(question, end=" ", flush=True)
    answer = stdin.readline().strip().casefold()
    return answer in YES


def restore(args: argparse.Namespace) -> None:
    path = _file_of(args)
    backup = find_backup(path, args.backup)
    refuse_own_source(path, backup, what="the backup",
                      fix=Sentence(N_("Give a backup listed by `workbook backups PATH`.")))
    state = inspect_file(backup, writable=False)  # a bad backup is refused before asking
    if not args.yes and not confirmed(
            _("Replace the content of {path} with {backup} (schema {version})? What it holds "
              "now is kept as a backup first. [y/N]").format(
                path=path, backup=backup, version=state.schema_version)):
        raise WorkbookError(Sentence(N_("Restore cancelled; {path} was not changed."),
                                     path=path))
    kept = restore_backup(path, backup)
    print(_("Restored {path} from {backup}.").format(path=path, backup=backup))
    if kept is not None:
        print(_("What it held before is kept in {path}.").format(path=kept))
