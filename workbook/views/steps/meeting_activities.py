"""The activities an agenda item opens in the meeting view, each built from shared panels.

Nothing here is a new form: each activity lays out a panel the step views use too (the
kickoff's attendance, brings and needs, decisions and evaluation; the carry-over review)
or a whole step view embedded without its title and Undo (naming, problem framing, the
resource map), so a change made in the meeting is the same change made in the step
notebook. ``build_activity(key, view)`` makes one; the meeting view builds each the first
time an item opens it and keeps it for the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ...i18n import _
from ..widgets.base import View, close_tree, heading
from ..widgets.reads import reading_pass

if TYPE_CHECKING:  # each activity's panel is imported when the activity is first opened
    from .decisions_panel import DecisionsPanel

__all__ = ["Activity", "build_activity"]

class Activity:
    """One activity: its widget, and ``open(meeting_id, item_id)`` to show it fresh.

    ``panel`` is what it was built from (a shared panel, or an embedded step view).
    """

    def __init__(self, widget: w.Widget, open_: Callable[[int | None, int | None], None],
                 refresh: Callable[[], None], close: Callable[[], None] = lambda: None,
                 *, panel: object = None) -> None:
        self.widget = widget
        self.panel = panel
        self._open = open_
        self.refresh = refresh
        self.close = close

    def open(self, meeting_id: int | None, item_id: int | None) -> None:
        self._open(meeting_id, item_id)


def _folded(title: str, *children: w.Widget) -> w.Accordion:
    return w.Accordion(children=[w.VBox(list(children))], selected_index=None,
                       titles=(title,), layout=w.Layout(max_width="100%"))


def _columns(left: list[w.Widget], right: list[w.Widget]) -> w.HBox:
    """Two columns side by side (they stack on a narrow screen)."""
    first, second = w.VBox(left), w.VBox(right)
    for column in (first, second):
        column.add_class("pwb-meeting-column")
    return w.HBox([first, second], layout=w.Layout(width="100%"))


def _embedded(view_cls: type[View], host: View,
              layout: Callable[[View], list[w.Widget]] | None = None) -> Activity:
    """A step view inside the meeting: its body (or the parts ``layout`` picks, in the
    order that fits one screen), without its title and its Undo button (the meeting view
    has one Undo for everything)."""
    child = view_cls(host.wb)
    # It redraws when the meeting opens it (and, on screen, with the meeting view, which
    # hears every step): a step made while it is hidden does not redraw it for nothing.
    child.shows = frozenset()  # type: ignore[misc]
    title = child.widget.children[1]
    title.layout.display = "none"
    child.context.layout.display = "none"  # the meeting's header names both already
    child.how_to.layout.display = "none"  # the step notebook's guide, not the meeting's
    if child.undoable:
        child.undo_panel.widget.layout.display = "none"
    child.widget.add_class("pwb-embedded")
    if layout is not None:
        body = child.body
        assert isinstance(body, w.Box)
        dropped = body.children
        body.children = tuple(layout(child))
        kept = _all_widgets(body)
        for widget in dropped:
            _close_unless_kept(widget, kept)  # headings and rows the layout does without
    fresh = {"built": True}

    def open_(_meeting_id: int | None, _item_id: int | None) -> None:
        if fresh.pop("built", False):
            return  # built a moment ago: it shows what is stored already
        with reading_pass(child.wb):  # one read per kind for the whole redraw
            child.refresh()

    return Activity(child.widget, open_, child.refresh, child.close, panel=child)


def _all_widgets(root: w.Widget) -> set[w.Widget]:
    found = {root}
    for child in getattr(root, "children", ()):
        found |= _all_widgets(child)
    return found


def _close_unless_kept(widget: w.Widget, kept: set[w.Widget]) -> None:
    """Close ``widget`` and what it holds, except what the new layout kept."""
    if widget in kept:
        return
    children = getattr(widget, "children", ())
    if any(child in kept for child in _all_widgets(widget)):
        for child in children:
            _close_unless_kept(child, kept)
        widget.children = ()
        for part in (widget, getattr(widget, "layout", None), getattr(widget, "style", None)):
            if isinstance(part, w.Widget):
                part.close()
        return
    close_tree(widget)


def _naming_layout(view: View) -> list[w.Widget]:
    """The vote first (open it, ballots, close, results), the candidates after it."""
    naming: Any = view
    return [naming.current_name, naming.open_box, naming.entry_box, naming.results_box,
            _columns([heading(_("Candidates"), 4), naming.candidate_form.widget,
                      naming.add_candidate_button, naming.candidate_fix],
                     [naming.candidates_table])]


def _problems_layout(view: View) -> list[w.Widget]:
    """The three steps as pages beside the tree's outline; the chart folded away."""
    framing: Any = view
    steps = w.Tab(children=[
        framing.problems.widget,
        w.VBox([framing.causes.widget, w.HBox([framing.why_button, framing.root_button])]),
        framing.solutions.widget],
        titles=[_("1. The problem"), _("2. Why?"), _("3. Solutions")])
    return [_columns([steps, framing.warnings],
                     [heading(_("The tree"), 4), framing.outline,
                      framing.chart.widget])]  # folded; drawn when opened


