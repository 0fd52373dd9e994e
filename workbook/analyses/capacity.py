"""Capacity: where our own organisation is weak, and which partners are strong there.

Ratings run from 1 (weak) to 4 (strong) on the nineteen competencies of the
self-assessment. A competency rated 2 or lower is *weak*; a partner rated 3 or higher on
it is *strong* there and a candidate to fill the gap. Former partners are left out of
the suggestions: they are no longer at the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from .. import reference
from ..i18n import _
from ..model import CapacityRating, Organisation
from ..store import Workbook
from ..store.schema import table_for
from ._read import frame, read

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CAPACITY_GAP_COLUMNS", "STRONG_AT", "WEAK_AT", "capacity_gaps", "capacity_matrix"]

WEAK_AT = 2
"""A rating at or below this is weak."""

STRONG_AT = 3
"""A rating at or above this is strong."""

CAPACITY_GAP_COLUMNS = ("area", "competency", "competency_title", "rating", "rating_label",
                        "priority", "weak", "strong_partners", "strong_partner_count")

_ORDER = {key: n for n, key in enumerate(reference.COMPETENCIES)}


def _ratings(wb: Workbook) -> list[sa.Row]:
    ratings, orgs = table_for(CapacityRating), table_for(Organisation)
    (rows,) = read(wb, sa.select(orgs.c.id, orgs.c.name, orgs.c.partner_type, orgs.c.status,
                                 ratings.c.competency, ratings.c.rating, ratings.c.priority)
                   .join(orgs, orgs.c.id == ratings.c.organisation_id))
    return rows


def capacity_gaps(wb: Workbook, *, weak_only: bool = False) -> pd.DataFrame:
    """Our own organisation's rating on each competency it rated, with partners to help.

    Columns: ``area`` and ``competency_title`` (words in the current language),
    ``competency`` (key), ``rating`` (1-4), ``rating_label``, ``priority`` (flagged by
    us), ``weak`` (rating <= 2), ``strong_partners`` (for weak ones: partners rated 3 or 4
    there, strongest first, comma separated) and ``strong_partner_count``. Weak
    competencies come first, the priorities among them first, then the order of the
    self-assessment. Empty when no organisation is marked as our own or it has rated
    nothing. ``weak_only`` keeps the weak rows alone.
    """
    rows = _ratings(wb)
    ours = [r for r in rows if r.partner_type == reference.OWN]
    helpers: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        if r.partner_type != reference.OWN and r.status != "former" and r.rating >= STRONG_AT:
            helpers.setdefault(r.competency, []).append((r.rating, r.name))
    out = []
    for r in ours:
        area, competency = reference.COMPETENCIES[r.competency]
        weak = r.rating <= WEAK_AT
        strong = sorted(helpers.get(r.competency, []), key=lambda h: (-h[0], h[1].casefold()))
        names = [name for _, name in strong] if weak else []
        out.append((_(area.title), r.competency, _(competency.title), r.rating,
                    reference.CAPACITY_RATINGS[r.rating], bool(r.priority), weak,
                    ", ".join(names), len(names)))
    if weak_only:
        out = [row for row in out if row[6]]
    out.sort(key=lambda row: (not row[6], not row[5], _ORDER[row[1]]))
    return frame(out, CAPACITY_GAP_COLUMNS, {"rating": "int64", "priority": "bool",
                                             "weak": "bool", "strong_partner_count": "int64"})


def capacity_matrix(wb: Workbook) -> pd.DataFrame:
    """Ratings as a table: one row per organisation that rated anything, one column per
    competency (titles in the current language, in the order of the self-assessment);
    unrated cells are NaN.

    Our own organisation comes first, then the others by name. The index is named
    ``organisation`` and holds the names.
    """
    import pandas as pd

    rows = _ratings(wb)
    titles = [_(c.title) for _area, c in reference.COMPETENCIES.values()]
    own_first = sorted({(r.partner_type != reference.OWN, r.name.casefold(), r.name)
                        for r in rows})
    names = [name for _, _, name in own_first]
    nan = float("nan")
    cells = {(r.name, _(reference.COMPETENCIES[r.competency][1].title)): float(r.rating)
             for r in rows}
    return pd.DataFrame([[cells.get((name, title), nan) for title in titles]
                         for name in names],
                        index=pd.Index(names, name="organisation", dtype="object"),
                        columns=titles, dtype="float64")
