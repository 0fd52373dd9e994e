"""Schema 2: participants' comments, the import ledger and resource timestamps.

SQLite only: no PostgreSQL database was ever at schema 1 (PostgreSQL support starts at
schema 2), so there is nothing to change there.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from workbook.store.migrations import run_on_sqlite

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE = """
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
    UPDATE resource SET created_at = found_on || ' 00:00:00.000000',
        updated_at = found_on || ' 00:00:00.000000' WHERE found_on IS NOT NULL
"""
# The last statement: entries from before schema 2 count as made on the day they were found.


def upgrade() -> None:
    run_on_sqlite(SQLITE)
