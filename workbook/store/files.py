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
    Sentence,
    StoreError,
    WorkbookMissingError,
    number_shown,
)
from ..i18n import N_
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


def _hint(path: Path) -> Sentence | str:
    """Names the newest backup of ``path`` when there is one (see ``backups.py``): a whole
    sentence to put after the problem's, or ""."""
    backup = newest_backup(path)
    if backup is None:
        return ""
    return Sentence(N_("The newest backup is {backup}; restore it with: workbook restore "
                       "{path} {backup}"), backup=backup, path=path)


def _again(path: Path) -> Sentence:
    """What to do about a damaged file: restore the newest backup, or copy it again."""
    hint = _hint(path)
    return hint if isinstance(hint, Sentence) else Sentence(
        N_("Copy it again from where it came from."))


_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:/")  # "postgresql://..." (Path keeps one /)


def inspect_file(path: Path, *, writable: bool = True) -> FileState:
    """Confirm ``path`` is a workbook this code can open; raise a ``StoreError`` otherwise.

    ``writable=False`` skips the read-only check, for files that are only read (backups).
    """
    if not path.exists():
        if _URL_LIKE.match(str(path)):  # a path is always a file; a database comes with --db
            raise WorkbookMissingError(Sentence(N_(
                "No workbook file at {path}. A workbook in a database is opened with "
                "--db URL --partnership SLUG (in code, Workbook.open(DbTarget(url, slug)))."),
                path=path))
        raise WorkbookMissingError(Sentence(N_(
            "No workbook at {path}. Create one with `workbook new {path} --title ... "
            "--sector ... --region ...` or `workbook demo {path}`, or check the path."),
            path=path))
    if path.is_dir():
        raise NotAWorkbookError(Sentence(N_(
            "{path} is a folder, not a workbook file. Name the .sqlite file inside it."),
            path=path))
    size = path.stat().st_size
    if size == 0:
        raise DamagedWorkbookError(Sentence(N_(
            "{path} is empty (0 bytes): it was cut off while being written or copied. "
            "{advice}"), path=path, advice=_again(path)))
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        if size < len(SQLITE_HEADER) or header.startswith(SQLITE_HEADER[: len(header)]):
            raise DamagedWorkbookError(Sentence(N_(
                "{path} is cut short ({size} bytes). {advice}"), path=path,
                size=number_shown(size), advice=_again(path)))
        raise NotAWorkbookError(Sentence(N_(
            "{path} is not a workbook (it is not an SQLite database at all). Open the "
            ".sqlite file the workbook was saved as. {hint}"), path=path, hint=_hint(path)))
    version = _read_version(path)
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(Sentence(N_(
            "{path} was saved by a newer version of the workbook (schema {version}; this "
            "version reads up to {known}). Upgrade with `pip install -U "
            "partnership-workbook`; the file was left as it is."), path=path,
            version=version, known=SCHEMA_VERSION))
    part = read_only_part(path) if writable else None
    if part is not None:
        raise ReadOnlyWorkbookError(Sentence(
            N_("{path} cannot be changed: the file is read-only. Copy the workbook to a "
               "folder you can write to, or make it writable again (chmod u+w).")
            if part == "file" else
            N_("{path} cannot be changed: the folder it is in is read-only. Copy the "
               "workbook to a folder you can write to, or make it writable again "
               "(chmod u+w)."), path=path))
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
        raise DamagedWorkbookError(Sentence(N_("{path} cannot be opened: {reason}. {hint}"),
                                            path=path, reason=exc, hint=_hint(path))) from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyWorkbookError(Sentence(N_(
                "{path} holds a change that was cut off (its -journal file is beside it) "
                "and SQLite must undo it, but the file or its folder is read-only. Make "
                "them writable (chmod u+w), then open it again; nothing was changed."),
                path=path)) from exc
        if "locked" in text or "busy" in text:
            raise StoreError(Sentence(N_(
                "{path} stayed busy with another program's change for too long; nothing "
                "was changed. Try again in a moment."), path=path)) from exc
        raise DamagedWorkbookError(_unreadable(path, exc)) from exc
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
        raise DamagedWorkbookError(Sentence(N_("{path} cannot be opened: {reason}. {hint}"),
                                            path=path, reason=exc, hint=_hint(path))) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAWorkbookError(Sentence(N_(
                "{path} is an SQLite database but not a workbook. Open the workbook's own "
                "file, or create one with `workbook new`. {hint}"), path=path,
                hint=_hint(path)))
        (version,) = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                  ).fetchone()
        version = int(version)
        (check,) = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check != "ok":
            raise DamagedWorkbookError(Sentence(N_("{path} is damaged ({reason}). {hint}"),
                                                path=path, reason=check, hint=_hint(path)))
    except sqlite3.DatabaseError as exc:
        raise DamagedWorkbookError(_unreadable(path, exc)) from exc
    except (TypeError, ValueError) as exc:
        raise DamagedWorkbookError(Sentence(N_(
            "{path} has no readable schema version. {hint}"), path=path, hint=_hint(path))
                                   ) from exc
    finally:
        conn.close()
    return version


