"""Many rows in one statement: how the bulk writers insert, on both backends.

A file takes the rows as the driver's ``executemany``: SQLite runs each INSERT in
microseconds. A server would run each as a statement of its own, and each statement checks
the partnership's access rules again (``pg_security``): a 5,000-entry import spent most of
its time there. So on PostgreSQL the rows travel as one JSON document per
``ROWS_PER_STATEMENT``, unpacked by ``json_populate_recordset`` into the table's own row
type, and the rules are checked once per statement.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

__all__ = ["ROWS_PER_STATEMENT", "insert_many", "plain"]

ROWS_PER_STATEMENT = 2_000


def plain(value: Any) -> Any:
    """What JSON cannot hold as it is: dates and times, as ISO text (a ``json.dumps``
    default, for the change log's rows and for rows sent as one document)."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored in a workbook row")


def insert_many(conn: sa.Connection, table: sa.Table,
                rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (each a mapping of column name to the value SQLAlchemy would store:
    text, numbers, dates, lists for JSON columns; every row names the same columns) into
    ``table``, in the caller's transaction. Columns no row names take their defaults.
    Raises ``KeyError`` for a column the table lacks, and what the database raises for a
    row that breaks a rule (the whole statement is refused)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(sa.insert(table), [dict(r) for r in rows])
        return
    names = list(dict.fromkeys(name for row in rows for name in row))
    unknown = [name for name in names if name not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(unknown)}")
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    statement = (f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} "
                 f"FROM json_populate_recordset(NULL::{quote(table.name)}, %s::json)")
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        document = json.dumps([{name: row.get(name) for name in names} for row in chunk],
                              ensure_ascii=False, allow_nan=False, default=plain)
        conn.exec_driver_sql(statement, (document,))
