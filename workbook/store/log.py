"""Writing the change log: one row per change, in the transaction that makes it.

Kept apart from ``history.py`` (which reads the log and undoes) so that ``core.py`` can
log every add, change and removal without importing what builds on it.

A transaction of the store is one *step* (``Store.change``): its rows share a ``batch``, and
one ``change_step`` row names it (label, author, source). The running step rides on the
connection (``conn.info``), so every writer that logs through ``log_change`` joins it
without being handed it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import sqlalchemy as sa

from ..model import Entity
from .many import insert_many, plain
from .postgres import COMMIT_ALONG, PREPARED
from .schema import change_log, change_step

__all__ = ["NOT_UNDOABLE", "UnitOfWork", "begin_step", "end_step", "finish_step", "flush",
           "log_change", "log_many", "named", "now", "row_json", "running", "shorten", "touch"]

P = ParamSpec("P")
R = TypeVar("R")
_STEP = "pwb_change_step"
NOT_UNDOABLE = "ballot"
"""The action of an anonymous ballot: logged without dots or voter, never reverted."""

LABEL_LIMIT = 500


def row_json(entity_or_row: Entity | Mapping[str, Any]) -> str:
    """A whole stored row (id, version and every field) as JSON text."""
    if isinstance(entity_or_row, Entity):
        row = {"id": entity_or_row.id, "version": entity_or_row.version,
               **entity_or_row.values()}
    else:
        row = dict(entity_or_row)
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=plain)


def now() -> dt.datetime:
    """Now, to the second (as every stored time)."""
    return dt.datetime.now().replace(microsecond=0)


@dataclass
class UnitOfWork:
    """One step being made: what ``with wb.change(label) as step:`` hands its block.

    ``label`` names the step in the history and in Undo ("Import programs.csv (24
    entries)"); it may be set or refined inside the block, once the counts are known.
    ``source`` says where it was made ("view Kickoff", "command import-sheet", "live
    room"); ``author`` who made it. ``counts`` (kind -> rows logged) and ``touched``
    (kind -> ids, ``None`` for "several") fill in as the block writes; after the commit,
    the store publishes the step to its listeners (``Store.on_step``).
    """

    label: str | None
    source: str
    author: str
    batch: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    named: bool = False
    """Whether its ``change_step`` row is stored (a step spanning several transactions)."""
    stored_label: str | None = None
    """The label its ``change_step`` row holds."""
    touched: dict[str, set[int | None]] = field(default_factory=dict)
    waiting: dict[str, Any] | None = None
    """On a server, the step's first log row while it is its only one: written when the
    step finishes, in the round trip that commits it (``finish_step``)."""

    def mark(self) -> tuple[int | None, bool, str | None]:
        """What one transaction of the step may change of it (see ``rolled_back``)."""
        return self.batch, self.named, self.stored_label

    def rolled_back(self, mark: tuple[int | None, bool, str | None]) -> None:
        """The transaction begun at ``mark`` stored nothing: the step number it opened, the
        label it stored and the row waiting for its commit went with it."""
        self.batch, self.named, self.stored_label = mark
        self.waiting = None

    @property
    def records(self) -> int:
        """How many rows the step logged so far."""
        return sum(self.counts.values())

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind of record the step touched (entities and link tables)."""
        return frozenset(self.touched)

    def touch(self, kind: str, entity_id: int | None) -> None:
        """Note that ``kind`` changed without a log row (the tally of an anonymous vote)."""
        self.touched.setdefault(kind, set()).add(entity_id)

    def final_label(self) -> str | None:
        """The label to store: None for a step nobody named (the history then describes
        its first change)."""
        label = " ".join((self.label or "").split())
        if not label:
            return None
        return label if len(label) <= LABEL_LIMIT else label[:LABEL_LIMIT - 1] + "…"


def running(conn: sa.Connection) -> UnitOfWork | None:
    """The step the connection's transaction is making, if any."""
    step: UnitOfWork | None = conn.info.get(_STEP)
    return step


def begin_step(conn: sa.Connection, step: UnitOfWork) -> None:
    """Make ``step`` the one the connection's transaction makes, until ``end_step``; the
    caller calls ``finish_step`` before committing it."""
    conn.info[_STEP] = step


def end_step(conn: sa.Connection) -> None:
    if not conn.invalidated:  # lost with its session: the pool forgets its info anyway
        conn.info.pop(_STEP, None)


def flush(conn: sa.Connection) -> None:
    """Write the running step's waiting log row now (``UnitOfWork.waiting``): a read of the
    history inside the step sees the step's own change, as every read sees its writes."""
    step = running(conn)
    if step is not None:
        _write_waiting(conn, step)


def _step_of(conn: sa.Connection) -> UnitOfWork:
    step = running(conn)
    if step is None:  # a raw transaction of the store's own (an upgrade, a copy)
        step = UnitOfWork(None, "store", "")
        begin_step(conn, step)
    return step


def log_change(conn: sa.Connection, action: str, kind: str, entity_id: int | None,
               before: str | None, after: str | None) -> None:
    """Write one change in the caller's transaction (``action``: add, update, delete,
    link_add, link_remove or ballot); it joins the step the transaction is making."""
    finishes = running(conn) is not None  # else a raw transaction: nobody finishes it
    step = _step_of(conn)
    values = {"changed_at": now(), "action": action, "kind": kind, "entity_id": entity_id,
              "before": before, "after": after}
    _write_waiting(conn, step)
    if step.batch is None and conn.dialect.name == "postgresql":
        if finishes:  # it goes with the commit, if it stays the only one
            step.waiting = values
        else:
            _open_step(conn, step, first=values)
    else:
        if step.batch is None:
            _open_step(conn, step)
        conn.execute(_LOG_ROW, {"batch": step.batch, **values})
    step.counts[kind] = step.counts.get(kind, 0) + 1
    step.touch(kind, entity_id)


def log_many(conn: sa.Connection, action: str, kind: str,
             rows: list[tuple[int | None, str | None, str | None]]) -> None:
    """Log many changes of one kind in one statement: (entity_id, before, after) each."""
    if not rows:
        return
    step = _step_of(conn)
    _write_waiting(conn, step)
    if step.batch is None:
        _open_step(conn, step)
    stamp = now()
    if conn.dialect.name == "postgresql":
        # The first row takes its id from the numbering trigger and the others follow it
        # (one writer at a time per partnership), in one statement (``many``).
        records = [{"batch": step.batch, "changed_at": stamp, "action": action, "kind": kind,
                    "entity_id": entity_id, "before": before, "after": after}
                   for entity_id, before, after in rows]
        first = int(conn.execute(_LOG_ROW.returning(change_log.c.id), records[0]).scalar_one())
        for offset, record in enumerate(records[1:], 1):
            record["id"] = first + offset
        insert_many(conn, change_log, records[1:])
    else:
        # The driver's own executemany: SQLAlchemy's per-row parameter building would
        # cost more than the rows being logged (an import of 5,000 entries).
        conn.exec_driver_sql(
            "INSERT INTO change_log (batch, changed_at, action, kind, entity_id, before, "
            "after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(step.batch, stamp.strftime("%Y-%m-%d %H:%M:%S.%f"), action, kind, entity_id,
              before, after) for entity_id, before, after in rows])
    step.counts[kind] = step.counts.get(kind, 0) + len(rows)
    ids = {entity_id for entity_id, _, _ in rows}
    for entity_id in ids if len(ids) <= 50 else {None}:
        step.touch(kind, entity_id)


