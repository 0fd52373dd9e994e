"""The cause tree: outline order, moves, loops refused, causes kept within one problem."""

from __future__ import annotations

import pytest

from workbook import Cause, Problem, Solution
from workbook.errors import CycleError, ValidationError


@pytest.fixture
def tree(mem):
    """Causes added out of outline order: A, B, B1, A1, A2, A1a."""
    problem = mem.add(Problem(statement="Night shifts stay unfilled"))

    def add(statement, parent=None):
        return mem.add(Cause(problem_id=problem.id, statement=statement,
                             parent_id=parent.id if parent else None))

    a = add("A")
    b = add("B")
    add("B1", b)
    a1 = add("A1", a)
    add("A2", a)
    add("A1a", a1)
    return mem, problem


def _outline(wb, problem):
    return [(depth, cause.statement) for depth, cause in wb.cause_tree(problem.id)]


def test_cause_tree_outline_order(tree):
    """Each cause comes right after its parent, siblings in the order they were added."""
    wb, problem = tree
    assert _outline(wb, problem) == [
        (1, "A"), (2, "A1"), (3, "A1a"), (2, "A2"), (1, "B"), (2, "B1")]


def test_cause_tree_move_carries_subtree(tree):
    """Moving a cause moves everything beneath it, one level deeper each."""
    wb, problem = tree
    ids = {c.statement: c.id for _, c in wb.cause_tree(problem.id)}
    wb.update(Cause, ids["B"], {"parent_id": ids["A2"]})
    assert _outline(wb, problem) == [
        (1, "A"), (2, "A1"), (3, "A1a"), (2, "A2"), (3, "B"), (4, "B1")]


def test_cause_tree_refuses_loop_names_parent_and_fix(tree):
    """Hanging a cause under its own grandchild is refused, and nothing moves."""
    wb, problem = tree
    ids = {c.statement: c.id for _, c in wb.cause_tree(problem.id)}
    before = _outline(wb, problem)
    with pytest.raises(CycleError) as caught:
        wb.update(Cause, ids["A"], {"parent_id": ids["A1a"]})
    assert caught.value.field == "parent"
    assert caught.value.value == ids["A1a"]
    assert "not one of its own sub-causes" in str(caught.value)
    assert _outline(wb, problem) == before


def test_cause_tree_keeps_causes_within_their_problem(tree):
    """A cause cannot hang under, or move to, another problem's causes."""
    wb, problem = tree
    other = wb.add(Problem(statement="Apprentices drop out"))
    foreign = wb.add(Cause(problem_id=other.id, statement="Long commute"))
    with pytest.raises(ValidationError, match="is a cause of another problem"):
        wb.add(Cause(problem_id=problem.id, statement="X", parent_id=foreign.id))
    with pytest.raises(ValidationError, match="cannot change for a cause"):
        wb.update(Cause, foreign.id, {"problem_id": problem.id})


def test_cause_tree_delete_refused_while_children(tree):
    """A cause with causes beneath it cannot be removed; a leaf can, freeing its solution."""
    wb, problem = tree
    ids = {c.statement: c.id for _, c in wb.cause_tree(problem.id)}
    with pytest.raises(ValidationError, match="still has causes beneath it"):
        wb.delete(Cause, ids["A1"])
    solution = wb.add(Solution(problem_id=problem.id, cause_id=ids["A1a"],
                               description="Late bus"))
    wb.delete(Cause, ids["A1a"])
    assert wb.get(Solution, solution.id).cause_id is None
    assert "A1a" not in [s for _, s in _outline(wb, problem)]


def test_cause_tree_unrooted_solutions(tree):
    """Solutions count as unrooted until they address a cause marked as root."""
    wb, problem = tree
    ids = {c.statement: c.id for _, c in wb.cause_tree(problem.id)}
    loose = wb.add(Solution(problem_id=problem.id, description="Job fair"))
    symptom = wb.add(Solution(problem_id=problem.id, cause_id=ids["A"],
                              description="Higher pay"))
    rooted = wb.add(Solution(problem_id=problem.id, cause_id=ids["A1a"],
                             description="Late bus"))
    wb.update(Cause, ids["A1a"], {"is_root": True})
    assert {s.id for s in wb.unrooted_solutions()} == {loose.id, symptom.id}
    assert rooted.id not in {s.id for s in wb.unrooted_solutions()}