def _unreadable(path: Path, exc: BaseException) -> Sentence:
    return Sentence(N_("{path} is damaged and cannot be read ({reason}). {hint}"), path=path,
                    reason=exc, hint=_hint(path))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when ``a`` and ``b`` both exist and are one file: the same path, a symbolic
    link to it or a hard link (same device and inode)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


_SAME = {
    "the workbook": (
        N_("{output} is the workbook itself; writing there would replace it, so nothing was "
           "written. {fix}"),
        N_("{output} is the workbook itself (through a link or another name for {source}); "
           "writing there would replace it, so nothing was written. {fix}")),
    "the backup": (
        N_("{output} is the backup itself; writing there would replace it, so nothing was "
           "written. {fix}"),
        N_("{output} is the backup itself (through a link or another name for {source}); "
           "writing there would replace it, so nothing was written. {fix}")),
    "the export being read": (
        N_("{output} is the export being read itself; writing there would replace it, so "
           "nothing was written. {fix}"),
        N_("{output} is the export being read itself (through a link or another name for "
           "{source}); writing there would replace it, so nothing was written. {fix}")),
}
"""What ``refuse_own_source`` says for each ``what``: the same path, or another name."""


def refuse_own_source(output: str | os.PathLike[str], source: str | os.PathLike[str] | None,
                      *, what: str, fix: str | Sentence) -> None:
    """Raise ``SameFileError`` when ``output`` is the file ``source`` (``what``: a key of
    ``_SAME``, "the workbook", "the backup" or "the export being read") or one of SQLite's
    files beside it (``-wal``, ``-shm``, ``-journal``), so a command never writes over its
    own input. ``fix`` says what to do
    (a whole sentence, a :class:`Sentence` from the catalog)."""
    if source is None:
        return
    if same_file(output, source):
        direct = os.path.abspath(output) == os.path.abspath(source)
        template = _SAME[what][0 if direct else 1]
        raise SameFileError(Sentence(template, output=output, source=source, fix=fix))
    for suffix in ("-wal", "-shm", "-journal"):
        companion = f"{os.fspath(source)}{suffix}"
        if same_file(output, companion) or os.path.abspath(output) == os.path.abspath(
                companion):
            raise SameFileError(Sentence(N_(
                "{output} is the {kind} file SQLite keeps beside {source}; writing there "
                "would damage it, so nothing was written. {fix}"), output=output,
                kind=suffix[1:], source=source, fix=fix))


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
        return DiskFullError(Sentence(N_(
            "The disk holding {path} is full; nothing was saved. Free some space, then try "
            "again."), path=path))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyWorkbookError(Sentence(N_(
            "{path} cannot be written ({reason}); nothing was saved. Copy the workbook to a "
            "folder you can write to."), path=path, reason=exc.strerror))
    return None


def translate_sqlite_error(exc: BaseException, path: object) -> StoreError | None:
    """The clear message for an SQLite failure met while writing, or None if it is a bug."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(Sentence(N_(
            "The disk holding {path} is full; nothing was saved. Free some space, then "
            "repeat the last change."), path=path))
    if "readonly" in text or "read-only" in text:
        return ReadOnlyWorkbookError(Sentence(N_(
            "{path} became read-only; nothing was saved. Copy the workbook to a folder you "
            "can write to."), path=path))
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return DamagedWorkbookError(Sentence(N_(
            "{path} is damaged ({reason}); nothing was saved. {hint}"), path=path,
            reason=exc, hint=_hint(Path(str(path)))))
    if "locked" in text or "busy" in text:
        return StoreError(Sentence(N_(
            "{path} stayed busy with another notebook's change for too long; nothing was "
            "saved. Repeat the change."), path=path))
    return None
