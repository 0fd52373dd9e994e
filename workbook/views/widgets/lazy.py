"""Folded sections built when opened: a view pays only for the parts someone looks at.

A step view with many sections (the kickoff: carry-over, time boxes, decisions, the
evaluation ...) spends most of its build on widgets nobody opens in most meetings.
``LazyPanel`` builds a panel into a box (a tab's page, say) when first needed;
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

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import ipywidgets as w

from .base import View, close_tree

__all__ = ["LazyPanel", "LazySection", "folded"]

P = TypeVar("P")

_UNSET = object()


class LazyPanel(Generic[P]):
    """A panel (``make()``, with a ``widget``) built into ``holder`` when first needed.

    ``build()`` makes it (once) and puts its widget in ``holder``; ``on_built(panel)`` is
    called right after. Unknown attributes are the panel's: reaching for one builds it, so
    code written for the panel itself keeps working. A view whose tab or section is not
    shown yet checks ``built`` before redrawing it.
    """

    def __init__(self, view: View, holder: w.Box, make: Callable[[], P], *,
                 on_built: Callable[[P], None] | None = None) -> None:
        self._view = view
        self._holder = holder
        self._make = make
        self._on_built = on_built
        self._panel: P | None = None
        view._closers.append(lambda: close_tree(self._holder))

    @property
    def built(self) -> bool:
        """Whether the panel has been built (opened, or reached from code)."""
        return self._panel is not None

    def build(self) -> P:
        """The panel, built now if it was not."""
        if self._panel is None:
            panel = self._panel = self._make()
            self._holder.children = (panel.widget,)  # type: ignore[attr-defined]
            self._built(panel)
            if self._on_built is not None:
                self._on_built(panel)
        return self._panel

    def _built(self, panel: P) -> None:
        """What a subclass does to a panel just built (before ``on_built``)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.build(), name)


def folded(view: View, title: str, make: Callable[[], P], *,
           after: Sequence[w.Widget] = ()) -> tuple[w.Accordion, LazyPanel[P]]:
    """A folded section (an ``Accordion`` titled ``title``) and the ``LazyPanel`` inside
    it, built when the section is first opened (or the panel first reached from code);
    ``after`` are widgets shown under the panel once it is built (its own buttons)."""
    holder = w.VBox()
    section = w.Accordion(children=[holder], selected_index=None, titles=(title,),
                          layout=w.Layout(max_width="100%"))

    def place_after(_panel: P) -> None:
        holder.children = (*holder.children, *after)

    panel = LazyPanel(view, holder, make, on_built=place_after if after else None)

    def opened(change: Any) -> None:
        if change.new is not None:
            panel.build()

    view.observe(section, opened, names="selected_index")
    def close_after() -> None:  # not in the view until built: closed with it all the same
        for widget in after:
            close_tree(widget)

    if after:
        view._closers.append(close_after)
    return section, panel


class LazySection(LazyPanel[P]):
    """A folded section (an ``Accordion``, ``widget``) holding a ``LazyPanel``: built the
    first time the section is opened or the panel is reached from code.

    ``load(meeting_id)`` and ``refresh()`` are the panel's, remembered (not run) while it
    is not built: the panel built later loads the meeting given last.
    """

    def __init__(self, view: View, title: str, make: Callable[[], P], *,
                 on_built: Callable[[P], None] | None = None) -> None:
        super().__init__(view, w.VBox(), make, on_built=on_built)
        self._meeting: Any = _UNSET
        self.widget = w.Accordion(children=[self._holder], selected_index=None,
                                  titles=(title,), layout=w.Layout(max_width="100%"))
        view.observe(self.widget, self._opened, names="selected_index")

    def _built(self, panel: P) -> None:
        if self._meeting is not _UNSET:
            panel.load(self._meeting)  # type: ignore[attr-defined]

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
