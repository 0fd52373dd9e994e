"""Step 10, outcomes and wins: what the partnership measures itself by, read over time.

Four parts, top to bottom, in the order a facilitator uses them at a meeting:

* **Where we stand**: every outcome against its baseline, benchmark and target (a table and
  a trend chart), with outcomes nobody has read for 90 days flagged.
* **Readings**: pick an outcome, type a reading (a number in the outcome's unit, or a
  short text), see its readings and its own chart. Readings a partner sends in a
  contribution file arrive through the remote-participants notebook; a sheet of figures is
  imported in the panel below (``outcomes_panels.SheetPanel``).
* **Outcomes**: add or edit an outcome; picking one of the common indicators fills the
  empty fields (description, measure, unit, which way is better), or write your own.
* **Wins**: tell a success with the partners who contributed (``outcomes_panels.WinsPanel``).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...analyses.progress import (
    FROM_MOMENTUM,
    format_value,
    momentum_reading,
    outcome_progress,
    progress_of,
)
from ...i18n import N_, _
from ...model import Organisation, Outcome, Reading
from ..widgets.base import View, heading
from ..widgets.charts_out import FoldedChart, chart_html, make_chart
from ..widgets.editing import EditPanel
from ..widgets.forms import EntityForm
from ..widgets.lazy import folded
from ..widgets.pickers import Quiet, set_options
from ..widgets.progress_out import progress_html
from ..widgets.tables import html_table
from .outcomes_panels import SheetPanel, WinsPanel

__all__ = ["OutcomesView", "indicator_options"]

OUTCOME_FIELDS = ["indicator", "description", "measure", "unit", "direction",
                  "baseline_value", "benchmark_value", "benchmark", "target_value", "target",
                  "due_on", "owner_id"]
OUTCOME_LABELS = {"indicator": "Start from", "owner_id": "Lead partner",
                  "baseline_value": "Baseline (number)",
                  "benchmark_value": "Benchmark (number)",
                  "benchmark": "Benchmark (in words)", "target_value": "Target (number)",
                  "target": "Target (in words)", "due_on": "Target date",
                  "unit": "Unit (%, people, days …)", "direction": "Which way is better"}
READING_FIELDS = ["read_on", "value", "text", "reported_by", "organisation_id", "source",
                  "note"]
READING_LABELS = {"read_on": "Read on", "value": "Value (number)",
                  "text": "Or in words", "organisation_id": "From partner",
                  "reported_by": "Reported by"}


def indicator_options() -> list[tuple[str, str]]:
    """The common indicators as dropdown options, "Group: title", grouped in order."""
    return [(f"{reference.INDICATOR_GROUPS[i.group]}: {i.title}", i.key)
            for i in reference.INDICATORS]


class OutcomesView(View):
    """Outcomes, their readings against benchmark and target, imports, and wins."""

    title = N_("Outcomes and wins")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.standing = w.HTML()
        self.overall_chart = FoldedChart("Show every outcome as a chart",
                                         self._overall_chart_html)
        self._closers.append(self.overall_chart.close)
        # -- readings of one outcome
        self.outcome_picker = w.Dropdown(description="Outcome", options=self._outcomes(),
                                         style={"description_width": "11em"},
                                         layout=w.Layout(width="44em"))
        self.reading_form = EntityForm(self.wb, Reading, READING_FIELDS, labels=READING_LABELS)
        self.unit_note = w.HTML()
        self.save_reading_button = w.Button(description="Save reading", icon="check",
                                            button_style="primary")
        self.on_click(self.save_reading_button, self.save_reading)
        self.momentum_button = w.Button(description="Fill in from the momentum figures",
                                        icon="line-chart")
        self.on_click(self.momentum_button, self.fill_from_momentum)
        self.observe(self.outcome_picker, lambda _c: None if self.quiet else self.draw_outcome())
        self.readings_table = w.HTML()
        self.outcome_chart = FoldedChart("Show this outcome as a chart",
                                         self._outcome_chart_html)
        self._closers.append(self.outcome_chart.close)
        # Folded, built when opened: correcting a reading and importing a sheet are rare.
        self.remove_button = w.Button(description="Remove this reading", icon="trash")
        self.on_click(self.remove_button, self.remove_reading)
        self.corrector_section, self.corrector = folded(
            self, _("Correct or remove a reading"),
            lambda: EditPanel(self, Reading, READING_FIELDS, labels=READING_LABELS,
                              choices=self._readings, picker_label="Reading",
                              save_label="Save the correction",
                              label=lambda r: f"the reading of {getattr(r, 'read_on', '')}"),
            after=[self.remove_button])
        # -- outcomes
        self.editor = EditPanel(self, Outcome, OUTCOME_FIELDS, choices=self._outcomes,
                                picker_label="Outcome", new_label="(a new outcome)",
                                add_label="Add outcome", labels=OUTCOME_LABELS,
                                options={"indicator": indicator_options})
        self.indicator_note = w.HTML()
        self.observe(self.editor.form.inputs["indicator"], self._indicator_picked)
        # -- imports and wins
        self.sheet_section, self.sheet = folded(self, _("Import readings from a sheet"),
                                                lambda: SheetPanel(self))
        self.wins = WinsPanel(self)
        self.refresh()
        return w.VBox([
            heading("Where we stand", 3), self.standing, self.overall_chart.widget,
            heading("Readings", 3),
            w.HTML("<p>Pick an outcome and type what was read on a day: a number in the "
                   "outcome's unit, or a few words when no number fits yet. Say who reported "
                   "it and where the figure comes from.</p>"),
            self.outcome_picker, self.unit_note, self.momentum_button,
            self.reading_form.widget, self.save_reading_button, self.readings_table,
            self.outcome_chart.widget,
            self.corrector_section,
            self.sheet_section,
            heading("Our outcomes", 3),
            w.HTML("<p>Start from a common indicator or write your own. Numbers for the "
                   "baseline, benchmark and target draw the lines the readings are compared "
                   "with.</p>"),
            self.editor.widget, self.indicator_note,
            heading("Wins", 3), self.wins.widget])

    # -- outcomes ---------------------------------------------------------------------

    def _outcomes(self) -> list[tuple[str, Any]]:
        return [(o.description, o.id) for o in self.wb.all(Outcome)]

    @property
    def outcome_id(self) -> int | None:
        return self.outcome_picker.value

    def _indicator_picked(self, change: Any) -> None:
        """Fill the empty fields from the picked indicator; never replace typed text."""
        key = change.new
        if not key:
            self.indicator_note.value = ""
            return
        entry = reference.indicator(key)
        inputs = self.editor.form.inputs
        for name, value in (("description", entry.title), ("measure", entry.measure),
                            ("unit", entry.unit)):
            if not inputs[name].value.strip():
                inputs[name].value = value
        if self.editor.entity_id is None:
            inputs["direction"].value = entry.direction
        self.indicator_note.value = (f"<p><strong>{html.escape(entry.title)}</strong>: "
                                     f"{html.escape(entry.why)}</p>")

    # -- readings -----------------------------------------------------------------------

    def save_reading(self) -> Reading | None:
        """Store the typed reading of the picked outcome; the model's message if refused."""
        outcome_id = self.outcome_id
        if outcome_id is None:
            self.status.error("Add an outcome first (under Our outcomes); nothing was saved.")
            return None
        values = self.reading_form.values()
        wb = self.wb
        outcome = wb.get(Outcome, outcome_id)
        stored = self.run(
            lambda: wb.add(Reading(outcome_id=outcome_id, **values)),
            done=lambda r: (f"Reading of {outcome.description} on {r.read_on.isoformat()} "
                            "saved: " + (format_value(r.value, outcome.unit)
                                         if r.value is not None else r.text) + "."),
            form=self.reading_form)
        if stored is not None:
            for name in ("value", "text", "note"):
                self.reading_form.inputs[name].value = ""
        return stored

    def fill_from_momentum(self) -> float | None:
        """Fill the reading form with today's value of a partnership indicator, to check and
        save; the workbook's momentum figures are where it comes from."""
        outcome_id = self.outcome_id
        outcome = self.wb.get(Outcome, outcome_id) if outcome_id is not None else None
        if outcome is None or outcome.indicator not in FROM_MOMENTUM:
            self.status.error("Pick an outcome started from a partnership indicator (employers'"
                              " share, meetings per month, actions done) first.")
            return None
        value = momentum_reading(self.wb, outcome.indicator)
        if value is None:
            self.status.error("The momentum figures have nothing to say yet: record a meeting "
                              "with its attendance, or agree some actions, first.")
            return None
        inputs = self.reading_form.inputs
        inputs["read_on"].value = dt.date.today()
        inputs["value"].value = f"{value:g}"
        inputs["source"].value = "The workbook's momentum figures"
        inputs["note"].value = f"From {FROM_MOMENTUM[outcome.indicator]}."
        self.status.ok(f"Filled in {format_value(value, outcome.unit)}; check it and press "
                       "Save reading.")
        return value

    def _readings(self) -> list[tuple[str, Any]]:
        outcome_id = self.outcome_id
        if outcome_id is None:
            return []
        unit = self.wb.get(Outcome, outcome_id).unit
        return [(f"{r.read_on.isoformat()}: " + (format_value(r.value, unit)
                                                 if r.value is not None else r.text)[:60],
                 r.id) for r in reversed(self.wb.readings(outcome_id))]

    def remove_reading(self) -> None:
        """Remove the reading picked under "Correct or remove a reading"."""
        reading_id = self.corrector.entity_id
        if reading_id is None:
            self.status.error("Pick the reading to remove first; nothing was removed.")
            return
        reading = self.wb.get(Reading, reading_id)
        self.run(lambda: self.wb.delete(Reading, reading_id),
                 done=f"Removed the reading of {reading.read_on.isoformat()}.")

    def draw_outcome(self) -> None:
        """The picked outcome's readings (newest first) and its own trend chart."""
        outcome_id = self.outcome_id
        if self.corrector.built:  # built later, it lists this outcome's readings then
            self.corrector.refresh_options()
            picker = self.corrector.picker
            self.corrector.load(picker.value if picker is not None else None)
        if outcome_id is None:
            self.readings_table.value = self.unit_note.value = ""
            self.outcome_chart.refresh()
            return
        outcome = self.wb.get(Outcome, outcome_id)
        readings = self.wb.readings(outcome_id)
        self.momentum_button.layout.display = (None if outcome.indicator in FROM_MOMENTUM
                                               else "none")
        unit = outcome.unit or "no unit given"
        direction = reference.DIRECTIONS[outcome.direction].lower()
        self.unit_note.value = (f"<p>Unit: <strong>{html.escape(unit)}</strong>; "
                                f"{html.escape(direction)}.</p>")
        orgs = {o.id: o.name for o in self.wb.all(Organisation)}
        rows = [[r.read_on, format_value(r.value, outcome.unit) if r.value is not None
                 else "", r.text, r.reported_by, orgs.get(r.organisation_id, ""), r.source,
                 r.note] for r in reversed(readings)]
        self.readings_table.value = html_table(
            ["Read on", "Value", "In words", "Reported by", "Partner", "Source", "Note"], rows,
            caption=f"Readings of {outcome.description}, newest first",
            empty="No reading of this outcome yet.", limit=200)
        self.outcome_chart.refresh()

    def _outcome_chart_html(self) -> str:
        if self.outcome_id is None:
            return ""
        outcome = self.wb.get(Outcome, self.outcome_id)
        progress = progress_of(outcome, self.wb.readings(outcome.id), dt.date.today())
        return chart_html(make_chart("outcome_trend_chart", progress))

    def _overall_chart_html(self) -> str:
        return chart_html(make_chart("outcome_trend_chart",
                                     outcome_progress(self.wb, today=dt.date.today())))

    # -- everything -------------------------------------------------------------------------

    def refresh(self) -> None:
        today = dt.date.today()
        self.standing.value = progress_html(self.wb, today=today)
        self.overall_chart.refresh()
        with self.quiet:
            set_options(self.outcome_picker, self._outcomes(), self.outcome_id)
        self.reading_form.reload_options()
        self.editor.refresh_options()

        self.draw_outcome()
        if self.sheet.built:
            self.sheet.refresh()
        self.wins.refresh()
