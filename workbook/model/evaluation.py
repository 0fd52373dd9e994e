"""The meeting evaluation: anonymous answers to short statements, scored 1 to 5.

An answer names no one: it holds the meeting, one score (or none, when skipped) per
statement of ``reference.EVALUATION_STATEMENTS``, and an open comment. Results are shown
only once ``MIN_ANSWERS`` people answered (``analyses.evaluation``), so nobody's answer
can be picked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .. import reference as ref_data
from ..errors import Sentence, ValidationError
from ..i18n import N_
from .base import Entity, integer, ref, text

__all__ = ["MIN_ANSWERS", "STATEMENT_KEYS", "EvaluationAnswer"]

MIN_ANSWERS = 3
"""Fewer answers than this and no result of the evaluation is shown."""

STATEMENT_KEYS: tuple[str, ...] = tuple(ref_data.EVALUATION_STATEMENTS)


def _score() -> int | None:
    return integer(None, low=1, high=5)


@dataclass(frozen=True, kw_only=True)
class EvaluationAnswer(Entity):
    """One person's anonymous evaluation of meeting ``meeting_id``."""

    kind: ClassVar[str] = "evaluation"

    meeting_id: int = ref("meeting", required=True)
    objective_met: int | None = _score()
    voices_heard: int | None = _score()
    decisions_clear: int | None = _score()
    time_well_used: int | None = _score()
    worth_our_time: int | None = _score()
    ready_to_act: int | None = _score()
    trust_growing: int | None = _score()
    comment: str = text(limit=1_000)

    def scores(self) -> dict[str, int | None]:
        """Statement key to score (None when skipped), in the order of the statements."""
        return {key: getattr(self, key) for key in STATEMENT_KEYS}

    def check(self) -> None:
        if all(v is None for v in self.scores().values()) and not self.comment.strip():
            raise ValidationError("evaluation", None, Sentence(N_(
                "The {field} is empty. Score at least one statement or leave a comment.")))
