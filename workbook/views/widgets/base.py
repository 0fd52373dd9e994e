"""What every view shares: a workbook, a status line, safe actions and clean re-runs.

A view is built from a workbook passed in; it never opens files itself. ``View.show(wb)``
closes the previous instance of the same view before building a new one, so re-running a
notebook cell leaks no widgets and doubles no handlers. ``run`` wraps every change: a
``WorkbookError`` is shown next to the field it names and nothing is stored; any other
exception is a bug, logged and shown, then raised again so nothing is swallowed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import logging
import os
import re
import urllib.parse
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import ipywidgets as w
from ipywidgets.widgets.widget_selectioncontainer import _SelectionContainer

from ...errors import ValidationError, WorkbookError
from ...i18n import _, format_date
from ...model import Meeting, current_meeting, next_meeting
from ...reference import MEETING_KINDS
from ...store import UnitOfWork, Workbook
from .how_to import how_to_html
from .reads import forget, reading_pass
from .session import stale_message
from .styles import stylesheet
from .undo import UndoPanel

__all__ = ["Status", "View", "close_tree", "counted", "heading", "long_date", "meeting_label",
           "note", "plain_text", "stylesheet"]

log = logging.getLogger(__name__)

T = TypeVar("T")

def plain_text(markup: str) -> str:
    """What a piece of our own HTML says, without its tags: for tests and status checks."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


_PLURALS = {"person": "people", "entry": "entries", "ballot": "ballots"}


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """The count with its noun agreeing: ``1 ballot``, ``3 ballots``, ``2 people``."""
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {plural or _PLURALS.get(noun, noun + 's')}"


def long_date(day: dt.date) -> str:
    """``January 21, 2027``: a date as people in the US write it (in the current
    language: ``21 de enero de 2027``)."""
    return format_date(day)


def meeting_label(meeting: Meeting) -> str:
    """``January 21, 2027, Regular partnership meeting (planned)``: a meeting in a header."""
    kind = MEETING_KINDS.get(meeting.kind_of, meeting.kind_of)
    day = long_date(meeting.held_on)
    if meeting.is_planned:
        return _("{date}, {kind} (planned)").format(date=day, kind=kind)
    return _("{date}, {kind}").format(date=day, kind=kind)


def heading(text: str, level: int = 2) -> w.HTML:
    return w.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def note(text: str) -> w.HTML:
    return w.HTML(f"<p>{html.escape(text)}</p>")


class Status(w.HTML):
    """A line that says what just happened: stored (✓), refused (✗ and why) or a warning.

    A view moves its status line next to the control that was used last (see
    ``View.place_status``) and then focuses it, so the browser scrolls it into view.
    """

    def __init__(self, **kwargs: Any) -> None:
        # Classes given when made, not added after: one message to the browser, not two.
        kwargs["_dom_classes"] = (*kwargs.get("_dom_classes", ()), "pwb-feedback")
        super().__init__(**kwargs)

    def _say(self, css: str, role: str, mark: str, message: str) -> None:
        # The line wraps (never cut); the whole message is on hover too, for a line a
        # narrow box or a long name shortens.
        text = html.escape(message)
        self.value = (f'<p class="{css}" role="{role}" title="{text}">{mark} '
                      f'<bdi>{text}</bdi></p>')

    def ok(self, message: str) -> None:
        self._say("pwb-ok", "status", "✓", message)

    def error(self, message: str) -> None:
        self._say("pwb-error", "alert", "✗", message)

    def warn(self, message: str) -> None:
        self._say("pwb-warn", "status", "⚠", message)

    def clear(self) -> None:
        self.value = ""

    @property
    def text(self) -> str:
        """The message without markup, for tests and screen readers."""
        return plain_text(self.value)


