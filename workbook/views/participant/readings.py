"""The participant app's readings section: a partner who holds a figure sends it in.

The partner picks one of the partnership's outcomes, types the day and the value (in the
outcome's unit, or in words when no number fits) and where it comes from. It goes into the
draft like any other item and reaches the workbook only through the facilitator's review
of the contribution file (``participant.importer``).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ...i18n import N_, _
from ...model import Outcome, Reading
from ..widgets.base import Status, heading, note
from ..widgets.forms import EntityForm
from .sections import LABEL, WIDE, SectionHost, offer

__all__ = ["ReadingSection"]

FIELDS = ["read_on", "value", "text", "source", "note"]
LABELS = {"read_on": N_("Read on"), "value": N_("Value (number)"), "text": N_("Or in words"),
          "source": N_("Source"), "note": N_("Note")}


class ReadingSection:
    """Send a reading of one of the partnership's outcomes."""

    def __init__(self, view: SectionHost) -> None:
        self.view = view
        self.outcome = w.Dropdown(description=_("Outcome"), style=LABEL,
                                  layout=w.Layout(width=WIDE))
        self.form = EntityForm(view.wb, Reading, FIELDS,
                               labels={k: _(v) for k, v in LABELS.items()})
        self.unit = w.HTML()
        self.button = w.Button(description=_("Add this reading"), icon="plus",
                               layout=w.Layout(width="fit-content"))
        self.status = Status()
        view.on_click(self.button, self.add)
        view.observe(self.outcome, lambda _c: self._show_unit())
        self.widget = w.VBox([heading(_("Figures you hold"), 3),
                              note(_("If your organization counts one of the partnership's "
                                     "outcomes (hires, completions, time to fill ...), send "
                                     "the latest figure and where it comes from.")),
                              self.outcome, self.unit, self.form.widget, self.button,
                              self.status])

    def refresh(self) -> None:
        outcomes = self.view.wb.all(Outcome)
        offer(self.outcome, [(o.description, o.id) for o in outcomes])
        self.widget.layout.display = None if outcomes else "none"
        self._show_unit()

    def _show_unit(self) -> None:
        found = self.view.wb.all(Outcome, id=self.outcome.value) if self.outcome.value else []
        unit = found[0].unit if found else ""
        self.unit.value = ("<p>" + html.escape(_("Unit: {unit}")).format(
            unit=f"<strong>{html.escape(unit)}</strong>") + "</p>" if unit else "")

    def add(self) -> None:
        values = self.form.values()

        def keep() -> Any:
            value = Reading.rules()["value"].apply("value", values["value"])
            return self.view.draft.add({
                "kind": "reading", "outcome_id": self.outcome.value,
                "read_on": values["read_on"].isoformat() if values["read_on"] else "",
                "value": value, "text": values["text"], "source": values["source"],
                "note": values["note"]})

        done = self.view.act(keep, done=_("Reading added to your contribution."),
                             where=self.status, form=self.form)
        if done is not None:
            for name in ("value", "text", "note"):
                self.form.inputs[name].value = ""
