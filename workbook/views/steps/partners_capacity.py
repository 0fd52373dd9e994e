"""The own organisation's capacity self-assessment, and who is strong where it is weak.

Part of the partners view. Nineteen competencies in eight areas, each rated 1 (weak) to 4
(strong) with a priority flag; every change is stored at once. Beneath, a heatmap of the
partners' ratings on the competencies where the own organisation is weak, with a table
saying the same in words.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _
from ...model import CapacityRating, Organisation
from ..widgets.analyses_out import analysis, frame_html
from ..widgets.base import View, heading
from ..widgets.charts_out import chart_html, make_chart
from ..widgets.editing import correction_panel
from ..widgets.pickers import Quiet
from ..widgets.tables import typed

__all__ = ["CapacityPanel"]

GAP_COLUMNS = {"area": N_("Area"), "competency_title": N_("Competency"),
               "rating_label": N_("Our rating"),
               "priority": N_("Priority"), "strong_partners": N_("Partners strong there")}
RATING_OPTIONS = [(N_("(not rated)"), None), *((f"{k} {t}", k) for k, t in
                                          reference.CAPACITY_RATINGS.items())]


def _title(competency: str) -> str:
    return _(reference.COMPETENCIES[competency][1].title) \
        if competency in reference.COMPETENCIES else competency


class _CompetencyRow:
    """Rating, priority and an error line for one competency."""

    def __init__(self, competency: reference.Competency) -> None:
        self.key = competency.key
        ratings = [(f"{k} {t}", k) for k, t in reference.CAPACITY_RATINGS.items()]
        self.rating = w.Dropdown(description=_(competency.title),
                                 options=[(_("(not rated)"), None), *ratings],
                                 style={"description_width": "22em"},
                                 layout=w.Layout(width="36em"),
                                 tooltip=_(competency.description))
        self.priority = w.Checkbox(description=_("Priority to improve"), indent=False)
        self.error = w.HTML()
        self.widget = w.VBox([w.HBox([self.rating, self.priority]),
                              w.HTML(f"<small>{html.escape(_(competency.description))}</small>"),
                              self.error])

    def show_error(self, _field: str, message: str) -> None:
        self.error.value = f'<span class="pwb-error" role="alert">✗ {html.escape(message)}</span>'

    def clear_errors(self) -> None:
        self.error.value = ""


class CapacityPanel:
    """Rate the own organisation's competencies; see the partners that fill its gaps."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.quiet = Quiet()
        self.intro = w.HTML()
        self.rows: dict[str, _CompetencyRow] = {}
        parts: list[w.Widget] = [self.intro]
        for area in reference.CAPACITY_AREAS:
            parts.append(heading(_(area.title), 4))
            for competency in area.competencies:
                row = _CompetencyRow(competency)
                self.rows[competency.key] = row
                parts.append(row.widget)
                changed = functools.partial(self._changed_by_widget, row.key)
                view.observe(row.rating, changed)
                view.observe(row.priority, changed)
        # Any organisation's rating (a partner's from a file, say): corrected or removed.
        self.rating_fix, self.rating_editor = correction_panel(
            view, CapacityRating, ["rating", "priority", "notes"], self._ratings,
            title=_("Correct or remove a capacity rating"), picker_label=_("Rating"),
            label=self._rating_label)
        self.gaps = w.HTML()
        self.heatmap = w.HTML()
        parts += [self.rating_fix,
                  heading(_("Partners strong where we are weak"), 3), self.gaps, self.heatmap]
        self.widget = w.VBox(parts)
        self.load()

    def _rating_label(self, rating: CapacityRating) -> str:
        names = {o.id: o.name for o in self.view.wb.all(Organisation)}
        return (_("{get}'s rating of {title}").format(
            get=names.get(rating.organisation_id, 'an organisation'),
            title=_title(rating.competency)))

    def _ratings(self) -> list[tuple[str, Any]]:
        """Every stored rating, by organisation then competency: "Org: competency (3)"."""
        names = {o.id: o.name for o in self.view.wb.all(Organisation)}
        order = list(reference.COMPETENCIES)
        ratings = sorted(self.view.wb.all(CapacityRating), key=lambda r: (
            names.get(r.organisation_id, "").casefold(),
            order.index(r.competency) if r.competency in order else len(order)))
        return [(f"{names.get(r.organisation_id, '?')}: {_title(r.competency)} ({r.rating})",
                 r.id) for r in ratings]

    def load(self) -> None:
        """Show the stored ratings of the own organisation."""
        own = self.view.wb.own_organisation()
        stored = ({r.competency: r for r in self.view.wb.all(CapacityRating,
                                                             organisation_id=own.id)}
                  if own else {})
        self.intro.value = "<p>" + (
            html.escape(_("How strong is {name} at each competency? Each choice is saved at "
                          "once.")).format(name=f"<strong>{typed(own.name)}</strong>")
            if own else html.escape(_(
                "Add your own organization first (Profiles, partner type “{own}”); then rate "
                "it here.").format(own=reference.PARTNER_TYPES[reference.OWN]))) + "</p>"
        self.rating_editor.refresh_options()
        with self.quiet:
            for key, row in self.rows.items():
                rating = stored.get(key)
                row.rating.value = rating.rating if rating else None
                row.priority.value = bool(rating and rating.priority)
                row.rating.disabled = row.priority.disabled = own is None
                row.clear_errors()

    def _changed_by_widget(self, key: str, _change: Any) -> None:
        self._changed(key)

    def _changed(self, key: str) -> None:
        if self.quiet:
            return
        row = self.rows[key]
        self.rate(key, row.rating.value, row.priority.value)

    def rate(self, competency: str, rating: int | None, priority: bool = False) -> Any:
        """Store the own organisation's rating on one competency (None removes it)."""
        wb = self.view.wb
        own = wb.own_organisation()
        row = self.rows.get(competency)
        title = _(reference.COMPETENCIES[competency][1].title) \
            if competency in reference.COMPETENCIES else competency
        if rating is None:
            existing = wb.all(CapacityRating, organisation_id=own.id if own else None,
                              competency=competency)
            if not existing:
                return None
            return self.view.run(lambda: wb.delete(CapacityRating, existing[0].id),
                                 done=_("Rating of {title} removed.").format(title=title), form=row)
        return self.view.run(
            lambda: wb.rate(own.id if own else None, competency, rating, priority=priority),
            done=lambda r: (f"{title}: {reference.CAPACITY_RATINGS[r.rating]}"
                            + (_(", a priority.") if r.priority else ".")),
            form=row)

    def draw(self) -> None:
        """The gaps table and the heatmap (drawn when the tab is shown)."""
        frame = analysis("capacity_gaps", self.view.wb, weak_only=True)
        self.gaps.value = frame_html(
            frame, columns={k: _(v) for k, v in GAP_COLUMNS.items()},
            caption=_("Competencies where we are weak, and partners strong there"),
            empty=_("No gaps found: rate our own organization first, or we are strong "
                    "everywhere."))
        self.heatmap.value = chart_html(self._heatmap(frame))

    def _heatmap(self, gaps: Any) -> Any:
        """Everyone's ratings on the competencies where we are weak (all when none is)."""
        matrix = analysis("capacity_matrix", self.view.wb)
        if matrix is None or gaps is None:
            return make_chart("capacity_heatmap", self.view.wb)
        weak = [t for t in gaps["competency_title"] if t in matrix.columns]
        if not weak:
            return make_chart("capacity_heatmap", matrix)
        matrix = matrix[weak].dropna(how="all")
        return make_chart("capacity_heatmap", matrix,
                          title=_("Ratings where we are weak: who is strong there"))
