"""Schema 6: the change log behind each entity's history and "Undo last change".

SQLite only: PostgreSQL support starts at schema 6, where a database is made whole from
the model, so no database was ever at an earlier step.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from workbook.store.migrations import run_on_sqlite

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SQLITE = """
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
"""


def upgrade() -> None:
    run_on_sqlite(SQLITE)
