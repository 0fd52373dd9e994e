"""Which column of a readings sheet holds what: guessed, remembered or chosen.

    >>> mapping = resolve_mapping(wb, columns, outcomes, chosen={"Period": "date"})
    >>> mapping.targets        # {"Period": "date", "Placed %": "outcome:3", "Notes": "note"}
    >>> mapping.remembered     # sheet_memory.RememberedLayout or None

A column's *target* is one of ``READING_FIELDS`` (``date``, ``outcome``, ``value``, ``text``,
``reported_by``, ``organisation``, ``source``, ``note``), ``outcome:<id>`` (the column
holds that outcome's readings: the one-column-per-outcome layout), ``""`` (left out on
purpose) or None (not mapped: asked about when it could hold readings). The guess reads
the column titles (``readings_sheet`` documents the words); a mapping confirmed by an
import is remembered for the header's signature (``sheet_memory``, kind ``readings``) and
used for the next file with the same columns; what the facilitator chooses (the view's
column pickers, ``--map``) wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ImportFileError, shown
from ..i18n import N_, _
from ..model import Outcome
from ..store import Workbook
from .sheet_memory import READINGS, RememberedLayout, layout_signature, recall_layout

__all__ = ["FIELD_TITLES", "OUTCOME", "READING_FIELDS", "ReadingsMapping", "guess_targets",
           "outcome_target", "resolve_mapping", "target_from_text"]

READING_FIELDS = ("date", "outcome", "value", "text", "reported_by", "organisation",
                  "source", "note")
FIELD_TITLES = {"date": N_("Date"), "outcome": N_("Outcome (its description)"),
                "value": N_("Value"), "text": N_("Reading in words"),
                "reported_by": N_("Reported by"), "organisation": N_("Organization"),
                "source": N_("Source"), "note": N_("Note")}
"""What each field is called in the view (translate with ``_`` when shown)."""
OUTCOME = "outcome:"
"""Prefix of a target naming one outcome: ``outcome:3``."""
_SKIP = "skip:"  # a left-out column, as remembered: {"skip:Notes": "Notes"}

DATE_WORDS = ("date", "readon", "day", "month", "asof", "period", "when", "reportedon",
              "quarter", "dateread", "periodending", "periodend", "quarterending",
              "reportingperiod", "fecha", "periodo", "mes", "trimestre", "datum", "data",
              "periode", "période", "stichtag")
LONG_WORDS: dict[str, tuple[str, ...]] = {
    "outcome": ("outcome", "measure", "indicator", "outcomedescription", "metric",
                "resultado", "indicador"),
    "value": ("value", "reading", "figure", "number", "result", "amount", "valor", "cifra"),
    "text": ("text", "words", "inwords", "comment", "texto"),
    "reported_by": ("reportedby", "reporter", "who", "person", "informadopor"),
    "organisation": ("organisation", "organization", "partner", "org", "organizacion",
                     "organización"),
    "source": ("source", "from", "datasource", "fuente"),
    "note": ("note", "notes", "remarks", "comments", "nota", "notas", "footnote",
             "footnotes", "comentarios", "observaciones"),
}


def fold(text: str) -> str:
    """A title or description compared as people read it (case, spaces, marks aside)."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


def outcome_target(outcome_id: int) -> str:
    """The target of a column holding one outcome's readings."""
    return f"{OUTCOME}{outcome_id}"


@dataclass
class ReadingsMapping:
    """The columns of a readings sheet and what each holds (see the module's docstring).

    ``how``: column -> ``"guessed"``, ``"remembered"`` or ``"chosen"``; ``signature``: the
    header's (``sheet_memory.layout_signature``); ``remembered``: the remembered mapping
    used, if any.
    """

    columns: list[str]
    targets: dict[str, str | None]
    how: dict[str, str] = field(default_factory=dict)
    signature: str = ""
    remembered: RememberedLayout | None = None

    @property
    def long(self) -> bool:
        """One row per reading: an outcome column and a value column."""
        values = set(self.targets.values())
        return "outcome" in values and "value" in values

    def column_of(self, target: str) -> str | None:
        """The (first) column holding ``target``, or None."""
        return next((c for c in self.columns if self.targets.get(c) == target), None)

    def outcome_columns(self) -> list[tuple[str, int]]:
        """(column, outcome id) of the columns holding one outcome's readings."""
        return [(c, int(t[len(OUTCOME):])) for c in self.columns
                if (t := self.targets.get(c)) and t.startswith(OUTCOME)]

    def unmapped(self) -> list[str]:
        """Columns mapped to nothing (neither a target nor left out)."""
        return [c for c in self.columns if self.targets.get(c) is None and c.strip()]

    def to_store(self) -> dict[str, str | None]:
        """The mapping as remembered: target -> column (a left-out column as
        ``skip:<column>``); columns not mapped are not kept."""
        kept: dict[str, str | None] = {}
        for column in self.columns:
            target = self.targets.get(column)
            if target == "":
                kept[f"{_SKIP}{column}"[:200]] = column
            elif target is not None and target not in kept:
                kept[target] = column
        return kept

    def to_json(self) -> dict[str, Any]:
        """``mapping`` (column -> target or None), ``mapped_how``, ``unmapped_columns``."""
        return {"mapping": dict(self.targets), "mapped_how": dict(self.how),
                "unmapped_columns": self.unmapped()}


