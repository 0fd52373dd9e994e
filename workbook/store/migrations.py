"""Schema upgrades, one step per version, run on the file before it is opened for use.

Each step spells out its own SQL: deriving it from today's tables would silently change
what an old step does. The caller has backed the file up first; a step runs in one
transaction, so a failure leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import DamagedWorkbookError
from .files import translate_sqlite_error
from .schema import SCHEMA_VERSION

__all__ = ["STEPS", "upgrade_file"]


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script`` inside the transaction the caller opened.

    ``executescript`` must not be used in a step: it COMMITs the open transaction first and
    runs the rest unprotected, so a failure would leave a half-upgraded file.
    """
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Schema 2: participants' comments, the import ledger and resource timestamps."""
    _run(conn, """
        CREATE TABLE comment (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            author TEXT DEFAULT '' NOT NULL,
            organisation_id INTEGER,
            meeting_id INTEGER,
            text TEXT DEFAULT '' NOT NULL,
            created_at DATETIME,
            PRIMARY KEY (id),
            FOREIGN KEY(organisation_id) REFERENCES organisation (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_comment_organisation_id ON comment (organisation_id);
        CREATE INDEX ix_comment_meeting_id ON comment (meeting_id);
        CREATE TABLE imported_file (
            content_hash VARCHAR(64) NOT NULL,
            participant TEXT NOT NULL,
            imported_at DATETIME NOT NULL,
            PRIMARY KEY (content_hash)
        );
        CREATE TABLE imported_item (
            item_key VARCHAR(64) NOT NULL,
            decision VARCHAR(20) NOT NULL,
            entity_kind VARCHAR(40),
            entity_id INTEGER,
            PRIMARY KEY (item_key)
        );
        ALTER TABLE resource ADD COLUMN created_at DATETIME;
        ALTER TABLE resource ADD COLUMN updated_at DATETIME;
    """)
    # Entries from before schema 2 count as made on the day they were found.
    conn.execute("UPDATE resource SET created_at = found_on || ' 00:00:00.000000', "
                 "updated_at = found_on || ' 00:00:00.000000' WHERE found_on IS NOT NULL")


def _add_change_log(conn: sqlite3.Connection) -> None:
    """Schema 3: the change log behind each entity's history and "Undo last change"."""
    _run(conn, """
        CREATE TABLE change_log (
            id INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            changed_at DATETIME NOT NULL,
            action VARCHAR(20) NOT NULL,
            kind VARCHAR(40) NOT NULL,
            entity_id INTEGER,
            before TEXT,
            after TEXT,
            undone_at DATETIME,
            PRIMARY KEY (id)
        );
        CREATE INDEX ix_change_log_batch ON change_log (batch);
        CREATE INDEX ix_change_log_entity ON change_log (kind, entity_id)
    """)


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _add_change_log}


def upgrade_file(path: Path, version: int) -> int:
    """Run every step from ``version`` up to the current schema; returns the new version."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        while version < SCHEMA_VERSION:
            step = STEPS.get(version)
            if step is None:
                raise DamagedWorkbookError(f"{path} has schema {version}, which no upgrade "
                                           "starts from; it was left as it is.")
            conn.execute("BEGIN IMMEDIATE")
            try:
                step(conn)
                conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                             (str(version + 1),))
                conn.execute("COMMIT")
            except BaseException as exc:
                conn.execute("ROLLBACK")
                translated = (translate_sqlite_error(exc, path)
                              if isinstance(exc, sqlite3.Error) else None)
                if translated is not None:
                    raise translated from exc
                raise
            version += 1
    return version
