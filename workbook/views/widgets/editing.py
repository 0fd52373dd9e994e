"""Pick a stored entity (or a new one), edit it in an EntityForm, save with ``expected=``.

The pattern every view repeats: a dropdown of stored entities, a form that fills when one is
picked, and a save button. A save sends only the fields the person changed, with the values
the form showed as ``expected``, so an edit made meanwhile in another kernel is refused with
a ``ConflictError`` instead of being silently overwritten. "Reload" throws the typing away
and shows what is stored now.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from ...errors import WorkbookError
from ...i18n import _, format_datetime, format_number, ngettext
from ...model import Entity
from .base import View, close_tree
from .forms import EntityForm, entity_label
from .pickers import PICKER_LIMIT, Quiet, narrow, set_options
from .tables import html_table

__all__ = ["EditPanel", "LazyEditPanel", "correction_panel", "history_html"]


def history_html(wb: Any, cls: type[Entity], entity_id: int, limit: int = 8) -> str:
    """The newest changes of one entry as a small escaped table (when, what)."""
    changes = wb.history(cls, entity_id, limit=limit)
    rows = [(format_datetime(c.changed_at),
             _("{change} (undone)").format(change=c.describe()) if c.undone_at
             else c.describe()) for c in changes]
    return html_table([_("When"), _("What")], rows, empty=_("No changes recorded yet."))


def _first(options: list[tuple[str, Any]]) -> Any:
    return options[0][1] if options else None


def _removed(label: str, gone: list[tuple[str, int, str]]) -> str:
    if not gone:
        return _("Removed {label}. Undo brings it back.").format(label=label)
    return ngettext("Removed {label} and {count} more entry with it. Undo brings it back.",
                    "Removed {label} and {count} more entries with it. Undo brings it back.",
                    len(gone)).format(label=label, count=len(gone))


class EditPanel:
    """A picker, an EntityForm and save/reload buttons for one entity class.

    ``choices`` lists the stored entities to pick from (label, id); with ``new_label`` the
    first option adds a new entity instead. Without ``choices`` the panel edits the one
    entity given to ``load``. ``fixed`` adds values the form does not show (a new entity's
    meeting, say); ``on_saved`` is told of every stored add or change, ``on_load`` of every
    entity (or None) the form now shows. ``remove`` and ``describe_removal`` replace the
    store's ``remove(cls, id)`` and ``describe_removal(cls, id)`` for an entity whose removal
    changes something else too (a phase change and the current phase). ``initial`` is the
    entity shown first (when the picker offers it), so a view opening on a stored entry
    loads it once, not the first option and then it.
    """

    def __init__(self, view: View, cls: type[Entity], fields: Sequence[str], *,
                 choices: Callable[[], list[tuple[str, Any]]] | None = None,
                 picker_label: str | None = None,
                 new_label: str | None = None,
                 fixed: Callable[[], Mapping[str, Any]] | None = None,
                 update: Callable[[int, dict[str, Any], dict[str, Any]], Entity] | None = None,
                 remove: Callable[[int], list[tuple[str, int, str]]] | None = None,
                 describe_removal: Callable[[int], str] | None = None,
                 on_saved: Callable[[Entity], None] | None = None,
                 on_load: Callable[[int | None], None] | None = None,
                 horizontal: bool = False, select_added: bool = True,
                 save_label: str | None = None, add_label: str | None = None,
                 label: Callable[[Entity], str] = entity_label,
                 initial: int | None = None,
                 **form_options: Any) -> None:
        self.view = view
        self.cls = cls
        self.quiet = Quiet()
        self.loading = False
        """True while ``load`` fills the form (observers of its fields may tell apart)."""
        self._choices = choices
        self._new_label = new_label
        self._fixed = fixed or (lambda: {})
        self._update = update
        self._remove = remove or (lambda i: view.wb.remove(cls, i))
        self._describe_removal = describe_removal or self._store_describe_removal
        self._on_saved = on_saved
        self._on_load = on_load
        self._save_label = save_label = save_label or _("Save changes")
        self._add_label = add_label = add_label or _("Add")
        self._select_added = select_added
        self._label = label
        self.entity_id: int | None = None
        self.shown: dict[str, Any] = {}
        self.form = EntityForm(view.wb, cls, fields, **form_options)
        self.picker: w.Dropdown | None = None
        # More entries than a dropdown can sensibly hold: a search box narrows the list
        # (made the first time there are that many: ``_search``).
        self._finder: tuple[w.Text, w.HTML] | None = None
        self._found: tuple[int, int] = (0, 0)
        if choices is not None:
            self.picker = w.Dropdown(description=picker_label or _("Pick"),
                                     options=self._picker_options(),
                                     style={"description_width": "11em"},
                                     layout=w.Layout(width="100%", max_width="42em"))
        self.save_button = w.Button(description=add_label if new_label else save_label,
                                    button_style="primary", icon="check")
        self.reload_button = w.Button(description=_("Reload"), icon="refresh",
                                      tooltip=_("Throw away what was typed; show what is "
                                                "stored"))
        # Removing asks first, naming what goes with it; "Undo…" brings it back.
        self.remove_button = w.Button(description=_("Remove…"), icon="trash",
                                      tooltip=_("Remove this entry (asks first)"))
        # "Remove…"'s question is built the first time it is asked (``_confirmation``).
        self._confirm: tuple[w.HTML, w.Button, w.Button, w.VBox] | None = None
        # The entry's history: read and drawn when its section is opened (or ``history``
        # is reached), then kept current; an entry nobody looks back on costs no read.
        self._history: w.HTML | None = None
        self._history_holder = w.VBox()
        self.history_box = w.Accordion(children=[self._history_holder], selected_index=None,
                                       titles=(_("History of this entry"),),
                                       layout=w.Layout(max_width="100%"))
        view.observe(self.history_box, self._history_opened, names="selected_index")
        view._closers.append(lambda: close_tree(self._history_holder))
        form_box: w.Widget = self.form.widget
        if horizontal:
            form_box = w.HBox(list(self.form.widget.children))
            emptied, self.form.widget.children = self.form.widget, ()
            close_tree(emptied)  # the form's own VBox and its layout, not the inputs
            self.form.widget = form_box
        buttons = [self.save_button, self.reload_button, self.remove_button]
        if self.picker is None:  # one fixed entity (the partnership): nothing to remove
            self.remove_button.layout.display = "none"
        parts = ([self.picker] if self.picker is not None else []) + [
            form_box, w.HBox(buttons), self.history_box]
        self.widget = w.VBox(parts)
        if self._finder is not None:  # made while listing the picker's options
            self.widget.children = (*self._finder, *self.widget.children)
        view.on_click(self.save_button, self.save)
        view.on_click(self.reload_button, self.reload)
        view.on_click(self.remove_button, self.ask_remove)
        if self.picker is not None:
            view.observe(self.picker, self._picked)
            offered = [value for _, value in self.picker.options]
            self.load(initial if initial is not None and initial in offered
                      else self.picker.value)

    # -- the question before a removal (built when first needed) --------------------------

    def _confirmation(self) -> tuple[w.HTML, w.Button, w.Button, w.VBox]:
        """(text, "Yes, remove", "No, keep it", their box), placed under the buttons the
        first time anything asks for them; hidden until ``ask_remove`` shows them."""
        if self._confirm is None:
            text = w.HTML()
            confirm = w.Button(description=_("Yes, remove"), button_style="danger",
                               icon="trash")
            keep = w.Button(description=_("No, keep it"), icon="times")
            box = w.VBox([text, w.HBox([confirm, keep])], layout=w.Layout(display="none"))
            box.add_class("pwb-confirm")
            self._confirm = (text, confirm, keep, box)
            children = list(self.widget.children)
            children.insert(children.index(self.history_box), box)
            self.widget.children = children
            self.view.on_click(confirm, self.remove)
            self.view.on_click(keep, self.keep)
        return self._confirm

    @property
    def confirm_text(self) -> w.HTML:
        return self._confirmation()[0]

    @property
    def confirm_button(self) -> w.Button:
        return self._confirmation()[1]

    @property
    def keep_button(self) -> w.Button:
        return self._confirmation()[2]

    @property
    def confirm_box(self) -> w.VBox:
        return self._confirmation()[3]

    def _hide_confirmation(self) -> None:
        if self._confirm is not None:
            self._confirm[3].layout.display = "none"

    # -- the search over a long list (made when first needed) ---------------------------

    def _search(self) -> tuple[w.Text, w.HTML]:
        """(the Find box, the line saying how many match), placed above the picker the
        first time the list is longer than ``PICKER_LIMIT`` or anything reaches for them."""
        if self._finder is None:
            find = w.Text(description=_("Find"), continuous_update=True,
                          placeholder=_("words of the entry you are looking for"),
                          style={"description_width": "11em"},
                          layout=w.Layout(width="100%", max_width="42em", display="none"))
            self._finder = (find, w.HTML())
            if hasattr(self, "widget"):  # else ``__init__`` places them
                self.widget.children = (*self._finder, *self.widget.children)
            self.view.observe(find, self._searched)
        return self._finder

    @property
    def find(self) -> w.Text:
        return self._search()[0]

    @property
    def found_note(self) -> w.HTML:
        return self._search()[1]

    def _query(self) -> str:
        return self._finder[0].value if self._finder is not None else ""

    # -- the entry's history (read when first looked at) ---------------------------------

    @property
    def history(self) -> w.HTML:
        """The history table of the entry shown (made and filled on first use)."""
        if self._history is None:
            self._history = w.HTML()
            self._history_holder.children = (self._history,)
            self._draw_history()
        return self._history

    def _draw_history(self) -> None:
        if self._history is not None:
            self._history.value = "" if self.entity_id is None else history_html(
                self.view.wb, self.cls, self.entity_id)

    def _history_opened(self, change: Any) -> None:
        if change.new is not None:  # opened: drawn now (made first if it was not)
            if self._history is None:
                self._history = w.HTML()
                self._history_holder.children = (self._history,)
            self._draw_history()

    # -- choosing what to edit ----------------------------------------------------------

    def _picker_options(self) -> list[tuple[str, Any]]:
        """The picker's options: at most ``PICKER_LIMIT`` entries matching the search (and
        the one on screen), after "(add a new …)" when there is one."""
        if self._choices is None:
            return []
        options = list(self._choices())
        shown, found = narrow(options, self._query(), keep=self.entity_id)
        self._show_found(found, len(options))
        return ([(self._new_label, None)] if self._new_label else []) + shown

    def _show_found(self, found: int, total: int) -> None:
        if self._found == (found, total):
            return
        self._found = (found, total)
        searching = bool(self._query().strip())
        if self._finder is None and total <= PICKER_LIMIT:
            return  # a short list: no search box, nothing to say
        self.find.layout.display = None if total > PICKER_LIMIT or searching else "none"
        if found > PICKER_LIMIT:
            note = _("The list shows {shown} of {found} entries; type words of the one you "
                     "want in Find to narrow it.").format(shown=PICKER_LIMIT,
                                                          found=format_number(found))
        elif searching:
            note = ngettext("{found} of {total} entry matches.",
                            "{found} of {total} entries match.", total).format(
                found=format_number(found), total=format_number(total))
        else:
            note = ""
        self.found_note.value = f'<p role="status">{html.escape(note)}</p>' if note else ""

    def _searched(self, _change: Any) -> None:
        """List the entries matching what was typed in Find; the entry on screen stays."""
        if self.picker is None:
            return
        with self.quiet:
            set_options(self.picker, self._picker_options(), self.entity_id)

    def _picked(self, change: Any) -> None:
        if self.quiet:
            return
        try:
            self.load(change.new)
        except WorkbookError as exc:  # removed in another kernel since the list was made
            self.view.status.error(str(exc))

    def load(self, entity_id: int | None) -> None:
        """Show the stored entity ``entity_id`` (None: an empty form for a new one)."""
        self.entity_id = entity_id
        if self.picker is not None and (self.picker.value != entity_id
                                        or self.picker.index is None):
            with self.quiet:
                # Already listed (picked from the list, or just built with it): show it
                # without working out thousands of options again.
                if any(value == entity_id for _label, value in self.picker.options):
                    self.picker.value = entity_id
                else:
                    set_options(self.picker, self._picker_options(), entity_id)
        self.loading = True  # the form shows what is stored: nobody typed it
        try:
            if entity_id is None:
                self.form.clear()
                self.shown = {}
            else:
                entity = self.view.wb.get(self.cls, entity_id)
                self.form.set_values(entity)
                self.form.clear_errors()
                self.shown = {name: getattr(entity, name) for name in self.form.fields}
        finally:
            self.loading = False
        self.save_button.description = (self._add_label if entity_id is None
                                        else self._save_label)
        self.remove_button.disabled = entity_id is None
        self._hide_confirmation()
        self.history_box.layout.display = "none" if entity_id is None else None
        self._draw_history()
        if self._on_load is not None:
            self._on_load(entity_id)

    def reload(self) -> None:
        """Re-read the picked entity and the dropdowns' stored options (typing is lost)."""
        self.refresh_options()
        if self.entity_id is not None or self.picker is not None:
            self.load(self.entity_id)
        self.view.status.clear()

    def refresh_options(self) -> None:
        """Re-list the picker and the form's dropdowns; keeps what was typed."""
        self.form.wb = self.view.wb
        offered: list[Any] = []
        with self.quiet:
            if self.picker is not None:
                options = self._picker_options()
                offered = [value for _, value in options]
                set_options(self.picker, options, self.entity_id)
            self.form.reload_options()
        if self.picker is not None and self.entity_id is not None \
                and self.entity_id not in offered:
            self.load(self.picker.value)  # the entry shown was removed elsewhere

    # -- removing ---------------------------------------------------------------------------

    def _store_describe_removal(self, entity_id: int) -> str:
        wb = self.view.wb
        own = self._label is not entity_label  # a label the view gave: it names the entry
        return wb.describe_removal(self.cls, entity_id, label=self._label(
            wb.get(self.cls, entity_id)) if own else None)

    def ask_remove(self) -> None:
        """Show what removing the picked entry would take with it, and ask."""
        if self.entity_id is None:
            self.view.status.error(_("Pick an entry from the list first; nothing was "
                                     "removed."))
            return
        entity_id = self.entity_id
        sentence = self.view.run(lambda: self._describe_removal(entity_id),
                                 done=_("Confirm below, or keep it."))
        if sentence is not None:
            self.confirm_text.value = (f'<p class="pwb-warn" role="alert">⚠ '
                                       f"{html.escape(sentence)}</p>")
            self.confirm_box.layout.display = None
            self.view.status.clear()
            self.confirm_button.focus()

    def remove(self) -> None:
        """Remove the picked entry and what depends on it (one step of Undo)."""
        if self.entity_id is None:
            return
        entity_id = self.entity_id
        label = self._label(self.view.wb.get(self.cls, entity_id))
        gone = self.view.run(lambda: self._remove(entity_id),
                             done=lambda g: _removed(label, g))
        self._hide_confirmation()
        if gone is not None:
            self.refresh_options()
            self.load(None if self._new_label else _first(self._picker_options()))
            if self._on_saved is not None:
                self._on_saved(None)  # type: ignore[arg-type]

    def keep(self) -> None:
        self._hide_confirmation()
        self.view.status.ok(_("Nothing was removed."))

    # -- saving ---------------------------------------------------------------------------

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(changed fields, what the form showed of them) for the entity being edited."""
        values = self.form.values()
        changed = {k: v for k, v in values.items() if v != self.shown.get(k)}
        return changed, {k: self.shown[k] for k in changed}

    def save(self) -> Entity | None:
        """Add the new entity or store the changes; the model's message shows if refused."""
        wb = self.view.wb
        if self.entity_id is None:
            if self.picker is None or not self._new_label:
                self.view.status.error(_("Pick one from the list first; nothing was saved."))
                return None
            stored = self.view.run(lambda: wb.add(self.cls(**self.form.values(),
                                                           **self._fixed())),
                                   done=lambda e: _("Added {label}.").format(
                                       label=self._label(e)), form=self.form)
        else:
            changed, expected = self.changes()
            if not changed:
                self.view.status.ok(_("Nothing was changed, so nothing needed saving."))
                return None
            entity_id = self.entity_id
            update = self._update or (lambda i, c, e: wb.update(self.cls, i, c, expected=e))
            stored = self.view.run(lambda: update(entity_id, changed, expected),
                                   done=lambda e: _("Saved {label}.").format(
                                       label=self._label(e)), form=self.form)
        if stored is not None:
            self.refresh_options()
            if self.entity_id is not None or self._select_added:
                self.load(stored.id)
            else:
                self.load(None)
            if self._on_saved is not None:
                self._on_saved(stored)
        return stored


