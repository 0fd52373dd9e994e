"""One read per kind while a view draws: the lists its pickers and tables share.

Building a view fills many dropdowns from the same stored lists (every organisation for
the owner picker, the filter, the "works at" box ...). Inside ``reading_pass(wb)`` (the
base ``View`` opens one around ``build`` and around each ``refresh``), ``stored(wb, cls)``
reads ``cls`` once and hands the same list to every caller; any change the workbook
commits meanwhile (``wb.on_change``) empties the memo, and so does ``forget(wb)``, which
``View.run`` calls after every change it makes, so nothing stale is shown after a write.
Outside a pass ``stored`` is plain ``wb.all(cls)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, TypeVar

from ...model import Entity, Organisation, Person
from ...store.listing import columns

__all__ = ["forget", "names", "reading_pass", "stored", "stored_columns"]

E = TypeVar("E", bound=Entity)


class _Pass:
    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.lists: dict[Any, list[Any]] = {}  # by class, or (class, column names)
        listen = getattr(wb, "on_change", None)
        self.unlisten = listen(self._changed) if callable(listen) else None

    def _changed(self, _kind: str, _entity_id: int | None) -> None:
        self.lists.clear()


_OPEN: dict[int, _Pass] = {}


@contextlib.contextmanager
def reading_pass(wb: Any) -> Iterator[None]:
    """Share the stored lists of ``wb`` among every reader inside the block (re-entrant)."""
    if wb is None or id(wb) in _OPEN and _OPEN[id(wb)].wb is wb:
        yield
        return
    memo = _OPEN[id(wb)] = _Pass(wb)
    try:
        yield
    finally:
        del _OPEN[id(wb)]
        if memo.unlisten is not None:
            memo.unlisten()


def stored(wb: Any, cls: type[E]) -> list[E]:
    """Every stored ``cls`` (by id), read once per pass; a fresh list the caller may sort."""
    memo = _OPEN.get(id(wb))
    if memo is None or memo.wb is not wb:
        return list(wb.all(cls))
    if cls not in memo.lists:
        memo.lists[cls] = wb.all(cls)
    return list(memo.lists[cls])


def stored_columns(wb: Any, cls: type[Entity], *fields: str) -> list[tuple[Any, ...]]:
    """``(id, *fields)`` of every stored ``cls``, by id (``store.listing.columns``: no
    entity built), read once per pass; a fresh list. Pickers and names need no more."""
    memo = _OPEN.get(id(wb))
    if memo is None or memo.wb is not wb:
        return columns(wb, cls, *fields)
    key = (cls, fields)
    if key not in memo.lists:
        memo.lists[key] = columns(wb, cls, *fields)
    return list(memo.lists[key])


_NAMED = {Organisation: ("name", "partner_type"), Person: ("name", "organisation_id")}
"""The columns the pickers read of organisations and people (``pickers``): ``names``
reads the same, so a view's tables and pickers share one read."""


def names(wb: Any, cls: type[Entity]) -> dict[int | None, str]:
    """Every stored ``cls``'s ``name`` by id, for tables (read once per pass)."""
    return {row[0]: row[1] for row in stored_columns(wb, cls, *_NAMED.get(cls, ("name",)))}


def forget(wb: Any) -> None:
    """Drop what the open pass of ``wb`` has read (after a change): the next reads are fresh."""
    memo = _OPEN.get(id(wb))
    if memo is not None and memo.wb is wb:
        memo.lists.clear()