def guess_targets(columns: Sequence[str], outcomes: Mapping[str, Outcome]) -> dict[str, str | None]:
    """Each column's target read from its title alone (``outcomes``: by folded
    description)."""
    folded = [fold(c) for c in columns]
    targets: dict[str, str | None] = dict.fromkeys(columns)
    date = next((c for c, f in zip(columns, folded, strict=True) if f in DATE_WORDS), None)
    if date is not None:
        targets[date] = "date"
    named = {key: next((c for c, f in zip(columns, folded, strict=True)
                        if f in words and targets[c] is None), None)
             for key, words in LONG_WORDS.items()}
    long = named["outcome"] is not None and named["value"] is not None
    for column, f in zip(columns, folded, strict=True):
        if targets[column] is not None:
            continue
        outcome = outcomes.get(f)
        if outcome is not None and outcome.id is not None and not long:
            targets[column] = outcome_target(outcome.id)
    for key, named_column in named.items():
        if named_column is not None and targets[named_column] is None and \
                (long or key not in ("outcome", "value", "text")):
            targets[named_column] = key
    return targets


def _from_store(kept: Mapping[str, str | None], columns: Sequence[str],
                outcome_ids: set[int]) -> dict[str, str | None]:
    targets: dict[str, str | None] = {}
    for target, column in kept.items():
        if column is None or column not in columns:
            continue
        if target.startswith(_SKIP):
            targets[column] = ""
        elif target in READING_FIELDS:
            targets[column] = target
        elif target.startswith(OUTCOME) and target[len(OUTCOME):].isdigit():
            # An outcome deleted since: the column is asked about again.
            targets[column] = target if int(target[len(OUTCOME):]) in outcome_ids else None
    return targets


def check_target(target: str | None, outcome_ids: set[int], column: str) -> str | None:
    """``target`` if it is one a column can have; ImportFileError naming the choices."""
    if target is None or target == "" or target in READING_FIELDS:
        return target
    if target.startswith(OUTCOME) and target[len(OUTCOME):].isdigit() \
            and int(target[len(OUTCOME):]) in outcome_ids:
        return target
    raise ImportFileError(_(
        "{target} is not something a column of readings can hold ({column}). Choose one of "
        "{fields}, an outcome of this workbook, or nothing to leave the column out.").format(
        target=shown(str(target), 60), column=shown(column, 60),
        fields=", ".join(READING_FIELDS)))


def target_from_text(text: str, outcomes: Iterable[Outcome]) -> str:
    """What ``--map COLUMN=WHAT`` names: a field, an outcome (by description or ``#id``) or
    nothing (""); ImportFileError when it is none of these."""
    what = text.strip()
    if not what or what in READING_FIELDS:
        return what
    listed = [o for o in outcomes if o.id is not None]
    if what.startswith("#") and what[1:].isdigit():
        found = next((o for o in listed if o.id == int(what[1:])), None)
    else:
        found = next((o for o in listed if fold(o.description) == fold(what)), None)
    if found is None or found.id is None:
        raise ImportFileError(_(
            "--map: {what} is neither a field ({fields}) nor an outcome of this workbook "
            "(write its description as the workbook has it).").format(
            what=shown(what, 60), fields=", ".join(READING_FIELDS)))
    return outcome_target(found.id)


def resolve_mapping(wb: Workbook, columns: Sequence[str], outcomes: Mapping[str, Outcome], *,
                    chosen: Mapping[str, str | None] | None = None,
                    remember: bool = True) -> ReadingsMapping:
    """The targets of ``columns``: the guess, overlaid by the mapping remembered for this
    header (unless ``remember`` is False), overlaid by ``chosen`` (column -> target).

    A field (date, value ...) held by a chosen column is taken from any other column,
    which is then not mapped. Raises ImportFileError for a chosen column the sheet does not
    have or a target no column can hold.
    """
    columns = [str(c) for c in columns]
    outcome_ids = {o.id for o in outcomes.values() if o.id is not None}
    targets = guess_targets(columns, outcomes)
    how = {c: "guessed" for c, t in targets.items() if t is not None}
    remembered = recall_layout(wb, columns, READINGS) if remember else None
    if remembered is not None:
        for column, target in _from_store(remembered.mapping, columns, outcome_ids).items():
            targets[column], how[column] = target, "remembered"
    for column, target in (chosen or {}).items():
        if column not in targets:
            raise ImportFileError(_("{column} is not a column of this sheet; choose one of "
                                    "its columns.").format(column=shown(str(column), 60)))
        target = check_target(target, outcome_ids, column)
        if target in READING_FIELDS:
            for other, held in targets.items():
                if held == target and other != column:
                    targets[other] = None
                    how.pop(other, None)
        targets[column], how[column] = target, "chosen"
    return ReadingsMapping(columns, targets, {c: h for c, h in how.items()
                                              if targets.get(c) is not None},
                           layout_signature(columns, READINGS), remembered)
