"""The participant app in the participant's language: a menu on the page, the choice kept
for the browser, ``?lang=`` in a link; what was typed and the draft survive a switch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Workbook, i18n
from workbook.participant.language import (
    language_from_query,
    remember_language,
    remembered_language,
)
from workbook.views.participant.app import ParticipantView
from workbook.views.widgets.base import plain_text

KEY = "e" * 32
VISITOR = f"visitor={KEY}"


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Workbook]:
    wb = Workbook.open(demo_path, daily_backup=False)
    yield wb
    wb.close()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_default_language(None)
    yield
    i18n.set_default_language(None)


def _headings(view: ParticipantView) -> str:
    return " ".join(plain_text(c.value) for c in view.widget.children[1:2])


def test_participant_language_switch_keeps_typing_and_is_remembered(demo, tmp_path):
    """Choosing Español redraws the page in Spanish with the name still typed; the next
    visit of the same browser opens in Spanish; another browser still opens in English."""
    folder = tmp_path / "drafts"
    view = ParticipantView(demo, query=VISITOR, folder=folder)
    assert "Join the partnership's work from afar" in _headings(view)
    view.name.value = "Rosa Quintero"
    view.language.value = "es"
    assert i18n.current_language() == "es"
    assert "Participe a distancia" in _headings(view)
    assert view.name.value == "Rosa Quintero"
    assert view.me_button.description == "Soy yo"
    assert view.language.value == "es"
    view.close()

    i18n.set_default_language(None)
    again = ParticipantView(demo, query=VISITOR, folder=folder)
    assert again.me_button.description == "Soy yo"
    again.close()

    i18n.set_default_language(None)
    other = ParticipantView(demo, query="visitor=" + "f" * 32, folder=folder)
    assert other.me_button.description == "This is me"
    other.close()


def test_participant_language_link_wins_over_the_remembered_choice(demo, tmp_path):
    """``?lang=en`` in the link opens English even where Spanish was kept."""
    folder = tmp_path / "drafts"
    remember_language(folder, KEY, "es")
    view = ParticipantView(demo, query=f"{VISITOR}&lang=en", folder=folder)
    assert view.me_button.description == "This is me"
    view.close()


def test_participant_language_choice_is_checked(tmp_path):
    """Only a language with a catalog is kept or read back; no key keeps nothing."""
    assert language_from_query("lang=es-MX") == "es"
    assert language_from_query("lang=fr") is None
    assert language_from_query("lang=" + "e" * 50) is None
    with pytest.raises(ValueError, match="no catalog"):
        remember_language(tmp_path, KEY, "fr")
    folder = tmp_path / "drafts"
    remember_language(folder, None, "es")
    assert not folder.exists()
    folder.mkdir()
    (folder / f"language-{KEY}.txt").write_text("../../etc")
    assert remembered_language(folder, KEY) is None
    assert remembered_language(tmp_path, "../x") is None
