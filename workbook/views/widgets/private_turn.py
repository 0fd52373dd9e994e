"""A private turn at a shared screen: one person answers while the form is theirs alone.

The evaluation and a paper-style ballot are entered on the projected laptop one person
at a time. Between people the form is covered ("Next person: press Begin"), so the room
never sees a filled-in form; ``begin`` uncovers it for one person, ``end`` covers it
again once their answer is stored (the caller clears the inputs first). Nothing is kept
here: it only decides what shows.

While a participant holds the laptop the form fills the whole window (the
``pwb-laptop-turn`` class, in the view's style sheet): the facilitator's controls (Undo,
the other tabs and items, the inbox, the answers so far) are behind it, out of reach.
One button, "Give the laptop back to the facilitator", leaves without handing anything
in: ``on_leave`` clears what was typed, then the form is covered again.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ...i18n import N_, _

__all__ = ["HANDED_CLASS", "PrivateTurn"]

HANDED_CLASS = "pwb-laptop-turn"
"""The class the turn's widget has while a participant holds the laptop."""


class PrivateTurn:
    """Covers ``form`` between people; ``widget`` holds the cover and the form.

    ``on_leave()`` is called when the participant gives the laptop back without handing
    in (clear the inputs there); errors it raises propagate.
    """

    def __init__(self, form: w.Widget, *, who: str = N_("person"),
                 begin_label: str = N_("Begin my answer (the screen is yours)"),
                 on_leave: Callable[[], None] | None = None) -> None:
        self.form = form
        self.on_leave = on_leave
        self.note = w.HTML(
            _("<p role=\"status\">Next {who}: take the laptop and press the button. Your answer "
              "is not shown to the room and clears once you hand it in.</p>").format(
                  who=html.escape(_(who))))
        self.begin_button = w.Button(description=_(begin_label), icon="user-secret",
                                     button_style="primary")
        self.begin_button.on_click(lambda _b: self.begin())
        self.cover = w.VBox([self.note, w.HBox([self.begin_button])])
        self.handed_note = w.HTML(
            _("<p>The screen is yours: the facilitator's controls are hidden until you hand "
              "in or give the laptop back.</p>"))
        self.back_button = w.Button(description=_("Give the laptop back to the facilitator"),
                                    icon="reply")
        self.back_button.on_click(lambda _b: self.leave())
        self.back_row = w.HBox([self.back_button])
        self.widget = w.VBox([self.cover, self.handed_note, self.form, self.back_row])
        self.private = True
        self.end()

    @property
    def open(self) -> bool:
        """Whether the form is uncovered for someone now."""
        return self.form.layout.display != "none"

    @property
    def handed(self) -> bool:
        """Whether a participant holds the laptop now (the window is theirs)."""
        return HANDED_CLASS in self.widget._dom_classes

    def _hand(self, handed: bool) -> None:
        shown = None if handed else "none"
        self.handed_note.layout.display = self.back_row.layout.display = shown
        if handed:
            self.widget.add_class(HANDED_CLASS)
        else:
            self.widget.remove_class(HANDED_CLASS)

    def begin(self) -> None:
        """Uncover the form for the next person (the whole window theirs, if private)."""
        self.cover.layout.display = "none"
        self.form.layout.display = None
        self._hand(self.private)

    def end(self) -> None:
        """Cover the form again (the answer is stored and the inputs cleared)."""
        if not self.private:
            self.begin()
            return
        self._hand(False)
        self.form.layout.display = "none"
        self.cover.layout.display = None

    def leave(self) -> None:
        """Give the laptop back without handing in: what was typed is cleared, the form
        covered, the facilitator's controls back."""
        if self.on_leave is not None:
            self.on_leave()
        self.end()

    def set_private(self, private: bool) -> None:
        """Turn covering on (one person at a time) or off (the form stays open)."""
        self.private = private
        if private:
            self.end()
        else:
            self.begin()
