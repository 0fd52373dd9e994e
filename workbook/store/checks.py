"""Checks on a new or changed entity that need the stored rows: references and uniqueness.

The model checks each value on its own; these look at the rest of the workbook, inside
the write transaction, so what they approve is still true when it is stored.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import DuplicateError, NotFoundError
from ..model import Entity
from ..model.text import comparable
from .schema import table_for

__all__ = ["check_references", "check_unique"]


def check_references(conn: sa.Connection, entity: Entity, old: Entity | None) -> None:
    """Every reference that is new or changed points at a stored row."""
    cls = type(entity)
    for name, rule in cls.rules().items():
        value = getattr(entity, name)
        if rule.kind == "ref" and value is not None and (
                old is None or getattr(old, name) != value):
            target = table_for(rule.target or "")
            found = conn.execute(sa.select(target.c.id).where(target.c.id == value)).first()
            if found is None:
                label = name.removesuffix("_id").replace("_", " ")
                raise NotFoundError(label, value,
                                    f"is not a {rule.target.replace('_', ' ')} in this "
                                    "workbook",
                                    "Pick one from the list, or add it first.")


def check_unique(conn: sa.Connection, entity: Entity, old: Entity | None) -> None:
    """No other row shares a unique group of fields.

    Texts are compared by ``model.text.comparable``: Unicode NFC, invisible characters
    removed, case folded, runs of space as one, so a stored name that prints like the new
    one counts as the same, whether or not it was stored before names were cleaned.
    Raises ``DuplicateError`` naming the first text field of the group.
    """
    for group in type(entity).unique:
        if old is None or any(getattr(old, f) != getattr(entity, f) for f in group):
            _check_group(conn, entity, group)


def _check_group(conn: sa.Connection, entity: Entity, group: tuple[str, ...]) -> None:
    table = table_for(type(entity))
    text_fields = [f for f in group if isinstance(getattr(entity, f), str)]
    query = sa.select(table.c.id, *(table.c[f] for f in text_fields))
    for name in group:
        value = getattr(entity, name)
        if name in text_fields:
            if value.isascii():
                # SQLite's lower() folds ASCII only, so the query keeps every stored row
                # that could compare equal another way: anything not ASCII ("Straße" ->
                # "strasse", "Har\u200browgate") and runs of white space.
                column = table.c[name]
                query = query.where(sa.or_(sa.func.lower(column) == comparable(value),
                                           column.op("GLOB")("*[^\x01-\x7f]*"),
                                           column.op("GLOB")("*[\t\n\r]*"),
                                           column.op("GLOB")("*  *"),
                                           column.op("GLOB")(" *"),
                                           column.op("GLOB")("* ")))
        else:
            query = query.where(table.c[name].is_(None) if value is None
                                else table.c[name] == value)
    if entity.id is not None:
        query = query.where(table.c.id != entity.id)
    for row in conn.execute(query):
        if all(comparable(row._mapping[f] or "") == comparable(getattr(entity, f))
               for f in text_fields):
            # Without text, the last field is the one a person changes (the day of a
            # health check, not the partner it is about).
            label = text_fields[0] if text_fields else group[-1]
            value = getattr(entity, label)
            word = type(entity).kind.replace("_", " ")
            raise DuplicateError(label.replace("_", " "),
                                 value.isoformat() if hasattr(value, "isoformat") else value,
                                 f"is already used by another {word}",
                                 f"Use the existing {word}, or tell them apart in the "
                                 f"{label.replace('_', ' ')}.")
