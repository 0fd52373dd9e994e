"""The ``workbook`` command: a thin layer over the library, in the style of sqlite-utils.

Each command opens the workbook, calls one library function and prints the result. A
``WorkbookError`` (a mistake the person can fix) becomes one line on stderr,
``workbook: <message>``, and exit code 2; success is exit code 0. Anything else is a bug:
it is not caught, so Python prints the traceback and the exit code is 1.

Adding a command
----------------
Commands live in one module per family, beside the code they drive: the core commands in
``workbook/commands/core.py``, the database ones (``--db URL``) in
``workbook/commands/database.py``, the others in ``export/commands.py``,
``participant/commands.py`` and ``store/commands.py``. To add a family:

1. Write its module with a function ``register(subparsers)``. For
   each command it calls ``subparsers.add_parser(name, help=_(...), description=_(...))``,
   adds its arguments (each ``help=_(...)``: the parser is built in the reader's language)
   and ends with ``parser.set_defaults(func=handler)``.
2. ``handler(args) -> int | None`` does the work; ``None`` means success (0). Open the
   workbook with ``workbook.commands.opened(args.path)`` (a context manager that closes
   it), import heavy modules (pandas, templates) inside the handler so ``workbook --help``
   stays fast, write results to stdout with ``print`` and raise ``WorkbookError``
   subclasses for refusals; never catch other exceptions.
3. Add the module to ``COMMANDS`` below (import it, one line in the list).

Tests call ``main([...])`` in-process and read ``capsys``; nothing needs a subprocess.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from types import ModuleType

from . import __version__
from .commands import COMMAND, add_language, core, database
from .commands import history as history_commands
from .commands import languages as language_commands
from .commands import measurement as measurement_commands
from .commands import sheets as sheet_commands
from .errors import WorkbookError
from .export import commands as export_commands
from .i18n import N_, _, gettext, ngettext, normalize_language, use_language
from .live import commands as live_commands
from .participant import commands as participant_commands
from .store import commands as backup_commands

__all__ = ["ARGPARSE_WORDS", "COMMANDS", "build_parser", "language_asked", "main"]

COMMANDS: list[ModuleType] = [
    core,  # demo, new, info, plan-meeting, use, export-json, import-json
    history_commands,  # history, undo
    language_commands,  # languages
    participant_commands,  # share-copy, binder-link, import-contribution
    backup_commands,  # backups, restore
    export_commands,  # export, export-tables
    sheet_commands,  # import-sheet, import-attendance
    measurement_commands,  # import-readings
    database,  # partnerships, grant, revoke, copy, snapshot, restore-snapshot
    live_commands,  # live
]
"""Modules whose ``register(subparsers)`` adds their commands, in the order of ``--help``."""

FAMILY_OF: dict[str, ModuleType] = {
    **dict.fromkeys(("demo", "new", "info", "plan-meeting", "use", "export-json",
                     "import-json"), core),
    **dict.fromkeys(("history", "undo"), history_commands),
    **dict.fromkeys(("share-copy", "binder-link", "import-contribution"),
                    participant_commands),
    **dict.fromkeys(("backups", "restore"), backup_commands),
    **dict.fromkeys(("export", "export-tables"), export_commands),
    **dict.fromkeys(("import-sheet", "import-attendance"), sheet_commands),
    "import-readings": measurement_commands,
    **dict.fromkeys(("db", "partnerships", "grant", "revoke", "copy", "snapshot",
                     "restore-snapshot"), database),
    "live": live_commands,
    "languages": language_commands,
}
"""The module in ``COMMANDS`` that registers each command. ``main`` builds the parser of
the named command's family only: argparse spends a few milliseconds on each command (most
of them looking for its own translations), a tenth of a fresh ``workbook export``. An
unknown command, or one missing here, gets the full parser (the test
``tests/cli/test_cli_imports.py`` keeps this map in step with ``COMMANDS``)."""


ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)
"""argparse's own words that ``workbook`` can show (its usage line, section titles and
refusals), exactly as Python 3.11's ``Lib/argparse.py`` writes them, marked here so the
catalog keeps their translations; :func:`argparse_speaks_our_language` makes argparse look
them up in it."""


_SPEAKING_OURS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "workbook_argparse_words", default=False)


class _ArgparseWords:
    """argparse's module globals ``_`` and ``ngettext``, put in once: the workbook's
    catalog inside :func:`argparse_speaks_our_language` (in this thread or task only),
    argparse's own lookup everywhere else."""

    def __init__(self) -> None:
        self.gettext = argparse.__dict__["_"]
        self.ngettext = argparse.__dict__["ngettext"]

    def lookup(self, message: str) -> str:
        return gettext(message) if _SPEAKING_OURS.get() else self.gettext(message)

    def lookup_plural(self, singular: str, plural: str, n: int) -> str:
        if _SPEAKING_OURS.get():
            return ngettext(singular, plural, n)
        return self.ngettext(singular, plural, n)


