"""A tick list: large check boxes, for picking several people at once.

Replaces Ctrl/Shift-click lists (``SelectMultiple``), whose faint selection a projector
loses and which nobody in the room can use without a keyboard. ``TickList`` keeps the
ticks of the options that stay when its options change, and tells ``on_tick`` of every
tick a person makes (not of ticks set from Python), so two lists can exclude each other
("agreed" and "stood aside").
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as w

from ...i18n import N_
from .base import close_tree
from .checklist import Entry, PagedChecklist

__all__ = ["TickList"]


class TickList:
    """Check boxes for ``(label, value)`` options; ``value`` is the tuple of ticked values.

    Past a page of options (a partnership of two thousand people) the list has a Find box
    and pages (``PagedChecklist``): the ticks are kept in Python, the boxes show a page.
    """

    def __init__(self, title: str, *, width: str = "19em") -> None:
        self.title = w.HTML(f"<strong>{html.escape(title)}</strong>")
        self._list = PagedChecklist(self._toggled, noun=N_("people"), box_width=width)
        self.box = self._list.body
        self.widget = w.VBox([self.title, self._list.widget], layout=w.Layout(width="100%"))
        self.widget.add_class("pwb-ticklist")
        self._options: list[tuple[str, Any]] = []
        self._quiet = 0
        self.on_tick: Callable[[Any, bool], None] | None = None

    @property
    def options(self) -> list[tuple[str, Any]]:
        return list(self._options)

    @property
    def boxes(self) -> dict[Any, w.Checkbox]:
        """The tick boxes of the options on the page shown, by value."""
        return self._list.boxes

    def set_options(self, options: Sequence[tuple[str, Any]]) -> None:
        """Show these options; ticks stay on the values still offered."""
        new = [(label, value) for label, value in options]
        if new == self._options:
            return
        self._options = new
        offered = {value for _, value in new}
        self._list.checked &= offered
        self._list.set_entries([Entry(value, label) for label, value in new])

    def _toggled(self, value: Any, ticked: bool, _box: w.Checkbox) -> None:
        if not self._quiet and self.on_tick is not None:
            self.on_tick(value, ticked)

    @property
    def value(self) -> tuple[Any, ...]:
        """The ticked values, in the order of the options."""
        return tuple(value for _, value in self._options if value in self._list.checked)

    @value.setter
    def value(self, values: Iterable[Any]) -> None:
        offered = {value for _, value in self._options}
        self._list.checked = set(values) & offered
        self._list.draw()

    def tick(self, value: Any, ticked: bool = True) -> None:
        """Tick (or untick) one option from Python; ``on_tick`` is not told."""
        if value not in {v for _, v in self._options}:
            return
        if ticked:
            self._list.checked.add(value)
        else:
            self._list.checked.discard(value)
        self._list.draw()

    def close(self) -> None:
        self._list.close()
        close_tree(self.widget)
