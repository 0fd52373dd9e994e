"""The copy of a workbook a meeting repository may publish for remote participants.

A Binder session holds the repository as committed, and anyone with the link can open the
workbook file in it (JupyterLab is right there). So the committed file must hold only what
the participant app shows: ``write_shared_copy`` copies the workbook and removes the rest,
then rewrites the file so nothing removed lingers in its free pages:

* people's e-mail addresses, meeting notes and attendance, comments, actions and their
  reviews, evaluation answers, who agreed with or stood aside from each decision, health
  checks, review notes, capacity ratings and checklist evidence;
* every named ballot, and the totals of votes still open (results stay hidden until a vote
  closes), the roll of who voted, and the import ledger;
* the readings of outcomes (who reported what, from which source) and the wins (a person
  agreed to be named in the partners' summaries, not in a public repository).

The partnership id stays, so contribution files made from the copy import into the
original.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..errors import ExportError, WorkbookError, WorkbookExistsError
from ..store import Workbook, connect_file
from ..store.backups import keep_before_replacing
from ..store.files import refuse_own_source

__all__ = ["REMOVED", "write_shared_copy"]

REMOVED: tuple[str, ...] = (
    "DELETE FROM attendance",
    "DELETE FROM comment",
    "DELETE FROM action_review",
    "DELETE FROM action",
    "DELETE FROM evaluation",
    "DELETE FROM decision_stance",
    "DELETE FROM health_check",
    "DELETE FROM review_note",
    "DELETE FROM capacity_rating",
    "DELETE FROM ballot",
    "DELETE FROM tally WHERE vote_id IN (SELECT id FROM name_vote WHERE status = 'open')",
    "DELETE FROM vote_roll",
    "DELETE FROM imported_item",
    "DELETE FROM imported_file",
    "DELETE FROM live_inbox",
    "DELETE FROM live_session",
    "DELETE FROM win_partner",
    "DELETE FROM win",
    "DELETE FROM reading",
    "DELETE FROM change_log",  # it holds every e-mail, note and comment ever typed
    "UPDATE person SET email = ''",
    "UPDATE meeting SET notes = ''",
    "UPDATE checklist_mark SET evidence = ''",
    "UPDATE phase_change SET note = ''",
)
"""What the shared copy loses, as the SQL that removes it (tests check each one)."""


def write_shared_copy(wb: Workbook, target: str | os.PathLike[str], *,
                      overwrite: bool = False) -> Path:
    """Write the trimmed copy of ``wb`` to ``target`` (refused if it exists, unless told).

    Refused with ``SameFileError`` when ``target`` is the workbook itself (same path, link or
    hard link); a file replaced with ``overwrite`` is backed up first (see
    ``store.backups.keep_before_replacing``).
    """
    out = Path(target)
    if wb.path is None:
        raise ExportError("Only a workbook file can be shared; save this one first.")
    refuse_own_source(out, wb.path, what="the workbook",
                      fix="Write the participants' copy to another file, e.g. "
                          "data/meeting.sqlite.")
    if out.exists() and not overwrite:
        raise WorkbookExistsError(f"{out} already exists; nothing was written. Pass "
                                  "--force to replace it.")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(connect_file(wb.path, read_only=True)) as source, \
                contextlib.closing(connect_file(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA foreign_keys = ON")
            with copy:
                for statement in REMOVED:
                    copy.execute(statement)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
            copy.execute("VACUUM")  # rewrite: removed rows leave no trace in free pages
        refuse_own_source(out, wb.path, what="the workbook",  # a link made meanwhile
                          fix="Write the participants' copy to another file.")
        keep_before_replacing(out)
        os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, WorkbookError) or not isinstance(exc, (sqlite3.Error, OSError)):
            raise
        raise ExportError(f"Could not write the shared copy {out} ({exc}); nothing was "
                          "written.") from exc
    return out
