"""The participant's kernel: which workbook and meeting, opened for reading only.

A participant's app never writes to the workbook (their input leaves as a file), so the
file is opened through a read-only SQLite connection: no upgrade, no backup, no WAL switch,
nothing written even by accident. The meeting comes from the page's query string
(``?meeting=4``), which Voila hands the kernel as ``QUERY_STRING``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs

from ..errors import NewerWorkbookError, NotAWorkbookError, ValidationError, WorkbookMissingError
from ..store import SCHEMA_VERSION, Workbook, connect_file
from .binder import parse_meeting

__all__ = ["MEETING_WORKBOOK", "meeting_from_query", "open_read_only",
           "participant_workbook_path"]

MEETING_WORKBOOK = Path("data") / "meeting.sqlite"
"""Where a meeting repository keeps the workbook it shares with participants."""


def participant_workbook_path(root: Path) -> Path:
    """``$WORKBOOK``, else ``data/meeting.sqlite`` of the project at ``root`` if committed,
    else its ``data/demo.sqlite`` (which Binder's postBuild writes)."""
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    shared = root / MEETING_WORKBOOK
    return shared if shared.exists() else root / "data" / "demo.sqlite"


def _schema_version(path: Path) -> int:
    try:
        with contextlib.closing(connect_file(path, read_only=True)) as conn:
            (value,) = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                    ).fetchone()
        return int(value)
    except (sqlite3.Error, TypeError, ValueError) as exc:
        raise NotAWorkbookError(f"{path} is not a workbook this app can read ({exc}). Ask the "
                                "facilitator to check the link.") from None


def open_read_only(path: str | os.PathLike[str]) -> Workbook:
    """Open ``path`` so that nothing can be written to it (any write fails)."""
    target = Path(path)
    if not target.is_file():
        raise WorkbookMissingError(f"No workbook at {target}. The meeting repository should "
                                   f"hold it as {MEETING_WORKBOOK}; ask the facilitator.")
    version = _schema_version(target)
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(f"{target} was saved by a newer version of the workbook "
                                 f"(schema {version}); this app reads up to {SCHEMA_VERSION}.")
    if version < SCHEMA_VERSION:
        raise NotAWorkbookError(f"{target} was saved by an older version (schema {version}). "
                                "The facilitator should open it once with this version, "
                                "which upgrades it, and commit it again.")
    return Workbook.open_read_only(target)


def meeting_from_query(query: str | None = None) -> tuple[int | None, str]:
    """(meeting id or None for the latest, a problem to tell the participant or "")."""
    text = os.environ.get("QUERY_STRING", "") if query is None else query
    values = parse_qs(text.lstrip("?")).get("meeting", [])
    if not values:
        return None, ""
    try:
        return parse_meeting(values[-1]), ""
    except ValidationError as exc:
        return None, f"{exc} Showing the latest meeting instead."
