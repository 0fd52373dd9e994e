"""How a sheet row's cells become an entry's fields: unmapped columns kept in the notes,
over-long text cut to the model's limit (said in the row), kinds and statuses read as the
map's choices.

    >>> kept = kept_columns(frame, mapping, ("*",))         # every unmapped column
    >>> said = keep_and_cut(values, kept, frame, row)         # "" or what was cut
    >>> entity = entity_from(values, owner, chosen_values)    # a Resource (model-checked)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import reference
from ..errors import ImportFileError, Sentence, shown
from ..i18n import N_
from ..model import Organisation, Resource
from .sheet_checks import STATUS_WORDS, choice_of, field_limit, kind_choice
from .sheet_fields import FIELDS
from .sheet_mapping import unmapped_columns

__all__ = ["entity_from", "keep_and_cut", "kept_columns"]


def kept_columns(frame: pd.DataFrame, mapping: Mapping[str, str | None],
                  keep: Sequence[str]) -> list[str]:
    """The unmapped columns whose cells go into the notes (``"*"``: all of them).

    Raises ImportFileError for a column that is mapped or not in the sheet.
    """
    unmapped = unmapped_columns(frame, mapping)
    if "*" in keep:
        return unmapped
    for column in keep:
        if column not in unmapped:
            raise ImportFileError(Sentence(
                N_("{column} is not an unmapped column of the sheet, so it cannot be kept in "
                   "the notes. Pick one of: {columns}.") if unmapped else
                N_("{column} is not an unmapped column of the sheet, so it cannot be kept in "
                   "the notes: every column is mapped."),
                column=shown(column), columns=", ".join(unmapped)))
    return list(keep)


def keep_and_cut(values: dict[str, str], kept: Sequence[str], frame: pd.DataFrame,
                  number: int) -> str:
    """Add the kept columns to the notes and cut over-long text cells to the model's
    limit; returns what the preview says about it ("" when nothing was done)."""
    if kept:
        extra = [f"{c}: {str(frame.at[number, c]).strip()}" for c in kept
                 if str(frame.at[number, c]).strip()]
        if extra:
            values["notes"] = "\n".join(filter(None, [values.get("notes", ""), *extra]))
    said = []
    for fld in ("notes", "eligibility", "referral", "target_group"):
        limit = field_limit(fld)
        text = values.get(fld, "")
        if limit and len(text) > limit:
            values[fld] = text[:limit - 1].rstrip() + "\u2026"
            said.append(f"{FIELDS[fld].lower()} cut to {limit:,} characters (the cell held "
                        f"{len(text):,}); keep the full text in a document and link to it")
    return "; ".join(said)


def entity_from(values: Mapping[str, str], owner: Organisation | None,
            chosen: Mapping[str, Mapping[str, str]]) -> Resource:
    """The entry a row's ``values`` (field -> text) make; the model's errors propagate."""
    fields: dict[str, Any] = {}
    for fld, value in values.items():
        if fld == "owner":
            fields["owner_id"] = owner.id if owner is not None else None
        elif fld == "resource_kind" and value:
            fields[fld] = kind_choice(value, chosen.get(fld)) or value.strip()
        elif fld == "status" and value:
            fields[fld] = choice_of(value, reference.RESOURCE_STATUSES, STATUS_WORDS,
                                    chosen.get(fld)) or value.strip()
        elif value or fld not in ("resource_kind", "status", "found_on"):
            fields[fld] = value
    return Resource(**fields)
