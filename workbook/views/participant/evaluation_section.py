"""The participant app's evaluation of the meeting: the short statements scored 1 to 5 and
one comment, kept in the participant's contribution and stored without their name.
"""

from __future__ import annotations

import ipywidgets as w

from ... import reference
from ...i18n import _
from ...model import STATEMENT_KEYS
from ..widgets.base import Status, heading, note
from .sections import SectionHost

__all__ = ["EvaluationSection"]


class EvaluationSection:
    """Score the meeting; handing it in again replaces the earlier answer in the draft."""

    def __init__(self, view: SectionHost, meeting_id: int | None) -> None:
        self.view = view
        self.meeting_id = meeting_id
        options = [(_("(skip)"), None), *((_("{score}: {words}").format(score=n, words=words), n)
                                       for n, words in reference.EVALUATION_SCALE.items())]
        self.scores = {key: w.Dropdown(description=reference.EVALUATION_STATEMENTS[key],
                                       options=options, value=None,
                                       style={"description_width": "24em"},
                                       layout=w.Layout(width="40em"))
                       for key in STATEMENT_KEYS}
        self.comment = w.Textarea(description=_("Anything else?"), rows=2,
                                  style={"description_width": "24em"},
                                  layout=w.Layout(width="52em"))
        self.button = w.Button(description=_("Keep my evaluation"), icon="check",
                               layout=w.Layout(width="fit-content"))
        self.status = Status()
        view.on_click(self.button, self.keep)
        self.widget = w.VBox([
            heading(_("How did the meeting go?"), 3),
            note(_("Your evaluation is stored without your name. Results are shown only once "
                   "three people have answered.")),
            *self.scores.values(), self.comment, self.button, self.status])
        if meeting_id is None:
            self.widget.layout.display = "none"

    def keep(self) -> None:
        scores = {key: box.value for key, box in self.scores.items()}
        self.view.act(lambda: self.view.draft.evaluate(self.meeting_id, scores,
                                                       self.comment.value),
                      done=_("Evaluation kept for your contribution (without your name)."),
                      where=self.status)
