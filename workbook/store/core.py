"""Opening workbooks and the generic, conflict-checked reads and writes on their entities.

Every change runs in a step of the unit of work (``unit.py``): one short ``BEGIN
IMMEDIATE`` transaction, committed before the call returns: there is no save step. Each
row carries a ``version``; an update changes only the fields it names, so two kernels
editing different fields never lose each other's work, and a caller that passes
``expected`` (the values it showed) is refused with a ``ConflictError`` instead of
silently overwriting a newer value.

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
import functools
import hashlib
import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from ..errors import (
    ConflictError,
    NotFoundError,
    Sentence,
    StoreError,
    ValidationError,
    WorkbookExistsError,
    WorkbookMissingError,
)
from ..i18n import N_
from ..model import ENTITIES, Entity, Partnership
from ..model.slugs import export_folder_name
from . import backups, migrations, postgres
from .checks import check_references, check_unique, require_id, storable
from .engines import connect_file, memory_engine, sqlite_engine
from .files import inspect_file
from .log import (
    log_change,
    row_json,
)
from .postgres import PREPARED, DbTarget
from .schema import APPLICATION_ID, SCHEMA_VERSION, meta, metadata, table_for
from .unit import Unit

__all__ = ["Store"]

E = TypeVar("E", bound=Entity)
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITIES}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _inserted_id(result: sa.CursorResult[Any]) -> int:
    """The id the database gave the row an INSERT just stored."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT always has a primary key here"
    return int(key[0])


@functools.cache
def _by_id(table: sa.Table) -> sa.Select[Any]:
    """The row of ``table`` whose id is the ``wanted_id`` parameter (built once per table)."""
    return sa.select(table).where(table.c.id == sa.bindparam("wanted_id")).execution_options(
        **{PREPARED: True})


@functools.cache
def _update_by_id(table: sa.Table) -> sa.Update:
    """Set the given columns of the row whose id is ``wanted_id``, and count its version
    on; the columns are the execute parameters', so one statement serves every edit."""
    return sa.update(table).where(table.c.id == sa.bindparam("wanted_id")).values(
        version=table.c.version + 1).execution_options(**{PREPARED: True})


class Store(Unit):
    """One open workbook: generic entity access; the domain operations are mixed in."""

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
            raise WorkbookMissingError(Sentence(N_(
                "There is no {target} that you may open. List yours with `workbook "
                "partnerships --db URL`, create it with `workbook new --db URL --partnership "
                "SLUG ...`, or ask its owner to grant you access."), target=str(target)))
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
            raise WorkbookExistsError(Sentence(N_(
                "{path} already exists; nothing was changed. Choose another name, or pass "
                "--force to replace it."), path=str(path)))
        if path.is_dir():
            raise WorkbookExistsError(Sentence(N_(
                "{path} is a folder; nothing was changed. Name a .sqlite file to create."),
                path=str(path)))
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
            raise StoreError(Sentence(N_(
                "{where} is a file; remove it with the file manager."), where=str(self.where)))
        postgres.drop(self.engine, self.db)

    def _require_owner(self) -> None:
        """Refuse with ``StoreError`` unless this is a file or the role owns the partnership."""
        if self.db is not None and postgres.access(self.engine, self.db) != "owner":
            raise StoreError(Sentence(N_(
                "Only an owner of {partnership} may replace its content; nothing was "
                "changed."), partnership=str(self.db)))

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
        if isinstance(entity_id, int) and storable(conn.dialect.name, entity_id):  # else none
            row = conn.execute(_by_id(table), {"wanted_id": entity_id}).mappings().first()
        if row is None:
            raise NotFoundError(cls.kind.replace("_", " "), entity_id, Sentence(N_(
                "The {field} {value} does not exist in this workbook. Pick an existing "
                "one; it may have been removed in another notebook.")))
        return self._load(cls, row)

    def get(self, cls: type[E], entity_id: int | None) -> E:
        """The stored ``cls`` with this id; ``NotFoundError`` if there is none (or None)."""
        with self._read() as conn:
            return self._get(conn, cls, entity_id)

    def all(self, cls: type[E], *, order_by: str | None = None, **where: Any) -> list[E]:
        """Every stored ``cls``, optionally filtered on exact field values."""
        try:
            key = (cls, order_by, frozenset(where.items()))
        except TypeError:  # an unhashable filter value: read it, remember nothing
            return self._all(cls, order_by, where)
        return self.remembered(key, lambda: self._all(cls, order_by, where))

    def _matching(self, table: sa.Table, where: Mapping[str, Any]) -> list[Any] | None:
        """The conditions of exact field values (None matching NULL), or None when a value
        is a number no column of this database holds (nothing can match it)."""
        conditions = []
        for name, value in where.items():
            if isinstance(value, int) and not storable(self.engine.dialect.name, value):
                return None  # a server's columns are 32-bit, a file's 64
            conditions.append(table.c[name].is_(None) if value is None
                              else table.c[name] == value)
        return conditions

    def _all(self, cls: type[E], order_by: str | None, where: dict[str, Any]) -> list[E]:
        table = table_for(cls)
        conditions = self._matching(table, where)
        if conditions is None:
            return []
        query = sa.select(table).where(*conditions)
        query = query.order_by(table.c[order_by] if order_by else table.c.id)
        with self._read() as conn:
            return [self._load(cls, row) for row in conn.execute(query).mappings()]

    def count(self, cls: type[Entity], **where: Any) -> int:
        """How many stored ``cls`` hold these exact field values (as ``all``)."""
        table = table_for(cls)
        conditions = self._matching(table, where)
        if conditions is None:
            return 0
        query = sa.select(sa.func.count()).select_from(table).where(*conditions)
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
            conn.execute(_update_by_id(table_for(cls)), {"wanted_id": entity_id, **diff})
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
                raise ValidationError(word, entity_id, Sentence(N_(
                    "The {field} {value} is still referred to elsewhere. Retire it instead, "
                    "or remove what refers to it first."))) from exc
            raise

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
