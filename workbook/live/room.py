"""The facilitator's side of the live room: open a session, watch the inbox, decide items.

Everything goes through the facilitator's own PostgreSQL role (a member of
``live_facilitators``), which sees only the sessions it opened. Accepting an item re-checks
it with the contribution rules (``participant.items.check_item``) and takes it in with the
contribution importer (``participant.importer``), exactly as a contribution file of one
item: the same preview, the same "never twice" ledger, one transaction. The dots of an
anonymous vote reach the inbox without a name; they are counted under the keyed voter hash
the participant service made, so the workbook's roll keeps one ballot per participant. A
meeting evaluation also comes without a name, under a keyed hash of its own: it is taken
in by the importer as from an anonymous participant (who is not added to the workbook), and
the hash makes its ledger key, so a second evaluation of the meeting from the same
participant is refused.

Shapes: ``LiveSession`` and ``InboxItem`` are frozen records of one row each; times are
timezone-aware UTC datetimes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ..errors import NotFoundError, ValidationError, WorkbookError
from ..model import Meeting, NameCandidate, NameVote, Problem
from ..participant.contribution import Contribution, item_key
from ..participant.importer import ORG, PERSON, Plan, Step, apply, preview
from ..participant.items import check_item, check_participant, describe, missing_reference
from ..store import Workbook
from . import forms
from .app import CODE_CHARS

__all__ = ["InboxItem", "InboxWatcher", "LiveRoom", "LiveSession"]

MAX_MINUTES = 24 * 60
MAX_TICKETS = 500
ANONYMOUS = {"name": "Anonymous participant", "role": "", "organisation": "Live room",
             "partner_type": "business", "new_organisation": True}
"""Who an anonymous evaluation is from, for the importer; never stored in the workbook."""


@dataclass(frozen=True)
class LiveSession:
    """One live session: its join ``code`` and ``join_url``, when it stops taking input."""

    id: int
    code: str
    meeting_id: int | None
    meeting_label: str
    expires_at: dt.datetime
    state: str
    reveal: bool
    join_url: str
    published: Mapping[str, Any]
    tickets: tuple[str, ...] = ()
    """The join tickets to hand out (only in the object ``open_session`` returns: the
    database keeps a hash of each, never the ticket)."""

    @property
    def has_tickets(self) -> bool:
        return bool(self.published.get("tickets"))

    @property
    def is_open(self) -> bool:
        return self.state == "open" and self.expires_at > dt.datetime.now(dt.UTC)


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


_INBOX_COLUMNS = ("id, session_id, participant_name, organisation, role, partner_type, voter, "
                  "kind, payload, received_at, status, decided_note")


def _inbox_item(row: tuple[Any, ...]) -> InboxItem:
    (row_id, session_id, name, organisation, role, partner_type, voter, kind, payload,
     received, status, note) = row
    return InboxItem(row_id, session_id, {"name": name, "organisation": organisation,
                                          "role": role, "partner_type": partner_type},
                     voter, kind, payload, received, status, note)


def _meeting_label(meeting: Meeting | None) -> str:
    if meeting is None:
        return "Live session"
    objective = " ".join(meeting.objective.split())
    objective = objective if len(objective) <= 80 else objective[:77] + "…"
    return f"{meeting.held_on:%d %B %Y}: {objective}"


class LiveRoom:
    """The facilitator's connection to the live tables (one per notebook).

    ``dsn`` is the facilitator's own role; ``public_url`` is where phones reach the
    participant service (``https://hub.example.org/services/live/``); ``partnership`` the
    slug this workbook is known by in the shared database.
    """

    def __init__(self, dsn: str, public_url: str, partnership: str) -> None:
        self.dsn = dsn
        self.public_url = public_url.rstrip("/") + "/"
        self.partnership = partnership
        # Who an accepted item of a session added to the workbook (name, organization):
        # their later items speak for no one who was there before the session.
        self._introduced: dict[int, set[tuple[str, str]]] = {}

    @classmethod
    def from_env(cls, wb: Workbook, environ: Mapping[str, str] | None = None) -> LiveRoom | None:
        """The room the environment configures (LIVE_FACILITATOR_DB_URL, LIVE_PUBLIC_URL,
        LIVE_PARTNERSHIP), or None when this server has no live room."""
        env = os.environ if environ is None else environ
        dsn = env.get("LIVE_FACILITATOR_DB_URL", "").strip()
        if not dsn:
            return None
        return cls(dsn, env.get("LIVE_PUBLIC_URL", "http://127.0.0.1:9510/"),
                   env.get("LIVE_PARTNERSHIP", "") or wb.partnership_uid())

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)

    # -- sessions ------------------------------------------------------------------------

    def _session(self, row: tuple[Any, ...]) -> LiveSession:
        row_id, code, meeting_id, label, expires, state, reveal, published = row
        return LiveSession(row_id, code, meeting_id, label, expires, state, reveal,
                           f"{self.public_url}s/{code}", published)

    def session(self, session_id: int) -> LiveSession:
        """The session as stored now; ``NotFoundError`` if it is not one of yours."""
        with self.connect() as conn:
            row = conn.execute("SELECT id, code, meeting_id, meeting_label, expires_at, state, "
                               "reveal, published FROM live.sessions WHERE id = %s",
                               (session_id,)).fetchone()
        if row is None:
            raise NotFoundError("live session", session_id, "is not one of yours",
                                "Open a live session from this notebook first.")
        return self._session(row)

    def open_session(self, wb: Workbook, meeting_id: int | None, *,
                     minutes: int = 120, tickets: int = 0) -> LiveSession:
        """Open a session for a meeting; it stops taking input after ``minutes`` or on close.

        ``tickets``: how many personal join tickets to hand out (0: none). With tickets a
        phone joins only with one, and each ticket casts one anonymous ballot and one
        evaluation however often it joins; the returned session's ``tickets`` lists them
        (print them, or read them out). Raises ``ValidationError`` for minutes out of
        1..1440 or tickets out of 0..500, ``NotFoundError`` for a meeting not in the
        workbook.
        """
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValidationError("minutes", minutes, "is out of range",
                                  f"Keep a live session open from 1 to {MAX_MINUTES} minutes.")
        if not 0 <= tickets <= MAX_TICKETS:
            raise ValidationError("join tickets", tickets, "is out of range",
                                  f"Hand out from 0 to {MAX_TICKETS} join tickets.")
        meeting = wb.get(Meeting, meeting_id) if meeting_id is not None else None
        code = "".join(secrets.choice(CODE_CHARS) for _ in range(8))
        handed: set[str] = set()
        while len(handed) < tickets:
            handed.add("".join(secrets.choice(forms.TICKET_CHARS)
                               for _ in range(forms.TICKET_LENGTH)))
        published = self._published(wb, None, meeting_id)
        published["tickets"] = sorted(forms.ticket_hash(code, t) for t in handed)
        with self.connect() as conn:
            row = conn.execute(
                "INSERT INTO live.sessions (code, partnership, meeting_id, meeting_label, "
                "expires_at, published) VALUES (%s, %s, %s, %s, now() + %s, %s) RETURNING id, "
                "code, meeting_id, meeting_label, expires_at, state, reveal, published",
                (code, self.partnership, meeting_id, _meeting_label(meeting),
                 dt.timedelta(minutes=minutes), Jsonb(published))).fetchone()
        assert row is not None
        return dataclasses.replace(self._session(row), tickets=tuple(sorted(handed)))

    def close(self, session: LiveSession) -> LiveSession:
        """Stop taking input now: the join link leads nowhere from this moment."""
        with self.connect() as conn:
            conn.execute("UPDATE live.sessions SET state = 'closed' WHERE id = %s",
                         (session.id,))
        return self.session(session.id)

    def reveal(self, wb: Workbook, session: LiveSession) -> LiveSession:
        """Show every idea sent so far to the room and on the phones, all at once."""
        with self.connect() as conn:
            conn.execute("UPDATE live.sessions SET reveal = true WHERE id = %s", (session.id,))
        return self.publish(wb, self.session(session.id))

    def publish(self, wb: Workbook, session: LiveSession) -> LiveSession:
        """Publish what phones may see now: problems, the vote (results once closed) and,
        after the reveal, the ideas. Call after opening or closing a vote."""
        published = self._published(wb, session, session.meeting_id)
        with self.connect() as conn:
            conn.execute("UPDATE live.sessions SET published = %s WHERE id = %s",
                         (Jsonb(published), session.id))
        return self.session(session.id)

    def evaluation_scope(self, meeting_id: int) -> str:
        """What names meeting ``meeting_id`` of this partnership on the phones: the same for
        every session of the meeting, different for other partnerships' meetings."""
        return hashlib.sha256(f"{self.partnership}\x00{meeting_id}".encode()).hexdigest()[:24]

    def _published(self, wb: Workbook, session: LiveSession | None,
                   meeting_id: int | None) -> dict[str, Any]:
        problems = [{"id": p.id, "statement": p.statement} for p in wb.all(Problem)]
        vote_info: dict[str, Any] | None = None
        vote = wb.open_vote_now()
        if vote is None and session is not None and session.published.get("vote"):
            try:
                vote = wb.get(NameVote, session.published["vote"]["id"])
            except NotFoundError:
                vote = None
        if vote is not None:
            vote_info = {"id": vote.id, "anonymous": vote.anonymous,
                         "dots": vote.dots_per_participant, "status": vote.status,
                         "candidates": [{"id": c.id, "name": c.name}
                                        for c in wb.all(NameCandidate)]}
            if vote.status == "closed":
                vote_info["results"] = [{"name": r.candidate.name, "dots": r.dots}
                                        for r in wb.results(vote.id)]
        ideas: list[str] = []
        if session is not None and session.reveal:
            ideas = [str(i.payload.get("name", "")) for i in self.inbox(session)
                     if i.kind == "name_candidate" and i.status != "rejected"]
        evaluation = ({"meeting_id": meeting_id, "scope": self.evaluation_scope(meeting_id)}
                      if meeting_id is not None else None)
        tickets = list(session.published.get("tickets") or []) if session is not None else []
        return {"problems": problems, "vote": vote_info, "ideas": ideas,
                "evaluation": evaluation, "tickets": tickets}

    # -- the inbox -----------------------------------------------------------------------

    def inbox(self, session: LiveSession, after: int = 0) -> list[InboxItem]:
        """The session's submissions with an id above ``after``, oldest first."""
        with self.connect() as conn:
            rows = conn.execute(f"SELECT {_INBOX_COLUMNS} FROM live.inbox WHERE session_id = "
                                "%s AND id > %s ORDER BY id", (session.id, after)).fetchall()
        return [_inbox_item(r) for r in rows]

    def dots_in(self, session: LiveSession, vote_id: int) -> tuple[int, int]:
        """(ballots, dots) sent for a vote so far: what may show while results stay hidden."""
        ballots = dots = 0
        for i in self.inbox(session):
            if i.kind == "dots" and i.payload.get("vote_id") == vote_id and \
                    i.status != "rejected":
                ballots += 1
                dots += sum(int(a.get("dots", 0)) for a in i.payload.get("allocations", []))
        return ballots, dots

    def checked(self, item: InboxItem) -> dict[str, Any]:
        """The item re-checked by the contribution rules (the row is untrusted input)."""
        author = item.participant["name"] or "anonymous"
        return check_item({**item.payload, "kind": item.kind}, author)

    def contribution(self, wb: Workbook, session: LiveSession, item: InboxItem) -> Contribution:
        """The inbox item as a contribution of one item, for ``importer.preview``/``apply``."""
        person = check_participant({**item.participant, "new_organisation": True})
        checked = self.checked(item)
        checked["item_key"] = item_key(person, checked)
        marker = f"live:{self.partnership}:{session.code}:{item.id}"
        received = item.received_at.astimezone().replace(tzinfo=None, microsecond=0)
        return Contribution(partnership_uid=wb.partnership_uid(),
                            partnership_title=wb.partnership.display_name,
                            meeting_id=session.meeting_id, participant=person,
                            created_at=received, items=(checked,),
                            content_hash=hashlib.sha256(marker.encode()).hexdigest(),
                            size=len(json.dumps(item.payload)))

    def _evaluation_step(self, wb: Workbook, session: LiveSession,
                         item: InboxItem) -> tuple[Plan, Step]:
        """The import plan of an anonymous evaluation and its one step that matters.

        The contribution names an anonymous participant whose organisation and person steps
        are never taken; the item's key comes from the keyed hash, so it is one per
        participant and meeting. Raises ``ValidationError`` for an evaluation of another
        meeting than the session's (a row written past the service).
        """
        checked = self.checked(item)
        if checked["meeting_id"] != session.meeting_id:
            raise ValidationError("evaluation meeting", checked["meeting_id"],
                                  "is not the meeting of this live session",
                                  "Reject it: phones evaluate the session's own meeting.")
        checked["item_key"] = item_key({"name": item.voter, "organisation": "live room"},
                                       checked)
        received = item.received_at.astimezone().replace(tzinfo=None, microsecond=0)
        marker = f"live:{self.partnership}:{session.code}:{item.id}"
        contribution = Contribution(
            partnership_uid=wb.partnership_uid(),
            partnership_title=wb.partnership.display_name, meeting_id=session.meeting_id,
            participant=dict(ANONYMOUS), created_at=received, items=(checked,),
            content_hash=hashlib.sha256(marker.encode()).hexdigest(),
            size=len(json.dumps(item.payload)))
        plan = preview(wb, contribution)
        return plan, plan.step(checked["item_key"])

    def preview(self, wb: Workbook, session: LiveSession, item: InboxItem) -> Plan | str:
        """The import plan of a named item, or one line for an anonymous ballot or
        evaluation (which says nothing of the scores).

        Raises ``WorkbookError`` if the item breaks a rule (then reject it).
        """
        if item.kind == "evaluation":
            _, step = self._evaluation_step(wb, session, item)
            return f"{step.summary}" + (f" ({step.note})" if step.note else "")
        if item.anonymous:
            checked = self.checked(item)
            problem = missing_reference(wb, checked)
            return problem or describe(wb, checked, hide_dots=True)
        return preview(wb, self.contribution(wb, session, item))

    def accept(self, wb: Workbook, session: LiveSession, item: InboxItem, *,
               confirmed: Collection[str] = ()) -> InboxItem:
        """Take the item into the workbook; returns the row as decided, ``note`` saying what
        happened in one line.

        As for a contribution file, only the preview's default steps are taken: a step
        that would replace stored data (a conflict) or speaks for a person or organization
        already in the workbook is taken only when its key is in ``confirmed`` (the
        facilitator confirmed that step on its own). Someone an accepted item of this
        session added (a new person, a new organization) speaks for themselves in their
        later items (for as long as this ``LiveRoom`` lives). A step the preview marks impossible
        (already there, vote closed) is not taken; an item of which nothing is taken is
        marked rejected with the reasons, and one whose steps wait for a confirmation is
        left new. Raises ``WorkbookError`` when the item breaks a rule; the inbox row is
        then left as it was.
        """
        if item.kind == "evaluation":
            plan, step = self._evaluation_step(wb, session, item)
            if not step.possible:
                return self._decide(item, "rejected", step.note)
            apply(wb, plan, accepted={step.key})
            return self._decide(item, "accepted", "anonymous evaluation stored")
        if item.anonymous:
            checked = self.checked(item)
            problem = missing_reference(wb, checked)
            counted = not problem and wb.cast_dots(
                checked["vote_id"], {a["candidate_id"]: a["dots"]
                                     for a in checked["allocations"]}, voter=item.voter)
            note = ("anonymous ballot counted" if counted else
                    problem or "this participant has voted already; dots count once")
            return self._decide(item, "accepted" if counted else "rejected", note)
        plan = preview(wb, self.contribution(wb, session, item))
        sender = (item.participant["name"].strip().casefold(),
                  item.participant["organisation"].strip().casefold())
        introduced = sender in self._introduced.get(session.id, set())
        accepted = {s.key for s in plan.steps
                    if s.default or (s.possible and s.key in confirmed) or
                    (introduced and s.possible and s.speaks_for and not s.conflict)}
        waiting = [s for s in plan.steps if s.possible and s.key not in accepted]
        if waiting and not any(s.key in accepted and s.kind not in ("organisation", "person")
                               for s in plan.steps):
            # Nothing of the item itself would be taken: it waits, untouched, in the inbox.
            return dataclasses.replace(item, note=_needs_confirmation(waiting))
        result = apply(wb, plan, accepted=accepted)
        taken = result.count("accepted") > 0
        if any(step.key in (ORG, PERSON) and step.action == "add" and decision == "accepted"
               for step, decision in result.decisions):
            self._introduced.setdefault(session.id, set()).add(sender)
        reasons = "; ".join(s.note for s, d in result.decisions if d == "skipped" and s.note)
        if waiting:
            reasons = "; ".join(filter(None, [reasons, _needs_confirmation(waiting)]))
        note = result.summary() + (f" ({reasons})" if reasons else "")
        return self._decide(item, "accepted" if taken else "rejected", note)

    def reject(self, item: InboxItem, note: str = "rejected by the facilitator") -> InboxItem:
        """Leave the item out of the workbook for good; returns the row as decided."""
        return self._decide(item, "rejected", note)

    def _decide(self, item: InboxItem, status: str, note: str) -> InboxItem:
        with self.connect() as conn:
            done = conn.execute("UPDATE live.inbox SET status = %s, decided_note = %s "
                                "WHERE id = %s", (status, note[:500], item.id))
            if done.rowcount != 1:
                raise NotFoundError("inbox item", item.id, "is not in one of your sessions",
                                    "Reload the live room and decide what it shows.")
        return dataclasses.replace(item, status=status, note=note[:500])


def _needs_confirmation(steps: list[Step]) -> str:
    said = []
    for step in steps:
        why = (f"speaks for {step.speaks_for}" if step.speaks_for else
               "would replace what is stored" if step.conflict else "")
        said.append(f"{step.summary}: {why}" if why else step.summary)
    return ("not taken without a confirmation of its own: " + "; ".join(said))


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

    def __init__(self, room: LiveRoom, session: LiveSession,
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
        rows = conn.execute(f"SELECT {_INBOX_COLUMNS} FROM live.inbox WHERE session_id = %s "
                            f"AND ({where}) ORDER BY id", (self.session.id, *params)).fetchall()
        items = [_inbox_item(r) for r in rows if r[0] not in self.seen]
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
                self._say("The live inbox is connected again; nothing sent was lost.")
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
                self._say(f"The live inbox lost its database connection ({exc}); trying "
                          f"again in {wait:g} seconds. What phones send waits there.")
                self.beat = time.monotonic() + wait
                self._stop.wait(wait)
                self._backoff = min(wait * 2, self.max_backoff)
            except (psycopg.Error, WorkbookError) as exc:  # shown by the panel
                self._fail(exc)
                return
            except BaseException as exc:
                self._fail(exc)
                raise
