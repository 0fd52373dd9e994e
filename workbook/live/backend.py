"""Where the live room keeps its sessions and inbox: one small interface, two backends.

* ``PostgresInbox``: the ``live`` schema of a hub's PostgreSQL (``schema``), reached with
  the facilitator's own role; the participant service writes through its own pool.
* ``SqliteInbox`` (``sqlite_inbox``): the ``live_session`` and ``live_inbox`` tables of the
  workbook file itself, for a live room run from the facilitator's laptop (``laptop``).

The facilitator's side (``room.LiveRoom``, the panel) talks to an ``Inbox``; the
participant service (``app``) to a ``ParticipantStore``, which can only read the published
state of an open session and add a row to its inbox.

Shapes: a session row is ``SessionRow`` (timezone-aware UTC datetimes, ``published`` a
dict); ``InboxItem`` is one inbox row, its ``payload`` still unchecked input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import psycopg
from psycopg.types.json import Jsonb

from ..errors import NotFoundError, Sentence, WorkbookError
from ..i18n import N_, _
from .db_errors import live_problem, safe_where, translated

__all__ = ["INBOX_COLUMNS", "Inbox", "InboxItem", "InboxWatcher", "ParticipantStore",
           "PostgresInbox", "SessionRow", "Watcher", "inbox_item"]


class SessionRow(NamedTuple):
    """A live session as stored."""

    id: int
    code: str
    meeting_id: int | None
    meeting_label: str
    expires_at: dt.datetime
    state: str
    reveal: bool
    published: Mapping[str, Any]


@dataclass(frozen=True)
class InboxItem:
    """One submission as it sits in the inbox; ``payload`` is still unchecked input."""

    id: int
    session_id: int
    participant: Mapping[str, str]   # name, organisation, role, partner_type ("" if anonymous)
    voter: str                       # the keyed hash of an anonymous ballot, else ""
    kind: str
    payload: Mapping[str, Any]
    received_at: dt.datetime
    status: str
    note: str = ""

    @property
    def anonymous(self) -> bool:
        return bool(self.voter)

    @property
    def who(self) -> str:
        p = self.participant
        return "anonymous" if self.anonymous else f"{p['name']} ({p['organisation']})"


INBOX_COLUMNS = ("id, session_id, participant_name, organisation, role, partner_type, voter, "
                 "kind, payload, received_at, status, decided_note")


def inbox_item(row: tuple[Any, ...]) -> InboxItem:
    """An ``InboxItem`` from a row of ``INBOX_COLUMNS`` (payload already a dict)."""
    (row_id, session_id, name, organisation, role, partner_type, voter, kind, payload,
     received, status, note) = row
    return InboxItem(row_id, session_id, {"name": name, "organisation": organisation,
                                          "role": role, "partner_type": partner_type},
                     voter, kind, payload, received, status, note)


class Watcher(Protocol):
    """A running watch on one session's inbox (see ``Inbox.watch``)."""

    error: BaseException | None

    def start(self) -> Watcher: ...

    def stop(self, timeout: float = 5.0) -> None: ...

    @property
    def running(self) -> bool: ...


class Inbox(Protocol):
    """The facilitator's side of a backend. Every method raises the backend's own error
    (``psycopg.Error``, ``sqlite3.Error``) when the store cannot be reached."""

    def open_session(self, code: str, partnership: str, meeting_id: int | None, label: str,
                     minutes: int, published: Mapping[str, Any]) -> SessionRow: ...

    def session(self, session_id: int) -> SessionRow | None: ...

    def latest_open(self) -> SessionRow | None:
        """The newest session still open and not expired, or None."""

    def set_state(self, session_id: int, state: str) -> None: ...

    def set_reveal(self, session_id: int) -> None: ...

    def set_published(self, session_id: int, published: Mapping[str, Any]) -> None: ...

    def items(self, session_id: int, after: int = 0) -> list[InboxItem]: ...

    def decide(self, item_id: int, status: str, note: str) -> bool:
        """Mark one row decided; False when there is no such row."""

    def watch(self, room: Any, session: Any, on_rows: Callable[[list[InboxItem]], None], *,
              interval: float, sweep: float,
              on_error: Callable[[BaseException], None] | None,
              on_status: Callable[[str], None] | None = None) -> Watcher: ...


