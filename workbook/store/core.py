"""Opening workbooks and the generic, conflict-checked reads and writes on their entities.

Every change runs in its own short ``BEGIN IMMEDIATE`` transaction and is committed before
the call returns: there is no save step. Each row carries a ``version``; an update changes
only the fields it names, so two kernels editing different fields never lose each other's
work, and a caller that passes ``expected`` (the values it showed) is refused with a
``ConflictError`` instead of silently overwriting a newer value.

Two kernels on one file: the row is read and written under the write lock, so edits of
different fields or rows are all kept. Two writes of the same field: the later one wins,
unless its writer passes ``expected``; then a value changed meanwhile is refused and the
other kernel's value stays. Reads are never cached: a kernel sees the other's change at
its next read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from ..errors import (
    ConflictError,
    NotFoundError,
    StoreError,
    ValidationError,
    WorkbookExistsError,
    WorkbookMissingError,
)
from ..model import ENTITIES, Entity, Partnership
from ..model.base import MAX_INT
from ..model.slugs import export_folder_name
from . import backups, migrations, postgres
from .checks import check_references, check_unique, require_id
from .engines import connect_file, memory_engine, sqlite_engine
from .files import inspect_file, translate_sqlite_error
from .log import (
    UnitOfWork,
    begin_step,
    end_step,
    finish_step,
    log_change,
    log_many,
    row_json,
    running,
)
from .postgres import DbTarget
from .schema import APPLICATION_ID, SCHEMA_VERSION, meta, metadata, table_for

__all__ = ["Store"]

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Entity)
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITIES}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _inserted_id(result: sa.CursorResult[Any]) -> int:
    """The id the database gave the row an INSERT just stored."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT always has a primary key here"
    return int(key[0])


