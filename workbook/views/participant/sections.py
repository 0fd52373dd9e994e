"""The parts of the participant app where something is added: names and dots, resources,
causes and solutions. Each section holds its widgets, adds to the view's draft through
``view.act`` (so the model's message appears under the field) and never writes the workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as w

from ...i18n import _, ngettext
from ...model import Cause, NameCandidate, Organisation, Resource, Solution
from ...participant.draft import Draft
from ...participant.items import MINE
from ...store import Workbook
from ..widgets.base import Status, heading, note
from ..widgets.forms import EntityForm, entity_label

__all__ = ["NamingSection", "ProblemSection", "ResourceSection", "SectionHost", "fold_fields",
           "offer", "open_fold_on_error"]


class SectionHost(Protocol):
    """What a section needs of the page it sits on (``app.ParticipantView`` is one)."""

    wb: Workbook
    draft: Draft

    def act(self, action: Any, done: Any, where: Status, form: Any = None) -> Any: ...

    def on_click(self, button: w.Button, handler: Callable[[], Any]) -> None: ...

    def observe(self, widget: w.Widget, handler: Callable[[Any], Any],
                names: str = "value") -> None: ...

LABEL = {"description_width": "11em"}
WIDE = "38em"


def offer(widget: w.Dropdown, options: list[tuple[str, Any]]) -> None:
    """Replace the options, keeping the choice if still offered, else the first one.

    (ipywidgets 8 leaves a dropdown with no value when options arrive after it was made.)
    """
    current = widget.value
    widget.options = options
    values = [v for _, v in options]
    if values:  # by index: an option whose value is None would read as "nothing picked"
        widget.index = values.index(current) if current in values else 0


def fold_fields(form: EntityForm, names: list[str], title: str) -> w.Accordion:
    """Move the rows of ``names`` out of ``form``'s box into a closed fold titled ``title``
    (at the end of the form): the optional details, opened on demand, so one activity
    stays about one phone screen long. Returns the fold."""
    rows = dict(zip(form.fields, form.widget.children, strict=True))
    fold = w.Accordion(children=[w.VBox([rows[n] for n in names])], selected_index=None,
                       titles=(title,), layout=w.Layout(width="100%"))
    form.widget.children = [rows[n] for n in form.fields if n not in names] + [fold]
    return fold


def open_fold_on_error(form: EntityForm, fold: w.Accordion, names: list[str]) -> None:
    """Open ``fold`` when the model refused one of the fields it hides."""
    if form.invalid in names:
        fold.selected_index = 0


class NamingSection:
    """Propose a name; cast one's dots in the open vote (results stay hidden)."""

    def __init__(self, view: SectionHost) -> None:
        self.view = view
        self.form = EntityForm(view.wb, NameCandidate, ["name", "rationale"],
                               labels={"name": _("Proposed name"),
                                       "rationale": _("Why this name")})
        self.propose_button = w.Button(description=_("Propose this name"), icon="plus",
                                       layout=w.Layout(width="fit-content"))
        self.dots_box = w.VBox()
        self.dots: dict[int | None, w.BoundedIntText] = {}
        self.dots_button = w.Button(description=_("Keep my dots"), icon="check",
                                    layout=w.Layout(width="fit-content"))
        self.status = Status()
        self._shape: tuple[Any, ...] | None = None
        self.vote_id: int | None = None
        view.on_click(self.propose_button, self.propose)
        view.on_click(self.dots_button, self.keep_dots)
        self.widget = w.VBox([heading(_("Name and vote"), 3), self.form.widget,
                              self.propose_button, self.dots_box, self.status])

    def refresh(self) -> None:
        vote = self.view.wb.open_vote_now()
        candidates = sorted(self.view.wb.all(NameCandidate), key=lambda c: c.name.casefold())
        shape = (vote.id if vote else None, tuple(c.id for c in candidates))
        if shape == self._shape:
            return  # keep what was typed into the dot boxes
        self._shape = shape
        for box in self.dots.values():
            box.close()
        self.dots = {}
        self.vote_id = vote.id if vote else None
        if vote is None:
            self.dots_box.children = [note(_("No vote is open, so there are no dots to cast "
                                             "now."))]
            return
        self.dots = {c.id: w.BoundedIntText(value=0, min=0, max=vote.dots_per_participant,
                                            description=c.name[:40], style=LABEL,
                                            layout=w.Layout(width="24em"))
                     for c in candidates}
        n = vote.dots_per_participant
        intro = note(ngettext(
            "Your {count} dot: give it to the name you like.",
            "Your {count} dots: spread them over the names you like (several on one name "
            "is fine).", n).format(count=n))
        self.dots_box.children = [intro, *self.dots.values(), self.dots_button]

    def propose(self) -> None:
        values = self.form.values()
        done = self.view.act(lambda: self.view.draft.add({"kind": "name_candidate", **values}),
                             done=_("Name added to your contribution."), where=self.status,
                             form=self.form)
        if done is not None:
            self.form.clear()

    def keep_dots(self) -> None:
        allocations = {cid: box.value for cid, box in self.dots.items() if cid is not None}
        vote_id = self.vote_id
        self.view.act(lambda: self.view.draft.cast_dots(vote_id, allocations),
                      done=_("Your dots are kept for your contribution (casting again "
                             "replaces them)."), where=self.status)


