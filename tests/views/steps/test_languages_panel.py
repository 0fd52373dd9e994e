"""The languages panel of the partners view: the model without widgets, then the panel."""

from __future__ import annotations

import pytest

from workbook import Organisation
from workbook.errors import ValidationError
from workbook.testing import add_organisation
from workbook.views.steps.languages_panel import LanguagesModel
from workbook.views.steps.partners import PartnersView


def test_languages_model_sets_the_list_main_first(wb):
    model = LanguagesModel(wb)
    assert model.languages() == ("en",)
    assert model.set_languages("es", ["en", "es"]) == ("es", "en")
    assert wb.partnership.languages == ("es", "en")
    assert "Español" in model.sentence()
    with pytest.raises(ValidationError):
        model.set_languages("en", ["vi"])


def test_languages_panel_saves_the_partnership_and_a_partner(wb):
    """Ticking Spanish and saving stores ["en", "es"]; a partner's language is stored too,
    each as one named step of the history."""
    org = add_organisation(wb, name="Centro Latino")
    view = PartnersView(wb)
    panel = view.languages_panel
    panel.also["es"].value = True
    panel.save.click()
    assert wb.partnership.languages == ("en", "es")
    panel.partner.value = org.id
    panel.partner_language.value = "es"
    panel.save_partner.click()
    assert wb.get(Organisation, org.id).language == "es"
    labels = [s.label for s in wb.steps()[:2]]
    assert labels == ["Set an organization's language", "Set the partners' languages"]


def test_languages_panel_offers_an_organization_added_after_it_was_drawn(wb):
    view = PartnersView(wb)
    panel = view.languages_panel
    org = add_organisation(wb, name="Harbor Tech")
    assert org.id in [value for _label, value in panel.partner.options]