class Store:
    """One open workbook: generic entity access; the domain operations are mixed in."""

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
        self.source = "python"
        """Where this store's steps are made, unless ``change`` names it: "view Kickoff",
        "command import-sheet", "live room"."""

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | os.PathLike[str] | DbTarget, *,
             daily_backup: bool = True) -> Any:
        """Open an existing workbook, upgrading it if it is older.

        ``target`` is a file path, whatever characters it holds (``%20``, ``?``, ``#``,
        ``://``): never a database URL, which only ever comes as a ``DbTarget`` (database URL
        and partnership slug, see ``postgres.py``; ``--db URL --partnership SLUG`` on the
        command line). Raises ``StoreError`` subclasses for a missing, foreign, damaged,
        newer or read-only file, and ``WorkbookMissingError`` for a partnership the
        connecting role may not open.
        """
        if isinstance(target, DbTarget):
            return cls._open_db(target)
        path = Path(target)
        state = inspect_file(path)
        if state.schema_version < SCHEMA_VERSION:
            backups.make_backup(path, f"before-upgrade-v{state.schema_version}")
            migrations.upgrade_file(path, state.schema_version)
        elif daily_backup:
            latest = backups.newest_backup(path)
            if latest is None or latest.taken_at.date() < dt.date.today():
                backups.make_backup(path, "daily")
        return cls(sqlite_engine(path), path)

    @classmethod
    def open_read_only(cls, target: str | os.PathLike[str]) -> Any:
        """Open the workbook file ``target`` so that any write fails; nothing is upgraded,
        backed up or switched to WAL. The caller has checked the file's schema."""
        path = Path(target)
        return cls(sqlite_engine(path, read_only=True), path)

    @classmethod
    def _open_db(cls, target: DbTarget) -> Any:
        postgres.prepare(target.url)
        engine = postgres.partnership_engine(target)
        try:
            found = postgres.access(engine, target)
        except BaseException:
            engine.dispose()
            raise
        if found is None:
            engine.dispose()
            raise WorkbookMissingError(
                f"There is no {target} that you may open. List yours with `workbook "
                "partnerships --db URL`, create it with `workbook new --db URL --partnership "
                "SLUG ...`, or ask its owner to grant you access.")
        return cls(engine, None, target)

    @classmethod
    def create(cls, target: str | os.PathLike[str] | DbTarget, partnership: Partnership, *,
               overwrite: bool = False) -> Any:
        """Write a new, empty workbook for ``partnership``; refuse to replace one.

        ``target`` is a file path or a ``DbTarget``; in a database the connecting role
        becomes the partnership's owner. Raises ``WorkbookExistsError`` when one is there
        and ``overwrite`` is false. With ``overwrite`` an existing file is replaced, but only
        once it is backed up (``backups.keep_before_replacing``); a backup that cannot be
        made stops it.
        """
        if isinstance(target, DbTarget):
            return cls._create_db(target, partnership, overwrite=overwrite)
        path = Path(target)
        if path.exists() and not overwrite:
            raise WorkbookExistsError(f"{path} already exists; nothing was changed. Choose "
                                      "another name, or pass --force to replace it.")
        if path.is_dir():
            raise WorkbookExistsError(f"{path} is a folder; nothing was changed. Name a "
                                      ".sqlite file to create.")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a side file and move it into place, so a failure leaves nothing behind.
        partial = path.with_name(path.name + ".creating")
        partial.unlink(missing_ok=True)
        engine = sqlite_engine(partial)
        try:
            cls(engine, partial)._initialise(partnership)
        except BaseException:
            engine.dispose()
            partial.unlink(missing_ok=True)
            raise
        engine.dispose()
        with contextlib.closing(connect_file(partial)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL in before moving
        if path.exists():
            try:
                backups.keep_before_replacing(path)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            for suffix in ("-wal", "-shm", "-journal"):  # they belong to the old file
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(partial, path)
        return cls(sqlite_engine(path), path)

    @classmethod
    def _create_db(cls, target: DbTarget, partnership: Partnership, *,
                   overwrite: bool) -> Any:
        postgres.prepare(target.url)
        engine = postgres.partnership_engine(target)
        store = cls(engine, None, target)
        try:
            try:
                postgres.register(engine, target)
            except WorkbookExistsError:
                if not overwrite:
                    raise
                postgres.wipe(engine, target)
            # One transaction: a failure leaves the partnership registered but empty,
            # and a later create with --force fills it.
            store._initialise(partnership)
        except BaseException:
            engine.dispose()
            raise
        return store

    @classmethod
    def memory(cls, partnership: Partnership) -> Any:
        """A workbook that lives in memory only: for tests and previews."""
        engine = memory_engine()
        store = cls(engine, None)
        store._initialise(partnership)
        return store

    def _initialise(self, partnership: Partnership) -> None:
        uid = uuid.uuid4().hex
        with self._write() as conn:
            if conn.dialect.name == "sqlite":
                metadata.create_all(conn)
            conn.execute(sa.insert(meta),
                         [{"key": "schema_version", "value": str(SCHEMA_VERSION)},
                          {"key": "created_at", "value": _now().isoformat()},
                          {"key": "partnership_uid", "value": uid},
                          {"key": "export_folder",
                           "value": export_folder_name(partnership.display_name, uid)}])
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            values = dataclasses.replace(partnership,
                                         created_on=partnership.created_on or dt.date.today())
            conn.execute(sa.insert(table_for(Partnership)).values(id=1, version=1,
                                                                  **values.values()))

    def close(self) -> None:
        self.engine.dispose()

    def drop(self) -> None:
        """Remove a database workbook whole (its owner only); a file is removed by hand."""
        if self.db is None:
            raise StoreError(f"{self.where} is a file; remove it with the file manager.")
        postgres.drop(self.engine, self.db)

    def _require_owner(self) -> None:
        """Refuse with ``StoreError`` unless this is a file or the role owns the partnership."""
        if self.db is not None and postgres.access(self.engine, self.db) != "owner":
            raise StoreError(f"Only an owner of {self.db} may replace its content; nothing "
                             "was changed.")

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.where}>"

    @property
    def where(self) -> str:
        """Where this workbook is kept, for messages: its file, or its database partnership."""
        if self.db is not None:
            return str(self.db)
        return str(self.path or self.engine.url)

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
        transactions, so other notebooks never wait long, and is still one Undo. Raises
        the store's ``StoreError`` subclasses for refusals of the database (a broken rule,
        a full disk, a lock).
        """
        joined = self._joined()
        if joined is not None:
            step = running(joined)
            assert step is not None, "a joined transaction always carries its step"
            if label and not step.label:
                step.label = label
            yield step
            return
        try:
            with self.engine.connect().execution_options(immediate=True) as conn, \
                    conn.begin():
                step = continues if continues is not None else UnitOfWork(
                    label, source or getattr(self._local, "source", None) or self.source,
                    self._author(conn))
                begin_step(conn, step)
                self._local.conn = conn
                try:
                    yield step
                    finish_step(conn)
                finally:
                    self._local.conn = None
                    end_step(conn)
        except sa.exc.IntegrityError as exc:
            raise StoreError(f"The change breaks a rule of the stored data ({exc.orig}); "
                             "nothing was saved. Check the references you picked.") from exc
        except sa.exc.DBAPIError as exc:
            raise self._translate(exc) from exc
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
        ``change()`` block it is that step's connection, which sees its changes."""
        with self._read() as conn:
            if conn is self._joined():
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

    # -- generic entity access -------------------------------------------------------------

    @staticmethod
    def _load(cls: type[E], row: Mapping[str, Any] | sa.RowMapping) -> E:
        """Build an entity from a stored row without re-validating what was validated."""
        obj = object.__new__(cls)
        for name in ("id", "version", *cls.rules()):
            value = row[name]
            if isinstance(value, list):
                value = tuple(value)
            object.__setattr__(obj, name, value)
        return obj

    def _get(self, conn: sa.Connection, cls: type[E], entity_id: int | None) -> E:
        entity_id = require_id(cls, entity_id)
        table = table_for(cls)
        row = None
        if isinstance(entity_id, int) and -MAX_INT <= entity_id <= MAX_INT:  # else none such
            row = conn.execute(sa.select(table).where(table.c.id == entity_id)
                               ).mappings().first()
        if row is None:
            raise NotFoundError(cls.kind.replace("_", " "), entity_id,
                                "does not exist in this workbook",
                                f"Pick an existing {cls.kind.replace('_', ' ')}; it may have "
                                "been removed in another notebook.")
        return self._load(cls, row)

    def get(self, cls: type[E], entity_id: int | None) -> E:
        """The stored ``cls`` with this id; ``NotFoundError`` if there is none (or None)."""
        with self._read() as conn:
            return self._get(conn, cls, entity_id)

    def all(self, cls: type[E], *, order_by: str | None = None, **where: Any) -> list[E]:
        """Every stored ``cls``, optionally filtered on exact field values."""
        table = table_for(cls)
        query = sa.select(table)
        for name, value in where.items():
            if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
                return []  # no stored number is that large
            query = query.where(table.c[name].is_(None) if value is None
                                else table.c[name] == value)
        query = query.order_by(table.c[order_by] if order_by else table.c.id)
        with self._read() as conn:
            return [self._load(cls, row) for row in conn.execute(query).mappings()]

    def count(self, cls: type[Entity], **where: Any) -> int:
        table = table_for(cls)
        query = sa.select(sa.func.count()).select_from(table)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def add(self, entity: E) -> E:
        """Store a new entity; returns it with its id. Nothing is stored if it is refused."""
        cls = type(entity)
        now = _now()
        stamps: dict[str, Any] = {f: now for f in ("created_at", "updated_at")
                                  if f in cls.rules()}
        entity = dataclasses.replace(entity, **stamps) if stamps else entity
        with self._write() as conn:
            self._check(conn, entity, None)
            result = conn.execute(sa.insert(table_for(cls)).values(version=1, **entity.values()))
            new_id = _inserted_id(result)
            stored = dataclasses.replace(entity, id=new_id, version=1)
            log_change(conn, "add", cls.kind, new_id, None, row_json(stored))
        return stored

    def add_all(self, entities: Iterable[E]) -> list[E]:
        """Store several new entities in one transaction: all of them, or none if one is refused.

        Each passes the same checks as ``add`` (references, uniqueness, the kind's own
        rules), against what is stored and the ones before it in the batch.
        """
        now = _now()
        pending: list[E] = []
        for entity in entities:
            stamps: dict[str, Any] = {f: now for f in ("created_at", "updated_at")
                                      if f in type(entity).rules()}
            pending.append(dataclasses.replace(entity, **stamps) if stamps else entity)
        stored: list[E] = []
        with self._write() as conn:
            for entity in pending:
                self._check(conn, entity, None)
                result = conn.execute(sa.insert(table_for(type(entity)))
                                      .values(version=1, **entity.values()))
                stored.append(dataclasses.replace(entity, id=_inserted_id(result), version=1))
                log_change(conn, "add", entity.kind, stored[-1].id, None, row_json(stored[-1]))
        return stored

    def update(self, cls: type[E], entity_id: int | None, changes: Mapping[str, Any], *,
               expected: Mapping[str, Any] | None = None) -> E:
        """Change the named fields of one entity, refusing if ``expected`` is out of date."""
        unknown = set(changes) - set(cls.rules())
        if unknown:
            raise ValidationError(", ".join(sorted(unknown)), None,
                                  f"is not a field of a {cls.kind.replace('_', ' ')}",
                                  f"Use one of: {', '.join(cls.rules())}.")
        with self._write() as conn:
            current = self._get(conn, cls, entity_id)
            for name, seen in (expected or {}).items():
                if getattr(current, name) != cls.rules()[name].apply(name, seen):
                    raise ConflictError(name.replace("_", " "), seen, getattr(current, name),
                                        changes.get(name))
            new = dataclasses.replace(current, **changes)
            diff = {k: v for k, v in new.values().items() if v != getattr(current, k)}
            if not diff:
                return current
            if "updated_at" in cls.rules():
                diff["updated_at"] = _now()
                new = dataclasses.replace(new, **{"updated_at": diff["updated_at"]})
            self._check(conn, new, current)
            table = table_for(cls)
            conn.execute(sa.update(table).where(table.c.id == entity_id)
                         .values(version=table.c.version + 1, **diff))
            stored = dataclasses.replace(new, version=current.version + 1)
            log_change(conn, "update", cls.kind, entity_id, row_json(current), row_json(stored))
        return stored

    def delete(self, cls: type[Entity], entity_id: int | None) -> None:
        """Remove one entity; refused while anything still refers to it."""
        table = table_for(cls)
        entity_id = require_id(cls, entity_id)
        try:
            with self._write() as conn:
                gone = self._get(conn, cls, entity_id)
                self._before_delete(conn, cls, entity_id)
                conn.execute(sa.delete(table).where(table.c.id == entity_id))
                log_change(conn, "delete", cls.kind, entity_id, row_json(gone), None)
        except StoreError as exc:
            if isinstance(exc.__cause__, sa.exc.IntegrityError):
                word = cls.kind.replace("_", " ")
                raise ValidationError(word, entity_id, "is still referred to elsewhere",
                                      f"Retire the {word} instead, or remove what refers to "
                                      "it first.") from exc
            raise

    # -- link rows (attendance, stances, ledgers): written and logged together ----------------

    @staticmethod
    def _add_links(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], *,
                   entity_key: str | None = None) -> None:
        """Insert link rows and log each (its ``entity_key`` column names the entity the
        history files it under)."""
        if not rows:
            return
        conn.execute(sa.insert(table), rows)
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

    def _before_delete(self, conn: sa.Connection, cls: type[Entity], entity_id: int) -> None:
        """Domain mixins remove dependent link rows here."""

    # -- checks that need the stored data ------------------------------------------------

    def _check(self, conn: sa.Connection, entity: Entity, old: Entity | None) -> None:
        """The rules that need stored rows: references, uniqueness, the kind's own hook."""
        check_references(conn, entity, old)
        check_unique(conn, entity, old)
        hook = getattr(self, f"_check_{type(entity).kind}", None)
        if hook is not None:
            hook(conn, entity, old)

    # -- the partnership -----------------------------------------------------------------

    @property
    def partnership(self) -> Partnership:
        return self.get(Partnership, 1)

    def update_partnership(self, changes: Mapping[str, Any] | None = None, *,
                           expected: Mapping[str, Any] | None = None,
                           **more: Any) -> Partnership:
        return self.update(Partnership, 1, {**(changes or {}), **more}, expected=expected)

    def partnership_uid(self) -> str:
        """An id of this partnership shared by every copy of its file, never shown to people.

        Contribution files carry it, so a file meant for another partnership is refused.
        Workbooks made before it existed get one derived from their creation stamp, which
        every copy shares too, so reading it never writes.
        """
        with self._read() as conn:
            found = dict(conn.execute(sa.select(meta.c.key, meta.c.value).where(
                meta.c.key.in_(("partnership_uid", "created_at")))).all())
        if "partnership_uid" in found:
            return found["partnership_uid"]
        stamp = found.get("created_at", "")
        return "legacy-" + hashlib.sha256(stamp.encode()).hexdigest()[:32]

    def export_folder(self) -> str:
        """The name of this partnership's own folder under an exports root, e.g.
        ``valley-makers-alliance-1a2b3c4d``: fixed when the workbook was made (or upgraded
        to schema 3), so it survives a rename, and distinct for every partnership."""
        with self._read() as conn:
            stored = conn.execute(sa.select(meta.c.value).where(
                meta.c.key == "export_folder")).scalar_one_or_none()
        if stored:
            return str(stored)
        return export_folder_name(self.partnership.display_name, self.partnership_uid())

    def share_partnership_uid(self, uid: str) -> None:
        """Make this workbook a copy of the one with ``uid`` (``workbook copy`` does), so
        contribution files made for either are taken by both."""
        with self._write() as conn:
            updated = conn.execute(sa.update(meta).where(meta.c.key == "partnership_uid")
                                   .values(value=uid))
            if updated.rowcount == 0:
                conn.execute(sa.insert(meta).values(key="partnership_uid", value=uid))
