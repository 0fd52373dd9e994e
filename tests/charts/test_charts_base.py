"""Rendering and house style shared by every chart."""

from __future__ import annotations

import base64
import datetime as dt
import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib.font_manager import FontProperties

from workbook import Cause, HealthCheck, PhaseChange, reference
from workbook.analyses import coverage, momentum_frame
from workbook.charts import (
    Chart,
    capacity_heatmap,
    cause_tree_chart,
    coverage_chart,
    health_trend_chart,
    lifecycle_timeline,
    momentum_chart,
    to_data_uri,
    to_png_bytes,
    to_svg,
    vote_results,
)
from workbook.charts.base import style
from workbook.testing import (
    add_meeting,
    add_organisation,
    add_problem_tree,
    add_resource,
    make_workbook,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def every_chart() -> list[Chart]:
    """One chart of each kind, drawn from one small workbook."""
    wb = make_workbook()
    own = add_organisation(wb, partner_type=reference.OWN, name="Our Board")
    partner = add_organisation(wb, name="Acme Plant")
    wb.rate(own.id, "data_use", 2)
    wb.rate(partner.id, "data_use", 4)
    wb.add(HealthCheck(organisation_id=partner.id, checked_on=dt.date(2026, 1, 5), goals=1))
    wb.add(HealthCheck(organisation_id=partner.id, checked_on=dt.date(2026, 3, 5), goals=2))
    tree = add_problem_tree(wb, depth=2, branches=2)
    wb.link_resource(add_resource(wb).id, tree.roots[0].id)
    add_meeting(wb, held_on=dt.date(2026, 2, 1), attendees=3)
    wb.move_to_phase("planning", changed_on=dt.date(2026, 1, 1))
    charts = [
        vote_results([("Valley Works", 5), ("Made Here", 2)]),
        coverage_chart(coverage(wb)),
        cause_tree_chart(wb, tree.problem.id),
        capacity_heatmap(wb),
        health_trend_chart(wb),
        health_trend_chart(wb, partner.id),
        lifecycle_timeline(wb, today=dt.date(2026, 4, 1)),
        momentum_chart(momentum_frame(wb, today=dt.date(2026, 4, 1))),
    ]
    wb.close()
    return charts


def test_charts_render_to_png_svg_and_data_uris(every_chart):
    """Every chart gives PNG bytes, SVG text and data URIs that decode to them."""
    assert all(isinstance(c, Chart) for c in every_chart)
    for chart in every_chart:
        png = to_png_bytes(chart)
        assert png.startswith(PNG_SIGNATURE), chart.title
        assert chart.to_png() == png
        svg = to_svg(chart)
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        uri = to_data_uri(chart)
        assert uri.startswith("data:image/png;base64,")
        assert base64.b64decode(uri.split(",", 1)[1]).startswith(PNG_SIGNATURE)
        assert chart.to_data_uri("svg").startswith("data:image/svg+xml;base64,")


def test_charts_have_titles_and_alt_texts_longer_than_the_title(every_chart):
    """Each chart has a title and a text alternative that says more than the title."""
    for chart in every_chart:
        assert chart.title
        assert len(chart.alt_text) > len(chart.title) + 40, chart.title
        assert any(ch.isdigit() for ch in chart.alt_text), chart.title


def test_charts_write_nothing_smaller_than_11_points(every_chart, texts):
    """Every piece of text in every chart is at least 11 pt, for a projector."""
    for chart in every_chart:
        sizes = {t.get_text(): t.get_fontsize() for t in texts(chart.figure)}
        assert sizes, chart.title
        assert min(sizes.values()) >= 11, (chart.title, sizes)


def test_charts_leave_no_pyplot_figure_behind():
    """Charts are built without pyplot, so no figure stays open in its registry."""
    before = plt.get_fignums()
    for _ in range(3):
        to_png_bytes(vote_results([("Valley Works", 5), ("Made Here", 2)]))
    assert plt.get_fignums() == before


def test_charts_svg_is_the_same_for_the_same_chart(wb):
    """Rendering twice gives identical SVG (no timestamp, fixed ids)."""
    chart = vote_results([("Valley Works", 5), ("Made Here", 2)])
    assert to_svg(chart) == to_svg(chart)


def test_charts_refuse_an_unknown_format():
    """Only png and svg data URIs exist."""
    chart = vote_results([("A", 1), ("B", 2)])
    with pytest.raises(ValueError, match="gif"):
        to_data_uri(chart, fmt="gif")


def test_charts_return_none_when_there_is_nothing_to_draw(wb):
    """Empty inputs give None, which views show as no chart."""
    assert vote_results([]) is None
    assert coverage_chart(coverage(wb)) is None
    assert capacity_heatmap(wb) is None
    assert health_trend_chart(wb) is None
    assert momentum_chart(wb) is None
    assert lifecycle_timeline([], []) is None
    problem = add_problem_tree(wb, depth=0).problem
    assert cause_tree_chart(wb, problem.id) is None


def test_charts_print_dollar_signs_as_typed(shown, texts):
    """Typed dollar signs never switch matplotlib to formulas, and still show as typed."""
    names = [("$5 a day$", 3), (r"Pay \$ and $x^2$", 2)]
    chart = vote_results(names)
    assert to_png_bytes(chart).startswith(PNG_SIGNATURE)
    assert "$5 a day$" in shown(chart) and r"Pay \$ and $x^2$" in shown(chart)
    assert "$5 a day$: 3 dots" in chart.alt_text
    assert all(not t._preprocess_math(t.get_text())[1] for t in texts(chart.figure))


def test_charts_phase_change_records_work_without_a_workbook():
    """The timeline also takes a phase history and meeting dates directly."""
    history = [PhaseChange(phase="preparation", changed_on=dt.date(2026, 1, 1)),
               PhaseChange(phase="planning", changed_on=dt.date(2026, 2, 1))]
    chart = lifecycle_timeline(history, [dt.date(2026, 2, 10)], today=dt.date(2026, 3, 1))
    assert "Planning from February 1, 2026 (28 days)" in chart.alt_text


def test_charts_draw_hostile_typed_text_as_plain_text(wb, texts):
    """Dollar pairs, backslashes, line breaks and 1,000-character statements all render."""

    hostile = ("Pay is $15 vs $\\frac{1}{0}$ \\n elsewhere\n" + "x" * 1_000)[:1_000]
    own = add_organisation(wb, partner_type=reference.OWN, name="Ours $a$")
    wb.rate(own.id, "data_use", 1)
    tree = add_problem_tree(wb, depth=2, statement=hostile[:900])
    wb.add(HealthCheck(organisation_id=own.id, checked_on=dt.date(2026, 1, 1)))
    wb.add(Cause(problem_id=tree.problem.id, parent_id=tree.causes[0].id, statement=hostile,
                 is_root=True))
    for chart in (cause_tree_chart(wb, tree.problem.id), coverage_chart(coverage(wb)),
                  capacity_heatmap(wb), vote_results([(hostile[:200], 2), ("B", 1)])):
        assert to_png_bytes(chart).startswith(PNG_SIGNATURE)
        assert len(chart.alt_text) <= 2_000
        drawn = texts(chart.figure)
        assert all(not t._preprocess_math(t.get_text())[1] for t in drawn)
        assert max(len(t.get_text()) for t in drawn) < 200


SCRIPTS = {
    "Japanese": "協働パートナーズ",
    "Chinese": "北京技能联盟",
    "Korean": "한국 기술 협력",
    "Arabic": "شراكة القاهرة",
    "Hebrew": "שותפות חיפה",
    "Cyrillic": "Партнерство Київ",
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_charts_font_fallback_has_a_glyph_for_every_letter(script):
    """The fallback list holds a font with a real glyph for each letter of each script."""
    from matplotlib import font_manager

    from workbook.charts.base import font_families

    with style():
        paths = font_manager.fontManager._find_fonts_by_props(
            FontProperties(family=font_families()))
    fonts = [font_manager.get_font(path) for path in paths]
    missing = [ch for ch in SCRIPTS[script].replace(" ", "")
               if not any(font.get_char_index(ord(ch)) for font in fonts)]
    assert not missing, (f"no font for {missing} in {font_families()}; install "
                         "fonts-droid-fallback (tools/install-chromium.sh)")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_charts_draw_cjk_arabic_and_hebrew_names_without_missing_glyphs(fmt):
    """A vote chart of CJK, Arabic and Hebrew names draws with no missing-glyph warning."""
    results = [(name, dots) for dots, name in enumerate(SCRIPTS.values(), start=1)]
    chart = vote_results(results)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        data = chart.to_png() if fmt == "png" else chart.to_svg().encode()
    assert data
    if fmt == "svg":
        assert "Droid Sans Fallback" in data.decode() or "Noto Sans CJK" in data.decode()
