"""Which languages the partners read: the partnership's list and each partner's own.

Part of the partners view (the Profiles tab). The partnership lists the languages its
partners need, its main language first: the summary is exported in each, and the meeting
packet in the main one. A partner organization may read another language: its follow-up
e-mail is written in that one. ``LanguagesModel`` holds the state and the operations
(tested without widgets); ``LanguagesPanel`` draws it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from ...i18n import _, format_list, language_name
from ...model import Organisation
from ...model.partnership import LANGUAGES, check_languages
from ..widgets.base import heading

__all__ = ["LanguagesModel", "LanguagesPanel", "PartnerLanguage"]

LABEL = {"description_width": "14em"}


@dataclass(frozen=True)
class PartnerLanguage:
    """One organization's row: its id, name and language (None: the main language)."""

    organisation_id: int
    name: str
    language: str | None


class LanguagesModel:
    """The partnership's languages and each organization's own, read from and written to
    the workbook ``wb`` (one step per change)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb

    @staticmethod
    def choices() -> list[tuple[str, str]]:
        """(name in itself, code) of every language with a catalog."""
        return [(name, code) for code, name in LANGUAGES.items()]

    def languages(self) -> tuple[str, ...]:
        """The partnership's languages, its main one first."""
        return tuple(self.wb.partnership.languages)

    def partners(self) -> list[PartnerLanguage]:
        """Every organization by name, with its language."""
        return [PartnerLanguage(int(o.id or 0), o.name, o.language)
                for o in sorted(self.wb.all(Organisation), key=lambda o: o.name.casefold())]

    def set_languages(self, main: str, also: list[str]) -> tuple[str, ...]:
        """Make ``main`` the main language and ``also`` the others (in the order of
        ``choices``); returns the stored list. Raises ``ValidationError`` for a language
        without a catalog."""
        codes = check_languages([main, *also])
        return tuple(self.wb.update_partnership(languages=codes).languages)

    def set_partner(self, organisation_id: int, code: str | None) -> Organisation:
        """Give one organization its language (None: the main language)."""
        return self.wb.update(Organisation, organisation_id, {"language": code or None})

    def sentence(self) -> str:
        """What the panel says of the current setting, in the reader's language."""
        names = [language_name(c) for c in self.languages()]
        return _("Summaries are written in {languages}; the main language is {main}.").format(
            languages=format_list(names), main=names[0])


class LanguagesPanel:
    """The languages panel inside ``view`` (a ``View``): main language, other languages,
    and one organization's language at a time."""

    def __init__(self, view: Any) -> None:
        self.view = view
        view.languages_panel = self  # so the view (and its tests) can reach it
        self.model = LanguagesModel(view.wb)
        choices = self.model.choices()
        self.main = w.Dropdown(description=_("Main language"), options=choices, style=LABEL)
        self.also = {code: w.Checkbox(description=name, indent=False)
                     for name, code in choices}
        self.save = w.Button(description=_("Save languages"), icon="language")
        self.said = w.HTML()
        self.partner = w.Dropdown(description=_("Organization"), options=[], style=LABEL)
        self.partner_language = w.Dropdown(
            description=_("Reads"), style=LABEL,
            options=[(_("(the main language)"), None), *choices])
        self.save_partner = w.Button(description=_("Save its language"), icon="envelope")
        view.on_click(self.save, self._save_languages)
        view.on_click(self.save_partner, self._save_partner)
        view.observe(self.partner, lambda _c: self._show_partner())
        intro = _("The languages the partners need. The summary is written in each; each "
                  "partner's follow-up e-mail in the language its organization reads.")
        self.widget = w.VBox([
            heading(_("Languages"), 3), w.HTML(f"<p>{html.escape(intro)}</p>"),
            self.main, w.HBox([w.Label(_("Also written in:")), *self.also.values()]),
            self.save, self.said,
            w.HBox([self.partner, self.partner_language]), self.save_partner])
        # Redraw when an organization or the partnership changes, here or elsewhere (the
        # profiles above add organizations); the listener goes when the view closes.
        view._closers.append(view.wb.on_step(self._heard))
        self.draw()

    def _heard(self, step: Any) -> None:
        if {"organisation", "partnership"} & set(step.kinds):
            self.draw()

    def draw(self) -> None:
        """Show the stored setting."""
        languages = self.model.languages()
        self.main.value = languages[0]
        for code, box in self.also.items():
            box.value = code in languages[1:]
        self.said.value = f"<p>{html.escape(self.model.sentence())}</p>"
        rows = self.model.partners()
        keep = self.partner.value
        self.partner.options = [(r.name, r.organisation_id) for r in rows]
        if keep in {r.organisation_id for r in rows}:
            self.partner.value = keep
        self._show_partner()

    def _show_partner(self) -> None:
        found = [r for r in self.model.partners() if r.organisation_id == self.partner.value]
        self.partner_language.value = found[0].language if found else None

    def _save_languages(self) -> None:
        also = [code for code, box in self.also.items() if box.value and code != self.main.value]
        self.view.run(lambda: self.model.set_languages(self.main.value, also),
                      done=lambda _r: self.model.sentence(), step=_("Set the partners' languages"))
        self.draw()

    def _save_partner(self) -> None:
        if self.partner.value is None:
            self.view.status.error(_("Add an organization first, then choose its language."))
            return
        self.view.run(lambda: self.model.set_partner(self.partner.value,
                                                     self.partner_language.value),
                      done=_("Its follow-up e-mail will be written in that language."),
                      step=_("Set an organization's language"))
        self.draw()
