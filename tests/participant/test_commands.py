"""The commands: binder-link prints a checked link; import-contribution previews or imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbook import Comment, Organisation, Workbook
from workbook.cli import main
from workbook.testing.contributions import NEWCOMER, file_state, snapshot


def test_commands_binder_link_for_the_participant_app(capsys: pytest.CaptureFixture) -> None:
    """--participant prints the Voila link for that meeting, and nothing else."""
    assert main(["binder-link", "--repo", "valley-makers/spring", "--participant", "3"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == ("https://mybinder.org/v2/gh/valley-makers/spring/HEAD?urlpath="
                   "voila%2Frender%2Fnotebooks%2Fparticipant.ipynb%3Fmeeting%3D3")


def test_commands_binder_link_writes_a_qr(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """--qr writes the code beside printing the link."""
    target = tmp_path / "qr.svg"
    assert main(["binder-link", "--repo", "a/b", "--notebook", "notebooks/01_kickoff.ipynb",
                 "--qr", str(target)]) == 0
    assert b"<svg" in target.read_bytes()
    assert "lab%2Ftree%2Fnotebooks%2F01_kickoff.ipynb" in capsys.readouterr().out


def test_commands_binder_link_bad_repo_exits_2(capsys: pytest.CaptureFixture) -> None:
    """A bad repository is one line on stderr and exit code 2."""
    assert main(["binder-link", "--repo", "gitlab.com/a/b"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbook: The repo") and err.count("\n") == 1


def _save(tmp_path: Path, raw: bytes, name: str = "c.json") -> Path:
    target = tmp_path / name
    target.write_bytes(raw)
    return target


def test_commands_import_without_yes_only_previews(meeting_wb: Workbook, good_file: bytes,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """Without --yes: the preview is printed, exit 0, the workbook file unchanged."""
    path = _save(tmp_path, good_file)
    meeting_wb.close()
    before = file_state(meeting_wb.path)
    assert main(["import-contribution", str(meeting_wb.path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "[+]" in out and "New organization: Quintero Composites" in out
    assert "Nothing was changed" in out
    assert file_state(meeting_wb.path) == before


def test_commands_import_preview_in_spanish(meeting_wb: Workbook, good_file: bytes,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    """--language es: the plan's lines, the closing advice and the result in Spanish."""
    path = _save(tmp_path, good_file)
    meeting_wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path),
                 "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert "Organización nueva: Quintero Composites" in out
    assert "No se cambió nada (solo vista previa)" in out
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes",
                 "--language", "es"]) == 0
    assert "10 agregados o cambiados, 0 rechazados" in capsys.readouterr().out


def test_commands_import_with_yes_imports_once(meeting_wb: Workbook, good_file: bytes,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    """--yes imports; the same file again reports it was imported and adds nothing."""
    path = _save(tmp_path, good_file)
    meeting_wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes"]) == 0
    assert "10 added or changed" in capsys.readouterr().out
    wb = Workbook.open(meeting_wb.path, daily_backup=False)
    rows = snapshot(wb)
    wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes"]) == 0
    assert "was imported on" in capsys.readouterr().out
    wb = Workbook.open(meeting_wb.path, daily_backup=False)
    try:
        assert snapshot(wb) == rows
        assert wb.organisation_named(NEWCOMER["organisation"]) is not None
    finally:
        wb.close()


def test_commands_accept_and_reject_by_short_key(meeting_wb: Workbook, make_file: Callable,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    """--accept takes a conflict, --reject leaves an item out, keys as the preview prints."""
    org = next(o for o in meeting_wb.all(Organisation) if o.mission.strip())
    member = {"name": "Dana Field", "role": "", "organisation": org.name,
              "partner_type": org.partner_type, "new_organisation": False}
    path = _save(tmp_path, make_file([{"kind": "profile", "field": "mission", "value": "New"},
                                      {"kind": "comment", "text": "Leave me out"}],
                                     participant=member))
    meeting_wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    conflict = next(line for line in lines if "[!]" in line).split()[1]
    comment = next(line for line in lines if "Leave me out" in line).split()[1]
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes",
                 "--accept", conflict, "--reject", comment]) == 0
    wb = Workbook.open(meeting_wb.path, daily_backup=False)
    try:
        assert wb.get(Organisation, org.id).mission == "New"
        assert wb.all(Comment, author="Dana Field") == []
    finally:
        wb.close()


def test_commands_bad_file_exits_2_and_changes_nothing(meeting_wb: Workbook, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    """A refused file is named on stderr with its problem; exit 2; workbook untouched."""
    path = _save(tmp_path, b'{"format": "nope"}', "bad.json")
    meeting_wb.close()
    before = file_state(meeting_wb.path)
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "not a contribution file" in err
    assert file_state(meeting_wb.path) == before


def test_commands_unknown_key_is_reported(meeting_wb: Workbook, good_file: bytes,
                                          tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """An --accept key that names no item is reported and the exit code is 2."""
    path = _save(tmp_path, good_file)
    meeting_wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path),
                 "--accept", "ffffffffff"]) == 2
    assert "names no single item" in capsys.readouterr().err


def test_commands_import_into_a_database_copy(meeting_wb: Workbook, good_file: bytes,
                                              tmp_path: Path, pg_url: str,
                                              capsys: pytest.CaptureFixture) -> None:
    """A file made for the workbook file imports into its database copy, with --db."""
    path = _save(tmp_path, good_file)
    meeting_wb.close()
    slug = f"contrib-{tmp_path.name[-12:].lower().replace('_', '-')}".rstrip("-")
    assert main(["copy", str(meeting_wb.path), "--db", pg_url, "--partnership", slug]) == 0
    capsys.readouterr()
    assert main(["import-contribution", "--db", pg_url, "--partnership", slug,
                 str(path), "--yes"]) == 0
    assert "10 added or changed" in capsys.readouterr().out
    from workbook.store.postgres import DbTarget

    with Workbook.open(DbTarget(pg_url, slug)) as wb:
        assert wb.organisation_named(NEWCOMER["organisation"]) is not None


def test_commands_file_speaking_as_a_stored_person_needs_accept(
        meeting_wb: Workbook, make_file: Callable, tmp_path: Path,
        capsys: pytest.CaptureFixture) -> None:
    """--yes leaves out a [?] item in a stored person's name; --accept KEY takes it."""
    from workbook import Person

    person = next(p for p in meeting_wb.all(Person) if p.organisation_id)
    org = meeting_wb.get(Organisation, person.organisation_id)
    claimed = {"name": person.name, "role": "", "organisation": org.name,
               "partner_type": org.partner_type, "new_organisation": False}
    path = _save(tmp_path, make_file([{"kind": "comment", "text": "In her name"}], claimed))
    meeting_wb.close()
    assert main(["import-contribution", str(meeting_wb.path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "[?]" in out and "cannot prove who made it" in out and "[+]" not in out.split(
        ": 1 item\n")[1].split("Nothing was changed")[0]
    assert main(["import-contribution", str(meeting_wb.path), str(path), "--yes"]) == 0
    assert "0 added or changed, 1 rejected" in capsys.readouterr().out
    with Workbook.open(meeting_wb.path, daily_backup=False) as wb:
        assert all(c.text != "In her name" for c in wb.all(Comment))
