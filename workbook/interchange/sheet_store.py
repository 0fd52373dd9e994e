"""Storing many resource-map entries in short transactions, each batch checked as a whole.

Every batch is one ``BEGIN IMMEDIATE`` transaction of at most ``BATCH`` rows: the checks
``Workbook.add`` makes one row at a time (the owner exists, the name is not on the map
yet) are made for the whole batch with one query each, and the rows are inserted in one
statement. Between batches the write lock is free, so another notebook's edit waits for
one batch at most. An entry already on the map when its batch runs (stored by someone
else, or by an earlier, interrupted import of the same sheet) is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from ..errors import ImportFileError, NotFoundError, WorkbookError
from ..model import Resource
from ..model.text import comparable
from ..store import Workbook
from ..store.schema import table_for

__all__ = ["BATCH", "store_resources"]

BATCH = 250


def store_resources(wb: Workbook, entities: Sequence[Resource], *,
                    progress: Callable[[int, int], None] | None = None,
                    batch: int = BATCH) -> tuple[list[Resource], int]:
    """Store ``entities`` (checked by the model) in batches; returns (stored, skipped).

    Raises ImportFileError when a batch is refused, naming how many were stored before it.
    """
    resources = table_for(Resource)
    organisations = table_for("organisation")
    stored: list[Resource] = []
    skipped = 0
    total = len(entities)
    try:
        for start in range(0, total, batch):
            chunk = entities[start:start + batch]
            now = dt.datetime.now().replace(microsecond=0)
            with wb._write() as conn:
                owners = {e.owner_id for e in chunk if e.owner_id is not None}
                if owners:
                    found = {row[0] for row in conn.execute(
                        sa.select(organisations.c.id).where(organisations.c.id.in_(owners)))}
                    missing = owners - found
                    if missing:
                        raise NotFoundError("owner", min(missing), "is not an organisation in "
                                            "this workbook any more (removed meanwhile?)",
                                            "Preview the sheet again.")
                have = {(comparable(name), owner) for name, owner in conn.execute(
                    sa.select(resources.c.name, resources.c.owner_id))}
                fresh: list[Resource] = []
                for entity in chunk:
                    key = (comparable(entity.name), entity.owner_id)
                    if key in have:
                        skipped += 1
                        continue
                    have.add(key)
                    fresh.append(dataclasses.replace(entity, created_at=now, updated_at=now))
                if fresh:
                    first = conn.execute(sa.select(sa.func.coalesce(
                        sa.func.max(resources.c.id), 0))).scalar_one() + 1
                    conn.execute(sa.insert(resources), [
                        {"id": first + i, "version": 1, **e.values()}
                        for i, e in enumerate(fresh)])
                    stored.extend(dataclasses.replace(e, id=first + i, version=1)
                                  for i, e in enumerate(fresh))
            if progress is not None:
                progress(min(start + batch, total), total)
    except WorkbookError as exc:
        if not stored:
            raise ImportFileError(f"{exc} Nothing was imported.") from exc
        raise ImportFileError(
            f"{len(stored):,} of {total:,} new entries were stored before the import stopped: "
            f"{exc} Import the same sheet again to add the rest; the entries already stored "
            "are skipped.") from exc
    finally:
        if stored:
            wb._changed("resource", None)
    return stored, skipped
