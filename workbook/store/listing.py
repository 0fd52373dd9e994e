"""Light reads for pickers: a few columns of every stored record, not whole entities.

A picker of five thousand resources needs each one's id, name and owner, not its twenty
fields checked and built into an entity: ``columns(wb, Resource, "name", "owner_id")``
reads just those, through the workbook's read-only connection (``Workbook.reading``),
once per ``Workbook.remembering`` block.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..model import Entity
from .schema import table_for

__all__ = ["columns"]


def columns(wb: Any, cls: type[Entity], *names: str) -> list[tuple[Any, ...]]:
    """``(id, *names)`` of every stored ``cls``, by id, as plain tuples.

    Raises KeyError for a name that is not a stored field of ``cls``.
    """
    table = table_for(cls)
    query = sa.select(table.c.id, *(table.c[name] for name in names)).order_by(table.c.id)

    def read() -> list[tuple[Any, ...]]:
        with wb.reading() as conn:
            return [tuple(row) for row in conn.execute(query)]

    return wb.remembered((cls, names), read)  # once per ``remembering`` block
