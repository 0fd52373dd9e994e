"""The close-of-meeting evaluation on the facilitator's screen, passed around the room.

One person at a time: the form is covered between people (``PrivateTurn``); the next
person uncovers it, scores the short statements from 1 to 5 (or skips one), may leave a
comment, and presses "Hand in": the answer is stored without a name, the form clears and
is covered again. The room sees only how many have answered: the averages stay hidden
until the facilitator presses "Show the results" (and even then only once three people
have answered, so nobody's answer can be picked out), so early answers bias nobody.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...analyses.evaluation import evaluate
from ...i18n import N_, _, format_number, ngettext
from ...model import STATEMENT_KEYS, EvaluationAnswer
from ..widgets.base import View, heading
from ..widgets.private_turn import PrivateTurn
from ..widgets.tables import html_table

__all__ = ["EvaluationPanel"]

SKIP = N_("(skip)")


def _score_options() -> list[tuple[str, Any]]:
    return [(_(SKIP), None), *((f"{n}: {words}", n)
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
        self.comment = w.Textarea(description=_("Anything else?"), rows=2,
                                  style={"description_width": "26em"},
                                  layout=w.Layout(width="60em"))
        self.hand_in = w.Button(description=_("Hand in (anonymous)"), icon="inbox",
                                button_style="primary")
        self.results = w.HTML()
        self.revealed = False
        self.reveal_button = w.Button(description=_("Show the results to the room"),
                                      icon="eye")
        self.hide_button = w.Button(description=_("Hide the results"), icon="eye-slash")
        view.on_click(self.hand_in, self.submit)
        view.on_click(self.reveal_button, lambda: self.reveal(True))
        view.on_click(self.hide_button, lambda: self.reveal(False))
        self.form = w.VBox([*self.scores.values(), self.comment, w.HBox([self.hand_in])])
        self.turn = PrivateTurn(self.form, on_leave=self.clear)
        self.reveal_row = w.HBox([self.reveal_button, self.hide_button])
        view.on_click(self.turn.begin_button, self.view.status.clear)  # a new person: no old line
        self.widget = w.VBox([
            heading(_("How did this meeting go?"), 3),
            w.HTML(_("<p>Pass the laptop around. Each answer carries no name and is hidden "
                   "from the room; the results stay hidden until the facilitator shows "
                   "them.</p>")),
            self.turn.widget, self.results, self.reveal_row])

    def load(self, meeting_id: int | None) -> None:
        if meeting_id != self.meeting_id:
            self.revealed = False
        self.meeting_id = meeting_id
        self.refresh()

    def reveal(self, shown: bool) -> None:
        """Show the results to the room (or hide them again)."""
        self.revealed = shown
        self.refresh()
        if shown:
            self.view.status.ok(_("The results are on the screen.") if self._shown() else
                                _("Too few answers to show any results yet: they show once "
                                "three people have answered."))
        else:
            self.view.status.ok(_("The results are hidden from the room."))

    def _shown(self) -> bool:
        return self.meeting_id is not None and evaluate(self.view.wb, self.meeting_id).shown

    def refresh(self) -> None:
        self.reveal_button.layout.display = "none" if self.revealed else None
        self.hide_button.layout.display = None if self.revealed else "none"
        if self.meeting_id is None:
            self.results.value = ""
            return
        result = evaluate(self.view.wb, self.meeting_id)
        if not self.revealed:
            self.results.value = (ngettext(
                "<p role=\"status\">{count} answer handed in so far. The results stay hidden "
                "until you show them.</p>",
                "<p role=\"status\">{count} answers handed in so far. The results stay hidden "
                "until you show them.</p>", result.answers).format(
                    count=format_number(result.answers)))
            return
        parts = [f"<p>{html.escape(result.words)}</p>"]
        if result.shown:
            parts.append(html_table(
                [_("Statement"), _("Mean (1 to 5)"), _("Scored by")],
                [(s.statement, f"{s.mean:.1f}" if s.mean is not None else "–", s.scored)
                 for s in result.scores], caption=_("Evaluation of this meeting")))
        self.results.value = "".join(parts)

    def clear(self) -> None:
        """Empty the form (after an answer, or when the laptop goes back unanswered)."""
        for box in self.scores.values():
            box.value = None
        self.comment.value = ""

    def submit(self) -> None:
        """Store one anonymous answer and clear the form for the next person."""
        if self.meeting_id is None:
            self.view.status.error(_("Start or pick a meeting first; nothing was stored."))
            return
        meeting_id = self.meeting_id
        values = {key: box.value for key, box in self.scores.items()}
        comment = self.comment.value
        stored = self.view.run(
            lambda: self.view.wb.add(EvaluationAnswer(meeting_id=meeting_id, comment=comment,
                                                      **values)),
            done=_("Thank you: your answer is stored without your name. Pass the laptop on."))
        if stored is not None:
            self.clear()
            self.turn.end()
            self.view.place_status(self.turn.begin_button)  # the form is covered now
        self.refresh()
