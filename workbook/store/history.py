"""The change log: what changed when, each entity's history, and "Undo last change".

Every add, change and removal writes a row to ``change_log`` in the transaction that makes
it, holding the whole row before and after as JSON. The rows of one transaction share a
``batch``: one undo step. ``undo_last`` reverts the newest batch not yet undone, and only
if what it would restore is still what that batch left (otherwise someone changed it since,
and the undo is refused rather than overwrite their work). An undone batch is marked, not
deleted, so the history still shows it.

Anonymous ballots are logged without their dots or their voter: nothing in the log can tie
a dot to a person, and such a ballot cannot be undone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import NotFoundError, Sentence, StoreError, UndoConflictError, ValidationError
from ..i18n import N_, _, format_list, ngettext
from ..model import ENTITIES, Entity
from ..model.field_labels import field_label
from .core import Store
from .log import NOT_UNDOABLE, log_change, now, row_json, touch
from .schema import change_log, change_step, metadata, table_for
from .words import counted, noun, records

__all__ = ["Change", "Changes", "Step"]

_ALREADY_UNDONE = Sentence(N_("The step {value} was already undone. Pick a step that is "
                              "still in effect."))
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in ENTITIES}
_LABEL_FIELDS = ("name", "statement", "action", "description", "text", "objective",
                 "working_title", "phase", "item", "competency")


@dataclass(frozen=True)
class Change:
    """One logged change: when, what (``action`` on ``kind`` ``entity_id``), the row
    before and after (dicts, None where it did not exist), and when it was undone."""

    id: int
    batch: int
    changed_at: dt.datetime
    action: str
    kind: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone_at: dt.datetime | None

    @property
    def fields_changed(self) -> list[str]:
        """Names of the fields an update changed (``version`` left out)."""
        if not (self.before and self.after):
            return []
        return [k for k in self.after if k != "version"
                and self.after.get(k) != self.before.get(k)]

    def describe(self) -> str:
        """One line for a person, in the current language: ``added person “Rosa
        Quintero”``, ``changed role of person “Rosa Quintero”``, ``added 1 attendance
        mark``. The kind and the fields read as the catalog words them; what people typed
        (the name) stays as typed."""
        row = self.after or self.before or {}
        label = next((str(row[f]) for f in _LABEL_FIELDS if row.get(f)), "")
        what = _what(self.kind, label, self.entity_id)
        match self.action:
            case "add":
                return _("added {what}").format(what=what)
            case "delete":
                return _("removed {what}").format(what=what)
            case "update":
                fields = [_field_word(f) for f in self.fields_changed if f != "updated_at"]
                if not fields:
                    return _("changed nothing of {what}").format(what=what)
                return _("changed {fields} of {what}").format(fields=format_list(fields),
                                                              what=what)
            case "link_add":
                return _("added {records}").format(records=counted(self.kind, 1))
            case "link_remove":
                return _("removed {records}").format(records=counted(self.kind, 1))
        kind = self.kind if self.action != NOT_UNDOABLE else "anonymous ballot"
        return _("recorded {records}").format(records=counted(kind, 1))


def _what(kind: str, label: str, entity_id: int | None) -> str:
    """A record named for a sentence: ``person “Rosa Quintero”`` (what was typed, cut at
    60 characters), else ``person 12``, else ``person``; the kind in the current language."""
    if label:
        return _("{kind} “{name}”").format(kind=noun(kind), name=label[:60])
    if entity_id:
        return _("{kind} {number}").format(kind=noun(kind), number=entity_id)
    return noun(kind)


def _field_word(name: str) -> str:
    """A field as a sentence names it: its form label, lower-cased where a language
    lower-cases it mid-sentence (``"role"``, ``"cargo"``); ``"WIOA…"`` keeps its capitals."""
    label = field_label(name)
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Step:
    """One step of the history: everything one button, command or import changed.

    ``batch`` is its number (``workbook undo --step``); ``label`` what a person would call
    it; ``author`` who made it (None for steps made before steps were signed); ``source``
    where ("view Kickoff", "command import-sheet"); ``counts`` how many records of each
    kind it changed; ``undoable`` False for an anonymous ballot.
    """

    batch: int
    label: str
    author: str | None
    source: str | None
    changed_at: dt.datetime
    undone_at: dt.datetime | None
    undone_by: str | None
    counts: dict[str, int]
    undoable: bool = True

    @property
    def records(self) -> int:
        """How many records the step changed."""
        return sum(self.counts.values())

    def what(self) -> str:
        """The records it changed, for a person, in the current language: ``2 people and
        1 attendance mark`` (``words.records``: plurals from the catalog)."""
        return records(self.counts)

    def as_json(self) -> dict[str, Any]:
        """The step for ``--json`` output (keys listed in README)."""
        return {"step": self.batch, "label": self.label, "author": self.author,
                "source": self.source, "changed_at": self.changed_at.isoformat(),
                "undone_at": self.undone_at.isoformat() if self.undone_at else None,
                "undone_by": self.undone_by, "records": self.records,
                "counts": dict(self.counts), "undoable": self.undoable}


def _steps(conn: sa.Connection, batches: list[int]) -> list[Step]:
    """The steps with these numbers (as ``Step``), in the order given; unknown ones left
    out."""
    if not batches:
        return []
    counts: dict[int, dict[str, int]] = {b: {} for b in batches}
    stamps: dict[int, tuple[dt.datetime, dt.datetime | None]] = {}
    undoable: dict[int, bool] = {}
    for batch, kind, action, n, first_at, undone_at in conn.execute(
            sa.select(change_log.c.batch, change_log.c.kind, change_log.c.action,
                      sa.func.count(), sa.func.min(change_log.c.changed_at),
                      sa.func.max(change_log.c.undone_at))
            .where(change_log.c.batch.in_(batches))
            .group_by(change_log.c.batch, change_log.c.kind, change_log.c.action)):
        if action == NOT_UNDOABLE:
            undoable[batch] = False
            kind = "anonymous ballot"
        counts[batch][kind] = counts[batch].get(kind, 0) + int(n)
        seen = stamps.get(batch)
        stamps[batch] = (min(seen[0], first_at) if seen else first_at,
                         undone_at if undone_at is not None else (seen[1] if seen else None))
    named = {r.batch: r for r in conn.execute(
        sa.select(change_step).where(change_step.c.batch.in_(batches)))}
    unnamed = [b for b in batches if b in stamps and not (b in named and named[b].label)]
    firsts: dict[int, Change] = {}
    if unnamed:
        first_ids = sa.select(sa.func.min(change_log.c.id)).where(
            change_log.c.batch.in_(unnamed)).group_by(change_log.c.batch)
        for first in conn.execute(sa.select(change_log).where(
                change_log.c.id.in_(first_ids))).mappings():
            firsts[first["batch"]] = _change(dict(first))
    out = []
    for batch in batches:
        if batch not in stamps:
            continue
        row = named.get(batch)
        label = row.label if row is not None and row.label else _described(
            firsts.get(batch), sum(counts[batch].values()))
        out.append(Step(
            batch=batch, label=label, author=row.author if row is not None else None,
            source=row.source if row is not None else None,
            changed_at=row.changed_at if row is not None else stamps[batch][0],
            undone_at=row.undone_at if row is not None and row.undone_at else stamps[batch][1],
            undone_by=row.undone_by if row is not None else None,
            counts=counts[batch], undoable=undoable.get(batch, True)))
    return out


def _described(first: Change | None, records: int) -> str:
    """The label of a step nobody named, in the current language: its first change, and
    how many more (``Added person “Rosa Quintero” and 2 more changes``)."""
    if first is None:
        return _("Earlier change")
    text = first.describe()
    text = text[:1].upper() + text[1:]
    more = records - 1
    if more <= 0:
        return text
    return ngettext("{change} and {count} more change", "{change} and {count} more changes",
                    more).format(change=text, count=more)


def _chunks(conn: sa.Connection, query: Any, size: int = 50) -> Any:
    """The batches ``query`` selects, ``size`` at a time (newest first)."""
    offset = 0
    while True:
        chunk = list(conn.execute(query.limit(size).offset(offset)).scalars())
        if not chunk:
            return
        yield chunk
        offset += size


def _change(row: Mapping[str, Any]) -> Change:
    return Change(row["id"], row["batch"], row["changed_at"], row["action"], row["kind"],
                  row["entity_id"],
                  json.loads(row["before"]) if row["before"] else None,
                  json.loads(row["after"]) if row["after"] else None, row["undone_at"])


def _link_tables() -> dict[str, sa.Table]:
    return {name: table for name, table in metadata.tables.items()
            if name not in {cls.kind for cls in ENTITIES}
            and name not in ("change_log", "change_step", "meta")}


class Changes(Store):
    """History, removal with what depends on it, and undo (``Workbook`` builds on this)."""

    # -- reading the log ---------------------------------------------------------------

    def history(self, cls: type[Entity] | None = None, entity_id: int | None = None, *,
                limit: int = 200) -> list[Change]:
        """Changes to one entity (or, without arguments, to the workbook), newest first."""
        query = sa.select(change_log).order_by(change_log.c.id.desc()).limit(limit)
        if cls is not None:
            query = query.where(change_log.c.kind == cls.kind)
        if entity_id is not None:
            query = query.where(change_log.c.entity_id == entity_id)
        with self._read() as conn:
            return [_change(dict(r)) for r in conn.execute(query).mappings()]

    def last_change(self) -> list[Change]:
        """The changes of the step Undo would take back (empty: nothing to undo)."""
        step = self.undo_candidate()
        return [] if step is None else self.history_of_step(step.batch)

    def forget_history(self) -> None:
        """Empty the change log: for a workbook just built as it should start (the demo)."""
        with self._write() as conn:
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
        with self._read() as conn:
            batches = list(conn.execute(query.limit(max(0, limit))).scalars())
            return _steps(conn, batches)

    def step(self, batch: int) -> Step:
        """One step by its number (``Step.batch``); ``NotFoundError`` if there is none."""
        with self._read() as conn:
            found = _steps(conn, [batch]) if isinstance(batch, int) else []
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
        with self._read() as conn:
            for chunk in _chunks(conn, query):
                for step in _steps(conn, chunk):
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
            changes = [_change(dict(r)) for r in rows]
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
        with self._read() as conn:
            rows = conn.execute(sa.select(change_log).where(change_log.c.batch == batch)
                                .order_by(change_log.c.id)).mappings()
            return [_change(dict(r)) for r in rows]

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
            label = next((str(change.after[f]) for f in _LABEL_FIELDS
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
        return _what(self.kind, self.label, self.entity_id)

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
    for name in _LABEL_FIELDS:
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

