"""Schema 14: the languages a partnership's partners need, and each organization's own.

``partnership.languages`` (JSON list of language codes, the first the main one; ``["en"]``
for every partnership stored before) and ``organisation.language`` (a language code, or
NULL: the partnership's main language). Both are plain columns of tables that already have
their row-level security on PostgreSQL, so no access rule changes.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The fresh schema gives ``languages`` the same default, so an upgraded file and a new one
# have the same columns (PRAGMA table_info) and SQLite can add it without a rebuild. A
# column already there (a file made whole and set back to an older step) is left as it is.
SQLITE = {
    ("partnership", "languages"):
        "ALTER TABLE partnership ADD COLUMN languages JSON DEFAULT '[\"en\"]' NOT NULL",
    ("organisation", "language"): "ALTER TABLE organisation ADD COLUMN language VARCHAR(40)",
}

POSTGRESQL = (
    "ALTER TABLE partnership ADD COLUMN IF NOT EXISTS languages JSON NOT NULL "
    "DEFAULT '[\"en\"]'",
    "ALTER TABLE organisation ADD COLUMN IF NOT EXISTS language VARCHAR(40)",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for statement in POSTGRESQL:
            op.execute(statement)
        return
    for (table, column), statement in SQLITE.items():
        have = {row[1] for row in bind.exec_driver_sql(f"PRAGMA table_info({table})")}
        if column not in have:
            op.execute(statement)
