"""Writing the change log: one row per change, in the transaction that makes it.

Kept apart from ``history.py`` (which reads the log and undoes) so that ``core.py`` can
log every add, change and removal without importing what builds on it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from ..model import Entity
from .schema import change_log

__all__ = ["NOT_UNDOABLE", "log_change", "new_batch", "now", "row_json"]

_BATCH = "pwb_change_batch"
NOT_UNDOABLE = "ballot"
"""The action of an anonymous ballot: logged without dots or voter, never reverted."""


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def row_json(entity_or_row: Entity | Mapping[str, Any]) -> str:
    """A whole stored row (id, version and every field) as JSON text."""
    if isinstance(entity_or_row, Entity):
        row = {"id": entity_or_row.id, "version": entity_or_row.version,
               **entity_or_row.values()}
    else:
        row = dict(entity_or_row)
    return json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False,
                      sort_keys=True)


def now() -> dt.datetime:
    """Now, to the second (as every stored time)."""
    return dt.datetime.now().replace(microsecond=0)


def log_change(conn: sa.Connection, action: str, kind: str, entity_id: int | None,
               before: str | None, after: str | None) -> None:
    """Write one change in the caller's transaction (``action``: add, update, delete,
    link_add, link_remove or ballot)."""
    batch = conn.info.get(_BATCH)
    if batch is None:
        batch = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(change_log.c.batch),
                                                            0))).scalar_one()) + 1
        conn.info[_BATCH] = batch
    conn.execute(sa.insert(change_log).values(
        batch=batch, changed_at=now(), action=action, kind=kind, entity_id=entity_id,
        before=before, after=after))


def new_batch(conn: sa.Connection) -> None:
    """Forget the batch of a previous transaction on this (pooled) connection."""
    conn.info.pop(_BATCH, None)


