"""Workbooks kept in a PostgreSQL database, many partnerships to one database.

A workbook there is named by a ``DbTarget``: the database URL
(``postgresql://role@host/db``; the ``postgresql+psycopg`` driver is used) and the
partnership's short name (its slug). The store's engine for a target sets
``workbook.partnership`` on each connection; the tables' defaults and row-level security
(``pg_security.py``) do the rest, so the store's SQL is the same as on a file:

- reads run in REPEATABLE READ, so a read block (an export, a snapshot) sees one
  consistent state, as SQLite's read transactions do;
- writes run in READ COMMITTED after ``workbook_begin_write()``, which refuses observers
  and non-members and takes the partnership's lock, as ``BEGIN IMMEDIATE`` does;
- the driver runs in autocommit mode with client-side binding, and the store sends
  ``BEGIN`` (and the lock) itself in front of the transaction's first statement, so a
  change costs three round trips (begin, lock and read the row; write it; commit) and a
  read two.

Errors: ``WorkbookMissingError`` for a partnership the role cannot see,
``ReadOnlyWorkbookError`` for a write by an observer, ``NewerWorkbookError`` for a
database upgraded by a newer version, ``StoreError`` for a server that cannot be reached.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import (
    Sentence,
    StoreError,
    WorkbookError,
    WorkbookExistsError,
    WorkbookMissingError,
)
from ..i18n import N_, _

# pg_schema builds the PostgreSQL tables when imported (a few hundred milliseconds); a
# notebook on a SQLite file never needs them, so the functions below import them when run.
from .pg_url import admin_engine, driver_url, safe_url, tables_installed

__all__ = ["DbTarget", "Member", "access", "admin_engine", "drop", "grant", "is_db_url",
           "partnership_engine", "partnerships", "prepare", "register", "revoke",
           "translate_pg_error", "wipe"]


@dataclass(frozen=True)
class DbTarget:
    """One partnership's workbook in a database: ``url`` and ``slug``."""

    url: str
    slug: str

    def __post_init__(self) -> None:
        from .pg_schema import check_slug

        check_slug(self.slug)

    def __str__(self) -> str:
        return _("partnership {slug} in {url}").format(slug=repr(self.slug),
                                                       url=safe_url(self.url))


@dataclass(frozen=True)
class Member:
    """One partnership a role can see: its slug, the role's access and when it was made."""

    slug: str
    access: str
    created_at: str


def is_db_url(target: object) -> bool:
    return isinstance(target, str) and "://" in target


_PENDING_BEGIN = "workbook_begin"
_PREPARING = "workbook_preparing"
PREPARED = "workbook_prepared"
"""The execution option that marks one of an edit's statements (``core``, ``log``): on a
server it is prepared once per session (``PREPARE``, sent along with its first use) and
then only EXECUTEd, so the server does not plan it again under the access rules at every
edit (about half the server's time of an edit)."""
_PREPARED_IN: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
"""By psycopg connection (one server session): the store's statements prepared in it, by
their text -> the ``EXECUTE`` that runs them."""
_NAMES = itertools.count(1)
COMMIT_ALONG = "workbook_commit_along"
"""Set in a connection's ``info`` for one statement: the COMMIT is sent with it, in the
same round trip (``log.finish_step``); the transaction ends if it succeeds."""
_RESULTS_TO_SKIP = "workbook_skip"
_BEGIN_WRITE = "BEGIN; SELECT workbook_begin_write()"
_BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ"


@functools.lru_cache(maxsize=256)
def _numbered(statement: str) -> tuple[str, tuple[str, ...]]:
    """``statement`` with ``$1``, ``$2`` ... for its ``%(name)s`` placeholders (the same name,
    the same number), and the names in that order."""
    names: list[str] = []

    def number(found: re.Match[str]) -> str:
        if found.group(1) not in names:
            names.append(found.group(1))
        return f"${names.index(found.group(1)) + 1}"

    return re.sub(r"%\((\w+)\)s", number, statement), tuple(names)


def _prepared_call(session: Any, statement: str) -> tuple[str, str]:
    """The ``EXECUTE`` that runs ``statement`` in this server session, and the ``PREPARE``
    to send before it ("" once it ran there). A new name each time it is prepared: a
    PREPARE that ran in a query that failed later is still there, under its name."""
    known = _PREPARED_IN.get(session, {}).get(statement)
    if known is not None:
        return known, ""
    numbered, names = _numbered(statement)
    name = f"workbook_{next(_NAMES)}"
    arguments = ", ".join(f"%({n})s" for n in names)
    call = f"EXECUTE {name}({arguments})" if names else f"EXECUTE {name}"
    return call, f"PREPARE {name} AS {numbered}"


