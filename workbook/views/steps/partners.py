"""Partners: who is at the table, how they compare, our own capacity, and partnership health.

Five tabs: organisation profiles (mission, competencies, decision making, financing,
culture); a comparison grid with the review notes (confluence, conflict, competition,
opportunity); the own organisation's capacity self-assessment and the partners strong
where it is weak; a health check per partner with its trend; and the one partner to
strengthen this month. Each tab is built and drawn when it is first opened, so the view
opens quickly.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _
from ...model import Organisation, ReviewNote
from ..widgets.analyses_out import MISSING, analysis, has_analysis
from ..widgets.base import View, heading
from ..widgets.editing import EditPanel
from ..widgets.lazy import LazyPanel
from ..widgets.pickers import cut, organisation_options
from ..widgets.tables import html_table, typed
from .languages_panel import LanguagesPanel
from .partners_capacity import CapacityPanel
from .partners_health import HealthPanel

__all__ = ["PartnersView", "comparison_rows", "strengthen_html"]

PROFILE_FIELDS = ["name", "partner_type", "status", "mission", "competencies",
                  "decision_making", "financing", "culture"]
TABS = [N_("Profiles"), N_("Comparison"), N_("Our capacity"), N_("Health checks"),
        N_("Strengthen this month")]


def comparison_rows(organisations: list[Organisation]) -> list[list[str]]:
    """One row per organisation (own organisation first): its type and the five aspects."""
    ordered = sorted(organisations, key=lambda o: (not o.is_own, o.name.casefold()))
    return [[o.name, reference.PARTNER_TYPES.get(o.partner_type, o.partner_type),
             *(getattr(o, aspect) for aspect in reference.REVIEW_ASPECTS)] for o in ordered]


class PartnersView(View):
    """Profiles, comparison, capacity, health and the partner to strengthen."""

    title = N_("Partners: review, compare, strengthen")

    def build(self) -> w.Widget:
        wb = self.wb
        self.profiles = EditPanel(
            self, Organisation, PROFILE_FIELDS, choices=lambda: organisation_options(wb),
            picker_label=_("Organization"), new_label=_("(add an organization)"),
            add_label=_("Add organization"), labels={"competencies": _("Core competencies")})
        self.grid = w.HTML()
        self.notes = w.HTML()
        # The other tabs' forms are built the first time their tab is opened (or code
        # reaches for them): most visits never open all five.
        note_holder, capacity_holder, health_holder = w.VBox(), w.VBox(), w.VBox()
        self.note_panel: LazyPanel[EditPanel] = LazyPanel(self, note_holder, lambda: EditPanel(
            self, ReviewNote, ["aspect", "note_kind", "organisation_id", "text"],
            choices=self._note_choices, picker_label=_("Review note"),
            new_label=_("(add a review note)"), add_label=_("Add note"), select_added=False,
            labels={"note_kind": _("Kind"), "organisation_id": _("About"), "text": _("Note")},
            options={"organisation_id": lambda: [(_("(the partnership as a whole)"), None),
                                                 *organisation_options(wb)]}))
        self.capacity: LazyPanel[CapacityPanel] = LazyPanel(
            self, capacity_holder, lambda: CapacityPanel(self))
        self.health: LazyPanel[HealthPanel] = LazyPanel(
            self, health_holder, lambda: HealthPanel(self))
        self.strengthen = w.HTML()
        self.tabs = w.Tab(children=[
            w.VBox([self.profiles.widget, LanguagesPanel(self).widget]),
            w.VBox([heading(_("Side by side"), 3), self.grid,
                    heading(_("Review notes"), 3), self.notes, note_holder]),
            capacity_holder,
            health_holder,
            self.strengthen,
        ], titles=[_(t) for t in TABS])
        self.observe(self.tabs, lambda _c: self.draw_tab(), names="selected_index")
        self.draw_tab()
        return self.tabs

    # -- drawing --------------------------------------------------------------------------

    def _note_choices(self) -> list[tuple[str, int | None]]:
        return [(f"{reference.REVIEW_ASPECTS[n.aspect]} – {reference.REVIEW_KINDS[n.note_kind]}: "
                 f"{cut(n.text, 50)}", n.id)
                for n in self.wb.all(ReviewNote)]

    def draw_tab(self) -> None:
        """Draw the open tab from the stored data."""
        match self.tabs.selected_index:
            case 1:
                self.note_panel.build()
                self.draw_comparison()
            case 2:
                self.capacity.draw()
            case 3:
                self.health.draw()
            case 4:
                self.draw_strengthen()

    def draw_comparison(self) -> None:
        headers = [_("Organization"), _("Type"), *reference.REVIEW_ASPECTS.values()]
        self.grid.value = html_table(headers, comparison_rows(self.wb.all(Organisation)),
                                     caption=_("Organizations compared (ours first)"),
                                     empty=_("No organization yet: add them under Profiles."))
        orgs = {o.id: o.name for o in self.wb.all(Organisation)}
        notes = sorted(self.wb.all(ReviewNote),
                       key=lambda n: (list(reference.REVIEW_ASPECTS).index(n.aspect),
                                      list(reference.REVIEW_KINDS).index(n.note_kind)))
        self.notes.value = html_table(
            [_("Aspect"), _("Kind"), _("About"), _("Note")],
            [(reference.REVIEW_ASPECTS[n.aspect], reference.REVIEW_KINDS[n.note_kind],
              orgs.get(n.organisation_id, "the partnership as a whole"), n.text)
             for n in notes],
            caption=_("Where partners line up, clash, compete or could team up"),
            empty=_("No review note yet."))

    def draw_strengthen(self) -> None:
        pick = analysis("partner_to_strengthen", self.wb)
        if pick is None:
            self.strengthen.value = (
                f"<p>{html.escape(_(MISSING))}</p>" if not has_analysis("partner_to_strengthen")
                else _("<p>No partner stands out: add health checks to find one.</p>"))
            return
        self.strengthen.value = strengthen_html(pick)

    def refresh(self) -> None:
        if self.note_panel.built:  # a tab not opened yet reads what is stored when it is
            self.note_panel.refresh_options()
        if self.health.built:
            self.health.reload_options()
        if self.capacity.built:
            self.capacity.load()
        self.draw_tab()


def strengthen_html(pick: Any) -> str:
    """The suggested partner (an ``analyses.PartnerPick``) and the reasons, in words."""
    items = "".join(f"<li>{typed(reason)}</li>" for reason in pick.reasons)
    return (_("<p>One partner to strengthen this month: "
              "<strong>{typed}</strong></p><p>Why:</p><ul>{items}</ul>").format(
                  typed=typed(pick.organisation), items=items))
