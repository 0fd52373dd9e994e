"""What every view shares: a workbook, a status line, safe actions and clean re-runs.

A view is built from a workbook passed in; it never opens files itself. ``View.show(wb)``
closes the previous instance of the same view before building a new one, so re-running a
notebook cell leaks no widgets and doubles no handlers. ``run`` wraps every change: a
``WorkbookError`` is shown next to the field it names and nothing is stored; any other
exception is a bug, logged and shown, then raised again so nothing is swallowed.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import ipywidgets as w

from ...errors import ValidationError, WorkbookError
from ...store import Workbook

__all__ = ["Status", "View", "close_tree", "heading", "note", "plain_text"]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Projected in a meeting room: large type, high contrast, nothing signalled by colour alone.
CSS = """
<style>
.pwb-view { font-size: 16px; line-height: 1.45; max-width: 1100px; }
.pwb-view h2 { font-size: 1.6em; margin: 0.2em 0 0.4em; }
.pwb-view h3 { font-size: 1.25em; margin: 0.8em 0 0.3em; }
.pwb-ok { color: #0b5d1e; font-weight: 600; }
.pwb-error { color: #a4000f; font-weight: 600; }
.pwb-warn { color: #7a4d00; font-weight: 600; }
.pwb-view table { border-collapse: collapse; }
.pwb-view th, .pwb-view td { border: 1px solid #999; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.pwb-overdue { background: #fde2e1; }
/* Buttons say what they do in full: never cut to "Save brings an…". */
.pwb-view .jupyter-button { width: auto; min-width: 8em; padding: 0 1em; }
.pwb-view .widget-label { white-space: normal; }
</style>
"""


def plain_text(markup: str) -> str:
    """What a piece of our own HTML says, without its tags: for tests and status checks."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def heading(text: str, level: int = 2) -> w.HTML:
    return w.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def note(text: str) -> w.HTML:
    return w.HTML(f"<p>{html.escape(text)}</p>")


class Status(w.HTML):
    """A line that says what just happened: stored (✓), refused (✗ and why) or a warning."""

    def ok(self, message: str) -> None:
        self.value = f'<p class="pwb-ok" role="status">✓ <bdi>{html.escape(message)}</bdi></p>'

    def error(self, message: str) -> None:
        self.value = f'<p class="pwb-error" role="alert">✗ <bdi>{html.escape(message)}</bdi></p>'

    def warn(self, message: str) -> None:
        self.value = f'<p class="pwb-warn" role="status">⚠ <bdi>{html.escape(message)}</bdi></p>'

    def clear(self) -> None:
        self.value = ""

    @property
    def text(self) -> str:
        """The message without markup, for tests and screen readers."""
        return plain_text(self.value)


class View:
    """Base of every step's view. Subclasses set ``title`` and implement ``build``."""

    title: ClassVar[str] = ""
    _current: ClassVar[dict[type, View]] = {}

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.status = Status()
        self._closers: list[Callable[[], None]] = []
        body = self.build()
        self.widget = w.VBox([w.HTML(CSS), heading(self.title), body, self.status])
        self.widget.add_class("pwb-view")

    @classmethod
    def show(cls, wb: Workbook) -> View:
        """Build the view, replacing (and closing) the one a previous run of the cell made."""
        previous = View._current.pop(cls, None)
        if previous is not None:
            previous.close()
        view = cls(wb)
        View._current[cls] = view
        return view

    def build(self) -> w.Widget:
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the view shows from the workbook; subclasses override."""

    # -- acting on the workbook ---------------------------------------------------------

    def run(self, action: Callable[[], T], *, done: str | Callable[[T], str],
            form: Any = None) -> T | None:
        """Do one change; show what happened. Returns the result, or None if refused."""
        if form is not None:
            form.clear_errors()
        try:
            result = action()
        except WorkbookError as exc:
            if form is not None and isinstance(exc, ValidationError):
                form.show_error(exc.field, str(exc))
            self.status.error(str(exc))
            return None
        except Exception as exc:
            log.exception("%s: unexpected error", type(self).__name__)
            self.status.error(f"Unexpected problem ({type(exc).__name__}: {exc}). Nothing "
                              "was changed by it; please report it.")
            raise
        self.status.ok(done(result) if callable(done) else done)
        self.refresh()
        return result

    def on_click(self, button: w.Button, handler: Callable[[], Any]) -> None:
        """Wire a button; the handler is removed again when the view closes."""
        def _handler(_button: w.Button) -> None:
            handler()

        button.on_click(_handler)
        self._closers.append(lambda: button.on_click(_handler, remove=True))

    def observe(self, widget: w.Widget, handler: Callable[[Any], Any],
                names: str = "value") -> None:
        widget.observe(handler, names=names)
        self._closers.append(lambda: widget.unobserve(handler, names=names))

    # -- display and teardown ---------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Detach handlers and close every widget the view made."""
        for closer in self._closers:
            closer()
        self._closers.clear()
        close_tree(self.widget)
        if View._current.get(type(self)) is self:
            del View._current[type(self)]


def close_tree(widget: w.Widget) -> None:
    """Close ``widget`` and everything inside it (children, layouts, styles)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
    # Each widget's Layout and Style are widgets of their own: close them too, or every
    # re-run of a cell leaves them behind.
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):
            part.close()
