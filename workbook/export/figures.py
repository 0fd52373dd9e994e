"""The charts of a summary, drawn by ``workbook.charts`` and made ready for the notebook.

Which charts: the dot-vote results (naming), resources per root cause (problem framing)
and attendance over the meetings (momentum), each only when its section is shown. They
travel as SVG (text kept as text): about a sixth of the PNG's size and quicker to render.
In the page an SVG sits in an ``<img>`` as a data URI, where nothing in it could run or
load anything; its ``alt`` is the chart's text alternative, which states the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from .. import analyses
from ..analyses.progress import outcome_progress
from ..charts import (
    Chart,
    coverage_chart,
    momentum_chart,
    outcome_trend_chart,
    to_png_bytes,
    to_svg,
    vote_results,
)
from ..store import Workbook
from .notebook import DrawnChart
from .records import Summary

__all__ = ["PngChart", "draw", "draw_png"]


def _size(figure: Figure) -> tuple[int, int]:
    """Display size in CSS pixels (the SVG's points at 96 per inch)."""
    width, height = figure.get_size_inches()
    return round(width * 96), round(height * 96)


def _drawn(section: str, chart: Chart | None) -> DrawnChart | None:
    if chart is None:
        return None
    width, height = _size(chart.figure)
    try:
        svg = to_svg(chart)
    finally:
        chart.figure.clear()  # figures are not pyplot-managed; clear to free them now
    return DrawnChart(section=section, mimetype="image/svg+xml", data=svg,
                      title=chart.title, alt=chart.alt_text, width=width, height=height)


@dataclass(frozen=True)
class PngChart:
    """A chart as PNG bytes for a document (the minutes), with its descriptions."""

    section: str
    title: str
    alt: str
    png: bytes
    width_inches: float


def _plans(wb: Workbook, summary: Summary) -> list[tuple[str, Callable[[], Chart | None]]]:
    plans: list[tuple[str, Callable[[], Chart | None]]] = []
    if summary.naming is not None:
        results = [(r.name, r.dots) for r in summary.naming.results]
        plans.append(("naming", lambda: vote_results(results)))
    if summary.framing is not None:
        plans.append(("framing", lambda: coverage_chart(analyses.coverage(wb))))
    if summary.momentum is not None:
        day = summary.meeting.held_on
        plans.append(("momentum",
                      lambda: momentum_chart(analyses.momentum_frame(wb, today=day))))
    if summary.progress is not None:
        as_of = summary.progress.as_of
        plans.append(("progress",
                      lambda: outcome_trend_chart(outcome_progress(wb, today=as_of))))
    return plans


def draw(wb: Workbook, summary: Summary) -> list[DrawnChart]:
    """The charts for the sections ``summary`` shows, in page order."""
    drawn = (_drawn(section, make()) for section, make in _plans(wb, summary))
    return [chart for chart in drawn if chart is not None]


def draw_png(wb: Workbook, summary: Summary, dpi: int = 150) -> list[PngChart]:
    """The same charts as PNG bytes, for documents that cannot hold SVG (Word)."""
    found = []
    for section, make in _plans(wb, summary):
        chart = make()
        if chart is None:
            continue
        try:
            width = float(chart.figure.get_size_inches()[0])
            png = to_png_bytes(chart, dpi=dpi)
        finally:
            chart.figure.clear()
        found.append(PngChart(section, chart.title, chart.alt_text, png, width))
    return found
