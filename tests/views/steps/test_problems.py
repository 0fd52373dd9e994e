"""The problem framing view, driven without a browser: problems, causes, roots, solutions."""

from __future__ import annotations

from ipywidgets.widgets.widget import _instances

from workbook import Cause, Problem, Solution
from workbook.testing import (
    add_organisation,
    add_person,
    add_problem_tree,
    add_resource,
    add_solution,
)
from workbook.views.steps.problems import ProblemFramingView, outline_html


def _pick_problem(view: ProblemFramingView, problem_id: int | None) -> None:
    view.problems.picker.value = problem_id


def test_problems_add_problem_with_who_raised_it(wb):
    """A stated problem is stored with the person and organisation who raised it."""
    org = add_organisation(wb, name="Harbour Fabrication")
    person = add_person(wb, org, name="Ada Quill")
    view = ProblemFramingView(wb)
    form = view.problems.form
    form.inputs["statement"].value = "Welders leave within a year"
    form.inputs["raised_by_id"].value = person.id
    form.inputs["organisation_id"].value = org.id
    view.problems.save_button.click()
    [problem] = wb.all(Problem)
    assert (problem.statement, problem.raised_by_id, problem.organisation_id) == (
        "Welders leave within a year", person.id, org.id)
    assert view.problem_id == problem.id
    assert "Ada Quill" in view.outline.value and "Harbour Fabrication" in view.outline.value


def test_problems_empty_statement_is_refused(wb):
    """An empty problem statement shows the model's message under the field; nothing stored."""
    view = ProblemFramingView(wb)
    view.problems.form.inputs["statement"].value = "   "
    view.problems.save_button.click()
    assert wb.all(Problem) == []
    assert "statement" in view.problems.form.error_text("statement")
    assert view.status.text.startswith("✗")


def test_problems_ask_why_adds_causes_under_problem_and_cause(wb):
    """A first cause sits under the problem; "ask why" puts the next one under the picked cause."""
    wb.add(Problem(statement="Openings stay unfilled"))
    view = ProblemFramingView(wb)
    view.causes.form.inputs["statement"].value = "Few people apply"
    view.causes.save_button.click()
    [first] = wb.all(Cause)
    assert first.parent_id is None
    assert view.causes.entity_id == first.id
    view.why_button.click()
    assert view.causes.entity_id is None
    view.causes.form.inputs["statement"].value = "The jobs are unknown to school leavers"
    view.causes.form.inputs["evidence"].value = "Survey of 300 seniors"
    view.causes.save_button.click()
    second = wb.all(Cause)[1]
    assert (second.parent_id, second.evidence) == (first.id, "Survey of 300 seniors")
    assert "The jobs are unknown to school leavers" in view.outline.value


def test_problems_mark_and_unmark_root_cause(wb):
    """The root button marks the picked cause as a root cause, and a second press unmarks it."""
    tree = add_problem_tree(wb, depth=2)
    top = tree.causes[0]
    view = ProblemFramingView(wb)
    view.causes.picker.value = top.id
    assert view.root_button.description == "Mark as root cause"
    view.root_button.click()
    assert wb.get(Cause, top.id).is_root is True
    assert view.root_button.description == "Unmark root cause"
    assert view.outline.value.count("(root cause)") == 2
    view.root_button.click()
    assert wb.get(Cause, top.id).is_root is False


def test_problems_cause_under_its_own_sub_cause_is_refused(wb):
    """Moving a cause under its own sub-cause shows the CycleError; the tree is unchanged."""
    tree = add_problem_tree(wb, depth=3)
    top, _middle, bottom = tree.causes
    view = ProblemFramingView(wb)
    view.causes.picker.value = top.id
    view.causes.form.inputs["parent_id"].value = bottom.id
    view.causes.save_button.click()
    assert wb.get(Cause, top.id).parent_id is None
    assert "beneath this cause" in view.causes.form.error_text("parent_id")
    assert "beneath this cause" in view.status.text


def test_problems_cause_under_itself_is_refused(wb):
    """A cause cannot be placed under itself: the message shows, nothing changes."""
    tree = add_problem_tree(wb, depth=2)
    top = tree.causes[0]
    view = ProblemFramingView(wb)
    view.causes.picker.value = top.id
    view.causes.form.inputs["parent_id"].value = top.id
    view.causes.save_button.click()
    assert wb.get(Cause, top.id).parent_id is None
    assert "itself" in view.causes.form.error_text("parent_id")


def test_problems_move_cause_under_another_branch(wb):
    """Changing "Under" of a cause moves it, with the other causes untouched."""
    tree = add_problem_tree(wb, depth=2, branches=2)
    first_top, first_root, second_top, _ = tree.causes
    view = ProblemFramingView(wb)
    view.causes.picker.value = first_root.id
    view.causes.form.inputs["parent_id"].value = second_top.id
    view.causes.save_button.click()
    assert wb.get(Cause, first_root.id).parent_id == second_top.id
    assert wb.get(Cause, first_top.id).parent_id is None


