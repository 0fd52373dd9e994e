"""The change log: what changed when, each entity's history, and "Undo last change".

Every add, change and removal writes a row to ``change_log`` in the transaction that makes
it, holding the whole row before and after as JSON. The rows of one transaction share a
``batch``: one undo step. ``undo_last`` reverts the newest batch not yet undone, and only
if what it would restore is still what that batch left (otherwise someone changed it since,
and the undo is refused rather than overwrite their work). An undone batch is marked, not
deleted, so the history still shows it.

Anonymous ballots are logged without their dots or their voter: nothing in the log can tie
a dot to a person, and such a ballot cannot be undone.

The records read from the log, and their words, are ``steps.py``'s (``Change``, ``Step``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from ..errors import NotFoundError, Sentence, StoreError, UndoConflictError, ValidationError
from ..i18n import N_, _
from ..model import ENTITIES, Entity
from .core import Store
from .log import NOT_UNDOABLE, flush, log_change, now, row_json, touch
from .schema import change_log, change_step, metadata, table_for
from .steps import LABEL_FIELDS, Change, Step, change_of, in_chunks, named_record, steps_of
from .words import noun, records

__all__ = ["Change", "Changes", "Step"]

_ALREADY_UNDONE = Sentence(N_("The step {value} was already undone. Pick a step that is "
                              "still in effect."))
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITIES}


def _link_tables() -> dict[str, sa.Table]:
    return {name: table for name, table in metadata.tables.items()
            if name not in {cls.kind for cls in ENTITIES}
            and name not in ("change_log", "change_step", "meta")}


class Changes(Store):
    """History, removal with what depends on it, and undo (``Workbook`` builds on this)."""

    # -- reading the log ---------------------------------------------------------------

    @contextlib.contextmanager
    def _reading_log(self) -> Iterator[sa.Connection]:
        """``_read`` for the change log: inside a step, its own waiting row is written
        first (``log.flush``), so the step's changes are in the history it reads."""
        with self._read() as conn:
            if conn is self._joined():
                flush(conn)
            yield conn

    def history(self, cls: type[Entity] | None = None, entity_id: int | None = None, *,
                limit: int = 200) -> list[Change]:
        """Changes to one entity (or, without arguments, to the workbook), newest first."""
        query = sa.select(change_log).order_by(change_log.c.id.desc()).limit(limit)
        if cls is not None:
            query = query.where(change_log.c.kind == cls.kind)
        if entity_id is not None:
            query = query.where(change_log.c.entity_id == entity_id)
        with self._reading_log() as conn:
            return [change_of(dict(r)) for r in conn.execute(query).mappings()]

    def last_change(self) -> list[Change]:
        """The changes of the step Undo would take back (empty: nothing to undo)."""
        step = self.undo_candidate()
        return [] if step is None else self.history_of_step(step.batch)

    def forget_history(self) -> None:
        """Empty the change log: for a workbook just built as it should start (the demo)."""
        with self._write() as conn:
            flush(conn)  # a change of the running step waiting for its commit goes too
            conn.execute(sa.delete(change_log))
            conn.execute(sa.delete(change_step))

    # -- removing with what depends on it ------------------------------------------------

    def dependents(self, cls: type[Entity], entity_id: int) -> list[tuple[str, int, str]]:
        """What would go with ``cls`` ``entity_id``: (kind, id, label), deepest first.

        Entities that refer to it (and, in turn, those that refer to them), and the link
        rows (attendance, resource links, named ballots) that name any of them.
        """
        with self._read() as conn:
            self._get(conn, cls, entity_id)
            found: list[tuple[str, int, str]] = []
            self._collect(conn, cls.kind, entity_id, found, set())
        return found

    def _collect(self, conn: sa.Connection, kind: str, entity_id: int,
                 found: list[tuple[str, int, str]], seen: set[tuple[str, int]]) -> None:
        for child_kind, child in BY_KIND.items():
            table = table_for(child)
            for column in table.columns:
                if any(fk.column.table.name == kind for fk in column.foreign_keys):
                    rows = conn.execute(sa.select(table.c.id).where(column == entity_id))
                    for (child_id,) in rows:
                        if (child_kind, child_id) in seen or (
                                child_kind == kind and child_id == entity_id):
                            continue
                        seen.add((child_kind, child_id))
                        self._collect(conn, child_kind, child_id, found, seen)
                        found.append((child_kind, child_id,
                                      _entity_label(self._get(conn, child, child_id))))

    def describe_removal(self, cls: type[Entity], entity_id: int, *,
                         label: str | None = None) -> str:
        """A sentence naming what a removal takes with it, for the confirmation;
        ``label`` names the entry itself ("the win “Hired a welder”"), else its kind and
        a field of it."""
        entity = self.get(cls, entity_id)
        what = label or _("{kind} “{name}”").format(kind=noun(cls.kind),
                                                    name=_entity_label(entity))
        counts: dict[str, int] = {}
        gone = self.dependents(cls, entity_id)
        for kind, _id, _label in gone:
            counts[kind] = counts.get(kind, 0) + 1
        for kind, child_id in [(k, i) for k, i, _label in gone] + [(cls.kind, entity_id)]:
            for table, n in self._link_counts(kind, child_id).items():
                counts[table] = counts.get(table, 0) + n
        if not counts:
            return _("Remove {what}? Nothing else goes with it.").format(what=what)
        return _("Remove {what}, and with it {records}?").format(what=what,
                                                                 records=records(counts))

    def _link_counts(self, kind: str, entity_id: int) -> dict[str, int]:
        out: dict[str, int] = {}
        with self._read() as conn:
            for name, table in _link_tables().items():
                for column in table.columns:
                    if any(fk.column.table.name == kind for fk in column.foreign_keys):
                        n = int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                             .where(column == entity_id)).scalar_one())
                        if n:
                            out[name] = out.get(name, 0) + n
        return out

    def remove(self, cls: type[Entity], entity_id: int) -> list[tuple[str, int, str]]:
        """Remove an entity and everything that depends on it, in one undoable step.

        Returns what went with it (as ``dependents``). Refused (``ValidationError``) for the
        partnership itself and for a vote's ballots in an anonymous vote.
        """
        if cls.kind == "partnership":
            raise ValidationError("partnership", "", Sentence(N_(
                "The partnership itself cannot be removed. Start a new workbook instead.")))
        gone = self.dependents(cls, entity_id)
        label = _("Remove {kind} “{name}”").format(
            kind=noun(cls.kind), name=_entity_label(self.get(cls, entity_id)))
        with self.change(label), self._write() as conn:
            for kind, child_id, _label in gone:
                self._delete_row(conn, BY_KIND[kind], child_id)
            self._delete_row(conn, cls, entity_id)
        return gone

    def _delete_row(self, conn: sa.Connection, cls: type[Entity], entity_id: int) -> None:
        entity = self._get(conn, cls, entity_id)
        for name, table in _link_tables().items():
            for column in table.columns:
                if any(fk.column.table.name == cls.kind for fk in column.foreign_keys):
                    rows = conn.execute(sa.select(table).where(column == entity_id)).mappings()
                    for row in list(rows):
                        if name == "tally":
                            raise ValidationError(cls.kind, "", Sentence(N_(
                                "The {what} has dots in an anonymous vote. Keep it; "
                                "anonymous dots cannot be taken back one by one."),
                                what=_Named(cls.kind, "", entity_id)))
                        log_change(conn, "link_remove", name, None, row_json(dict(row)), None)
                    conn.execute(sa.delete(table).where(column == entity_id))
        self._before_delete(conn, cls, entity_id)
        table = table_for(cls)
        conn.execute(sa.delete(table).where(table.c.id == entity_id))
        log_change(conn, "delete", cls.kind, entity_id, row_json(entity), None)

    # -- steps and undo ----------------------------------------------------------------------

    def steps(self, limit: int = 50, *, include_undone: bool = True) -> list[Step]:
        """The newest ``limit`` steps of the history, newest first (see ``Step``)."""
        query = sa.select(change_log.c.batch).distinct().order_by(change_log.c.batch.desc())
        if not include_undone:
            query = query.where(change_log.c.undone_at.is_(None))
        with self._reading_log() as conn:
            batches = list(conn.execute(query.limit(max(0, limit))).scalars())
            return steps_of(conn, batches)

    def step(self, batch: int) -> Step:
        """One step by its number (``Step.batch``); ``NotFoundError`` if there is none."""
        with self._reading_log() as conn:
            found = steps_of(conn, [batch]) if isinstance(batch, int) else []
        if not found:
            raise NotFoundError("step", batch, Sentence(N_(
                "There is no step {value} in this workbook's history. List the steps with "
                "`workbook history`.")))
        return found[0]

    def undo_candidate(self, *, anyone: bool = False) -> Step | None:
        """The step Undo takes back by default: the newest one not yet undone that this
        store's author made (or that has no author: made before steps were signed).
        ``anyone``: the newest of anybody's. An anonymous ballot, which cannot be taken
        back, is passed over. None when there is nothing to undo."""
        query = (sa.select(change_log.c.batch).distinct()
                 .where(change_log.c.undone_at.is_(None))
                 .order_by(change_log.c.batch.desc()))
        me = self.author
        with self._reading_log() as conn:
            for chunk in in_chunks(conn, query):
                for step in steps_of(conn, chunk):
                    # An anonymous ballot stays: Undo reaches past it to the step before.
                    if step.undoable and (anyone or step.author in (None, me)):
                        return step
        return None

    def undo(self, batch: int | None = None, *, theirs: bool = False) -> Step | None:
        """Take back one whole step: ``batch`` (a ``Step.batch``), or by default
        ``undo_candidate()`` (with ``theirs``: the newest step of anybody's). Returns the
        step undone, None when there is nothing to undo.

        A step another person made is refused (``ValidationError``) unless ``theirs`` is
        true. Refused with a ``ConflictError`` when something it would restore was
        changed since, with a ``ValidationError`` for an anonymous ballot or a step
        already undone; nothing is changed then.
        """
        step = self.undo_candidate(anyone=theirs) if batch is None else self.step(batch)
        if step is None:
            return None
        if step.undone_at is not None:
            raise ValidationError("step", step.label, _ALREADY_UNDONE)
        if step.author not in (None, self.author) and not theirs:
            raise ValidationError("step", step.label, Sentence(N_(
                "The step {value} was made by {author}. Undo only your own changes, or "
                "choose explicitly to take back theirs."), author=step.author))
        with self.change(_("Undo “{step}”").format(step=step.label)), self._write() as conn:
            rows = conn.execute(sa.select(change_log).where(change_log.c.batch == step.batch)
                                .order_by(change_log.c.id)).mappings()
            changes = [change_of(dict(r)) for r in rows]
            if any(c.undone_at is not None for c in changes):  # undone meanwhile
                raise ValidationError("step", step.label, _ALREADY_UNDONE)
            for change in reversed(changes):
                self._revert(conn, change)
                touch(conn, change.kind, change.entity_id)
            stamp = now()
            conn.execute(sa.update(change_log).where(change_log.c.batch == step.batch)
                         .values(undone_at=stamp))
            named = conn.execute(sa.update(change_step)
                                 .where(change_step.c.batch == step.batch)
                                 .values(undone_at=stamp, undone_by=self.author or None))
            if named.rowcount == 0:  # a step older than step rows (see schema 7)
                conn.execute(sa.insert(change_step).values(
                    batch=step.batch, label=step.label, changed_at=step.changed_at,
                    undone_at=stamp, undone_by=self.author or None))
        return dataclasses.replace(step, undone_at=stamp, undone_by=self.author or None)

    def undo_last(self) -> list[Change]:
        """Take back the newest step of this store's author (see ``undo``); returns its
        changes (empty when there is nothing to undo)."""
        candidate = self.undo_candidate()
        if candidate is None:
            return []
        changes = self.history_of_step(candidate.batch)
        self.undo(candidate.batch)
        return changes

    def history_of_step(self, batch: int) -> list[Change]:
        """The changes of one step, in the order they were made."""
        with self._reading_log() as conn:
            rows = conn.execute(sa.select(change_log).where(change_log.c.batch == batch)
                                .order_by(change_log.c.id)).mappings()
            return [change_of(dict(r)) for r in rows]

    def _revert(self, conn: sa.Connection, change: Change) -> None:
        if change.action == NOT_UNDOABLE:
            raise ValidationError("last change", "", Sentence(N_(
                "This step cannot be undone: a ballot in an anonymous vote cannot be taken "
                "back. Close the vote and open a new one if needed.")))
        if change.action in ("link_add", "link_remove"):
            table = _link_tables()[change.kind]
            row = change.after if change.action == "link_add" else change.before
            assert row is not None
            key = [table.c[c.name] == row[c.name] for c in table.primary_key.columns]
            if change.action == "link_add":
                conn.execute(sa.delete(table).where(*key))
            elif conn.execute(sa.select(*table.primary_key.columns).where(*key)).first() is None:
                conn.execute(sa.insert(table).values(**_typed_link(table, row)))
            return
        cls = BY_KIND[change.kind]
        table = table_for(cls)
        current = conn.execute(sa.select(table).where(table.c.id == change.entity_id)
                               ).mappings().first()
        if change.after is not None and (current is None or not _same(cls, dict(current),
                                                                      change.after)):
            label = next((str(change.after[f]) for f in LABEL_FIELDS
                          if change.after.get(f)), "") if change.action == "add" else ""
            what = _Named(change.kind, label, change.entity_id)
            raise UndoConflictError(Sentence(
                N_("This step cannot be undone: the {what} was changed by a later change, "
                   "which Undo must not overwrite; nothing was undone. Undo that later "
                   "change first, or correct the entry by hand.") if current is not None
                else N_("This step cannot be undone: the {what} was removed by a later "
                        "change, which Undo must not overwrite; nothing was undone. Undo "
                        "that later change first, or correct the entry by hand."),
                what=what))
        try:
            if change.action == "add":
                self._before_delete(conn, cls, change.entity_id or 0)
                conn.execute(sa.delete(table).where(table.c.id == change.entity_id))
            elif change.action == "update":
                assert change.before is not None
                values = _typed(cls, change.before)
                values["version"] = int(current["version"]) + 1 if current else 1
                conn.execute(sa.update(table).where(table.c.id == change.entity_id)
                             .values(**values))
            elif change.action == "delete":
                assert change.before is not None
                if current is not None:
                    raise UndoConflictError(Sentence(N_(
                        "This step cannot be undone: the {what} it removed is back (a later "
                        "change); nothing was undone."),
                        what=_Named(change.kind, "", change.entity_id)))
                conn.execute(sa.insert(table).values(**_typed(cls, change.before)))
        except sa.exc.IntegrityError as exc:
            raise StoreError(Sentence(N_(
                "Undo would leave a record pointing at something removed since ({change}); "
                "nothing was undone."), change=_Described(change))) from exc


