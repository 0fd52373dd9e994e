"""Schema 15: on PostgreSQL, new rows and steps are numbered from the end of an index.

A new row's number (and a step's) was one more than the highest of the partnership's
rows, read under the member's own read rules. Those rules name the partnership in an
array (so the portfolio can read many at once), which PostgreSQL cannot answer from the end
of an index: it read every row of the partnership, so an edit slowed as the history grew
and an import of 5,000 entries took seconds. The numbering triggers now run as
``workbook_numbering``, a role that may read only the number columns of the session's
partnership, by equality; the step's number comes from a trigger on ``change_step`` too.

Like step 13, the rules are (re)installed by ``pg_install.install`` after the steps (as
``workbook_owner``); this step has nothing to run itself. It marks the databases that still
number the old way, so that opening one upgrades it (an administrator) or asks for
``workbook db init`` (anyone else). Nothing changes in a workbook file (SQLite) but its
schema number.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to run: ``pg_install.install`` reinstalls the numbering after the steps."""
