"""One read per kind while a view draws: the lists its pickers and tables share.

Building a view fills many dropdowns from the same stored lists (every organisation for
the owner picker, the filter, the "works at" box ...). Inside ``reading_pass(wb)`` (the
base ``View`` opens one around ``build`` and around each ``refresh``), ``wb.all(cls)`` and
the pickers' ``columns`` read ``cls`` once and hand a copy of the same list to every
caller. The memory is the store's (``Workbook.remembering``): any step the workbook
commits meanwhile empties it, and so does ``forget(wb)``, so nothing stale is shown after
a write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ...model import Entity, Organisation, Person
from ...store.listing import columns

__all__ = ["forget", "names", "reading_pass"]

@contextlib.contextmanager
def reading_pass(wb: Any) -> Iterator[None]:
    """Share the stored lists of ``wb`` among every reader inside the block (re-entrant;
    ``Workbook.remembering``). ``wb`` may be None (a view over many workbooks)."""
    remembering = getattr(wb, "remembering", None)
    if remembering is None:
        yield
        return
    with remembering():
        yield


_NAMED = {Organisation: ("name", "partner_type"), Person: ("name", "organisation_id")}
"""The columns the pickers read of organisations and people (``pickers``): ``names``
reads the same, so a view's tables and pickers share one read."""


def names(wb: Any, cls: type[Entity]) -> dict[int | None, str]:
    """Every stored ``cls``'s ``name`` by id, for tables (read once per pass)."""
    return {row[0]: row[1] for row in columns(wb, cls, *_NAMED.get(cls, ("name",)))}


def forget(wb: Any) -> None:
    """Drop what the open pass of ``wb`` has read (after a change): the next reads are fresh."""
    forget_all = getattr(wb, "forget", None)
    if forget_all is not None:
        forget_all()