_ARGPARSE_WORDS: _ArgparseWords | None = None
_INSTALLING = threading.Lock()


@contextlib.contextmanager
def argparse_speaks_our_language() -> Iterator[None]:
    """Inside the block, argparse's own words come from the workbook's catalog in the
    current language. argparse looks them up through its module globals ``_`` and
    ``ngettext`` (``from gettext import gettext as _, ngettext``), in the global gettext
    domain, which holds no catalog of ours. Those two names are pointed, once, at
    lookups that ask the workbook's catalog only inside this block and only in the
    thread (or task) that entered it: another thread parsing meanwhile, ours or anyone's,
    gets argparse's own words, and nothing is swapped back and forth."""
    global _ARGPARSE_WORDS
    with _INSTALLING:
        if _ARGPARSE_WORDS is None:
            _ARGPARSE_WORDS = _ArgparseWords()
            argparse.__dict__["_"] = _ARGPARSE_WORDS.lookup
            argparse.__dict__["ngettext"] = _ARGPARSE_WORDS.lookup_plural
    token = _SPEAKING_OURS.set(True)
    try:
        yield
    finally:
        _SPEAKING_OURS.reset(token)


def language_asked(argv: Sequence[str]) -> str | None:
    """The language ``--language CODE`` (or ``--language=CODE``) asks for in ``argv``,
    normalized, looked for before the parser is built so its help and refusals read in it
    too; ``None`` when none is asked for, or the code is one argparse will refuse (its
    refusal then reads in the current language)."""
    code = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--language" and index + 1 < len(argv):
            code = argv[index + 1]  # the last one counts, as for argparse
        elif word.startswith("--language="):
            code = word.partition("=")[2]
    if code is None:
        return None
    try:
        return normalize_language(code, strict=True)
    except ValueError:
        return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every module in ``COMMANDS`` registers its commands; with
    ``command`` (a name in ``FAMILY_OF``), only the module that registers it does. Its help
    reads in the current language (``main`` sets it from ``--language`` first); argparse's
    own words too inside :func:`argparse_speaks_our_language`."""
    parser = argparse.ArgumentParser(
        prog="workbook",
        description=_("Facilitation workbook for sector partnerships: create, inspect, export "
                      "and import workbook files."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show the program's version number and exit"))
    add_language(parser)  # `workbook --language es --help`
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    family = FAMILY_OF.get(command) if command is not None else None
    for module in COMMANDS if family is None else [family]:
        module.register(subparsers)
    for sub in subparsers.choices.values():
        if not any("--language" in a.option_strings for a in sub._actions):
            add_language(sub)
    return parser


def _one_line(message: str) -> str:
    return " ".join(message.split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0 done, 2 refused; a bug raises)."""
    given = list(sys.argv[1:] if argv is None else argv)
    command = given[0] if given and not given[0].startswith("-") else None
    # The language first (--language, else the current one), so --help, argparse's
    # refusals and the command's own output all read in it.
    asked = language_asked(given)
    with use_language(asked):
        with argparse_speaks_our_language():
            args = build_parser(command).parse_args(given)
        if asked is not None and getattr(args, "language", None) is None:
            args.language = asked  # `workbook --language es export`: as the command's own
        COMMAND.set(args.command)
        try:
            result = args.func(args)
        except WorkbookError as exc:
            print(f"workbook: {_one_line(str(exc))}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `workbook history --json | head`: the reader has enough
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the exit's flush does not fail too
            return 0
    return 0 if result is None else int(result)


if __name__ == "__main__":  # python -m workbook.cli
    sys.exit(main())