def test_problems_attach_new_and_existing_solutions(wb):
    """Solutions attach to a cause: something new, or an existing resource from the map."""
    tree = add_problem_tree(wb, depth=2)
    root = tree.roots[0]
    resource = add_resource(wb, name="Bridge Program")
    view = ProblemFramingView(wb)
    form = view.solutions.form
    form.inputs["cause_id"].value = root.id
    form.inputs["description"].value = "Plant tours for school leavers"
    view.solutions.save_button.click()
    view.solutions.load(None)
    form.inputs["cause_id"].value = root.id
    form.inputs["description"].value = "Refer to the bridge program"
    form.inputs["solution_kind"].value = "existing"
    form.inputs["resource_id"].value = resource.id
    form.inputs["status"].value = "agreed"
    view.solutions.save_button.click()
    stored = {s.description: s for s in wb.all(Solution)}
    assert stored["Plant tours for school leavers"].cause_id == root.id
    assert stored["Refer to the bridge program"].resource_id == resource.id
    assert "existing resource: Bridge Program" in view.outline.value


def test_problems_tried_solution_needs_lessons(wb):
    """A solution tried before is refused without lessons, and stored once they are written."""
    tree = add_problem_tree(wb, depth=1)
    view = ProblemFramingView(wb)
    form = view.solutions.form
    form.inputs["cause_id"].value = tree.roots[0].id
    form.inputs["description"].value = "Classroom course"
    form.inputs["status"].value = "failed"
    view.solutions.save_button.click()
    assert wb.all(Solution) == []
    assert "lessons" in form.error_text("lessons")
    form.inputs["lessons"].value = "No employer helped design it."
    view.solutions.save_button.click()
    [solution] = wb.all(Solution)
    assert solution.lessons == "No employer helped design it."


def test_problems_warns_of_solutions_without_root_cause(wb):
    """A solution under a symptom (not a root cause) is listed in the warning; a rooted one not."""
    tree = add_problem_tree(wb, depth=2)
    add_solution(wb, tree.problem, cause_id=tree.causes[0].id, description="Sign-on bonus")
    add_solution(wb, tree.problem, cause_id=tree.roots[0].id, description="Coach supervisors")
    view = ProblemFramingView(wb)
    assert "Sign-on bonus" in view.warnings.value
    assert "Coach supervisors" not in view.warnings.value
    view.solutions.picker.value = wb.all(Solution)[0].id
    view.solutions.form.inputs["cause_id"].value = tree.roots[0].id
    view.solutions.save_button.click()
    assert view.warnings.value == ""


def test_problems_outline_escapes_text_and_says_root_in_words():
    """The outline nests causes in lists, escapes typed text and labels root causes in words."""
    problem = Problem(id=1, statement="<b>Quits</b>")
    top = Cause(id=1, problem_id=1, statement="Pay & hours", is_root=False)
    root = Cause(id=2, problem_id=1, parent_id=1, statement="<script>x</script>", is_root=True)
    page = outline_html(problem, [(1, top), (2, root)], [], {})
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert "(root cause)" in page
    assert page.count("<ul") == page.count("</ul>") == 3  # problem, why, why-of-why
    assert page.index("Pay &amp; hours") < page.index("&lt;script&gt;")


def test_problems_picking_another_problem_shows_its_tree(wb):
    """Picking a problem shows its causes in the outline and offers only its causes."""
    first = add_problem_tree(wb, depth=1, statement="First problem")
    second = add_problem_tree(wb, depth=1, statement="Second problem")
    view = ProblemFramingView(wb)
    _pick_problem(view, second.problem.id)
    assert "Second problem" in view.outline.value and "First problem" not in view.outline.value
    offered = [v for _, v in view.causes.picker.options]
    assert second.causes[0].id in offered and first.causes[0].id not in offered


def test_problems_edit_made_elsewhere_is_not_overwritten(wb):
    """A problem changed in another kernel meanwhile is not overwritten: ConflictError shown."""
    problem = wb.add(Problem(statement="Old wording"))
    view = ProblemFramingView(wb)
    wb.update(Problem, problem.id, {"statement": "Wording from the other kernel"})
    view.problems.form.inputs["statement"].value = "My wording"
    view.problems.save_button.click()
    assert wb.get(Problem, problem.id).statement == "Wording from the other kernel"
    assert "changed elsewhere" in view.status.text


def test_problems_show_twice_closes_first_and_stores_once(wb):
    """Re-running the cell closes the first view; one click on the new one stores one problem."""
    before = set(_instances)
    first = ProblemFramingView.show(wb)
    second = ProblemFramingView.show(wb)
    assert first.widget.comm is None and first.problems.save_button.comm is None
    second.problems.form.inputs["statement"].value = "Night shifts cannot be staffed"
    second.problems.save_button.click()
    assert len(wb.all(Problem)) == 1
    second.close()
    assert set(_instances) - before == set()  # layouts and styles too


def test_problems_demo_tree_shows_outline_and_warning(demo_wb):
    """On the demo the outline shows root causes in words and the unrooted warning appears."""
    view = ProblemFramingView(demo_wb)
    assert "(root cause)" in view.outline.value
    unrooted = demo_wb.unrooted_solutions()
    assert unrooted and all(s.description.split()[0] in view.warnings.value for s in unrooted)


def test_problems_chart_has_text_alternative(wb):
    """The drawn tree comes with alt text naming the root causes, as well as the outline."""
    tree = add_problem_tree(wb, depth=2)
    view = ProblemFramingView(wb)
    assert view.chart.value == ""  # drawn when its section is opened, not before
    view.chart.open()
    assert "<img" in view.chart.value
    alt = view.chart.value.split('alt="', 1)[1].split('"', 1)[0]
    assert tree.roots[0].statement in alt
