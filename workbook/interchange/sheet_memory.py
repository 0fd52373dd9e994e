"""The mapping confirmed for a sheet's layout, remembered in the workbook.

    >>> signature = layout_signature(frame.columns)   # "a3f1..." for these titles
    >>> remembered = recall_layout(wb, frame.columns)  # RememberedLayout or None
    >>> remember_layout(wb, preview)                   # after a confirmed import

A layout is the sheet's column titles, compared as people read them (case, spaces and
invisible characters do not count, the order does): the same partner's next month's file
has the same signature, and its import uses the mapping confirmed last time without
asking again. The preview says which remembered mapping it used, and the facilitator
can change it (choosing a column again replaces it) or forget it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model.text import comparable
from ..store import Workbook

__all__ = ["RESOURCES", "RememberedLayout", "forget_layout", "layout_signature",
           "recall_layout", "remember_layout"]

RESOURCES = "resources"
"""What a layout of the resource-map importer is remembered as."""


@dataclass(frozen=True)
class RememberedLayout:
    """A mapping remembered for this layout: when and with which file it was confirmed."""

    signature: str
    mapping: Mapping[str, str | None]
    file_name: str
    confirmed_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"signature": self.signature, "mapping": dict(self.mapping),
                "file": self.file_name, "confirmed_at": self.confirmed_at.isoformat()}

    def describe(self) -> str:
        """A sentence for the preview: which remembered mapping is used."""
        day = self.confirmed_at
        return (f"Using the mapping confirmed on {day:%B} {day.day}, {day.year} for a sheet "
                f"with the same columns ({self.file_name or 'an earlier file'}). Choose "
                "other columns to change it, or forget it.")


def layout_signature(columns: Iterable[Any], what: str = RESOURCES) -> str:
    """The signature of a header: a hash of its titles as people read them."""
    titles = "\x1f".join(comparable(str(c)) for c in columns)
    return hashlib.sha256(f"{what}\x1e{titles}".encode()).hexdigest()[:40]


def recall_layout(wb: Workbook, columns: Iterable[Any],
                  what: str = RESOURCES) -> RememberedLayout | None:
    """The mapping remembered for these columns, or None."""
    columns = [str(c) for c in columns]
    kept = wb.sheet_layout(layout_signature(columns, what))
    if kept is None:
        return None
    mapping = {f: c for f, c in kept.mapping.items() if c is None or c in columns}
    return RememberedLayout(kept.signature, mapping, kept.file_name, kept.confirmed_at)


def remember_layout(wb: Workbook, columns: Iterable[Any], mapping: Mapping[str, str | None],
                    file_name: str, what: str = RESOURCES) -> RememberedLayout:
    """Keep ``mapping`` (every field, None for one left unfilled) for these columns."""
    columns = [str(c) for c in columns]
    kept = wb.remember_sheet_layout(layout_signature(columns, what), what, columns,
                                    dict(mapping), file_name)
    return RememberedLayout(kept.signature, dict(kept.mapping), kept.file_name,
                            kept.confirmed_at)


def forget_layout(wb: Workbook, columns: Iterable[Any], what: str = RESOURCES) -> bool:
    """Forget the mapping remembered for these columns; whether there was one."""
    return wb.forget_sheet_layout(layout_signature(columns, what))
