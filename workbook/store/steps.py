"""The history's records: one logged change (``Change``) and one step (``Step``), read
from the change log and told in words, in the current language.

``history.py`` builds on them to list, describe and undo; ``steps_of`` reads many steps
in a few statements (their counts grouped by kind, their names, the first change of each
step nobody named).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..i18n import _, format_list, ngettext
from ..model.field_labels import field_label
from .log import NOT_UNDOABLE
from .schema import change_log, change_step
from .words import counted, noun, records

__all__ = ["LABEL_FIELDS", "Change", "Step", "change_of", "described", "in_chunks",
           "named_record", "steps_of"]

LABEL_FIELDS = ("name", "statement", "action", "description", "text", "objective",
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
        label = next((str(row[f]) for f in LABEL_FIELDS if row.get(f)), "")
        what = named_record(self.kind, label, self.entity_id)
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


def named_record(kind: str, label: str, entity_id: int | None) -> str:
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


def steps_of(conn: sa.Connection, batches: list[int]) -> list[Step]:
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
            firsts[first["batch"]] = change_of(dict(first))
    out = []
    for batch in batches:
        if batch not in stamps:
            continue
        row = named.get(batch)
        label = row.label if row is not None and row.label else described(
            firsts.get(batch), sum(counts[batch].values()))
        out.append(Step(
            batch=batch, label=label, author=row.author if row is not None else None,
            source=row.source if row is not None else None,
            changed_at=row.changed_at if row is not None else stamps[batch][0],
            undone_at=row.undone_at if row is not None and row.undone_at else stamps[batch][1],
            undone_by=row.undone_by if row is not None else None,
            counts=counts[batch], undoable=undoable.get(batch, True)))
    return out


def described(first: Change | None, records: int) -> str:
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


def in_chunks(conn: sa.Connection, query: Any, size: int = 50) -> Any:
    """The batches ``query`` selects, ``size`` at a time (newest first)."""
    offset = 0
    while True:
        chunk = list(conn.execute(query.limit(size).offset(offset)).scalars())
        if not chunk:
            return
        yield chunk
        offset += size


def change_of(row: Mapping[str, Any]) -> Change:
    return Change(row["id"], row["batch"], row["changed_at"], row["action"], row["kind"],
                  row["entity_id"],
                  json.loads(row["before"]) if row["before"] else None,
                  json.loads(row["after"]) if row["after"] else None, row["undone_at"])
