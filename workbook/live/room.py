"""The facilitator's side of the live room: open a session, watch the inbox, decide items.

The sessions and inbox are kept by a backend (``backend.Inbox``): on a hub, the ``live``
schema through the facilitator's own PostgreSQL role (a member of ``live_facilitators``),
which sees only the sessions it opened; on a laptop, the workbook file's own tables
(``sqlite_inbox``). Accepting an item re-checks it with the contribution rules
(``participant.items.check_item``) and takes it in with the contribution importer
(``participant.importer``), exactly as a contribution file of one item: the same preview,
the same "never twice" ledger, one step of the workbook's history. The dots of an
anonymous vote reach the inbox without a name; they are counted under the keyed voter hash
the participant service made, so the workbook's roll keeps one ballot per participant. A
meeting evaluation also comes without a name, under a keyed hash of its own: it is taken
in by the importer as from an anonymous participant (who is not added to the workbook),
and the hash makes its ledger key, so a second evaluation of the meeting from the same
participant is refused.

Shapes: ``LiveSession`` and ``InboxItem`` are frozen records of one row each; times are
timezone-aware UTC datetimes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg

from ..errors import NotFoundError, Sentence, ValidationError
from ..i18n import N_, _, format_date
from ..model import Meeting, NameCandidate, NameVote, Problem
from ..participant.contribution import Contribution, item_key
from ..participant.importer import ORG, PERSON, Plan, Step, apply, preview
from ..participant.items import check_item, check_participant, describe, missing_reference
from ..store import Workbook
from . import forms, polls
from .app import CODE_CHARS
from .backend import Inbox, InboxItem, InboxWatcher, PostgresInbox, SessionRow, Watcher, not_yours

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


def _objective(meeting: Meeting) -> str:
    objective = " ".join(meeting.objective.split())
    return objective if len(objective) <= 80 else objective[:77] + "…"


def _meeting_label(meeting: Meeting | None) -> str:
    # Written once, when the session opens, in the facilitator's language; the phones name
    # the meeting in their own from the published day and objective (phone_words).
    if meeting is None:
        return _("Live session")
    return _("{date}: {objective}").format(date=format_date(meeting.held_on),
                                           objective=_objective(meeting))


class LiveRoom:
    """The facilitator's connection to the live tables (one per notebook).

    ``store`` is where the sessions and inbox are kept: a PostgreSQL DSN of the
    facilitator's own role (a hub), or an ``Inbox`` (``SqliteInbox`` of the workbook file,
    for the laptop's live room); ``public_url`` is where phones reach the participant
    service (``https://hub.example.org/services/live/``); ``partnership`` the slug this
    workbook is known by in the shared database.
    """

    def __init__(self, store: str | Inbox, public_url: str, partnership: str) -> None:
        self.store: Inbox = PostgresInbox(store) if isinstance(store, str) else store
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
        """A connection of the facilitator's PostgreSQL role (the hub's backend only)."""
        if not isinstance(self.store, PostgresInbox):
            raise TypeError("only a PostgreSQL live room has a database connection")
        return self.store.connect()

    def watch(self, session: LiveSession, on_rows: Callable[[list[InboxItem]], None], *,
              interval: float = 1.0, sweep: float = 5.0,
              on_error: Callable[[BaseException], None] | None = None,
              on_status: Callable[[str], None] | None = None) -> Watcher:
        """A watcher (not started) handing new rows of ``session`` to ``on_rows``;
        ``on_status`` hears when a lost connection is being mended and when it is back."""
        return self.store.watch(self, session, on_rows, interval=interval, sweep=sweep,
                                on_error=on_error, on_status=on_status)

    def latest_open(self) -> LiveSession | None:
        """The newest session of this store still taking input, or None."""
        row = self.store.latest_open()
        return self._session(row) if row is not None else None

    # -- sessions ------------------------------------------------------------------------

    def _session(self, row: SessionRow | tuple[Any, ...]) -> LiveSession:
        row_id, code, meeting_id, label, expires, state, reveal, published = row
        return LiveSession(row_id, code, meeting_id, label, expires, state, reveal,
                           f"{self.public_url}s/{code}", published)

    def session(self, session_id: int) -> LiveSession:
        """The session as stored now; ``NotFoundError`` if it is not one of yours."""
        row = self.store.session(session_id)
        if row is None:
            raise NotFoundError("live session", session_id, Sentence(N_(
                "The {field} {value} is not one of yours. Open a live session from this "
                "notebook first.")))
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
            raise ValidationError("minutes", minutes, Sentence(N_(
                "The {field} {value} is out of range. Keep a live session open from 1 to "
                "{most} minutes."), most=MAX_MINUTES))
        if not 0 <= tickets <= MAX_TICKETS:
            raise ValidationError("join tickets", tickets, Sentence(N_(
                "The {field} {value} is out of range. Hand out from 0 to {most} join "
                "tickets."), most=MAX_TICKETS))
        meeting = wb.get(Meeting, meeting_id) if meeting_id is not None else None
        code = "".join(secrets.choice(CODE_CHARS) for _ in range(8))
        handed: set[str] = set()
        while len(handed) < tickets:
            handed.add("".join(secrets.choice(forms.TICKET_CHARS)
                               for _ in range(forms.TICKET_LENGTH)))
        published = self._published(wb, None, meeting_id)
        published["tickets"] = sorted(forms.ticket_hash(code, t) for t in handed)
        row = self.store.open_session(code, self.partnership, meeting_id,
                                      _meeting_label(meeting), minutes, published)
        return dataclasses.replace(self._session(row), tickets=tuple(sorted(handed)))

    def close(self, session: LiveSession) -> LiveSession:
        """Stop taking input now: the join link leads nowhere from this moment."""
        self.store.set_state(session.id, "closed")
        return self.session(session.id)

    def reveal(self, wb: Workbook, session: LiveSession) -> LiveSession:
        """Show every idea sent so far to the room and on the phones, all at once."""
        self.store.set_reveal(session.id)
        return self.publish(wb, self.session(session.id))

    def publish(self, wb: Workbook, session: LiveSession) -> LiveSession:
        """Publish what phones may see now: problems, the vote (results once closed) and,
        after the reveal, the ideas. Call after opening or closing a vote."""
        published = self._published(wb, session, session.meeting_id)
        self.store.set_published(session.id, published)
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
        poll = dict(session.published.get("poll") or {}) if session is not None else {}
        if poll.get("revealed") and session is not None:
            poll["results"] = self.poll_results(session, poll)
        held = wb.all(Meeting, id=meeting_id) if meeting_id is not None else []
        meeting = ({"held_on": held[0].held_on.isoformat(), "objective": _objective(held[0])}
                   if held else None)
        return {"problems": problems, "vote": vote_info, "ideas": ideas,
                "evaluation": evaluation, "poll": poll or None, "join_base": self.public_url,
                "tickets": tickets, "meeting": meeting}

    # -- the quick poll ------------------------------------------------------------------

    def open_poll(self, wb: Workbook, session: LiveSession, question: str,
                  choices: list[str] | None) -> LiveSession:
        """Put a new quick poll on the phones (it replaces the last one; ``polls.new_poll``
        raises ``ValidationError`` for a question or choices that do not fit)."""
        poll = polls.new_poll(question, choices)
        published = {**self._published(wb, session, session.meeting_id), "poll": poll}
        self.store.set_published(session.id, published)
        return self.session(session.id)

    def poll_results(self, session: LiveSession,
                     poll: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The poll's counts now (each phone's last answer), whether revealed or not: the
        panel shows them only once revealed."""
        poll = poll if poll is not None else session.published.get("poll")
        if not poll:
            return []
        return polls.tally(poll, ((i.voter, i.payload) for i in self.inbox(session)
                                  if i.kind == "poll" and i.status != "rejected"))

    def reveal_poll(self, wb: Workbook, session: LiveSession) -> LiveSession:
        """Show the poll's results on the projected screen and the phones; later answers
        still count and show at the next publish."""
        poll = session.published.get("poll")
        if not poll:
            raise ValidationError("poll", "", Sentence(N_(
                "The {field} is not open. Open a quick poll first, then reveal its "
                "results.")))
        self.store.set_published(session.id, {**session.published,
                                              "poll": {**poll, "revealed": True}})
        return self.publish(wb, self.session(session.id))

    # -- the inbox -----------------------------------------------------------------------

    def inbox(self, session: LiveSession, after: int = 0) -> list[InboxItem]:
        """The session's submissions with an id above ``after``, oldest first."""
        return self.store.items(session.id, after)

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
                                  Sentence(N_(
                "The {field} {value} is not the meeting of this live session. Reject it: phones "
                "evaluate the session's own meeting.")))
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
        if item.kind == "poll":
            return "an anonymous answer to the quick poll, counted in its results"
        if item.kind == "evaluation":
            _plan, step = self._evaluation_step(wb, session, item)
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
        later items (for as long as this ``LiveRoom`` lives). An item whose steps wait for
        a confirmation is left new, its ``note`` saying which.

        Everything the item changes in the workbook is one step of its history, named
        "Accept ... from the live room", which one Undo takes back whole; the inbox row is
        marked after that step is stored (so call this outside a ``wb.change`` block: the
        file's inbox is written on a connection of its own). A step the preview marks
        impossible (already there, vote closed) is not taken and the item is marked
        rejected with that reason. Raises ``WorkbookError`` when the item breaks a rule;
        the inbox row is then left as it was.
        """
        if item.kind == "poll":  # counted already; nothing of it goes into the workbook
            return self._decide(item, "accepted", _("poll answer counted"))
        label = _(_ACCEPT_LABELS.get(item.kind, _ACCEPT_ITEM)).format(number=item.id)
        with wb.change(label, source="live room"):
            status, note = self._take(wb, session, item, confirmed)
        if status == "new":  # waits for a confirmation: the row stays as it is
            return dataclasses.replace(item, note=note)
        return self._decide(item, status, note)

    def _take(self, wb: Workbook, session: LiveSession, item: InboxItem,
              confirmed: Collection[str] = ()) -> tuple[str, str]:
        """The workbook's side of ``accept``: (status, note) for the inbox row ("new":
        nothing taken, it waits for a confirmation)."""
        if item.kind == "evaluation":
            plan, step = self._evaluation_step(wb, session, item)
            if not step.possible:
                return "rejected", step.note
            apply(wb, plan, accepted={step.key})
            return "accepted", _("anonymous evaluation stored")
        if item.anonymous:
            checked = self.checked(item)
            problem = missing_reference(wb, checked)
            counted = not problem and wb.cast_dots(
                checked["vote_id"], {a["candidate_id"]: a["dots"]
                                     for a in checked["allocations"]}, voter=item.voter)
            note = (_("anonymous ballot counted") if counted else
                    problem or _("this participant has voted already; dots count once"))
            return ("accepted" if counted else "rejected"), note
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
            return "new", _needs_confirmation(waiting)
        result = apply(wb, plan, accepted=accepted)
        taken = result.count("accepted") > 0
        if any(step.key in (ORG, PERSON) and step.action == "add" and decision == "accepted"
               for step, decision in result.decisions):
            self._introduced.setdefault(session.id, set()).add(sender)
        reasons = "; ".join(s.note for s, d in result.decisions if d == "skipped" and s.note)
        if waiting:
            reasons = "; ".join(filter(None, [reasons, _needs_confirmation(waiting)]))
        note = _("{summary} ({reasons})").format(summary=result.summary(), reasons=reasons) \
            if reasons else result.summary()
        return ("accepted" if taken else "rejected"), note

    def reject(self, item: InboxItem, note: str | None = None) -> InboxItem:
        """Leave the item out of the workbook for good; returns the row as decided (its
        note ``note``, by default "rejected by the facilitator" in the current language)."""
        return self._decide(item, "rejected",
                            _("rejected by the facilitator") if note is None else note)

    def _decide(self, item: InboxItem, status: str, note: str) -> InboxItem:
        if not self.store.decide(item.id, status, note[:500]):
            raise not_yours(item.id)
        return dataclasses.replace(item, status=status, note=note[:500])


_ACCEPT_ITEM = N_("Accept item #{number} from the live room")
_ACCEPT_LABELS = {
    "name_candidate": N_("Accept idea #{number} from the live room"),
    "cause": N_("Accept cause #{number} from the live room"),
    "resource": N_("Accept resource #{number} from the live room"),
    "solution": N_("Accept solution #{number} from the live room"),
    "profile": N_("Accept profile #{number} from the live room"),
    "comment": N_("Accept comment #{number} from the live room"),
    "dots": N_("Accept dots #{number} from the live room"),
    "evaluation": N_("Accept evaluation #{number} from the live room"),
}
"""The history's name of an accepted item's step, by kind (put in words when accepted)."""


def _needs_confirmation(steps: list[Step]) -> str:
    said = []
    for step in steps:
        # A ballot's dots stay hidden while its vote is open: the note may be projected.
        what = _("A ballot") if step.kind == "dots" else step.summary
        if step.speaks_for:
            said.append(_("{what}: speaks for {who}").format(what=what, who=step.speaks_for))
        elif step.conflict:
            said.append(_("{what}: would replace what is stored").format(what=what))
        else:
            said.append(what)
    return _("Waits for your confirmation before it is taken. {steps}.").format(
        steps="; ".join(said))
