"""Schema 13: PostgreSQL's access rules find the session's role with a cheaper lookup.

The policies of every table looked the session's role up in the ``pg_roles`` view, which
PostgreSQL plans as catalog scans in each policy of each statement: an edit spent most of
its server time planning them. They now use ``to_regrole(session_user)``, the same role by
the same oid. Every upgrade of a database goes through ``pg_install.install``, which
reinstalls the rules after the steps (as ``workbook_owner``, with forced row-level security
back on): this step has nothing to run itself. It marks the databases that still hold the
old rules, so that opening one upgrades it (an administrator) or asks for
``workbook db init`` (anyone else).

Nothing changes in a workbook file (SQLite) but its schema number.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to run: ``pg_install.install`` reinstalls the access rules after the steps."""
