"""The live room's store in the workbook file: for a live room run from a laptop.

The tables are ``live_session`` and ``live_inbox`` (``store.live_tables``, schema 10). Two
processes use them at once, each with connections of its own (WAL mode, a busy timeout):

* the participant service (``SqliteParticipantStore``), in its own process, which can only
  read the published state of an open, unexpired session and add a row to its inbox; the
  insert itself checks that the session is open (so a session closed between the page and
  the send takes nothing), and the table's checks bound every column;
* the facilitator's notebook (``SqliteInbox``), which opens and closes sessions, publishes,
  reads and decides rows, and watches for new ones (``SqliteWatcher``).

Times are kept as naive UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``, as the store keeps
``DateTime``) and handed out timezone-aware. Row ids are given out by the one writer at a
time, so a row with a higher id is never committed before a lower one: "ids above the
last seen" misses nothing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import tornado.web

from ..store.engines import BUSY_TIMEOUT_MS, connect_file
from .backend import INBOX_COLUMNS, InboxItem, SessionRow, Watcher, inbox_item

__all__ = ["SessionClosedError", "SqliteInbox", "SqliteParticipantStore", "SqliteWatcher"]

_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
_SESSION_COLUMNS = "id, code, meeting_id, meeting_label, expires_at, state, reveal, published"


class SessionClosedError(tornado.web.HTTPError):
    """The session stopped taking input between the page and the send (the phone gets the
    "no open session here" page)."""

    def __init__(self) -> None:
        super().__init__(404)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).strftime(_FORMAT)


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _connect(path: Path) -> sqlite3.Connection:
    conn = connect_file(path, check_same_thread=False, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _session_row(row: tuple[Any, ...]) -> SessionRow:
    row_id, code, meeting_id, label, expires, state, reveal, published = row
    return SessionRow(row_id, code, meeting_id, label, _when(expires), state, bool(reveal),
                      json.loads(published))


def _item(row: tuple[Any, ...]) -> InboxItem:
    values = list(row)
    values[8] = json.loads(values[8])
    values[9] = _when(values[9])
    return inbox_item(tuple(values))


class SqliteInbox:
    """The facilitator's side, on the workbook file at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = _connect(self.path)
        try:
            yield conn
        finally:
            conn.close()

    def open_session(self, code: str, partnership: str, meeting_id: int | None, label: str,
                     minutes: int, published: Mapping[str, Any]) -> SessionRow:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        expires = now + dt.timedelta(minutes=minutes)
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO live_session (code, meeting_id, meeting_label, opened_at, "
                "expires_at, state, reveal, published) VALUES (?, ?, ?, ?, ?, 'open', 0, ?)",
                (code, meeting_id, label[:300], now.strftime(_FORMAT), expires.strftime(_FORMAT),
                 json.dumps(dict(published))))
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live_session WHERE id = ?",
                               (cur.lastrowid,)).fetchone()
        return _session_row(row)

    def session(self, session_id: int) -> SessionRow | None:
        with self.connect() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live_session WHERE id = ?",
                               (session_id,)).fetchone()
        return _session_row(row) if row is not None else None

    def latest_open(self) -> SessionRow | None:
        with self.connect() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live_session WHERE state = "
                               "'open' AND expires_at > ? ORDER BY id DESC LIMIT 1",
                               (_now(),)).fetchone()
        return _session_row(row) if row is not None else None

    def open_sessions(self) -> list[SessionRow]:
        """Every session of the file still marked open (expired or not), oldest first."""
        with self.connect() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live_session WHERE state = "
                                "'open' ORDER BY id").fetchall()
        return [_session_row(r) for r in rows]

    def set_state(self, session_id: int, state: str) -> None:
        with self.connect() as conn:
            conn.execute("UPDATE live_session SET state = ? WHERE id = ?", (state, session_id))

    def set_reveal(self, session_id: int) -> None:
        with self.connect() as conn:
            conn.execute("UPDATE live_session SET reveal = 1 WHERE id = ?", (session_id,))

    def set_published(self, session_id: int, published: Mapping[str, Any]) -> None:
        with self.connect() as conn:
            conn.execute("UPDATE live_session SET published = ? WHERE id = ?",
                         (json.dumps(dict(published)), session_id))

    def items(self, session_id: int, after: int = 0) -> list[InboxItem]:
        with self.connect() as conn:
            rows = conn.execute(f"SELECT {INBOX_COLUMNS} FROM live_inbox WHERE session_id = ? "
                                "AND id > ? ORDER BY id", (session_id, after)).fetchall()
        return [_item(r) for r in rows]

    def decide(self, item_id: int, status: str, note: str) -> bool:
        with self.connect() as conn:
            return conn.execute("UPDATE live_inbox SET status = ?, decided_note = ? WHERE "
                                "id = ?", (status, note, item_id)).rowcount == 1

    def watch(self, room: Any, session: Any, on_rows: Callable[[list[InboxItem]], None], *,
              interval: float, sweep: float,
              on_error: Callable[[BaseException], None] | None,
              on_status: Callable[[str], None] | None = None) -> Watcher:
        return SqliteWatcher(self, session.id, on_rows, interval=min(interval, 0.25),
                             on_error=on_error)


