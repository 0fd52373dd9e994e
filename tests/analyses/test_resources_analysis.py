"""Resource coverage: gaps, duplication, and what counts towards covering a root cause."""

from __future__ import annotations

from workbook.analyses import coverage, duplications, gaps
from workbook.testing import add_organisation, add_problem_tree, add_resource, add_solution


def _root(wb, **kwargs):
    return add_problem_tree(wb, depth=2, **kwargs).roots[0]


def test_coverage_marks_a_root_cause_with_nothing_as_a_gap(wb):
    """A root cause with no linked resource and no solution is a gap, and only it."""
    bare = _root(wb)
    helped = _root(wb)
    wb.link_resource(add_resource(wb).id, helped.id)
    table = coverage(wb).set_index("cause_id")
    assert bool(table.loc[bare.id, "gap"]) is True
    assert bool(table.loc[helped.id, "gap"]) is False
    assert table.loc[bare.id, "verdict"].startswith("gap")
    assert list(gaps(wb)["cause_id"]) == [bare.id]


def test_coverage_a_solution_alone_closes_the_gap(wb):
    """An agreed solution on a root cause means it is no gap, even with no resource."""
    tree = add_problem_tree(wb, depth=1)
    add_solution(wb, tree.problem, cause_id=tree.roots[0].id, status="agreed")
    row = coverage(wb).iloc[0]
    assert (row.resources, row.solutions, bool(row.gap)) == (0, 1, False)


def test_coverage_failed_and_dropped_solutions_leave_the_gap_open(wb):
    """A solution that is only an idea, failed or was dropped does not cover its cause."""
    tree = add_problem_tree(wb, depth=1)
    add_solution(wb, tree.problem, cause_id=tree.roots[0].id, status="idea")
    add_solution(wb, tree.problem, cause_id=tree.roots[0].id, status="failed",
                 tried_before=True, lessons="Nobody came to the evening sessions.")
    add_solution(wb, tree.problem, cause_id=tree.roots[0].id, status="dropped")
    row = coverage(wb).iloc[0]
    assert (row.solutions, bool(row.gap)) == (0, True)


def test_coverage_duplication_needs_two_different_owners(wb):
    """Two resources of one owner are no duplication; two owners' are."""
    same, mixed = _root(wb), _root(wb)
    owner = add_organisation(wb)
    for _ in range(2):
        wb.link_resource(add_resource(wb, owner_id=owner.id).id, same.id)
    wb.link_resource(add_resource(wb, owner_id=owner.id).id, mixed.id)
    wb.link_resource(add_resource(wb).id, mixed.id)
    table = coverage(wb).set_index("cause_id")
    assert (table.loc[same.id, "resources"], table.loc[same.id, "owners"]) == (2, 1)
    assert bool(table.loc[same.id, "duplication"]) is False
    assert (table.loc[mixed.id, "resources"], table.loc[mixed.id, "owners"]) == (2, 2)
    assert bool(table.loc[mixed.id, "duplication"]) is True
    assert list(duplications(wb)["cause_id"]) == [mixed.id]


def test_coverage_counts_only_active_and_planned_resources(wb):
    """Retired and paused entries are not counted; planned and active ones are."""
    cause = _root(wb)
    for status in ("active", "planned", "paused", "retired"):
        wb.link_resource(add_resource(wb, status=status, name=f"Entry {status}").id, cause.id)
    row = coverage(wb).iloc[0]
    assert row.resources == 2
    assert row.resource_names == "Entry active, Entry planned"


def test_coverage_a_retired_duplicate_is_no_duplication(wb):
    """Retiring one of two owners' resources ends the duplication."""
    cause = _root(wb)
    first, second = add_resource(wb), add_resource(wb)
    for resource in (first, second):
        wb.link_resource(resource.id, cause.id)
    assert bool(coverage(wb).iloc[0].duplication) is True
    wb.retire_resource(second.id)
    row = coverage(wb).iloc[0]
    assert (row.resources, bool(row.duplication)) == (1, False)


def test_coverage_lists_root_causes_only(wb):
    """Causes not marked as root causes get no row of their own."""
    tree = add_problem_tree(wb, depth=3, branches=2)
    table = coverage(wb)
    assert sorted(table["cause_id"]) == sorted(c.id for c in tree.roots)
    assert set(table["problem"]) == {tree.problem.statement}


def test_coverage_of_an_empty_workbook_is_an_empty_table_that_still_filters(wb):
    """No root causes: an empty table with every column, and gaps() works on it."""
    table = coverage(wb)
    assert table.empty
    assert "gap" in table.columns and "duplication" in table.columns
    assert gaps(wb).empty and duplications(wb).empty
