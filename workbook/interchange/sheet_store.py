"""Storing many resource-map entries: one step of the history, in short transactions.

The store does the work (``Workbook.add_resources``): every batch of at most ``BATCH`` rows
is one ``BEGIN IMMEDIATE`` transaction, checked as a whole (the owners exist, the name is
not on the map yet) and inserted in one statement; between batches the write lock is free,
so another notebook's edit waits for one batch at most. All batches belong to one step, so
Undo takes the whole import back. An entry already on the map when its batch runs (stored
by someone else, or by an earlier, interrupted import of the same sheet) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..i18n import _
from ..model import Resource
from ..store import UnitOfWork, Workbook

__all__ = ["BATCH", "store_resources"]

BATCH = 1_000


def store_resources(wb: Workbook, entities: Sequence[Resource], *,
                    progress: Callable[[int, int], None] | None = None,
                    batch: int = BATCH, label: str | None = None,
                    continues: UnitOfWork | None = None) -> tuple[list[Resource], int]:
    """Store ``entities`` (checked by the model) in batches; returns (stored, skipped).

    ``label`` names the step; ``continues`` a step already begun (the organizations the
    import adds). Raises ImportFileError when a batch is refused, naming how many were
    stored before it.
    """
    label = label or _("Import resource-map entries")
    return wb.add_resources(entities, label=label, progress=progress, batch=batch,
                            continues=continues)
