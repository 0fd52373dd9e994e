"""Folded sections built when opened: a view pays only for the parts someone looks at.

A step view with many sections (the kickoff: carry-over, time boxes, decisions, the
evaluation ...) spends most of its build on widgets nobody opens in most meetings.
``LazySection`` is a folded ``Accordion`` whose content, a panel made by ``make()``, is
built the first time the section is opened, or the first time code reaches for one of the
panel's parts (a test, another panel, the view itself): until then the section holds an
empty box. ``load(meeting_id)`` and ``refresh()`` are remembered, not run, while the
panel is not built: the panel built later shows the meeting the view has picked then.

    section = LazySection(view, "Decisions", lambda: DecisionsPanel(view))
    section.widget          # the folded Accordion to lay out
    section.load(12)        # nothing built; remembered
    section.built           # False
    section.table.value     # builds the panel (it loads meeting 12) and reads its table
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import ipywidgets as w

from .base import View, close_tree

__all__ = ["LazySection"]

P = TypeVar("P")

_UNSET = object()


class LazySection(Generic[P]):
    """A folded section whose panel (``make()``, with a ``widget``) is built when needed.

    ``on_built(panel)`` is called once, right after the panel is built and loaded (a view
    disables the new inputs there if it is locked). Unknown attributes are the panel's:
    reaching for one builds it. ``open()`` unfolds the section (and so builds it).
    """

    def __init__(self, view: View, title: str, make: Callable[[], P], *,
                 on_built: Callable[[P], None] | None = None) -> None:
        self._view = view
        self._make = make
        self._on_built = on_built
        self._panel: P | None = None
        self._meeting: Any = _UNSET
        self._holder = w.VBox()
        self.widget = w.Accordion(children=[self._holder], selected_index=None,
                                  layout=w.Layout(max_width="100%"))
        self.widget.set_title(0, title)
        view.observe(self.widget, self._opened, names="selected_index")
        view._closers.append(lambda: close_tree(self._holder))

    @property
    def built(self) -> bool:
        """Whether the panel has been built (opened, or reached from code)."""
        return self._panel is not None

    def build(self) -> P:
        """The panel, built now (and loaded with the meeting last given) if it was not."""
        if self._panel is None:
            panel = self._panel = self._make()
            self._holder.children = (panel.widget,)  # type: ignore[attr-defined]
            if self._meeting is not _UNSET:
                panel.load(self._meeting)  # type: ignore[attr-defined]
            if self._on_built is not None:
                self._on_built(panel)
        return self._panel

    def open(self) -> P:
        """Unfold the section; returns its panel (built if it was not)."""
        self.widget.selected_index = 0
        return self.build()

    def _opened(self, change: Any) -> None:
        if change.new is not None:
            self.build()

    def load(self, meeting_id: Any) -> None:
        """Show ``meeting_id`` (now if built, else once built)."""
        self._meeting = meeting_id
        if self._panel is not None:
            self._panel.load(meeting_id)  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """Redraw the panel if it is built (one built later reads what is stored then)."""
        if self._panel is not None:
            self._panel.refresh()  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.build(), name)
