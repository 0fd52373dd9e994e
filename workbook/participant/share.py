"""The copy of a workbook a meeting repository may publish for remote participants.

A Binder session holds the repository as committed, and anyone with the link can open the
workbook file in it (JupyterLab is right there). So the committed file must hold only what
the participant app shows: ``write_shared_copy`` copies the workbook, keeps only the
tables and columns of the allow-list ``KEPT`` (the partnership's name, sector, region,
vision and phase; organizations' names, types and public profiles; meetings' dates and
objectives; problems, causes and solutions as stated; the resource map's names, kinds,
owners, target groups and statuses; outcomes' descriptions and units; name candidates and
votes, with the totals of closed votes), empties or blanks everything else (people,
decisions, notes, evidence, e-mail addresses, locations, agendas, comments, actions,
evaluations, readings, wins, ballots, the roll, the history, the import ledger), then
rewrites the file so nothing removed lingers in its free pages.

The partnership id stays, so contribution files made from the copy import into the
original.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from ..errors import ExportError, Sentence, WorkbookError, WorkbookExistsError
from ..i18n import N_
from ..store import Workbook, connect_file
from ..store.backups import keep_before_replacing
from ..store.files import refuse_own_source
from ..store.schema import metadata
from .items import PROFILE_FIELDS

__all__ = ["KEPT", "ROWS", "removal_statements", "write_shared_copy"]

KEPT: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "partnership": ("id", "version", "working_title", "name", "name_reason", "sector",
                    "region", "vision", "phase", "created_on", "name_chosen_on"),
    "organisation": ("id", "version", "name", "partner_type", "status", *PROFILE_FIELDS),
    "meeting": ("id", "version", "held_on", "kind_of", "objective"),
    "problem": ("id", "version", "statement"),
    "cause": ("id", "version", "problem_id", "parent_id", "statement", "is_root"),
    "solution": ("id", "version", "problem_id", "cause_id", "description", "solution_kind",
                 "status", "tried_before"),
    "resource": ("id", "version", "name", "resource_kind", "owner_id", "target_group",
                 "status"),
    "outcome": ("id", "version", "description", "unit", "direction"),
    "name_candidate": ("id", "version", "name", "rationale"),
    "name_vote": ("id", "version", "meeting_id", "dots_per_participant", "anonymous",
                  "status", "opened_on", "closed_on", "max_dots_per_candidate"),
    "tally": ("vote_id", "candidate_id", "dots"),
}
"""The allow-list: the tables and columns the participant app reads (a test renders the
app from a workbook and from its copy and finds them alike). Every other table is emptied;
every other column of these is blanked (text to its default, JSON to an empty list, a
nullable value to NULL); only numbers, dates and fixed choices the schema requires stay."""

ROWS: dict[str, str] = {
    "tally": "vote_id NOT IN (SELECT id FROM name_vote WHERE status = 'closed')",
}
"""Rows of kept tables that go too: the totals of votes still open (results stay hidden
until a vote closes)."""


def removal_statements() -> list[str]:
    """The SQL that trims a copy of a workbook file to ``KEPT``: blank first (a kept
    row's reference to a person goes), then empty the other tables, children first."""
    statements = []
    for table in metadata.sorted_tables:
        kept = KEPT.get(table.name)
        if kept is None:
            continue
        blank = []
        for column in table.columns:
            if column.name in kept or column.primary_key:
                continue
            if isinstance(column.type, sa.JSON):
                blank.append(f"{column.name} = '[]'")
            elif isinstance(column.type, sa.Text) and not column.nullable:
                blank.append(f"{column.name} = ''")
            elif column.nullable:
                blank.append(f"{column.name} = NULL")
        if blank:
            statements.append(f"UPDATE {table.name} SET {', '.join(blank)}")
        if table.name in ROWS:
            statements.append(f"DELETE FROM {table.name} WHERE {ROWS[table.name]}")
    for table in reversed(metadata.sorted_tables):
        if table.name not in KEPT:
            statements.append(f"DELETE FROM {table.name}")
    return statements


def write_shared_copy(wb: Workbook, target: str | os.PathLike[str], *,
                      overwrite: bool = False) -> Path:
    """Write the trimmed copy of ``wb`` to ``target`` (refused if it exists, unless told).

    Refused with ``SameFileError`` when ``target`` is the workbook itself (same path, link or
    hard link); a file replaced with ``overwrite`` is backed up first (see
    ``store.backups.keep_before_replacing``).
    """
    out = Path(target)
    if wb.path is None:
        raise ExportError(Sentence(N_(
            "Only a workbook file can be shared; save this one first.")))
    refuse_own_source(out, wb.path, what="the workbook", fix=Sentence(N_(
        "Write the participants' copy to another file, e.g. data/meeting.sqlite.")))
    if out.exists() and not overwrite:
        raise WorkbookExistsError(Sentence(N_(
            "{path} already exists; nothing was written. Pass --force to replace it."),
            path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(connect_file(wb.path, read_only=True)) as source, \
                contextlib.closing(connect_file(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA foreign_keys = ON")
            with copy:
                for statement in removal_statements():
                    copy.execute(statement)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
            copy.execute("VACUUM")  # rewrite: removed rows leave no trace in free pages
        refuse_own_source(out, wb.path, what="the workbook",  # a link made meanwhile
                          fix=Sentence(N_("Write the participants' copy to another file.")))
        keep_before_replacing(out)
        os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, WorkbookError) or not isinstance(exc, (sqlite3.Error, OSError)):
            raise
        raise ExportError(Sentence(N_(
            "Could not write the shared copy {path} ({reason}); nothing was written."),
            path=out, reason=exc)) from exc
    return out