class View:
    """Base of every step's view. Subclasses set ``title`` and implement ``build``."""

    title: ClassVar[str] = ""
    undoable: ClassVar[bool] = True
    """Whether the view offers "Undo…" (not on a read-only workbook)."""
    _current: ClassVar[dict[type, View]] = {}

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.status = Status()
        # The box the status line travels in: unlike an HTML widget's, a box's ``focus()``
        # focuses the element itself, and focusing it makes the browser scroll it into view.
        self.status_box = w.VBox([self.status], tabbable=False,
                                 layout=w.Layout(width="100%"),
                                 _dom_classes=("pwb-status-box",))
        self._focused_field = False
        self._running = 0  # how deep inside ``run`` the view is: its own steps
        self._redrawing = False
        _PINNED.add(self.status_box)
        self._file_link: w.Output | None = None
        self._closers: list[Callable[[], None]] = []
        # Which partnership and meeting the view works on, under its title.
        self.context = w.HTML(_dom_classes=("pwb-context",))
        self._built = False
        with reading_pass(wb):
            body = self.build()
        self._built = True
        self.update_context()
        self.body = body
        # The step's instructions, folded, in the facilitator's language (widgets.how_to).
        guide = how_to_html(type(self).__name__)
        self.how_to = w.HTML(guide, layout=w.Layout(display=None if guide else "none"))
        parts = [stylesheet(), heading(_(self.title) if self.title else ""), self.context,
                 self.how_to, body]
        if self.undoable:
            self.undo_panel = UndoPanel(self)
            self.undo_button = self.undo_panel.button
            parts.append(self.undo_panel.widget)
        parts.append(self.status_box)
        # Steps made elsewhere (another view in this kernel, a panel of this one) redraw
        # what this view shows, so it never offers what another view removed.
        if wb is not None:  # the portfolio shows many workbooks, none of its own
            self._closers.append(wb.on_step(self._heard))
        self.widget = w.VBox(parts, layout=w.Layout(width="100%", max_width="1100px"),
                             _dom_classes=("pwb-view",))

    @classmethod
    def show(cls, wb: Workbook, **kwargs: Any) -> View:
        """Build the view, replacing (and closing) the one a previous run of the cell made."""
        previous = View._current.pop(cls, None)
        if previous is not None:
            previous.close()
        view = cls(wb, **kwargs)
        View._current[cls] = view
        return view

    def build(self) -> w.Widget:
        raise NotImplementedError

    # -- which partnership and meeting ----------------------------------------------------

    def meeting_shown(self) -> Meeting | None:
        """The meeting this view works on: by default the one being held or last held
        (``model.current_meeting``); a view with a meeting picker returns the picked one."""
        return current_meeting(self.wb.all(Meeting), dt.date.today())

    def context_lines(self) -> list[tuple[str, str]]:
        """(css class, sentence) lines of the header: the partnership, the meeting, and a
        warning when the project's current partnership is another one now."""
        if not isinstance(self.wb, Workbook):
            return []  # a view over many workbooks (the portfolio)
        today = dt.date.today()
        name = self.wb.partnership.display_name
        meeting = self.meeting_shown()
        upcoming = None if meeting is not None else next_meeting(self.wb.all(Meeting), today)
        if meeting is not None:
            line = _("Partnership: {name}. Meeting: {meeting}.").format(
                name=name, meeting=meeting_label(meeting))
        elif upcoming is not None:
            line = _("Partnership: {name}. No meeting held yet; the next one is planned for "
                     "{date}.").format(name=name, date=long_date(upcoming.held_on))
        else:
            line = _("Partnership: {name}. No meeting held yet.").format(name=name)
        lines = [("", line)]
        stale = stale_message(self.wb)
        if stale:
            lines.append(("pwb-warn", "⚠ " + stale))
        return lines

    def update_context(self) -> None:
        """Redraw the header line naming the partnership and the meeting."""
        if not self._built:
            return
        self.context.value = "".join(
            f'<p class="{css}" role="{"alert" if css else "note"}"><bdi>'
            f"{html.escape(text)}</bdi></p>" for css, text in self.context_lines())

    def refresh(self) -> None:
        """Re-read what the view shows from the workbook; subclasses override."""

    shows: ClassVar[frozenset[str] | None] = None
    """The kinds of record the view shows (None: any); a step touching none of them
    elsewhere leaves the view as it is."""

    @property
    def source(self) -> str:
        """Where this view's steps are recorded as made: ``Kickoff`` (its title's first
        part)."""
        return (self.title.split(":")[0].strip() or type(self).__name__) if self.title \
            else type(self).__name__

    def _heard(self, step: UnitOfWork) -> None:
        """A step was committed: redraw unless this view made it (``run`` redraws then)
        or it touched nothing the view shows."""
        if self._running or (self.shows is not None and not step.kinds & self.shows):
            return
        try:
            self.refresh_kinds(step.kinds)  # only the parts showing what it touched
        except WorkbookError as exc:  # it showed what the step removed: say so, keep going
            self.status.warn(_("Something this view shows was changed elsewhere ({problem}) "
                               "Run its cell again to redraw it.").format(problem=exc))

    def parts(self) -> dict[str, tuple[frozenset[str] | None, Callable[[], None]]]:
        """The parts of the view that redraw on their own: name -> (the store kinds it
        shows, such as ``"person"`` or ``"attendance"``, or None for any; how to redraw it).

        The default is one part, the whole view; views with costly parts name them, so a
        change redraws only what shows it (``refresh_kinds``).
        """
        return {"view": (None, self.refresh)}

    def refresh_kinds(self, kinds: Iterable[str]) -> list[str]:
        """Redraw only the parts that show one of ``kinds`` (what a change touched, as the
        store names it: ``wb.on_change``'s kinds); returns the names of the parts redrawn."""
        touched = set(kinds)
        redrawn = []
        self._redrawing = True  # as ``redraw``: ticks it sets are not answers
        try:
            with reading_pass(self.wb):
                for name, (shows, redraw) in self.parts().items():
                    if shows is None or shows & touched:
                        redraw()
                        redrawn.append(name)
        finally:
            self._redrawing = False
        return redrawn

    # -- acting on the workbook ---------------------------------------------------------

    def run(self, action: Callable[[], T], *, done: str | Callable[[T], str],
            form: Any = None, step: str | None = None,
            check_current: bool = True) -> T | None:
        """Do one change; show what happened. Returns the result, or None if refused.

        ``step`` names the change in the history ("Add Rosa Quintero and mark present"):
        everything ``action`` writes is then one step, stored whole or not at all, and
        one Undo takes it back. Without it each write the action makes is a step of its
        own (right for one write, or for actions that only read).

        Afterwards the parts of the view that show what the change touched are redrawn
        (``refresh_kinds``).

        A view whose workbook is no longer the project's current partnership refuses the
        change and says so, unless ``check_current`` is False (choosing another one).
        """
        if form is not None:
            form.clear_errors()
        stale = (stale_message(self.wb) if check_current and isinstance(self.wb, Workbook)
                 else None)
        if stale:
            self.status.error(_("{problem} Nothing was stored.").format(problem=stale))
            self.update_context()
            return None
        self._running += 1
        touched: set[str] = set()
        refused = False
        stop = (self.wb.on_step(lambda made: touched.update(made.kinds))
                if self.wb is not None else (lambda: None))
        try:
            with self.wb.acting(self.source) if self.wb is not None \
                    else contextlib.nullcontext():
                if step is not None:
                    with self.wb.change(step):
                        result = action()
                else:
                    result = action()
        except WorkbookError as exc:
            if form is not None and isinstance(exc, ValidationError):
                form.show_error(exc.field, str(exc))  # marks the field and focuses it
                self._focused_field = True
            self.status.error(str(exc))
            refused = True
        except Exception as exc:
            log.exception("%s: unexpected error", type(self).__name__)
            self.status.error(_("Unexpected problem ({problem}). Nothing was changed by it; "
                                "please report it.").format(
                                    problem=f"{type(exc).__name__}: {exc}"))
            raise
        finally:
            self._running -= 1
            stop()
            forget(self.wb)  # what this pass read before the change is stale now
        if refused:
            # Steps committed before the refusal (each write its own step, or an import's
            # earlier batches) stay stored: show them, and keep the error in view.
            if touched:
                self.refresh_kinds(touched)
                self.update_context()
            return None
        self.status.ok(done(result) if callable(done) else done)
        self.refresh_kinds(touched)
        self.update_context()
        return result

    def redraw(self) -> None:
        """``refresh`` without moving the status line (ticks it sets are not answers)."""
        self._redrawing = True
        try:
            self.refresh()
        finally:
            self._redrawing = False

    def undo_last(self) -> None:
        """Ask what Undo would take back and take it back (the panel's two clicks)."""
        self.undo_panel.ask()
        if self.undo_panel.question.layout.display != "none":
            self.undo_panel.undo(theirs=False)

    def on_click(self, button: w.Button, handler: Callable[[], Any]) -> None:
        """Wire a button; the handler is removed again when the view closes.

        What the handler says appears right under the button's row (``place_status``).
        """
        def _handler(_button: w.Button) -> None:
            self.place_status(button)
            try:
                with reading_pass(self.wb):
                    handler()
            finally:
                self.place_status(button, only_if_lost=True)
                self.bring_status_into_view()

        button.on_click(_handler)
        self._closers.append(lambda: button.on_click(_handler, remove=True))

    def observe(self, widget: w.Widget, handler: Callable[[Any], Any],
                names: str = "value", *, feedback_here: bool = False) -> None:
        """Wire a value observer; with ``feedback_here`` (a tick that saves at once, say),
        what the handler says appears next to ``widget``."""
        if feedback_here:
            inner = handler

            def handler(change: Any) -> Any:
                if self._redrawing:  # a redraw setting the tick: the person did nothing
                    return inner(change)
                self.place_status(widget)
                try:
                    return inner(change)
                finally:
                    self.place_status(widget, only_if_lost=True)
                    self.bring_status_into_view(keep_focus=True)

        if isinstance(widget, w.Dropdown) and names == "value":
            def keep_shown(change: Any) -> None:  # one per call: each is removed once
                _keep_none_option_shown(change)

            widget.observe(keep_shown, names="value")
            self._closers.append(lambda: widget.unobserve(keep_shown, names="value"))
        outer = handler

        def in_one_pass(change: Any) -> Any:  # every read of one reaction shares one pass
            with reading_pass(self.wb):
                return outer(change)

        widget.observe(in_one_pass, names=names)
        self._closers.append(lambda: widget.unobserve(in_one_pass, names=names))

    # -- where the status line sits ---------------------------------------------------------

    def bring_status_into_view(self, *, keep_focus: bool = False) -> None:
        """Focus the status line (the browser scrolls to it) unless a refused field already
        took the focus; ``keep_focus`` leaves it where it is (a tick, a picker)."""
        focused, self._focused_field = self._focused_field, False
        if focused or keep_focus or not self.status.value:
            return
        self.status_box.focus()

    def place_status(self, anchor: w.Widget, *, only_if_lost: bool = False) -> None:
        """Move the status line just below the row holding ``anchor`` (a button, a tick).

        The row is the anchor's parent when that is a horizontal box, else the anchor
        itself. With ``only_if_lost`` it only moves when a refresh dropped it from the view
        (a rebuilt list); if the anchor is gone too, it goes back to the end of the view.
        """
        if getattr(self, "widget", None) is None:  # still building: nothing to place in
            return
        box = self.status_box
        if only_if_lost and _path_to(self.widget, box) is not None:
            return
        if not only_if_lost and self._file_link is not None:
            _detach(self.widget, self._file_link)  # the link belonged to the last message
            self._file_link.outputs = ()
        _detach(self.widget, box)
        path = _path_to(self.widget, anchor)
        if path is None:
            self.widget.children = (*self.widget.children, box)
            return
        row = anchor
        parent = path[-1] if path else None
        if len(path) >= 2 and isinstance(parent, w.Box) and not isinstance(parent, w.VBox) \
                and not isinstance(parent, _SelectionContainer):
            row, path = path[-1], path[:-1]  # a row of controls: the line goes under it
        # A tab's or accordion's children are its pages: the line goes below the whole set.
        while len(path) >= 2 and isinstance(path[-1], _SelectionContainer):
            row, path = path[-1], path[:-1]
        holder = path[-1] if path else self.widget
        children = list(holder.children)
        at = next(i for i, child in enumerate(children) if child is row)
        children.insert(at + 1, box)
        holder.children = tuple(children)

    def show_file(self, path: str | os.PathLike[str], text: str) -> str:
        """Put a link to a written file (a summary) under the status line; returns its href.

        The link is relative to the notebook's folder (the kernel's working folder), and is
        drawn as notebook output, so JupyterLab resolves it against the notebook and opens
        the file in a tab of its own with one click, as long as the file lies under the
        folder the server serves (``make run`` serves the project: ``exports/`` included).
        """
        from IPython.display import HTML

        href = relative_href(path)
        if self._file_link is None:
            self._file_link = w.Output(layout=w.Layout(max_width="100%"))
            self._file_link.add_class("pwb-file-link")
            _PINNED.add(self._file_link)
        _detach(self.widget, self._file_link)
        where = _path_to(self.widget, self.status_box) or [self.widget]
        holder = where[-1]
        children = list(holder.children)
        at = next((i for i, c in enumerate(children) if c is self.status_box),
                  len(children) - 1)
        children.insert(at + 1, self._file_link)
        holder.children = tuple(children)
        self._file_link.outputs = ()
        self._file_link.append_display_data(HTML(f'<p style="font-size:17px;margin:2px 0 10px">'
                         f'<a href="{html.escape(href, quote=True)}" '
                         f'style="font-weight:700;text-decoration:underline">'
                         f"{html.escape(text)}</a> ({html.escape(href)})</p>"))
        return href

    # -- display and teardown ---------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Detach handlers and close every widget the view made."""
        for closer in self._closers:
            closer()
        self._closers.clear()
        _PINNED.discard(self.status_box)
        close_tree(self.widget)
        close_tree(self.status_box)
        if self._file_link is not None:
            _PINNED.discard(self._file_link)
            close_tree(self._file_link)
        if View._current.get(type(self)) is self:
            del View._current[type(self)]


