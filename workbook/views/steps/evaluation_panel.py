"""The close-of-meeting evaluation on the facilitator's screen, passed around the room.

Each person scores the short statements from 1 to 5 (or skips one), may leave a comment,
and presses "Hand in": the answer is stored without a name and the form clears for the
next person. Results appear only once three people have answered.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...analyses.evaluation import evaluate
from ...model import STATEMENT_KEYS, EvaluationAnswer
from ..widgets.base import View, heading
from ..widgets.tables import html_table

__all__ = ["EvaluationPanel"]

SKIP = "(skip)"


def _score_options() -> list[tuple[str, Any]]:
    return [(SKIP, None), *((f"{n}: {words}", n)
                            for n, words in reference.EVALUATION_SCALE.items())]


class EvaluationPanel:
    """Anonymous evaluation answers for the meeting a view has picked."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.meeting_id: int | None = None
        self.scores = {key: w.Dropdown(description=reference.EVALUATION_STATEMENTS[key],
                                       options=_score_options(), value=None,
                                       style={"description_width": "26em"},
                                       layout=w.Layout(width="44em"))
                       for key in STATEMENT_KEYS}
        self.comment = w.Textarea(description="Anything else?", rows=2,
                                  style={"description_width": "26em"},
                                  layout=w.Layout(width="60em"))
        self.hand_in = w.Button(description="Hand in (anonymous)", icon="inbox",
                                button_style="primary")
        self.results = w.HTML()
        view.on_click(self.hand_in, self.submit)
        self.widget = w.VBox([
            heading("How did this meeting go?", 3),
            w.HTML("<p>Pass the screen around. Your answer carries no name; the form clears "
                   "for the next person. Results show once three people have answered.</p>"),
            *self.scores.values(), self.comment, self.hand_in, self.results])

    def load(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def refresh(self) -> None:
        if self.meeting_id is None:
            self.results.value = ""
            return
        result = evaluate(self.view.wb, self.meeting_id)
        parts = [f"<p>{html.escape(result.words)}</p>"]
        if result.shown:
            parts.append(html_table(
                ["Statement", "Mean (1 to 5)", "Scored by"],
                [(s.statement, f"{s.mean:.1f}" if s.mean is not None else "–", s.scored)
                 for s in result.scores], caption="Evaluation of this meeting"))
        self.results.value = "".join(parts)

    def submit(self) -> None:
        """Store one anonymous answer and clear the form for the next person."""
        if self.meeting_id is None:
            self.view.status.error("Start or pick a meeting first; nothing was stored.")
            return
        meeting_id = self.meeting_id
        values = {key: box.value for key, box in self.scores.items()}
        comment = self.comment.value
        stored = self.view.run(
            lambda: self.view.wb.add(EvaluationAnswer(meeting_id=meeting_id, comment=comment,
                                                      **values)),
            done="Thank you: your answer is stored without your name. Pass the screen on.")
        if stored is not None:
            for box in self.scores.values():
                box.value = None
            self.comment.value = ""
        self.refresh()