class ParticipantStore(Protocol):
    """The participant service's side: what the service may do, and nothing else."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def session(self, code: str) -> dict[str, Any] | None:
        """The published state of the open, unexpired session with this (upper-case) code:
        ``id``, ``code``, ``meeting_label``, ``expires_at``, ``reveal``, ``published``."""

    async def put(self, session_id: int, who: Mapping[str, Any], voter: str,
                  item: Mapping[str, Any]) -> None:
        """Add one checked item to the inbox of an open session."""


_SESSION_COLUMNS = "id, code, meeting_id, meeting_label, expires_at, state, reveal, published"


class PostgresInbox:
    """The ``live`` schema through the facilitator's own PostgreSQL role (``dsn``), which
    sees only the sessions it opened (row-level security, see ``schema``)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.where = safe_where(dsn)

    def connect(self) -> psycopg.Connection:
        """A connection of the role (its ``psycopg.Error`` untranslated: the watcher tells
        a lost connection from a refusal by it)."""
        return psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)

    @contextlib.contextmanager
    def _connected(self) -> Iterator[psycopg.Connection]:
        with translated(self.where), self.connect() as conn:
            yield conn

    def open_session(self, code: str, partnership: str, meeting_id: int | None, label: str,
                     minutes: int, published: Mapping[str, Any]) -> SessionRow:
        with self._connected() as conn:
            row = conn.execute(
                "INSERT INTO live.sessions (code, partnership, meeting_id, meeting_label, "
                "expires_at, published) VALUES (%s, %s, %s, %s, now() + %s, %s) RETURNING "
                + _SESSION_COLUMNS,
                (code, partnership, meeting_id, label, dt.timedelta(minutes=minutes),
                 Jsonb(dict(published)))).fetchone()
        assert row is not None
        return SessionRow(*row)

    def session(self, session_id: int) -> SessionRow | None:
        with self._connected() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live.sessions WHERE id = %s",
                               (session_id,)).fetchone()
        return SessionRow(*row) if row is not None else None

    def latest_open(self) -> SessionRow | None:
        with self._connected() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM live.sessions WHERE state = "
                               "'open' AND expires_at > now() ORDER BY id DESC LIMIT 1"
                               ).fetchone()
        return SessionRow(*row) if row is not None else None

    def set_state(self, session_id: int, state: str) -> None:
        with self._connected() as conn:
            conn.execute("UPDATE live.sessions SET state = %s WHERE id = %s",
                         (state, session_id))

    def set_reveal(self, session_id: int) -> None:
        with self._connected() as conn:
            conn.execute("UPDATE live.sessions SET reveal = true WHERE id = %s", (session_id,))

    def set_published(self, session_id: int, published: Mapping[str, Any]) -> None:
        with self._connected() as conn:
            conn.execute("UPDATE live.sessions SET published = %s WHERE id = %s",
                         (Jsonb(dict(published)), session_id))

    def items(self, session_id: int, after: int = 0) -> list[InboxItem]:
        with self._connected() as conn:
            rows = conn.execute(f"SELECT {INBOX_COLUMNS} FROM live.inbox WHERE session_id = "
                                "%s AND id > %s ORDER BY id", (session_id, after)).fetchall()
        return [inbox_item(r) for r in rows]

    def decide(self, item_id: int, status: str, note: str) -> bool:
        with self._connected() as conn:
            done = conn.execute("UPDATE live.inbox SET status = %s, decided_note = %s "
                                "WHERE id = %s", (status, note, item_id))
            return done.rowcount == 1

    def watch(self, room: Any, session: Any, on_rows: Callable[[list[InboxItem]], None], *,
              interval: float, sweep: float,
              on_error: Callable[[BaseException], None] | None,
              on_status: Callable[[str], None] | None = None) -> Watcher:
        return InboxWatcher(room, session, on_rows, interval=interval, sweep=sweep,
                            on_error=on_error, on_status=on_status)


def not_yours(item_id: int) -> NotFoundError:
    """The error for deciding a row that is not in one of the facilitator's sessions."""
    return NotFoundError("inbox item", item_id, Sentence(N_(
        "The {field} {value} is not in one of your sessions. Reload the live room and decide "
        "what it shows.")))


def _row_id(payload: str, prefix: str) -> int | None:
    """The inbox row a notification names for this session, or None: anyone may NOTIFY
    the channel, so anything but ``<session id>:<row id>`` is ignored (the row itself is
    then read from the table, where only the trigger's rows are)."""
    if not payload.startswith(prefix):
        return None
    rest = payload[len(prefix):]
    return int(rest) if rest.isascii() and rest.isdigit() and len(rest) < 19 else None


