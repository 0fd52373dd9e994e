"""The live room's two tables in the workbook file: its sessions and its inbox.

A facilitator who runs the live room from a laptop (``workbook.live.laptop``) keeps what
phones send in the partnership's own file, beside everything else, instead of in a
PostgreSQL ``live`` schema. The participant service writes only ``live_inbox`` rows (and
only into a session that is open and not expired); the facilitator's side opens and
closes sessions, publishes what phones may see and decides each row. Nothing here is an
entity: accepting a row takes it into the workbook through the contribution importer.

* ``live_session``: one session: its join ``code``, the ``meeting_id`` it is for (a plain
  number, not a reference: removing a meeting leaves its old sessions as they were),
  ``opened_at``/``expires_at`` (naive UTC), ``state`` (open/closed), ``reveal`` and
  ``published`` (JSON text: problems, the vote, the ideas once revealed, the evaluation,
  the quick poll).
* ``live_inbox``: one submission: who (empty for an anonymous ballot, evaluation or poll
  answer, which carry only the keyed ``voter`` hash), ``kind``, ``payload`` (JSON text, at
  most ``MAX_PAYLOAD_BYTES``), ``received_at`` (naive UTC), ``status`` (new, accepted,
  rejected) and ``decided_note``.

The participants' shared copy (``participant.share``) leaves both tables out.
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata

__all__ = ["INBOX_KINDS", "MAX_PAYLOAD_BYTES", "live_inbox", "live_session"]

MAX_PAYLOAD_BYTES = 16_000
INBOX_KINDS = ("profile", "name_candidate", "dots", "resource", "cause", "solution", "comment",
               "evaluation", "poll")

live_session = sa.Table(
    "live_session", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("meeting_id", sa.Integer, nullable=True),
    sa.Column("meeting_label", sa.Text, nullable=False),
    sa.Column("opened_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("state", sa.String(10), nullable=False, server_default="open"),
    sa.Column("reveal", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("published", sa.Text, nullable=False, server_default="{}"),
    sa.CheckConstraint("state IN ('open', 'closed')", name="ck_live_session_state"),
)

live_inbox = sa.Table(
    "live_inbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("live_session.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("participant_name", sa.Text, nullable=False),
    sa.Column("organisation", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False, server_default=""),
    sa.Column("partner_type", sa.String(40), nullable=False, server_default=""),
    sa.Column("voter", sa.String(80), nullable=False, server_default=""),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("received_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="new"),
    sa.Column("decided_note", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_live_inbox_session", "session_id", "id"),
    sa.CheckConstraint("status IN ('new', 'accepted', 'rejected')",
                       name="ck_live_inbox_status"),
    sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in INBOX_KINDS) + ")",
                       name="ck_live_inbox_kind"),
    sa.CheckConstraint(f"length(payload) <= {MAX_PAYLOAD_BYTES}",
                       name="ck_live_inbox_payload"),
    sa.CheckConstraint("length(participant_name) <= 200 AND length(organisation) <= 200 "
                       "AND length(role) <= 200", name="ck_live_inbox_who"),
)