def _keep_none_option_shown(change: Any) -> None:
    """ipywidgets turns picking an option whose value is None ("(start a new meeting)")
    into "nothing picked", and the box goes blank; pick that option again by its index."""
    widget = change.owner
    allowed = [v for _, v in widget.options]
    if change.new is None and widget.index is None and None in allowed:
        widget.index = allowed.index(None)


_PINNED: weakref.WeakSet[w.Widget] = weakref.WeakSet()
"""Status lines of open views: they travel between boxes, so closing a box a refresh
replaces must not close the status line that happened to sit in it."""


def _path_to(root: w.Widget, target: w.Widget) -> list[w.Widget] | None:
    """The containers from ``root`` down to ``target``'s parent (``[]`` if it is root)."""
    if root is target:
        return []
    for child in getattr(root, "children", ()):
        found = _path_to(child, target)
        if found is not None:
            return [root, *found] if child is not target else [root]
    return None


def _detach(root: w.Widget, target: w.Widget) -> None:
    path = _path_to(root, target)
    if path:
        parent = path[-1]
        parent.children = tuple(c for c in parent.children if c is not target)


def relative_href(path: str | os.PathLike[str], start: str | os.PathLike[str] | None = None
                  ) -> str:
    """``path`` as a URL path relative to ``start`` (the current folder: the notebook's).

    >>> relative_href("/p/exports/a b/x.html", "/p/notebooks")
    '../exports/a%20b/x.html'
    """
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(start or os.getcwd()))
    return urllib.parse.quote(Path(rel).as_posix())


def close_tree(widget: w.Widget) -> None:
    """Close ``widget`` and everything inside it (children, layouts, styles)."""
    for child in getattr(widget, "children", ()):
        if child in _PINNED:
            continue
        close_tree(child)
    widget.close()
    # Each widget's Layout and Style are widgets of their own: close them too, or every
    # re-run of a cell leaves them behind.
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):
            part.close()