class LazyEditPanel:
    """An ``EditPanel`` built the first time it is needed: when its folded section is
    opened, or when code (a test, a view) reaches for any of its parts. Until then
    ``refresh_options`` does nothing: a panel built later reads what is stored then."""

    def __init__(self, holder: w.Box, make: Callable[[], EditPanel],
                 on_built: Callable[[EditPanel], None] | None = None) -> None:
        self._holder = holder
        self._make = make
        self._on_built = on_built
        self._panel: EditPanel | None = None

    @property
    def built(self) -> bool:
        return self._panel is not None

    def build(self) -> EditPanel:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            self._panel = self._make()
            self._holder.children = (self._panel.widget,)
            if self._on_built is not None:
                self._on_built(self._panel)
        return self._panel

    def refresh_options(self) -> None:
        if self._panel is not None:
            self._panel.refresh_options()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_holder", "_make", "_panel", "_on_built"):
            raise AttributeError(name)
        return getattr(self.build(), name)


def correction_panel(view: View, cls: type[Entity], fields: Sequence[str],
                     choices: Callable[[], list[tuple[str, Any]]], *, title: str,
                     on_built: Callable[[EditPanel], None] | None = None,
                     **options: Any) -> tuple[w.Accordion, LazyEditPanel]:
    """"Correct or remove" for entries a view only adds: a folded section holding an
    ``EditPanel`` over the stored ones (save a correction, remove with its confirmation,
    see the history). Returns (the section, the panel). The panel is built when the
    section is first opened (or first used), so a view with several such sections is
    not slowed by the ones nobody opens; ``on_built(panel)`` is called once it is (to lay
    more beside it)."""
    holder = w.VBox()
    section = w.Accordion(children=[holder], selected_index=None, titles=(title,),
                          layout=w.Layout(max_width="100%"))
    panel = LazyEditPanel(holder, lambda: EditPanel(
        view, cls, fields, choices=choices, save_label=_("Save the correction"), **options),
        on_built=on_built)

    def opened(change: Any) -> None:
        if change.new is not None:
            panel.build()

    view.observe(section, opened, names="selected_index")
    view._closers.append(lambda: close_tree(holder))  # also when a view lays it out anew
    return section, panel
