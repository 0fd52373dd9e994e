"""Storing many resource-map entries in short transactions, each batch checked as a whole.

Every batch is one ``BEGIN IMMEDIATE`` transaction of at most ``BATCH`` rows: the checks
``Workbook.add`` makes one row at a time (the owner exists, the name is not on the map
yet) are made for the whole batch with one query each, and the rows are inserted in one
statement. Between batches the write lock is free, so another notebook's edit waits for
one batch at most. An entry already on the map when its batch runs (stored by someone
else, or by an earlier, interrupted import of the same sheet) is skipped.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from ..errors import ImportFileError, NotFoundError, WorkbookError
from ..model import Resource
from ..model.text import comparable
from ..store import Workbook
from ..store.checks import has_non_ascii
from ..store.schema import table_for

__all__ = ["BATCH", "store_resources"]

BATCH = 1_000
PAUSE = 0.02
"""Seconds the lock is left free between batches, so a waiting writer's next try gets it."""


def store_resources(wb: Workbook, entities: Sequence[Resource], *,
                    progress: Callable[[int, int], None] | None = None,
                    batch: int = BATCH) -> tuple[list[Resource], int]:
    """Store ``entities`` (checked by the model) in batches; returns (stored, skipped).

    Raises ImportFileError when a batch is refused, naming how many were stored before it.
    """
    resources = table_for(Resource)
    organisations = table_for("organisation")
    now = dt.datetime.now().replace(microsecond=0)
    # Everything that needs no lock is prepared before taking it.
    prepared = [({"version": 1, **e.values(), "created_at": now, "updated_at": now},
                 (comparable(e.name), e.owner_id)) for e in entities]
    stored: list[Resource] = []
    skipped = 0
    total = len(prepared)
    try:
        for start in range(0, total, batch):
            if start:
                time.sleep(PAUSE)
            chunk = prepared[start:start + batch]
            with wb._write() as conn:
                owners = {key[1] for _, key in chunk if key[1] is not None}
                if owners:
                    found = {row[0] for row in conn.execute(
                        sa.select(organisations.c.id).where(organisations.c.id.in_(owners)))}
                    missing = owners - found
                    if missing:
                        raise NotFoundError("owner", min(missing), "is not an organisation in "
                                            "this workbook any more (removed meanwhile?)",
                                            "Preview the sheet again.")
                have = _names_on_map(conn, resources, [row["name"] for row, _ in chunk])
                fresh = []
                for row, key in chunk:
                    if key in have:
                        skipped += 1
                        continue
                    have.add(key)
                    fresh.append(row)
                if fresh:
                    first = conn.execute(sa.select(sa.func.coalesce(
                        sa.func.max(resources.c.id), 0))).scalar_one() + 1
                    for offset, row in enumerate(fresh):
                        row["id"] = first + offset
                    conn.execute(sa.insert(resources), fresh)
            stored.extend(wb._load(Resource, row) for row in fresh)
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


def _names_on_map(conn: sa.Connection, resources: sa.Table,
                  names: Sequence[str]) -> set[tuple[str, int | None]]:
    """(comparable name, owner id) of stored entries that could share one of ``names``."""
    plain = sorted({n.lower() for n in names if n.isascii()})
    query = sa.select(resources.c.name, resources.c.owner_id).where(sa.or_(
        sa.func.lower(resources.c.name).in_(plain),
        has_non_ascii(conn, resources.c.name)))
    return {(comparable(name), owner) for name, owner in conn.execute(query)}
