"""Checks on a new or changed entity that need the stored rows: references and uniqueness.

The model checks each value on its own; these look at the rest of the workbook, inside
the write transaction, so what they approve is still true when it is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from ..errors import DuplicateError, FieldName, NotFoundError, Sentence, ValidationError
from ..i18n import N_
from ..model import Entity
from ..model.base import MAX_INT
from ..model.text import comparable
from .schema import table_for

__all__ = ["check_references", "check_unique", "first_problem", "has_non_ascii",
           "may_compare_differently", "require_id", "storable"]

_LARGEST = {"postgresql": 2**31 - 1}
"""The largest whole number a column holds, where it is less than the model's ``MAX_INT``
(a file's columns hold SQLite's 64 bits; a server's are INTEGER)."""


def storable(dialect: str, value: int) -> bool:
    """Whether a whole-number column of this database (``dialect``'s name) could hold
    ``value``: a larger id names no stored row, rather than being an error of the server."""
    largest = _LARGEST.get(dialect, MAX_INT)
    return -largest <= value <= largest


def check_references(conn: sa.Connection, entity: Entity, old: Entity | None) -> None:
    """Every reference that is new or changed points at a stored row."""
    cls = type(entity)
    for name, rule in cls.rules().items():
        value = getattr(entity, name)
        if rule.kind == "ref" and value is not None and (
                old is None or getattr(old, name) != value):
            target = table_for(rule.target or "")
            found = conn.execute(sa.select(target.c.id).where(target.c.id == value)).first() \
                if storable(conn.dialect.name, value) else None
            if found is None:
                label = name.removesuffix("_id").replace("_", " ")
                raise NotFoundError(label, value, Sentence(N_(
                    "The {field} {value} is not in this workbook. Pick one from the list, or "
                    "add it first.")))


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
                                           may_compare_differently(conn, column)))
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
            raise DuplicateError(label.replace("_", " "),
                                 value.isoformat() if hasattr(value, "isoformat") else value,
                                 Sentence(N_("The {field} {value} is already used by another "
                                             "{kind}. Use the existing {kind}, or tell them "
                                             "apart in the {field}."),
                                          kind=FieldName(type(entity).kind.replace("_", " "))))


def has_non_ascii(conn: sa.Connection, column: sa.ColumnElement[str]
                  ) -> sa.ColumnElement[bool]:
    """True where ``column`` holds a character beyond ASCII, on the connection's backend.

    The database's ``lower()`` folds ASCII only, so a name check that compares lowered
    ASCII text must also fetch these rows and compare them in Python.
    """
    if conn.dialect.name == "sqlite":
        return column.op("GLOB", return_type=sa.Boolean)("*[^\x01-\x7f]*")
    return column.op("~", return_type=sa.Boolean)("[^\x01-\x7f]")


def may_compare_differently(conn: sa.Connection, column: sa.ColumnElement[str]
                            ) -> sa.ColumnElement[bool]:
    """True where ``lower(column)`` may differ from the stored text's ``comparable()`` key:
    text beyond ASCII, tabs or line breaks, double spaces, or spaces at either end (names
    stored before they were cleaned). Those rows are fetched and compared in Python."""
    if conn.dialect.name == "sqlite":
        return sa.or_(has_non_ascii(conn, column),
                      *(column.op("GLOB", return_type=sa.Boolean)(pattern)
                        for pattern in ("*[\t\n\r]*", "*  *", " *", "* ")))
    return sa.or_(has_non_ascii(conn, column),
                  column.op("~", return_type=sa.Boolean)("[\t\n\r]|  |^ | $"))


def require_id(cls: type[Entity], entity_id: int | None) -> int:
    """``entity_id``, or a ``NotFoundError`` when an entity that was never stored is named."""
    if entity_id is None:
        raise NotFoundError(cls.kind.replace("_", " "), entity_id, Sentence(N_(
            "The {field} {value} has not been stored yet. Add it to the workbook first.")))
    return entity_id
def first_problem(conn: sa.Connection, entities: Sequence[Entity]
                  ) -> tuple[Entity, ValidationError] | None:
    """The first of many new entities of one kind (already inserted) that breaks a reference
    or uniqueness rule, with the error ``check_references``/``check_unique`` would raise.

    One query per reference field and per unique group, however many entities: for bulk
    imports, where one query per entity is the slow part.
    """
    if not entities:
        return None
    cls = type(entities[0])
    table = table_for(cls)
    for name, rule in cls.rules().items():
        if rule.kind != "ref":
            continue
        wanted = {getattr(e, name) for e in entities} - {None}
        if not wanted:
            continue
        target = table_for(rule.target or "")
        found = {row[0] for row in conn.execute(
            sa.select(target.c.id).where(target.c.id.in_(wanted)))}
        for entity in entities:
            if getattr(entity, name) not in found and getattr(entity, name) is not None:
                try:
                    check_references(conn, entity, None)
                except ValidationError as exc:
                    return entity, exc
    for group in cls.unique:
        counts: dict[tuple[object, ...], int] = {}
        keys: dict[int, tuple[object, ...]] = {}
        for row in conn.execute(sa.select(table.c.id, *(table.c[f] for f in group))):
            key = tuple(v.casefold() if isinstance(v, str) else v for v in row[1:])
            counts[key] = counts.get(key, 0) + 1
            keys[row[0]] = key
        for entity in entities:  # the first in the caller's order, as one by one would
            if entity.id in keys and counts[keys[entity.id]] > 1:
                try:
                    _check_group(conn, entity, group)
                except ValidationError as exc:
                    return entity, exc
    return None
