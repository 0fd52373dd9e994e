"""A summary in the language chosen for its readers: Spanish words, dates and numbers,
``<html lang="es">``, typed text untouched and marked with the language it was typed in,
written beside the English one; ``--language`` on the command line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Meeting, Workbook, i18n
from workbook.cli import main
from workbook.export.publish import export_summary, render_summary


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Workbook]:
    wb = Workbook.open(demo_path, daily_backup=False)
    yield wb
    wb.close()


def test_export_language_spanish_summary(demo, tmp_path):
    """The Spanish summary: catalog words, Spanish dates, typed text as typed, lang marks."""
    meeting = demo.latest_meeting()
    assert meeting is not None
    english = export_summary(demo, out_dir=tmp_path)
    spanish = export_summary(demo, out_dir=tmp_path, language="es")
    assert spanish.name.endswith(".es.html") and english.name.endswith(".html")
    assert spanish.parent == english.parent and english.exists()
    page = spanish.read_text("utf-8")
    assert '<html lang="es">' in page
    assert "Resumen de la reunión" in page and "Quiénes estuvieron en la mesa" in page
    day = meeting.held_on
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]
    assert f"{day.day} de {months[day.month - 1]} de {day.year}" in page
    objective = re.escape(meeting.objective[:30].replace("&", "&amp;"))
    assert re.search(r'class="typed" lang="en"><bdi>' + objective, page)
    assert "Who was at the table" not in page
    english_page = english.read_text("utf-8")
    assert '<html lang="en">' in english_page and 'lang="en"><bdi>' not in english_page
    assert f"{day:%B} {day.day}, {day.year}" in english_page
    assert i18n.current_language() == "en"  # the export left the process as it found it


def test_export_language_is_checked(demo):
    """A language without a catalog is refused with the languages there are."""
    with pytest.raises(ValueError, match="Choose one of: en, es"):
        render_summary(demo, charts=False, language="klingon")


def test_export_language_on_the_command_line(demo_path, tmp_path, capsys):
    """``workbook export --language es`` writes the Spanish summary; a wrong code is
    refused by the parser (exit 2) naming the languages."""
    assert main(["export", str(demo_path), "--out", str(tmp_path), "--language", "es"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.name.endswith(".es.html")
    assert '<html lang="es">' in written.read_text("utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(demo_path), "--language", "xx"])
    assert stopped.value.code == 2
    assert "Choose one of: en, es" in capsys.readouterr().err


def test_export_language_other_commands_take_it_too(demo_path, capsys):
    """Every command takes --language; a refusal comes back in that language."""
    with Workbook.open(demo_path, daily_backup=False) as wb:
        last = max(m.id or 0 for m in wb.all(Meeting))
    assert main(["export", str(demo_path), "--meeting", str(last + 50),
                 "--language", "es"]) == 2
    assert "no existe en este cuaderno de trabajo" in capsys.readouterr().err
