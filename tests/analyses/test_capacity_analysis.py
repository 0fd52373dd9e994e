"""Capacity: our weak competencies and the partners strong in them."""

from __future__ import annotations

import math

from workbook import reference
from workbook.analyses import capacity_gaps, capacity_matrix
from workbook.testing import add_organisation


def _own(wb):
    return add_organisation(wb, partner_type=reference.OWN, name="Our Board")


def test_capacity_gaps_weak_means_rated_two_or_lower(wb):
    """Ratings 1 and 2 are weak, 3 and 4 are not."""
    own = _own(wb)
    for competency, rating in (("vision_goals", 1), ("data_use", 2), ("staffing", 3),
                               ("leadership", 4)):
        wb.rate(own.id, competency, rating)
    table = capacity_gaps(wb).set_index("competency")
    assert {k: bool(v) for k, v in table["weak"].items()} == {
        "vision_goals": True, "data_use": True, "staffing": False, "leadership": False}
    assert table.loc["data_use", "competency_title"] == "Use of data"
    assert table.loc["data_use", "area"] == "Information management"


def test_capacity_gaps_names_partners_rated_three_or_more(wb):
    """For a weak competency, partners rated 3 or 4 are named, strongest first."""
    own = _own(wb)
    wb.rate(own.id, "fundraising", 1, priority=True)
    solid = add_organisation(wb, name="Solid Fund", partner_type="foundation")
    strong = add_organisation(wb, name="Strong Fund", partner_type="foundation")
    weak = add_organisation(wb, name="Weak Fund", partner_type="foundation")
    wb.rate(solid.id, "fundraising", 3)
    wb.rate(strong.id, "fundraising", 4)
    wb.rate(weak.id, "fundraising", 2)
    row = capacity_gaps(wb).iloc[0]
    assert row.strong_partners == "Strong Fund, Solid Fund"
    assert row.strong_partner_count == 2
    assert bool(row.priority) is True


def test_capacity_gaps_leaves_out_former_partners_and_strong_competencies(wb):
    """Former partners are not suggested; a competency we are strong at gets no names."""
    own = _own(wb)
    wb.rate(own.id, "communications", 2)
    wb.rate(own.id, "leadership", 4)
    gone = add_organisation(wb, name="Gone Media", status="former")
    here = add_organisation(wb, name="Here Media")
    for org in (gone, here):
        wb.rate(org.id, "communications", 4)
        wb.rate(org.id, "leadership", 4)
    table = capacity_gaps(wb).set_index("competency")
    assert table.loc["communications", "strong_partners"] == "Here Media"
    assert table.loc["leadership", "strong_partners"] == ""


def test_capacity_gaps_puts_weak_priorities_first(wb):
    """Weak priorities come before other weak ones, and weak before the rest."""
    own = _own(wb)
    wb.rate(own.id, "vision_goals", 3)
    wb.rate(own.id, "communications", 1)
    wb.rate(own.id, "staffing", 2, priority=True)
    assert list(capacity_gaps(wb)["competency"]) == ["staffing", "communications",
                                                     "vision_goals"]
    assert list(capacity_gaps(wb, weak_only=True)["competency"]) == ["staffing",
                                                                     "communications"]


def test_capacity_gaps_is_empty_without_our_own_organisation(wb):
    """Partners' ratings alone give no gaps: there is no 'us' to compare."""
    partner = add_organisation(wb)
    wb.rate(partner.id, "data_use", 1)
    table = capacity_gaps(wb)
    assert table.empty and "strong_partners" in table.columns


def test_capacity_matrix_has_our_organisation_first_and_blank_unrated_cells(wb):
    """Rows are organisations (ours first), columns the 19 competencies in order."""
    own = _own(wb)
    partner = add_organisation(wb, name="Acme Plant")
    add_organisation(wb, name="Never Rated")
    wb.rate(partner.id, "data_use", 4)
    wb.rate(own.id, "vision_goals", 2)
    matrix = capacity_matrix(wb)
    assert list(matrix.index) == ["Our Board", "Acme Plant"]
    assert list(matrix.columns) == [c.title for _, c in reference.COMPETENCIES.values()]
    assert matrix.loc["Acme Plant", "Use of data"] == 4
    assert matrix.loc["Our Board", "Vision and goals"] == 2
    assert math.isnan(matrix.loc["Acme Plant", "Vision and goals"])


def test_capacity_titles_read_in_the_current_language(wb):
    """The gaps table's area and competency and the matrix's columns (the heatmap's rows)
    come from the catalog: a Spanish reader sees them in Spanish."""
    from workbook import i18n

    own = _own(wb)
    wb.rate(own.id, "data_use", 2)
    with i18n.use_language("es"):
        row = capacity_gaps(wb).iloc[0]
        matrix = capacity_matrix(wb)
    assert row.competency_title == "Uso de datos"
    assert row.area == "Gestión de la información"
    assert "Uso de datos" in matrix.columns and "Use of data" not in matrix.columns
    assert len(matrix.columns) == len(reference.COMPETENCIES)
