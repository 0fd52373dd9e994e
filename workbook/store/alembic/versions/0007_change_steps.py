"""Schema 7: one row per step of the change log: its label, who made it, from where.

In a file, every batch already in the change log becomes a step labelled "Earlier change"
with no author, at the time of its first row; a batch that was undone keeps its undo time.
In a database (where row-level security hides other partnerships' rows from the installing
role) the history reads a batch without a step row the same way.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQLITE = """
    CREATE TABLE change_step (
        batch INTEGER NOT NULL,
        label TEXT,
        author TEXT,
        source TEXT,
        changed_at DATETIME NOT NULL,
        undone_at DATETIME,
        undone_by TEXT,
        PRIMARY KEY (batch)
    )
"""

POSTGRESQL = """
    CREATE TABLE IF NOT EXISTS change_step (
        partnership_slug TEXT DEFAULT current_setting('workbook.partnership') NOT NULL,
        batch INTEGER NOT NULL,
        label TEXT,
        author TEXT,
        source TEXT,
        changed_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        undone_at TIMESTAMP WITHOUT TIME ZONE,
        undone_by TEXT,
        PRIMARY KEY (partnership_slug, batch)
    )
"""

BACKFILL = """
    INSERT INTO change_step (batch, label, author, source, changed_at, undone_at)
    SELECT batch, 'Earlier change', NULL, NULL, MIN(changed_at), MAX(undone_at)
    FROM change_log GROUP BY batch
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from workbook.store.pg_security import security_statements

        op.execute(POSTGRESQL)
        for statement in security_statements(["change_step"]):
            op.execute(statement)
        return
    op.execute(SQLITE)
    op.execute(BACKFILL)
