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

from ...i18n import _, format_date, format_time, ngettext
from ...store import Step, Workbook
from ...store.words import source_words


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
        return _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("{count} minute ago", "{count} minutes ago", minutes).format(
            count=minutes)
    clock = format_time(stamp).replace("\u00a0", " ")
    if stamp.date() == now.date():
        return _("today at {time}").format(time=clock)
    return _("on {date} at {time}").format(date=format_date(stamp), time=clock)


def _who(step: Step, me: str) -> str:
    if step.author is None:
        return _("someone (before changes were signed)")
    return _("you") if step.author == me else step.author


def describe_step(step: Step, me: str, now: dt.datetime | None = None) -> str:
    """One sentence a person reads before an Undo (plain text; escape it to show it)."""
    values = {"label": step.label, "who": _who(step, me),
              "when": when_text(step.changed_at, now), "where": source_words(step.source),
              "what": step.what()}
    if step.source:
        return _("{label} — made by {who} {when} in {where} ({what}).").format(**values)
    return _("{label} — made by {who} {when} ({what}).").format(**values)


class UndoPanel:
    """The Undo button of a view, its question and its answer buttons."""

    def __init__(self, view: _Host) -> None:
        self.view = view
        self.button = w.Button(description=_("Undo…"), icon="undo",
                               tooltip=_("See your last change in this workbook and take it "
                                         "back"))
        # The question is built the first time Undo… is pressed (``_asking``): most views
        # are built, used and closed without anyone undoing anything.
        self._question: tuple[w.HTML, w.Button, w.Button, w.Button, w.VBox] | None = None
        self.widget = w.VBox([w.HBox([self.button])])
        self._mine: int | None = None
        self._theirs: int | None = None
        view.on_click(self.button, self.ask)

    def _asking(self) -> tuple[w.HTML, w.Button, w.Button, w.Button, w.VBox]:
        """(text, "Yes, undo it", "Undo theirs instead", "Keep it", their box), built and
        placed under the button when first needed; hidden until ``ask`` shows them."""
        if self._question is None:
            text = w.HTML()
            confirm = w.Button(description=_("Yes, undo it"), button_style="warning")
            theirs = w.Button(description=_("Undo theirs instead"),
                              layout=w.Layout(display="none", width="auto"))
            keep = w.Button(description=_("Keep it"))
            question = w.VBox([text, w.HBox([confirm, theirs, keep])],
                              layout=w.Layout(display="none"))
            question.add_class("pwb-confirm")
            self._question = (text, confirm, theirs, keep, question)
            self.widget.children = (*self.widget.children, question)
            self.view.on_click(confirm, lambda: self.undo(theirs=False))
            self.view.on_click(theirs, lambda: self.undo(theirs=True))
            self.view.on_click(keep, self.keep)
        return self._question

    @property
    def text(self) -> w.HTML:
        return self._asking()[0]

    @property
    def confirm_button(self) -> w.Button:
        return self._asking()[1]

    @property
    def theirs_button(self) -> w.Button:
        return self._asking()[2]

    @property
    def keep_button(self) -> w.Button:
        return self._asking()[3]

    @property
    def question(self) -> w.VBox:
        return self._asking()[4]

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
            self.view.status.warn(_("There is nothing left to undo in this workbook.")
                                  if wb.steps(1) else
                                  _("There is nothing to undo in this workbook yet."))
            return
        me = wb.author
        parts = []
        if mine is not None:
            parts.append(_("Undo this step? {step}").format(step=describe_step(mine, me)))
        else:
            parts.append(_("You have no change of your own to undo."))
        if self._theirs is not None and newest is not None:
            parts.append(_("A newer change is someone else's: {step} It stays unless you "
                           "choose to undo theirs instead.").format(
                               step=describe_step(newest, me)))
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
                             done=lambda step: _("Undone: {label}.").format(label=step.label))

    def keep(self) -> None:
        """Close the question without changing anything."""
        if self._question is not None:
            self._question[4].layout.display = "none"
