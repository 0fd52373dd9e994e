"""The lifecycle timeline."""

from __future__ import annotations

import datetime as dt

from workbook.charts import lifecycle_timeline
from workbook.i18n import format_date
from workbook.testing import add_meeting

TODAY = dt.date(2026, 9, 1)


def test_lifecycle_timeline_draws_a_span_per_phase_and_a_tick_per_meeting(wb, shown):
    """Three phase changes: three named spans; four meetings: four ticks."""
    for phase, day in (("preparation", 1), ("planning", 60), ("prospecting", 120)):
        wb.move_to_phase(phase, changed_on=dt.date(2026, 1, 1) + dt.timedelta(days=day))
    for month in (3, 5, 7, 8):
        add_meeting(wb, held_on=dt.date(2026, month, 15))
    chart = lifecycle_timeline(wb, today=TODAY)
    ax = chart.figure.axes[0]
    spans = [c for c in ax.collections if c.get_gid() == "phase-span"]
    assert len(spans) == 3
    (ticks,) = [c for c in ax.collections if c.get_gid() == "meeting-ticks"]
    assert len(ticks.get_segments()) == 4
    assert {"Preparation", "Planning", "Prospecting"} <= set(shown(chart))
    assert "Current phase: Prospecting" in chart.alt_text
    assert ("4 meetings, the first on March 15, 2026, the last on August 15, 2026"
            in chart.alt_text)


def test_lifecycle_timeline_without_history_shows_the_current_phase_since_creation(wb):
    """A new workbook: one span, its current phase from the day it was created."""
    chart = lifecycle_timeline(wb, today=wb.partnership.created_on + dt.timedelta(days=10))
    assert f"Preparation from {format_date(wb.partnership.created_on)} (10 days)" in \
        chart.alt_text