def partnership_engine(target: DbTarget) -> sa.Engine:
    """The store's engine for one partnership (see the module docstring)."""
    import psycopg

    # Client-side binding: a statement with its values goes as one simple query, so the
    # transaction's BEGIN (and the write lock) can travel with the first statement.
    engine = sa.create_engine(driver_url(target.url), pool_size=2, max_overflow=8,
                              connect_args={"cursor_factory": psycopg.ClientCursor})

    # As on a file (engines.py): WORKBOOK_SYNC=NORMAL (the default) lets a commit return
    # before the server has flushed it to disk (synchronous_commit off): a change confirmed
    # on screen survives the notebook being killed, and a crash of the server itself can
    # lose its last fraction of a second, never corrupt. FULL waits for the flush.
    sync = os.environ.get("WORKBOOK_SYNC", "NORMAL").upper()
    synchronous_commit = "on" if sync in ("FULL", "EXTRA") else "off"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        from .pg_security import CREATOR_ROLE

        # BEGIN is sent by _on_begin with what follows it, in one round trip.
        dbapi_conn.autocommit = True
        with dbapi_conn.cursor() as cur:
            cur.execute("SELECT set_config('workbook.partnership', %s, false), "
                        "set_config('synchronous_commit', %s, false)",
                        (target.slug, synchronous_commit))
            cur.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles "
                        "WHERE rolname = current_user")
            row = cur.fetchone()
            if row and row[0]:
                # Row-level security does not hold for this role: act as a plain user
                # (one that may start partnerships).
                cur.execute(f"SET ROLE {CREATOR_ROLE}")
            # Nobody's database or role settings decide where the tables are looked up.
            cur.execute("SELECT set_config('search_path', 'public', false)")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.info[_PENDING_BEGIN] = _BEGIN_WRITE if immediate else _BEGIN_READ

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _send_along(conn: sa.Connection, cursor: Any, statement: str, parameters: Any,
                          context: Any, executemany: bool) -> tuple[str, Any]:
        before: list[str] = []  # statements sent ahead of the store's, in the same query
        if not executemany and context is not None \
                and context.execution_options.get(PREPARED):
            original = statement
            statement, prepare = _prepared_call(cursor.connection, original)
            if prepare:
                before.append(prepare)
                conn.info[_PREPARING] = (cursor.connection, original, statement)
        if conn.info.get(COMMIT_ALONG) and not executemany:
            statement = f"{statement}; COMMIT"
        begin = conn.info.pop(_PENDING_BEGIN, None)
        if begin is not None:
            if executemany:
                cursor.execute(begin)
            else:
                before.insert(0, begin)
        if not before:
            return statement, parameters
        conn.info[_RESULTS_TO_SKIP] = sum(part.count(";") + 1 for part in before)
        return "; ".join((*before, statement)), parameters

    @event.listens_for(engine, "after_cursor_execute")
    def _after_sending(conn: sa.Connection, cursor: Any, *_args: Any) -> None:
        preparing = conn.info.pop(_PREPARING, None)
        if preparing is not None:  # it ran: later calls on this session just EXECUTE it
            session, original, call = preparing
            _PREPARED_IN.setdefault(session, {})[original] = call
        for _skipped in range(conn.info.pop(_RESULTS_TO_SKIP, 0)):
            cursor.nextset()  # to the result of the store's own statement

    @event.listens_for(engine, "handle_error")
    def _forget_what_failed(context: Any) -> None:
        # The failed query's results are gone, and whether its PREPARE ran is unknown:
        # prepared again, under a new name, at the next use.
        if context.connection is not None and not context.connection.invalidated:
            context.connection.info.pop(_PREPARING, None)
            context.connection.info.pop(_RESULTS_TO_SKIP, None)

    return engine


def refused_already(conn: sa.Connection) -> bool:
    """Whether the connection's transaction can only be rolled back: the server refused one
    of its statements (an error someone caught and passed over; its COMMIT would roll back
    without a word), or the connection was lost."""
    if conn.invalidated:
        return True
    if conn.dialect.name != "postgresql":
        return False  # a file's refused statement takes back only itself
    import psycopg

    info = getattr(conn.connection.dbapi_connection, "info", None)
    return info is not None and info.transaction_status == psycopg.pq.TransactionStatus.INERROR


