"""Schema 10: the live room's sessions and inbox in the workbook (``store/live_tables.py``).

A facilitator who runs the live room from a laptop keeps what phones send in the
partnership's own file. A PostgreSQL workbook gets the same two tables (kept per
partnership, with their access rules), though a hub's live room keeps its inbox in the
``live`` schema of ``workbook.live.schema``.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

from workbook.store.migrations import run_on_sqlite

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SQLITE = """
    CREATE TABLE live_session (
        id INTEGER NOT NULL,
        code VARCHAR(12) NOT NULL,
        meeting_id INTEGER,
        meeting_label TEXT NOT NULL,
        opened_at DATETIME NOT NULL,
        expires_at DATETIME NOT NULL,
        state VARCHAR(10) DEFAULT 'open' NOT NULL,
        reveal BOOLEAN DEFAULT 0 NOT NULL,
        published TEXT DEFAULT '{}' NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT ck_live_session_state CHECK (state IN ('open', 'closed')),
        UNIQUE (code)
    );
    CREATE TABLE live_inbox (
        id INTEGER NOT NULL,
        session_id INTEGER NOT NULL,
        participant_name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        role TEXT DEFAULT '' NOT NULL,
        partner_type VARCHAR(40) DEFAULT '' NOT NULL,
        voter VARCHAR(80) DEFAULT '' NOT NULL,
        kind VARCHAR(20) NOT NULL,
        payload TEXT NOT NULL,
        received_at DATETIME NOT NULL,
        status VARCHAR(10) DEFAULT 'new' NOT NULL,
        decided_note TEXT DEFAULT '' NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT ck_live_inbox_status CHECK (status IN ('new', 'accepted', 'rejected')),
        CONSTRAINT ck_live_inbox_kind CHECK (kind IN ('profile', 'name_candidate', 'dots',
            'resource', 'cause', 'solution', 'comment', 'evaluation', 'poll')),
        CONSTRAINT ck_live_inbox_payload CHECK (length(payload) <= 16000),
        CONSTRAINT ck_live_inbox_who CHECK (length(participant_name) <= 200
            AND length(organisation) <= 200 AND length(role) <= 200),
        FOREIGN KEY(session_id) REFERENCES live_session (id) ON DELETE CASCADE
    );
    CREATE INDEX ix_live_inbox_session ON live_inbox (session_id, id)
"""

POSTGRESQL = (
    """CREATE TABLE IF NOT EXISTS live_session (
        partnership_slug TEXT DEFAULT current_setting('workbook.partnership') NOT NULL,
        id INTEGER NOT NULL,
        code VARCHAR(12) NOT NULL,
        meeting_id INTEGER,
        meeting_label TEXT NOT NULL,
        opened_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        state VARCHAR(10) DEFAULT 'open' NOT NULL,
        reveal BOOLEAN DEFAULT false NOT NULL,
        published TEXT DEFAULT '{}' NOT NULL,
        PRIMARY KEY (partnership_slug, id)
    )""",
    """CREATE TABLE IF NOT EXISTS live_inbox (
        partnership_slug TEXT DEFAULT current_setting('workbook.partnership') NOT NULL,
        id INTEGER NOT NULL,
        session_id INTEGER NOT NULL,
        participant_name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        role TEXT DEFAULT '' NOT NULL,
        partner_type VARCHAR(40) DEFAULT '' NOT NULL,
        voter VARCHAR(80) DEFAULT '' NOT NULL,
        kind VARCHAR(20) NOT NULL,
        payload TEXT NOT NULL,
        received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        status VARCHAR(10) DEFAULT 'new' NOT NULL,
        decided_note TEXT DEFAULT '' NOT NULL,
        PRIMARY KEY (partnership_slug, id),
        CONSTRAINT fk_live_inbox_session_id FOREIGN KEY(partnership_slug, session_id)
            REFERENCES live_session (partnership_slug, id) ON DELETE CASCADE
            DEFERRABLE INITIALLY IMMEDIATE
    )""",
    "CREATE INDEX IF NOT EXISTS ix_live_inbox_session_id_id ON live_inbox "
    "(partnership_slug, session_id, id)",
)


def upgrade() -> None:
    if run_on_sqlite(SQLITE):
        return
    from workbook.store.pg_security import security_statements

    for statement in POSTGRESQL:  # IF NOT EXISTS: a database made whole may run it again
        op.execute(statement)
    for statement in security_statements(["live_session", "live_inbox"]):
        op.execute(statement)
