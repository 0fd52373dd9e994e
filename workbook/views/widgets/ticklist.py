"""A tick list: one large check box per option, for picking several people at once.

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

from .base import close_tree

__all__ = ["TickList"]


class TickList:
    """Check boxes for ``(label, value)`` options; ``value`` is the tuple of ticked values."""

    def __init__(self, title: str, *, width: str = "19em") -> None:
        self._width = width
        self.title = w.HTML(f"<strong>{html.escape(title)}</strong>")
        self.box = w.Box(layout=w.Layout(flex_flow="row wrap", width="100%"))
        self.widget = w.VBox([self.title, self.box], layout=w.Layout(width="100%"))
        self.widget.add_class("pwb-ticklist")
        self.boxes: dict[Any, w.Checkbox] = {}
        self._handlers: list[tuple[w.Checkbox, Callable[[Any], None]]] = []
        self._quiet = 0
        self.on_tick: Callable[[Any, bool], None] | None = None

    @property
    def options(self) -> list[tuple[str, Any]]:
        return [(box.description, value) for value, box in self.boxes.items()]

    def set_options(self, options: Sequence[tuple[str, Any]]) -> None:
        """Show these options; ticks stay on the values still offered."""
        if [(label, value) for label, value in options] == self.options:
            return
        ticked = set(self.value)
        self._drop()
        for label, value in options:
            box = w.Checkbox(value=value in ticked, description=label, indent=False,
                             layout=w.Layout(width=self._width))

            def handler(change: Any, value: Any = value) -> None:
                if not self._quiet and self.on_tick is not None:
                    self.on_tick(value, bool(change.new))

            box.observe(handler, names="value")
            self._handlers.append((box, handler))
            self.boxes[value] = box
        old = self.box.children
        self.box.children = tuple(self.boxes.values())
        for widget in old:
            close_tree(widget)

    @property
    def value(self) -> tuple[Any, ...]:
        """The ticked values, in the order of the options."""
        return tuple(value for value, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, values: Iterable[Any]) -> None:
        wanted = set(values)
        self._quiet += 1
        try:
            for value, box in self.boxes.items():
                box.value = value in wanted
        finally:
            self._quiet -= 1

    def tick(self, value: Any, ticked: bool = True) -> None:
        """Tick (or untick) one option from Python; ``on_tick`` is not told."""
        if value in self.boxes:
            self._quiet += 1
            try:
                self.boxes[value].value = ticked
            finally:
                self._quiet -= 1

    def _drop(self) -> None:
        for box, handler in self._handlers:
            box.unobserve(handler, names="value")
        self._handlers.clear()
        self.boxes.clear()

    def close(self) -> None:
        self._drop()
        close_tree(self.widget)
