"""Connections kept for reading a database again as one role: the portfolio's.

The portfolio of a database is read again at every refresh, with the list of its
partnerships before it. A new connection costs the server a process and reading every
table's access rules again, more CPU than the portfolio's smaller statements: ``reader(url)``
is one engine per database URL keeping one idle connection for the next read, set up once
to read every partnership of the role (``workbook.partnership`` at
``pg_security.PORTFOLIO``: read only; a role that bypasses row-level security acts as a
plain user). Each connection is checked before use (one the server dropped, or idle past
its timeout, is replaced) and recycled after ten minutes. ``close_readers()`` closes
them; so does the interpreter's exit.
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from .pg_security import CREATOR_ROLE, PORTFOLIO

__all__ = ["close_readers", "reader"]

_READERS: dict[str, sa.Engine] = {}
_LOCK = threading.Lock()


def reader(url: str) -> sa.Engine:
    """The kept engine reading as the role of ``url`` (made on first use).

    Raises ``ValidationError`` for a URL that is no PostgreSQL URL (``pg_url.driver_url``).
    """
    with _LOCK:
        engine = _READERS.get(url)
        if engine is None:
            from .pg_url import driver_url

            engine = sa.create_engine(driver_url(url), pool_size=1, max_overflow=2,
                                      pool_pre_ping=True, pool_recycle=600)
            event.listen(engine, "connect", _as_reader)
            _READERS[url] = engine
        return engine


def _as_reader(dbapi_conn: Any, _record: Any) -> None:
    """Set up a new connection to read every partnership of the role, read only."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    try:
        with dbapi_conn.cursor() as cur:
            cur.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles "
                        "WHERE rolname = current_user")
            row = cur.fetchone()
            if row and row[0]:
                # Row-level security would not hold: act as a plain user, as the store does.
                cur.execute(f"SET ROLE {CREATOR_ROLE}")
            cur.execute("SELECT set_config('search_path', 'public', false), "
                        "set_config('workbook.partnership', %s, false)", (PORTFOLIO,))
    finally:
        dbapi_conn.autocommit = autocommit


def close_readers() -> None:
    """Close the connections kept for reading (also done at exit)."""
    with _LOCK:
        engines = list(_READERS.values())
        _READERS.clear()
    for engine in engines:
        engine.dispose()


atexit.register(close_readers)
