"""The facilitator picks the notebooks' language on the start page; it is kept and the
next notebook that opens its workbook speaks it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workbook import i18n
from workbook.views.steps.start import StartView
from workbook.views.widgets.session import open_from_env


@pytest.fixture(autouse=True)
def _settings(tmp_path, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    i18n.set_default_language(None)
    yield
    i18n.set_default_language(None)


def test_start_language_choice_is_kept_and_applied(wb, tmp_path, monkeypatch):
    view = StartView(wb)
    try:
        assert view.language.value == "en"
        view.language.value = "es"
        assert "Español es ahora el idioma de los cuadernos" in view.status.text  # said in it
        assert i18n.facilitator_settings_file().read_text() == "es"
    finally:
        view.close()
    i18n.set_default_language(None)
    demo = tmp_path / "demo.sqlite"
    from workbook.demo import build_demo

    build_demo(demo).close()
    monkeypatch.setenv("WORKBOOK", str(demo))
    opened = open_from_env()
    try:
        assert i18n.current_language() == "es"
        again = StartView(opened)
        try:
            assert again.language.value == "es"
            assert again.undo_button.description == "Deshacer…"
        finally:
            again.close()
    finally:
        opened.close()
