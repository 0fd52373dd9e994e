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

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import ConflictError, StoreError, ValidationError
from ..model import ENTITIES, Entity
from .core import Store
from .log import NOT_UNDOABLE, log_change, now, row_json
from .schema import change_log, metadata, table_for

__all__ = ["Change", "Changes"]

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
        """One line for a person: ``added person “Rosa Quintero”``."""
        what = self.kind.replace("_", " ")
        row = self.after or self.before or {}
        label = next((str(row[f]) for f in _LABEL_FIELDS if row.get(f)), "")
        named = f" “{label[:60]}”" if label else (f" {self.entity_id}" if self.entity_id else "")
        match self.action:
            case "add":
                return f"added {what}{named}"
            case "delete":
                return f"removed {what}{named}"
            case "update":
                fields = ", ".join(f.replace("_", " ") for f in self.fields_changed
                                   if f not in ("updated_at",))
                return f"changed {fields or 'nothing'} of {what}{named}"
            case "link_add":
                return f"added {_a(_LINK_WORDS.get(self.kind, what + ' entry'))}"
            case "link_remove":
                return f"removed {_a(_LINK_WORDS.get(self.kind, what + ' entry'))}"
        return f"recorded {_a(what if self.action != NOT_UNDOABLE else 'anonymous ballot')}"


def _change(row: Mapping[str, Any]) -> Change:
    return Change(row["id"], row["batch"], row["changed_at"], row["action"], row["kind"],
                  row["entity_id"],
                  json.loads(row["before"]) if row["before"] else None,
                  json.loads(row["after"]) if row["after"] else None, row["undone_at"])


