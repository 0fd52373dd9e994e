"""SQLAlchemy engines for workbook files, set up the way the store's transactions need.

Each connection gets a busy timeout, foreign keys, WAL mode and its durability setting.
pysqlite's own transaction handling is switched off so that the store decides how each
transaction begins: plain ``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes (asked for
with the ``immediate`` execution option), so a write takes the lock before it reads.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

__all__ = ["BUSY_TIMEOUT_MS", "memory_engine", "sqlite_engine"]

BUSY_TIMEOUT_MS = 10_000


def _begin_as_asked(engine: sa.Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_engine(url: str) -> sa.Engine:
    """An engine for one workbook file."""
    engine = sa.create_engine(url)
    # synchronous=NORMAL in WAL mode: a commit survives the process being killed at any
    # point; on power loss the last commits may roll back, never corrupt. FULL also fsyncs
    # every commit (about 10x slower here); WORKBOOK_SYNC=FULL chooses it.
    sync = os.environ.get("WORKBOOK_SYNC", "NORMAL").upper()
    if sync not in ("NORMAL", "FULL", "EXTRA"):
        sync = "NORMAL"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # BEGIN is issued by _begin_as_asked
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute(f"PRAGMA synchronous = {sync}")
        cur.close()

    _begin_as_asked(engine)
    return engine


def memory_engine() -> sa.Engine:
    """An engine for a workbook that lives in memory only (tests, previews)."""
    engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool,
                              connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    _begin_as_asked(engine)
    return engine