class SqliteWatcher:
    """A thread that hands new inbox rows of one session to ``on_rows`` as they arrive.

    It looks every ``interval`` seconds whether the file changed (``PRAGMA data_version``,
    which costs no read of the tables) and, only then, reads the rows above the last one
    it handed over. An error is kept in ``error``, handed to ``on_error`` and stops it.
    """

    def __init__(self, inbox: SqliteInbox, session_id: int,
                 on_rows: Callable[[list[InboxItem]], None], *, interval: float = 0.25,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.inbox, self.session_id, self.on_rows = inbox, session_id, on_rows
        self.interval, self.on_error = interval, on_error
        self.last = 0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"live-inbox-file-{session_id}")

    def start(self) -> SqliteWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            with self.inbox.connect() as conn:
                version = None
                while not self._stop.is_set():
                    now = conn.execute("PRAGMA data_version").fetchone()[0]
                    if now != version:
                        version = now
                        rows = conn.execute(
                            f"SELECT {INBOX_COLUMNS} FROM live_inbox WHERE session_id = ? "
                            "AND id > ? ORDER BY id", (self.session_id, self.last)).fetchall()
                        if rows:
                            self.last = rows[-1][0]
                            self.on_rows([_item(r) for r in rows])
                    self._stop.wait(self.interval)
        except BaseException as exc:  # shown by the panel, not swallowed
            self.error = exc
            if self.on_error is not None:
                self.on_error(exc)
            if not isinstance(exc, Exception):
                raise


class SqliteParticipantStore:
    """The participant service's side, on the workbook file at ``path``.

    One worker thread owns one connection, so a phone's send never blocks the service's
    event loop while the facilitator's notebook holds the file's write lock.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="live-file")
        self._conn: sqlite3.Connection | None = None

    async def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        def call() -> Any:
            if self._conn is None:
                self._conn = _connect(self.path)
            return work(self._conn)

        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    async def open(self) -> None:
        """Check the file has the live tables (schema 10 or later)."""
        def check(conn: sqlite3.Connection) -> None:
            conn.execute("SELECT 1 FROM live_session LIMIT 1").fetchall()

        await self._run(check)

    async def close(self) -> None:
        def shut(conn: sqlite3.Connection) -> None:
            conn.close()

        if self._conn is not None:
            await self._run(shut)
            self._conn = None
        self._pool.shutdown(wait=True)

    async def session(self, code: str) -> dict[str, Any] | None:
        def read(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
            row: tuple[Any, ...] | None = conn.execute(
                "SELECT id, code, meeting_label, expires_at, reveal, published FROM "
                "live_session WHERE code = ? AND state = 'open' AND expires_at > ?",
                (code, _now())).fetchone()
            return row

        row = await self._run(read)
        if row is None:
            return None
        row_id, code, label, expires, reveal, published = row
        return {"id": row_id, "code": code, "meeting_label": label,
                "expires_at": _when(expires), "reveal": bool(reveal),
                "published": json.loads(published)}

    async def put(self, session_id: int, who: Mapping[str, Any], voter: str,
                  item: Mapping[str, Any]) -> None:
        """Add one checked item; ``SessionClosedError`` if the session no longer takes
        input; ``sqlite3.IntegrityError`` if a column breaks the table's limits."""
        payload = json.dumps({k: v for k, v in item.items() if k != "kind"})
        anonymous = bool(voter)

        def insert(conn: sqlite3.Connection) -> int:
            now = _now()
            return conn.execute(
                "INSERT INTO live_inbox (session_id, participant_name, organisation, role, "
                "partner_type, voter, kind, payload, received_at, status, decided_note) "
                "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, 'new', '' FROM live_session "
                "WHERE id = ? AND state = 'open' AND expires_at > ?",
                ("" if anonymous else who["name"], "" if anonymous else who["organisation"],
                 "" if anonymous else who["role"], "" if anonymous else who["partner_type"],
                 voter, item["kind"], payload, now, session_id, now)).rowcount

        if await self._run(insert) != 1:
            raise SessionClosedError()
