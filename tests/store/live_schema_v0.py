"""The live room's tables as ``workbook.live.schema.install`` made them before they joined the
Alembic chain (owned by ``live_owner``, raw DDL): the starting point of the upgrade tests."""

from __future__ import annotations

import psycopg
from psycopg import sql

PARTICIPANT = "live_participant"
FACILITATORS = "live_facilitators"
MAX_PAYLOAD_BYTES = 16_000

OWNER = "live_owner"

_ROLES = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OWNER}') THEN
    CREATE ROLE {OWNER} NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PARTICIPANT}') THEN
    CREATE ROLE {PARTICIPANT} LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{FACILITATORS}') THEN
    CREATE ROLE {FACILITATORS} NOLOGIN; END IF;
END $$;
"""

_TABLES = f"""
CREATE SCHEMA IF NOT EXISTS live AUTHORIZATION {OWNER};
REVOKE ALL ON SCHEMA live FROM PUBLIC;
SET ROLE {OWNER};
CREATE TABLE IF NOT EXISTS live.sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{{6,12}}$'),
  partnership text NOT NULL CHECK (length(partnership) BETWEEN 1 AND 200),
  meeting_id integer,
  meeting_label text NOT NULL CHECK (length(meeting_label) <= 300),
  facilitator name NOT NULL DEFAULT current_user,
  opened_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  reveal boolean NOT NULL DEFAULT false,
  published jsonb NOT NULL DEFAULT '{{}}'::jsonb
);
CREATE TABLE IF NOT EXISTS live.inbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id bigint NOT NULL REFERENCES live.sessions (id) ON DELETE CASCADE,
  participant_name text NOT NULL CHECK (length(participant_name) <= 200),
  organisation text NOT NULL CHECK (length(organisation) <= 200),
  role text NOT NULL DEFAULT '' CHECK (length(role) <= 200),
  partner_type text NOT NULL DEFAULT '' CHECK (length(partner_type) <= 40),
  voter text NOT NULL DEFAULT '' CHECK (length(voter) <= 80),
  kind text NOT NULL,
  payload jsonb NOT NULL CHECK (octet_length(payload::text) <= {MAX_PAYLOAD_BYTES}),
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
  decided_note text NOT NULL DEFAULT ''
);
ALTER TABLE live.inbox DROP CONSTRAINT IF EXISTS inbox_kind_check;
ALTER TABLE live.inbox ADD CONSTRAINT inbox_kind_check CHECK (kind IN (
  'profile', 'name_candidate', 'dots', 'resource', 'cause', 'solution', 'comment',
  'evaluation', 'poll'));
CREATE INDEX IF NOT EXISTS inbox_by_session ON live.inbox (session_id, id);
CREATE INDEX IF NOT EXISTS inbox_by_time ON live.inbox (session_id, received_at);
CREATE OR REPLACE FUNCTION live.tell_inbox() RETURNS trigger LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM pg_notify('live_inbox', NEW.session_id || ':' || NEW.id); RETURN NULL;
END $f$;
REVOKE ALL ON FUNCTION live.tell_inbox() FROM PUBLIC;
DROP TRIGGER IF EXISTS inbox_told ON live.inbox;
CREATE TRIGGER inbox_told AFTER INSERT ON live.inbox
  FOR EACH ROW EXECUTE FUNCTION live.tell_inbox();
ALTER TABLE live.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE live.inbox ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS participant_reads_open ON live.sessions;
CREATE POLICY participant_reads_open ON live.sessions FOR SELECT TO {PARTICIPANT}
  USING (state = 'open' AND expires_at > now());
DROP POLICY IF EXISTS facilitator_own_sessions ON live.sessions;
CREATE POLICY facilitator_own_sessions ON live.sessions FOR ALL TO {FACILITATORS}
  USING (facilitator = current_user) WITH CHECK (facilitator = current_user);
DROP POLICY IF EXISTS participant_sends_to_open ON live.inbox;
CREATE POLICY participant_sends_to_open ON live.inbox FOR INSERT TO {PARTICIPANT}
  WITH CHECK (status = 'new' AND EXISTS (
    SELECT 1 FROM live.sessions s WHERE s.id = session_id));
DROP POLICY IF EXISTS facilitator_own_inbox ON live.inbox;
CREATE POLICY facilitator_own_inbox ON live.inbox FOR ALL TO {FACILITATORS}
  USING (session_id IN (SELECT id FROM live.sessions));
RESET ROLE;
REVOKE ALL ON ALL TABLES IN SCHEMA live FROM {PARTICIPANT}, {FACILITATORS};
GRANT USAGE ON SCHEMA live TO {PARTICIPANT}, {FACILITATORS};
GRANT SELECT (id, code, meeting_label, expires_at, state, reveal, published)
  ON live.sessions TO {PARTICIPANT};
GRANT INSERT (session_id, participant_name, organisation, role, partner_type, voter, kind,
              payload) ON live.inbox TO {PARTICIPANT};
GRANT SELECT, INSERT, UPDATE ON live.sessions TO {FACILITATORS};
GRANT SELECT, UPDATE (status, decided_note) ON live.inbox TO {FACILITATORS};
"""


def install(admin: psycopg.Connection, database: str) -> None:
    """Create the roles, the ``live`` schema, its tables, policies and grants in ``database``.

    ``admin`` is a superuser connection to that database. Safe to run again (upgrades in
    place). The participant subquery in the inbox policy runs as the participant, so it
    sees only open, unexpired sessions: that is what makes a closed session refuse input.
    """
    with admin.transaction():
        admin.execute(_ROLES)
        admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
            sql.Identifier(database), sql.Identifier(PARTICIPANT),
            sql.Identifier(FACILITATORS)))
        admin.execute(_TABLES)

