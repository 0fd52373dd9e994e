"""The ``workbook`` command: thin over the library, one-line refusals, bugs not hidden."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from workbook import ActionItem, Organisation, Person, Workbook, cli
from workbook.errors import VoteError


@pytest.fixture
def made(tmp_path):
    """A workbook created through ``workbook new``, with a little data added."""
    path = tmp_path / "harbour.sqlite"
    assert cli.main(["new", str(path), "--title", "Harbour Partnership", "--sector",
                     "Manufacturing", "--region", "Harbour County", "--intermediary",
                     "Harbour Board"]) == 0
    with Workbook.open(path, daily_backup=False) as wb:
        org = wb.add(Organisation(name="Ærø Værft"))
        ana = wb.add(Person(name="Ana", organisation_id=org.id))
        wb.add(ActionItem(action="Call", owner_id=ana.id, due_on="2020-01-01"))
        wb.add(ActionItem(action="Write", owner_id=ana.id, status="done"))
    return path


def test_cli_new_creates_workbook(made):
    """``new`` stores the partnership it was given and says where."""
    with Workbook.open(made, daily_backup=False) as wb:
        p = wb.partnership
        assert (p.working_title, p.sector, p.region, p.intermediary) == (
            "Harbour Partnership", "Manufacturing", "Harbour County", "Harbour Board")


def test_cli_new_refuses_existing_one_line_exit_2(made, capsys):
    """A refusal is one line on stderr starting with ``workbook:``, exit code 2."""
    before = made.read_bytes()
    capsys.readouterr()
    code = cli.main(["new", str(made), "--title", "T", "--sector", "S", "--region", "R"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("workbook: ") and err.count("\n") == 1
    assert str(made) in err and "--force" in err
    assert made.read_bytes() == before


def test_cli_new_validation_error_is_refused(tmp_path, capsys):
    """A value the model refuses is shown with field and fix, and no file is made."""
    path = tmp_path / "x.sqlite"
    code = cli.main(["new", str(path), "--title", " ", "--sector", "S", "--region", "R"])
    assert code == 2
    err = capsys.readouterr().err
    assert "workbook: The working title is empty. Give the partnership a working title" in err
    assert not path.exists()


def test_cli_info_json_counts(made, capsys):
    """``info --json`` prints one object with the counts, overdue actions included."""
    capsys.readouterr()
    assert cli.main(["info", str(made), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Harbour Partnership" and data["name"] == ""
    assert data["phase"] == "preparation"
    assert (data["organisations"], data["meetings"], data["resources"]) == (1, 0, 0)
    assert (data["actions"], data["open_actions"], data["overdue_actions"]) == (2, 1, 1)


def test_cli_info_human_summary(made, capsys):
    """``info`` prints the name, then one labelled line per count."""
    capsys.readouterr()
    assert cli.main(["info", str(made)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Harbour Partnership"
    assert any(line.split() == ["actions", "2:", "1", "open,", "1", "overdue"]
               for line in lines)


def test_cli_info_missing_file(tmp_path, capsys):
    """A missing workbook is one line naming it and how to make one; no file appears."""
    path = tmp_path / "nope.sqlite"
    assert cli.main(["info", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"workbook: No workbook at {path}") and "workbook new" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_export_then_import_round_trip(made, tmp_path, capsys):
    """``export-json`` then ``import-json`` makes a new workbook with the same content."""
    out = tmp_path / "harbour.json"
    copy = tmp_path / "copy.sqlite"
    assert cli.main(["export-json", str(made), str(out)]) == 0
    assert cli.main(["import-json", str(out), str(copy)]) == 0
    assert "1 organization, 1 person" in capsys.readouterr().out
    assert cli.main(["export-json", str(copy), str(tmp_path / "again.json")]) == 0
    first, again = (json.loads(p.read_text(encoding="utf-8"))
                    for p in (out, tmp_path / "again.json"))
    first.pop("exported_at"), again.pop("exported_at")
    assert first == again


def test_cli_import_refuses_existing_and_bad_files(made, tmp_path, capsys):
    """Import never replaces a workbook; a broken export is one clear line, no new file."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "partnership-workbook", "schema_version": 2, '
                   '"partnership": [{"id": 1, "version": 1, "working_title": ""}]}',
                   encoding="utf-8")
    before = made.read_bytes()
    assert cli.main(["import-json", str(bad), str(made)]) == 2
    assert made.read_bytes() == before
    assert cli.main(["import-json", str(bad), str(tmp_path / "new.sqlite")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "already exists" in err[0]
    assert err[1].startswith("workbook: partnership 1: The working title is empty")
    assert not (tmp_path / "new.sqlite").exists()


def test_cli_demo_passes_force(tmp_path, monkeypatch, capsys):
    """``demo PATH --force`` calls build_demo(PATH, overwrite=True) and closes the result."""
    import workbook.demo

    calls = []

    class Opened:
        def close(self):
            calls.append("closed")

    def fake_build_demo(path, *, overwrite=False):
        calls.append((path, overwrite))
        return Opened()

    monkeypatch.setattr(workbook.demo, "build_demo", fake_build_demo)
    target = str(tmp_path / "demo.sqlite")
    assert cli.main(["demo", target, "--force"]) == 0
    assert cli.main(["demo", target]) == 0
    assert calls == [(Path(target), True), "closed", (Path(target), False), "closed"]


def test_cli_bug_is_not_hidden(made, monkeypatch):
    """An unexpected exception propagates (traceback, exit 1), never becomes a one-liner."""
    import workbook.analyses.counts

    def broken(wb, **_):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(workbook.analyses.counts, "status_counts", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["info", str(made)])


def test_cli_commands_registered_from_modules(monkeypatch, capsys):
    """A module appended to COMMANDS adds its command; its WorkbookError is one line."""
    def register(subparsers):
        p = subparsers.add_parser("tally", help="a test command")
        p.add_argument("--fail", action="store_true")
        p.set_defaults(func=run)

    def run(args: argparse.Namespace):
        if args.fail:
            raise VoteError("Vote 3 is closed;\ndots can no longer be cast.")
        print("counted")
        return 0

    extra = types.ModuleType("workbook.commands.tally_test")
    extra.register = register
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, extra])
    assert cli.main(["tally"]) == 0
    assert capsys.readouterr().out == "counted\n"
    assert cli.main(["tally", "--fail"]) == 2
    assert capsys.readouterr().err == \
        "workbook: Vote 3 is closed; dots can no longer be cast.\n"