class _Named:
    """A record named for an error's sentence, worded when the sentence is shown (in the
    reader's language): ``person “Rosa Quintero”``, ``meeting 4``."""

    def __init__(self, kind: str, label: str, entity_id: int | None) -> None:
        self.kind, self.label, self.entity_id = kind, label, entity_id

    def __str__(self) -> str:
        return named_record(self.kind, self.label, self.entity_id)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class _Described:
    """A change's line (``Change.describe``), worded when shown."""

    def __init__(self, change: Change) -> None:
        self.change = change

    def __str__(self) -> str:
        return self.change.describe()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _entity_label(entity: Entity) -> str:
    for name in LABEL_FIELDS:
        value = getattr(entity, name, None)
        if value:
            text = str(value)
            return text if len(text) <= 60 else text[:59] + "…"
    return _("{kind} {number}").format(kind=noun(entity.kind), number=entity.id)


def _same(cls: type[Entity], current: Mapping[str, Any], logged: Mapping[str, Any]) -> bool:
    """Whether the stored row still holds what the change left (stamps aside)."""
    stored = json.loads(row_json(current))
    return all(stored.get(name) == logged.get(name) for name in cls.rules()
               if name not in ("updated_at",))


def _typed(cls: type[Entity], row: Mapping[str, Any]) -> dict[str, Any]:
    """A logged row back in the column types (dates from ISO text, lists from JSON)."""
    rules = cls.rules()
    values: dict[str, Any] = {"id": row["id"], "version": row["version"]}
    for name, rule in rules.items():
        value = row.get(name)
        values[name] = list(rule.apply(name, value)) if rule.kind == "text_list" else \
            rule.apply(name, value) if rule.kind in ("date", "datetime") else value
    return values


def _typed_link(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(column.type, sa.DateTime) and isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        out[column.name] = value
    return out

