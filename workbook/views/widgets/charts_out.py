"""Charts inside views: an inline image with its text alternative, in an HTML widget.

The charts themselves come from ``workbook.charts`` (a ``Chart`` with ``figure``,
``alt_text``, ``title`` and a data-URI rendering). A view asks for one by name with
``make_chart``; while the charts package lacks that function the view shows its table
alone, which says the same in words.

Drawing a chart takes a tenth of a second or more (matplotlib), so a view does not draw
its charts while it is being built: ``FoldedChart`` holds one in a folded section, drawn
the first time it is opened and again after a change only while it is open.
"""

from __future__ import annotations

import html
import importlib
import sys
from collections.abc import Callable
from typing import Any

import ipywidgets as w

__all__ = ["FoldedChart", "chart_html", "make_chart"]


def make_chart(name: str, *args: Any, **kwargs: Any) -> Any | None:
    """Call ``workbook.charts.<name>(*args, **kwargs)``; None if there is no such chart."""
    try:
        module = importlib.import_module("workbook.charts")
    except ModuleNotFoundError:
        return None
    factory = getattr(module, name, None)
    if factory is None:
        return None
    return factory(*args, **kwargs)


def _data_uri(chart: Any) -> str:
    render = getattr(chart, "to_data_uri", None)
    if render is None:
        render = importlib.import_module("workbook.charts").to_data_uri
        return render(chart)
    return render()


def chart_html(chart: Any | None) -> str:
    """The chart as an ``<img>`` with alt text and a visible caption; "" for no chart."""
    if chart is None:
        return ""
    try:
        uri = _data_uri(chart)
    finally:
        figure = getattr(chart, "figure", None)
        # Figures made with pyplot stay alive until closed: a live meeting makes many.
        # workbook.charts never uses pyplot, so importing it (slow) just to close is waste.
        plt = sys.modules.get("matplotlib.pyplot")
        if figure is not None and plt is not None:
            plt.close(figure)
    alt = html.escape(getattr(chart, "alt_text", "") or "")
    title = html.escape(getattr(chart, "title", "") or "")
    return (f'<figure><img src="{html.escape(uri)}" alt="{alt}" style="max-width:100%">'
            f"<figcaption><bdi>{title}</bdi><br><small><bdi>{alt}</bdi></small></figcaption></figure>")


class FoldedChart:
    """A chart in a folded section: drawn when opened, redrawn on ``refresh`` while open.

    ``draw`` returns the chart's HTML (``chart_html(...)``, or a sentence when there is
    nothing to draw). ``widget`` is the section to place in the view; ``value`` is what
    is drawn now ("" until it is opened).
    """

    def __init__(self, title: str, draw: Callable[[], str]) -> None:
        self.html = w.HTML()
        self.widget = w.Accordion(children=[self.html], selected_index=None,
                                  layout=w.Layout(max_width="100%"))
        self.widget.set_title(0, title)
        self.widget.add_class("pwb-chart-section")
        self._draw = draw
        self.stale = True
        self.widget.observe(self._opened, names="selected_index")

    @property
    def is_open(self) -> bool:
        return self.widget.selected_index is not None

    @property
    def value(self) -> str:
        return str(self.html.value)

    def open(self) -> None:
        """Unfold the section (which draws the chart if it is not drawn yet)."""
        self.widget.selected_index = 0

    def _opened(self, change: Any) -> None:
        if change.new is not None and self.stale:
            self.redraw()

    def redraw(self) -> None:
        self.stale = False
        self.html.value = self._draw()

    def refresh(self) -> None:
        """What the chart shows changed: redraw now if open, else when next opened."""
        self.stale = True
        if self.is_open:
            self.redraw()

    def close(self) -> None:
        self.widget.unobserve(self._opened, names="selected_index")
