"""Schema 9: remembered sheet layouts (issue 24).

A table ``sheet_layout``: a header's signature -> the mapping a facilitator confirmed for
it, so the same partner's next file imports in one step. On PostgreSQL the table has
``partnership_slug`` first in its primary key and the access rules of every data table.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

from workbook.store.migrations import run_on_sqlite

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE = """
    CREATE TABLE IF NOT EXISTS sheet_layout (
        signature VARCHAR(64) NOT NULL,
        what VARCHAR(40) NOT NULL,
        columns TEXT NOT NULL,
        mapping TEXT NOT NULL,
        file_name TEXT DEFAULT '' NOT NULL,
        confirmed_at DATETIME NOT NULL,
        PRIMARY KEY (signature)
    )
"""

POSTGRESQL = """
    CREATE TABLE IF NOT EXISTS sheet_layout (
        partnership_slug TEXT DEFAULT current_setting('workbook.partnership') NOT NULL,
        signature VARCHAR(64) NOT NULL,
        what VARCHAR(40) NOT NULL,
        columns TEXT NOT NULL,
        mapping TEXT NOT NULL,
        file_name TEXT DEFAULT '' NOT NULL,
        confirmed_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        PRIMARY KEY (partnership_slug, signature)
    )
"""


def upgrade() -> None:
    if run_on_sqlite(SQLITE):
        return
    from workbook.store.pg_security import security_statements

    op.execute(POSTGRESQL)
    for statement in security_statements(["sheet_layout"]):
        op.execute(statement)
