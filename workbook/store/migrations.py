"""Schema upgrades, one step per version, run on the file before it is opened for use.

Each step spells out its own SQL: deriving it from today's tables would silently change
what an old step does. The caller has backed the file up first; a step runs in one
transaction, so a failure leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import DamagedWorkbookError
from ..model.slugs import export_folder_name
from .engines import connect_file
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


def _add_partnership_export_folder(conn: sqlite3.Connection) -> None:
    """Schema 3: the partnership's id and its export folder's name fixed in ``meta``.

    The id is the one ``Store.partnership_uid`` already derived for a file without one
    (from its creation stamp), so contribution files made before still match; the folder
    is named from the title as it is now and stays so through any rename.
    """
    found = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    uid = found.get("partnership_uid") or "legacy-" + hashlib.sha256(
        found.get("created_at", "").encode()).hexdigest()[:32]
    row = conn.execute("SELECT name, working_title FROM partnership WHERE id = 1").fetchone()
    title = (row[0] or row[1] or "") if row else ""
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('partnership_uid', ?)",
                 (uid,))
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('export_folder', ?)",
                 (export_folder_name(title, uid),))


def _add_readings_and_wins(conn: sqlite3.Connection) -> None:
    """Schema 4, shared measurement: outcome units, direction and numbers; readings; wins.

    SQLite cannot add a NOT NULL column without a default, so the outcome table is rebuilt
    (copied into the new shape, the old one dropped); existing outcomes count as "higher
    is better" and keep their ids.
    """
    _run(conn, """
        CREATE TABLE outcome_new (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            description TEXT DEFAULT '' NOT NULL,
            measure TEXT DEFAULT '' NOT NULL,
            benchmark TEXT DEFAULT '' NOT NULL,
            target TEXT DEFAULT '' NOT NULL,
            due_on DATE,
            owner_id INTEGER,
            unit TEXT DEFAULT '' NOT NULL,
            direction VARCHAR(40) NOT NULL,
            indicator VARCHAR(40),
            baseline_value FLOAT,
            benchmark_value FLOAT,
            target_value FLOAT,
            PRIMARY KEY (id),
            FOREIGN KEY(owner_id) REFERENCES organisation (id)
        );
        INSERT INTO outcome_new (id, version, description, measure, benchmark, target,
                                 due_on, owner_id, direction)
            SELECT id, version, description, measure, benchmark, target, due_on, owner_id,
                   'higher' FROM outcome;
        DROP INDEX IF EXISTS ix_outcome_owner_id;
        DROP TABLE outcome;
        ALTER TABLE outcome_new RENAME TO outcome;
        CREATE INDEX ix_outcome_owner_id ON outcome (owner_id);
        CREATE TABLE reading (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            outcome_id INTEGER NOT NULL,
            read_on DATE NOT NULL,
            value FLOAT,
            text TEXT DEFAULT '' NOT NULL,
            reported_by TEXT DEFAULT '' NOT NULL,
            organisation_id INTEGER,
            source TEXT DEFAULT '' NOT NULL,
            note TEXT DEFAULT '' NOT NULL,
            PRIMARY KEY (id),
            FOREIGN KEY(outcome_id) REFERENCES outcome (id),
            FOREIGN KEY(organisation_id) REFERENCES organisation (id)
        );
        CREATE INDEX ix_reading_organisation_id ON reading (organisation_id);
        CREATE INDEX ix_reading_outcome_id ON reading (outcome_id);
        CREATE TABLE win (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            won_on DATE NOT NULL,
            win_kind VARCHAR(40) NOT NULL,
            description TEXT DEFAULT '' NOT NULL,
            person_name TEXT DEFAULT '' NOT NULL,
            consent_on DATE,
            consent_note TEXT DEFAULT '' NOT NULL,
            outcome_id INTEGER,
            meeting_id INTEGER,
            story TEXT DEFAULT '' NOT NULL,
            PRIMARY KEY (id),
            FOREIGN KEY(outcome_id) REFERENCES outcome (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_win_outcome_id ON win (outcome_id);
        CREATE INDEX ix_win_meeting_id ON win (meeting_id);
        CREATE TABLE win_partner (
            win_id INTEGER NOT NULL,
            organisation_id INTEGER NOT NULL,
            PRIMARY KEY (win_id, organisation_id),
            FOREIGN KEY(win_id) REFERENCES win (id) ON DELETE CASCADE,
            FOREIGN KEY(organisation_id) REFERENCES organisation (id)
        );
        CREATE INDEX ix_win_partner_organisation_id ON win_partner (organisation_id)
    """)


def _add_meeting_room(conn: sqlite3.Connection) -> None:
    """Schema 5: timed agenda items, action reviews, the decision log, evaluations, dot caps.

    Each meeting's plain list of decisions becomes decision records (method
    ``not_recorded``, in the list's order), then the list column is dropped.
    """
    _run(conn, """
        CREATE TABLE agenda_item (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            title TEXT DEFAULT '' NOT NULL,
            minutes INTEGER NOT NULL,
            spent_seconds INTEGER,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_agenda_item_meeting_id ON agenda_item (meeting_id);
        CREATE TABLE action_review (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            action_id INTEGER NOT NULL,
            outcome VARCHAR(40) NOT NULL,
            new_due_on DATE,
            reason TEXT DEFAULT '' NOT NULL,
            previous_status VARCHAR(40) NOT NULL,
            previous_due_on DATE,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id),
            FOREIGN KEY(action_id) REFERENCES action (id)
        );
        CREATE INDEX ix_action_review_action_id ON action_review (action_id);
        CREATE INDEX ix_action_review_meeting_id ON action_review (meeting_id);
        CREATE TABLE decision (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            agenda_item_id INTEGER,
            text TEXT DEFAULT '' NOT NULL,
            method VARCHAR(40) NOT NULL,
            rationale TEXT DEFAULT '' NOT NULL,
            supersedes_id INTEGER,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id),
            FOREIGN KEY(agenda_item_id) REFERENCES agenda_item (id),
            FOREIGN KEY(supersedes_id) REFERENCES decision (id)
        );
        CREATE INDEX ix_decision_agenda_item_id ON decision (agenda_item_id);
        CREATE INDEX ix_decision_meeting_id ON decision (meeting_id);
        CREATE INDEX ix_decision_supersedes_id ON decision (supersedes_id);
        CREATE TABLE evaluation (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            objective_met INTEGER,
            voices_heard INTEGER,
            decisions_clear INTEGER,
            time_well_used INTEGER,
            worth_our_time INTEGER,
            ready_to_act INTEGER,
            trust_growing INTEGER,
            comment TEXT DEFAULT '' NOT NULL,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_evaluation_meeting_id ON evaluation (meeting_id);
        CREATE TABLE decision_stance (
            decision_id INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            stance VARCHAR(20) NOT NULL,
            PRIMARY KEY (decision_id, person_id),
            FOREIGN KEY(decision_id) REFERENCES decision (id) ON DELETE CASCADE,
            FOREIGN KEY(person_id) REFERENCES person (id)
        );
        CREATE INDEX ix_decision_stance_person_id ON decision_stance (person_id);
        ALTER TABLE name_vote ADD COLUMN max_dots_per_candidate INTEGER
    """)
    # The decision texts are stored as a JSON list; json_each keeps their order.
    conn.execute("""
        INSERT INTO decision (meeting_id, text, method)
        SELECT meeting.id, item.value, 'not_recorded'
        FROM meeting, json_each(meeting.decisions) AS item
        WHERE json_valid(meeting.decisions) AND trim(item.value) != ''
        ORDER BY meeting.id, item.key
    """)
    conn.execute("ALTER TABLE meeting DROP COLUMN decisions")


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
    2: _add_partnership_export_folder,
    3: _add_readings_and_wins,
    4: _add_meeting_room,
}


def upgrade_file(path: Path, version: int) -> int:
    """Run every step from ``version`` up to the current schema; returns the new version."""
    with contextlib.closing(connect_file(path, isolation_level=None)) as conn:
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
