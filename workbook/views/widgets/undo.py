"""Undo that says what it does: the panel at the foot of every view.

"Undo…" first shows the step it would take back (its label, who made it, when, from
where, how many records) and acts only when "Yes, undo it" is pressed. It takes back the
newest step of the person at the keyboard (on a shared database, another facilitator's
newer change stays, and is named); "Undo theirs instead" is the explicit choice to take
back that one. What was shown is what is undone, even if more happened meanwhile.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as w

from ...store import Step, Workbook


class _Host(Protocol):
    """What the panel needs of the view it sits in (``base.View``)."""

    wb: Workbook
    status: Any

    def on_click(self, button: w.Button, handler: Callable[[], Any]) -> None: ...

    def run(self, action: Callable[[], Any], *, done: Any) -> Any: ...

__all__ = ["UndoPanel", "describe_step", "when_text"]


def when_text(stamp: dt.datetime, now: dt.datetime | None = None) -> str:
    """``just now``, ``3 minutes ago``, ``today at 9:05 AM``, ``on January 21, 2027 at
    9:05 AM``."""
    now = now or dt.datetime.now()
    seconds = (now - stamp).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    clock = stamp.strftime("%I:%M %p").lstrip("0")
    if stamp.date() == now.date():
        return f"today at {clock}"
    return f"on {stamp.strftime('%B')} {stamp.day}, {stamp.year} at {clock}"


def _who(step: Step, me: str) -> str:
    if step.author is None:
        return "someone (before changes were signed)"
    return "you" if step.author == me else step.author


def describe_step(step: Step, me: str, now: dt.datetime | None = None) -> str:
    """One sentence a person reads before an Undo (plain text; escape it to show it)."""
    where = f" in {step.source}" if step.source else ""
    return (f"{step.label} — made by {_who(step, me)} {when_text(step.changed_at, now)}"
            f"{where} ({step.what()}).")


class UndoPanel:
    """The Undo button of a view, its question and its answer buttons."""

    def __init__(self, view: _Host) -> None:
        self.view = view
        self.button = w.Button(description="Undo…", icon="undo",
                               tooltip="See your last change in this workbook and take it "
                                       "back")
        self.text = w.HTML()
        self.confirm_button = w.Button(description="Yes, undo it", button_style="warning")
        self.theirs_button = w.Button(description="Undo theirs instead",
                                      layout=w.Layout(display="none", width="auto"))
        self.keep_button = w.Button(description="Keep it")
        self.question = w.VBox([self.text, w.HBox([self.confirm_button, self.theirs_button,
                                                   self.keep_button])],
                               layout=w.Layout(display="none"))
        self.question.add_class("pwb-confirm")
        self.widget = w.VBox([w.HBox([self.button]), self.question])
        self._mine: int | None = None
        self._theirs: int | None = None
        view.on_click(self.button, self.ask)
        view.on_click(self.confirm_button, lambda: self.undo(theirs=False))
        view.on_click(self.theirs_button, lambda: self.undo(theirs=True))
        view.on_click(self.keep_button, self.keep)

    def ask(self) -> None:
        """Show what Undo would take back; nothing changes yet."""
        wb = self.view.wb
        mine = wb.undo_candidate()
        newest = wb.undo_candidate(anyone=True)
        self._mine = mine.batch if mine is not None else None
        self._theirs = (newest.batch if newest is not None
                        and (mine is None or newest.batch != mine.batch) else None)
        if mine is None and newest is None:
            self.keep()
            self.view.status.warn("There is nothing left to undo in this workbook."
                                  if wb.steps(1) else
                                  "There is nothing to undo in this workbook yet.")
            return
        me = wb.author
        parts = []
        if mine is not None:
            parts.append(f"Undo this step? {describe_step(mine, me)}")
        else:
            parts.append("You have no change of your own to undo.")
        if self._theirs is not None and newest is not None:
            parts.append(f"A newer change is someone else's: {describe_step(newest, me)} "
                         "It stays unless you choose to undo theirs instead.")
        self.text.value = "".join(f'<p class="pwb-warn">{html.escape(p)}</p>' for p in parts)
        self.confirm_button.layout.display = None if mine is not None else "none"
        self.theirs_button.layout.display = None if self._theirs is not None else "none"
        self.question.layout.display = None
        self.view.status.clear()
        (self.confirm_button if mine is not None else self.keep_button).focus()

    def undo(self, *, theirs: bool) -> Any:
        """Take back the step shown (``theirs``: the other person's newest)."""
        batch = self._theirs if theirs else self._mine
        self.keep()
        if batch is None:
            return None
        return self.view.run(lambda: self.view.wb.undo(batch, theirs=theirs),
                             done=lambda step: f"Undone: {step.label}.")

    def keep(self) -> None:
        """Close the question without changing anything."""
        self.question.layout.display = "none"
