"""The momentum chart."""

from __future__ import annotations

import datetime as dt

from workbook.analyses import momentum_frame
from workbook.charts import momentum_chart
from workbook.charts.momentum import MAX_MEETINGS
from workbook.testing import add_meeting, add_organisation, add_person

TODAY = dt.date(2026, 6, 1)


def _meetings(wb, sizes):
    plant, college = add_organisation(wb), add_organisation(wb, partner_type="semi_public")
    for n, (employers, others) in enumerate(sizes):
        people = ([add_person(wb, plant) for _ in range(employers)]
                  + [add_person(wb, college) for _ in range(others)])
        add_meeting(wb, held_on=TODAY - dt.timedelta(days=10 * (len(sizes) - n)),
                    attendees=people)


def test_momentum_chart_stacks_employers_and_others_per_meeting(wb, shown):
    """Two meetings: two employer bars and two hatched bars on top, totals written."""
    _meetings(wb, [(3, 1), (1, 3)])
    chart = momentum_chart(momentum_frame(wb, today=TODAY))
    top = chart.figure.axes[0]
    employers = [p.get_height() for p in top.patches if p.get_gid() == "employer-bars"]
    others = [p for p in top.patches if p.get_gid() == "other-bars"]
    assert employers == [3, 1]
    assert [p.get_height() for p in others] == [1, 3]
    assert all(p.get_hatch() for p in others)
    assert shown(chart).count("4") >= 2
    assert "3 employers (75%)" in chart.alt_text and "1 employer (25%)" in chart.alt_text
    assert "fewer than half the room at 1 of them" in chart.alt_text


def test_momentum_chart_draws_only_the_latest_meetings(wb):
    """More meetings than fit: the latest ones are drawn and the alt text counts both."""
    _meetings(wb, [(1, 0)] * (MAX_MEETINGS + 2))
    chart = momentum_chart(wb, today=TODAY)
    bars = [p for p in chart.figure.axes[0].patches if p.get_gid() == "employer-bars"]
    assert len(bars) == MAX_MEETINGS
    assert f"last {MAX_MEETINGS} of {MAX_MEETINGS + 2} meetings" in chart.alt_text
