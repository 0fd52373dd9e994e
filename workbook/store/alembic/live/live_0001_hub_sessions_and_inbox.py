"""Live branch, step 1: the hub's ``live.sessions`` and ``live.inbox`` (``store/live_schema.py``).

The first step of the Alembic branch ``live``, which ``workbook db init`` runs on
PostgreSQL only (workbook files keep their live room in tables of their own, schema 10).
It runs as ``workbook_owner`` in the schema ``live`` that ``pg_install`` made (or gave to
``workbook_owner``) just before; the roles ``live_participant`` and ``live_facilitators``
exist by then. Everything is written to run again over an install made the old way (by
``workbook.live.schema.install``, before the live room joined the chain): tables that
exist are kept with their rows, and the rules (the inbox's kinds, the policies, the
grants) are put back as they are here.

Revision ID: live_0001
Revises: (the branch's base)
"""

from __future__ import annotations

from alembic import op

revision = "live_0001"
down_revision = None
branch_labels = ("live",)
depends_on = None

# Spelled out, never derived from live_schema.py (see migrations.py's docstring).
STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS live.sessions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{6,12}$'),
      partnership text NOT NULL CHECK (length(partnership) BETWEEN 1 AND 200),
      meeting_id integer,
      meeting_label text NOT NULL CHECK (length(meeting_label) <= 300),
      facilitator name NOT NULL DEFAULT current_user,
      opened_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
      reveal boolean NOT NULL DEFAULT false,
      published jsonb NOT NULL DEFAULT '{}'::jsonb
    )""",
    """CREATE TABLE IF NOT EXISTS live.inbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_id bigint NOT NULL REFERENCES live.sessions (id) ON DELETE CASCADE,
      participant_name text NOT NULL CHECK (length(participant_name) <= 200),
      organisation text NOT NULL CHECK (length(organisation) <= 200),
      role text NOT NULL DEFAULT '' CHECK (length(role) <= 200),
      partner_type text NOT NULL DEFAULT '' CHECK (length(partner_type) <= 40),
      voter text NOT NULL DEFAULT '' CHECK (length(voter) <= 80),
      kind text NOT NULL,
      payload jsonb NOT NULL CHECK (octet_length(payload::text) <= 16000),
      received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
      decided_note text NOT NULL DEFAULT ''
    )""",
    "ALTER TABLE live.inbox DROP CONSTRAINT IF EXISTS inbox_kind_check",
    """ALTER TABLE live.inbox ADD CONSTRAINT inbox_kind_check CHECK (kind IN (
      'profile', 'name_candidate', 'dots', 'resource', 'cause', 'solution', 'comment',
      'evaluation', 'poll'))""",
    "CREATE INDEX IF NOT EXISTS inbox_by_session ON live.inbox (session_id, id)",
    "CREATE INDEX IF NOT EXISTS inbox_by_time ON live.inbox (session_id, received_at)",
    """CREATE OR REPLACE FUNCTION live.tell_inbox() RETURNS trigger LANGUAGE plpgsql
      SET search_path = pg_catalog, pg_temp AS $f$
    BEGIN PERFORM pg_notify('live_inbox', NEW.session_id || ':' || NEW.id); RETURN NULL;
    END $f$""",
    "REVOKE ALL ON FUNCTION live.tell_inbox() FROM PUBLIC",
    "DROP TRIGGER IF EXISTS inbox_told ON live.inbox",
    """CREATE TRIGGER inbox_told AFTER INSERT ON live.inbox
      FOR EACH ROW EXECUTE FUNCTION live.tell_inbox()""",
    # Row-level security holds the owner too (issue 25): nobody logs in as it, and an
    # administrator acting as it sees no participant's row by accident.
    "ALTER TABLE live.sessions ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE live.inbox ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE live.sessions FORCE ROW LEVEL SECURITY",
    "ALTER TABLE live.inbox FORCE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS participant_reads_open ON live.sessions",
    """CREATE POLICY participant_reads_open ON live.sessions FOR SELECT TO live_participant
      USING (state = 'open' AND expires_at > now())""",
    "DROP POLICY IF EXISTS facilitator_own_sessions ON live.sessions",
    """CREATE POLICY facilitator_own_sessions ON live.sessions FOR ALL TO live_facilitators
      USING (facilitator = current_user) WITH CHECK (facilitator = current_user)""",
    "DROP POLICY IF EXISTS participant_sends_to_open ON live.inbox",
    # The sub-query runs as the participant, so it sees only open, unexpired sessions:
    # that is what makes a closed session refuse input.
    """CREATE POLICY participant_sends_to_open ON live.inbox FOR INSERT TO live_participant
      WITH CHECK (status = 'new' AND EXISTS (
        SELECT 1 FROM live.sessions s WHERE s.id = session_id))""",
    "DROP POLICY IF EXISTS facilitator_own_inbox ON live.inbox",
    """CREATE POLICY facilitator_own_inbox ON live.inbox FOR ALL TO live_facilitators
      USING (session_id IN (SELECT id FROM live.sessions))""",
    "REVOKE ALL ON SCHEMA live FROM PUBLIC",
    "REVOKE ALL ON ALL TABLES IN SCHEMA live FROM PUBLIC, live_participant, live_facilitators",
    "GRANT USAGE ON SCHEMA live TO live_participant, live_facilitators",
    """GRANT SELECT (id, code, meeting_label, expires_at, state, reveal, published)
      ON live.sessions TO live_participant""",
    """GRANT INSERT (session_id, participant_name, organisation, role, partner_type, voter,
      kind, payload) ON live.inbox TO live_participant""",
    "GRANT SELECT, INSERT, UPDATE ON live.sessions TO live_facilitators",
    "GRANT SELECT, UPDATE (status, decided_note) ON live.inbox TO live_facilitators",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # a workbook file's live room is schema 10's tables
    for statement in STATEMENTS:
        op.execute(statement)
