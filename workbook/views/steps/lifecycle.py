"""The lifecycle: where the partnership stands, what this phase asks, and whether energy holds.

Six phases (preparation, planning, prospecting, developing, stewarding, renewing), each
with a checklist whose items are ticked with a date and the evidence. Moving on records a
dated note; the history is kept and shown. A timeline chart places phases and meetings;
momentum indicators come with plain warnings.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, Titles, _, format_date
from ...model import PhaseChange
from ..widgets.base import View, heading
from ..widgets.charts_out import FoldedChart, chart_html, make_chart
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.momentum_out import momentum_html
from ..widgets.pickers import Quiet
from ..widgets.tables import html_table

__all__ = ["ChecklistRow", "LifecycleView"]

PHASE_TITLES = Titles({p.key: p.title for p in reference.PHASES})
ROWS = max(len(p.checklist) for p in reference.PHASES)


class ChecklistRow:
    """One checklist item: done, when, the evidence, a save button and its error line."""

    def __init__(self) -> None:
        self.item: str | None = None
        self.done = w.Checkbox(indent=False, layout=w.Layout(width="34em"))
        self.done_on = w.DatePicker(description=_("Done on"), layout=w.Layout(width="16em"))
        self.evidence = w.Text(description=_("Evidence"), continuous_update=False,
                               layout=w.Layout(width="30em"))
        self.save = w.Button(description=_("Save date and evidence"), icon="check")
        self.error = w.HTML()
        self.widget = w.VBox([w.HBox([self.done, self.done_on, self.evidence, self.save]),
                              self.error])

    def show(self, entry: reference.ChecklistEntry | None, mark: Any) -> None:
        """Fill the row with an item and what is stored of it (hidden without an item)."""
        self.item = entry.key if entry else None
        self.widget.layout.display = None if entry else "none"
        if entry is None:
            return
        self.done.description = _(entry.text)
        self.save.tooltip = _("Save: {text}").format(text=_(entry.text))
        self.done.value = bool(mark and mark.done)
        self.done_on.value = mark.done_on if mark else None
        self.evidence.value = mark.evidence if mark else ""
        self.clear_errors()

    # ``View.run`` shows a refused value through these two, as it does for an EntityForm.
    def show_error(self, _field: str, message: str) -> None:
        self.error.value = f'<span class="pwb-error" role="alert">✗ {html.escape(message)}</span>'

    def clear_errors(self) -> None:
        self.error.value = ""


class LifecycleView(View):
    """The current phase, its checklist, moving on, the timeline and momentum."""

    title = N_("Lifecycle: where the partnership stands")

    def build(self) -> w.Widget:
        self.quiet = Quiet()
        self.current = w.HTML()
        self.phase = w.Dropdown(description=_("Checklist of"), style={"description_width": "11em"},
                                options=[(_(p.title), p.key) for p in reference.PHASES],
                                value=self.wb.partnership.phase)
        self.observe(self.phase, self._phase_picked)
        self.rows = [ChecklistRow() for _ in range(ROWS)]
        for row in self.rows:
            self.on_click(row.save, functools.partial(self.save_item, row))
            # A tick is saved at once, as attendance ticks are; the date and the evidence
            # are saved with their button.
            self.observe(row.done, functools.partial(self._ticked, row), feedback_here=True)
        self.move_form = EntityForm(self.wb, PhaseChange, ["phase", "changed_on", "note"],
                                    labels={"phase": _("Move to"), "changed_on": _("On"),
                                            "note": _("Why now")})
        self.move_button = w.Button(description=_("Move to this phase"), icon="forward",
                                    button_style="primary")
        self.on_click(self.move_button, self.move)
        self.history = w.HTML()
        # A phase change typed wrong: corrected or removed; the current phase follows.
        self.change_fix, self.change_editor = correction_panel(
            self, PhaseChange, ["phase", "changed_on", "note"], self._changes,
            title=_("Correct or remove a phase change"), picker_label=_("Phase change"),
            labels={"changed_on": _("Entered on"), "note": _("Why then")},
            update=lambda i, c, e: self.wb.correct_phase_change(i, c, e),
            remove=self.wb.remove_phase_change, describe_removal=self._describe_removal,
            label=lambda c: _("the move to {get}").format(get=PHASE_TITLES.get(c.phase, c.phase)))
        self.timeline = FoldedChart(_("Show the timeline"), self._timeline_html)
        self._closers.append(self.timeline.close)
        self.momentum = w.HTML()
        self._suggest_next_phase()
        self.refresh()
        return w.VBox([
            self.current,
            heading(_("Checklist"), 3), self.phase, *(r.widget for r in self.rows),
            heading(_("Move to another phase"), 3), self.move_form.widget, self.move_button,
            heading(_("Phase history"), 3), self.history, self.change_fix,
            heading(_("Timeline of phases and meetings"), 3), self.timeline.widget,
            heading(_("Momentum"), 3), self.momentum,
        ])

    # -- reading ------------------------------------------------------------------------

    def _changes(self) -> list[tuple[str, Any]]:
        return [(f"{format_date(c.changed_on, 'medium')}: {PHASE_TITLES.get(c.phase, c.phase)}",
                 c.id)
                for c in reversed(self.wb.phase_history())]

    def _describe_removal(self, change_id: int) -> str:
        change = self.wb.get(PhaseChange, change_id)
        after = self.wb.phase_after_removal(change_id)
        now = (_(" The current phase goes back to {PHASE_TITLES}.").format(
            PHASE_TITLES=PHASE_TITLES[after])
               if after != self.wb.partnership.phase else
               _(" The current phase stays {PHASE_TITLES}.").format(
                   PHASE_TITLES=PHASE_TITLES[after]))
        return (_("Remove the move to {get} on {date}?{now} Nothing else goes with it.").format(
            get=PHASE_TITLES.get(change.phase, change.phase),
            date=format_date(change.changed_on, "medium"), now=now))

    def _phase_picked(self, _change: Any) -> None:
        if not self.quiet:
            self._draw_checklist()

    def _suggest_next_phase(self) -> None:
        keys = [p.key for p in reference.PHASES]
        now = keys.index(self.wb.partnership.phase)
        self.move_form.inputs["phase"].value = keys[min(now + 1, len(keys) - 1)]

    def _draw_checklist(self) -> None:
        entries = self.wb.checklist(self.phase.value)
        with self.quiet:
            for index, row in enumerate(self.rows):
                row.show(*(entries[index] if index < len(entries) else (None, None)))

    def _ticked(self, row: ChecklistRow, _change: Any = None) -> None:
        if self.quiet or row.item is None:
            return
        if not row.done.value:
            with self.quiet:
                row.done_on.value = None
        if self.save_item(row) is not None:
            self._draw_checklist()

    def refresh(self) -> None:
        partnership = self.wb.partnership
        phase = reference.phase(partnership.phase)
        entries = self.wb.checklist(phase.key)
        done = sum(1 for _, mark in entries if mark and mark.done)
        self.current.value = (
            _("<p><strong>Current phase: {title}</strong> — {summary} {done} of {count} "
              "checklist items done.</p>").format(
                  title=html.escape(_(phase.title)), summary=html.escape(_(phase.summary)),
                  done=done,
                  count=len(entries)))
        self._draw_checklist()
        history = self.wb.phase_history()
        self.change_editor.refresh_options()
        self.history.value = html_table(
            [_("Entered on"), _("Phase"), _("Note")],
            [(c.changed_on, PHASE_TITLES[c.phase], c.note) for c in reversed(history)],
            caption=_("Phase changes, latest first"), empty=_("No phase change recorded yet."))
        self.timeline.refresh()
        self.momentum.value = momentum_html(self.wb)

    def _timeline_html(self) -> str:
        return chart_html(make_chart("lifecycle_timeline", self.wb)) or (
            _("<p>No chart available here; the history table above lists every change.</p>"))

    # -- changing -------------------------------------------------------------------------

    def save_item(self, row: ChecklistRow) -> Any:
        """Store one checklist item as the row shows it."""
        if row.item is None:
            return None
        phase, item = self.phase.value, row.item
        done, done_on, evidence = row.done.value, row.done_on.value, row.evidence.value
        return self.run(
            lambda: self.wb.mark_checklist(phase, item, done=done, done_on=done_on,
                                           evidence=evidence),
            done=lambda m: (_("Ticked “{description}”.").format(
                description=row.done.description) if m.done
                            else _("“{description}” is not done yet.").format(
                                description=row.done.description)),
            form=row)

    def move(self) -> PhaseChange | None:
        """Record entering the phase chosen, with its date and note."""
        values = self.move_form.values()
        stored = self.run(
            lambda: self.wb.move_to_phase(values["phase"], changed_on=values["changed_on"],
                                          note=values["note"]),
            done=lambda c: _("The partnership is now in {PHASE_TITLES}.").format(
                PHASE_TITLES=PHASE_TITLES[c.phase]),
            form=self.move_form)
        if stored is not None:
            with self.quiet:
                self.phase.value = stored.phase
            self._draw_checklist()
            self.move_form.clear()
            self._suggest_next_phase()
        return stored
