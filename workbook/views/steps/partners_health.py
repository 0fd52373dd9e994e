"""Health checks of each partnership: the five questions, dated, and the trend over time.

Part of the partners view. Each check answers the five questions of
``reference.HEALTH_QUESTIONS`` with No, Partly or Yes for one partner on one day; a second
check of the same partner on the same day is refused by the store.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ... import reference
from ...i18n import N_, _, format_date
from ...model import HealthCheck, Organisation
from ..widgets.analyses_out import analysis, frame_html
from ..widgets.base import View, heading
from ..widgets.charts_out import chart_html, make_chart
from ..widgets.editing import correction_panel
from ..widgets.forms import EntityForm
from ..widgets.pickers import organisation_options
from ..widgets.tables import html_table

__all__ = ["HealthPanel"]

TREND_COLUMNS = {"checked_on": N_("Latest check"), "score": N_("Score"), "previous_checked_on":
                 N_("Check before"), "previous_score": N_("Score before"), "change": N_("Change"),
                 "slipping": N_("Slipping"), "not_yet": N_("Not yet in place")}
ANSWERS = [(title, key) for key, title in reference.HEALTH_ANSWERS.items()]


def _first_value(options: list[tuple[str, Any]]) -> Any:
    return options[0][1] if options else None


class HealthPanel:
    """Record a health check for a partner and see that partner's checks over time."""

    def __init__(self, view: View) -> None:
        self.view = view
        wb = view.wb
        self.form = EntityForm(wb, HealthCheck, ["organisation_id", "checked_on", "notes"],
                               labels={"organisation_id": _("Partner"),
                                       "checked_on": _("Checked on")},
                               options={"organisation_id": self._partner_options})
        self.answers: dict[str, w.Dropdown] = {}
        questions: list[w.Widget] = []
        for question in reference.HEALTH_QUESTIONS:
            self.answers[question.key] = w.Dropdown(
                description=_(question.topic), value=0,
                options=[(title, key) for key, title in reference.HEALTH_ANSWERS.items()],
                style={"description_width": "22em"}, layout=w.Layout(width="34em"))
            questions += [w.HTML(f"<p>{html.escape(_(question.text))}</p>"),
                          self.answers[question.key]]
        self.save_button = w.Button(description=_("Save health check"), icon="heartbeat",
                                    button_style="primary")
        view.on_click(self.save_button, self.save)
        # Open on a partner that has checks, so the trend shows something at once.
        checked = {c.organisation_id for c in wb.all(HealthCheck)}
        first = next((oid for _, oid in self._partner_options() if oid in checked), None)
        if first is not None:
            self.form.inputs["organisation_id"].value = first
        view.observe(self.form.inputs["organisation_id"], lambda _c: self.draw())
        # A check typed wrong is corrected (or removed), not entered twice on one day.
        self.fix_section, self.fixer = correction_panel(
            view, HealthCheck, ["checked_on", *(q.key for q in reference.HEALTH_QUESTIONS),
                                "notes"],
            self._check_choices, title=_("Correct or remove a health check of this partner"),
            picker_label=_("Check of"))
        self.checks = w.HTML()
        self.trend = w.HTML()
        self.chart = w.HTML()
        self.widget = w.VBox([self.form.widget, *questions, self.save_button,
                              self.fix_section,
                              heading(_("This partner's checks over time"), 3), self.checks,
                              self.trend, self.chart])

    def _check_choices(self) -> list[tuple[str, Any]]:
        partner = self.form.inputs["organisation_id"].value
        checks = self.view.wb.all(HealthCheck, organisation_id=partner) if partner else []
        return [(format_date(c.checked_on, "medium"), c.id)
                for c in sorted(checks, key=lambda c: c.checked_on, reverse=True)]

    def _partner_options(self) -> list[tuple[str, int | None]]:
        own = getattr(self.view.wb.own_organisation(), "id", None)
        return [(name, oid) for name, oid in organisation_options(self.view.wb) if oid != own]

    @property
    def partner_id(self) -> int | None:
        return self.form.inputs["organisation_id"].value

    def save(self) -> HealthCheck | None:
        """Store the check as the form shows it; the model's message shows if refused."""
        values = self.form.values()
        answers = {key: box.value for key, box in self.answers.items()}
        wb = self.view.wb
        stored = self.view.run(
            lambda: wb.add(HealthCheck(**values, **answers)),
            done=lambda c: (_("Health check of {name} on {date} saved: {score} of 10.").format(
                name=wb.get(Organisation, c.organisation_id).name,
                date=format_date(c.checked_on, "medium"), score=c.score)),
            form=self.form)
        if stored is not None:
            self.form.inputs["notes"].value = ""
        return stored

    def reload_options(self) -> None:
        self.form.reload_options()

    def draw(self) -> None:
        """The picked partner's checks as a table, the trend analysis and its chart."""
        if hasattr(self, "fixer") and self.fixer.built:
            self.fixer.refresh_options()
            if self.fixer.entity_id not in [v for _, v in self.fixer._picker_options()]:
                self.fixer.load(_first_value(self.fixer._picker_options()))
        partner = self.partner_id
        if partner is None:
            self.checks.value = _("<p>Add a partner in Profiles first.</p>")
            self.trend.value = self.chart.value = ""
            return
        checks = sorted(self.view.wb.all(HealthCheck, organisation_id=partner),
                        key=lambda c: c.checked_on)
        headers = [_("Checked on"), *(_(q.topic) for q in reference.HEALTH_QUESTIONS),
                   _("Score (of 10)"), _("Notes")]
        rows = [[c.checked_on, *(reference.HEALTH_ANSWERS[getattr(c, q.key)]
                                 for q in reference.HEALTH_QUESTIONS), c.score, c.notes]
                for c in checks]
        self.checks.value = html_table(headers, rows, caption=_("Health checks, oldest first"),
                                       empty=_("No health check of this partner yet."))
        trend: Any = analysis("health_trend", self.view.wb)
        if trend is not None:
            trend = trend[trend["organisation_id"] == partner]
        self.trend.value = frame_html(
            trend, columns={k: _(v) for k, v in TREND_COLUMNS.items()}, caption=_("Latest check "
                                                                                  "against the "
                                                                                  "one before"),
            empty="") if checks else ""
        self.chart.value = chart_html(make_chart("health_trend_chart", self.view.wb, partner))