def translate_pg_error(exc: BaseException, target: object) -> StoreError | None:
    """The clear message for a PostgreSQL failure, or None if it is a bug."""
    from .pg_security import WRITE_DENIED

    state = getattr(exc, "sqlstate", None)
    diag = getattr(exc, "diag", None)
    hint = getattr(diag, "message_hint", None) if diag is not None else None
    if state == WRITE_DENIED and hint == "observer":
        from ..errors import ReadOnlyWorkbookError

        return ReadOnlyWorkbookError(Sentence(N_(
            "You may read {target} but not change it (you are an observer); nothing was "
            "saved. Ask its owner for facilitator access."), target=target))
    # The server's own sentence (in PostgreSQL's language), without its hint and context.
    said = (getattr(diag, "message_primary", None) if diag is not None else None) or (
        exc.args[0] if exc.args else exc)
    if state == WRITE_DENIED and hint == "not-owner":
        return StoreError(Sentence(N_(
            "Only an owner of {target} may change who has access; nothing was changed. Ask "
            "its owner."), target=target))
    if state == WRITE_DENIED and hint == "last-owner":
        return StoreError(Sentence(N_(
            "{reason}; nothing was changed. Make another role owner first."), reason=said))
    if state == WRITE_DENIED and hint == "not-person":
        return StoreError(Sentence(N_(
            "{reason}; nothing was changed. Grant access to a person's own login role."),
            reason=said))
    if state == WRITE_DENIED:
        return WorkbookMissingError(Sentence(N_(
            "There is no {target} that you may open; nothing was changed. List yours with "
            "`workbook partnerships --db URL`, or ask its owner to grant you access."),
            target=target))
    if state == "22023" and hint == "bad-slug":
        return StoreError(Sentence(N_(
            "{reason}; nothing was changed. Use lower-case letters, digits and dashes."),
            reason=said))
    if state == "42704" and hint == "no-role":
        return StoreError(Sentence(N_(
            "{reason} in the database; nothing was changed. Create it first (CREATE ROLE "
            "name LOGIN PASSWORD '...')."), reason=said))
    from .pg_errors import server_problem

    problem = server_problem(exc, target)
    if problem is not None:
        return problem
    if state is None and "connection" in str(exc).lower():
        return StoreError(Sentence(N_(
            "Could not reach the database for {target} ({reason}). Check the URL, that the "
            "server runs, and the password."), target=target, reason=exc))
    if state == "40P01":
        return StoreError(Sentence(N_(
            "{target} was busy with another change; nothing was saved. Repeat the change."),
            target=target))
    return None


@contextlib.contextmanager
def _connect(engine: sa.Engine, target: object) -> Iterator[sa.Connection]:
    try:
        with engine.connect() as conn:
            yield conn
    except sa.exc.DBAPIError as exc:
        translated = translate_pg_error(exc.orig or exc, target)
        if translated is None:
            raise
        raise translated from exc


def register(engine: sa.Engine, target: DbTarget, *, can_replace: bool = True) -> None:
    """Record a new partnership with the connecting role as its owner.

    Raises ``WorkbookExistsError`` when the slug is taken (``can_replace``: the message
    offers ``--force``), ``StoreError`` when the role may not start partnerships.
    """
    from .pg_security import CREATOR_ROLE

    with _connect(engine, target) as conn, conn.begin():
        if not conn.execute(sa.text(f"SELECT pg_has_role(session_user, '{CREATOR_ROLE}', "
                                    "'MEMBER')")).scalar():
            raise StoreError(Sentence(N_(
                "Your role may not start new partnerships, so {target} was not made; nothing "
                "was changed. Ask the database administrator to run `workbook db init --db "
                "ADMIN_URL --creator YOUR_ROLE`."), target=target))
        exists = conn.execute(sa.text("SELECT 1 FROM workbook_partnerships() WHERE slug = "
                                      ":s"), {"s": target.slug}).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(sa.text("SELECT workbook_register(:s)"), {"s": target.slug})
                return
            except sa.exc.IntegrityError:
                pass
    raise WorkbookExistsError(Sentence(
        N_("There is already a {target}; nothing was changed. Choose another --partnership, "
           "or pass --force to replace it.") if can_replace else
        N_("There is already a {target}; nothing was changed. Choose another --partnership."),
        target=target))


def access(engine: sa.Engine, target: DbTarget) -> str | None:
    """The connecting role's access to ``target`` (None: not a member, or no such one)."""
    with _connect(engine, target) as conn:
        return conn.execute(sa.text("SELECT workbook_access(:s)"),
                            {"s": target.slug}).scalar()


def wipe(engine: sa.Engine, target: DbTarget) -> None:
    """Remove every row of a partnership (kept registered): only its owner may.

    ``engine`` is the partnership's engine, so row-level security limits each DELETE.
    """
    from .pg_schema import data_tables, pg_metadata

    if access(engine, target) != "owner":
        raise StoreError(Sentence(N_(
            "Only an owner of {target} may replace it; nothing was changed."), target=target))
    with _connect(engine.execution_options(immediate=True), target) as conn, conn.begin():
        for table in reversed(pg_metadata.sorted_tables):
            if table.name in data_tables:
                conn.execute(sa.text(f"DELETE FROM {table.name}"))


