"""Checks on a workbook file before anything is allowed to write to it.

Opening an SQLite file in WAL mode rewrites its header, so a file that is not ours, is
newer than this code, or is damaged must be recognised through a read-only connection
first and then left exactly as it was. The one exception: a ``-journal`` a killed writer
left (say, mid-upgrade) is rolled back first through a normal connection, the only kind
SQLite lets undo it; read past it, the file would look half-upgraded or damaged. Even a
read-only connection leaves ``-wal`` and ``-shm`` files behind on a WAL-mode file, so a
file nobody has open (no ``-wal`` beside it) is read as ``immutable``: nothing at all is
created or changed next to it.

A file the person marked read-only (every write permission bit cleared, on the file or on
its folder) is refused even where the operating system would allow the write, as it does
for root: the mark says "do not change this", whoever runs the code.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import (
    DamagedWorkbookError,
    DiskFullError,
    NewerWorkbookError,
    NotAWorkbookError,
    ReadOnlyWorkbookError,
    SameFileError,
    StoreError,
    WorkbookMissingError,
)
from .backup_index import newest_backup
from .engines import BUSY_TIMEOUT_MS, connect_file
from .schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["FileState", "inspect_file", "read_only_part", "refuse_own_source", "same_file",
           "translate_os_error", "translate_sqlite_error"]

SQLITE_HEADER = b"SQLite format 3\x00"
WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


@dataclass(frozen=True)
class FileState:
    path: Path
    schema_version: int


def _hint(path: Path) -> str:
    """Names the newest backup of ``path`` when there is one (see ``backups.py``)."""
    backup = newest_backup(path)
    if backup is None:
        return ""
    return f" The newest backup is {backup}; restore it with: workbook restore {path} {backup}"


_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:/")  # "postgresql://..." (Path keeps one /)


def inspect_file(path: Path, *, writable: bool = True) -> FileState:
    """Confirm ``path`` is a workbook this code can open; raise a ``StoreError`` otherwise.

    ``writable=False`` skips the read-only check, for files that are only read (backups).
    """
    if not path.exists():
        if _URL_LIKE.match(str(path)):  # a path is always a file; a database comes with --db
            raise WorkbookMissingError(
                f"No workbook file at {path}. A workbook in a database is opened with "
                "--db URL --partnership SLUG (in code, Workbook.open(DbTarget(url, slug))).")
        raise WorkbookMissingError(
            f"No workbook at {path}. Create one with `workbook new {path} --title ... "
            f"--sector ... --region ...` or `workbook demo {path}`, or check the path."
        )
    if path.is_dir():
        raise NotAWorkbookError(f"{path} is a folder, not a workbook file. Name the .sqlite "
                                "file inside it.")
    size = path.stat().st_size
    if size == 0:
        raise DamagedWorkbookError(
            f"{path} is empty (0 bytes): it was cut off while being written or copied."
            + (_hint(path) or " Copy it again from where it came from.")
        )
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        if size < len(SQLITE_HEADER) or header.startswith(SQLITE_HEADER[: len(header)]):
            raise DamagedWorkbookError(f"{path} is cut short ({size} bytes)."
                                       + (_hint(path) or " Copy it again from where it came "
                                          "from."))
        raise NotAWorkbookError(
            f"{path} is not a workbook (it is not an SQLite database at all). "
            "Open the .sqlite file the workbook was saved as." + _hint(path)
        )
    version = _read_version(path)
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(
            f"{path} was saved by a newer version of the workbook (schema {version}; this "
            f"version reads up to {SCHEMA_VERSION}). Upgrade with `pip install -U "
            "partnership-workbook`; the file was left as it is."
        )
    part = read_only_part(path) if writable else None
    if part is not None:
        raise ReadOnlyWorkbookError(
            f"{path} cannot be changed: the {part} is read-only. Copy the workbook to a "
            "folder you can write to, or make it writable again (chmod u+w)."
        )
    return FileState(path, version)


def _recover_journal(path: Path) -> None:
    """Let SQLite roll back the change a killed process left half-done in ``path``.

    A ``-journal`` beside the file may be a hot journal: the original pages of a write (an
    upgrade, say) cut off by a kill. Only a normal writable connection rolls it back; an
    immutable read would see the half-written pages, a read-only one could not undo them.
    """
    try:
        conn = connect_file(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DamagedWorkbookError(f"{path} cannot be opened: {exc}." + _hint(path)) from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyWorkbookError(
                f"{path} holds a change that was cut off (its -journal file is beside it) "
                "and SQLite must undo it, but the file or its folder is read-only. Make "
                "them writable (chmod u+w), then open it again; nothing was changed."
            ) from exc
        if "locked" in text or "busy" in text:
            raise StoreError(f"{path} stayed busy with another program's change for too "
                             "long; nothing was changed. Try again in a moment.") from exc
        raise DamagedWorkbookError(
            f"{path} is damaged and cannot be read ({exc})." + _hint(path)) from exc
    finally:
        conn.close()


def _read_version(path: Path) -> int:
    """The schema version of ``path``, read without creating or changing any file, unless a
    cut-off change must be rolled back first (see ``_recover_journal``)."""
    if Path(f"{path}-journal").exists():
        _recover_journal(path)
    wal = Path(f"{path}-wal")
    if wal.exists():
        return _check_content(path, immutable=False)
    # Nobody has the file open (no -wal): read it as immutable, so SQLite makes no
    # -wal/-shm beside it. Should a -wal appear meanwhile, a kernel opened the file and may
    # be writing, so what the immutable read saw may have moved: read it again normally.
    try:
        version = _check_content(path, immutable=True)
    except StoreError:
        if not wal.exists():
            raise
        return _check_content(path, immutable=False)
    return _check_content(path, immutable=False) if wal.exists() else version


def _check_content(path: Path, *, immutable: bool) -> int:
    try:
        conn = connect_file(path, read_only=True, immutable=immutable)
    except sqlite3.Error as exc:
        raise DamagedWorkbookError(f"{path} cannot be opened: {exc}." + _hint(path)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAWorkbookError(
                f"{path} is an SQLite database but not a workbook. Open the workbook's own "
                "file, or create one with `workbook new`." + _hint(path)
            )
        (version,) = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                  ).fetchone()
        version = int(version)
        (check,) = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check != "ok":
            raise DamagedWorkbookError(f"{path} is damaged ({check})." + _hint(path))
    except sqlite3.DatabaseError as exc:
        raise DamagedWorkbookError(
            f"{path} is damaged and cannot be read ({exc})." + _hint(path)
        ) from exc
    except (TypeError, ValueError) as exc:
        raise DamagedWorkbookError(f"{path} has no readable schema version." + _hint(path)
                                   ) from exc
    finally:
        conn.close()
    return version


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when ``a`` and ``b`` both exist and are one file: the same path, a symbolic
    link to it or a hard link (same device and inode)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_own_source(output: str | os.PathLike[str], source: str | os.PathLike[str] | None,
                      *, what: str, fix: str) -> None:
    """Raise ``SameFileError`` when ``output`` is the file ``source`` (``what``, e.g. "the
    workbook") or one of SQLite's files beside it (``-wal``, ``-shm``, ``-journal``), so a
    command never writes over its own input. ``fix`` says what to do."""
    if source is None:
        return
    if same_file(output, source):
        how = ("" if os.path.abspath(output) == os.path.abspath(source)
               else f" (through a link or another name for {source})")
        raise SameFileError(f"{output} is {what} itself{how}; writing there would replace "
                            f"it, so nothing was written. {fix}")
    for suffix in ("-wal", "-shm", "-journal"):
        companion = f"{os.fspath(source)}{suffix}"
        if same_file(output, companion) or os.path.abspath(output) == os.path.abspath(
                companion):
            raise SameFileError(f"{output} is the {suffix[1:]} file SQLite keeps beside "
                                f"{source}; writing there would damage it, so nothing was "
                                f"written. {fix}")


def read_only_part(path: Path) -> str | None:
    """``"file"`` or ``"folder it is in"`` when that cannot or must not be written, else None.

    SQLite needs to write both: the file for changes, the folder for its ``-wal`` and
    ``-shm`` files. Permission bits count as well as ``os.access``, which says yes to root.
    """
    for part, target in (("file", path), ("folder it is in", path.absolute().parent)):
        if not os.access(target, os.W_OK) or not target.stat().st_mode & WRITE_BITS:
            return part
    return None


def translate_os_error(exc: OSError, path: object) -> StoreError | None:
    """The clear message for a file-system failure while writing, or None if it is a bug."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"The disk holding {path} is full; nothing was saved. Free some "
                             "space, then try again.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyWorkbookError(f"{path} cannot be written ({exc.strerror}); nothing was "
                                     "saved. Copy the workbook to a folder you can write to.")
    return None


def translate_sqlite_error(exc: BaseException, path: object) -> StoreError | None:
    """The clear message for an SQLite failure met while writing, or None if it is a bug."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(f"The disk holding {path} is full; nothing was saved. Free some "
                             "space, then repeat the last change.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyWorkbookError(f"{path} became read-only; nothing was saved. Copy the "
                                     "workbook to a folder you can write to.")
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return DamagedWorkbookError(f"{path} is damaged ({exc}); nothing was saved."
                                    + _hint(Path(str(path))))
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} stayed busy with another notebook's change for too long; "
                          "nothing was saved. Repeat the change.")
    return None
