"""The resource map's sheet import: upload, map columns, preview, import all or nothing.

The work is done by ``workbook.interchange.sheets``; this panel only lays it out. The
preview is kept exactly as shown, and the Import button stores those rows and no others:
changing the mapping makes a new preview first.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...errors import ImportFileError
from ...interchange.sheets import (
    FIELDS,
    MAX_ROWS,
    RowResult,
    guess_mapping,
    import_rows,
    preview,
    read_sheet,
)
from ...model import Organisation
from ..widgets.base import View
from ..widgets.pickers import Quiet, set_options
from ..widgets.tables import html_table, typed

__all__ = ["SheetImportPanel"]

PREVIEW_ROWS = 10
ERROR_ROWS = 200
UNMAPPED = "(not in the sheet)"

EXPLAIN = (
    "Upload a CSV or Excel (.xlsx) sheet with one program, fund or policy per row and the "
    "column names in the first row (at most 5 MB and {rows:,} rows). Check which column "
    "fills which field, look at the preview, then press Import. If any row has an error, "
    "nothing is imported: fix the sheet and upload it again. Rows naming an entry that is "
    "already on the map (same name and owner) are skipped, not counted as errors, so a "
    "growing sheet can be imported again. Owners are matched to the organisations in this "
    "workbook by name; formulas are not run."
)


class SheetImportPanel:
    """Widgets for importing a sheet into the resource map of ``view.wb``."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.quiet = Quiet()
        self.frame: Any = None
        self.file_name = ""
        self.rows: list[RowResult] | None = None
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False,
                                   description="Upload a sheet", icon="upload",
                                   layout=w.Layout(width="16em"))
        self.file_info = w.HTML()
        self.mapping: dict[str, w.Dropdown] = {
            field: w.Dropdown(description=label, options=[(UNMAPPED, None)],
                              style={"description_width": "11em"},
                              layout=w.Layout(width="30em"))
            for field, label in FIELDS.items()}
        self.summary = w.HTML()
        self.preview_table = w.HTML()
        self.errors_table = w.HTML()
        self.import_button = w.Button(description="Import", button_style="primary",
                                      icon="check", disabled=True,
                                      tooltip="Store the previewed rows; nothing if any is bad")
        view.observe(self.upload, self._uploaded)
        for dropdown in self.mapping.values():
            view.observe(dropdown, self._remapped)
        view.on_click(self.import_button, self.do_import)
        self.widget = w.VBox([
            w.HTML(f"<p>{html.escape(EXPLAIN.format(rows=MAX_ROWS))}</p>"),
            self.upload, self.file_info,
            w.HTML("<h3>Which column fills which field</h3>"),
            w.GridBox(list(self.mapping.values()),
                      layout=w.Layout(grid_template_columns="repeat(2, 31em)")),
            self.summary, self.preview_table, self.errors_table, self.import_button])

    # -- steps -------------------------------------------------------------------------

    def _uploaded(self, change: Any) -> None:
        if self.quiet or not change.new:
            return
        upload = change.new[0]
        content = upload["content"]
        data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
        self.load(str(upload["name"]), data)
        with self.quiet:
            self.upload.value = ()  # so the same file, corrected, can be uploaded again

    def load(self, name: str, data: bytes) -> None:
        """Read a sheet, guess the column mapping and show the preview."""
        self._forget()
        frame = self.view.run(lambda: read_sheet(name, data),
                              done=lambda f: f"Read {name}: {len(f):,} rows. Check the "
                                             "mapping and the preview, then import.")
        if frame is None:
            self.file_info.value = ""
            return
        self.frame, self.file_name = frame, name
        self.file_info.value = (f"<p>Sheet <strong>{typed(name)}</strong>: "
                                f"{len(frame):,} rows, columns "
                                f"{typed(', '.join(map(str, frame.columns)))}.</p>")
        guessed = guess_mapping(frame.columns)
        options = [(UNMAPPED, None), *((str(c), c) for c in frame.columns)]
        with self.quiet:
            for field, dropdown in self.mapping.items():
                set_options(dropdown, options, guessed[field])
        self.show_preview()

    def _remapped(self, _change: Any) -> None:
        if not self.quiet and self.frame is not None:
            self.show_preview()

    def current_mapping(self) -> dict[str, Any]:
        return {field: dropdown.value for field, dropdown in self.mapping.items()}

    def show_preview(self) -> None:
        """Check every row under the current mapping and show what would be stored."""
        self.rows = None
        self.import_button.disabled = True
        try:
            rows = preview(self.frame, self.current_mapping(), self.view.wb)
        except ImportFileError as exc:
            self.summary.value = f'<p class="pwb-error" role="alert">✗ {html.escape(str(exc))}</p>'
            self.preview_table.value = self.errors_table.value = ""
            self.view.status.error(str(exc))
            return
        self.rows = rows
        self.import_button.disabled = False
        counts = {k: sum(r.outcome == k for r in rows) for k in ("new", "skip", "error")}
        css = "pwb-error" if counts["error"] else "pwb-ok"
        verdict = (f"{counts['error']} row(s) have errors: nothing will be imported until "
                   "they are fixed." if counts["error"]
                   else "No errors: Import will store the new entries.")
        self.summary.value = (
            f'<p class="{css}" role="status">{counts["new"]} new entries, {counts["skip"]} '
            f"already on the map (skipped), {counts['error']} with errors. "
            f"{html.escape(verdict)}</p>")
        self.preview_table.value = self._preview_html(rows)
        errors = [r for r in rows if r.error]
        self.errors_table.value = html_table(
            ["Row", "Problem"], [(r.row, r.error) for r in errors], empty="",
            caption="Rows with errors (row numbers as in the sheet)",
            limit=ERROR_ROWS) if errors else ""

    def _preview_html(self, rows: list[RowResult]) -> str:
        owners = {o.id: o.name for o in self.view.wb.all(Organisation)}
        fields = [f for f, column in self.current_mapping().items() if column]
        headers = ["Row", "Result", *(FIELDS[f] for f in fields)]
        table = []
        for result in rows[:PREVIEW_ROWS]:
            outcome = {"new": "new entry", "skip": "skipped: " + result.skipped,
                       "error": "error (see below)"}[result.outcome]
            table.append([result.row, outcome,
                          *(self._stored_text(result, f, owners) for f in fields)])
        return html_table(headers, table, caption=f"The first {min(PREVIEW_ROWS, len(rows))} "
                          "rows as they would be stored")

    @staticmethod
    def _stored_text(result: RowResult, field: str, owners: dict[int, str]) -> Any:
        entity = result.entity
        if entity is None:
            return result.values.get(field, "")
        if field == "owner":
            return owners.get(entity.owner_id, "")
        value = getattr(entity, field)
        if field == "resource_kind":
            return reference.RESOURCE_KINDS.get(value, value)
        if field == "status":
            return reference.RESOURCE_STATUSES.get(value, value)
        return value

    def do_import(self) -> None:
        """Store the previewed rows in one go, or nothing (and say why)."""
        if self.rows is None:
            self.view.status.error("Upload a sheet and check its preview first; nothing was "
                                   "imported.")
            return
        rows = self.rows
        stored = self.view.run(lambda: import_rows(self.view.wb, rows),
                               done=lambda s: f"Imported {len(s)} entries from "
                                              f"{self.file_name}.")
        if stored is not None:
            self._forget()
            self.summary.value = (f'<p class="pwb-ok" role="status">✓ Imported {len(stored)} '
                                  f"entries from {typed(self.file_name)}.</p>")

    def _forget(self) -> None:
        self.rows = None
        self.frame = None
        self.import_button.disabled = True
        self.preview_table.value = self.errors_table.value = self.summary.value = ""
