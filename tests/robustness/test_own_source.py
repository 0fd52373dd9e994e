"""Never write over your own source: an output that resolves to the input (same path,
another spelling of it, a symbolic or a hard link) is refused, and any workbook file a
command does replace is backed up first."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from workbook import ActionItem, Partnership, Workbook
from workbook.cli import main
from workbook.errors import SameFileError
from workbook.interchange.jsonio import import_json, write_json
from workbook.participant.share import write_shared_copy
from workbook.store import list_backups, make_backup, restore_backup


def _same_path(wb: Path) -> Path:
    return wb


def _dotted(wb: Path) -> Path:
    return wb.parent / "." / wb.name


def _symlink(wb: Path) -> Path:
    link = wb.parent / "link.sqlite"
    link.symlink_to(wb.name)
    return link


def _hard_link(wb: Path) -> Path:
    link = wb.parent / "hard.sqlite"
    os.link(wb, link)
    return link


SPELLINGS: list[Callable[[Path], Path]] = [_same_path, _dotted, _symlink, _hard_link]


@pytest.fixture
def facilitator_file(demo_path: Path) -> Path:
    """The demo workbook, which holds actions the participants' copy leaves out."""
    with Workbook.open(demo_path, daily_backup=False) as wb:
        assert wb.count(ActionItem) > 0
    return demo_path


@pytest.mark.parametrize("spelling", SPELLINGS, ids=lambda f: f.__name__.strip("_"))
def test_share_copy_onto_the_workbook_refused(facilitator_file, spelling, capsys):
    """share-copy --force onto the workbook itself is refused and changes nothing."""
    out = spelling(facilitator_file)
    before = facilitator_file.read_bytes()
    assert main(["share-copy", str(facilitator_file), str(out), "--force"]) == 2
    assert "itself" in capsys.readouterr().err
    assert facilitator_file.read_bytes() == before
    with Workbook.open(facilitator_file, daily_backup=False) as wb:
        with pytest.raises(SameFileError):
            write_shared_copy(wb, out, overwrite=True)
        assert wb.count(ActionItem) > 0
    assert not list(facilitator_file.parent.glob("*.partial"))


@pytest.mark.parametrize("spelling", SPELLINGS, ids=lambda f: f.__name__.strip("_"))
def test_export_json_onto_the_workbook_refused(facilitator_file, spelling, capsys):
    """export-json onto the workbook (any spelling of it) is refused; the file is intact."""
    out = spelling(facilitator_file)
    before = facilitator_file.read_bytes()
    assert main(["export-json", str(facilitator_file), str(out)]) == 2
    assert "itself" in capsys.readouterr().err
    with Workbook.open(facilitator_file, daily_backup=False) as wb, \
            pytest.raises(SameFileError):
        write_json(wb, out)
    assert facilitator_file.read_bytes() == before


def test_import_json_onto_its_own_source_refused(facilitator_file, tmp_path):
    """import-json whose new workbook is the JSON being read (a link to it) is refused."""
    with Workbook.open(facilitator_file, daily_backup=False) as wb:
        source = write_json(wb, tmp_path / "export.json")
    link = tmp_path / "export-link.sqlite"
    link.symlink_to(source.name)
    before = source.read_bytes()
    with pytest.raises(SameFileError):
        import_json(source, link)
    assert main(["import-json", str(source), str(source)]) == 2
    assert source.read_bytes() == before


@pytest.mark.parametrize("spelling", SPELLINGS, ids=lambda f: f.__name__.strip("_"))
def test_restore_from_itself_refused(facilitator_file, spelling, capsys):
    """restore with the workbook as its own backup is refused before anything is asked."""
    backup = spelling(facilitator_file)
    before = facilitator_file.read_bytes()
    assert main(["restore", str(facilitator_file), str(backup), "--yes"]) == 2
    assert "itself" in capsys.readouterr().err
    with pytest.raises(SameFileError):
        restore_backup(facilitator_file, backup)
    assert facilitator_file.read_bytes() == before


def _titles(path: Path) -> list[str]:
    """Working titles of the backups kept for ``path`` with reason before-replace."""
    found = []
    for backup in list_backups(path):
        if backup.reason == "before-replace":
            with Workbook.open(backup.path, daily_backup=False) as wb:
                found.append(wb.partnership.working_title)
    return found


def test_share_copy_force_backs_up_the_file_it_replaces(facilitator_file, tmp_path):
    """share-copy --force over another workbook keeps that workbook as a backup first."""
    other = tmp_path / "data" / "meeting.sqlite"
    Workbook.create(other, Partnership(working_title="Older copy", sector="s",
                                       region="r")).close()
    assert main(["share-copy", str(facilitator_file), str(other), "--force"]) == 0
    assert _titles(other) == ["Older copy"]


@pytest.mark.parametrize("command", ["new", "demo"])
def test_force_backs_up_the_workbook_it_replaces(tmp_path, command):
    """new --force and demo --force keep the workbook they replace as a backup."""
    path = tmp_path / "ours.sqlite"
    with Workbook.create(path, Partnership(working_title="Our real work", sector="s",
                                           region="r")) as wb:
        make_backup(wb.path, "daily")
    args = ["--title", "Fresh", "--sector", "s", "--region", "r"] if command == "new" else []
    assert main([command, str(path), *args, "--force"]) == 0
    assert _titles(path) == ["Our real work"]


def test_force_over_a_file_that_is_no_workbook_keeps_its_bytes(tmp_path):
    """A non-workbook file replaced with --force is kept byte for byte beside the backups."""
    path = tmp_path / "notes.sqlite"
    path.write_text("my notes, not a workbook", encoding="utf-8")
    assert main(["new", str(path), "--title", "T", "--sector", "s", "--region", "r",
                 "--force"]) == 0
    kept = list((tmp_path / "backups" / "notes").glob("*before-replace*.damaged"))
    assert [k.read_text(encoding="utf-8") for k in kept] == ["my notes, not a workbook"]


def test_export_onto_the_workbook_refused(facilitator_file, tmp_path):
    """A summary whose file is a hard link to the workbook is refused, not written over it."""
    from workbook.export import export_summary

    with Workbook.open(facilitator_file, daily_backup=False) as wb:
        html = export_summary(wb, out_dir=tmp_path / "exports")
        html.unlink()
        os.link(facilitator_file, html)
        before = facilitator_file.read_bytes()
        with pytest.raises(SameFileError):
            export_summary(wb, out_dir=tmp_path / "exports")
    assert facilitator_file.read_bytes() == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_outputs_onto_sqlites_files_beside_the_workbook_refused(facilitator_file, suffix,
                                                                capsys):
    """The workbook's -wal, -shm and -journal count as the workbook: never written over."""
    out = Path(f"{facilitator_file}{suffix}")
    assert main(["export-json", str(facilitator_file), str(out)]) == 2
    assert main(["share-copy", str(facilitator_file), str(out), "--force"]) == 2
    assert "SQLite keeps beside" in capsys.readouterr().err
    if suffix == "-journal":  # no command ran with the workbook open: nothing beside it
        assert not out.exists()
    with Workbook.open(facilitator_file, daily_backup=False) as wb:
        assert wb.count(ActionItem) > 0
