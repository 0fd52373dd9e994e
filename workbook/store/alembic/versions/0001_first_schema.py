"""Schema 1: the tables of the first release (organisations, people, meetings, votes ...).

Nothing to do: a new workbook is created whole from today's model and marked as at the
newest step; this revision only names the schema files of the first release are at.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass
