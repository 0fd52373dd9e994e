"""The export commands: thin wrappers that print the path written, or one line of refusal."""

from __future__ import annotations

from pathlib import Path

from workbook import Meeting
from workbook.cli import main


def test_export_command_prints_the_summary_path(demo_path, tmp_path, capsys):
    """`workbook export PATH --out DIR` writes the latest summary and prints its path."""
    assert main(["export", str(demo_path), "--out", str(tmp_path)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.is_file() and printed.suffix == ".html"
    assert printed.is_relative_to(tmp_path)
    assert printed.with_suffix(".ipynb").is_file()


def test_export_command_takes_a_meeting_id(demo_path, demo_wb, tmp_path, capsys):
    """--meeting ID picks that meeting; the file is named by its date and kind."""
    first = min(demo_wb.all(Meeting), key=lambda m: m.held_on)
    assert main(["export", str(demo_path), "--meeting", str(first.id), "--out",
                 str(tmp_path)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.name == f"{first.held_on.isoformat()}-{first.kind_of}.html"


def test_export_command_refuses_unknown_meeting(demo_path, tmp_path, capsys):
    """An unknown meeting id is one line on stderr and exit code 2; nothing is written."""
    assert main(["export", str(demo_path), "--meeting", "999", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbook: meeting: 999 does not exist") and err.count("\n") == 1
    assert not list(tmp_path.rglob("*.html"))


def test_export_command_pdf_without_chromium(demo_path, tmp_path, capsys, monkeypatch):
    """--pdf without chromium: the HTML path is printed, then a one-line refusal (exit 2)."""
    monkeypatch.setenv("WORKBOOK_CHROMIUM", str(tmp_path / "missing"))
    assert main(["export", str(demo_path), "--out", str(tmp_path), "--pdf"]) == 2
    captured = capsys.readouterr()
    assert Path(captured.out.strip()).is_file()
    assert "chromium is not installed" in captured.err


def test_export_tables_command_prints_the_folder(demo_path, tmp_path, capsys):
    """`workbook export-tables PATH --out DIR` writes the CSVs and tables.xlsx."""
    assert main(["export-tables", str(demo_path), "--out", str(tmp_path)]) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert (folder / "tables.xlsx").is_file() and (folder / "actions.csv").is_file()
    assert folder.is_relative_to(tmp_path)


def test_export_command_on_missing_workbook(tmp_path, capsys):
    """A workbook file that does not exist is refused with the store's message."""
    assert main(["export", str(tmp_path / "absent.sqlite")]) == 2
    assert "absent.sqlite" in capsys.readouterr().err
