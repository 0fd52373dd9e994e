"""Tables of the current schema, derived from the model's entities.

Each entity becomes a table named after its ``kind`` with an ``id``, a ``version`` (bumped on
every change, for conflict checks) and one column per checked field. Link tables hold what
is not an entity of its own (attendance, resource-to-cause links, ballots). Older schemas
are never derived: their upgrades in ``migrations.py`` spell their DDL out.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..model import ENTITIES, Entity, Rule

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "metadata", "table_for", "tables"]

SCHEMA_VERSION = 15
"""Bumped with every change to the tables below, together with a step in migrations.py."""

APPLICATION_ID = 0x50574B42  # "PWKB": marks an SQLite file as one of ours

metadata = sa.MetaData()


def _column(name: str, rule: Rule) -> sa.Column:
    match rule.kind:
        case "text":
            return sa.Column(name, sa.Text, nullable=False, server_default="")
        case "text_list":
            return sa.Column(name, sa.JSON, nullable=False)
        case "choice":
            return sa.Column(name, sa.String(40), nullable=not rule.required)
        case "date":
            return sa.Column(name, sa.Date, nullable=not rule.required)
        case "datetime":
            return sa.Column(name, sa.DateTime, nullable=True)
        case "int":
            return sa.Column(name, sa.Integer, nullable=not rule.required)
        case "number":
            return sa.Column(name, sa.Float, nullable=not rule.required)
        case "bool":
            return sa.Column(name, sa.Boolean, nullable=False)
        case "ref":
            target = rule.target
            return sa.Column(name, sa.Integer, sa.ForeignKey(f"{target}.id"),
                             nullable=not rule.required, index=True)
    raise AssertionError(rule.kind)


ADDED_WITH_DEFAULT: dict[tuple[str, str], str] = {("meeting", "status"): "held",
                                                  ("partnership", "languages"): '["en"]'}
"""Columns added to a table that had rows: an upgrade must give them a default."""


def _entity_table(cls: type[Entity]) -> sa.Table:
    columns = [sa.Column("id", sa.Integer, primary_key=True),
               sa.Column("version", sa.Integer, nullable=False, server_default="1")]
    columns += [_column(name, rule) for name, rule in cls.rules().items()]
    for column in columns:
        default = ADDED_WITH_DEFAULT.get((cls.kind, column.name))
        if default is not None:
            column.server_default = sa.DefaultClause(default)
    return sa.Table(cls.kind, metadata, *columns)


tables: dict[str, sa.Table] = {cls.kind: _entity_table(cls) for cls in ENTITIES}

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

attendance = sa.Table(
    "attendance", metadata,
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meeting.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), primary_key=True,
              index=True),
)

resource_cause = sa.Table(
    "resource_cause", metadata,
    sa.Column("resource_id", sa.Integer, sa.ForeignKey("resource.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("cause_id", sa.Integer, sa.ForeignKey("cause.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)

# Named votes keep each person's dots; anonymous votes keep only the totals per candidate
# and, apart from them, the roll of who has voted, so no ballot can be traced to a person.
ballot = sa.Table(
    "ballot", metadata,
    sa.Column("vote_id", sa.Integer, sa.ForeignKey("name_vote.id"), primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), primary_key=True),
    sa.Column("candidate_id", sa.Integer, sa.ForeignKey("name_candidate.id"),
              primary_key=True),
    sa.Column("dots", sa.Integer, nullable=False),
)

tally = sa.Table(
    "tally", metadata,
    sa.Column("vote_id", sa.Integer, sa.ForeignKey("name_vote.id"), primary_key=True),
    sa.Column("candidate_id", sa.Integer, sa.ForeignKey("name_candidate.id"),
              primary_key=True),
    sa.Column("dots", sa.Integer, nullable=False),
)

vote_roll = sa.Table(
    "vote_roll", metadata,
    sa.Column("vote_id", sa.Integer, sa.ForeignKey("name_vote.id"), primary_key=True),
    # A person, or a token for a paper ballot typed in by the facilitator.
    sa.Column("voter", sa.String(80), primary_key=True),
)

# The partners a win is credited with (the win itself is credited to the partnership).
win_partner = sa.Table(
    "win_partner", metadata,
    sa.Column("win_id", sa.Integer, sa.ForeignKey("win.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisation.id"),
              primary_key=True, index=True),
)

# Who agreed with a decision and who stood aside (model.STANCES), one row per person.
decision_stance = sa.Table(
    "decision_stance", metadata,
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decision.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), primary_key=True,
              index=True),
    sa.Column("stance", sa.String(20), nullable=False),
)

imported_file = sa.Table(
    "imported_file", metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("participant", sa.Text, nullable=False),
    sa.Column("imported_at", sa.DateTime, nullable=False),
)

# Contribution items the facilitator accepted or rejected, so a file imported twice, or
# two files carrying the same item, change nothing the second time.
imported_item = sa.Table(
    "imported_item", metadata,
    sa.Column("item_key", sa.String(64), primary_key=True),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("entity_kind", sa.String(40), nullable=True),
    sa.Column("entity_id", sa.Integer, nullable=True),
)

# Every change, written in the transaction that makes it: what the history of an entity and
# "Undo last change" read. ``batch`` groups the rows of one transaction (one undo step);
# ``before``/``after`` are the whole row as JSON text (None for "did not exist").
change_log = sa.Table(
    "change_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("batch", sa.Integer, nullable=False, index=True),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("entity_id", sa.Integer, nullable=True),
    sa.Column("before", sa.Text, nullable=True, info={"max_length": 2_000_000}),
    sa.Column("after", sa.Text, nullable=True, info={"max_length": 2_000_000}),
    sa.Column("undone_at", sa.DateTime, nullable=True),
    sa.Index("ix_change_log_entity", "kind", "entity_id"),
)

# One row per step of the change log (``batch``): what a person would call it (NULL when
# nobody named it: the history describes its first change), who made it
# (the database role, or the user of the machine for a file), from where (a view, a
# command, the live room), and who took it back. Written by the unit of work
# (``Store.change``) in the step's own transaction.
change_step = sa.Table(
    "change_step", metadata,
    sa.Column("batch", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("label", sa.Text, nullable=True, info={"max_length": 500}),
    sa.Column("author", sa.Text, nullable=True, info={"max_length": 200}),
    sa.Column("source", sa.Text, nullable=True, info={"max_length": 200}),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("undone_at", sa.DateTime, nullable=True),
    sa.Column("undone_by", sa.Text, nullable=True, info={"max_length": 200}),
)

# A sheet layout's confirmed mapping (issue 24): the header's signature (a hash of its
# titles) -> which column fills which field, so the same partner's next file imports in one
# step. ``what`` is what the sheet was imported as ("resources").
sheet_layout = sa.Table(
    "sheet_layout", metadata,
    sa.Column("signature", sa.String(64), primary_key=True),
    sa.Column("what", sa.String(40), nullable=False),
    sa.Column("columns", sa.Text, nullable=False, info={"max_length": 200_000}),
    sa.Column("mapping", sa.Text, nullable=False, info={"max_length": 200_000}),
    sa.Column("file_name", sa.Text, nullable=False, server_default=""),
    sa.Column("confirmed_at", sa.DateTime, nullable=False),
)


def table_for(cls: type[Entity] | str) -> sa.Table:
    """The table that stores entity class ``cls`` (or the kind named by a string)."""
    return tables[cls if isinstance(cls, str) else cls.kind]


# -- the live room ----------------------------------------------------------------------
# The live room's two tables in the workbook file: its sessions and its inbox.
#
# A facilitator who runs the live room from a laptop (``workbook.live.laptop``) keeps what
# phones send in the partnership's own file, beside everything else, instead of in a
# PostgreSQL ``live`` schema. The participant service writes only ``live_inbox`` rows (and
# only into a session that is open and not expired); the facilitator's side opens and
# closes sessions, publishes what phones may see and decides each row. Nothing here is an
# entity: accepting a row takes it into the workbook through the contribution importer.
#
# * ``live_session``: one session: its join ``code``, the ``meeting_id`` it is for (a plain
#   number, not a reference: removing a meeting leaves its old sessions as they were),
#   ``opened_at``/``expires_at`` (naive UTC), ``state`` (open/closed), ``reveal`` and
#   ``published`` (JSON text: problems, the vote, the ideas once revealed, the evaluation,
#   the quick poll).
# * ``live_inbox``: one submission: who (empty for an anonymous ballot, evaluation or poll
#   answer, which carry only the keyed ``voter`` hash), ``kind``, ``payload`` (JSON text, at
#   most ``MAX_PAYLOAD_BYTES``), ``received_at`` (naive UTC), ``status`` (new, accepted,
#   rejected) and ``decided_note``.
#
# The participants' shared copy (``participant.share``) leaves both tables out.

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
