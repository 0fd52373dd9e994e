"""The cause tree drawing."""

from __future__ import annotations

from workbook import Cause
from workbook.charts import cause_tree_chart, to_png_bytes
from workbook.testing import add_problem_tree


def test_cause_tree_chart_draws_one_node_per_cause_at_its_depth(wb, texts):
    """Every cause is a box at x = its depth; the problem sits at x = 0."""
    tree = add_problem_tree(wb, depth=3, branches=2)
    chart = cause_tree_chart(wb, tree.problem.id)
    nodes = texts(chart.figure, "cause-node")
    assert len(nodes) == len(tree.causes) == 6
    assert sorted(n.get_position()[0] for n in nodes) == [1, 1, 2, 2, 3, 3]
    (problem,) = texts(chart.figure, "problem-node")
    assert problem.get_position()[0] == 0


def test_cause_tree_chart_marks_root_causes_in_words_and_weight(wb, texts):
    """Root causes read ROOT: and are bold; the others are neither."""
    tree = add_problem_tree(wb, depth=2, branches=3)
    nodes = texts(cause_tree_chart(wb, tree.problem.id).figure, "cause-node")
    roots = [n for n in nodes if n.get_text().startswith("ROOT:")]
    assert len(roots) == len(tree.roots) == 3
    assert all(n.get_fontweight() == "bold" for n in roots)
    assert all(n.get_fontweight() == "normal" for n in nodes if n not in roots)


def test_cause_tree_chart_places_a_parent_between_its_children(wb, texts):
    """A cause with two sub-causes sits halfway between them."""
    tree = add_problem_tree(wb, depth=1)
    parent = tree.causes[0]
    for word in ("left", "right"):
        wb.add(Cause(problem_id=tree.problem.id, parent_id=parent.id, statement=word))
    nodes = {n.get_text(): n.get_position()[1]
             for n in texts(cause_tree_chart(wb, tree.problem.id).figure, "cause-node")}
    top = nodes[next(k for k in nodes if "Why" in k)]
    assert top == (nodes["left"] + nodes["right"]) / 2


def test_cause_tree_chart_alt_text_lists_the_root_causes(wb):
    """The text alternative names the problem, counts the causes and lists the roots."""
    tree = add_problem_tree(wb, depth=2, branches=2)
    alt = cause_tree_chart(wb, tree.problem.id).alt_text
    assert tree.problem.statement in alt
    assert "4 causes over 2 levels" in alt and "Root causes (2)" in alt


def test_cause_tree_chart_stays_drawable_with_thirty_causes(wb, texts):
    """Thirty causes in ten chains still give thirty nodes and a PNG (how long it takes
    is for the benchmarks, never a test)."""
    tree = add_problem_tree(wb, depth=3, branches=10)
    chart = cause_tree_chart(wb, tree.problem.id)
    png = to_png_bytes(chart)
    assert len(texts(chart.figure, "cause-node")) == 30
    assert png[:4] == b"\x89PNG"
