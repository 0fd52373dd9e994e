"""A tick list that stays usable with thousands of entries: search, pages, groups.

A meeting's attendance is one tick per person; a partnership of a thousand organizations
has two thousand people, and a widget per person takes seconds to build and is useless to
scroll. ``ChecklistModel`` (plain Python, tested without widgets) holds the entries, the
search and the page; ``PagedChecklist`` shows one page of it with a fixed set of tick
boxes that are relabelled when the page or the search changes, never rebuilt. Up to one
page of entries, there is neither a search box nor paging: the list looks as it always did.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from ...i18n import N_, _
from .base import close_tree
from .pickers import Quiet

__all__ = ["ChecklistModel", "Entry", "PagedChecklist"]

PAGE_SIZE = 30


@dataclass(frozen=True)
class Entry:
    """One line of the list: its key (a person's id), label, group heading and search text."""

    key: Hashable
    label: str
    group: str = ""
    words: str = ""

    @property
    def haystack(self) -> str:
        return f"{self.label} {self.group} {self.words}".casefold()


class ChecklistModel:
    """Entries in order, a search and a page of ``page_size``; no widgets.

    ``search("ann oak")`` keeps the entries whose label, group or extra words contain every
    word (any case) and goes back to the first page; ``page`` counts from 0 and is kept
    within the pages there are.
    """

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self.entries: list[Entry] = []
        self.query = ""
        self.page = 0
        self._matches: list[Entry] | None = None

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Replace the entries; the search stays, the page stays if it still exists."""
        self.entries = list(entries)
        self._matches = None
        self.page = min(self.page, self.pages - 1)

    def search(self, text: str) -> None:
        self.query = text
        self._matches = None
        self.page = 0

    def matches(self) -> list[Entry]:
        """The entries the search keeps, in their order."""
        if self._matches is None:
            words = self.query.casefold().split()
            self._matches = [e for e in self.entries
                             if all(word in e.haystack for word in words)] if words \
                else self.entries
        return self._matches

    @property
    def pages(self) -> int:
        """How many pages the matches fill (at least one, possibly empty)."""
        return max(1, -(-len(self.matches()) // self.page_size))

    def go(self, page: int) -> None:
        self.page = max(0, min(page, self.pages - 1))

    def visible(self) -> list[Entry]:
        """The entries of the current page."""
        start = self.page * self.page_size
        return self.matches()[start:start + self.page_size]

    def position(self, key: Hashable) -> int | None:
        """The page holding ``key`` among the matches, or None."""
        for index, entry in enumerate(self.matches()):
            if entry.key == key:
                return index // self.page_size
        return None

    @property
    def paged(self) -> bool:
        """Whether there are more entries than one page (search and paging shown)."""
        return len(self.entries) > self.page_size

    def summary(self, noun: str = N_("entries")) -> str:
        """``"Showing 31–60 of 2,000 people."`` or ``"3 of 2,000 people match “oak”."``"""
        found, total = len(self.matches()), len(self.entries)
        if self.query.strip():
            if not found:
                return _("No one of the {total:,} {noun} matches “{strip}”.").format(
                    total=total, noun=_(noun), strip=self.query.strip())
            start = self.page * self.page_size
            return (_("{found:,} of {total:,} {noun} match “{strip}”; showing "
                      "{value:,}–{value2:,}.").format(
                          found=found, total=total, noun=_(noun), strip=self.query.strip(),
                          value=start + 1, value2=start + len(self.visible())))
        start = self.page * self.page_size
        return _("Showing {value:,}–{value2:,} of {total:,} {noun}.").format(
            value=start + 1, value2=start + len(self.visible()), total=total, noun=_(noun))


class PagedChecklist:
    """One page of a ``ChecklistModel`` as tick boxes under their group headings.

    ``on_toggle(key, ticked)`` is called when a person ticks or unticks a box (not when the
    list itself sets the boxes). ``checked`` holds the keys shown ticked; ``draw()`` shows
    the current page again. ``boxes`` maps the keys on the page to their tick boxes.
    """

    def __init__(self, on_toggle: Callable[[Hashable, bool, w.Checkbox], None], *,
                 noun: str = N_("people"), page_size: int = PAGE_SIZE,
                 placeholder: str = N_("a name, a role or an organization"),
                 group_class: str = "", box_width: str = "24em") -> None:
        self.model = ChecklistModel(page_size)
        self.noun = noun
        self.checked: set[Hashable] = set()
        self.disabled = False
        self.quiet = Quiet()
        self._on_toggle = on_toggle
        self._placeholder = placeholder
        self._pool: list[w.Checkbox] = []
        self._groups: list[tuple[w.HTML, w.Box]] = []
        self._group_class = group_class
        # One layout and one style for all the tick boxes, for all the headings, one layout
        # for all the groups: shared (nothing changes them one by one), each is one widget
        # to send to the browser, not one per box.
        self._box_layout = w.Layout(width=box_width)
        self._box_style = CheckboxStyle()
        self._line_style = HTMLStyle()
        self._line_layout = w.Layout(width="100%")
        self._group_layout = w.Layout(flex_flow="row wrap")
        self._keys: dict[int, Hashable] = {}  # id(box) -> the key it shows now
        # The search box and the page buttons are made the first time the list is longer
        # than a page (``_controls``): most partnerships never need them.
        self._made: tuple[w.Text, w.Button, w.Button, w.HTML] | None = None
        self.controls = w.VBox(layout=w.Layout(display="none"))
        self.body = w.VBox()
        self.widget = w.VBox([self.controls, self.body])

    def _controls(self) -> tuple[w.Text, w.Button, w.Button, w.HTML]:
        """(the search box, previous, next, the page note), made and placed on first use."""
        if self._made is None:
            search_box = w.Text(description=_("Find"), placeholder=_(self._placeholder),
                                continuous_update=True, style={"description_width": "6em"},
                                layout=w.Layout(width="100%", max_width="36em"))
            search_box.observe(self._searched, names="value")
            previous = w.Button(description=_("Previous page"), icon="chevron-left")
            following = w.Button(description=_("Next page"), icon="chevron-right")
            previous.on_click(lambda _b: self.turn(-1))
            following.on_click(lambda _b: self.turn(1))
            self._made = (search_box, previous, following, w.HTML())
            self.controls.children = (search_box, w.HBox([previous, following]),
                                      self._made[3])
        return self._made

    @property
    def search_box(self) -> w.Text:
        return self._controls()[0]

    @property
    def previous_button(self) -> w.Button:
        return self._controls()[1]

    @property
    def next_button(self) -> w.Button:
        return self._controls()[2]

    @property
    def page_note(self) -> w.HTML:
        return self._controls()[3]

    # -- what is listed ------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.model.set_entries(entries)
        self.draw()

    def search(self, text: str) -> None:
        """Show the entries matching ``text`` (as if typed in the search box)."""
        if self._made is None and not text and not self.model.query:
            return  # nothing searched, nothing to clear
        self.search_box.value = text  # the observer searches and draws

    def _searched(self, change: Any) -> None:
        self.model.search(change.new)
        self.draw()

    def turn(self, by: int) -> None:
        """Go ``by`` pages on (negative: back), staying within the pages there are."""
        self.model.go(self.model.page + by)
        self.draw()

    def show_key(self, key: Hashable) -> None:
        """Go to the page holding ``key`` (clearing a search that hides it)."""
        if self.model.position(key) is None and self.model.query:
            if self._made is not None:
                with self.quiet:
                    self._made[0].value = ""
            self.model.search("")
        page = self.model.position(key)
        if page is not None:
            self.model.go(page)
        self.draw()

    @property
    def boxes(self) -> dict[Hashable, w.Checkbox]:
        """The tick boxes of the page shown, by key."""
        by_id = {id(box): box for box in self._pool}
        return {key: by_id[box_id] for box_id, key in self._keys.items()}

    # -- drawing -------------------------------------------------------------------------

    def _box(self, index: int, entry: Entry) -> w.Checkbox:
        """The pooled box ``index``, showing ``entry`` (made showing it: one message, not
        one for the box and one per setting)."""
        value, disabled = entry.key in self.checked, self.disabled
        if index < len(self._pool):
            box = self._pool[index]
            with box.hold_sync():  # a relabelled box: one update message
                box.description, box.value, box.disabled = entry.label, value, disabled
            return box
        box = w.Checkbox(value=value, description=entry.label, disabled=disabled,
                         indent=False, layout=self._box_layout, style=self._box_style)
        box.observe(self._ticked, names="value")
        self._pool.append(box)
        return box

    def _group(self, index: int, heading: str, boxes: list[w.Checkbox]) -> w.Box:
        """Group ``index`` showing ``heading`` over ``boxes``: the heading a full-width
        line, the tick boxes wrapping in rows under it, all in one box (made with its
        content when new)."""
        # One line on a crowded screen: the whole heading on hover.
        title = (f'<strong title="{html.escape(heading)}">{html.escape(heading)}</strong>'
                 if heading else "")
        if index < len(self._groups):
            line, group = self._groups[index]
            line.value = title
            if tuple(group.children) != (line, *boxes):
                group.children = (line, *boxes)
            return group
        line = w.HTML(title, layout=self._line_layout, style=self._line_style)
        group = w.Box((line, *boxes), layout=self._group_layout,
                      _dom_classes=(self._group_class,) if self._group_class else ())
        self._groups.append((line, group))
        return group

    def _ticked(self, change: Any) -> None:
        if self.quiet:
            return
        key = self._keys.get(id(change.owner))
        if key is None:
            return
        if change.new:
            self.checked.add(key)
        else:
            self.checked.discard(key)
        self._on_toggle(key, change.new, change.owner)

    def draw(self) -> None:
        """Show the current page: its entries under their headings, ticked as ``checked``."""
        model = self.model
        if model.paged or self._made is not None:
            search_box, previous, following, page_note = self._controls()
            self.controls.layout.display = None if model.paged else "none"
            previous.disabled = self.disabled or model.page == 0
            following.disabled = self.disabled or model.page >= model.pages - 1
            search_box.disabled = self.disabled
            page_note.value = f'<p role="status">{html.escape(model.summary(self.noun))}</p>'
        self._keys.clear()
        grouped: list[tuple[str, list[w.Checkbox]]] = []
        with self.quiet:
            for index, entry in enumerate(model.visible()):
                if not grouped or entry.group != grouped[-1][0]:
                    grouped.append((entry.group, []))
                box = self._box(index, entry)
                self._keys[id(box)] = entry.key
                grouped[-1][1].append(box)
        shown = [self._group(index, heading, boxes)
                 for index, (heading, boxes) in enumerate(grouped)]
        for _line, group in self._groups[len(grouped):]:
            group.children = ()  # unused now: its boxes may be in another group
        if tuple(self.body.children) != tuple(shown):
            self.body.children = shown

    def close(self) -> None:
        """Close every widget of the list (the pooled boxes included)."""
        if self._made is not None:
            self._made[0].unobserve(self._searched, names="value")
        for box in self._pool:
            box.unobserve(self._ticked, names="value")
            close_tree(box)
        for title, group in self._groups:
            close_tree(title)
            group.children = ()
            close_tree(group)
        self._pool.clear()
        self._groups.clear()
        self._keys.clear()
        for shared in (self._box_layout, self._box_style, self._line_layout,
                       self._line_style, self._group_layout):
            shared.close()
        close_tree(self.widget)
