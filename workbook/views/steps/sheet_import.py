"""The resource map's sheet import: upload, check how it was read, map, preview, import.

The work is done by ``workbook.interchange.sheets``: ``read_file`` and ``preview_rows``, the
two steps of ``preview_sheet`` that the ``workbook import-sheet`` command runs (the panel
shows the file as read before the rows are checked, so a mapping can still be picked when
none is guessed); this panel only lays them out. It shows the
file, its encoding, the sheet, the header row, the column mapping (and which mapping
remembered for this layout it used, which can be forgotten), the questions the preview
asks (a name or owner it would not guess), the columns not mapped (which can be kept in
the notes), each row's outcome and the rows skipped with the reason; changing any of them
makes a new preview at once. A refused row can be corrected in place (the file is not
changed), and a kind or status the map does not know is chosen once for the whole file.
The Import button stores the rows of the preview shown and no others. Files over 1,000
rows show a progress bar.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...errors import ImportFileError
from ...i18n import N_, _
from ...interchange.sheet_mapping import unmapped_columns
from ...interchange.sheet_memory import forget_layout
from ...interchange.sheet_text import encoding_label
from ...interchange.sheets import (
    FIELDS,
    MAX_ROWS,
    NEW_OWNERS,
    OUTCOMES,
    RowResult,
    SheetFile,
    SheetOptions,
    SheetPreview,
    import_sheet,
    preview_rows,
    read_file,
)
from ...model import Organisation
from ..widgets.base import View
from ..widgets.pickers import Quiet, set_options
from ..widgets.tables import html_table, typed

__all__ = ["SheetImportPanel"]

PREVIEW_ROWS = 10
ERROR_ROWS = 200
PROGRESS_FROM = 1_000
UNMAPPED = N_("(not in the sheet)")
AS_DETECTED = N_("(as detected)")
ENCODINGS = ("utf_8", "utf_16", "cp1252", "mac_roman", "latin_1", "iso8859_15", "cp1250",
             "cp1251", "cp437", "cp850")

EXPLAIN = (
    N_("Upload a CSV, text or spreadsheet (.xlsx, .xlsm, .xls, .ods) with one program, fund or "
    "policy per row (at most 5 MB and {rows:,} rows). Check how it was read (encoding, "
    "sheet, header row), which column fills which field, and the preview, then press "
    "Import. If any row is refused, nothing is imported: fix the sheet and upload it "
    "again. Rows naming an entry already on the map (same name and owner) are skipped, so "
    "a growing sheet can be imported again. Formulas are never run.")
)


def _dropdown(label: str, options: list[tuple[str, Any]], width: str = "30em") -> w.Dropdown:
    return w.Dropdown(description=label, options=options, value=options[0][1],
                      style={"description_width": "11em"}, layout=w.Layout(width=width))


class SheetImportPanel:
    """Widgets for importing a sheet into the resource map of ``view.wb``."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.quiet = Quiet()
        self.data = b""
        self.file_name = ""
        self.sheet_file: SheetFile | None = None
        self.preview: SheetPreview | None = None
        self.upload = w.FileUpload(accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods",
                                   multiple=False, description=_("Upload a sheet"), icon="upload",
                                   layout=w.Layout(width="16em"))
        self.file_info = w.HTML()
        self.encoding = _dropdown(_("Encoding"), [(_(AS_DETECTED), None)])
        self.sheet = _dropdown(_("Sheet"), [(_(AS_DETECTED), None)])
        self.header_row = w.BoundedIntText(value=1, min=1, max=10_000, description=_("Header row"),
                                           style={"description_width": "11em"},
                                           layout=w.Layout(width="18em"))
        self.date_order = _dropdown(_("Dates like 3/4/2024"), [
            (_("as the column shows"), None), (_("month/day/year"), "mdy"),
            (_("day/month/year"), "dmy")])
        self.new_owners = _dropdown(_("Owners not in the workbook"), [
            (_("refuse their rows until I choose"), "ask"), (_(NEW_OWNERS["add"]), "add"),
            (_(NEW_OWNERS["blank"]), "blank")], "36em")
        self.partner_type = _dropdown(_("Their partner type"), [(_("(choose)"), None)] + [
            (title, key) for key, title in reference.PARTNER_TYPES.items()
            if key != reference.OWN], "36em")
        self.mapping: dict[str, w.Dropdown] = {
            field: _dropdown(_(label), [(_(UNMAPPED), None)]) for field, label in FIELDS.items()}
        self.progress = w.IntProgress(value=0, min=0, max=1, description=_("Working"),
                                      layout=w.Layout(display="none", width="30em"))
        self.touched: set[str] = set()  # fields the facilitator chose a column for
        self.corrections: dict[tuple[int, str], str] = {}
        self.chosen_values: dict[str, dict[str, str]] = {}
        self.questions = w.HTML()
        self.remembered = w.HTML()
        self.forget_button = w.Button(description=_("Forget this mapping"), icon="times",
                                      layout=w.Layout(display="none", width="16em"),
                                      tooltip=_("Guess the columns again for this layout"))
        self.keep_in_notes = w.SelectMultiple(
            description=_("Keep in notes"), options=[], rows=4,
            style={"description_width": "11em"}, layout=w.Layout(width="36em"),
            tooltip=_("Columns not mapped whose cells are added to each entry's notes"))
        self.values_box = w.VBox()
        self.fix_row = _dropdown(_("Correct row"), [(_("(choose a refused row)"), None)], "24em")
        self.fix_field = _dropdown(_("Field"), [(_(UNMAPPED), None)], "24em")
        self.fix_value = w.Text(description=_("New value"), style={"description_width": "11em"},
                                layout=w.Layout(width="36em"))
        self.fix_button = w.Button(description=_("Use this value"), icon="pencil",
                                   tooltip=_("Preview again with this value in place of the "
                                           "sheet's cell (the file is not changed)"))
        self.fix_box = w.HBox([self.fix_row, self.fix_field, self.fix_value, self.fix_button],
                              layout=w.Layout(flex_flow="row wrap", display="none"))
        self.summary = w.HTML()
        self.preview_table = w.HTML()
        self.errors_table = w.HTML()
        self.skipped_table = w.HTML()
        self.import_button = w.Button(description=_("Import"), button_style="primary",
                                      icon="check", disabled=True,
                                      tooltip=_("Store the previewed rows; nothing if any is bad"))
        view.observe(self.upload, self._uploaded)
        for control in (self.encoding, self.sheet, self.header_row):
            view.observe(control, self._reread)
        for control in (self.date_order, self.new_owners, self.partner_type,
                        self.keep_in_notes):
            view.observe(control, self._remapped)
        for field, dropdown in self.mapping.items():
            view.observe(dropdown, functools.partial(self._chosen, field))
        view.on_click(self.import_button, self.do_import)
        view.on_click(self.forget_button, self.forget_mapping)
        view.on_click(self.fix_button, self.correct_row)
        self.read_box = w.HBox([self.encoding, self.sheet, self.header_row],
                               layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([
            w.HTML(f"<p>{html.escape(_(EXPLAIN).format(rows=MAX_ROWS))}</p>"),
            self.upload, self.file_info, self.read_box,
            w.HTML(_("<h3>Which column fills which field</h3>")),
            w.HBox([self.remembered, self.forget_button]), self.questions,
            w.GridBox(list(self.mapping.values()),
                      layout=w.Layout(grid_template_columns="repeat(2, 31em)")),
            self.keep_in_notes, self.values_box,
            w.HBox([self.date_order, self.new_owners, self.partner_type],
                   layout=w.Layout(flex_flow="row wrap")),
            self.progress, self.summary, self.preview_table, self.errors_table,
            self.fix_box, self.skipped_table, self.import_button])

    @property
    def rows(self) -> list[RowResult] | None:
        """The rows of the preview shown (None before one is shown)."""
        return self.preview.rows if self.preview is not None else None

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
        """Read a file as detected, guess the mapping and show the preview."""
        self._forget()
        self.file_name, self.data = name, data
        with self.quiet:
            self.encoding.options = [(_(AS_DETECTED), None)]
            self.sheet.options = [(_(AS_DETECTED), None)]
            self.header_row.value = 1
            for dropdown in self.mapping.values():
                dropdown.options = [(_(UNMAPPED), None)]
        self._read(guess=True)

    def _choices(self, **read: Any) -> SheetOptions:
        """The facilitator's choices; ``read`` adds sheet, encoding, header row or mapping."""
        return SheetOptions(date_order=self.date_order.value, new_owners=self.new_owners.value,
                            partner_type=self.partner_type.value,
                            keep_in_notes=tuple(self.keep_in_notes.value),
                            values=self.chosen_values or None,
                            corrections=self.corrections or None, **read)

    def _read(self, *, guess: bool) -> None:
        """(Re-)read the file with the chosen encoding, sheet and header row, then preview."""
        options = self._choices() if guess else self._choices(
            sheet=self.sheet.value, encoding=self.encoding.value,
            header_row=self.header_row.value)
        try:  # read_file then preview_rows: preview_sheet's two steps, shown in between
            sheet_file = read_file(self.file_name, self.data, sheet=options.sheet,
                                   header_row=options.header_row, encoding=options.encoding)
        except ImportFileError as exc:
            self._refused(exc)
            return
        self.sheet_file = sheet_file
        self._show_file(sheet_file)
        self.touched.clear()
        self.corrections.clear()
        self.chosen_values.clear()
        columns = [(_(UNMAPPED), None), *((str(c), c) for c in sheet_file.frame.columns)]
        with self.quiet:
            self.keep_in_notes.options = []
            for dropdown in self.mapping.values():
                set_options(dropdown, columns, None)
        self._remapped(None)

    def _value_picked(self, field: str, value: str, change: Any) -> None:
        self.choose_value(field, value, change.new)

    def _chosen(self, field: str, _change: Any = None) -> None:
        """The facilitator picked a column for ``field``: it is theirs from now on."""
        if not self.quiet:
            self.touched.add(field)
            self._remapped(None)

    def _show_file(self, sheet_file: SheetFile) -> None:
        with self.quiet:
            if sheet_file.encoding:
                known = list(dict.fromkeys([*sheet_file.encoding_choices,
                                            sheet_file.encoding, *ENCODINGS]))
                set_options(self.encoding, [(f"{encoding_label(e)} [{e}]", e) for e in known],
                            sheet_file.encoding)
            self.encoding.layout.display = None if sheet_file.encoding else "none"
            if sheet_file.sheet:
                sheets = [(s, s) for s in sheet_file.sheets] + [
                    (_("{sheet} (hidden)").format(sheet=s), s)
                    for s in sheet_file.hidden_sheets]
                set_options(self.sheet, sheets, sheet_file.sheet)
            self.sheet.layout.display = None if sheet_file.sheet else "none"
            self.header_row.value = sheet_file.table.header_row
        parts = [_("<strong>{typed}</strong>: {count:,} rows under the header on row "
                   "{header_row}").format(
                       typed=typed(self.file_name), count=len(sheet_file.frame),
                       header_row=sheet_file.table.header_row)]
        if sheet_file.encoding:
            sure = "" if sheet_file.encoding_certain else \
                _(" (uncertain: check the names below and pick the right one)")
            parts.append(_("read as {encoding_label}{sure}").format(
                encoding_label=html.escape(encoding_label(sheet_file.encoding)),
                sure=html.escape(sure)))
        if sheet_file.sheet:
            parts.append(_("sheet {typed}").format(typed=typed(sheet_file.sheet)))
        self.file_info.value = f"<p>{'; '.join(parts)}.</p>"

    def _reread(self, _change: Any) -> None:
        if not self.quiet and self.data:
            self._read(guess=False)

    def _remapped(self, _change: Any) -> None:
        if self.quiet or self.sheet_file is None:
            return
        try:
            preview = preview_rows(self.view.wb, self.sheet_file,
                                   self._choices(mapping=self.current_mapping()),
                                   progress=self._progress)
        except ImportFileError as exc:
            self._refused(exc, keep_file=True)
            return
        finally:
            self.progress.layout.display = "none"
        self._show(preview)

    def _progress(self, done: int, total: int) -> None:
        if total > PROGRESS_FROM:
            self.progress.max = total
            self.progress.value = done
            self.progress.layout.display = None

    def current_mapping(self) -> dict[str, Any]:
        """The columns the facilitator chose (the others are settled by the preview)."""
        return {field: self.mapping[field].value for field in self.touched}

    def _refused(self, exc: ImportFileError, *, keep_file: bool = False) -> None:
        self.preview = None
        self.import_button.disabled = True
        if not keep_file:
            self.file_info.value = ""
        self.summary.value = f'<p class="pwb-error" role="alert">✗ {html.escape(str(exc))}</p>'
        self.preview_table.value = self.errors_table.value = ""
        self.view.status.error(str(exc))

    def _show(self, preview: SheetPreview) -> None:
        """Show what import would store, and what must be decided first."""
        self.preview = preview
        self._show_mapping(preview)
        self.import_button.disabled = bool(preview.problems)
        counts = {k: sum(r.outcome == k for r in preview.rows) for k in OUTCOMES}
        css = "pwb-error" if preview.problems else "pwb-ok"
        verdict = " ".join(preview.problems) if preview.problems else \
            _("No problems: Import will store the new entries.")
        self.summary.value = (
            _("<p class=\"{css}\" role=\"status\">{counts} new entries, {counts2} already on the "
              "map (skipped), {counts3} with errors. {verdict}</p>").format(
                  css=css, counts=counts["new"], counts2=counts["skip"], counts3=counts['error'],
                  verdict=html.escape(verdict)))
        self.preview_table.value = self._preview_html(preview)
        errors = [r for r in preview.rows if r.error]
        self.errors_table.value = html_table(
            [_("Row"), _("Problem")], [(r.row, r.error) for r in errors], empty="",
            caption=_("Rows refused (row numbers as in the sheet)"),
            limit=ERROR_ROWS) if errors else ""
        with self.quiet:
            set_options(self.fix_row, [(_("(choose a refused row)"), None)] + [
                (_("row {row}").format(row=r.row), r.row) for r in errors[:ERROR_ROWS]], None)
            set_options(self.fix_field, [(_(FIELDS[f]), f) for f, c in preview.mapping.items()
                                         if c], "name")
        self.fix_box.layout.display = None if errors else "none"
        skipped = preview.file.table.skipped
        self.skipped_table.value = html_table(
            [_("Row"), _("Why it is not an entry")], sorted(skipped.items()), empty="",
            caption=_("Rows skipped (row numbers as in the sheet)"),
            limit=ERROR_ROWS) if skipped else ""

    def _show_mapping(self, preview: SheetPreview) -> None:
        """The settled mapping in the pickers, the questions, the remembered mapping, the
        unmapped columns and the values that are no choice of the map."""
        settled = preview.settled
        with self.quiet:
            for field, dropdown in self.mapping.items():
                if field not in self.touched:
                    dropdown.value = preview.mapping.get(field)
            unmapped = unmapped_columns(preview.file.frame, preview.mapping)
            kept = [c for c in self.keep_in_notes.value if c in unmapped]
            self.keep_in_notes.options = unmapped
            self.keep_in_notes.value = tuple(kept)
        questions = settled.questions if settled else []
        self.questions.value = "".join(
            f'<p class="{"pwb-error" if q.blocking else "pwb-note"}">'
            f"{html.escape(q.message)}</p>" for q in questions)
        remembered = preview.remembered
        self.remembered.value = f"<p>{html.escape(remembered.describe())}</p>" \
            if remembered else ""
        self.forget_button.layout.display = None if remembered else "none"
        self._show_values(preview)

    def _show_values(self, preview: SheetPreview) -> None:
        """A picker per kind or status the sheet writes that is no choice of the map: the
        choice made applies to every row of the file."""
        pickers = []
        for field, options in (("resource_kind", reference.RESOURCE_KINDS),
                               ("status", reference.RESOURCE_STATUSES)):
            column = preview.mapping.get(field)
            if not column:
                continue
            wrong = sorted({r.values.get(field, "") for r in preview.rows
                            if r.error and r.values.get(field, "")
                            and FIELDS[field].casefold() in r.error.casefold()}
                           | set(self.chosen_values.get(field, {})))
            for value in wrong[:20]:
                picker = _dropdown(f"{_(FIELDS[field])} {value!r}", [(_("(choose)"), None)] + [
                    (title, key) for key, title in options.items()], "36em")
                picker.value = self.chosen_values.get(field, {}).get(value)
                self.view.observe(picker, functools.partial(self._value_picked, field, value))
                pickers.append(picker)
        self.values_box.children = pickers

    def choose_value(self, field: str, value: str, choice: str | None) -> None:
        """Read ``value`` in ``field`` as ``choice`` in every row of the file."""
        if self.quiet:
            return
        chosen = self.chosen_values.setdefault(field, {})
        if choice:
            chosen[value] = choice
        else:
            chosen.pop(value, None)
        self._remapped(None)

    def correct_row(self) -> None:
        """Preview again with the typed value in place of the chosen row's cell."""
        row, field = self.fix_row.value, self.fix_field.value
        if row is None or field is None:
            self.view.status.error(_("Choose a refused row and a field first; nothing was "
                                   "changed."))
            return
        self.corrections[(int(row), str(field))] = self.fix_value.value
        self.fix_value.value = ""
        self._remapped(None)

    def forget_mapping(self) -> None:
        """Forget the remembered mapping of this layout and guess the columns again."""
        if self.sheet_file is None:
            return
        forget_layout(self.view.wb, self.sheet_file.frame.columns)
        self.touched.clear()
        self._remapped(None)

    def _preview_html(self, preview: SheetPreview) -> str:
        rows = preview.rows
        owners = {o.id: o.name for o in self.view.wb.all(Organisation)}
        fields = [f for f, column in preview.mapping.items() if column]
        headers = [_("Row"), _("Result"), *(_(FIELDS[f]) for f in fields)]
        table = []
        for result in rows[:PREVIEW_ROWS]:
            outcome = {"new": _("new entry"),
                       "skip": _("skipped: {reason}").format(reason=result.skipped),
                       "error": _("refused (see below)")}[result.outcome]
            if result.note:
                outcome = _("{outcome} ({note})").format(outcome=outcome, note=result.note)
            table.append([result.row, outcome,
                          *(self._stored_text(result, f, owners) for f in fields)])
        return html_table(headers, table, caption=_("The first {min} rows as they would be "
                                                    "stored").format(
                                                        min=min(PREVIEW_ROWS, len(rows))))

    @staticmethod
    def _stored_text(result: RowResult, field: str, owners: dict[int | None, str]) -> Any:
        entity = result.entity
        if entity is None:
            return result.values.get(field, "")
        if field == "owner":
            return result.new_owner or owners.get(entity.owner_id, "")
        value = getattr(entity, field)
        if field == "resource_kind":
            return reference.RESOURCE_KINDS.get(value, value)
        if field == "status":
            return reference.RESOURCE_STATUSES.get(value, value)
        return value

    def do_import(self) -> None:
        """Store the previewed rows (and say how many), or nothing (and say why)."""
        if self.preview is None:
            self.view.status.error(_("Upload a sheet and check its preview first; nothing was "
                                   "imported."))
            return
        preview = self.preview
        try:
            done = self.view.run(lambda: import_sheet(self.view.wb, preview,
                                                      progress=self._progress),
                                 done=lambda d: _("Imported {count} entries from "
                                                  "{file_name}.").format(
                                     count=len(d.stored), file_name=self.file_name))
        finally:
            self.progress.layout.display = "none"
        if done is not None:
            name = self.file_name
            self._forget()
            if done.organisations:
                said = _("✓ Imported {count} entries and added {added} organizations from "
                         "{typed}.").format(count=len(done.stored),
                                            added=len(done.organisations), typed=typed(name))
            else:
                said = _("✓ Imported {count} entries from {typed}.").format(
                    count=len(done.stored), typed=typed(name))
            self.summary.value = f'<p class="pwb-ok" role="status">{said}</p>'

    def _forget(self) -> None:
        self.preview = None
        self.sheet_file = None
        self.import_button.disabled = True
        self.preview_table.value = self.errors_table.value = self.summary.value = ""
