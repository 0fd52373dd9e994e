"""The quick poll of the live room panel: one question, choices or a 1-5 scale.

Opening a poll puts it on the phones; answers come in anonymously and are counted as they
arrive, but the projected screen (and the phones) show the results only after "Reveal the
poll results". Opening another poll replaces it.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ...i18n import _
from ...live import polls

__all__ = ["PollPanel", "results_html"]


def results_html(poll: dict[str, Any], results: list[dict[str, Any]], *, revealed: bool,
                 answers: int) -> str:
    """What the projected screen shows of a poll: the question, then the counts as bars
    once ``revealed``, else only how many answered. Escaped."""
    head = f"<p style='font-size: 1.3em'><strong>{html.escape(poll['question'])}</strong></p>"
    if not revealed:
        return head + (_("<p role='status'>{answers} answered so far. The results show when "
                         "you reveal them.</p>").format(answers=answers))
    total = sum(r["count"] for r in results) or 1
    rows = "".join(
        f"<li>{html.escape(r['label'])}: <strong>{r['count']}</strong> "
        f"<span aria-hidden='true' style='display: inline-block; height: 0.8em; "
        f"background: #0b4f8a; width: {round(12 * r['count'] / total, 2)}em'></span></li>"
        for r in results)
    return head + f"<ol role='status'>{rows}</ol>"


class PollPanel:
    """The poll controls and result of ``panel`` (a ``live_room.LiveRoomPanel``, which
    places this one: typed loosely so the two modules do not import each other)."""

    def __init__(self, panel: Any) -> None:
        self.panel = panel
        self.question = w.Text(description=_("Question"),
                               placeholder=_("One question for the room"),
                               layout=w.Layout(width="40em"))
        self.choices = w.Textarea(description=_("Choices"),
                                  placeholder=_("One a line, 2 to 8; none for a 1-5 scale"),
                                  layout=w.Layout(width="40em", height="7em"))
        self.open_button = w.Button(description=_("Open the poll on the phones"), icon="bar-chart",
                                    layout=w.Layout(width="fit-content"))
        self.reveal_button = w.Button(description=_("Reveal the poll results"), icon="eye",
                                      layout=w.Layout(width="fit-content"))
        self.result = w.HTML()
        panel.view.on_click(self.open_button, self.open)
        panel.view.on_click(self.reveal_button, self.reveal)
        self.widget = w.VBox([w.HTML(_("<h4>Quick poll</h4>")), self.question, self.choices,
                              w.HBox([self.open_button, self.reveal_button]), self.result])
        self.refresh()

    @property
    def poll(self) -> dict[str, Any] | None:
        session = self.panel.session
        poll = session.published.get("poll") if session is not None else None
        return dict(poll) if poll else None

    def results(self) -> tuple[list[dict[str, Any]], int]:
        """The counts from the rows shown (each phone's last answer) and how many phones."""
        poll = self.poll
        if poll is None:
            return [], 0
        answers = [(i.voter, i.payload) for i in self.panel.items
                   if i.kind == "poll" and i.status != "rejected"]
        counted = polls.tally(poll, answers)
        return counted, sum(r["count"] for r in counted)

    def refresh(self) -> None:
        """Show the poll as it stands (results only once revealed)."""
        live = self.panel.session is not None and self.panel.session.state == "open"
        self.open_button.disabled = not live
        poll = self.poll
        self.reveal_button.disabled = not live or poll is None or bool(poll.get("revealed"))
        if poll is None:
            self.result.value = _("<p>No poll is open.</p>")
            return
        counted, answers = self.results()
        self.result.value = results_html(poll, counted, revealed=bool(poll.get("revealed")),
                                         answers=answers)

    def open(self) -> None:
        """Put the question on the phones (replacing the last poll)."""
        session = self.panel.session
        if session is None:
            return
        lines = [line for line in self.choices.value.splitlines() if line.strip()]
        opened = self.panel.view.run(
            lambda: self.panel.room.open_poll(self.panel.view.wb, session, self.question.value,
                                              lines or None),
            done=_("The poll is on the phones; its results stay hidden until you reveal them."))
        if opened is not None:
            self.panel.session = opened
            self.refresh()

    def reveal(self) -> None:
        """Show the results here and on the phones."""
        session = self.panel.session
        if session is None:
            return
        revealed = self.panel.view.run(
            lambda: self.panel.room.reveal_poll(self.panel.view.wb, session),
            done=_("The poll results are shown, here and on the phones."))
        if revealed is not None:
            self.panel.session = revealed
            self.refresh()
