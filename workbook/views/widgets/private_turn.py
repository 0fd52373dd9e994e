"""A private turn at a shared screen: one person answers while the form is theirs alone.

The evaluation and a paper-style ballot are entered on the projected laptop one person
at a time. Between people the form is covered ("Next person: press Begin"), so the room
never sees a filled-in form; ``begin`` uncovers it for one person, ``end`` covers it
again once their answer is stored (the caller clears the inputs first). Nothing is kept
here: it only decides what shows.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...i18n import N_, _

__all__ = ["PrivateTurn"]


class PrivateTurn:
    """Covers ``form`` between people; ``widget`` holds the cover and the form."""

    def __init__(self, form: w.Widget, *, who: str = N_("person"),
                 begin_label: str = N_("Begin my answer (the screen is yours)")) -> None:
        self.form = form
        self.note = w.HTML(
            _("<p role=\"status\">Next {who}: take the laptop and press the button. Your answer "
              "is not shown to the room and clears once you hand it in.</p>").format(
                  who=html.escape(_(who))))
        self.begin_button = w.Button(description=_(begin_label), icon="user-secret",
                                     button_style="primary")
        self.begin_button.on_click(lambda _b: self.begin())
        self.cover = w.VBox([self.note, w.HBox([self.begin_button])])
        self.widget = w.VBox([self.cover, self.form])
        self.private = True
        self.end()

    @property
    def open(self) -> bool:
        """Whether the form is uncovered for someone now."""
        return self.form.layout.display != "none"

    def begin(self) -> None:
        """Uncover the form for the next person."""
        self.cover.layout.display = "none"
        self.form.layout.display = None

    def end(self) -> None:
        """Cover the form again (the answer is stored and the inputs cleared)."""
        if not self.private:
            self.begin()
            return
        self.form.layout.display = "none"
        self.cover.layout.display = None

    def set_private(self, private: bool) -> None:
        """Turn covering on (one person at a time) or off (the form stays open)."""
        self.private = private
        if private:
            self.end()
        else:
            self.begin()
