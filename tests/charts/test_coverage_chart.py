"""The resource coverage chart."""

from __future__ import annotations

from workbook.analyses import coverage
from workbook.charts import coverage_chart
from workbook.charts.coverage import MAX_CAUSES
from workbook.testing import add_problem_tree, add_resource


def test_coverage_chart_draws_a_bar_per_root_cause_and_names_gaps(wb, shown):
    """Two root causes, one bare: two bars, the bare one labelled GAP at zero."""
    tree = add_problem_tree(wb, depth=2, branches=2)
    covered, bare = tree.roots
    for _ in range(3):
        wb.link_resource(add_resource(wb).id, covered.id)
    chart = coverage_chart(coverage(wb))
    (ax,) = chart.figure.axes
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [0, 3]
    assert any(w.startswith(" GAP") for w in shown(chart))
    assert " 3 resources from 3 owners (possible duplication)" in shown(chart)
    assert bare.statement in chart.alt_text and "Gaps" in chart.alt_text
    assert "Possible duplication" in chart.alt_text


def test_coverage_chart_caps_the_causes_drawn_and_says_so(wb):
    """Past the cap only the first causes are drawn, and the alt text says it."""
    add_problem_tree(wb, depth=1, branches=MAX_CAUSES + 2)
    chart = coverage_chart(coverage(wb))
    assert len(chart.figure.axes[0].patches) == MAX_CAUSES
    assert f"{MAX_CAUSES + 2} root causes" in chart.alt_text
    assert f"Only the first {MAX_CAUSES}" in chart.alt_text