class ResourceSection:
    """Add a program, fund, policy or service to the resource map."""

    FIELDS = ["name", "resource_kind", "target_group", "eligibility", "capacity",
              "funding_source", "referral", "notes"]
    MORE = ["eligibility", "capacity", "funding_source", "referral"]
    """Asked behind "More about it (optional)"."""

    def __init__(self, view: SectionHost) -> None:
        self.view = view
        self.form = EntityForm(view.wb, Resource, self.FIELDS,
                               labels={"resource_kind": _("Kind"),
                                       "referral": _("How to refer")})
        self.more = fold_fields(self.form, self.MORE, _("More about it (optional)"))
        self.owner = w.Dropdown(description=_("Whose is it"), style=LABEL,
                                layout=w.Layout(width=WIDE))
        self.button = w.Button(description=_("Add to the map"), icon="plus",
                               layout=w.Layout(width="fit-content"))
        self.status = Status()
        view.on_click(self.button, self.add)
        self.widget = w.VBox([heading(_("Resource map"), 3),
                              note(_("A program, fund, policy, service, facility, "
                                     "curriculum or data source that bears on the "
                                     "industry's workforce.")),
                              self.form.widget, self.owner, self.button, self.status])

    def refresh(self) -> None:
        orgs = sorted(self.view.wb.all(Organisation), key=lambda o: o.name.casefold())
        offer(self.owner, [(_("Not known"), None), (_("My organization"), MINE)] + [
            (o.name, o.id) for o in orgs])

    def add(self) -> None:
        item = {"kind": "resource", **self.form.values(), "owner": self.owner.value}
        done = self.view.act(lambda: self.view.draft.add(item),
                             done=_("Resource added to your contribution."), where=self.status,
                             form=self.form)
        if done is not None:
            self.form.clear()
        else:
            open_fold_on_error(self.form, self.more, self.MORE)


class ProblemSection:
    """Add a cause (an answer to "why?") or a solution under a problem already stated."""

    def __init__(self, view: SectionHost) -> None:
        self.view = view
        self.problem = w.Dropdown(description=_("Problem"), style=LABEL,
                                  layout=w.Layout(width=WIDE))
        self.under = w.Dropdown(description=_("Under"), style=LABEL, layout=w.Layout(width=WIDE))
        self.cause_form = EntityForm(view.wb, Cause, ["statement", "evidence"],
                                     labels={"statement": _("Why? (a cause)"),
                                             "evidence": _("How we know")})
        self.cause_button = w.Button(description=_("Add this cause"), icon="plus",
                                     layout=w.Layout(width="fit-content"))
        self.solution_form = EntityForm(view.wb, Solution, ["description", "tried_before",
                                                            "lessons"],
                                        labels={"description": _("A solution"),
                                                "tried_before": _("Tried before"),
                                                "lessons": _("What we learned")})
        self.resource = w.Dropdown(description=_("Uses the resource"), style=LABEL,
                                   layout=w.Layout(width=WIDE))
        self.solution_button = w.Button(description=_("Add this solution"), icon="plus",
                                        layout=w.Layout(width="fit-content"))
        self.status = Status()
        # A cause or a solution: one form open at a time, so the screen stays short.
        self.kinds = w.Accordion(
            children=[w.VBox([self.cause_form.widget, self.cause_button]),
                      w.VBox([self.solution_form.widget, self.resource,
                              self.solution_button])],
            titles=(_("A cause"), _("A solution")), selected_index=0,
            layout=w.Layout(width="100%"))
        view.observe(self.problem, lambda _change: self._fill_under())
        view.on_click(self.cause_button, self.add_cause)
        view.on_click(self.solution_button, self.add_solution)
        self.widget = w.VBox([
            heading(_("Problems: causes and solutions"), 3),
            note(_("Pick a problem (and, if you like, a cause already under it), then say "
                   "why it happens, or what could solve it.")),
            self.problem, self.under, self.kinds, self.status])

    def refresh(self) -> None:
        wb = self.view.wb
        offer(self.problem, [(entity_label(p), p.id) for p in wb.problems()])
        resources = sorted(wb.all(Resource), key=lambda r: r.name.casefold())
        offer(self.resource, [(_("Nothing existing: something new"), None)] + [
            (entity_label(r), r.id) for r in resources])
        none = not self.problem.options
        self.cause_button.disabled = self.solution_button.disabled = none
        self._fill_under()

    def _fill_under(self) -> None:
        problem_id = self.problem.value
        tree = self.view.wb.cause_tree(problem_id) if problem_id is not None else []
        offer(self.under, [(_("The problem itself"), None)] + [
            ("· " * (depth - 1) + entity_label(cause), cause.id) for depth, cause in tree])

    def add_cause(self) -> None:
        item = {"kind": "cause", "problem_id": self.problem.value,
                "parent_id": self.under.value, **self.cause_form.values()}
        done = self.view.act(lambda: self.view.draft.add(item),
                             done=_("Cause added to your contribution."), where=self.status,
                             form=self.cause_form)
        if done is not None:
            self.cause_form.clear()

    def add_solution(self) -> None:
        item = {"kind": "solution", "problem_id": self.problem.value,
                "cause_id": self.under.value, "resource_id": self.resource.value,
                **self.solution_form.values()}
        done = self.view.act(lambda: self.view.draft.add(item),
                             done=_("Solution added to your contribution."), where=self.status,
                             form=self.solution_form)
        if done is not None:
            self.solution_form.clear()
