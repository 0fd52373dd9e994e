"""Automatic backups: when they are taken, how many are kept, and that each is consistent."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from robustness_kit import Worker, quick_check, seeded_workbook

from workbook import Comment, Organisation, Workbook
from workbook.store import SCHEMA_VERSION, backups
from workbook.store.backups import KEEP, list_backups, make_backup, restore_backup

V1_FIXTURE = Path(__file__).parents[1] / "fixtures" / "workbook_v1.sqlite"


def _schema_version(path: Path) -> int:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                ).fetchone()[0])


def test_backups_before_schema_upgrade_keeps_old_file(tmp_path):
    """Opening an older workbook first copies it, unchanged, as ``before-upgrade-v1``."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(V1_FIXTURE, path)
    original = path.read_bytes()
    Workbook.open(path, daily_backup=False).close()
    (backup,) = list_backups(path)
    assert backup.reason == "before-upgrade-v1"
    assert _schema_version(backup.path) == 1 and _schema_version(path) == SCHEMA_VERSION
    with contextlib.closing(sqlite3.connect(backup.path)) as conn:
        copied = "\n".join(conn.iterdump())
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.deserialize(original)
        assert copied == "\n".join(conn.iterdump())


def test_backups_first_open_of_the_day_only(tmp_path):
    """A backup from yesterday means today's first open makes one; the next opens do not."""
    seeded = seeded_workbook(tmp_path / "daily.sqlite")
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    make_backup(seeded.path, "daily", now=yesterday)
    for _ in range(3):
        Workbook.open(seeded.path).close()
    found = list_backups(seeded.path)
    assert [b.taken_at.date() for b in found] == [yesterday.date(), dt.date.today()]
    assert found[-1].reason == "daily"


def test_backups_count_stays_bounded(tmp_path):
    """However many copies are made, only the newest KEEP remain."""
    seeded = seeded_workbook(tmp_path / "bounded.sqlite")
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    made = [make_backup(seeded.path, "daily", now=start + dt.timedelta(days=n))
            for n in range(KEEP + 4)]
    assert [b.path for b in list_backups(seeded.path)] == [b.path for b in made[-KEEP:]]
    assert len(list(backups.backup_dir(seeded.path).iterdir())) == KEEP


def test_backups_are_single_self_contained_files(tmp_path):
    """A copy needs no -wal beside it: it reads the same after being moved on its own."""
    seeded = seeded_workbook(tmp_path / "single.sqlite")
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        wb.add(Comment(author="Ana", text="Only in the WAL so far"))
        copy = make_backup(seeded.path, "manual")
    assert sorted(p.name for p in copy.path.parent.iterdir()) == [copy.path.name]
    moved = tmp_path / "moved.sqlite"
    moved.write_bytes(copy.path.read_bytes())
    with Workbook.open(moved, daily_backup=False) as wb:
        assert [c.text for c in wb.all(Comment)] == ["Only in the WAL so far"]


@pytest.mark.slow
def test_backups_consistent_while_another_kernel_writes(tmp_path):
    """A copy taken during another process's stream of commits is a clean snapshot
    that holds every edit acknowledged before the copy began."""
    seeded = seeded_workbook(tmp_path / "busy.sqlite")
    writer = Worker("comments", seeded.path, "w")
    writer.wait_ready()
    copies = []
    for _ in range(4):
        for _ in range(40):  # let some edits be acknowledged first
            last_ack = int(writer.readline())
        copies.append((last_ack, make_backup(seeded.path, "manual")))
    writer.kill()
    for last_ack, copy in copies:
        assert quick_check(copy.path) == "ok"
        with contextlib.closing(sqlite3.connect(copy.path)) as conn:
            numbers = sorted(int(text.rsplit("-", 1)[1]) for (text,) in
                             conn.execute("SELECT text FROM comment"))
        # Everything acknowledged is there, and the copy is a prefix with no holes.
        assert numbers == list(range(len(numbers))) and len(numbers) > last_ack


def test_backups_same_second_from_two_kernels_do_not_collide(tmp_path):
    """Kernels backing up in the same second each finish with a valid copy."""
    seeded = seeded_workbook(tmp_path / "same.sqlite")
    now = dt.datetime(2026, 5, 1, 8, 30, 0)
    results: list[object] = []

    def copy() -> None:
        try:
            results.append(make_backup(seeded.path, "daily", now=now))
        except Exception as exc:  # collected, then asserted: a thread must not hide it
            results.append(exc)

    threads = [threading.Thread(target=copy) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, backups.Backup) for r in results), results
    for found in list_backups(seeded.path):
        assert quick_check(found.path) == "ok"
    assert not list(backups.backup_dir(seeded.path).glob("*.partial"))


def test_backups_restore_keeps_current_state_first(tmp_path):
    """Restoring brings the old content back and keeps what was there as a backup."""
    seeded = seeded_workbook(tmp_path / "restore.sqlite")
    old = make_backup(seeded.path, "manual")
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        wb.update(Organisation, seeded.org, {"mission": "Changed after the backup"})
    kept = restore_backup(seeded.path, old.path)
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert wb.get(Organisation, seeded.org).mission == "0"
    assert kept is not None and kept.name.endswith("-before-restore.sqlite")
    with Workbook.open(kept, daily_backup=False) as wb:
        assert wb.get(Organisation, seeded.org).mission == "Changed after the backup"


def test_backups_restore_reaches_a_kernel_that_has_it_open(tmp_path):
    """A kernel holding the workbook open reads the restored content at its next read."""
    seeded = seeded_workbook(tmp_path / "live.sqlite")
    old = make_backup(seeded.path, "manual")
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        wb.update(Organisation, seeded.org, {"mission": "Later"})
        restore_backup(seeded.path, old.path)
        assert wb.get(Organisation, seeded.org).mission == "0"
        wb.update(Organisation, seeded.org, {"mission": "After the restore"})
    assert quick_check(seeded.path) == "ok"


def test_backups_restore_over_a_damaged_file_keeps_its_bytes(tmp_path):
    """A workbook too damaged to open is restored; its bytes are kept aside, unlisted."""
    seeded = seeded_workbook(tmp_path / "broken.sqlite")
    good = make_backup(seeded.path, "daily")
    damaged = seeded.path.read_bytes()[:5000]
    seeded.path.write_bytes(damaged)
    kept = restore_backup(seeded.path, good.path)
    assert kept is not None and kept.read_bytes() == damaged
    assert [b.path for b in list_backups(seeded.path)] == [good.path]
    with Workbook.open(seeded.path, daily_backup=False) as wb:
        assert wb.get(Organisation, seeded.org).name == "Harbourline Fabrication"
