"""The copy of a workbook a meeting repository may publish for remote participants.

A Binder session holds the repository as committed, and anyone with the link can open the
workbook file in it (JupyterLab is right there). So the committed file must hold only what
the participant app shows: ``write_shared_copy`` copies the workbook and removes the rest,
then rewrites the file so nothing removed lingers in its free pages:

* people's e-mail addresses, meeting notes and attendance, comments, actions, health
  checks, review notes, capacity ratings and checklist evidence;
* every named ballot, and the totals of votes still open (results stay hidden until a vote
  closes), the roll of who voted, and the import ledger.

The partnership id stays, so contribution files made from the copy import into the
original.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..errors import ExportError, WorkbookExistsError
from ..store import Workbook

__all__ = ["REMOVED", "write_shared_copy"]

REMOVED: tuple[str, ...] = (
    "DELETE FROM attendance",
    "DELETE FROM comment",
    "DELETE FROM action",
    "DELETE FROM health_check",
    "DELETE FROM review_note",
    "DELETE FROM capacity_rating",
    "DELETE FROM ballot",
    "DELETE FROM tally WHERE vote_id IN (SELECT id FROM name_vote WHERE status = 'open')",
    "DELETE FROM vote_roll",
    "DELETE FROM imported_item",
    "DELETE FROM imported_file",
    "DELETE FROM change_log",  # it holds every e-mail, note and comment ever typed
    "UPDATE person SET email = ''",
    "UPDATE meeting SET notes = ''",
    "UPDATE checklist_mark SET evidence = ''",
    "UPDATE phase_change SET note = ''",
)
"""What the shared copy loses, as the SQL that removes it (tests check each one)."""


def write_shared_copy(wb: Workbook, target: str | os.PathLike[str], *,
                      overwrite: bool = False) -> Path:
    """Write the trimmed copy of ``wb`` to ``target`` (refused if it exists, unless told)."""
    out = Path(target)
    if out.exists() and not overwrite:
        raise WorkbookExistsError(f"{out} already exists; nothing was written. Pass "
                                  "--force to replace it.")
    if wb.path is None:
        raise ExportError("Only a workbook file can be shared; save this one first.")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(wb.path).resolve().as_uri()}?mode=ro",
                                                uri=True)) as source, \
                contextlib.closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA foreign_keys = ON")
            with copy:
                for statement in REMOVED:
                    copy.execute(statement)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
            copy.execute("VACUUM")  # rewrite: removed rows leave no trace in free pages
        os.replace(partial, out)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"Could not write the shared copy {out} ({exc}); nothing was "
                          "written.") from exc
    return out