class InboxWatcher:
    """A thread that hands new inbox rows of one session to ``on_rows`` as they arrive.

    Row ids are handed out at insert but become visible at commit, so a row can appear
    after one with a higher id: reading "ids above the last one seen" alone would skip it
    for good. The watcher therefore LISTENs for the insert trigger's notification (sent at
    commit, naming the row) and fetches exactly those rows, and every ``sweep`` seconds
    also reads the rows received in the last minute, in case a notification was missed.
    A notification that does not name a row of this session (anyone may send one) is
    ignored. Each row is handed over once (a new watcher starts from the session's first
    row).

    A lost connection (the database restarted) is retried by itself, after 0.5, 1, 2, ...
    up to 10 seconds; ``on_status`` hears one line when it is lost and when it is back,
    and the rows sent meanwhile are read then. Any other error (an exception from
    ``on_rows``, which runs in the thread, or a refused query) is kept in ``error``, handed
    to ``on_error`` and stops the watcher. A watchdog hands ``on_error`` a
    ``TimeoutError`` when the thread has made no progress for ``stall_after`` seconds.
    """

    def __init__(self, room: Any, session: Any,
                 on_rows: Callable[[list[InboxItem]], None], *, interval: float = 1.0,
                 sweep: float = 5.0,
                 on_error: Callable[[BaseException], None] | None = None,
                 on_status: Callable[[str], None] | None = None,
                 stall_after: float = 60.0, max_backoff: float = 10.0) -> None:
        self.room, self.session, self.on_rows = room, session, on_rows
        self.on_error, self.on_status = on_error, on_status
        self.interval, self.sweep = interval, sweep
        self.stall_after, self.max_backoff = stall_after, max_backoff
        self.seen: set[int] = set()
        self.error: BaseException | None = None
        self.reconnects = 0
        self.beat = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"live-inbox-{session.code}",
                                        daemon=True)
        self._dog = threading.Thread(target=self._watchdog,
                                     name=f"live-inbox-watchdog-{session.code}", daemon=True)

    def start(self) -> InboxWatcher:
        self.beat = time.monotonic()
        self._thread.start()
        self._dog.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread now: a notification wakes it from its wait."""
        self._stop.set()
        if self._thread.is_alive():
            with contextlib.suppress(psycopg.Error), self.room.connect() as conn:
                conn.execute("SELECT pg_notify('live_inbox', 'wake')")
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def stalled(self) -> bool:
        """True when the thread runs but has made no progress for ``stall_after`` s."""
        return self.running and time.monotonic() - self.beat > self.stall_after

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, psycopg.Error):
            plain = live_problem(exc, getattr(self.room.store, "where", "the database"))
            if plain is not None:
                plain.__cause__ = exc
                exc = plain
        self.error = exc
        if self.on_error is not None:
            self.on_error(exc)

    def _say(self, line: str) -> None:
        if self.on_status is not None:
            self.on_status(line)

    def _watchdog(self) -> None:
        while not self._stop.wait(min(self.stall_after / 4, 5.0)):
            if not self._thread.is_alive():
                return
            if self.stalled and self.error is None:
                self._fail(TimeoutError(f"the inbox watcher has made no progress for "
                                        f"{round(time.monotonic() - self.beat)} seconds"))
                return

    def _fetch(self, conn: psycopg.Connection, where: str, params: tuple[Any, ...]) -> None:
        rows = conn.execute(f"SELECT {INBOX_COLUMNS} FROM live.inbox WHERE session_id = %s "
                            f"AND ({where}) ORDER BY id", (self.session.id, *params)).fetchall()
        items = [inbox_item(r) for r in rows if r[0] not in self.seen]
        if items:
            self.seen.update(i.id for i in items)
            self.on_rows(items)

    def _listen(self) -> None:
        prefix = f"{self.session.id}:"
        with self.room.connect() as conn:
            conn.execute("LISTEN live_inbox")
            self._fetch(conn, "true", ())
            self._backoff = 0.5
            if self.reconnects:
                self._say(_("The live inbox is connected again; nothing sent was lost."))
            last_sweep = time.monotonic()
            while not self._stop.is_set():
                self.beat = time.monotonic()
                # Payloads are collected first and parsed after: nothing may raise while
                # notifies() holds the connection.
                payloads = [n.payload for n in conn.notifies(timeout=self.interval,
                                                             stop_after=1)]
                payloads += [n.payload for n in conn.notifies(timeout=0.001)]
                wanted = {i for i in (_row_id(p, prefix) for p in payloads)
                          if i is not None and i not in self.seen}
                if wanted:
                    self._fetch(conn, "id = ANY(%s)", (sorted(wanted),))
                if time.monotonic() - last_sweep >= self.sweep:
                    last_sweep = time.monotonic()
                    self._fetch(conn, "received_at > now() - interval '1 minute'", ())

    def _run(self) -> None:
        self._backoff = 0.5
        while not self._stop.is_set():
            try:
                self._listen()
                return
            except psycopg.OperationalError as exc:  # the connection is gone: try again
                if self._stop.is_set():
                    return
                self.reconnects += 1
                wait = self._backoff
                plain = live_problem(exc, getattr(self.room.store, "where", "the database"))
                self._say(_("The live inbox lost its database connection ({reason}); trying "
                            "again in {seconds} seconds. What phones send waits there.").format(
                    reason=plain or exc, seconds=f"{wait:g}"))
                self.beat = time.monotonic() + wait
                self._stop.wait(wait)
                self._backoff = min(wait * 2, self.max_backoff)
            except (psycopg.Error, WorkbookError) as exc:  # shown by the panel
                self._fail(exc)
                return
            except BaseException as exc:
                self._fail(exc)
                raise
