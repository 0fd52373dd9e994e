"""Schema 12: a comment can be marked to share with partners (``comment.shared``).

Comments are not moderated, so the partners' summary leaves them out; one the facilitator
has read and marked ``shared`` goes into it. Every comment stored before is unmarked.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

from workbook.store.migrations import run_on_sqlite

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# SQLite adds a NOT NULL column only with a default, which the fresh schema has not: the
# table is rebuilt with the fresh schema's own DDL instead, its rows and ids kept.
SQLITE = """
    CREATE TABLE comment_new (
        id INTEGER NOT NULL,
        version INTEGER DEFAULT '1' NOT NULL,
        author TEXT DEFAULT '' NOT NULL,
        organisation_id INTEGER,
        meeting_id INTEGER,
        text TEXT DEFAULT '' NOT NULL,
        created_at DATETIME,
        shared BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(organisation_id) REFERENCES organisation (id),
        FOREIGN KEY(meeting_id) REFERENCES meeting (id)
    );
    INSERT INTO comment_new (id, version, author, organisation_id, meeting_id, text,
                             created_at, shared)
    SELECT id, version, author, organisation_id, meeting_id, text, created_at, 0
    FROM comment;
    DROP TABLE comment;
    ALTER TABLE comment_new RENAME TO comment;
    CREATE INDEX ix_comment_organisation_id ON comment (organisation_id);
    CREATE INDEX ix_comment_meeting_id ON comment (meeting_id)
"""

POSTGRESQL = """
    ALTER TABLE comment ADD COLUMN IF NOT EXISTS shared BOOLEAN NOT NULL DEFAULT false
"""


def upgrade() -> None:
    if not run_on_sqlite(SQLITE):
        op.execute(POSTGRESQL)
