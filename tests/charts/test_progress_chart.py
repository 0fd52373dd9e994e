"""The outcome trend chart: readings as a line, target and benchmark as named lines."""

from __future__ import annotations

import datetime as dt

from workbook import Outcome, Reading
from workbook.analyses.progress import progress_of
from workbook.charts import outcome_trend_chart, to_svg
from workbook.charts.progress import MAX_PANELS

TODAY = dt.date(2026, 6, 30)


def _progress(n: int = 1, values=(58, 63, 71), **fields):
    outcome = Outcome(id=n, description=fields.pop("description", f"Outcome {n}"),
                      unit=fields.pop("unit", "%"), **fields)
    readings = [Reading(id=i, outcome_id=n, read_on=dt.date(2026, i + 1, 28), value=v)
                for i, v in enumerate(values)]
    return progress_of(outcome, readings, TODAY)


def test_trend_draws_readings_target_and_benchmark_lines(shown):
    """One line of readings, a target and a benchmark line, each named in words."""
    chart = outcome_trend_chart(_progress(target_value=75, benchmark_value=61,
                                          description="Still employed after 90 days"))
    ax = chart.figure.axes[0]
    gids = {line.get_gid() for line in ax.get_lines()}
    assert {"readings-1", "target-line", "benchmark-line"} <= gids
    (readings,) = [line for line in ax.get_lines() if line.get_gid() == "readings-1"]
    assert list(readings.get_ydata()) == [58, 63, 71]
    words = shown(chart)
    assert "target" in words and "benchmark" in words and "71%" in words
    assert chart.title == "Progress: Still employed after 90 days"


def test_trend_alt_text_states_readings_lines_and_standing():
    """The alt text lists every reading, the lines, the direction and the standing."""
    alt = outcome_trend_chart(_progress(target_value=75, benchmark_value=61)).alt_text
    assert "January 28, 2026: 58%" in alt and "March 28, 2026: 71%" in alt
    assert "benchmark 61%" in alt and "target 75%" in alt
    assert "higher is better" in alt and "better than the benchmark" in alt


def test_trend_of_several_outcomes_draws_a_panel_each_and_counts_the_rest():
    """Many outcomes: at most MAX_PANELS panels; the alt text counts what is left out."""
    many = [_progress(n) for n in range(1, MAX_PANELS + 3)]
    many.append(_progress(99, values=()))
    chart = outcome_trend_chart(many)
    visible = [ax for ax in chart.figure.axes if ax.get_visible()]
    assert len(visible) == MAX_PANELS
    assert "2 more outcomes with readings are not drawn" in chart.alt_text
    assert "1 outcome has no reading in numbers yet" in chart.alt_text


def test_trend_without_numbers_is_none():
    """Nothing to draw when no outcome has a numeric reading."""
    assert outcome_trend_chart(_progress(values=())) is None
    assert outcome_trend_chart([]) is None


def test_trend_keeps_dollar_signs_as_text():
    """A money unit prints as typed; matplotlib never reads it as mathematics."""
    chart = outcome_trend_chart(_progress(values=(17.5, 18.25), unit="$ per hour",
                                          description="Wage $ and $ more"))
    svg = to_svg(chart)
    assert "$18.25 per hour" in chart.alt_text and "18.25" in svg
