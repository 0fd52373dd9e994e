"""The two editions of a summary: the partners' summary and the facilitator's record.

    >>> from workbook.export.editions import edition_of, for_edition
    >>> partners = for_edition(summary, "partners")

The facilitator's record holds everything ``build_summary`` gathers. The partners' summary
leaves out what is written for the facilitator: the momentum warnings (advice on running
the partnership, such as "The employers should lead; invite them back"), the facilitator's
notes of the meeting, the comments of the meeting unless the facilitator marked them to
share (``Comment.shared``), and the open comments of the evaluation (anonymous and not
moderated). The momentum figures and the evaluation's scores stay.
"""

from __future__ import annotations

import dataclasses

from ..errors import ExportError, Sentence, shown
from ..i18n import N_
from .records import EDITIONS, Summary

__all__ = ["EDITIONS", "edition_of", "for_edition", "for_partners"]

UNKNOWN_EDITION = N_("edition: {value} is not an edition. Give 'partners' (what partners "
                      "receive) or 'facilitator' (the full record).")


def edition_of(value: str | None) -> str:
    """The edition key for ``value`` (``None`` is the partners' summary).

    Raises ``ExportError`` naming the editions for anything else.
    """
    if value is None:
        return "partners"
    key = value.strip().lower()
    if key not in EDITIONS:
        raise ExportError(Sentence(UNKNOWN_EDITION, value=shown(value)))
    return key


def for_partners(summary: Summary) -> Summary:
    """``summary`` without what only the facilitator should read."""
    momentum = summary.momentum
    if momentum is not None and momentum.warnings:
        momentum = (dataclasses.replace(momentum, warnings=()) if momentum.indicators
                    else None)
    evaluation = summary.evaluation
    if evaluation is not None and evaluation.result.comments:
        evaluation = dataclasses.replace(
            evaluation, result=dataclasses.replace(evaluation.result, comments=()))
    shared = tuple(c for c in summary.comments if c.shared)
    return dataclasses.replace(summary, edition="partners", momentum=momentum,
                               evaluation=evaluation, notes="", comments=shared)


def for_edition(summary: Summary, edition: str | None) -> Summary:
    """``summary`` as the given edition (``"partners"`` or ``"facilitator"``)."""
    key = edition_of(edition)
    if key == "partners":
        return for_partners(summary)
    return dataclasses.replace(summary, edition="facilitator")