def test_cli_every_core_command_has_help():
    """Each core command shows in --help with its own summary."""
    text = cli.build_parser().format_help()
    for command in ("demo", "new", "info", "export-json", "import-json"):
        assert command in text


def test_cli_console_script_exit_codes(tmp_path):
    """The installed entry point exits 2 with one stderr line on a refusal, 0 on success."""
    missing = tmp_path / "missing.sqlite"
    run = [sys.executable, "-m", "workbook.cli"]
    refused = subprocess.run([*run, "info", str(missing)], capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("workbook: No workbook at") and \
        refused.stderr.count("\n") == 1
    made = subprocess.run([*run, "new", str(tmp_path / "n.sqlite"), "--title", "T",
                           "--sector", "S", "--region", "R"], capture_output=True, text=True,
                          timeout=60)
    assert made.returncode == 0, made.stderr
    assert Path(tmp_path / "n.sqlite").exists()


def test_cli_bug_exits_1_with_traceback(made):
    """Run as a program, a bug ends with Python's traceback and exit code 1."""
    script = ("import sys, workbook.analyses.counts as s\n"
              "def broken(wb, **_): raise ZeroDivisionError('a bug')\n"
              "s.status_counts = broken\n"
              "from workbook.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    result = subprocess.run([sys.executable, "-c", script, "info", str(made)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "ZeroDivisionError: a bug" in result.stderr


def test_cli_info_counts_readings_and_wins(made, capsys):
    """``info --json`` counts readings and wins; the plain form says them on one line."""
    from workbook import Outcome, Reading, Win

    with Workbook.open(made, daily_backup=False) as wb:
        outcome = wb.add(Outcome(description="Hires kept 90 days", unit="%"))
        for day, value in (("2026-01-31", 60), ("2026-02-28", 64), ("2026-03-31", 66)):
            wb.add(Reading(outcome_id=outcome.id, read_on=day, value=value))
        wb.add(Win(won_on="2026-03-01", description="First apprentice"))
    capsys.readouterr()
    assert cli.main(["info", str(made), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["outcomes"], data["readings"], data["wins"]) == (1, 3, 1)
    assert cli.main(["info", str(made)]) == 0
    assert any(line.split() == ["outcomes", "1", "(3", "readings,", "1", "win)"]
               for line in capsys.readouterr().out.splitlines())
