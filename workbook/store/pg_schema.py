"""The workbook's tables as they are kept in PostgreSQL: many partnerships in one database.

Every table of ``schema.py`` is kept once for all partnerships, with one more column,
``partnership_slug`` (the partnership's short name, e.g. ``harbour``), first in every
primary key, unique group and foreign key. Its default is the session setting
``workbook.partnership``, which the store sets on each connection, and row-level security
(``pg_security.py``) shows a session only the rows of that partnership, and only when its
role is a member. So the store's SQL is the same on both backends: it never names the
partnership.

Two tables exist only here: ``registry`` (one row per partnership) and ``membership``
(which role, by its oid, may see or change which partnership, as ``owner``,
``facilitator`` or ``observer``; ``role_name`` is the name it had when granted).
Nobody reads them directly; the functions in ``pg_security.py`` do.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import OID

from ..errors import Sentence, ValidationError
from ..i18n import N_
from .pg_url import ACCESS
from .schema import metadata

__all__ = ["ACCESS", "SLUG_COLUMN", "check_slug", "data_tables", "membership", "pg_metadata",
           "registry"]

SLUG_COLUMN = "partnership_slug"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

pg_metadata = sa.MetaData()


def check_slug(slug: str) -> str:
    """``slug`` when it is a valid partnership short name; ``ValidationError`` otherwise."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise ValidationError("partnership", slug, Sentence(N_(
            "The {field} {value} is not a usable short name. Use lower-case letters, digits and "
            "dashes, starting with a letter or digit, at most 63 characters (e.g. "
            "harbour-2026).")))
    return slug


def _copy_table(table: sa.Table) -> sa.Table:
    columns: list[sa.Column] = [sa.Column(
        SLUG_COLUMN, sa.Text, primary_key=True, nullable=False,
        server_default=sa.text("current_setting('workbook.partnership')"))]
    for col in table.columns:
        default = col.server_default
        columns.append(sa.Column(
            col.name, col.type, primary_key=col.primary_key, nullable=col.nullable,
            autoincrement=False,
            server_default=(sa.DefaultClause(default.arg)  # type: ignore[attr-defined]
                            if default is not None else None)))
    constraints: list[sa.schema.SchemaItem] = []
    for fk in table.foreign_keys:
        target = fk.column.table.name
        constraints.append(sa.ForeignKeyConstraint(
            [SLUG_COLUMN, fk.parent.name], [f"{target}.{SLUG_COLUMN}", f"{target}.id"],
            ondelete=fk.ondelete, deferrable=True, initially="IMMEDIATE",
            name=f"fk_{table.name}_{fk.parent.name}"))
    for index in table.indexes:
        names = [c.name for c in index.columns]
        constraints.append(sa.Index(f"ix_{table.name}_{'_'.join(names)}",
                                    SLUG_COLUMN, *names))
    return sa.Table(table.name, pg_metadata, *columns, *constraints)


data_tables: dict[str, sa.Table] = {t.name: _copy_table(t) for t in metadata.sorted_tables}
"""Every table of the SQLite schema, as kept in PostgreSQL, by name."""

registry = sa.Table(
    "registry", pg_metadata,
    sa.Column("slug", sa.Text, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.func.now()),
)

membership = sa.Table(
    "membership", pg_metadata,
    sa.Column("slug", sa.Text, sa.ForeignKey("registry.slug", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("role_oid", OID, primary_key=True),
    sa.Column("role_name", sa.Text, nullable=False),
    sa.Column("access", sa.String(20), nullable=False),
    sa.CheckConstraint("access IN ('owner', 'facilitator', 'observer')",
                       name="ck_membership_access"),
)
