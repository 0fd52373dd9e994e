"""Charts for the room and the summaries: each returns a ``Chart`` (figure, title, alt text).

Charts are drawn with matplotlib's object-oriented API on an Agg canvas, in a style made
for a projector (text 12 pt and up, a colour-blind-safe palette, every colour doubled by
words). Each ``Chart`` carries a text alternative that states the data, for screen
readers and for people who read rather than look. A chart function returns None when
there is nothing to draw.

    >>> from workbook.charts import vote_results, to_png_bytes
    >>> chart = vote_results(wb.results(vote_id))
    >>> png = to_png_bytes(chart)
"""

from .base import Chart, to_data_uri, to_png_bytes, to_svg
from .coverage import coverage_chart
from .momentum import momentum_chart
from .partners import capacity_heatmap, health_trend_chart
from .progress import outcome_trend_chart
from .timeline import lifecycle_timeline
from .tree import cause_tree_chart
from .votes import vote_results

__all__ = [
    "Chart", "capacity_heatmap", "cause_tree_chart", "coverage_chart", "health_trend_chart",
    "lifecycle_timeline", "momentum_chart", "outcome_trend_chart", "to_data_uri",
    "to_png_bytes", "to_svg", "vote_results",
]
