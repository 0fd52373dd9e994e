"""SQLAlchemy engines for workbook files, set up the way the store's transactions need.

Each connection gets a busy timeout, foreign keys, WAL mode and its durability setting.
pysqlite's own transaction handling is switched off so that the store decides how each
transaction begins: plain ``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes (asked for
with the ``immediate`` execution option), so a write takes the lock before it reads.

A workbook path is always a path: it reaches SQLite as a ``file:`` URI whose every special
character (``%``, ``?``, ``#``, spaces, non-ASCII) is percent-encoded by ``file_uri``, and
the engine gets its connections from ``connect_file`` (SQLAlchemy's ``creator``), so no
part of a file name is ever read as URL syntax.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event

__all__ = ["BUSY_TIMEOUT_MS", "connect_file", "file_uri", "memory_engine", "sqlite_engine"]

BUSY_TIMEOUT_MS = 10_000


def _begin_as_asked(engine: sa.Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def file_uri(path: str | os.PathLike[str], *, read_only: bool = False,
             immutable: bool = False) -> str:
    """The SQLite ``file:`` URI naming exactly ``path`` (made absolute, never resolved as a URL).

    ``read_only`` adds ``mode=ro``; ``immutable`` also adds ``immutable=1`` (SQLite then
    takes no locks and ignores any journal: only for a file nobody is writing).
    """
    absolute = os.path.abspath(os.fspath(path))
    params = (["mode=ro"] if read_only or immutable else []) + (["immutable=1"] if immutable
                                                                 else [])
    return "file://" + quote(absolute, safe="/") + ("?" + "&".join(params) if params else "")


def connect_file(path: str | os.PathLike[str], *, read_only: bool = False,
                 immutable: bool = False, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect`` on exactly the file ``path``; ``kwargs`` go to ``connect``.

    Raises ``sqlite3.Error`` as ``connect`` does (e.g. a read-only open of a missing file).
    """
    return sqlite3.connect(file_uri(path, read_only=read_only, immutable=immutable),
                           uri=True, **kwargs)


def sqlite_engine(path: str | os.PathLike[str], *, read_only: bool = False) -> sa.Engine:
    """An engine for one workbook file; ``read_only`` opens it so that no write can succeed."""
    target = Path(path)

    def _creator() -> sqlite3.Connection:
        return connect_file(target, read_only=read_only, check_same_thread=False)

    engine = sa.create_engine("sqlite://", creator=_creator, poolclass=sa.pool.QueuePool)
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
        if not read_only:
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
