"""Charts inside views: an inline image with its text alternative, in an HTML widget.

The charts themselves come from ``workbook.charts`` (a ``Chart`` with ``figure``,
``alt_text``, ``title`` and a data-URI rendering). A view asks for one by name with
``make_chart``; while the charts package lacks that function the view shows its table
alone, which says the same in words.
"""

from __future__ import annotations

import html
import importlib
import sys
from typing import Any

__all__ = ["chart_html", "make_chart"]


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
