"""``workbook import-readings``: preview by default, all or nothing with --yes."""

from __future__ import annotations

import pytest

from workbook import Outcome, Partnership, Workbook, cli


@pytest.fixture
def made(tmp_path):
    path = tmp_path / "harbour.sqlite"
    with Workbook.create(path, Partnership(working_title="H", sector="S", region="R")) as wb:
        wb.add(Outcome(description="Still employed after 90 days", unit="%"))
    return path


def _sheet(tmp_path, text: str):
    sheet = tmp_path / "figures.csv"
    sheet.write_text(text, encoding="utf-8")
    return sheet


def test_import_readings_previews_then_stores(made, tmp_path, capsys):
    """Without --yes nothing changes; with it the new readings are stored once."""
    sheet = _sheet(tmp_path, "Date,Still employed after 90 days\n2026-01-31,61%\n"
                             "2026-02-28,63\n")
    assert cli.main(["import-readings", str(made), str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "2 new readings, 0 skipped, 0 with errors" in out
    assert "Nothing was changed" in out
    with Workbook.open(made, daily_backup=False) as wb:
        assert wb.readings() == []
    assert cli.main(["import-readings", str(made), str(sheet), "--yes",
                     "--source", "Wage records"]) == 0
    assert "Stored 2 readings" in capsys.readouterr().out
    with Workbook.open(made, daily_backup=False) as wb:
        assert [(r.value, r.source) for r in wb.readings()] == [(61.0, "Wage records"),
                                                               (63.0, "Wage records")]
    assert cli.main(["import-readings", str(made), str(sheet), "--yes"]) == 0
    assert "0 new readings, 2 skipped" in capsys.readouterr().out


def test_import_readings_with_a_bad_row_is_refused_in_one_line(made, tmp_path, capsys):
    """A row with an error: listed in the preview, and --yes exits 2 storing nothing."""
    sheet = _sheet(tmp_path, "Date,Still employed after 90 days\n2026-01-31,61\nsoon,62\n")
    assert cli.main(["import-readings", str(made), str(sheet), "--yes"]) == 2
    out, err = capsys.readouterr()
    assert "row 3, Still employed after 90 days: date 'soon' is not a date" in out
    assert err.startswith("workbook: Row 3") and err.count("\n") == 1
    with Workbook.open(made, daily_backup=False) as wb:
        assert wb.readings() == []


def test_import_readings_missing_sheet(made, tmp_path, capsys):
    """A sheet that is not there is one clear line, exit 2."""
    assert cli.main(["import-readings", str(made), str(tmp_path / "nope.csv")]) == 2
    assert "No file at" in capsys.readouterr().err


def test_import_readings_speaks_spanish(made, tmp_path, capsys):
    """--language es: the notes (quarters, footnotes left out), the cells that hold no
    reading and a bad date's refusal are in Spanish."""
    sheet = _sheet(tmp_path, "Quarter,Still employed after 90 days\n2026 Q1,61*\n"
                             "2026 Q2,N/A\nsoon,62\n")
    assert cli.main(["import-readings", str(made), str(sheet), "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert "Los trimestres se leen como su último día: 2026 Q1 es el 31 de marzo de 2026" in out
    assert "fila 3, Still employed after 90 days: sin medición: 'N/A'" in out
    assert "la fecha 'soon' no es una fecha" in out
    assert "not a date" not in out and "Quarters" not in out
