"""``workbook import-sheet``: preview, --yes, --json with its keys, one-line refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import Organisation, Resource, Workbook, cli

CASES = Path(__file__).parent.parent / "fixtures" / "sheets"


@pytest.fixture
def path(tmp_path):
    """A new workbook holding Valley College."""
    target = tmp_path / "wb.sqlite"
    assert cli.main(["new", str(target), "--title", "Riverside", "--sector", "Manufacturing",
                     "--region", "Riverside"]) == 0
    with Workbook.open(target, daily_backup=False) as wb:
        wb.add(Organisation(name="Valley College", partner_type="semi_public"))
    return target


def _resources(path):
    with Workbook.open(path, daily_backup=False) as wb:
        return [r.name for r in wb.all(Resource)]


def test_preview_stores_nothing_and_names_each_outcome(path, capsys):
    """Without --yes the rows are shown with their outcome and nothing is stored."""
    assert cli.main(["import-sheet", str(path), str(CASES / "cr-line-endings.csv")]) == 0
    out = capsys.readouterr().out
    assert "row     2  added" in out and "Header row: 1" in out and "Encoding: UTF-8" in out
    assert "run again with --yes" in out
    assert _resources(path) == []


def test_yes_imports_and_json_has_the_named_keys(path, capsys):
    """--yes --json imports and prints one JSON object with the keys the issue names."""
    assert cli.main(["import-sheet", str(path), str(CASES / "sep-hint-semicolon.csv"),
                     "--yes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("encoding", "sheet", "sheets", "header_row", "mapping", "rows"):
        assert key in data
    assert data["mapping"]["name"] == "Program name" and data["mapping"]["owner"] == "Provider"
    assert data["rows"][0] == {"row": 2, "outcome": "added", "message": "",
                               "values": {"name": "Welding 101", "owner": "Valley College",
                                          "notes": "Evenings"}}
    assert data["imported"]["entries"] == 2
    assert _resources(path) == ["Welding 101", "CNC Basics"]


def test_options_sheet_header_map_and_encoding(path, tmp_path, capsys):
    """--sheet, --header-row, --map and --encoding change what is read."""
    sheet = tmp_path / "s.csv"
    sheet.write_bytes("Scan\nTitle,Who,Memo\nCafé,Valley College,x\n".encode("cp1252"))
    assert cli.main(["import-sheet", str(path), str(sheet), "--header-row", "2",
                     "--map", "Title=name", "--map", "Who=owner", "--map", "=notes",
                     "--encoding", "cp1252", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header_row"] == 2 and data["encoding"] == "cp1252"
    assert data["mapping"]["name"] == "Title" and data["mapping"]["notes"] is None
    assert data["rows"][0]["values"]["name"] == "Café"
    assert cli.main(["import-sheet", str(path), str(CASES / "hidden-first-sheet.xlsx"),
                     "--sheet", "Lists", "--map", "Kinds=name", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sheet"] == "Lists" and data["sheets"] == ["Programs"]


def test_new_owners_added_once_with_their_type(path, capsys):
    """--new-owners add --partner-type adds each unknown owner once, with that type."""
    args = ["import-sheet", str(path), str(CASES / "etpl-provider-export.csv"),
            "--map", "NAME=owner", "--new-owners", "add"]
    assert cli.main([*args, "--yes"]) == 2
    assert "type of partner" in capsys.readouterr().err
    assert cli.main([*args, "--partner-type", "semi_public", "--yes"]) == 0
    with Workbook.open(path, daily_backup=False) as wb:
        added = [o for o in wb.all(Organisation) if o.name != "Valley College"]
    assert len(added) == 3 and {o.partner_type for o in added} == {"semi_public"}


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: d / "missing.csv", "No file at"),
    (lambda d: d, "is not a file"),
    (lambda d: (d / "x.xlsx", (d / "x.xlsx").write_bytes(b"not a zip"))[0], "not a valid"),
    (lambda d: (d / "x.pdf", (d / "x.pdf").write_bytes(b"%PDF"))[0], "not a CSV"),
])
def test_an_unreadable_file_is_one_line_and_exit_2(path, tmp_path, capsys, make, words):
    """A missing, wrong or broken file: one clear line on stderr, exit 2, nothing stored."""
    assert cli.main(["import-sheet", str(path), str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbook: ") and err.count("\n") == 1 and words in err
    assert _resources(path) == []


def test_a_bad_map_is_refused(path, capsys):
    """--map with an unknown field names the fields."""
    assert cli.main(["import-sheet", str(path), str(CASES / "cr-line-endings.csv"),
                     "--map", "Provider=boss"]) == 2
    assert "COLUMN=FIELD" in capsys.readouterr().err


def _meeting(path):
    import datetime as dt

    from workbook import Meeting, Person

    with Workbook.open(path, daily_backup=False) as wb:
        college = wb.organisation_named("Valley College")
        wb.add(Person(name="Pat Example", organisation_id=college.id))
        wb.add(Person(name="Alex Demo", organisation_id=college.id))
        return wb.add(Meeting(held_on=dt.date(2024, 3, 14), objective="Kick off")).id


def test_import_attendance_json_lists_matched_close_and_new(path, tmp_path, capsys):
    """--json lists matched, close and new; --yes records the matched only unless asked."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "interchange"))
    from attendance_reports import teams_attendance

    meeting = _meeting(path)
    report = tmp_path / "teams.csv"
    report.write_bytes(teams_attendance())
    assert cli.main(["import-attendance", str(path), str(meeting), str(report),
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["person"] for m in data["matched"]] == ["Pat Example", "Alex Demo"]
    assert data["close"] == []
    assert [n["name"] for n in data["new"]] == ["Sam Sample", "Jo Newcomer"]
    assert cli.main(["import-attendance", str(path), str(meeting), str(report), "--yes",
                     "--add-new"]) == 0
    assert "Recorded 4 present, 2 added" in capsys.readouterr().out
    with Workbook.open(path, daily_backup=False) as wb:
        assert sorted(p.name for p in wb.attendees(meeting)) == [
            "Alex Demo", "Jo Newcomer", "Pat Example", "Sam Sample"]


def test_import_attendance_refusals_are_one_line(path, tmp_path, capsys):
    """An unknown meeting or a file that is no report: one line, exit 2."""
    meeting = _meeting(path)
    bad = tmp_path / "r.csv"
    bad.write_bytes(b"Topic\nKickoff\n")
    assert cli.main(["import-attendance", str(path), "999", str(bad)]) == 2
    assert cli.main(["import-attendance", str(path), str(meeting), str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "meeting" in err[0] and "no list of people" in err[1]


def test_preview_in_spanish_names_outcomes_counts_and_skipped_rows(path, tmp_path, capsys):
    """--language es: each row's outcome, the counts and why a row is no entry read in
    Spanish; the --json values stay the English codes."""
    sheet = tmp_path / "programs.csv"
    sheet.write_text("Program,Provider,Kind\nWelding I,Valley College,Training\n"
                     "Machining,Valley College,Training\nCNC basics,Valley College,Training\n"
                     "Total,3,\n", encoding="utf-8")
    assert cli.main(["import-sheet", str(path), str(sheet), "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert "agregada" in out and "Filas: agregada: 3" in out
    assert "una fila de totales, no una entrada" in out
    assert " added" not in out and "not an entry" not in out
    assert "name <- Program (seguro)" in out  # the field stays the code --map takes
    assert cli.main(["import-sheet", str(path), str(sheet), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["outcome"] == "added"
