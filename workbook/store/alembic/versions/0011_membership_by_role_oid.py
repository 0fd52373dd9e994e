"""Schema 11: PostgreSQL membership by the role's oid, not its name.

A membership recorded by name outlived its role: after ``DROP ROLE ben`` anyone who made
a new role ``ben`` had ben's partnerships. Rows now hold the role's oid (a new role under
an old name is a stranger); rows of roles that no longer exist are dropped. The access
rules that read the column are reinstalled by ``pg_install.install``, which runs the
steps (as ``workbook_owner``). The statements are idempotent and kept in
``pg_install.MEMBERSHIP_BY_OID``: ``install`` runs them before the steps too, because
earlier steps (schema 7) install today's access rules, which read the column.

Nothing changes in a workbook file (SQLite) but its schema number.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None



def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from workbook.store.pg_install import MEMBERSHIP_BY_OID

    for statement in MEMBERSHIP_BY_OID:
        op.execute(statement)
