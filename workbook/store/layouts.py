"""Remembered sheet layouts: the mapping a facilitator confirmed for a header, kept in the
workbook so the same partner's next file imports in one step.

A layout is named by its ``signature`` (see ``interchange.sheet_memory``); each holds the
sheet's column titles, the mapping (field -> column, None for a field left unfilled), the
file it was confirmed with and when. Remembering the same signature again replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import Sentence, ValidationError
from ..i18n import N_
from .core import Store
from .schema import sheet_layout

__all__ = ["MAX_LAYOUTS", "SheetLayout", "SheetLayouts"]

MAX_LAYOUTS = 500
"""Most layouts one workbook remembers; the oldest are forgotten past it."""


@dataclass(frozen=True)
class SheetLayout:
    """One remembered layout (see the module's docstring)."""

    signature: str
    what: str
    columns: tuple[str, ...]
    mapping: Mapping[str, str | None]
    file_name: str
    confirmed_at: dt.datetime


def _layout(row: Any) -> SheetLayout:
    return SheetLayout(row.signature, row.what, tuple(json.loads(row.columns)),
                       json.loads(row.mapping), row.file_name, row.confirmed_at)


class SheetLayouts(Store):
    """Remembered sheet layouts (``Workbook`` builds on this)."""

    def sheet_layout(self, signature: str) -> SheetLayout | None:
        """The layout remembered under ``signature``, or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(sheet_layout).where(
                sheet_layout.c.signature == signature)).first()
        return _layout(row) if row is not None else None

    def sheet_layouts(self) -> list[SheetLayout]:
        """Every remembered layout, the most recently confirmed first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(sheet_layout).order_by(
                sheet_layout.c.confirmed_at.desc())).all()
        return [_layout(r) for r in rows]

    def remember_sheet_layout(self, signature: str, what: str, columns: Sequence[str],
                              mapping: Mapping[str, str | None],
                              file_name: str = "") -> SheetLayout:
        """Keep ``mapping`` for the layout ``signature`` (replacing what was kept).

        Raises ValidationError for a mapping naming a column the layout does not have.
        """
        wanted = {str(f): (str(c) if c else None) for f, c in mapping.items()}
        missing = [c for c in wanted.values() if c and c not in columns]
        if missing:
            raise ValidationError("mapping", missing[0], Sentence(N_(
                "The {field} {value} is not a column of this layout. Map the fields to the "
                "sheet's own columns.")))
        now = dt.datetime.now().replace(microsecond=0)
        what, file_name = what[:40], file_name[:300]
        values: dict[str, Any] = {
            "what": what, "columns": json.dumps(list(columns), ensure_ascii=False),
            "mapping": json.dumps(wanted, ensure_ascii=False), "file_name": file_name,
            "confirmed_at": now}
        with self._write() as conn:
            conn.execute(sa.delete(sheet_layout).where(sheet_layout.c.signature == signature))
            conn.execute(sa.insert(sheet_layout).values(signature=signature, **values))
            count = conn.execute(sa.select(sa.func.count()).select_from(sheet_layout)
                                 ).scalar_one()
            if count > MAX_LAYOUTS:
                oldest = conn.execute(sa.select(sheet_layout.c.signature).order_by(
                    sheet_layout.c.confirmed_at).limit(count - MAX_LAYOUTS)).scalars().all()
                conn.execute(sa.delete(sheet_layout).where(
                    sheet_layout.c.signature.in_(oldest)))
        return SheetLayout(signature, what, tuple(columns), wanted, file_name, now)

    def forget_sheet_layout(self, signature: str) -> bool:
        """Forget the layout ``signature``; whether one was remembered."""
        with self._write() as conn:
            done = conn.execute(sa.delete(sheet_layout).where(
                sheet_layout.c.signature == signature))
        return bool(done.rowcount)
