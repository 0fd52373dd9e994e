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
        self._pool: list[w.Checkbox] = []
        self._groups: list[tuple[w.HTML, w.Box, w.VBox]] = []
        self._group_class = group_class
        self._box_width = box_width
        self._keys: dict[int, Hashable] = {}  # id(box) -> the key it shows now
        self.search_box = w.Text(description=_("Find"), placeholder=_(placeholder),
                                 continuous_update=True, style={"description_width": "6em"},
                                 layout=w.Layout(width="100%", max_width="36em"))
        self.search_box.observe(self._searched, names="value")
        self.previous_button = w.Button(description=_("Previous page"), icon="chevron-left")
        self.next_button = w.Button(description=_("Next page"), icon="chevron-right")
        self.previous_button.on_click(lambda _b: self.turn(-1))
        self.next_button.on_click(lambda _b: self.turn(1))
        self.page_note = w.HTML()
        self.controls = w.VBox([self.search_box, w.HBox([self.previous_button,
                                                          self.next_button]),
                                self.page_note])
        self.body = w.VBox()
        self.widget = w.VBox([self.controls, self.body])

    # -- what is listed ------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.model.set_entries(entries)
        self.draw()

    def search(self, text: str) -> None:
        """Show the entries matching ``text`` (as if typed in the search box)."""
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
            with self.quiet:
                self.search_box.value = ""
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

    def _box(self, index: int) -> w.Checkbox:
        while len(self._pool) <= index:
            box = w.Checkbox(indent=False, layout=w.Layout(width=self._box_width))
            box.observe(self._ticked, names="value")
            self._pool.append(box)
        return self._pool[index]

    def _group(self, index: int) -> tuple[w.HTML, w.Box]:
        while len(self._groups) <= index:
            title, row = w.HTML(), w.Box(layout=w.Layout(flex_flow="row wrap"))
            group = w.VBox([title, row])
            if self._group_class:
                group.add_class(self._group_class)
            self._groups.append((title, row, group))
        return self._groups[index][:2]

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
        self.controls.layout.display = None if model.paged else "none"
        self.previous_button.disabled = self.disabled or model.page == 0
        self.next_button.disabled = self.disabled or model.page >= model.pages - 1
        self.search_box.disabled = self.disabled
        self.page_note.value = f'<p role="status">{html.escape(model.summary(self.noun))}</p>'
        shown: list[w.Widget] = []
        self._keys.clear()
        groups: list[list[w.Checkbox]] = []
        with self.quiet:
            previous: str | None = None
            for index, entry in enumerate(model.visible()):
                if entry.group != previous or not groups:
                    title, row = self._group(len(groups))
                    # One line on a crowded screen: the whole heading on hover.
                    title.value = (f'<strong title="{html.escape(entry.group)}">'
                                   f"{html.escape(entry.group)}</strong>") \
                        if entry.group else ""
                    shown.append(self._groups[len(groups)][2])
                    groups.append([])
                    previous = entry.group
                box = self._box(index)
                box.description = entry.label
                box.value = entry.key in self.checked
                box.disabled = self.disabled
                self._keys[id(box)] = entry.key
                groups[-1].append(box)
        for index, (_title, row, _group) in enumerate(self._groups):
            members = groups[index] if index < len(groups) else []
            if tuple(row.children) != tuple(members):
                row.children = members
        if tuple(self.body.children) != tuple(shown):
            self.body.children = shown

    def close(self) -> None:
        """Close every widget of the list (the pooled boxes included)."""
        self.search_box.unobserve(self._searched, names="value")
        for box in self._pool:
            box.unobserve(self._ticked, names="value")
            close_tree(box)
        for title, row, group in self._groups:
            close_tree(title)
            row.children = ()
            close_tree(row)
            group.children = ()
            close_tree(group)
        self._pool.clear()
        self._groups.clear()
        self._keys.clear()
        close_tree(self.widget)
