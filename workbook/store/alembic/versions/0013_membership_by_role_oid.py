"""Schema 13: PostgreSQL membership by the role's oid, not its name.

A membership recorded by name outlived its role: after ``DROP ROLE ben`` anyone who made
a new role ``ben`` had ben's partnerships. Rows now hold the role's oid (a new role under
an old name is a stranger); rows of roles that no longer exist are dropped. The access
rules that read the column are reinstalled by ``pg_install.install``, which runs the
steps (as ``workbook_owner``).

Nothing changes in a workbook file (SQLite) but its schema number.

Revision ID: 0013
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0006"
branch_labels = None
depends_on = None

POSTGRESQL = [
    "ALTER TABLE membership ADD COLUMN IF NOT EXISTS role_oid oid",
    "UPDATE membership m SET role_oid = r.oid FROM pg_catalog.pg_roles r "
    "WHERE r.rolname = m.role_name",
    "DELETE FROM membership WHERE role_oid IS NULL",
    "ALTER TABLE membership ALTER COLUMN role_oid SET NOT NULL",
    "ALTER TABLE membership DROP CONSTRAINT membership_pkey",
    "ALTER TABLE membership ADD CONSTRAINT membership_pkey PRIMARY KEY (slug, role_oid)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The old policies read role_name: they go first, and come back from pg_security.
    op.execute("DROP POLICY IF EXISTS workbook_own_rows ON membership")
    for statement in POSTGRESQL:
        op.execute(statement)