def touch(conn: sa.Connection, kind: str, entity_id: int | None) -> None:
    """Tell the running step that ``kind`` changed without a log row."""
    _step_of(conn).touch(kind, entity_id)


def _write_waiting(conn: sa.Connection, step: UnitOfWork) -> None:
    """Write the step's waiting first row (``UnitOfWork.waiting``): another row follows."""
    if step.waiting is not None:
        first, step.waiting = step.waiting, None
        _open_step(conn, step, first=first)


def _open_step(conn: sa.Connection, step: UnitOfWork,
               first: Mapping[str, Any] | None = None) -> None:
    """Give the step its number and its ``change_step`` row in one statement.

    With ``first`` (the values of the step's first ``change_log`` row, PostgreSQL only)
    that row is written by the same statement, a data-modifying WITH: an edit on a server
    makes one round trip fewer than it did before steps were named.
    """
    label = step.final_label()
    values = {"label": label, "author": step.author or None, "source": step.source or None,
              "opened_at": now()}
    if first is not None:
        values.update({f"first_{name}": value for name, value in first.items()})
    on_server = conn.dialect.name == "postgresql"
    statement = _OPENING[on_server, first is not None]
    step.batch = int(conn.execute(statement, values).scalar_one())
    step.named, step.stored_label = True, label


