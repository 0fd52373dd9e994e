"""Schema 8, planned meetings: a meeting is planned (with a start time and a join link)
until the facilitator starts it, then held.

Every meeting stored before is held, except one after the day of the upgrade that nobody
attended and that has no decision or evaluation: that was the next meeting entered as a
meeting, and becomes planned.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "ALTER TABLE meeting ADD COLUMN status VARCHAR(40) NOT NULL DEFAULT 'held'",
    "ALTER TABLE meeting ADD COLUMN starts_at TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE meeting ADD COLUMN join_link TEXT NOT NULL DEFAULT ''",
)

SQLITE_PLANNED = """
    UPDATE meeting SET status = 'planned'
    WHERE held_on > date('now', 'localtime')
      AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = meeting.id)
      AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.meeting_id = meeting.id)
      AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE e.meeting_id = meeting.id)
"""

POSTGRESQL_PLANNED = """
    UPDATE meeting SET status = 'planned'
    WHERE held_on > CURRENT_DATE
      AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = meeting.id
                      AND a.partnership_slug = meeting.partnership_slug)
      AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.meeting_id = meeting.id
                      AND d.partnership_slug = meeting.partnership_slug)
      AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE e.meeting_id = meeting.id
                      AND e.partnership_slug = meeting.partnership_slug)
"""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in COLUMNS:
        # A database made whole at a later step already has them.
        op.execute(statement if sqlite else
                   statement.replace("ADD COLUMN", "ADD COLUMN IF NOT EXISTS"))
    op.execute(SQLITE_PLANNED if sqlite else POSTGRESQL_PLANNED)
