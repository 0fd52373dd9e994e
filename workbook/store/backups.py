"""Automatic copies of a workbook, made with SQLite's online backup API.

A copy is taken before every schema upgrade and at the first open of each day. Copies sit
in a ``backups/<workbook name>/`` folder beside the workbook, are named by time and reason,
and only the newest ``KEEP`` are kept. A file copy of a live WAL database can miss the
latest changes or tear, so copies always go through ``sqlite3.Connection.backup``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

__all__ = ["KEEP", "Backup", "backup_dir", "list_backups", "make_backup", "newest_backup",
           "restore_backup"]

KEEP = 10


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str

    def __str__(self) -> str:
        return str(self.path)


def backup_dir(workbook: Path) -> Path:
    return workbook.parent / "backups" / workbook.stem


def list_backups(workbook: Path) -> list[Backup]:
    """Backups of ``workbook``, oldest first."""
    folder = backup_dir(workbook)
    if not folder.is_dir():
        return []
    found = []
    for file in folder.glob(f"{workbook.stem}-*.sqlite"):
        parts = file.stem[len(workbook.stem) + 1:].split("-", 2)
        try:
            taken = dt.datetime.strptime(f"{parts[0]}-{parts[1]}", "%Y%m%d-%H%M%S")
        except (ValueError, IndexError):
            continue
        found.append(Backup(file, taken, parts[2] if len(parts) > 2 else ""))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def newest_backup(workbook: Path) -> Backup | None:
    backups = list_backups(workbook)
    return backups[-1] if backups else None


def make_backup(workbook: Path, reason: str, *, keep: int = KEEP,
                now: dt.datetime | None = None) -> Backup:
    """Copy ``workbook`` consistently into its backup folder and prune old copies."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = backup_dir(workbook)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{workbook.stem}-{now:%Y%m%d-%H%M%S}-{reason}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{workbook.stem}-{now:%Y%m%d-%H%M%S}-{reason}{n}.sqlite"
    partial = target.with_suffix(".partial")
    try:
        source = sqlite3.connect(f"{workbook.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"Could not back up {workbook} to {folder} ({exc}); nothing was "
                         "changed. Free some disk space or check permissions.") from exc
    for old in list_backups(workbook)[:-keep]:
        old.path.unlink(missing_ok=True)
    return Backup(target, now, reason)


def restore_backup(workbook: Path, backup: Path) -> None:
    """Replace the content of ``workbook`` with ``backup``, keeping a copy of what it was.

    The caller confirms with the person first; this copies the current state aside
    (reason ``before-restore``) so a restore can itself be undone.
    """
    from .files import inspect_file

    inspect_file(backup)  # refuse a damaged or foreign backup before touching anything
    if workbook.exists():
        make_backup(workbook, "before-restore")
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(workbook)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
