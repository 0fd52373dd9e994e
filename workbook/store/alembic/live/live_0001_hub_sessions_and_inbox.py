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

# The tables spelled out, never derived from live_schema.py (see migrations.py's
# docstring); their rules are ``live_schema.live_rules``, as a main-line step uses
# ``pg_security.security_statements``.
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
    "CREATE INDEX IF NOT EXISTS inbox_by_session ON live.inbox (session_id, id)",
    "CREATE INDEX IF NOT EXISTS inbox_by_time ON live.inbox (session_id, received_at)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # a workbook file's live room is schema 10's tables
    from workbook.store.live_schema import live_rules

    for statement in STATEMENTS:
        op.execute(statement)
    for statement in live_rules():  # run again by every `db init`
        op.execute(statement)
