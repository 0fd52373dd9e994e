"""The hub's live room tables (PostgreSQL schema ``live``), as the store describes them.

A hub's participant service and its facilitators' notebooks share two tables in the
schema ``live`` of the workbook's database, installed by ``workbook db init``
(``pg_install``) through the Alembic branch ``live`` (``alembic/live/``), owned like every
other table by the no-login role ``workbook_owner``:

* ``live.sessions``: one live session of a meeting: its join ``code``, ``partnership``
  (slug), ``meeting_id`` and ``meeting_label``, the ``facilitator`` role that opened it,
  ``opened_at`` and ``expires_at`` (timestamptz), ``state`` (open/closed), ``reveal`` and
  ``published`` (JSON the facilitator publishes);
* ``live.inbox``: what participants sent: who (``participant_name``, ``organisation``,
  ``role``, ``partner_type``; empty for anonymous dots and evaluations, which carry a keyed
  ``voter`` hash), ``kind``, ``payload`` (JSON, at most ``MAX_PAYLOAD_BYTES``),
  ``received_at``, ``status`` (new, accepted, rejected) and ``decided_note``.

``live_metadata`` is what the branch's head must match
(``alembic.autogenerate.compare_metadata``, tested); the live room's code names its
columns from here. Roles: ``PARTICIPANT`` (the participant service's login) and
``FACILITATORS`` (a group each facilitator's login role joins); see ``live/schema.py``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

__all__ = ["FACILITATORS", "INBOX_KINDS", "LIVE_SCHEMA", "MAX_PAYLOAD_BYTES", "PARTICIPANT",
           "inbox", "live_metadata", "live_rules", "sessions"]

LIVE_SCHEMA = "live"
PARTICIPANT = "live_participant"
FACILITATORS = "live_facilitators"
MAX_PAYLOAD_BYTES = 16_000
INBOX_KINDS = ("profile", "name_candidate", "dots", "resource", "cause", "solution",
               "comment", "evaluation", "poll")

live_metadata = sa.MetaData(schema=LIVE_SCHEMA)

sessions = sa.Table(
    "sessions", live_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("code", sa.Text, nullable=False, unique=True),
    sa.Column("partnership", sa.Text, nullable=False),
    sa.Column("meeting_id", sa.Integer),
    sa.Column("meeting_label", sa.Text, nullable=False),
    sa.Column("facilitator", sa.String, nullable=False,
              server_default=sa.text("CURRENT_USER")),  # type name
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.text("now()")),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.Text, nullable=False, server_default="open"),
    sa.Column("reveal", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("published", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
)

inbox = sa.Table(
    "inbox", live_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    sa.Column("session_id", sa.BigInteger,
              sa.ForeignKey("live.sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_name", sa.Text, nullable=False),
    sa.Column("organisation", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False, server_default=""),
    sa.Column("partner_type", sa.Text, nullable=False, server_default=""),
    sa.Column("voter", sa.Text, nullable=False, server_default=""),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.text("clock_timestamp()")),
    sa.Column("status", sa.Text, nullable=False, server_default="new"),
    sa.Column("decided_note", sa.Text, nullable=False, server_default=""),
    sa.Index("inbox_by_session", "session_id", "id"),
    sa.Index("inbox_by_time", "session_id", "received_at"),
)


def live_rules() -> list[str]:
    """Every statement that (re)installs the live tables' rules: the inbox's kinds, the
    notify trigger (its function with a fixed search_path, closed to PUBLIC), row-level
    security (forced: it holds the owner too), the policies and the grants. Idempotent;
    run as ``workbook_owner`` by the branch's first step and again by every
    ``workbook db init``, as ``pg_security.security_statements`` is for the main tables."""
    kinds = ", ".join(f"'{kind}'" for kind in INBOX_KINDS)
    return [
        "ALTER TABLE live.inbox DROP CONSTRAINT IF EXISTS inbox_kind_check",
        f"ALTER TABLE live.inbox ADD CONSTRAINT inbox_kind_check CHECK (kind IN ({kinds}))",
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
        """CREATE POLICY participant_reads_open ON live.sessions FOR SELECT
          TO live_participant USING (state = 'open' AND expires_at > now())""",
        "DROP POLICY IF EXISTS facilitator_own_sessions ON live.sessions",
        """CREATE POLICY facilitator_own_sessions ON live.sessions FOR ALL
          TO live_facilitators USING (facilitator = current_user)
          WITH CHECK (facilitator = current_user)""",
        "DROP POLICY IF EXISTS participant_sends_to_open ON live.inbox",
        # The sub-query runs as the participant, so it sees only open, unexpired sessions:
        # that is what makes a closed session refuse input.
        """CREATE POLICY participant_sends_to_open ON live.inbox FOR INSERT
          TO live_participant WITH CHECK (status = 'new' AND EXISTS (
            SELECT 1 FROM live.sessions s WHERE s.id = session_id))""",
        "DROP POLICY IF EXISTS facilitator_own_inbox ON live.inbox",
        """CREATE POLICY facilitator_own_inbox ON live.inbox FOR ALL TO live_facilitators
          USING (session_id IN (SELECT id FROM live.sessions))""",
        "REVOKE ALL ON SCHEMA live FROM PUBLIC",
        "REVOKE ALL ON ALL TABLES IN SCHEMA live "
        "FROM PUBLIC, live_participant, live_facilitators",
        "GRANT USAGE ON SCHEMA live TO live_participant, live_facilitators",
        """GRANT SELECT (id, code, meeting_label, expires_at, state, reveal, published)
          ON live.sessions TO live_participant""",
        """GRANT INSERT (session_id, participant_name, organisation, role, partner_type, voter,
          kind, payload) ON live.inbox TO live_participant""",
        "GRANT SELECT, INSERT, UPDATE ON live.sessions TO live_facilitators",
        "GRANT SELECT, UPDATE (status, decided_note) ON live.inbox TO live_facilitators",
    ]
