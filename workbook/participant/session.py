"""The participant's kernel: which workbook and meeting, opened for reading only.

A participant's app never writes to the workbook (their input leaves as a file), so the
file is opened through a read-only SQLite connection: no upgrade, no backup, no WAL switch,
nothing written even by accident. The meeting comes from the page's query string
(``?meeting=4``), which Voila hands the kernel as ``QUERY_STRING``.

So does the visitor key (``?visitor=<32 hex digits>``): the participant app's Voila
template (``views/participant/voila_template``) makes one random key per browser, keeps it
in the browser's local storage and puts it in the page's address before the app starts. A
saved draft belongs to that key only, so one Voila server never offers a visitor somebody
else's draft.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs

from ..errors import (
    NewerWorkbookError,
    NotAWorkbookError,
    Sentence,
    ValidationError,
    WorkbookMissingError,
)
from ..i18n import N_, _, format_number
from ..store import SCHEMA_VERSION, Workbook, connect_file
from ..store.current import resolve_typed
from .binder import parse_meeting

__all__ = ["MAX_QUERY", "MEETING_WORKBOOK", "meeting_from_query", "open_read_only",
           "participant_workbook_path", "visitor_from_query"]

MAX_QUERY = 2_000
"""Longest query string read, in characters; a longer one is not a link we made."""

_VISITOR = re.compile(r"[0-9a-f]{32}")

MEETING_WORKBOOK = Path("data") / "meeting.sqlite"
"""Where a meeting repository keeps the workbook it shares with participants."""


def participant_workbook_path(root: Path) -> Path:
    """``$WORKBOOK`` (a relative one read from ``root``), else ``data/meeting.sqlite`` of
    the project at ``root`` if committed, else its ``data/demo.sqlite`` (which Binder's
    postBuild writes)."""
    chosen = os.environ.get("WORKBOOK", "").strip()
    if chosen:
        return resolve_typed(chosen, root)
    shared = root / MEETING_WORKBOOK
    return shared if shared.exists() else root / "data" / "demo.sqlite"


def _schema_version(path: Path) -> int:
    try:
        with contextlib.closing(connect_file(path, read_only=True)) as conn:
            (value,) = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                    ).fetchone()
        return int(value)
    except (sqlite3.Error, TypeError, ValueError) as exc:
        raise NotAWorkbookError(Sentence(N_(
            "{path} is not a workbook this app can read ({reason}). Ask the facilitator to "
            "check the link."), path=path, reason=exc)) from None


def open_read_only(path: str | os.PathLike[str]) -> Workbook:
    """Open ``path`` so that nothing can be written to it (any write fails)."""
    target = Path(path)
    if not target.is_file():
        raise WorkbookMissingError(Sentence(N_(
            "No workbook at {path}. The meeting repository should hold it as {expected}; ask "
            "the facilitator."), path=target, expected=MEETING_WORKBOOK))
    version = _schema_version(target)
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(Sentence(N_(
            "{path} was saved by a newer version of the workbook (schema {version}); this app "
            "reads up to {known}."), path=target, version=version, known=SCHEMA_VERSION))
    if version < SCHEMA_VERSION:
        raise NotAWorkbookError(Sentence(N_(
            "{path} was saved by an older version (schema {version}). The facilitator should "
            "open it once with this version, which upgrades it, and commit it again."),
            path=target, version=version))
    return Workbook.open_read_only(target)


def _query_values(query: str | None, key: str) -> list[str]:
    text = os.environ.get("QUERY_STRING", "") if query is None else query
    if len(text) > MAX_QUERY:
        return ["\x00too long"]  # neither a meeting id nor a visitor key
    return parse_qs(text.lstrip("?")).get(key, [])


def meeting_from_query(query: str | None = None) -> tuple[int | None, str]:
    """(meeting id or None for the latest, a problem to tell the participant or "").

    ``query`` defaults to ``$QUERY_STRING``. A value longer than a meeting id can be is
    refused before it is read as a number (5,000 digits once broke the app).
    """
    values = _query_values(query, "meeting")
    if not values:
        return None, ""
    value = values[-1]
    if len(value) > 20:
        return None, _("The link's meeting is not a meeting id (it is {length} characters "
                       "long). Showing the latest meeting instead.").format(
            length=format_number(len(value)))
    try:
        return parse_meeting(value), ""
    except ValidationError as exc:
        return None, _("The link's meeting “{value}” is not a meeting id. Showing the latest "
                       "meeting instead.").format(value=exc.value)


def visitor_from_query(query: str | None = None) -> str | None:
    """This browser's visitor key (32 hexadecimal digits) from the query, or None.

    ``query`` defaults to ``$QUERY_STRING``. None when there is none or it is malformed:
    then nothing of the visitor's is kept beyond the page.
    """
    values = _query_values(query, "visitor")
    if len(values) != 1 or not _VISITOR.fullmatch(values[0]):
        return None
    return values[0]
