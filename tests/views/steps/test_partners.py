"""The partners view, driven without a browser: profiles, comparison, capacity, health."""

from __future__ import annotations

import datetime as dt

from ipywidgets.widgets.widget import _instances

from workbook import CapacityRating, HealthCheck, Organisation, ReviewNote, reference
from workbook.i18n import format_date
from workbook.testing import add_organisation
from workbook.views.steps.partners import PartnersView, comparison_rows

TODAY = dt.date.today()


def _tab(view: PartnersView, title: str) -> None:
    view.tabs.selected_index = view.tabs.titles.index(title)


def test_partners_add_profile(wb):
    """A new organisation is stored with its mission, competencies and the other aspects."""
    view = PartnersView(wb)
    form = view.profiles.form
    form.inputs["name"].value = "Kestrel College"
    form.inputs["partner_type"].value = "semi_public"
    form.inputs["mission"].value = "Train the valley"
    form.inputs["decision_making"].value = "Board of governors"
    view.profiles.save_button.click()
    [org] = wb.all(Organisation)
    assert (org.name, org.partner_type, org.mission, org.decision_making) == (
        "Kestrel College", "semi_public", "Train the valley", "Board of governors")
    assert view.profiles.entity_id == org.id


def test_partners_edit_profile_refuses_overwriting_a_newer_value(wb):
    """Saving a profile edited meanwhile in another kernel is refused; the newer value stays."""
    org = add_organisation(wb, name="Orrin Stamping", culture="Family firm")
    view = PartnersView(wb)
    view.profiles.picker.value = org.id
    wb.update(Organisation, org.id, {"culture": "Now run by a private-equity owner"})
    view.profiles.form.inputs["culture"].value = "Family firm, cautious"
    view.profiles.save_button.click()
    assert wb.get(Organisation, org.id).culture == "Now run by a private-equity owner"
    assert "changed elsewhere" in view.status.text
    view.profiles.form.inputs["mission"].value = "Stamp parts well"
    view.profiles.reload_button.click()
    view.profiles.form.inputs["mission"].value = "Stamp parts well"
    view.profiles.save_button.click()
    assert wb.get(Organisation, org.id).mission == "Stamp parts well"


def test_partners_second_own_organisation_is_refused(wb):
    """Only one organization can be our own: a second shows the message, nothing stored."""
    add_organisation(wb, name="Our Board", partner_type=reference.OWN)
    view = PartnersView(wb)
    view.profiles.form.inputs["name"].value = "Another Board"
    view.profiles.form.inputs["partner_type"].value = reference.OWN
    view.profiles.save_button.click()
    assert [o.name for o in wb.all(Organisation)] == ["Our Board"]
    assert "Our Board" in view.profiles.form.error_text("partner_type")


def test_partners_comparison_lists_own_organisation_first(wb):
    """The grid has one row per organisation, ours first, and the five aspects as columns."""
    add_organisation(wb, name="Alpha Plastics", mission="Plastics <for> all")
    add_organisation(wb, name="Zed Board", partner_type=reference.OWN)
    rows = comparison_rows(wb.all(Organisation))
    assert [r[0] for r in rows] == ["Zed Board", "Alpha Plastics"]
    assert len(rows[0]) == 2 + len(reference.REVIEW_ASPECTS)
    view = PartnersView(wb)
    _tab(view, "Comparison")
    assert view.grid.value.index("Zed Board") < view.grid.value.index("Alpha Plastics")
    assert "Plastics &lt;for&gt; all" in view.grid.value


def test_partners_add_review_note(wb):
    """A review note (aspect, kind, organisation) is stored and listed in the comparison."""
    org = add_organisation(wb, name="Eastbank Centre")
    view = PartnersView(wb)
    _tab(view, "Comparison")
    form = view.note_panel.form
    form.inputs["aspect"].value = "financing"
    form.inputs["note_kind"].value = "competition"
    form.inputs["organisation_id"].value = org.id
    form.inputs["text"].value = "We both apply to the same state fund"
    view.note_panel.save_button.click()
    [note] = wb.all(ReviewNote)
    assert (note.aspect, note.note_kind, note.organisation_id) == ("financing", "competition",
                                                                   org.id)
    assert "We both apply to the same state fund" in view.notes.value


