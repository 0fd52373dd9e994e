"""``workbook history`` and ``workbook undo``: what a step was, and taking back exactly it."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from workbook import Organisation, Person, Resource, Workbook, cli

SHEETS = Path(__file__).parent.parent / "fixtures" / "sheets"


@pytest.fixture
def path(tmp_path):
    """A new workbook holding Valley College (a partner that owns programs)."""
    target = tmp_path / "wb.sqlite"
    assert cli.main(["new", str(target), "--title", "Riverside", "--sector", "Manufacturing",
                     "--region", "Riverside"]) == 0
    with Workbook.open(target, daily_backup=False) as wb:
        wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    return target


def _names(path: Path) -> tuple[list[str], list[str]]:
    with Workbook.open(path, daily_backup=False) as wb:
        return sorted(p.name for p in wb.all(Person)), sorted(r.name for r in wb.all(Resource))


def test_cli_undo_after_import_sheet_takes_back_the_import_not_the_person_before(path, capsys):
    """The regression: Undo after `import-sheet --yes` removes the imported entries, and the
    person added before the import stays."""
    with Workbook.open(path, daily_backup=False) as wb:
        wb.add(Person(name="Rosa Quintero"))
    assert cli.main(["import-sheet", str(path), str(SHEETS / "sep-hint-semicolon.csv"),
                     "--yes"]) == 0
    assert _names(path) == (["Rosa Quintero"], ["CNC Basics", "Welding 101"])
    capsys.readouterr()
    assert cli.main(["history", str(path), "--json"]) == 0
    newest = json.loads(capsys.readouterr().out)["steps"][0]
    assert newest["label"] == "Import sep-hint-semicolon.csv (2 entries)"
    assert newest["source"] == "command import-sheet" and newest["counts"] == {"resource": 2}
    assert cli.main(["undo", str(path), "--yes"]) == 0
    assert "Undone: step" in capsys.readouterr().out
    assert _names(path) == (["Rosa Quintero"], [])


def test_cli_history_json_keys_and_human_lines(path, capsys):
    """--json prints ``me`` and ``steps`` with the listed keys; the human form one line each."""
    capsys.readouterr()
    assert cli.main(["history", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["me"] == getpass.getuser()
    assert set(data["steps"][0]) == {"step", "label", "author", "source", "changed_at",
                                     "undone_at", "undone_by", "records", "counts", "undoable"}
    assert cli.main(["history", str(path)]) == 0
    assert "Added organization “Valley College” [1 organization]" in capsys.readouterr().out


def test_cli_undo_without_yes_and_without_a_terminal_changes_nothing(path, capsys,
                                                                    monkeypatch):
    """In a script, undo shows the step and needs --yes; nothing is undone without it."""
    monkeypatch.setattr("sys.stdin", None)
    capsys.readouterr()
    assert cli.main(["undo", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Added organization “Valley College”" in out and "run again with --yes" in out
    with Workbook.open(path, daily_backup=False) as wb:
        assert wb.count(Organisation) == 1


def test_cli_undo_of_another_persons_step_needs_theirs(path, capsys):
    """A step signed by someone else is named as theirs and refused without --theirs."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE change_step SET author = 'bob'")
    with Workbook.open(path, daily_backup=False) as wb:
        batch = wb.steps(1)[0].batch
    capsys.readouterr()
    assert cli.main(["undo", str(path), "--yes"]) == 0
    assert "nothing of yours to undo" in capsys.readouterr().out
    assert cli.main(["undo", str(path), "--theirs"]) == 0  # the newest of anybody's, shown
    assert f"step {batch}," in capsys.readouterr().out
    assert cli.main(["undo", str(path), "--step", str(batch), "--yes"]) == 2
    assert "made by bob" in capsys.readouterr().err
    assert cli.main(["undo", str(path), "--step", str(batch), "--theirs", "--yes",
                     "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undone"]["author"] == "bob"
    with Workbook.open(path, daily_backup=False) as wb:
        assert wb.count(Organisation) == 0


def test_cli_history_into_a_closed_pipe_ends_quietly(path):
    """`workbook history --json | head -1`: no traceback when the reader stops early."""
    import subprocess
    import sys

    with Workbook.open(path, daily_backup=False) as wb:
        for n in range(400):  # more output than a pipe holds, so it closes under the writer
            wb.add(Person(name=f"Person {n}"))
    run = subprocess.run(f"{sys.executable} -m workbook.cli history {path} --json "
                         "--limit 1000 | head -1", shell=True, capture_output=True,
                         text=True, timeout=120)
    assert run.stdout.strip() == "{" and "Traceback" not in run.stderr


def test_cli_history_says_where_a_step_was_made_in_words(path, capsys):
    """A step made by a command reads "in the import-sheet command" ("el comando
    import-sheet" in Spanish), not the stored code; --json keeps the code."""
    assert cli.main(["import-sheet", str(path), str(SHEETS / "sep-hint-semicolon.csv"),
                     "--yes"]) == 0
    capsys.readouterr()
    assert cli.main(["history", str(path), "--limit", "1"]) == 0
    assert " in the import-sheet command: " in capsys.readouterr().out
    assert cli.main(["history", str(path), "--limit", "1", "--language", "es"]) == 0
    spanish = capsys.readouterr().out
    assert "el comando import-sheet" in spanish and "command import-sheet" not in spanish
