"""Schema 5, the meeting itself: timed agenda items, action reviews, the decision log,
evaluations and a cap of dots per candidate.

Each meeting's plain list of decisions becomes decision records (method ``not_recorded``,
in the list's order), then the list column is dropped.

SQLite only: PostgreSQL support starts at schema 6, where a database is made whole from
the model, so no database was ever at an earlier step.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from workbook.store.migrations import run_on_sqlite

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE = """
        CREATE TABLE agenda_item (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            title TEXT DEFAULT '' NOT NULL,
            minutes INTEGER NOT NULL,
            spent_seconds INTEGER,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_agenda_item_meeting_id ON agenda_item (meeting_id);
        CREATE TABLE action_review (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            action_id INTEGER NOT NULL,
            outcome VARCHAR(40) NOT NULL,
            new_due_on DATE,
            reason TEXT DEFAULT '' NOT NULL,
            previous_status VARCHAR(40) NOT NULL,
            previous_due_on DATE,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id),
            FOREIGN KEY(action_id) REFERENCES action (id)
        );
        CREATE INDEX ix_action_review_action_id ON action_review (action_id);
        CREATE INDEX ix_action_review_meeting_id ON action_review (meeting_id);
        CREATE TABLE decision (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            agenda_item_id INTEGER,
            text TEXT DEFAULT '' NOT NULL,
            method VARCHAR(40) NOT NULL,
            rationale TEXT DEFAULT '' NOT NULL,
            supersedes_id INTEGER,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id),
            FOREIGN KEY(agenda_item_id) REFERENCES agenda_item (id),
            FOREIGN KEY(supersedes_id) REFERENCES decision (id)
        );
        CREATE INDEX ix_decision_agenda_item_id ON decision (agenda_item_id);
        CREATE INDEX ix_decision_meeting_id ON decision (meeting_id);
        CREATE INDEX ix_decision_supersedes_id ON decision (supersedes_id);
        CREATE TABLE evaluation (
            id INTEGER NOT NULL,
            version INTEGER DEFAULT '1' NOT NULL,
            meeting_id INTEGER NOT NULL,
            objective_met INTEGER,
            voices_heard INTEGER,
            decisions_clear INTEGER,
            time_well_used INTEGER,
            worth_our_time INTEGER,
            ready_to_act INTEGER,
            trust_growing INTEGER,
            comment TEXT DEFAULT '' NOT NULL,
            PRIMARY KEY (id),
            FOREIGN KEY(meeting_id) REFERENCES meeting (id)
        );
        CREATE INDEX ix_evaluation_meeting_id ON evaluation (meeting_id);
        CREATE TABLE decision_stance (
            decision_id INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            stance VARCHAR(20) NOT NULL,
            PRIMARY KEY (decision_id, person_id),
            FOREIGN KEY(decision_id) REFERENCES decision (id) ON DELETE CASCADE,
            FOREIGN KEY(person_id) REFERENCES person (id)
        );
        CREATE INDEX ix_decision_stance_person_id ON decision_stance (person_id);
        ALTER TABLE name_vote ADD COLUMN max_dots_per_candidate INTEGER
    """

# The decision texts are stored as a JSON list; json_each keeps their order.
MOVE_DECISIONS = """
        INSERT INTO decision (meeting_id, text, method)
        SELECT meeting.id, item.value, 'not_recorded'
        FROM meeting, json_each(meeting.decisions) AS item
        WHERE json_valid(meeting.decisions) AND trim(item.value) != ''
        ORDER BY meeting.id, item.key
    """


def upgrade() -> None:
    if run_on_sqlite(SQLITE):
        op.execute(MOVE_DECISIONS)
        op.execute("ALTER TABLE meeting DROP COLUMN decisions")