def test_partners_capacity_rating_is_stored_at_once(wb):
    """Choosing a rating or a priority stores it for our own organisation straight away."""
    own = add_organisation(wb, name="Our Board", partner_type=reference.OWN)
    view = PartnersView(wb)
    row = view.capacity.rows["sector_expertise"]
    assert row.rating.disabled is False
    row.rating.value = 1
    row.priority.value = True
    [rating] = wb.all(CapacityRating)
    assert (rating.organisation_id, rating.competency, rating.rating, rating.priority) == (
        own.id, "sector_expertise", 1, True)
    row.rating.value = 3
    assert wb.get(CapacityRating, rating.id).rating == 3
    row.rating.value = None
    assert wb.all(CapacityRating) == []


def test_partners_capacity_lists_all_competencies(wb):
    """The self-assessment offers the nineteen competencies of the eight areas."""
    view = PartnersView(wb)
    assert len(reference.CAPACITY_AREAS) == 8
    assert list(view.capacity.rows) == list(reference.COMPETENCIES)
    assert len(view.capacity.rows) == 19


def test_partners_capacity_unknown_competency_is_refused(wb):
    """Rating a competency that does not exist shows the model's message; nothing stored."""
    add_organisation(wb, partner_type=reference.OWN)
    view = PartnersView(wb)
    assert view.capacity.rate("juggling", 3) is None
    assert wb.all(CapacityRating) == []
    assert "juggling" in view.status.text and "competency" in view.status.text


def test_partners_capacity_needs_own_organisation(wb):
    """Without our own organisation the ratings are disabled and the view says what to do."""
    view = PartnersView(wb)
    assert view.capacity.rows["leadership"].rating.disabled
    assert "Our organization" in view.capacity.intro.value


def test_partners_health_check_is_stored_with_its_answers(wb):
    """A health check stores the five answers for the partner and the day, and is listed."""
    org = add_organisation(wb, name="Eastbank Centre")
    view = PartnersView(wb)
    _tab(view, "Health checks")
    panel = view.health
    panel.form.inputs["organisation_id"].value = org.id
    panel.form.inputs["checked_on"].value = TODAY
    panel.answers["services"].value = 2
    panel.answers["voice"].value = 1
    panel.save_button.click()
    [check] = wb.all(HealthCheck)
    assert (check.organisation_id, check.checked_on, check.services, check.voice,
            check.goals) == (org.id, TODAY, 2, 1, 0)
    assert "Partly" in panel.checks.value and format_date(TODAY, "medium") in panel.checks.value


def test_partners_health_check_same_day_twice_is_refused(wb):
    """A second check of one partner on the same day is refused; the first stays as it was."""
    org = add_organisation(wb, name="Eastbank Centre")
    view = PartnersView(wb)
    panel = view.health
    panel.form.inputs["organisation_id"].value = org.id
    panel.form.inputs["checked_on"].value = TODAY
    panel.save_button.click()
    panel.answers["goals"].value = 2
    panel.save_button.click()
    [check] = wb.all(HealthCheck)
    assert check.goals == 0
    assert view.status.text.startswith("✗") and "health check" in view.status.text
    assert TODAY.isoformat() in panel.form.error_text("checked_on")


def test_partners_health_checks_exclude_own_organisation(wb):
    """Health checks are of partners: our own organisation is not offered."""
    own = add_organisation(wb, partner_type=reference.OWN)
    other = add_organisation(wb)
    view = PartnersView(wb)
    offered = [v for _, v in view.health.form.inputs["organisation_id"].options]
    assert other.id in offered and own.id not in offered


