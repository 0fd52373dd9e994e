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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _, format_date
from ..model.text import comparable
from ..store import Workbook

__all__ = ["ATTENDANCE", "READINGS", "RESOURCES", "RememberedLayout", "forget_layout",
           "layout_signature", "recall_in_rows", "recall_layout", "remember_layout"]

RESOURCES = "resources"
"""What a layout of the resource-map importer is remembered as."""
READINGS = "readings"
"""... of the readings importer (``readings_sheet``: column -> date, value, an outcome)."""
ATTENDANCE = "attendance"
"""... of the attendance importer (``attendance``: the people table's name, e-mail and
attended columns)."""
HEADER_ROWS = 60
"""Rows of a file searched for a remembered header (``recall_in_rows``)."""


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
        day = format_date(self.confirmed_at.date())
        if self.file_name:
            return _("Using the mapping confirmed on {day} for a sheet with the same columns "
                     "({file}). Choose other columns to change it, or forget it.").format(
                day=day, file=self.file_name)
        return _("Using the mapping confirmed on {day} for a sheet with the same columns. "
                 "Choose other columns to change it, or forget it.").format(day=day)


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


def recall_in_rows(wb: Workbook, rows: Sequence[Sequence[str]], what: str,
                   ) -> tuple[int, RememberedLayout] | None:
    """The first of the first ``HEADER_ROWS`` rows that is a header remembered for
    ``what`` (its index in ``rows`` and the mapping), or None: for files whose header is
    not the first row (an attendance report under a meeting summary)."""
    kept = {k.signature: k for k in wb.sheet_layouts() if k.what == what}
    if not kept:
        return None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        titles = [str(c) for c in row]
        while titles and not titles[-1].strip():
            titles.pop()
        if sum(1 for t in titles if t.strip()) < 2:
            continue
        found = kept.get(layout_signature(titles, what))
        if found is not None:
            mapping = {f: c for f, c in found.mapping.items() if c is None or c in titles}
            return index, RememberedLayout(found.signature, mapping, found.file_name,
                                           found.confirmed_at)
    return None
