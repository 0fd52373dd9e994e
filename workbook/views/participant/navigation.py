"""The participant app's way between screens: the activity chooser above the screen shown
and Back / Next below it, drawing ``screens.Screens`` (the plain-Python model)."""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w

from ...i18n import _
from .screens import Screens
from .sections import LABEL, WIDE, SectionHost

__all__ = ["ScreenNavigator"]


class ScreenNavigator:
    """Shows one of ``pages`` (a box per screen key) at a time, as ``screens`` says.

    ``top`` (the step line and the chooser) goes above the pages, ``bottom`` (Back, Next)
    below them. ``show`` raises ``KeyError`` for a screen not offered.
    """

    def __init__(self, host: SectionHost, screens: Screens,
                 pages: Mapping[str, w.Box]) -> None:
        self.screens = screens
        self.pages = pages
        self.chooser = w.Dropdown(options=[(s.label, s.key) for s in screens.screens],
                                  description=_("Activity"), style=LABEL,
                                  layout=w.Layout(width=WIDE))
        self.chooser.add_class("pwb-inline")
        self.position = w.HTML()
        host.observe(self.chooser, lambda change: self.show(change.new))
        self.back_button = w.Button(icon="arrow-left", layout=w.Layout(width="auto"))
        self.next_button = w.Button(icon="arrow-right", button_style="primary",
                                    layout=w.Layout(width="auto"))
        host.on_click(self.back_button, lambda: self.step(-1))
        host.on_click(self.next_button, lambda: self.step(+1))
        # Focusable (not by Tab): moving to another screen brings the chooser into view.
        self.top = w.VBox([self.position, self.chooser], tabbable=False)
        self.top.add_class("pwb-chooser")
        self.bottom = w.HBox([self.back_button, self.next_button])
        self.bottom.add_class("pwb-steps")

    def show(self, key: str) -> None:
        """Show the activity ``key`` alone (raises ``KeyError`` if not offered here)."""
        screen = self.screens.go(key)
        for name, page in self.pages.items():
            page.layout.display = None if name == screen.key else "none"
        if self.chooser.value != screen.key:
            self.chooser.value = screen.key
        self.position.value = f"<p>{html.escape(self.screens.position())}</p>"
        for button, step, words in ((self.back_button, -1, _("Back: {title}")),
                                    (self.next_button, +1, _("Next: {title}"))):
            other = self.screens.neighbour(step)
            button.description = words.format(title=other.label) if other else ""
            button.layout.display = None if other else "none"

    def step(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) activity and bring its top into view."""
        other = self.screens.neighbour(step)
        if other is not None:
            self.show(other.key)
            self.top.focus()