def _decision_layout(decisions: DecisionsPanel) -> w.Widget:
    """The decision, who agreed, one button; why and what it replaces folded below."""
    return w.VBox([
        _columns([decisions.text, decisions.method, w.HBox([decisions.save_button])],
                 [decisions.agreed.widget, w.HBox([decisions.everyone_button]),
                  decisions.stood_aside.widget]),
        _folded(_("Why, and the decision it replaces"), decisions.rationale,
                decisions.agenda_item, decisions.supersedes),
        decisions.table, decisions.fix,
        _folded(_("Search the decision log"), decisions.search_box, decisions.search_results)])


def build_activity(key: str, view: View, meeting: Callable[[], int | None]) -> Activity:
    """The activity ``key`` (a key of ``meeting_model.ACTIVITIES``) for ``view``.

    Raises KeyError for an unknown key.
    """
    if key == "attendance":
        from .attendance_panel import AttendancePanel

        attendance = AttendancePanel(view, meeting)
        body = w.VBox([attendance.ticks,
                       _folded(_("Add a person who is not on the list"), attendance.add_box),
                       attendance.person_fix])
        return Activity(body, lambda _m, _i: attendance.refresh(), attendance.refresh,
                        panel=attendance)
    if key == "brings_needs":
        from .offers_panel import OffersPanel

        offers = OffersPanel(view, meeting, rows=4)
        body = w.VBox([offers.editor.widget, offers.table])
        return Activity(body, lambda _m, _i: offers.refresh(), offers.refresh, panel=offers)
    if key == "name_vote":
        from .naming import NamingView
        return _embedded(NamingView, view, _naming_layout)
    if key == "why_tree":
        from .problems import ProblemFramingView
        return _embedded(ProblemFramingView, view, _problems_layout)
    if key == "resources":
        from .resource_map import ResourceMapView
        return _embedded(ResourceMapView, view)
    if key == "actions":
        from .meeting_actions_panel import MeetingActionsPanel

        actions = MeetingActionsPanel(view, meeting)
        body = _columns([actions.carry_over.widget],
                        [heading(_("New actions: who does what, by when"), 3),
                         actions.editor.widget, actions.agreed])
        view._closers.append(lambda: close_tree(actions.widget))
        return Activity(body, lambda m, _i: actions.load(m), actions.refresh, panel=actions)
    if key == "decision":
        from .decisions_panel import DecisionsPanel

        decisions = DecisionsPanel(view)

        def open_decision(meeting_id: int | None, item_id: int | None) -> None:
            decisions.load(meeting_id)
            decisions.for_item(item_id)

        view._closers.append(lambda: close_tree(decisions.widget))
        return Activity(_decision_layout(decisions), open_decision, decisions.refresh,
                        panel=decisions)
    if key == "evaluation":
        from .evaluation_panel import EvaluationPanel

        evaluation = EvaluationPanel(view)
        view._closers.append(lambda: close_tree(evaluation.widget))
        return Activity(w.VBox([evaluation.turn.widget, evaluation.results,
                                evaluation.reveal_row]), lambda m, _i: evaluation.load(m),
                        evaluation.refresh, panel=evaluation)
    if key == "next_meeting":
        from .meeting_next_panel import MeetingNextPanel

        planning = MeetingNextPanel(view, meeting)
        view._closers.append(lambda: close_tree(planning.widget))
        return Activity(w.VBox([planning.intro, planning.editor.widget]),
                        lambda m, _i: planning.load(m), planning.refresh, panel=planning)
    if key == "notes":
        body = w.VBox([heading(_("Talk it through"), 3), w.HTML(
            _("<p>This item opens no form: write what the room says in the notes beside "
            "the agenda, or open another activity for it above.</p>"))])
        return Activity(body, lambda _m, _i: None, lambda: None)
    raise KeyError(key)
