"""Parts of the outcomes view: importing readings from a sheet, and the log of wins.

``SheetPanel``: upload a CSV or Excel sheet (one column per outcome, or one row per
reading: see ``interchange.readings_sheet``), see every reading it would add, skip or
refuse, then import all of them in one go, or nothing when a row needs fixing. A picker
per column shows what it was read as (a date, an outcome, a value, a note ...); changing
one previews again. The mapping is remembered for the sheet's columns on import; the
panel says when a remembered mapping was used, and it can be forgotten.

``WinsPanel``: tell a success with the partners who contributed. A person is named only
when the day they agreed to be named is filled in; the model refuses a name without it,
and the message says to describe them without identifying details instead.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _, format_date
from ...interchange.readings_mapping import FIELD_TITLES, outcome_target
from ...interchange.readings_sheet import (
    FRACTIONS,
    ReadingRow,
    ReadingsPreview,
    import_readings,
    preview_readings,
)
from ...interchange.sheet_memory import READINGS, forget_layout
from ...interchange.sheet_values import COMMA, CONVENTIONS, POINT, value_as_stored
from ...interchange.sheets import read_file
from ...model import Organisation, Outcome, Win
from ..widgets.base import View
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import Quiet, cut, organisation_options, select, set_options
from ..widgets.tables import html_table

__all__ = ["SheetPanel", "WinsPanel"]

PICKED_COLUMNS = 40
"""Columns of a readings sheet shown with a picker (the rest keep what they were read as)."""

SHEET_HELP = (
    N_("A sheet can hold one column per outcome (a 'Date' column, then a column headed with each "
    "outcome's description) or one row per reading ('Outcome', 'Date' and 'Value' columns, "
    "and if you like 'Reported by', 'Organisation', 'Source' and 'Note'). Dates, months and "
    "quarters (2026 Q3, PY2026 Q1) are understood, and so are percent and dollar signs, "
    "percent-formatted Excel cells and both decimal conventions (asked when the sheet does "
    "not show which); '*', 'N/A' or 'n<10' mean no reading; any other words in a value "
    "cell are kept as a reading in words. Readings the workbook already has are skipped."))

STATUS_WORDS = {"new": N_("new reading"), "skip": "skipped", "error": "error"}

WIN_FIELDS = ["won_on", "win_kind", "description", "person_name", "consent_on",
              "consent_note", "outcome_id", "meeting_id", "story"]
WIN_LABELS = {"won_on": N_("Won on"), "win_kind": N_("What kind"),
              "description": N_("What happened"),
              "person_name": N_("Person's name"), "consent_on": N_("Agreed to be named on"),
              "consent_note": N_("How they agreed"), "outcome_id": N_("Counts towards"),
              "meeting_id": N_("Told at meeting"), "story": N_("The story")}
CONSENT_HELP = (
    N_("Name a person only when they agreed to it: fill in the day they agreed. Otherwise leave "
    "the name empty and describe them without details that identify them (no name, no "
    "employer and start date together, no photo)."))


class SheetPanel:
    """Upload a sheet of readings, preview every reading, import all or nothing."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.rows: list[ReadingRow] | None = None
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False,
                                   description=_("Upload a sheet"), icon="upload",
                                   layout=w.Layout(width="16em"))
        self.source = w.Text(description=_("Source"), placeholder=_("e.g. State wage records, Q3"),
                             style={"description_width": "11em"}, layout=w.Layout(width="38em"))
        self.decimal = w.Dropdown(
            description=_("Numbers written"), options=[
                (_("as the sheet shows"), None), (_(CONVENTIONS[POINT]), POINT),
                (_(CONVENTIONS[COMMA]), COMMA)], value=None,
            style={"description_width": "11em"}, layout=w.Layout(width="38em"))
        self.date_order = w.Dropdown(
            description=_("Dates like 3/4/2027"), options=[
                (_("as the column shows"), None), (_("month/day/year"), "mdy"),
                (_("day/month/year"), "dmy")], value=None,
            style={"description_width": "11em"}, layout=w.Layout(width="38em"))
        self.fractions = w.Dropdown(
            description=_("Fractions on a %"), options=[(_("ask me"), None)] + [
                (_(title), key) for key, title in FRACTIONS.items()], value=None,
            style={"description_width": "11em"}, layout=w.Layout(width="38em"))
        self.said = w.HTML()
        self.preview_table = w.HTML()
        self.import_button = w.Button(description=_("Import readings"), icon="check",
                                      button_style="primary", disabled=True)
        self.file: tuple[str, bytes] | None = None
        self.chosen: dict[str, str | None] = {}
        self.pickers: dict[str, w.Dropdown] = {}
        self.quiet = Quiet()
        self.columns_box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.remembered = w.HTML()
        self.forget_button = w.Button(description=_("Forget this mapping"), icon="times",
                                      layout=w.Layout(display="none", width="fit-content"))
        view.observe(self.upload, self._uploaded)
        for control in (self.decimal, self.date_order, self.fractions):
            view.observe(control, lambda _change: self.file and self.load(*self.file))
        view.on_click(self.import_button, self.do_import)
        view.on_click(self.forget_button, self.forget_mapping)
        self.widget = w.VBox([w.HTML(f"<p>{html.escape(_(SHEET_HELP))}</p>"), self.source,
                              self.upload, w.HBox([self.decimal, self.date_order,
                                                   self.fractions],
                                                  layout=w.Layout(flex_flow="row wrap")),
                              self.columns_box, self.remembered, self.forget_button,
                              self.said, self.preview_table, self.import_button])

    def _uploaded(self, change: Any) -> None:
        if not change.new:
            return
        upload = change.new[0]
        content = upload["content"]
        data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
        self.chosen = {}
        self.load(str(upload["name"]), data)

    def _targets(self) -> list[tuple[str, str | None]]:
        titles = [(_("(not mapped)"), None), (_("(leave out)"), "")]
        titles += [(_(title), key) for key, title in FIELD_TITLES.items()]
        outcomes = sorted(self.view.wb.all(Outcome), key=lambda o: o.description.casefold())
        return titles + [(_("Outcome: {description}").format(description=o.description[:60]),
                          outcome_target(o.id)) for o in outcomes if o.id is not None]

    def _show_columns(self, rows: ReadingsPreview) -> None:
        mapping = rows.mapping
        if mapping is None:
            return
        options = self._targets()
        with self.quiet:
            for picker in self.pickers.values():
                picker.close()
            self.pickers = {}
            for column in [c for c in mapping.columns if c.strip()][:PICKED_COLUMNS]:
                picker = w.Dropdown(description=column[:40], options=options, value=None,
                                    style={"description_width": "12em"},
                                    layout=w.Layout(width="30em"))
                select(picker, mapping.targets.get(column))
                self.view.observe(picker, functools.partial(self._remapped, column))
                self.pickers[column] = picker
        self.columns_box.children = list(self.pickers.values())
        remembered = mapping.remembered
        self.remembered.value = f"<p>{html.escape(remembered.describe())}</p>" \
            if remembered else ""
        self.forget_button.layout.display = None if remembered else "none"

    def _remapped(self, column: str, _change: Any = None) -> None:
        if self.quiet or self.file is None:
            return
        self.chosen[column] = self.pickers[column].value
        self.load(*self.file)

    def forget_mapping(self) -> None:
        """Forget the mapping remembered for this sheet's columns and read it again."""
        rows = self.rows
        mapping = getattr(rows, "mapping", None)
        if mapping is None or self.file is None:
            return
        forget_layout(self.view.wb, mapping.columns, READINGS)
        self.chosen = {}
        self.load(*self.file)

    def load(self, name: str, data: bytes) -> list[ReadingRow] | None:
        """Read the sheet and show what importing it would do; nothing is stored yet."""
        self.rows = None
        self.file = (name, data)
        self.import_button.disabled = True
        self.preview_table.value = self.said.value = ""

        def preview() -> ReadingsPreview:
            read = read_file(name, data)
            return preview_readings(read.frame, self.view.wb, source=self.source.value.strip(),
                                    name=name, decimal=self.decimal.value,
                                    date_order=self.date_order.value, delimiter=read.delimiter,
                                    fractions=self.fractions.value,
                                    mapping=self.chosen or None)

        rows = self.view.run(preview, done=lambda found: _counted(found, name))
        if rows is None:
            return None
        self.rows = rows
        self._show_columns(rows)
        self.said.value = "".join(
            f'<p class="pwb-error" role="alert">{html.escape(q)}</p>' for q in rows.questions
        ) + "".join(f"<p>{html.escape(n)}</p>" for n in rows.notes)
        self.preview_table.value = html_table(
            [_("Row"), _("Column"), _("Outcome"), _("Date"), _("Value"), _("What happens")],
            [[r.row, r.column, r.outcome, r.values.get("date", ""),
              # The value as it will be stored (72.5), not as typed (72,5).
              value_as_stored(r.values.get("value", ""),
                              r.reading.value if r.reading is not None else None,
                              rows.decimal),
              r.error or r.skipped or _(STATUS_WORDS[r.status])] for r in rows],
            caption=_("Readings in {name}").format(
                name=name), empty=_("The sheet holds no readings."),
            row_classes=["pwb-overdue" if r.error else "" for r in rows], limit=300)
        self.import_button.disabled = not any(r.status == "new" for r in rows) or not rows.ready
        return rows

    def do_import(self) -> None:
        """Store every new reading of the preview at once (nothing if a row has an error)."""
        rows = self.rows
        if rows is None:
            self.view.status.error(_("Upload a sheet first; nothing was imported."))
            return
        name = self.file[0] if self.file else ""
        stored = self.view.run(lambda: import_readings(self.view.wb, rows, source=name),
                               done=lambda new: _("Imported {count} readings.").format(
                                   count=len(new)))
        if stored is not None:
            self.rows = None
            self.import_button.disabled = True

    def refresh(self) -> None:
        """Nothing stored to re-read: a preview stays until the next upload."""