def test_partners_demo_tabs_draw(demo_wb):
    """Every tab of the demo draws; the strengthen tab names a partner or says why not."""
    view = PartnersView(demo_wb)
    for title in view.tabs.titles:
        _tab(view, title)
    assert view.grid.value.count("<tr>") == demo_wb.count(Organisation) + 1
    assert view.strengthen.value


def test_partners_show_twice_closes_first_and_stores_once(wb):
    """Re-running the cell closes the old view; one click on the new one stores one partner."""
    before = set(_instances)
    first = PartnersView.show(wb)
    second = PartnersView.show(wb)
    assert first.profiles.save_button.comm is None
    second.profiles.form.inputs["name"].value = "Lindqvist Composites"
    second.profiles.save_button.click()
    assert len(wb.all(Organisation)) == 1
    second.close()
    assert set(_instances) - before == set()  # layouts and styles too


def test_partners_capacity_gaps_name_strong_partners(wb):
    """Where we rate ourselves weak, the partners rated strong there are named and drawn."""
    own = add_organisation(wb, name="Our Board", partner_type=reference.OWN)
    college = add_organisation(wb, name="Valley College", partner_type="semi_public")
    wb.rate(college.id, "fundraising", 4)
    wb.rate(own.id, "leadership", 4)
    view = PartnersView(wb)
    _tab(view, "Our capacity")
    view.capacity.rows["fundraising"].rating.value = 1
    gaps = view.capacity.gaps.value
    assert "Fundraising and stability" in gaps and "Valley College" in gaps
    assert "Project leadership" not in gaps  # a strength, not a gap
    assert "<img" in view.capacity.heatmap.value and "Valley College" in \
        view.capacity.heatmap.value.split('alt="', 1)[1]


def test_partners_health_trend_and_partner_to_strengthen(wb):
    """Two checks show a falling score; the weakest partner is the one to strengthen."""
    weak = add_organisation(wb, name="Transit Authority", partner_type="government")
    strong = add_organisation(wb, name="Eastbank Centre", partner_type="community")
    earlier = TODAY - dt.timedelta(days=90)
    wb.add(HealthCheck(organisation_id=weak.id, checked_on=earlier, services=2, goals=2))
    wb.add(HealthCheck(organisation_id=weak.id, checked_on=TODAY, services=1))
    wb.add(HealthCheck(organisation_id=strong.id, checked_on=TODAY, services=2, goals=2,
                       referrals=2, contact=2, voice=2))
    view = PartnersView(wb)
    assert view.health.partner_id == strong.id  # the first partner, by name, with checks
    _tab(view, "Health checks")
    view.health.form.inputs["organisation_id"].value = weak.id
    assert view.health.checks.value.count("<tr>") == 3  # header and two checks
    assert "<td>-3</td>" in view.health.trend.value
    assert "<img" in view.health.chart.value
    _tab(view, "Strengthen this month")
    assert "Transit Authority" in view.strengthen.value
    assert "fell from 4 to 1" in view.strengthen.value


def test_partners_capacity_rating_corrected_removed_and_undone(wb):
    """A partner's rating (not typed here) is corrected and removed from the capacity tab,
    after a confirmation naming it; Undo brings it back."""
    add_organisation(wb, name="Our Board", partner_type=reference.OWN)
    partner = add_organisation(wb, name="Tidewater Tools")
    rating = wb.rate(partner.id, "sector_expertise", 2)
    view = PartnersView(wb)
    editor = view.capacity.rating_editor
    assert [label for label, _ in editor.picker.options] == [
        f"Tidewater Tools: {reference.COMPETENCIES['sector_expertise'][1].title} (2)"]
    editor.form.inputs["rating"].value = 4
    editor.save_button.click()
    assert wb.get(CapacityRating, rating.id).rating == 4
    editor.remove_button.click()
    assert "Tidewater Tools" in editor.confirm_text.value and wb.count(CapacityRating) == 1
    editor.confirm_button.click()
    assert wb.all(CapacityRating) == [] and editor.picker.options == ()
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [r.rating for r in wb.all(CapacityRating)] == [4]
    assert len(editor.picker.options) == 1
