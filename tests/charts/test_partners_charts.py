"""The capacity heatmap and the health trend chart."""

from __future__ import annotations

import datetime as dt

import numpy as np

from workbook import HealthCheck, reference
from workbook.analyses import capacity_matrix, health_trend
from workbook.charts import capacity_heatmap, health_trend_chart
from workbook.charts.partners import MAX_ORGANISATIONS, MAX_PARTNERS
from workbook.testing import add_organisation


def _rated(wb, organisations: int = 3):
    own = add_organisation(wb, partner_type=reference.OWN, name="Our Board")
    wb.rate(own.id, "fundraising", 1)
    wb.rate(own.id, "data_use", 4)
    for n in range(1, organisations):
        wb.rate(add_organisation(wb, name=f"Partner {n}").id, "fundraising", 3)


def test_capacity_heatmap_is_a_grid_of_competencies_by_organisations(wb):
    """19 rows by 3 columns; each rated cell has its rating drawn in it as a number."""
    _rated(wb, 3)
    chart = capacity_heatmap(capacity_matrix(wb))
    (image,) = chart.figure.axes[0].images
    assert image.get_array().shape == (len(reference.COMPETENCIES), 3)
    assert int(image.get_array().count()) == 4  # the rated cells; the rest are masked
    numbers = {c.get_gid(): len(c.get_offsets()) for c in chart.figure.axes[0].collections}
    assert numbers == {"cell-1": 1, "cell-3": 2, "cell-4": 1}


def test_capacity_heatmap_alt_text_tells_each_organisations_weak_and_strong_spots(wb):
    """The alt text names each organisation and its weak and strong competencies."""
    _rated(wb, 2)
    alt = capacity_heatmap(wb).alt_text
    assert "Our Board rated 2: weak at Fundraising and stability (1);" in alt
    assert "strong at Use of data (4)." in alt
    assert "Partner 1 rated 1: weak at none; strong at Fundraising and stability (3)." in alt


def test_capacity_heatmap_draws_at_most_twelve_organisations(wb):
    """Many rated organisations: the first twelve are drawn, the alt text says so."""
    _rated(wb, MAX_ORGANISATIONS + 3)
    chart = capacity_heatmap(wb)
    assert chart.figure.axes[0].images[0].get_array().shape[1] == MAX_ORGANISATIONS
    assert f"Only the first {MAX_ORGANISATIONS}" in chart.alt_text


def _checks(wb):
    up, down = add_organisation(wb, name="Up"), add_organisation(wb, name="Down")
    for org, first, second in ((up, 0, 2), (down, 2, 1)):
        for day, value in ((dt.date(2026, 1, 10), first), (dt.date(2026, 4, 10), second)):
            wb.add(HealthCheck(organisation_id=org.id, checked_on=day, services=value,
                               goals=value, referrals=value, contact=value, voice=value))
    return up, down


def test_health_trend_chart_draws_a_bar_per_partner_with_the_change_in_words(wb, shown):
    """Two partners: two bars of their latest score, the earlier score written beside."""
    _checks(wb)
    chart = health_trend_chart(health_trend(wb))
    ax = chart.figure.axes[0]
    assert sorted(p.get_width() for p in ax.patches if p.get_width() in (5, 10)) == [5, 10]
    words = shown(chart)
    assert "5 (was 10, slipping)" in words and "10 (was 0, up)" in words
    assert "Slipping: Down." in chart.alt_text


def test_health_trend_chart_for_one_partner_plots_every_check(wb):
    """With a partner id: one point per check, at its score, dates in the alt text."""
    _, down = _checks(wb)
    chart = health_trend_chart(wb, down.id)
    (line,) = [ln for ln in chart.figure.axes[0].lines if ln.get_gid() == "health-line"]
    assert list(np.asarray(line.get_ydata())) == [10, 5]
    assert "January 10, 2026: 10; April 10, 2026: 5" in chart.alt_text
    assert "fell by 5" in chart.alt_text
    assert health_trend_chart(wb, 9999) is None


def test_health_trend_chart_draws_slipping_partners_first_and_caps_the_rest(wb, shown):
    """Past the cap, slipping partners are still drawn, and the alt text says who is not."""
    _, down = _checks(wb)
    for n in range(MAX_PARTNERS + 1):
        wb.add(HealthCheck(organisation_id=add_organisation(wb, name=f"Steady {n}").id,
                           checked_on=dt.date(2026, 4, 10)))
    chart = health_trend_chart(wb)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert len(labels) == MAX_PARTNERS and labels[0] == "Down"
    assert f"Only {MAX_PARTNERS} of {MAX_PARTNERS + 3} partners" in chart.alt_text
