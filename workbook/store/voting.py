"""Naming the effort: candidates, dot votes with hidden results, and the chosen name.

Named votes keep each person's dots; anonymous votes keep only the totals per candidate
and, apart from them, a roll of who has voted, so no ballot can be traced to a person and
nobody's dots count twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from ..errors import RequiredError, Sentence, ValidationError, VoteError
from ..i18n import N_
from ..model import NameCandidate, NameVote, Person
from ..model.naming import VoteTally
from ..model.naming import tally as order_dots
from . import labels
from .history import Changes
from .log import NOT_UNDOABLE, log_change, named, row_json, touch
from .schema import ballot, table_for, tally, vote_roll

__all__ = ["VoteResult", "Voting"]


@dataclass(frozen=True)
class VoteResult:
    candidate: NameCandidate
    dots: int


class Voting(Changes):
    """The naming operations of a workbook (``Workbook`` builds on this)."""

    def _check_name_vote(self, conn: sa.Connection, vote: NameVote,
                         old: NameVote | None) -> None:
        if vote.status == "open" and (old is None or old.status != "open"):
            table = table_for(NameVote)
            other = conn.execute(sa.select(table.c.id).where(
                table.c.status == "open", table.c.id != (vote.id or 0))).first()
            if other is not None:
                raise VoteError(Sentence(N_(
                    "Vote {number} is still open; close it before opening another."),
                    number=other.id))
        if vote.closed_on is not None and vote.closed_on < vote.opened_on:
            raise ValidationError("closed on", vote.closed_on.isoformat(), Sentence(N_(
                "The {field} {value} is before the vote opened. Use {date} or later."),
                date=vote.opened_on.isoformat()))

    @named(labels.open_vote)
    def open_vote(self, *, dots_per_participant: int = 3, anonymous: bool = False,
                  meeting_id: int | None = None, opened_on: dt.date | None = None,
                  max_dots_per_candidate: int | None = None) -> NameVote:
        """Open a dot vote: each voter gets ``dots_per_participant`` (1 to 12) dots and may
        put at most ``max_dots_per_candidate`` on one candidate (None: no cap; 1: one
        dot per candidate)."""
        if self.count(NameCandidate) < 2:
            raise VoteError(Sentence(N_(
                "A vote needs at least two name candidates; add more first.")))
        return self.add(NameVote(dots_per_participant=dots_per_participant,
                                 anonymous=anonymous, meeting_id=meeting_id,
                                 opened_on=opened_on or dt.date.today(),
                                 max_dots_per_candidate=max_dots_per_candidate))

    def open_vote_now(self) -> NameVote | None:
        found = self.all(NameVote, status="open")
        return found[0] if found else None

    @named(labels.cast_dots)
    def cast_dots(self, vote_id: int | None, allocations: Mapping[int, int], *,
                  person_id: int | None = None, voter: str | None = None) -> bool:
        """Record one participant's dots; returns False if they had voted already.

        A named vote needs ``person_id``. An anonymous vote takes a ``person_id`` (kept
        only on the roll of who voted) or nothing, for a paper ballot typed in live.
        ``voter`` is an explicit roll key (contribution imports pass one).
        """
        allocations = {int(c): int(d) for c, d in allocations.items() if int(d) != 0}
        with self._write() as conn:
            vote = self._get(conn, NameVote, vote_id)
            if vote.status != "open":
                raise VoteError(Sentence(N_(
                    "Vote {number} is closed; dots can no longer be cast. Open a new vote if "
                    "the group wants to vote again."), number=vote_id))
            if any(d < 0 for d in allocations.values()):
                raise ValidationError("dots", min(allocations.values()), Sentence(N_(
                    "The {field} {value} is negative. Give each candidate zero or more dots.")))
            total = sum(allocations.values())
            if total == 0:
                raise ValidationError("dots", 0, Sentence(N_(
                    "The {field} {value} were not given to any candidate. Put at least one dot "
                    "on a candidate.")))
            if total > vote.dots_per_participant:
                raise VoteError(Sentence(N_(
                    "{total} dots were given but each participant has {allowed}; take some "
                    "back."), total=total, allowed=vote.dots_per_participant))
            cap = vote.max_dots_per_candidate
            if cap is not None and max(allocations.values()) > cap:
                name = self._get(conn, NameCandidate,
                                 max(allocations, key=lambda c: allocations[c])).name
                raise VoteError(Sentence(
                    N_("{dots} dots were put on {name} but this vote allows one dot per "
                       "candidate; spread them over other candidates.") if cap == 1 else
                    N_("{dots} dots were put on {name} but this vote allows {cap} dots per "
                       "candidate; spread them over other candidates."),
                    dots=max(allocations.values()), name=repr(name), cap=cap))
            for candidate_id in allocations:
                self._get(conn, NameCandidate, candidate_id)
            if person_id is not None:
                self._get(conn, Person, person_id)
            elif not vote.anonymous:
                raise ValidationError("voter", None, Sentence(N_(
                    "The {field} is missing in a named vote. Pick who is voting.")))
            key = voter or (f"person:{person_id}" if person_id is not None
                            else f"paper:{uuid.uuid4().hex}")
            already = conn.execute(sa.select(vote_roll.c.voter).where(
                vote_roll.c.vote_id == vote_id, vote_roll.c.voter == key)).first()
            if already is not None:
                return False
            conn.execute(sa.insert(vote_roll).values(vote_id=vote_id, voter=key))
            if vote.anonymous:  # logged without dots or voter: the log keeps the secret
                log_change(conn, NOT_UNDOABLE, "name_vote", vote_id, None, None)
            else:
                log_change(conn, "link_add", "vote_roll", vote_id, None,
                           row_json({"vote_id": vote_id, "voter": key}))
            for candidate_id, dots in allocations.items():
                if vote.anonymous:
                    self._add_to_tally(conn, vote.id, candidate_id, dots)
                else:
                    row = {"vote_id": vote_id, "person_id": person_id,
                           "candidate_id": candidate_id, "dots": dots}
                    conn.execute(sa.insert(ballot).values(**row))
                    log_change(conn, "link_add", "ballot", vote_id, None, row_json(row))
            touch(conn, "ballot", vote_id)
        return True

    @staticmethod
    def _add_to_tally(conn: sa.Connection, vote_id: int | None, candidate_id: int,
                      dots: int) -> None:
        updated = conn.execute(sa.update(tally).where(
            tally.c.vote_id == vote_id, tally.c.candidate_id == candidate_id)
            .values(dots=tally.c.dots + dots))
        if updated.rowcount == 0:
            conn.execute(sa.insert(tally).values(vote_id=vote_id, candidate_id=candidate_id,
                                                 dots=dots))

    def ballots_cast(self, vote_id: int | None) -> int:
        """How many participants have voted (shown while results stay hidden)."""
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(vote_roll)
                                    .where(vote_roll.c.vote_id == vote_id)).scalar_one())

    def has_voted(self, vote_id: int | None, person_id: int | None) -> bool:
        with self._read() as conn:
            return conn.execute(sa.select(vote_roll.c.voter).where(
                vote_roll.c.vote_id == vote_id,
                vote_roll.c.voter == f"person:{person_id}")).first() is not None

    @named(labels.close_vote)
    def close_vote(self, vote_id: int | None, closed_on: dt.date | None = None) -> NameVote:
        vote = self.get(NameVote, vote_id)
        if vote.status == "closed":
            raise VoteError(Sentence(N_("Vote {number} is already closed."), number=vote_id))
        return self.update(NameVote, vote_id, {"status": "closed",
                                               "closed_on": closed_on or dt.date.today()})

    @named(labels.reopen_vote)
    def reopen_vote(self, vote_id: int | None) -> NameVote:
        """Open a closed vote again (closed too early, say); refused while another is open."""
        vote = self.get(NameVote, vote_id)
        if vote.status == "open":
            raise VoteError(Sentence(N_("Vote {number} is already open."), number=vote_id))
        return self.update(NameVote, vote_id, {"status": "open", "closed_on": None})

    def results(self, vote_id: int | None) -> list[VoteResult]:
        """Dots per candidate, most first; refused while the vote is open."""
        vote = self.get(NameVote, vote_id)
        if vote.status != "closed":
            raise VoteError(Sentence(N_(
                "Results stay hidden until the vote is closed; close it first.")))
        source = tally if vote.anonymous else ballot
        query = (sa.select(source.c.candidate_id, sa.func.sum(source.c.dots))
                 .where(source.c.vote_id == vote_id).group_by(source.c.candidate_id))
        with self._read() as conn:
            dots = {cid: int(total) for cid, total in conn.execute(query)}
        candidates = self.all(NameCandidate)
        results = [VoteResult(c, dots.get(c.id, 0)) for c in candidates]
        return sorted(results, key=lambda r: (-r.dots, r.candidate.name.casefold()))

    def vote_tally(self, vote_id: int | None) -> VoteTally:
        """The closed vote's dots per candidate name with its leaders (a tie has several)."""
        return order_dots({r.candidate.name: r.dots for r in self.results(vote_id)})

    def named_ballots(self, vote_id: int | None) -> list[tuple[int, int, int]]:
        """(person id, candidate id, dots) of a named, closed vote; never of anonymous ones."""
        vote = self.get(NameVote, vote_id)
        if vote.anonymous or vote.status != "closed":
            return []
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(ballot.c.person_id, ballot.c.candidate_id, ballot.c.dots)
                .where(ballot.c.vote_id == vote_id))]

    @named(labels.choose_name)
    def choose_name(self, candidate_id: int | None, reason: str, chosen_on: dt.date | None = None):
        if not (reason or "").strip():
            raise RequiredError("name reason", reason,
                                Sentence(N_("Say in a sentence why the group chose this name.")))
        candidate = self.get(NameCandidate, candidate_id)
        return self.update_partnership(name=candidate.name, name_reason=reason,
                                       name_chosen_on=chosen_on or dt.date.today())
