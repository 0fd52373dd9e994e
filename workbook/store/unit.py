"""The unit of work: the one way a change reaches a workbook, and who hears of it.

``Unit.change()`` opens one transaction and one step of the history; every write of the
store (``core.Store``'s generic ones, the domain mixins', the bulk ones) joins the step its
thread has open, and ``log.py`` records each row it touches. After the commit the step is
published to the listeners (``on_step``, ``on_change``), which is how open views learn
what another view or the live room changed. Reads go through ``_read`` (joining the
running step, if any) or the public, read-only ``reading()``. Errors of the database come
out as the store's own, translated for the file or the server (``_translate``).
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..errors import Sentence, StoreError
from ..i18n import N_
from . import postgres
from .files import translate_sqlite_error
from .log import UnitOfWork, begin_step, end_step, finish_step, flush, log_many, row_json, running
from .many import insert_many
from .postgres import DbTarget

__all__ = ["Unit"]

log = logging.getLogger(__name__)


class _Memo:
    """What one ``Unit.remembering()`` block has read, and as of which step."""

    __slots__ = ("lists", "steps_seen")

    def __init__(self, steps_seen: int) -> None:
        self.lists: dict[Any, list[Any]] = {}
        self.steps_seen = steps_seen


class Unit:
    """An open workbook's connections, steps and listeners (``core.Store`` builds on it)."""

    def __init__(self, engine: sa.Engine, path: Path | None,
                 db: DbTarget | None = None) -> None:
        self.engine = engine
        self.path = path
        self.db = db  # set for a workbook kept in a database (PostgreSQL)
        self._listeners: list[Callable[[str, int | None], None]] = []
        self._step_listeners: list[Callable[[UnitOfWork], None]] = []
        # Set inside ``change()``: the one connection every read and write of this thread
        # joins there.
        self._local = threading.local()
        self._author_name: str | None = None
        # Bumped by every step published: a memo (``remembering``) filled before is stale.
        self._steps_seen = 0
        self.source = "python"
        """Where this store's steps are made, unless ``change`` names it: "view Kickoff",
        "command import-sheet", "live room"."""

    # -- the unit of work: every change goes through ``change()`` ---------------------------

    def _joined(self) -> sa.Connection | None:
        """The connection of this thread's open ``change()``, if any."""
        conn: sa.Connection | None = getattr(self._local, "conn", None)
        return conn

    @contextlib.contextmanager
    def change(self, label: str | None = None, *, source: str | None = None,
               continues: UnitOfWork | None = None) -> Iterator[UnitOfWork]:
        """One step: every write inside the block is one transaction and one Undo.

            with wb.change("Add Rosa Quintero and mark present") as step:
                person = wb.add(Person(...))
                wb.add_attendee(meeting.id, person.id)

        Every write method of the store joins the step its thread has open, so a block
        may call any of them, and blocks nest (an inner block joins the outer step; its
        label is used only if the outer one has none). The change log is written for
        every table touched, with the step's ``label`` (settable inside the block; a step
        nobody named is described by its first change), its ``author`` (the database's
        login role, or the machine's user for a file) and ``source`` (default
        ``self.source``: "view Kickoff", "command import-sheet", ...). All is stored or,
        if the block raises, nothing. After the commit the step is published to the
        listeners (``on_step``, ``on_change``). ``continues`` (the step an earlier block
        yielded) makes this transaction part of that step: a long import writes in short
        transactions, so other notebooks never wait long, and is still one Undo; a block
        that raises stores nothing of its transaction and leaves the step as it was before
        it. Raises the store's ``StoreError`` subclasses for refusals of the database (a
        broken rule, a full disk, a lock), also for one caught inside the block: on a
        server the transaction can then only be rolled back.
        """
        joined = self._joined()
        if joined is not None:
            step = running(joined)
            assert step is not None, "a joined transaction always carries its step"
            if label and not step.label:
                step.label = label
            yield step
            return
        step = continues if continues is not None else UnitOfWork(
            label, source or getattr(self._local, "source", None) or self.source, "")
        before = step.mark()
        try:
            with self.engine.connect().execution_options(immediate=True) as conn, \
                    conn.begin():
                if continues is None:
                    step.author = self._author(conn)
                begin_step(conn, step)
                self._local.conn = conn
                try:
                    yield step
                    if postgres.refused_already(conn):
                        raise StoreError(Sentence(N_(
                            "The database refused part of this change, so none of it was "
                            "saved. Do it again; if it is refused again, the message then "
                            "says why.")))
                    finish_step(conn)
                finally:
                    self._local.conn = None
                    end_step(conn)
        except BaseException as exc:
            # Nothing of this transaction is stored: a step that goes on (``continues``)
            # does not carry its number, label or waiting row.
            step.rolled_back(before)
            if isinstance(exc, sa.exc.IntegrityError):
                raise StoreError(Sentence(N_(
                    "The change breaks a rule of the stored data ({reason}); nothing was "
                    "saved. Check the references you picked."), reason=exc.orig)) from exc
            if isinstance(exc, sa.exc.DBAPIError):
                raise self._translate(exc) from exc
            raise
        self._publish(step)

    @contextlib.contextmanager
    def acting(self, source: str) -> Iterator[None]:
        """Record the steps this thread makes inside the block as made from ``source``
        ("view Kickoff"), unless a ``change`` names its own."""
        previous = getattr(self._local, "source", None)
        self._local.source = source
        try:
            yield
        finally:
            self._local.source = previous

    def transaction(self, label: str | None = None) -> contextlib.AbstractContextManager[Any]:
        """``change()`` under its earlier name: every change inside is one step."""
        return self.change(label)

    def _author(self, conn: sa.Connection) -> str:
        """Who makes the changes of this store: the database's login role (not the role
        row-level security acts as), or the user of the machine for a file."""
        if self._author_name is None:
            if conn.dialect.name == "postgresql":
                self._author_name = str(conn.execute(sa.text("SELECT session_user"))
                                        .scalar_one())
            else:
                try:
                    self._author_name = getpass.getuser()
                except Exception:  # no user name in this environment (a bare container)
                    self._author_name = ""
        return self._author_name

    @property
    def author(self) -> str:
        """Who this store's changes are recorded as (see ``change``); "" if unknown."""
        if self._author_name is None:
            with self._read() as conn:
                return self._author(conn)
        return self._author_name

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            joined = self._joined()
            if joined is not None:
                yield joined
                return
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except sa.exc.DBAPIError as exc:
            raise self._translate(exc) from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A connection for reading many rows in one consistent snapshot (analyses,
        exports): SELECT only; a write through it is refused by the database. Inside a
        ``change()`` block it is that step's connection, which sees its changes, their
        history included (``log.flush``)."""
        with self._read() as conn:
            if conn is self._joined():
                flush(conn)
                yield conn
                return
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SET TRANSACTION READ ONLY"))
                yield conn
                return
            conn.exec_driver_sql("PRAGMA query_only = ON")
            try:
                yield conn
            finally:
                conn.exec_driver_sql("PRAGMA query_only = OFF")

    # -- reading each whole list once --------------------------------------------------------

    @contextlib.contextmanager
    def remembering(self) -> Iterator[None]:
        """Read each whole list once inside the block (this thread's reads).

            with wb.remembering():
                summary = build_summary(wb, meeting_id)

        A view's pickers, tables and header, or a summary's sections, ask for the same
        stored lists many times; inside the block ``all()`` with the same class and
        filters (and ``remembered``) reads the database once and then answers from memory,
        each caller getting its own list of the (frozen) entities. Any step this store
        commits, from any thread, forgets everything read before it, and so does
        ``forget()``; reads inside a ``change()`` always go to the database (they must see
        the step's own writes). Blocks nest: the outermost one keeps the memory.
        """
        if getattr(self._local, "memo", None) is not None:
            yield
            return
        self._local.memo = _Memo(self._steps_seen)
        try:
            yield
        finally:
            self._local.memo = None

    def remembered(self, key: Any, read: Callable[[], list[Any]]) -> list[Any]:
        """``read()``'s list, read once per ``remembering`` block and ``key`` (a fresh
        copy each call); outside a block, or inside a ``change()``, just ``read()``."""
        memo: _Memo | None = getattr(self._local, "memo", None)
        if memo is None or self._joined() is not None:
            return read()
        if memo.steps_seen != self._steps_seen:
            memo.lists.clear()
            memo.steps_seen = self._steps_seen
        if key not in memo.lists:
            memo.lists[key] = read()
        return list(memo.lists[key])

    def forget(self) -> None:
        """Drop what the open ``remembering`` block has read: the next reads are fresh."""
        memo: _Memo | None = getattr(self._local, "memo", None)
        if memo is not None:
            memo.lists.clear()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """The connection of the running step, opening one if none is (see ``change``)."""
        with self.change():
            conn = self._joined()
            assert conn is not None
            yield conn

    def _translate(self, exc: sa.exc.DBAPIError) -> Exception:
        if self.db is not None:
            translated = postgres.translate_pg_error(exc.orig or exc, self.db)
        else:
            translated = translate_sqlite_error(exc.orig or exc, self.path or self.engine.url)
        if translated is None:
            return exc
        return translated

    # -- who hears of a step ------------------------------------------------------------------

    def on_change(self, listener: Callable[[str, int | None], None]) -> Callable[[], None]:
        """Call ``listener(kind, id)`` once per kind a committed step touched (``id`` is
        None when it touched several of that kind).

        Returns a function that removes the listener (views call it when closed).
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def on_step(self, listener: Callable[[UnitOfWork], None]) -> Callable[[], None]:
        """Call ``listener(step)`` after each step this object commits (or undoes): its
        ``label``, ``source``, ``kinds`` and ``touched`` say what changed.

        Returns a function that removes the listener.
        """
        self._step_listeners.append(listener)
        return lambda: (self._step_listeners.remove(listener)
                        if listener in self._step_listeners else None)

    def _publish(self, step: UnitOfWork) -> None:
        if not step.touched:
            return
        self._steps_seen += 1
        for kind, ids in step.touched.items():
            entity_id = next(iter(ids)) if len(ids) == 1 else None
            for listener in list(self._listeners):
                self._call(listener, kind, entity_id)
        for step_listener in list(self._step_listeners):
            self._call(step_listener, step)

    @staticmethod
    def _call(listener: Callable[..., None], *args: Any) -> None:
        try:
            listener(*args)
        except Exception:  # a broken view must not undo a stored change
            log.exception("change listener %r failed", listener)

    # -- link rows (attendance, stances, ledgers): written and logged together ----------------

    @staticmethod
    def _add_links(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], *,
                   entity_key: str | None = None) -> None:
        """Insert link rows and log each (its ``entity_key`` column names the entity the
        history files it under)."""
        if not rows:
            return
        insert_many(conn, table, rows)
        log_many(conn, "link_add", table.name,
                 [(row.get(entity_key) if entity_key else None, None, row_json(row))
                  for row in rows])

    @staticmethod
    def _remove_links(conn: sa.Connection, table: sa.Table, *where: Any,
                      entity_key: str | None = None) -> int:
        """Delete the link rows ``where`` selects and log each; returns how many."""
        rows = [dict(r) for r in conn.execute(sa.select(table).where(*where)).mappings()]
        if rows:
            conn.execute(sa.delete(table).where(*where))
            log_many(conn, "link_remove", table.name,
                     [(row.get(entity_key) if entity_key else None, row_json(row), None)
                      for row in rows])
        return len(rows)

    def _replace_links(self, conn: sa.Connection, table: sa.Table,
                       rows: list[dict[str, Any]], *where: Any,
                       entity_key: str | None = None) -> None:
        """Make ``rows`` exactly the link rows ``where`` selects, logging only the
        difference (so Undo puts back precisely what was there)."""
        current = [dict(r) for r in conn.execute(sa.select(table).where(*where)).mappings()]
        keys = [c.name for c in table.columns]

        def key(row: Mapping[str, Any]) -> tuple[Any, ...]:
            return tuple(row.get(k) for k in keys)

        wanted = {key(r): r for r in rows}
        have = {key(r): r for r in current}
        gone = [r for k, r in have.items() if k not in wanted]
        for row in gone:
            conn.execute(sa.delete(table).where(*[table.c[k] == row[k] for k in keys]))
        log_many(conn, "link_remove", table.name,
                 [(row.get(entity_key) if entity_key else None, row_json(row), None)
                  for row in gone])
        self._add_links(conn, table, [r for k, r in wanted.items() if k not in have],
                        entity_key=entity_key)
