"""Which column fills which field, settled: chosen, remembered, or guessed and checked.

    >>> settled = settle_mapping(frame, chosen={"owner": None}, people=names)
    >>> settled.mapping        # {"name": "Program Name", "owner": None, ...}
    >>> settled.questions      # [Question("name", ...)] when the name is not sure

A field the facilitator chose (``--map``, the view's pickers), or that a remembered mapping
for this layout holds, is taken as it is. Otherwise the title guess (``sheet_fields``) is
taken only when it is sure or likely *and* the column's cells look like the field
(``sheet_checks``); a weak guess is only suggested. A name or owner left open is a
question the preview asks (the import waits for the answer); another field left open is
a suggestion, and its column is listed with the columns not mapped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..i18n import _
from .sheet_checks import looks_wrong
from .sheet_fields import FIELDS, WEAK, guess_fields, survey_metadata

__all__ = ["ASKED", "Question", "Settled", "settle_mapping"]

ASKED = ("name", "owner")
"""Fields whose open guess is a question the import waits for."""


@dataclass(frozen=True)
class Question:
    """A field left open: ``suggested`` is the column a weak guess points at (or None),
    ``choices`` the sheet's columns, ``message`` the sentence the preview shows."""

    field: str
    message: str
    suggested: str | None = None
    choices: tuple[str, ...] = ()
    blocking: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "label": FIELDS[self.field], "suggested": self.suggested,
                "choices": list(self.choices), "message": self.message,
                "blocking": self.blocking}


@dataclass
class Settled:
    """The mapping to use, how each field was settled (``how``: field -> "chosen",
    "remembered", "sure", "likely"), the questions left, and the survey tool's columns
    about the respondent (never mapped by a guess)."""

    mapping: dict[str, str | None]
    how: dict[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    respondent: list[str] = field(default_factory=list)


def settle_mapping(frame: pd.DataFrame, *, chosen: Mapping[str, str | None] | None = None,
                   remembered: Mapping[str, str | None] | None = None,
                   people: Collection[str] = ()) -> Settled:
    """The mapping for ``frame`` (see the module's docstring); ``people`` are comparable
    names of the workbook's people (a name or owner column of them is not guessed)."""
    columns = [str(c) for c in frame.columns]
    settled = Settled(dict.fromkeys(FIELDS), respondent=sorted(survey_metadata(columns)))
    given: dict[str, str | None] = {}
    for source, how in ((remembered, "remembered"), (chosen, "chosen")):
        for fld, column in (source or {}).items():
            if fld in FIELDS:
                given[fld] = column or None
                settled.how[fld] = how
    taken = {c for c in given.values() if c}
    for fld, guess in guess_fields(columns).items():
        shared = fld == "name" and guess.column == given.get("owner")  # a provider list
        if fld in given or (guess.column in taken and not shared):
            continue
        wrong = looks_wrong(fld, frame[guess.column].tolist(), people=people)
        if guess.confidence == WEAK or wrong:
            title = _(FIELDS[fld]).lower()
            if wrong:
                message = _("Is {column} the {field}? It was not used because its cells look "
                            "like {wrong}. Choose the column that holds the {field}, or leave "
                            "it unmapped.").format(column=repr(guess.column), field=title,
                                                   wrong=wrong)
            else:
                message = _("Is {column} the {field}? It was not used because the guess is "
                            "weak ({why}). Choose the column that holds the {field}, or leave "
                            "it unmapped.").format(column=repr(guess.column), field=title,
                                                   why=guess.why)
            settled.questions.append(Question(
                fld, message, None if wrong else guess.column, tuple(columns),
                blocking=fld in ASKED))
            continue
        settled.mapping[fld] = guess.column
        settled.how[fld] = guess.confidence
        taken.add(guess.column)
    settled.mapping.update(given)
    if settled.mapping["name"] is None and "name" not in given and not any(
            q.field == "name" for q in settled.questions):
        settled.questions.append(Question(
            "name", _("No column title names the entries' names. Choose the column that "
                      "holds each entry's name."), None, tuple(columns)))
    settled.questions.sort(key=lambda q: (not q.blocking, list(FIELDS).index(q.field)))
    return settled


def unmapped_columns(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> list[str]:
    """The sheet's columns no field is filled from, in the sheet's order."""
    used = {c for c in mapping.values() if c}
    return [str(c) for c in frame.columns if str(c) not in used]
