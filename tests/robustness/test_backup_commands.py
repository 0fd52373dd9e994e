"""``workbook backups PATH`` and ``workbook restore PATH BACKUP`` from the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from robustness_kit import seeded_workbook

from workbook import Organisation, Workbook
from workbook.cli import main
from workbook.store.backups import list_backups, make_backup


class _Terminal(io.StringIO):
    """Stands in for a person at a terminal typing ``answer``."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def changed(tmp_path):
    """A workbook with one backup, then a change made after the backup."""
    seeded = seeded_workbook(tmp_path / "harbour.sqlite")
    backup = make_backup(seeded.path, "daily", now=dt.datetime(2026, 3, 9, 18, 5, 0))
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        wb.update(Organisation, seeded.org, {"mission": "After the backup"})
    return seeded, backup


def _mission(seeded) -> str:
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        return wb.get(Organisation, seeded.org).mission


def test_backup_commands_list_time_reason_size(changed, capsys):
    """``backups`` shows each copy's time, reason, size and path."""
    seeded, backup = changed
    make_backup(seeded.path, "before-upgrade-v1", now=dt.datetime(2026, 3, 10, 7, 0, 0))
    assert main(["backups", str(seeded.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if "KB" in line]
    assert len(rows) == 2
    assert "2026-03-09 18:05:00" in rows[0] and "daily" in rows[0]
    assert str(backup.path) in rows[0]
    assert "2026-03-10 07:00:00" in rows[1] and "before-upgrade-v1" in rows[1]
    size_kb = float(rows[0].split("KB")[0].split()[-1])
    assert abs(size_kb * 1024 - backup.path.stat().st_size) < 103


def test_backup_commands_list_none_yet(tmp_path, capsys):
    """A workbook without backups says so, and how they come about."""
    seeded = seeded_workbook(tmp_path / "new.sqlite")
    assert main(["backups", str(seeded.path)]) == 0
    assert "No backups" in capsys.readouterr().out


def test_backup_commands_list_works_when_workbook_is_damaged(changed, capsys):
    """Listing does not open the workbook, so it works when the file is broken."""
    seeded, backup = changed
    seeded.path.write_bytes(b"\0" * 100)
    assert main(["backups", str(seeded.path)]) == 0
    assert str(backup.path) in capsys.readouterr().out


def test_backup_commands_restore_with_yes(changed, capsys):
    """``--yes`` restores without asking and says where the previous state was kept."""
    seeded, backup = changed
    assert main(["restore", str(seeded.path), str(backup.path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert _mission(seeded) == "0"
    kept = [b for b in list_backups(seeded.path) if b.reason == "before-restore"]
    assert len(kept) == 1 and str(kept[0].path) in out


def test_backup_commands_restore_by_file_name(changed):
    """The backup may be named by its file name alone, as ``backups`` lists it."""
    seeded, backup = changed
    assert main(["restore", str(seeded.path), backup.path.name, "--yes"]) == 0
    assert _mission(seeded) == "0"


def test_backup_commands_restore_refuses_without_terminal(changed, capsys, monkeypatch):
    """With stdin not a terminal and no --yes, restore refuses and changes nothing."""
    seeded, backup = changed
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    before = seeded.path.read_bytes()
    assert main(["restore", str(seeded.path), str(backup.path)]) == 2
    err = capsys.readouterr().err
    assert "not a terminal" in err and "--yes" in err
    assert seeded.path.read_bytes() == before
    assert _mission(seeded) == "After the backup"


@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("yes\n", True),
                                                   ("n\n", False), ("\n", False)])
def test_backup_commands_restore_asks_first(changed, capsys, monkeypatch, answer, restored):
    """At a terminal restore asks; only a yes restores, anything else changes nothing."""
    seeded, backup = changed
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    code = main(["restore", str(seeded.path), str(backup.path)])
    out, err = capsys.readouterr()
    assert "[y/N]" in out
    assert (code, _mission(seeded)) == ((0, "0") if restored else (2, "After the backup"))
    if not restored:
        assert "cancelled" in err
        assert [b.reason for b in list_backups(seeded.path)] == ["daily"]


def test_backup_commands_restore_unknown_backup(changed, capsys):
    """A backup name that does not exist gets one line pointing at ``workbook backups``."""
    seeded, _ = changed
    assert main(["restore", str(seeded.path), "nope.sqlite", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "nope.sqlite" in err and "workbook backups" in err
    assert _mission(seeded) == "After the backup"


def test_backup_commands_restore_refuses_damaged_backup(changed, capsys):
    """A damaged backup is refused before anything is asked or changed."""
    seeded, backup = changed
    backup.path.write_bytes(backup.path.read_bytes()[:3000])
    assert main(["restore", str(seeded.path), str(backup.path), "--yes"]) == 2
    assert "damaged" in capsys.readouterr().err
    assert _mission(seeded) == "After the backup"