def _opening(on_server: bool, with_first: bool) -> sa.Insert:
    """The statement ``_open_step`` runs, built once: an edit spends its time on the
    server, not on building the same SQL again.

    In a file the step's number is one more than the history's highest; on a server the
    database's numbering trigger gives it (``pg_security``), from the end of an index
    that a member's own read rules would not let this statement use.
    """
    given = (sa.bindparam("label", type_=sa.Text), sa.bindparam("author", type_=sa.Text),
             sa.bindparam("source", type_=sa.Text),
             sa.bindparam("opened_at", type_=sa.DateTime))
    columns = ["label", "author", "source", "changed_at"]
    if on_server:
        opened = sa.insert(change_step).from_select(columns, sa.select(*given))
    else:
        number = sa.func.coalesce(sa.func.max(change_log.c.batch), 0) + 1
        opened = sa.insert(change_step).from_select(["batch", *columns],
                                                    sa.select(number, *given))
    opened = opened.returning(change_step.c.batch).execution_options(**{PREPARED: True})
    if not with_first:
        return opened
    new_step = opened.cte("new_step")
    row = sa.select(new_step.c.batch,
                    *(sa.bindparam(f"first_{name}", type_=change_log.c[name].type)
                      for name in _FIRST_COLUMNS))
    return (sa.insert(change_log).from_select(["batch", *_FIRST_COLUMNS], row)
            .returning(change_log.c.batch).execution_options(**{PREPARED: True}))


_FIRST_COLUMNS = ("changed_at", "action", "kind", "entity_id", "before", "after")
_OPENING = {(on_server, with_first): _opening(on_server, with_first)
            for on_server in (False, True) for with_first in (False, True)}
_LOG_ROW = sa.insert(change_log).execution_options(**{PREPARED: True})


def finish_step(conn: sa.Connection) -> UnitOfWork | None:
    """Before the commit: store the step's label if it was named (or renamed) after its
    first change; returns the step, or None if the transaction is no step's.

    On a server, a step that logged one row (an edit) writes it here, with its step, in
    the statement that carries the COMMIT along (``postgres.COMMIT_ALONG``): the
    transaction is over when this returns, and the caller's commit has nothing left to
    send. An edit is then three round trips: the read (with BEGIN and the write lock),
    the change, and its history with the commit.
    """
    step = running(conn)
    if step is not None and step.waiting is not None:
        conn.info[COMMIT_ALONG] = True
        try:
            _write_waiting(conn, step)
        finally:
            if not conn.invalidated:  # the session is gone: so is its info
                conn.info.pop(COMMIT_ALONG, None)
        return step
    if step is None or step.batch is None:
        return step
    label = step.final_label()
    if label != step.stored_label:
        conn.execute(sa.update(change_step).where(change_step.c.batch == step.batch)
                     .values(label=label))
        step.stored_label = label
    return step


def named(label: Callable[..., str]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a store method one step named ``label(self, *args, **kwargs)`` ("Open a name
    vote", "Mark Rosa Quintero present"), unless the caller's own step already has a name.
    A label that cannot be worked out (a bad id: the method refuses it itself) falls back
    to the method's own description of its first change."""
    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            store: Any = args[0]
            try:
                text: str | None = label(*args, **kwargs)
            except Exception:  # the method's own checks say what is wrong
                text = None
            with store.change(text):
                return method(*args, **kwargs)
        return inner
    return wrap


def shorten(text: str, limit: int = 60) -> str:
    """One line of ``text``, cut at a word to at most ``limit`` characters, for a label."""
    line = " ".join(str(text).split())
    if len(line) <= limit:
        return line
    return line[:limit - 1].rsplit(" ", 1)[0] + "…"
