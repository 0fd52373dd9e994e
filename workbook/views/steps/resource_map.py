"""Step 3, the resource map: what programs, funds and policies already bear on the problems.

A filterable table of entries; a form to add one, or to edit or retire the one picked;
links from the picked entry to the root causes it addresses; gaps and duplication per root
cause (table and chart); and an import from a CSV or Excel sheet (``sheet_import``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ... import reference
from ...analyses.resources import coverage
from ...i18n import N_, _
from ...model import Cause, Organisation, Problem, Resource
from ..widgets.analyses_out import frame_html
from ..widgets.base import View, close_tree, heading
from ..widgets.charts_out import chart_html, make_chart
from ..widgets.editing import EditPanel
from ..widgets.forms import options_for
from ..widgets.lazy import LazyPanel
from ..widgets.pickers import Quiet, organisation_options, set_options
from ..widgets.reads import names
from ..widgets.tables import html_table, typed
from .sheet_import import SheetImportPanel

__all__ = ["ResourceMapView"]

FIELDS = ["name", "resource_kind", "owner_id", "target_group", "eligibility", "capacity",
          "funding_source", "referral", "status", "found_on", "notes"]
LABELS = {"resource_kind": N_("Kind"), "owner_id": N_("Owner"), "referral": N_("How to refer"),
          "found_on": N_("Date found")}
COVERAGE_HEADERS = {"problem": N_("Problem"), "root_cause": N_("Root cause"),
                    "resources": N_("Entries"),
                    "resource_names": N_("Entry names"), "owners": N_("Owners"),
                    "solutions": N_("Solutions"), "verdict": N_("Verdict")}
TABLE_ROWS = 200
EDITOR_TAB = 1  # built when first opened
COVERAGE_TAB = 3  # drawn when opened: its analysis and chart are the costly part
IMPORT_TAB = 4  # built when first opened
SEARCHED = ("name", "target_group", "eligibility", "funding_source", "referral", "notes")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ResourceMapView(View):
    """The resource map of one workbook: browse, add, edit, retire, link, import."""

    title = N_("Resource map: what already exists")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        # Filters and the table.
        style = {"description_width": "6em"}
        self.kind_filter = w.Dropdown(description=_("Kind"), style=style, options=[
            (_("All kinds"), None), *((t, k) for k, t in reference.RESOURCE_KINDS.items())])
        self.status_filter = w.Dropdown(description=_("Status"), style=style, options=[
            (_("All statuses"), None), *((t, k) for k, t in reference.RESOURCE_STATUSES.items())])
        self.owner_filter = w.Dropdown(description=_("Owner"), style=style,
                                       options=self._owner_filter_options())
        self.text_filter = w.Text(description=_("Search"), style=style, continuous_update=False,
                                  placeholder=_("words in name, target group, eligibility …"))
        for widget in (self.kind_filter, self.status_filter, self.owner_filter,
                       self.text_filter):
            self.observe(widget, self._filtered)
        self.table = w.HTML()

        # Links to root causes (built before the editor, which fills them when it loads).
        self.links_for = w.HTML()
        self.causes = w.SelectMultiple(description=_("Root causes"), rows=8,
                                       options=self._cause_options(),
                                       style={"description_width": "11em"},
                                       layout=w.Layout(width="60em"))
        self.link_button = w.Button(description=_("Save links"), icon="link",
                                    button_style="primary")
        self.on_click(self.link_button, self.save_links)

        # Add, edit, retire.
        self.retire_button = w.Button(description=_("Retire this entry"), icon="archive",
                                      tooltip=_("Keep it on the map, marked retired"))
        self.on_click(self.retire_button, self.retire)
        # The "Add or edit" and "Import a sheet" tabs are built when first opened (or
        # reached from code): the map itself is what a visit opens on.
        editor_tab, importer_tab = w.VBox(), w.VBox()
        self._closers.append(lambda: close_tree(self.retire_button))
        self.editor: LazyPanel[EditPanel] = LazyPanel(self, editor_tab, lambda: EditPanel(
            self, Resource, FIELDS, labels={k: _(v) for k, v in LABELS.items()},
            picker_label=_("Entry"),
            choices=lambda: options_for(self.wb, "resource", optional=False),
            new_label=_("(add a new entry)"), select_added=False, on_load=self._entry_loaded,
            options={"owner_id": lambda: [(_("(none)"), None),
                                          *organisation_options(self.wb)]}),
            on_built=lambda panel: setattr(editor_tab, "children",
                                           (panel.widget, self.retire_button)))

        # Gaps and duplication.
        self.coverage_table = w.HTML()
        self.coverage_chart = w.HTML()

        self.importer: LazyPanel[SheetImportPanel] = LazyPanel(
            self, importer_tab, lambda: SheetImportPanel(self))

        self.tabs = w.Tab(children=[
            w.VBox([w.HBox([self.kind_filter, self.status_filter]),
                    w.HBox([self.owner_filter, self.text_filter]), self.table]),
            editor_tab,
            w.VBox([self.links_for, self.causes, self.link_button]),
            w.VBox([heading(_("Gaps and duplication per root cause"), 3), self.coverage_table,
                    self.coverage_chart]),
            importer_tab,
        ], titles=[_("The map"), _("Add or edit"), _("Root causes"), _("Gaps and duplication"),
                   _("Import a sheet")])
        self._coverage_stale = True
        self.observe(self.tabs, self._tab_opened, names="selected_index")
        self.refresh()
        return self.tabs

    # -- reading -----------------------------------------------------------------------

    def _owner_filter_options(self) -> list[tuple[str, Any]]:
        return [(_("All owners"), None), *organisation_options(self.wb)]

    def _cause_options(self) -> list[tuple[str, int | None]]:
        problems = {p.id: p.statement for p in self.wb.all(Problem)}
        roots = self.wb.all(Cause, is_root=True)
        return sorted(((_("{short} (problem: {short2})").format(
            short=_short(c.statement), short2=_short(problems[c.problem_id], 40)),
                        c.id) for c in roots), key=lambda o: o[0].casefold())

    def _filtered(self, _change: Any) -> None:
        if not self.quiet:
            self.draw_table()

    def filtered(self) -> list[Resource]:
        """The entries that pass the four filters, by name."""
        owners = names(self.wb, Organisation)
        words = self.text_filter.value.casefold().split()
        found = []
        for entry in self.wb.all(Resource):
            if self.kind_filter.value and entry.resource_kind != self.kind_filter.value:
                continue
            if self.status_filter.value and entry.status != self.status_filter.value:
                continue
            if self.owner_filter.value and entry.owner_id != self.owner_filter.value:
                continue
            haystack = " ".join([*(getattr(entry, f) for f in SEARCHED),
                                 owners.get(entry.owner_id, "")]).casefold()
            if all(word in haystack for word in words):
                found.append(entry)
        return sorted(found, key=lambda e: e.name.casefold())

    def draw_table(self) -> None:
        owners = names(self.wb, Organisation)
        linked: dict[int | None, int] = {}
        for resource_id, _cause in self.wb.resource_links():
            linked[resource_id] = linked.get(resource_id, 0) + 1
        entries = self.filtered()
        rows = [(e.name, reference.RESOURCE_KINDS[e.resource_kind], owners.get(e.owner_id, ""),
                 e.target_group, e.eligibility, reference.RESOURCE_STATUSES[e.status],
                 e.found_on, linked.get(e.id, 0)) for e in entries]
        total = len(self.wb.all(Resource))
        self.table.value = (
            _("<p>{count:,} of {total:,} entries match.</p>").format(
                count=len(entries), total=total) + html_table(
                [_("Name"), _("Kind"), _("Owner"), _("Target group"), _("Eligibility"), _("Status"),
                 _("Date found"), _("Root causes addressed")], rows, limit=TABLE_ROWS,
                caption=_("Entries on the resource map"),
                empty=_("No entry matches these filters.") if total else
                _("The map is empty: add the first entry, or import a sheet.")))

    def _tab_opened(self, _change: Any) -> None:
        if self.tabs.selected_index == EDITOR_TAB:
            self.editor.build()
        elif self.tabs.selected_index == IMPORT_TAB:
            self.importer.build()
        if self.tabs.selected_index == COVERAGE_TAB and self._coverage_stale:
            self.draw_coverage()

    def draw_coverage(self) -> None:
        """Gaps and duplication per root cause: the table and its chart."""
        self._coverage_stale = False
        frame = coverage(self.wb)
        self.coverage_table.value = frame_html(
            frame, columns={k: _(v) for k, v in COVERAGE_HEADERS.items()},
            caption=_("Root causes and what addresses them (active and planned entries)"),
            empty=_("No root causes yet: mark them in problem framing first."))
        self.coverage_chart.value = chart_html(make_chart("coverage_chart", frame)) \
            if len(frame) else ""

    def refresh(self) -> None:
        with self.quiet:
            set_options(self.owner_filter, self._owner_filter_options())
            set_options(self.causes, self._cause_options())
        if self.editor.built:  # built later, it lists what is stored then
            self.editor.refresh_options()
        self.draw_table()
        self._coverage_stale = True
        if self.tabs.selected_index == COVERAGE_TAB:
            self.draw_coverage()
        self._entry_loaded(self.editor.entity_id if self.editor.built else None)

    # -- changing ------------------------------------------------------------------------

    def _entry_loaded(self, entity_id: int | None) -> None:
        self.retire_button.disabled = entity_id is None
        self.link_button.disabled = self.causes.disabled = entity_id is None
        if entity_id is None:
            self.links_for.value = (_("<p>Pick an entry under “Add or edit” to link it to the "
                                    "root causes it addresses.</p>"))
            with self.quiet:
                self.causes.value = ()
            return
        entry = self.wb.get(Resource, entity_id)
        self.links_for.value = (_("<p>Root causes addressed by <strong>{typed}</strong> (hold "
                                  "Ctrl or Shift to pick several):</p>").format(
                                      typed=typed(entry.name)))
        linked = tuple(c for r, c in self.wb.resource_links() if r == entity_id)
        with self.quiet:
            set_options(self.causes, self._cause_options(), linked)

    def retire(self) -> None:
        """Mark the picked entry retired; it stays on the map and in past summaries."""
        entity_id = self.editor.entity_id
        if entity_id is None:
            self.status.error(_("Pick an entry to retire first; nothing was changed."))
            return
        shown = self.editor.shown.get("status")
        stored = self.run(lambda: self.wb.update(Resource, entity_id, {"status": "retired"},
                                                 expected={"status": shown}),
                          done=lambda e: _("Retired {name}; it stays on the map, marked "
                                           "retired.").format(name=e.name))
        if stored is not None:
            self.editor.load(entity_id)

    def save_links(self) -> None:
        """Make the picked root causes exactly those the picked entry addresses."""
        entity_id = self.editor.entity_id
        if entity_id is None:
            self.status.error(_("Pick an entry first; no links were changed."))
            return
        chosen = list(self.causes.value)
        self.run(lambda: self.wb.set_resource_links(entity_id, chosen),
                 done=_("Saved: the entry now addresses {count} root cause(s).").format(
                     count=len(chosen)))
