"""Families of ``workbook`` commands; ``workbook/cli.py`` explains how to add one.

Each module exposes ``register(subparsers)``. The helpers here are what every handler
needs: naming a workbook (``add_target``: a file PATH, or ``--db URL --partnership SLUG``
for one partnership in a PostgreSQL database; ``target_of`` reads it back), and opening
it for one command and closing it afterwards (``opened``).
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import Sentence, ValidationError
from ..i18n import N_, _, available_languages, normalize_language
from ..store import Workbook
from ..store.postgres import DbTarget

__all__ = ["COMMAND", "add_db_options", "add_language", "add_target", "opened", "target_of"]


def _language_code(text: str) -> str:
    try:
        return normalize_language(text, strict=True)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_language(parser: argparse.ArgumentParser) -> None:
    """``--language CODE``: the language of what the command writes for people to read
    (its summary, its messages); ``--json`` keys never change. ``cli.py`` adds it to every
    command and runs the command in it (``i18n.use_language``)."""
    parser.add_argument("--language", metavar="CODE", type=_language_code, default=None,
                        help=_("the language of what this command writes for people: {codes} "
                               "(default: en)").format(codes=", ".join(available_languages())))


def add_db_options(parser: argparse.ArgumentParser, *, partnership: bool = True) -> None:
    """``--db URL`` and (unless ``partnership`` is False) ``--partnership SLUG``."""
    parser.add_argument("--db", metavar="URL",
                        help=_("a PostgreSQL database holding many partnerships, e.g. "
                               "postgresql://ROLE@HOST/DATABASE (instead of PATH)"))
    if partnership:
        parser.add_argument("--partnership", metavar="SLUG",
                            help=_("the partnership's short name in the --db database"))


def add_target(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """The workbook a command works on: PATH, or ``--db URL --partnership SLUG``. ``what``
    says what PATH is, already in the reader's language (default: "the workbook file")."""
    parser.add_argument("path", metavar="PATH", nargs="?", help=_("{what} (a .sqlite file)").format(
        what=_("the workbook file") if what is None else what))
    add_db_options(parser)


def target_of(args: argparse.Namespace) -> Path | DbTarget:
    """The workbook ``add_target`` named: a file path, or a database partnership.

    Raises ``ValidationError`` (one clear line on the command line) when both or neither
    are given, or only half of ``--db URL --partnership SLUG``.
    """
    path = getattr(args, "path", None)
    db, slug = getattr(args, "db", None), getattr(args, "partnership", None)
    if db is None and slug is None:
        if path is None:
            raise ValidationError("workbook", None, Sentence(N_(
                "The {field} is missing. Name a workbook file (PATH), or a partnership in a "
                "database with --db URL --partnership SLUG.")))
        return Path(path)
    if path is not None:
        raise ValidationError("workbook", path, Sentence(N_(
            "The {field} {value} was named twice: as PATH and with --db. Give either a "
            "workbook file (PATH) or --db URL --partnership SLUG, not both.")))
    if db is None or slug is None:
        raise ValidationError("--db" if db is None else "--partnership", None, Sentence(
            N_("The --db option is missing. A partnership in a database needs both --db URL "
               "and --partnership SLUG.") if db is None else
            N_("The --partnership option is missing. A partnership in a database needs both "
               "--db URL and --partnership SLUG.")))
    return DbTarget(db, slug)


COMMAND: contextvars.ContextVar[str] = contextvars.ContextVar("command", default="workbook")
"""The command being run (``import-sheet``): the history records steps as made by it."""


@contextlib.contextmanager
def opened(path: str | os.PathLike[str] | DbTarget, *,
           daily_backup: bool = False) -> Iterator[Workbook]:
    """Open the workbook at ``path`` (or database target) for one command, then close it.

    Read-only commands keep the default (no daily backup); commands that change the
    workbook pass ``daily_backup=True``, as the notebooks do.
    """
    wb = Workbook.open(path, daily_backup=daily_backup)
    wb.source = f"command {COMMAND.get()}"
    try:
        yield wb
    finally:
        wb.close()
