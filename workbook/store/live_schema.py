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
           "inbox", "live_metadata", "sessions"]

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
