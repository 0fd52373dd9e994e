"""The decision log: what was decided, under which agenda item, how, by whom, and why.

A decision belongs to a meeting and, when it came under one, to a timed agenda item of
that meeting. Who agreed and who stood aside are kept per person by the store (the
``decision_stance`` table). A later decision may supersede an earlier one: the later one
names it in ``supersedes_id``; the store finds the link the other way
(``Workbook.superseded_by``) and checks the chain runs forward in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import RequiredError, Sentence, ValidationError
from ..i18n import N_, Titles
from .base import Entity, choice, ref
from .base import text as free_text

__all__ = ["DECISION_METHODS", "STANCES", "Decision"]

DECISION_METHODS: Titles[str] = Titles({
    "consensus": N_("Consensus"),
    "vote": N_("Vote"),
    "chair": N_("Chair's call"),
    "not_recorded": N_("Not recorded (noted before the decision log)"),
})
"""How a decision was made; ``not_recorded`` marks decisions carried over from a plain list."""

STANCES: Titles[str] = Titles({"agreed": N_("Agreed"), "stood_aside": N_("Stood aside")})
"""Where a person stood on a decision."""


@dataclass(frozen=True, kw_only=True)
class Decision(Entity):
    """One decision of a meeting; ``text`` says what was decided, ``rationale`` why."""

    kind: ClassVar[str] = "decision"

    meeting_id: int = ref("meeting", required=True)
    agenda_item_id: int | None = ref("agenda_item")
    text: str = free_text(limit=2_000)  # required: checked below, in the field's own words
    method: str = choice(DECISION_METHODS, "consensus")
    rationale: str = free_text(limit=2_000)
    supersedes_id: int | None = ref("decision")

    def check(self) -> None:
        if not self.text.strip():
            raise RequiredError("decision", self.text,
                                Sentence(N_("Say in a sentence what was decided.")))
        if self.id is not None and self.supersedes_id == self.id:
            raise ValidationError("supersedes", self.supersedes_id,
                                  Sentence(N_(
                "The {field} {value} is this decision itself. Pick the earlier decision this "
                "one replaces.")))
