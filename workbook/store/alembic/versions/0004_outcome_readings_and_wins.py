"""Schema 4, shared measurement: outcome units, direction and numbers; readings; wins.

SQLite cannot add a NOT NULL column without a default, so the outcome table is rebuilt
(copied into the new shape, the old one dropped); existing outcomes count as "higher is
better" and keep their ids.

SQLite only: PostgreSQL support starts at schema 6, where a database is made whole from
the model, so no database was ever at an earlier step.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from workbook.store.migrations import run_on_sqlite

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE = """
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
    """


def upgrade() -> None:
    run_on_sqlite(SQLITE)