def drop(engine: sa.Engine, target: DbTarget) -> None:
    """Remove a partnership whole: its rows, its registration and its members (owner only)."""
    wipe(engine, target)
    with _connect(engine, target) as conn, conn.begin():
        conn.execute(sa.text("SELECT workbook_unregister(:s)"), {"s": target.slug})


def partnerships(url: str) -> list[Member]:
    """Every partnership in the database that the connecting role may see, by slug."""
    from .pg_readers import reader
    from .pg_security import USER_ROLE

    prepare(url)
    # The connection the portfolio reads on next (kept: ``pg_readers``); the functions
    # asked here go by the session's role, which its settings leave as they are.
    with _connect(reader(url), safe_url(url)) as conn:
        if not _installed(conn) or not conn.execute(sa.text(
                f"SELECT pg_has_role(session_user, '{USER_ROLE}', 'MEMBER')")).scalar():
            return []
        rows = conn.execute(sa.text("SELECT slug, access, created_at "
                                    "FROM workbook_partnerships()")).all()
    return [Member(r.slug, r.access, r.created_at.isoformat(timespec="seconds"))
            for r in rows]


_READY: set[str] = set()


def prepare(url: str) -> None:
    """Check that the database's tables are installed, at the newest step, and that the
    connecting role may use them; done once per database and process.

    A superuser installs or upgrades them itself (``pg_install.install``, the tables then
    belong to ``workbook_owner``); anyone else is told to ask the administrator. Raises
    ``StoreError`` for tables missing or older, or a role that owns them (row-level
    security cannot hold it), ``NewerWorkbookError`` for a database a newer version has
    upgraded.
    """
    if url in _READY:
        return
    from .migrations import HEAD, database_revision, known_step
    from .pg_install import install, owner_problem

    where = safe_url(url)
    engine = admin_engine(url)
    try:
        with _connect(engine, where) as conn:
            superuser = conn.execute(sa.text("SELECT rolsuper FROM pg_roles "
                                             "WHERE rolname = session_user")).scalar()
            step = database_revision(conn) if _installed(conn) else None
            conn.rollback()
            if step is not None and not known_step(step):
                from ..errors import NewerWorkbookError

                raise NewerWorkbookError(Sentence(N_(
                    "{where} was upgraded by a newer version of the workbook (schema step "
                    "{step}; this version knows up to {known}). Upgrade with `pip install -U "
                    "partnership-workbook`; nothing was changed."), where=where, step=step,
                    known=HEAD))
            if step != HEAD:
                if not superuser:
                    raise StoreError(Sentence(
                        N_("The workbook's tables in {where} are missing, and only the "
                           "database's administrator may install or upgrade them; nothing was "
                           "changed. Ask them to run `workbook db init --db ADMIN_URL` once.")
                        if step is None else
                        N_("The workbook's tables in {where} are at an older step, and only "
                           "the database's administrator may install or upgrade them; nothing "
                           "was changed. Ask them to run `workbook db init --db ADMIN_URL` "
                           "once."), where=where))
                install(url)
            problem = owner_problem(conn, where)
            if problem:
                raise StoreError(problem)
    finally:
        engine.dispose()
    _READY.add(url)


def _installed(conn: sa.Connection) -> bool:
    return tables_installed(conn)


def grant(target: DbTarget, role: str, level: str) -> None:
    """Give ``role`` access ``level`` (owner, facilitator, observer) to one partnership.

    Only an owner may; the role must exist. Raises ``StoreError`` with the reason.
    """
    from .pg_schema import ACCESS

    if level not in ACCESS:
        from ..errors import ChoiceError

        raise ChoiceError("access", level, list(ACCESS))
    engine = admin_engine(target.url)
    try:
        with _connect(engine, target) as conn, conn.begin():
            conn.execute(sa.text("SELECT workbook_grant(:s, :r, :a)"),
                         {"s": target.slug, "r": role, "a": level})
    finally:
        engine.dispose()


def revoke(target: DbTarget, role: str) -> bool:
    """Take ``role``'s access to one partnership away; False if it had none."""
    engine = admin_engine(target.url)
    try:
        with _connect(engine, target) as conn, conn.begin():
            return bool(conn.execute(sa.text("SELECT workbook_revoke(:s, :r)"),
                                     {"s": target.slug, "r": role}).scalar())
    finally:
        engine.dispose()


def reraise(exc: sa.exc.DBAPIError, target: object) -> WorkbookError | sa.exc.DBAPIError:
    translated = translate_pg_error(exc.orig or exc, target)
    return translated if translated is not None else exc
