"""Shared plumbing of the analyses: one read transaction, rows into frames, the day.

Analyses read narrow columns with SQL rather than loading full entities: a large
workbook holds thousands of rows and the momentum figures must come back in a blink.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..store import Workbook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OPEN_ACTION", "day_of", "frame", "read"]

OPEN_ACTION = ("open", "in_progress")
"""Action statuses that still ask something of someone."""


def read(wb: Workbook, *queries: sa.Select) -> list[list[sa.Row]]:
    """The rows of each query, all read in one transaction (a consistent snapshot)."""
    # ``_read`` joins an open ``transaction()`` block and turns SQLite errors into
    # WorkbookErrors; the engine alone would do neither.
    with wb.reading() as conn:
        return [list(conn.execute(query).all()) for query in queries]


def frame(rows: Iterable[Sequence[Any]], columns: Sequence[str],
          dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    """A DataFrame with exactly ``columns``, also when there are no rows.

    ``dtypes`` fixes the type of some columns, so an empty frame still filters and sums
    like a full one (booleans stay booleans, counts stay integers). pandas is imported
    here, on the first frame: the summary export and the notebooks' first screens read
    the same figures as plain rows and never need it.
    """
    import pandas as pd

    table = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
    return table.astype(dtypes) if dtypes else table


def day_of(today: dt.date | None) -> dt.date:
    """``today`` when given (tests and exports pin it), else the real date."""
    return today if today is not None else dt.date.today()
