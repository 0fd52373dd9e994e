"""Checks on a workbook file before anything is allowed to write to it.

Opening an SQLite file in WAL mode rewrites its header, so a file that is not ours, is
newer than this code, or is damaged must be recognised through a read-only connection
first and then left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import (
    DamagedWorkbookError,
    DiskFullError,
    NewerWorkbookError,
    NotAWorkbookError,
    ReadOnlyWorkbookError,
    StoreError,
    WorkbookMissingError,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["FileState", "inspect_file", "translate_sqlite_error"]

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    path: Path
    schema_version: int


def _hint(path: Path) -> str:
    """Names the newest backup of ``path`` when there is one (see ``backups.py``)."""
    from .backups import newest_backup  # backups import this module

    backup = newest_backup(path)
    if backup is None:
        return ""
    return f" The newest backup is {backup}; restore it with: workbook restore {path} {backup}"


def inspect_file(path: Path) -> FileState:
    """Confirm ``path`` is a workbook this code can open; raise a ``StoreError`` otherwise."""
    if not path.exists():
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
            "Open the .sqlite file the workbook was saved as."
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DamagedWorkbookError(f"{path} cannot be opened: {exc}." + _hint(path)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAWorkbookError(
                f"{path} is an SQLite database but not a workbook. Open the workbook's own "
                "file, or create one with `workbook new`."
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
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(
            f"{path} was saved by a newer version of the workbook (schema {version}; this "
            f"version reads up to {SCHEMA_VERSION}). Upgrade with `pip install -U "
            "partnership-workbook`; the file was left as it is."
        )
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        where = "file" if not os.access(path, os.W_OK) else "folder it is in"
        raise ReadOnlyWorkbookError(
            f"{path} cannot be changed: the {where} is read-only. Copy the workbook to a "
            "folder you can write to, or ask for write permission."
        )
    return FileState(path, version)


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
