"""Commands for partnerships kept in a PostgreSQL database.

``partnerships --db URL [--json]`` lists those the connecting role may see;
``grant --db URL --partnership SLUG ROLE owner|facilitator|observer`` and
``revoke --db URL --partnership SLUG ROLE`` manage who may see or change one;
``copy PATH --db URL --partnership SLUG`` copies a workbook file into the database and
``copy --db URL --partnership SLUG PATH`` copies it back to a new file, exactly (their JSON
exports are equal but for ``exported_at``); ``snapshot`` writes one consistent JSON
snapshot of a partnership and ``restore-snapshot`` puts one back; ``db init --db
ADMIN_URL [--creator ROLE ...]`` is the administrator's: it installs or upgrades the tables
(owned by a role nobody logs in as) and lets each ROLE start partnerships.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import Sentence, WorkbookError, WorkbookExistsError
from ..i18n import N_, _, format_date, pgettext
from ..store.pg_url import ACCESS
from ..store.postgres import DbTarget
from . import add_db_options, opened

__all__ = ["register"]


class _PathThenDb(argparse.Action):
    """Remembers whether PATH came before ``--db`` on the command line (copy's direction)."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        namespace.path = values
        namespace.into_db = namespace.db is None and namespace.partnership is None


def register(subparsers: Any) -> None:
    """Add the database commands to the ``workbook`` parser."""
    p = subparsers.add_parser(
        "db", help=_("the database administrator's commands (PostgreSQL)"),
        description=_("Commands for whoever administers the PostgreSQL database."))
    db_commands = p.add_subparsers(dest="db_command", metavar="init", required=True)
    p = db_commands.add_parser(
        "init", help=_("install or upgrade the workbook's tables in a database"),
        description=_("Run once per database as its administrator (a superuser, or a role "
                      "that may create roles and owns the database), and again after "
                      "upgrading the workbook. The tables, their access rules and functions "
                      "are given to the role workbook_owner, which nobody logs in as, so no "
                      "facilitator can switch the rules off. Each --creator ROLE (a "
                      "facilitator's own login role) may then start partnerships."))
    add_db_options(p, partnership=False)
    p.add_argument("--creator", metavar="ROLE", action="append", default=[],
                   help=_("a login role that may start new partnerships (repeat for more)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead"))
    p.set_defaults(func=db_init)

    p = subparsers.add_parser(
        "partnerships", help=_("list the partnerships in a database"),
        description=_("List the partnerships in a PostgreSQL database that you may see, with "
                      "your access to each (owner, facilitator or observer). The first use on "
                      "an empty database sets up its tables."))
    add_db_options(p, partnership=False)
    p.add_argument("--json", action="store_true", help=_("print one JSON list instead"))
    p.set_defaults(func=partnerships)

    p = subparsers.add_parser(
        "grant", help=_("let a database role see or change a partnership"),
        description=_("Make ROLE (a PostgreSQL login role, one per person) an owner, "
                      "facilitator or observer (read only) of one partnership. Only an owner "
                      "may. The database enforces it for every connection, notebooks or not."))
    add_db_options(p)
    p.add_argument("role", metavar="ROLE", help=_("the PostgreSQL role"))
    p.add_argument("access", metavar="ACCESS", choices=ACCESS,
                   help=_("owner, facilitator or observer"))
    p.set_defaults(func=grant)

    p = subparsers.add_parser(
        "revoke", help=_("take a database role's access to a partnership away"),
        description=_("Remove ROLE from one partnership. Only an owner may; the last owner "
                      "cannot be removed."))
    add_db_options(p)
    p.add_argument("role", metavar="ROLE", help=_("the PostgreSQL role"))
    p.set_defaults(func=revoke)

    p = subparsers.add_parser(
        "copy", help=_("copy a workbook file into a database, or a partnership to a file"),
        description=_("`copy PATH --db URL --partnership SLUG` copies the file into a new "
                      "partnership; `copy --db URL --partnership SLUG PATH` copies the "
                      "partnership to a new file. Everything is copied with its ids; nothing "
                      "existing is replaced."))
    add_db_options(p)
    p.add_argument("path", metavar="PATH", action=_PathThenDb, help=_("the workbook file"))
    p.set_defaults(func=copy, into_db=True)

    p = subparsers.add_parser(
        "snapshot", help=_("write a consistent snapshot of a database partnership"),
        description=_("Write everything in one partnership, read in one consistent "
                      "transaction while others keep working, to a JSON file "
                      "(restore it with restore-snapshot)."))
    add_db_options(p)
    p.add_argument("out", metavar="OUT.json", help=_("the JSON file to write (replaced)"))
    p.set_defaults(func=snapshot)

    p = subparsers.add_parser(
        "restore-snapshot", help=_("put a snapshot back into a database partnership"),
        description=_("Replace everything in one partnership with a snapshot (or any JSON "
                      "export), in one transaction, after asking. Only an owner may."))
    add_db_options(p)
    p.add_argument("source", metavar="SNAPSHOT.json", help=_("the snapshot to restore"))
    p.add_argument("--yes", action="store_true",
                   help=_("do not ask; needed when stdin is not a terminal"))
    p.set_defaults(func=restore_snapshot)


def _db_target(args: argparse.Namespace) -> DbTarget:
    if not args.db or not args.partnership:
        raise WorkbookError(Sentence(N_(
            "`workbook {command}` needs both --db URL and --partnership SLUG; nothing was "
            "changed."), command=args.command))
    return DbTarget(args.db, args.partnership)


def _url(args: argparse.Namespace) -> str:
    if not args.db:
        raise WorkbookError(Sentence(N_(
            "Name the database with --db URL (e.g. postgresql://ROLE@HOST/DATABASE).")))
    return str(args.db)


def partnerships(args: argparse.Namespace) -> None:
    from ..store.postgres import partnerships as listed

    found = listed(_url(args))
    if args.json:
        print(json.dumps([{"slug": m.slug, "access": m.access, "created_at": m.created_at}
                          for m in found], indent=2))
        return
    if not found:
        print(_("No partnerships you may see in this database yet. Create one with `workbook "
                "new --db URL --partnership SLUG --title ... --sector ... --region ...`."))
        return
    width = max(len(m.slug) for m in found)
    accesses = [_access(m.access) for m in found]
    shown = max(len(a) for a in accesses)
    for m, access in zip(found, accesses, strict=True):
        print(_("  {slug}  {access}  created {day}").format(
            slug=f"{m.slug:<{width}}", access=f"{access:<{shown}}", day=_day(m.created_at)))


def _access(access: str) -> str:
    """A role's access to a partnership in words (the code stays in --json and ACCESS)."""
    words = {"owner": pgettext("access", "owner"),
             "facilitator": pgettext("access", "facilitator"),
             "observer": pgettext("access", "observer")}
    return words.get(access, access)


def _day(moment: object) -> str:
    """When a partnership was made, as a date in words (as stored if it is not a time)."""
    import datetime as dt

    if isinstance(moment, str):
        try:
            return format_date(dt.datetime.fromisoformat(moment))
        except ValueError:
            return moment
    return format_date(moment) if isinstance(moment, dt.date) else str(moment)


def db_init(args: argparse.Namespace) -> None:
    from ..store.pg_install import install

    done = install(_url(args), creators=args.creator)
    if args.json:
        print(json.dumps({"action": done.action, "schema_step": done.step,
                          "creators": list(done.creators)}, indent=2))
        return
    said = {"installed": _("Installed the workbook's tables (schema step {step}); they belong "
                           "to workbook_owner."),
            "upgraded": _("Upgraded the workbook's tables (schema step {step}); they belong to "
                          "workbook_owner."),
            "checked": _("The workbook's tables were up to date; refreshed their access rules "
                         "(schema step {step}); they belong to workbook_owner.")}
    print(said[done.action].format(step=done.step))
    for role in done.creators:
        print(_("{role} may now start partnerships.").format(role=role))


def grant(args: argparse.Namespace) -> None:
    from ..store.postgres import grant as give

    target = _db_target(args)
    give(target, args.role, args.access)
    print(_("{role} is now {access} of {target}.").format(
        role=args.role, access=_access(args.access), target=target))


def revoke(args: argparse.Namespace) -> None:
    from ..store.postgres import revoke as take

    target = _db_target(args)
    if take(target, args.role):
        print(_("{role} no longer has access to {target}.").format(role=args.role,
                                                                  target=target))
    else:
        print(_("{role} had no access to {target}; nothing was changed.").format(
            role=args.role, target=target))


def copy(args: argparse.Namespace) -> None:
    from ..interchange.jsonio import describe_import, export_json, import_json

    database = _db_target(args)
    path = Path(args.path)
    source, target = (path, database) if args.into_db else (database, path)
    with opened(source) as wb:
        document = export_json(wb)
        uid = wb.partnership_uid()
    try:
        copied = import_json(document, target)
    except WorkbookExistsError as exc:
        raise WorkbookExistsError(Sentence(N_(
            "{target} already exists; nothing was changed. Copy to another name: copy never "
            "replaces anything."), target=target)) from exc
    try:
        copied.share_partnership_uid(uid)  # contribution files fit both copies
        print(_("Copied {source} to {target}: {what}").format(
            source=source, target=target, what=describe_import(copied)))
    finally:
        copied.close()


def snapshot(args: argparse.Namespace) -> None:
    from ..interchange.jsonio import write_json

    target = _db_target(args)
    with opened(target) as wb:
        out = write_json(wb, args.out)
    print(_("Wrote a snapshot of {target} to {out}").format(target=target, out=out))


def restore_snapshot(args: argparse.Namespace) -> None:
    from ..interchange.jsonio import replace_from_json

    target = _db_target(args)
    if not args.yes:
        stdin = sys.stdin
        if stdin is None or not stdin.isatty():
            raise WorkbookError(Sentence(N_(
                "restore-snapshot replaces everything in the partnership and needs a yes, but "
                "stdin is not a terminal; nothing was changed. Run it in a terminal, or add "
                "--yes.")))
        print(_("Replace everything in {target} with {source}? [y/N]").format(
            target=target, source=args.source), end=" ", flush=True)
        if stdin.readline().strip().casefold() not in ("y", "yes"):
            raise WorkbookError(Sentence(N_("Restore cancelled; {target} was not changed."),
                                         target=target))
    with opened(target) as wb:
        replace_from_json(wb, Path(args.source))
    print(_("Restored {target} from {source}.").format(target=target, source=args.source))