def _link_tables() -> dict[str, sa.Table]:
    return {name: table for name, table in metadata.tables.items()
            if name not in {cls.kind for cls in ENTITIES} and name != "change_log"}


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
        """The changes of the newest batch that can still be undone (empty: nothing)."""
        with self._read() as conn:
            batch = conn.execute(sa.select(sa.func.max(change_log.c.batch))
                                 .where(change_log.c.undone_at.is_(None))).scalar()
            if batch is None:
                return []
            rows = conn.execute(sa.select(change_log).where(change_log.c.batch == batch)
                                .order_by(change_log.c.id)).mappings()
            return [_change(dict(r)) for r in rows]

    def forget_history(self) -> None:
        """Empty the change log: for a workbook just built as it should start (the demo)."""
        with self._write() as conn:
            conn.execute(sa.delete(change_log))

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
        what = label or f"{cls.kind.replace('_', ' ')} “{_entity_label(entity)}”"
        counts: dict[str, int] = {}
        gone = self.dependents(cls, entity_id)
        for kind, _, _ in gone:
            counts[kind.replace("_", " ")] = counts.get(kind.replace("_", " "), 0) + 1
        links: dict[str, int] = {}
        for kind, child_id in [(k, i) for k, i, _ in gone] + [(cls.kind, entity_id)]:
            for word, n in self._link_counts(kind, child_id).items():
                links[word] = links.get(word, 0) + n
        parts = [_count(n, k) for k, n in {**counts, **links}.items()]
        if not parts:
            return f"Remove {what}? Nothing else goes with it."
        return f"Remove {what}, and with it {_join(parts)}?"

    def _link_counts(self, kind: str, entity_id: int) -> dict[str, int]:
        out: dict[str, int] = {}
        with self._read() as conn:
            for name, table in _link_tables().items():
                for column in table.columns:
                    if any(fk.column.table.name == kind for fk in column.foreign_keys):
                        n = int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                             .where(column == entity_id)).scalar_one())
                        if n:
                            word = _LINK_WORDS.get(name, name)
                            out[word] = out.get(word, 0) + n
        return out

    def remove(self, cls: type[Entity], entity_id: int) -> list[tuple[str, int, str]]:
        """Remove an entity and everything that depends on it, in one undoable step.

        Returns what went with it (as ``dependents``). Refused (``ValidationError``) for the
        partnership itself and for a vote's ballots in an anonymous vote.
        """
        if cls.kind == "partnership":
            raise ValidationError("partnership", entity_id, "cannot be removed",
                                  "Start a new workbook instead.")
        gone = self.dependents(cls, entity_id)
        with self._write() as conn:
            for kind, child_id, _ in gone:
                self._delete_row(conn, BY_KIND[kind], child_id)
            self._delete_row(conn, cls, entity_id)
        for kind in dict.fromkeys([k for k, _, _ in gone] + [cls.kind]):
            self._changed(kind, None)
        return gone

    def _delete_row(self, conn: sa.Connection, cls: type[Entity], entity_id: int) -> None:
        entity = self._get(conn, cls, entity_id)
        for name, table in _link_tables().items():
            for column in table.columns:
                if any(fk.column.table.name == cls.kind for fk in column.foreign_keys):
                    rows = conn.execute(sa.select(table).where(column == entity_id)).mappings()
                    for row in list(rows):
                        if name == "tally":
                            raise ValidationError(cls.kind.replace("_", " "), entity_id,
                                                  "has dots in an anonymous vote",
                                                  "Keep it; anonymous dots cannot be taken "
                                                  "back one by one.")
                        log_change(conn, "link_remove", name, None, row_json(dict(row)), None)
                    conn.execute(sa.delete(table).where(column == entity_id))
        self._before_delete(conn, cls, entity_id)
        table = table_for(cls)
        conn.execute(sa.delete(table).where(table.c.id == entity_id))
        log_change(conn, "delete", cls.kind, entity_id, row_json(entity), None)

    # -- undo ------------------------------------------------------------------------------

    def undo_last(self) -> list[Change]:
        """Revert the newest change not yet undone (one transaction's worth).

        Returns the changes reverted (empty when there is nothing to undo). Refused with a
        ``ConflictError`` when something it would restore was changed since, and with a
        ``ValidationError`` for an anonymous ballot; nothing is changed then.
        """
        changes = self.last_change()
        if not changes:
            return []
        with self._write() as conn:
            for change in reversed(changes):
                self._revert(conn, change)
            conn.execute(sa.update(change_log).where(change_log.c.batch == changes[0].batch)
                         .values(undone_at=now()))
        for kind in dict.fromkeys(c.kind for c in changes):
            self._changed(kind, None)
        return changes

    def _revert(self, conn: sa.Connection, change: Change) -> None:
        if change.action == NOT_UNDOABLE:
            raise ValidationError("last change", change.describe(), "cannot be undone",
                                  "A ballot in an anonymous vote cannot be taken back; "
                                  "close the vote and open a new one if needed.")
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
            raise ConflictError(change.kind.replace("_", " "), "what the change left",
                                    "changed since" if current is not None else "removed",
                                    "the undo")
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
                    raise ConflictError(change.kind.replace("_", " "), "removed", "present",
                                        "the undo")
                conn.execute(sa.insert(table).values(**_typed(cls, change.before)))
        except sa.exc.IntegrityError as exc:
            raise StoreError(f"Undo would leave {change.describe()} pointing at something "
                             "removed since; nothing was undone.") from exc


_LINK_WORDS = {"attendance": "attendance mark", "resource_cause": "resource link",
               "ballot": "ballot line", "tally": "vote total", "vote_roll": "vote roll entry",
               "win_partner": "partner credited", "decision_stance": "stance on a decision"}


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


_PLURALS = {"person": "people", "capacity rating": "capacity ratings",
            "entry": "entries", "phase change": "phase changes",
            "partner credited": "partners credited",
            "stance on a decision": "stances on a decision"}


def _count(n: int, noun: str) -> str:
    """``1 person``, ``2 people``, ``3 actions``: the noun agrees with the count."""
    return f"{n} {noun}" if n == 1 else f"{n} {_PLURALS.get(noun, noun + 's')}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _entity_label(entity: Entity) -> str:
    for name in _LABEL_FIELDS:
        value = getattr(entity, name, None)
        if value:
            text = str(value)
            return text if len(text) <= 60 else text[:59] + "…"
    return f"{entity.kind.replace('_', ' ')} {entity.id}"


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

