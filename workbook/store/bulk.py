"""Many rows at once, through the same unit of work as every other change.

Imports, the demo and benchmark data write thousands of rows; one ``add`` per row would
check and log them one by one. These methods write them in a few statements, log them in
one, and still belong to the step of the ``change()`` block they run in, so Undo takes an
import back whole. Only ``load_records`` (filling a workbook made for it) logs nothing:
a new workbook's history starts empty.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from ..errors import ImportFileError, NotFoundError, Sentence, WorkbookError, number_shown
from ..i18n import N_
from ..model import Entity, Partnership, Resource
from ..model.text import comparable
from .checks import has_non_ascii
from .history import Changes
from .log import UnitOfWork, log_many, row_json, touch
from .many import insert_many
from .schema import metadata, table_for, tables

__all__ = ["Bulk"]

E = TypeVar("E", bound=Entity)

RESOURCE_BATCH = 1_000
PAUSE = 0.02
"""Seconds the lock is left free between batches, so a waiting writer's next try gets it."""

Check = Callable[[sa.Connection, Sequence[Entity]], "tuple[Entity, Exception] | None"]


class Bulk(Changes):
    """Bulk writes for importers, the demo and benchmark data (``Workbook`` builds on this)."""

    @staticmethod
    def entity_from_row(cls: type[E], row: Mapping[str, Any] | sa.RowMapping) -> E:
        """Build a ``cls`` from a stored row (as read through ``reading()``), unchecked."""
        return Changes._load(cls, row)

    def insert_rows(self, name: str, rows: Sequence[Mapping[str, Any]], *,
                    entity_key: str | None = None) -> None:
        """Insert rows the caller has checked into table ``name``, in the running step.

        Entity rows carry their ``id`` and ``version`` and are logged as added; link rows
        (attendance, resource links) are logged as link rows, filed under their
        ``entity_key`` column. The database's own rules (references, unique groups) still
        hold: a row that breaks one fails the whole step with a ``StoreError``.
        """
        if not rows:
            return
        table = metadata.tables[name]
        plain = [dict(r) for r in rows]
        with self._write() as conn:
            insert_many(conn, table, plain)
            if name in tables:
                log_many(conn, "add", name, [(r["id"], None, row_json(r)) for r in plain])
            else:
                log_many(conn, "link_add", name,
                         [(r.get(entity_key) if entity_key else None, None, row_json(r))
                          for r in plain])

    def set_stamps(self, cls: type[Entity], stamps: Mapping[int, dt.datetime]) -> None:
        """Date entries to when they really happened (``created_at`` and ``updated_at``),
        in the running step: the demo dates its resources to the day they were found."""
        table = table_for(cls)
        with self._write() as conn:
            logged: list[tuple[int | None, str | None, str | None]] = []
            for entity_id, stamp in stamps.items():
                before = self._get(conn, cls, entity_id)
                conn.execute(sa.update(table).where(table.c.id == entity_id)
                             .values(created_at=stamp, updated_at=stamp,
                                     version=table.c.version + 1))
                after = self._get(conn, cls, entity_id)
                logged.append((entity_id, row_json(before), row_json(after)))
            log_many(conn, "update", cls.kind, logged)

    # -- whole workbooks -----------------------------------------------------------------

    def load_records(self, built: Mapping[str, Sequence[Entity]],
                     links: Mapping[str, Sequence[Mapping[str, Any]]], *, check: Check,
                     replace: bool = False,
                     refusal: str = N_("Nothing was imported.")) -> None:
        """Fill this workbook with a whole export's records, in one transaction.

        ``built``: kind -> entities (ids and versions as exported; the partnership's one);
        ``links``: link table -> rows. ``check(conn, entities)`` returns the first entity
        of a kind that breaks a rule, with the error, or None; each kind's own rules run
        too. Raises ``ImportFileError`` naming the record, ending with ``refusal``; nothing
        is stored then. With
        ``replace`` (restoring a snapshot into a database; owners only) everything stored
        goes first. Nothing is logged: the records arrive as they were, not as changes.
        """
        with self._write() as conn:
            if replace:
                self._require_owner()
                for table in reversed(metadata.sorted_tables):
                    if table.name != "meta":
                        conn.execute(sa.delete(table))
                first = built["partnership"][0]
                conn.execute(sa.insert(table_for(Partnership)).values(
                    id=1, version=first.version, **first.values()))
            # References may point forward (a cause under a later cause); checked at commit.
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON"
                                 if conn.dialect.name == "sqlite"
                                 else "SET CONSTRAINTS ALL DEFERRED")
            for kind, entities in built.items():
                table = table_for(kind)
                if kind == "partnership":
                    (p,) = entities
                    conn.execute(sa.update(table).where(table.c.id == 1)
                                 .values(version=p.version, **p.values()))
                    continue
                insert_many(conn, table, [{"id": e.id, "version": e.version, **e.values()}
                                          for e in entities])
            for name, rows in links.items():
                insert_many(conn, metadata.tables[name], rows)
            # The rules run once per kind (one query per reference and unique group), not
            # once per record: a large workbook has thousands of records.
            for kind, entities in built.items():
                problem = check(conn, entities) if kind != "partnership" else None
                if problem is not None:
                    entity, exc = problem
                    raise _refused(kind, entity.id, exc, refusal) from exc
                hook = getattr(self, f"_check_{kind}", None)
                if hook is None:
                    continue
                for entity in entities:
                    try:
                        hook(conn, entity, None)
                    except WorkbookError as exc:
                        raise _refused(kind, entity.id, exc, refusal) from exc
            touch(conn, "partnership", None)

    # -- many resource-map entries --------------------------------------------------------

    def add_resources(self, entities: Sequence[Resource], *, label: str,
                      progress: Callable[[int, int], None] | None = None,
                      batch: int = RESOURCE_BATCH,
                      continues: UnitOfWork | None = None) -> tuple[list[Resource], int]:
        """Store new resource-map entries (checked by the model) as ONE step of the
        history, written in transactions of at most ``batch`` rows; returns (stored,
        skipped).

        Between transactions the write lock is free, so another notebook's edit waits for
        one batch at most. The owners must exist; an entry already on the map (same name
        and owner, compared as ``model.text.comparable``) is skipped. Raises
        ``ImportFileError`` when a batch is refused, naming how many were stored before;
        those stay, in the same step, so Undo still takes them back whole. ``continues``:
        a step begun already (the organizations an import adds first).
        """
        resources = table_for(Resource)
        organisations = table_for("organisation")
        now = dt.datetime.now().replace(microsecond=0)
        prepared = [({"version": 1, **e.values(), "created_at": now, "updated_at": now},
                     (comparable(e.name), e.owner_id)) for e in entities]
        stored: list[Resource] = []
        skipped = 0
        total = len(prepared)
        step = continues
        try:
            for start in range(0, total, batch):
                if start:
                    time.sleep(PAUSE)
                chunk = prepared[start:start + batch]
                with self.change(label, continues=step) as step, self._write() as conn:
                    owners = {key[1] for _, key in chunk if key[1] is not None}
                    if owners:
                        found = {row[0] for row in conn.execute(
                            sa.select(organisations.c.id).where(
                                organisations.c.id.in_(owners)))}
                        missing = owners - found
                        if missing:
                            raise NotFoundError(
                                "owner", min(missing), Sentence(N_(
                                    "The {field} {value} is not an organization in this "
                                    "workbook any more (removed meanwhile?). Preview the "
                                    "sheet again.")))
                    have = _names_on_map(conn, resources, [row["name"] for row, _ in chunk])
                    fresh = []
                    for row, key in chunk:
                        if key in have:
                            skipped += 1
                            continue
                        have.add(key)
                        fresh.append(dict(row))
                    if fresh:
                        first = conn.execute(sa.select(sa.func.coalesce(
                            sa.func.max(resources.c.id), 0))).scalar_one() + 1
                        for offset, row in enumerate(fresh):
                            row["id"] = first + offset
                        self.insert_rows("resource", fresh)
                stored.extend(self.entity_from_row(Resource, row) for row in fresh)
                if progress is not None:
                    progress(min(start + batch, total), total)
        except WorkbookError as exc:
            if not stored:
                raise ImportFileError(Sentence(N_("{problem} Nothing was imported."),
                                               problem=exc)) from exc
            raise ImportFileError(Sentence(N_(
                "{stored} of {total} new entries were stored before the import stopped: "
                "{problem} Import the same sheet again to add the rest; the entries already "
                "stored are skipped."), stored=number_shown(len(stored)),
                total=number_shown(total), problem=exc)) from exc
        return stored, skipped


def _names_on_map(conn: sa.Connection, resources: sa.Table,
                  names: Sequence[str]) -> set[tuple[str, int | None]]:
    """(comparable name, owner id) of stored entries that could share one of ``names``."""
    plain = sorted({n.lower() for n in names if n.isascii()})
    query = sa.select(resources.c.name, resources.c.owner_id).where(sa.or_(
        sa.func.lower(resources.c.name).in_(plain),
        has_non_ascii(conn, resources.c.name)))
    return {(comparable(name), owner) for name, owner in conn.execute(query)}


def _refused(kind: str, entity_id: Any, exc: Exception, refusal: str) -> ImportFileError:
    """One sentence naming the record (``meeting 3``), the model's own sentence about it and
    ``refusal`` (a catalog msgid), each in the reader's language when shown."""
    return ImportFileError(Sentence(N_("{kind} {id}: {problem} {refusal}"), kind=kind,
                                    id=entity_id, problem=exc, refusal=Sentence(refusal)))
