"""Problem framing: a problem, the "why?" chain of causes beneath it, and the solutions.

Employers state a problem; the group asks "why?" until it reaches causes worth acting on
(root causes); only then do solutions get attached, each to a cause. The tree is always
shown twice: as an indented outline a screen reader follows (nested lists, root causes
said in words) and as a drawn chart. Solutions with no root cause behind them are listed
as a warning, because they treat a symptom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as w

from ... import reference
from ...i18n import N_, _
from ...model import Cause, Organisation, Person, Problem, Resource, Solution
from ...store.listing import columns
from ..widgets.base import View, heading
from ..widgets.charts_out import FoldedChart, chart_html, make_chart
from ..widgets.editing import EditPanel
from ..widgets.forms import entity_label
from ..widgets.pickers import organisation_options, people_options
from ..widgets.reads import names
from ..widgets.tables import typed

__all__ = ["ProblemFramingView", "outline_html"]

ROOT_WORDS = N_("(root cause)")


def _solution_item(solution: Solution, resources: dict[int | None, Resource]) -> str:
    status = reference.SOLUTION_STATUSES.get(solution.status, solution.status)
    text = _("Solution: {description} — {status}").format(
        description=solution.description, status=status)
    if solution.resource_id in resources:
        text += _("; existing resource: {name}").format(name=resources[solution.resource_id].name)
    if solution.lessons.strip():
        text += _("; lessons: {strip}").format(strip=solution.lessons.strip())
    return f"<li>{typed(text)}</li>"


def _cause_item(cause: Cause, solutions: Sequence[Solution],
                resources: dict[int | None, Resource]) -> str:
    parts = [typed(cause.statement)]
    if cause.is_root:
        parts.append(f" <strong>{_(ROOT_WORDS)}</strong>")
    if cause.evidence.strip():
        parts.append(_(" <em>Evidence: {typed}</em>").format(typed=typed(cause.evidence.strip())))
    if solutions:
        parts.append("<ul>" + "".join(_solution_item(s, resources) for s in solutions)
                     + "</ul>")
    return "".join(parts)


def outline_html(problem: Problem, tree: Iterable[tuple[int, Cause]],
                 solutions: Iterable[Solution], resources: dict[int | None, Resource],
                 raised_by: str = "") -> str:
    """The problem and its causes as nested ``<ul>`` lists, every text escaped.

    ``tree`` is the outline order of ``Workbook.cause_tree`` (depth 1 = a first "why?").
    A solution sits under its cause; solutions attached to no cause come last.
    """
    by_cause: dict[int | None, list[Solution]] = {}
    for solution in solutions:
        by_cause.setdefault(solution.cause_id, []).append(solution)
    head = (_("Problem: {statement} (raised by {raised_by})").format(
                statement=problem.statement, raised_by=raised_by) if raised_by
            else _("Problem: {statement}").format(statement=problem.statement))
    out = ['<ul class="pwb-tree">', f"<li><strong>{typed(head)}</strong>"]
    depth_now = 0
    for depth, cause in tree:
        if depth > depth_now:
            out.append("<ul>" * (depth - depth_now))
        else:
            out.append("</li>" + "</ul></li>" * (depth_now - depth))
        out.append("<li>" + _cause_item(cause, by_cause.get(cause.id, ()), resources))
        depth_now = depth
    if depth_now:
        out.append("</li>" + "</ul></li>" * (depth_now - 1) + "</ul>")
    else:
        out.append(_("<p>No causes yet: ask the group why this happens.</p>"))
    loose = by_cause.get(None, ())
    if loose:
        out.append(_("<p>Solutions not attached to a cause:</p><ul>")
                   + "".join(_solution_item(s, resources) for s in loose) + "</ul>")
    out.append("</li></ul>")
    return "".join(out)


class ProblemFramingView(View):
    """State problems, ask why, mark root causes and attach solutions to causes."""

    title = N_("Problem framing: ask why before choosing solutions")

    def build(self) -> w.Widget:
        wb = self.wb
        none = [(_("(none)"), None)]
        # The first problem is shown from the start, so the cause and solution forms below
        # are built with its choices (not built empty, then filled again).
        problems = wb.all(Problem)
        self.problems = EditPanel(
            self, Problem, ["statement", "raised_by_id", "organisation_id", "raised_on", "notes"],
            choices=lambda: [(entity_label(p), p.id) for p in wb.all(Problem)],
            picker_label=_("Problem"), new_label=_("(state a new problem)"),
            labels={"raised_by_id": _("Raised by (person)"),
                    "organisation_id": _("Raised by (organization)")},
            options={"raised_by_id": lambda: none + people_options(wb),
                     "organisation_id": lambda: none + organisation_options(wb)},
            on_saved=lambda _p: self._problem_changed(), add_label=_("Add problem"),
            initial=problems[0].id if problems else None)
        self.causes = EditPanel(
            self, Cause, ["parent_id", "statement", "evidence", "is_root"],
            choices=self._cause_choices, picker_label=_("Cause"),
            new_label=_("(answer why: a new cause)"), add_label=_("Add cause"),
            fixed=lambda: {"problem_id": self.problem_id},
            labels={"parent_id": _("Under"), "statement": _("Because…"),
                    "is_root": _("Root cause")},
            options={"parent_id": lambda: [(_("(directly under the problem)"), None),
                                           *self._cause_choices()]},
            on_saved=lambda _c: self._update_root_button())
        self.why_button = w.Button(description=_("Ask why about this cause"), icon="question",
                                   tooltip=_("Start a new cause beneath the cause picked above"))
        self.root_button = w.Button(description=_("Mark as root cause"), icon="bullseye")
        self.solutions = EditPanel(
            self, Solution, ["cause_id", "description", "solution_kind", "resource_id",
                             "status", "tried_before", "tried_on", "lessons"],
            choices=self._solution_choices, picker_label=_("Solution"),
            new_label=_("(a new solution)"), add_label=_("Add solution"),
            fixed=lambda: {"problem_id": self.problem_id},
            labels={"cause_id": _("For cause"), "solution_kind": _("Kind"),
                    "resource_id": _("Existing resource"), "tried_before": _("Tried before"),
                    "lessons": _("Lessons from earlier tries")},
            options={"cause_id": lambda: [(_("(no cause yet)"), None), *self._cause_choices()],
                     "resource_id": lambda: none + self._resource_choices()})
        self.outline = w.HTML()
        self.chart = FoldedChart(_("Show the tree as a chart"), self._chart_html)
        self._closers.append(self.chart.close)
        self.warnings = w.HTML()
        self.on_click(self.why_button, self.ask_why)
        self.on_click(self.root_button, self.toggle_root)
        # Both panels have pickers (they are given choices).
        self.observe(self.problems.picker, self._problem_picked)
        self.observe(self.causes.picker, lambda _c: self._update_root_button())
        self._render()
        return w.VBox([
            heading(_("1. The problem, as employers put it"), 3), self.problems.widget,
            heading(_("2. Why does it happen?"), 3), self.causes.widget,
            w.HBox([self.why_button, self.root_button]),
            heading(_("3. Solutions, each aimed at a cause"), 3), self.solutions.widget,
            self.warnings,
            heading(_("The tree as an outline"), 3), self.outline,
            heading(_("The tree as a chart"), 3), self.chart.widget,
        ])

    # -- what is picked ---------------------------------------------------------------

    @property
    def problem_id(self) -> int | None:
        return self.problems.entity_id

    def _cause_choices(self) -> list[tuple[str, int | None]]:
        if self.problem_id is None:
            return []
        return [("— " * (depth - 1) + entity_label(cause)
                 + (f" {_(ROOT_WORDS)}" if cause.is_root else ""), cause.id)
                for depth, cause in self.wb.cause_tree(self.problem_id)]

    def _solution_choices(self) -> list[tuple[str, int | None]]:
        if self.problem_id is None:
            return []
        return [(entity_label(s), s.id) for s in self.wb.all(Solution, problem_id=self.problem_id)]

    def _resource_choices(self) -> list[tuple[str, int | None]]:
        owners = names(self.wb, Organisation)
        # Id, name and owner only: a large map has thousands of entries.
        resources = sorted(columns(self.wb, Resource, "name", "owner_id"),
                           key=lambda r: r[1].casefold())
        return [(f"{name} ({owners[owner_id]})" if owner_id in owners else name, rid)
                for rid, name, owner_id in resources]

    def _problem_picked(self, _change: object) -> None:
        if not self.problems.quiet:
            self._problem_changed()

    def _problem_changed(self) -> None:
        """Another problem is shown: its causes and solutions, empty forms for new ones."""
        for panel in (self.causes, self.solutions):
            panel.refresh_options()
            panel.load(None)
        self._render()

    def _update_root_button(self) -> None:
        picked = self.causes.entity_id
        is_root = bool(picked is not None and self.causes.shown.get("is_root"))
        self.root_button.description = (_("Unmark root cause") if is_root
                                        else _("Mark as root cause"))
        self.root_button.disabled = picked is None
        self.why_button.disabled = self.problem_id is None

    # -- actions ------------------------------------------------------------------------

    def ask_why(self) -> None:
        """Start a new cause beneath the picked cause (or beneath the problem)."""
        parent = self.causes.entity_id
        self.causes.load(None)
        self.causes.form.inputs["parent_id"].value = parent
        self.status.ok(_("Type the answer to “why?” and press Add cause."))

    def toggle_root(self) -> None:
        """Mark the picked cause as a root cause, or take the mark away."""
        cause_id = self.causes.entity_id
        if cause_id is None:
            self.status.error(_("Pick a cause first; nothing was changed."))
            return
        was = bool(self.causes.shown.get("is_root"))
        stored = self.run(
            lambda: self.wb.update(Cause, cause_id, {"is_root": not was},
                                   expected={"is_root": was}),
            done=lambda c: (_("Marked “{statement}” as a root cause.").format(
                statement=c.statement) if c.is_root
                            else _("“{statement}” is no longer marked as a root cause.").format(
                                statement=c.statement)),
            form=self.causes.form)
        if stored is not None:
            self.causes.load(cause_id)
            self._update_root_button()

    # -- showing the tree -----------------------------------------------------------------

    def refresh(self) -> None:
        for panel in (self.problems, self.causes, self.solutions):
            panel.refresh_options()
        self._render()

    def _render(self) -> None:
        self._update_root_button()
        self._render_warnings()
        pid = self.problem_id
        if pid is None:
            self.outline.value = _("<p>Pick a problem, or state a new one above.</p>")
            self.chart.refresh()
            return
        problem = self.wb.get(Problem, pid)
        solutions = self.wb.all(Solution, problem_id=pid)
        # Only the entries its solutions name (a large map has thousands).
        named = {s.resource_id for s in solutions if s.resource_id is not None}
        resources: dict[int | None, Resource] = {
            r.id: r for rid in sorted(named) for r in self.wb.all(Resource, id=rid)}
        self.outline.value = outline_html(
            problem, self.wb.cause_tree(pid), solutions, resources,
            raised_by=self._raised_by(problem))
        self.chart.refresh()

    def _chart_html(self) -> str:
        pid = self.problem_id
        if pid is None:
            return ""
        chart = make_chart("cause_tree_chart", self.wb, pid)
        return chart_html(chart) or (
            _("<p>No chart available here; the outline above shows the whole tree.</p>"))

    def _raised_by(self, problem: Problem) -> str:
        names = []
        if problem.raised_by_id is not None:
            names.append(self.wb.get(Person, problem.raised_by_id).name)
        if problem.organisation_id is not None:
            names.append(self.wb.get(Organisation, problem.organisation_id).name)
        return ", ".join(names)

    def _render_warnings(self) -> None:
        unrooted = self.wb.unrooted_solutions()
        if not unrooted:
            self.warnings.value = ""
            return
        problems = {p.id: p.statement for p in self.wb.all(Problem)}
        items = "".join(
            f"<li>{typed(s.description)} <small>"
            + _("(problem: {statement})").format(
                statement=typed(problems.get(s.problem_id, "")))
            + "</small></li>"
            for s in unrooted)
        self.warnings.value = (
            _("<div class=\"pwb-warn\" role=\"status\"><p>⚠ Warning: these solutions have no root "
              "cause behind them. Attach each to a root cause, or ask why once "
              "more.</p><ul>{items}</ul></div>").format(items=items))
