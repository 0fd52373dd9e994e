"""Automatic copies of a workbook, made with SQLite's online backup API.

A copy is taken before every schema upgrade and at the first open of each day. Copies sit
in a ``backups/<workbook name>/`` folder beside the workbook, are named by time and reason,
and only the newest ``KEEP`` are kept. A file copy of a live WAL database can miss the
latest changes or tear, so copies always go through ``sqlite3.Connection.backup``, in one
step: the copy is one consistent snapshot even while other kernels keep writing. Each copy
is folded into a single file (journal mode DELETE), so it can be moved or mailed alone.

``restore_backup`` puts a copy back, after keeping the current state aside; a current file
too damaged to back up properly is kept as its raw bytes (``*.damaged``) instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import uuid
from pathlib import Path

from ..errors import (
    DiskFullError,
    NewerWorkbookError,
    ReadOnlyWorkbookError,
    Sentence,
    StoreError,
)
from ..i18n import N_
from .backup_index import Backup, backup_dir, list_backups, newest_backup
from .engines import connect_file
from .files import (
    inspect_file,
    read_only_part,
    refuse_own_source,
    translate_os_error,
    translate_sqlite_error,
)

__all__ = ["KEEP", "Backup", "backup_dir", "find_backup", "keep_before_replacing",
           "list_backups", "make_backup", "newest_backup", "restore_backup"]

KEEP = 10


def find_backup(workbook: Path, name: str | os.PathLike[str]) -> Path:
    """The backup file meant by ``name``: a path, or a file name in the backup folder."""
    given = Path(name)
    for candidate in (given, backup_dir(workbook) / given.name):
        if candidate.is_file():
            return candidate
    raise StoreError(Sentence(N_(
        "There is no backup {name} of {workbook}. List them with `workbook backups "
        "{workbook}` and give one of the paths shown."), name=repr(str(name)),
        workbook=workbook))


def _failure(exc: BaseException, workbook: Path, folder: Path) -> StoreError:
    """One clear message for a backup that could not be made; the workbook is untouched."""
    translated = (translate_sqlite_error(exc, folder) if isinstance(exc, sqlite3.Error)
                  else translate_os_error(exc, folder) if isinstance(exc, OSError) else None)
    if isinstance(translated, DiskFullError):
        return DiskFullError(Sentence(N_(
            "The disk holding {folder} is full, so {workbook} could not be backed up; the "
            "workbook was not changed. Free some space, then try again."), folder=folder,
            workbook=workbook))
    if isinstance(translated, ReadOnlyWorkbookError):
        return ReadOnlyWorkbookError(Sentence(N_(
            "{folder} cannot be written, so {workbook} could not be backed up; the workbook "
            "was not changed. Make the folder writable, or copy the workbook elsewhere."),
            folder=folder, workbook=workbook))
    return StoreError(Sentence(N_(
        "Could not back up {workbook} to {folder} ({reason}); the workbook was not changed. "
        "Free some disk space or check permissions."), workbook=workbook, folder=folder,
        reason=exc))


def _copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` (opened read-only) into the new file ``target``, in one
    step."""
    with contextlib.closing(connect_file(source, read_only=True)) as source_conn, \
            contextlib.closing(connect_file(target, isolation_level=None)) as dest:
        source_conn.backup(dest, pages=-1)  # one step: one read transaction, one snapshot
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def make_backup(workbook: Path, reason: str, *, keep: int = KEEP,
                now: dt.datetime | None = None) -> Backup:
    """Copy ``workbook`` consistently into its backup folder and prune old copies."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = backup_dir(workbook)
    stem = f"{workbook.stem}-{now:%Y%m%d-%H%M%S}-{reason}"
    # Two kernels (or threads) may back up in the same second: each has its own side file.
    partial = folder / f".{stem}.{uuid.uuid4().hex}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy(workbook, partial)
        target = folder / f"{stem}.sqlite"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{stem}{n}.sqlite"
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise _failure(exc, workbook, folder) from exc
    for old in list_backups(workbook)[:-keep]:
        old.path.unlink(missing_ok=True)
    return Backup(target, now, reason)


def _keep_raw(workbook: Path, reason: str = "before-restore") -> Path:
    """Keep the bytes of a file too damaged for the backup API (never listed as a backup)."""
    folder = backup_dir(workbook)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{workbook.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}-{reason}.damaged"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{workbook.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}-"
                                  f"{reason}{n}.damaged")
    shutil.copyfile(workbook, target)
    wal = Path(f"{workbook}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}-wal")
    return target


def keep_before_replacing(path: Path) -> Path | None:
    """Back up the file at ``path`` that a command is about to replace; where it was kept.

    A workbook is copied as a backup (reason ``before-replace``, listed by ``workbook
    backups``); any other file (damaged, foreign, not SQLite) is kept as its raw bytes
    (``*.damaged``). None when there is no file. Raises ``StoreError`` when the copy cannot
    be made; then the caller must not replace the file.
    """
    if not path.is_file():
        return None
    try:
        inspect_file(path, writable=False)
        healthy = True
    except NewerWorkbookError:
        healthy = True
    except StoreError:
        healthy = False
    if healthy:
        return make_backup(path, "before-replace").path
    try:
        return _keep_raw(path, "before-replace")
    except OSError as exc:
        raise _failure(exc, path, backup_dir(path)) from exc


def restore_backup(workbook: Path, backup: Path) -> Path | None:
    """Replace the content of ``workbook`` with ``backup``, keeping a copy of what it was.

    The caller confirms with the person first. The current state is backed up first
    (reason ``before-restore``) so a restore can itself be undone; a current file that is
    damaged or not a workbook is kept as raw bytes instead. Returns where the current
    state was kept (None when there was no file). A workbook other kernels have open is
    restored in place through SQLite, so they see the restored content on their next read.
    """
    refuse_own_source(workbook, backup, what="the backup",
                      fix=Sentence(N_("Give a backup listed by `workbook backups PATH`.")))
    inspect_file(backup, writable=False)  # refuse a damaged or foreign backup first
    if workbook.exists() and not workbook.is_dir():
        part = read_only_part(workbook)
        if part is not None:
            raise ReadOnlyWorkbookError(Sentence(
                N_("{workbook} cannot be restored: the file is read-only; nothing was "
                   "changed.") if part == "file" else
                N_("{workbook} cannot be restored: the folder it is in is read-only; nothing "
                   "was changed."), workbook=workbook))
    healthy = False
    if workbook.is_file():
        try:
            inspect_file(workbook)
            healthy = True
        except NewerWorkbookError:
            healthy = True  # a sound file, only newer: the backup API copies it fine
        except StoreError:
            healthy = False
    try:
        if healthy:
            kept: Path | None = make_backup(workbook, "before-restore").path
            with contextlib.closing(connect_file(backup, read_only=True)) as source, \
                    contextlib.closing(connect_file(workbook, timeout=10)) as dest:
                source.backup(dest, pages=-1)
            return kept
        kept = _keep_raw(workbook) if workbook.is_file() else None
        partial = workbook.with_name(f".{workbook.name}.{uuid.uuid4().hex}.restoring")
        try:
            _copy(backup, partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        # A -wal left by the damaged file would be replayed onto the restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{workbook}{suffix}").unlink(missing_ok=True)
        os.replace(partial, workbook)
        return kept
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, workbook) or StoreError(Sentence(N_(
            "Could not restore {backup} into {workbook} ({reason})."), backup=backup,
            workbook=workbook, reason=exc)) from exc
    except OSError as exc:
        raise translate_os_error(exc, workbook) or StoreError(Sentence(N_(
            "Could not restore {backup} into {workbook} ({reason})."), backup=backup,
            workbook=workbook, reason=exc)) from exc
