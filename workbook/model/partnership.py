"""The partnership itself and the outcomes it measures itself by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import reference as ref_data
from ..errors import Sentence, ValidationError
from ..i18n import DEFAULT_LANGUAGE, N_, available_languages, language_name
from .base import Entity, Rule, choice, day, name_text, number, ref, text, text_list

__all__ = ["LANGUAGES", "Outcome", "Partnership", "language_choice", "languages_field"]

LANGUAGES: dict[str, str] = {code: language_name(code) for code in available_languages()}
"""The languages a partnership may list and a partner may prefer: every language with a
catalog (code -> its name in itself, ``{"en": "English", "es": "Español"}``)."""


def languages_field() -> tuple[str, ...]:
    """The languages a partnership's partners need: language codes with a catalog, each
    once, the first the partnership's main language; ``("en",)`` by default and when
    emptied."""
    return field(default=(DEFAULT_LANGUAGE,), metadata={
        "rule": Rule("text_list", limit=20, max_items=20)})


def language_choice() -> str | None:
    """An organization's preferred language (a key of ``LANGUAGES``), or None: the
    partnership's main language."""
    return choice(LANGUAGES, None, required=False)  # type: ignore[no-any-return]


def check_languages(value: Any) -> tuple[str, ...]:
    """``value`` (codes, or one comma-separated text) as a partnership's language list:
    lower-cased, each once, in the order given; ``("en",)`` when empty.

    Raises ``ValidationError`` naming a code there is no catalog for, and the choices.
    """
    if isinstance(value, str):
        value = value.split(",")
    codes: list[str] = []
    for item in value or ():
        code = str(item).strip().lower().replace("_", "-")
        if not code:
            continue
        if code not in LANGUAGES:
            raise ValidationError("languages", item, Sentence(N_(
                "The language {value} has no catalog in this workbook yet. Use one of: "
                "{choices} (a new language is added as the README's 'Adding a language' "
                "says)."), choices=", ".join(LANGUAGES)))
        if code not in codes:
            codes.append(code)
    return tuple(codes) or (DEFAULT_LANGUAGE,)


@dataclass(frozen=True, kw_only=True)
class Partnership(Entity):
    """One per workbook: what the effort is called, where and for whom it works."""

    kind: ClassVar[str] = "partnership"

    working_title: str = name_text()
    name: str = name_text(required=False)
    name_chosen_on: dt.date | None = day()
    name_reason: str = text()
    sector: str = name_text()
    region: str = name_text()
    intermediary: str = name_text(required=False)
    vision: str = text()
    shared_goals: tuple[str, ...] = text_list()
    phase: str = choice({p.key: p.title for p in ref_data.PHASES}, "preparation")
    created_on: dt.date | None = day()
    # Language access (schema 14): the languages its partners need, the first its main one.
    languages: tuple[str, ...] = languages_field()

    def check(self) -> None:
        object.__setattr__(self, "languages", check_languages(self.languages))

    @property
    def display_name(self) -> str:
        """The chosen name once there is one, else the working title."""
        return self.name or self.working_title


@dataclass(frozen=True, kw_only=True)
class Outcome(Entity):
    """A measurable outcome with the benchmark the partnership compares against."""

    kind: ClassVar[str] = "outcome"
    unique: ClassVar = (("description",),)

    description: str = name_text()
    measure: str = text(limit=500)
    benchmark: str = text(limit=500)
    target: str = text(limit=500)
    due_on: dt.date | None = day()
    owner_id: int | None = ref("organisation")
    # Shared measurement (schema 3): how readings are counted and compared.
    unit: str = text(limit=40, multiline=False)
    direction: str = choice(ref_data.DIRECTIONS, "higher")
    indicator: str | None = choice(ref_data.INDICATOR_TITLES, None, required=False)
    baseline_value: float | None = number()
    benchmark_value: float | None = number()
    target_value: float | None = number()
