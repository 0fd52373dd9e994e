"""Damaged, foreign, newer, read-only files and a full disk: one clear message, nothing written.

"Nothing written" is checked on the bytes of every file beside the workbook: the file
itself is unchanged, no ``-wal``/``-shm`` appears, no backup is made. The workbooks here
are left in WAL mode, as a kernel leaves them, which is the case where even a read-only
SQLite connection would create side files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from robustness_kit import files_beside, quick_check, seeded_workbook

from workbook import Comment, Workbook
from workbook.errors import (
    DamagedWorkbookError,
    DiskFullError,
    NewerWorkbookError,
    NotAWorkbookError,
    ReadOnlyWorkbookError,
    StoreError,
)
from workbook.store import SCHEMA_VERSION, backups
from workbook.store.backups import list_backups, make_backup

PAGE = 4096


def _cut_mid_page(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: PAGE * 20 + 1234])


def _cut_at_page(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: PAGE * 20])


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(PAGE * 3))


def _other_database(path: Path) -> None:
    path.unlink()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
        conn.commit()


def _newer(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                     (str(SCHEMA_VERSION + 1),))
        conn.commit()


DAMAGE = {
    "cut in the middle of a page": (_cut_mid_page, DamagedWorkbookError, "damaged"),
    "cut at a page boundary": (_cut_at_page, DamagedWorkbookError, "damaged"),
    "zero length": (_zero_length, DamagedWorkbookError, "0 bytes"),
    "random bytes": (_random_bytes, NotAWorkbookError, "not an SQLite database"),
    "a different SQLite database": (_other_database, NotAWorkbookError, "not a workbook"),
    "a newer workbook": (_newer, NewerWorkbookError, "newer version"),
}
RESTORABLE = [case for case in DAMAGE if case != "a newer workbook"]


def _refused(path: Path, error: type[StoreError]) -> str:
    """Open ``path``, expect ``error``; return its message after checking its form."""
    with pytest.raises(error) as caught:
        Workbook.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "\n" not in message
    return message


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_files_refused_with_nothing_written(tmp_path, case):
    """Each kind of bad file gets its own message and every file beside it stays as it was."""
    damage, error, words = DAMAGE[case]
    path = seeded_workbook(tmp_path / "harbour.sqlite").path
    assert path.read_bytes()[18:20] == b"\x02\x02"  # WAL mode, as a kernel leaves it
    damage(path)
    before = files_beside(path)
    message = _refused(path, error)
    assert words in message
    assert files_beside(path) == before


@pytest.mark.parametrize("case", RESTORABLE)
def test_damaged_files_message_names_the_newest_backup(tmp_path, case):
    """Where a backup exists, the message names it and how to restore it."""
    damage, error, _ = DAMAGE[case]
    path = seeded_workbook(tmp_path / "harbour.sqlite").path
    make_backup(path, "daily")
    newest = make_backup(path, "manual")
    damage(path)
    before = files_beside(path)
    message = _refused(path, error)
    assert str(newest.path) in message and f"workbook restore {path}" in message
    assert files_beside(path) == before
    assert len(list_backups(path)) == 2  # no daily backup of a bad file


def test_damaged_files_truncated_workbook_restorable_from_named_backup(tmp_path):
    """The backup the message names really opens, with the data of before the damage."""
    seeded = seeded_workbook(tmp_path / "harbour.sqlite")
    make_backup(seeded.path, "daily")
    _cut_mid_page(seeded.path)
    message = _refused(seeded.path, DamagedWorkbookError)
    named = Path(message.split("workbook restore ")[1].split()[1])
    backups.restore_backup(seeded.path, named)
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert wb.partnership.working_title


def _clear_write_bits(target: Path) -> int:
    mode = stat.S_IMODE(target.stat().st_mode)
    target.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return mode


def test_damaged_files_read_only_file_refused_even_for_root(tmp_path):
    """A file marked read-only is refused (also when run as root) and left unchanged."""
    path = seeded_workbook(tmp_path / "harbour.sqlite").path
    mode = _clear_write_bits(path)
    try:
        before = files_beside(path)
        message = _refused(path, ReadOnlyWorkbookError)
        assert "the file is read-only" in message
        assert files_beside(path) == before
    finally:
        path.chmod(mode)


def test_damaged_files_read_only_folder_refused_even_for_root(tmp_path):
    """A workbook in a folder marked read-only is refused and nothing appears beside it."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = seeded_workbook(folder / "harbour.sqlite").path
    mode = _clear_write_bits(folder)
    try:
        before = files_beside(path)
        message = _refused(path, ReadOnlyWorkbookError)
        assert "folder" in message and "read-only" in message
        assert files_beside(path) == before
    finally:
        folder.chmod(mode)


def _limit_pages(wb: Workbook) -> None:
    """From now on every connection of ``wb`` may not grow the file: a full disk."""

    @sa.event.listens_for(wb.engine, "connect")
    def _full(dbapi_conn, _record) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    wb.engine.dispose()


def test_damaged_files_full_disk_refuses_the_change_and_keeps_the_rest(tmp_path):
    """A write on a full disk raises DiskFullError, stores nothing and harms nothing."""
    seeded = seeded_workbook(tmp_path / "harbour.sqlite")
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        wb.add(Comment(author="Ana", text="Before the disk filled up"))
        _limit_pages(wb)
        with pytest.raises(DiskFullError) as caught:
            for n in range(50):  # fill the free pages, then one more
                wb.add(Comment(author="Ana", text=f"{n} " + "x" * 9_000))
        assert "full" in str(caught.value) and str(seeded.path) in str(caught.value)
        stored = [c.text for c in wb.all(Comment)]
    assert stored[0] == "Before the disk filled up"
    assert all(t == stored[0] or t.split()[0].isdigit() for t in stored)
    assert quick_check(seeded.path) == "ok"
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert [c.text for c in wb.all(Comment)] == stored
        wb.add(Comment(author="Ana", text="After space was freed"))


def test_damaged_files_full_disk_during_daily_backup(tmp_path, monkeypatch):
    """When the daily copy hits a full disk, the open is refused cleanly, no partial left."""
    path = seeded_workbook(tmp_path / "harbour.sqlite").path
    real_connect = sqlite3.connect

    def tiny_disk(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(backups.sqlite3, "connect", tiny_disk)
    before = files_beside(path)
    message = _refused(path, DiskFullError)
    assert "full" in message and "not changed" in message
    assert path.read_bytes() == before[path.name]
    assert list(backups.backup_dir(path).iterdir()) == []


def test_damaged_files_no_space_error_from_the_file_system(tmp_path, monkeypatch):
    """An ENOSPC from the operating system becomes the same clear DiskFullError."""
    path = seeded_workbook(tmp_path / "harbour.sqlite").path

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backups.os, "replace", no_space)
    before = path.read_bytes()
    assert "full" in _refused(path, DiskFullError)
    assert path.read_bytes() == before
    assert list(backups.backup_dir(path).iterdir()) == []