def _counted(rows: ReadingsPreview, name: str) -> str:
    new = sum(r.status == "new" for r in rows)
    skipped = sum(r.status == "skip" for r in rows)
    errors = sum(r.status == "error" for r in rows)
    said = _("{name}: {new} new readings, {skipped} skipped, {errors} with errors.").format(
        name=name, new=new, skipped=skipped, errors=errors)
    if rows.questions:
        return f"{said} {rows.questions[0]}"
    return said + (_(" Fix the rows with errors in the sheet and upload it again.") if errors
                   else _(" Check them, then press Import readings."))


class WinsPanel:
    """Record a win with the partners who contributed, and list the wins so far."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.form = EntityForm(view.wb, Win, WIN_FIELDS,
                               labels={k: _(v) for k, v in WIN_LABELS.items()},
                               options={"win_kind": lambda: [(t, k) for k, t in
                                                              reference.WIN_KINDS.items()]})
        self.partners = w.SelectMultiple(description=_("Partners who helped"),
                                         options=organisation_options(view.wb), rows=6,
                                         style={"description_width": "11em"},
                                         layout=w.Layout(width="38em"))
        self.save_button = w.Button(description=_("Save win"), icon="trophy",
                                    button_style="primary")
        view.on_click(self.save_button, self.save)
        self.table = w.HTML()
        # A win told wrong, or one that should not be there: corrected or removed (with
        # the partners credited with it; Undo brings both back).
        self.fix, self.editor = correction_panel(
            view, Win, WIN_FIELDS, self._wins, title=_("Correct or remove a win"),
            picker_label=_("Win"), labels={k: _(v) for k, v in WIN_LABELS.items()},
            options={"win_kind": lambda: [(t, k) for k, t in reference.WIN_KINDS.items()]},
            label=lambda x: _("the win “{description}”").format(
                description=x.description[:60]), on_load=self._win_loaded)
        self.fix_partners = w.SelectMultiple(description=_("Partners who helped"),
                                             options=organisation_options(view.wb), rows=6,
                                             style={"description_width": "11em"},
                                             layout=w.Layout(width="38em"))
        self.credit_button = w.Button(description=_("Save the partners credited"), icon="check")
        view.on_click(self.credit_button, self.credit)
        self.editor.widget.children = (*self.editor.widget.children, self.fix_partners,
                                       self.credit_button)
        self._win_loaded(self.editor.entity_id)
        self.widget = w.VBox([w.HTML(f"<p>{html.escape(_(CONSENT_HELP))}</p>"), self.form.widget,
                              self.partners, self.save_button, self.table, self.fix])

    def _win_loaded(self, win_id: int | None) -> None:
        """Show the partners credited with the win picked for correction."""
        if not hasattr(self, "fix_partners"):
            return
        set_options(self.fix_partners, organisation_options(self.view.wb))
        self.fix_partners.value = tuple(o.id for o in self.view.wb.credited_partners(win_id)) \
            if win_id is not None else ()
        self.fix_partners.disabled = self.credit_button.disabled = win_id is None

    def credit(self) -> None:
        """Make the ticked partners exactly those credited with the picked win."""
        win_id = self.editor.entity_id
        if win_id is None:
            self.view.status.error(_("Pick the win first; nothing was saved."))
            return
        wanted = list(self.fix_partners.value)
        self.view.run(lambda: self.view.wb.credit_partners(win_id, wanted),
                      done=_("The win is credited to {count} partners.").format(count=len(wanted)))

    def _wins(self) -> list[tuple[str, Any]]:
        """Every win, newest first: "date: what happened"."""
        wins = sorted(self.view.wb.all(Win), key=lambda x: (x.won_on, x.id or 0), reverse=True)
        return [(f"{format_date(x.won_on, 'medium')}: {cut(x.description, 70)}",
                 x.id) for x in wins]

    def save(self) -> Win | None:
        """Store the win and credit the picked partners; the model's message if refused."""
        values = self.form.values()
        partners = list(self.partners.value)
        wb = self.view.wb
        stored = self.view.run(lambda: wb.add_win(Win(**values), partners),
                               done=lambda win: (_("Win saved and credited to the partnership "
                                                   "with {count} partners.").format(
                                                       count=len(partners))),
                               form=self.form)
        if stored is not None:
            self.form.clear()
            self.partners.value = ()
        return stored

    def refresh(self) -> None:
        wb = self.view.wb
        self.form.wb = wb
        self.form.reload_options()
        set_options(self.partners, organisation_options(wb))
        self.editor.refresh_options()
        self._win_loaded(self.editor.entity_id)
        names = {o.id: o.name for o in wb.all(Organisation)}
        outcomes = {o.id: o.description for o in wb.all(Outcome)}
        credited: dict[int, list[str]] = {}
        for win_id, org_id in wb.win_partner_rows():
            credited.setdefault(win_id, []).append(names.get(org_id, ""))
        wins = sorted(wb.all(Win), key=lambda x: (x.won_on, x.id or 0), reverse=True)
        rows = [[x.won_on, reference.WIN_KINDS.get(x.win_kind, x.win_kind), x.description,
                 x.person_name if x.names_person else _("not named"),
                 ", ".join(sorted(credited.get(x.id or 0, []), key=str.casefold)),
                 outcomes.get(x.outcome_id, "") if x.outcome_id else ""] for x in wins]
        self.table.value = html_table(
            [_("Won on"), _("Kind"), _("What happened"), _("Person"), _("Partners who helped"),
             _("Counts towards")], rows, caption=_("The partnership's wins, newest first"),
            empty=_("No win recorded yet: the first hire or apprentice is worth telling."))
