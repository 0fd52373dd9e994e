"""The meeting itself: timed agenda items, carried-over actions, and the decision log.

``Workbook`` builds on this mixin. The ``_check_<kind>`` methods are found by
``Store._check`` and hold the rules that need other rows: an agenda item a decision came
under belongs to the same meeting; a decision supersedes only an earlier one, at most one
later decision supersedes any decision, and chains never loop; an action is reviewed only
at a meeting later than the one it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa

from .. import reference as ref_data
from ..errors import Sentence, ValidationError
from ..i18n import N_, _, format_date
from ..model import (
    STANCES,
    ActionItem,
    ActionReview,
    AgendaItem,
    Decision,
    Meeting,
    Person,
)
from ..model.text import comparable as fold
from . import labels
from .core import Store
from .log import named
from .schema import decision_stance, table_for

__all__ = ["MeetingRoom"]


def _order(meeting: Meeting) -> tuple[dt.date, int]:
    return (meeting.held_on, meeting.id or 0)


class MeetingRoom(Store):
    """Time boxes, carry-over and decisions of a workbook (``Workbook`` builds on this)."""

    # -- time boxes ------------------------------------------------------------------------

    def agenda_items(self, meeting_id: int) -> list[AgendaItem]:
        """The timed agenda of one meeting, in its order."""
        return sorted(self.all(AgendaItem, meeting_id=meeting_id),
                      key=lambda i: (i.position, i.id or 0))

    @named(labels.time_agenda)
    def time_agenda(self, meeting_id: int, minutes: int = 10) -> list[AgendaItem]:
        """Give every line of the meeting's agenda not yet timed a time box of ``minutes``.

        Returns the whole timed agenda. Lines already timed (same title) are left alone.
        """
        meeting = self.get(Meeting, meeting_id)
        items = self.agenda_items(meeting_id)
        timed = {fold(i.title) for i in items}
        start = max((i.position for i in items), default=0)
        new = [AgendaItem(meeting_id=meeting_id, position=start + n, title=line.splitlines()[0],
                          minutes=minutes)
               for n, line in enumerate((x for x in meeting.agenda
                                         if fold(x.splitlines()[0]) not in timed), start=1)]
        self.add_all(new)
        return self.agenda_items(meeting_id)

    def record_time_spent(self, item_id: int, seconds: float) -> AgendaItem:
        """Store the time actually spent on one agenda item, in whole seconds."""
        return self.update(AgendaItem, item_id, {"spent_seconds": int(round(seconds))})

    # -- carry-over ------------------------------------------------------------------------

    def actions_to_review(self, meeting_id: int) -> list[ActionItem]:
        """Open actions of earlier meetings that this meeting has not reviewed yet.

        Ordered by due date (undated last), then by id.
        """
        meeting = self.get(Meeting, meeting_id)
        # One query for just those rows: a large partnership has thousands of actions.
        actions, meetings = table_for(ActionItem), table_for(Meeting)
        reviews = table_for(ActionReview)
        earlier = sa.select(meetings.c.id).where(sa.or_(
            meetings.c.held_on < meeting.held_on,
            sa.and_(meetings.c.held_on == meeting.held_on, meetings.c.id < meeting.id)))
        reviewed = sa.select(reviews.c.action_id).where(reviews.c.meeting_id == meeting_id)
        query = sa.select(actions).where(actions.c.status.in_(("open", "in_progress")),
                                         actions.c.meeting_id.in_(earlier),
                                         actions.c.id.not_in(reviewed))
        with self._read() as conn:
            found = [self._load(ActionItem, row) for row in conn.execute(query).mappings()]
        return sorted(found, key=lambda a: (a.due_on is None, a.due_on or dt.date.min, a.id))

    def reviews(self, meeting_id: int) -> list[ActionReview]:
        """The actions reviewed at one meeting, in the order they were reviewed."""
        return self.all(ActionReview, meeting_id=meeting_id)

    def _check_action_review(self, conn: sa.Connection, review: ActionReview,
                             old: ActionReview | None) -> None:
        meeting = self._get(conn, Meeting, review.meeting_id)
        action = self._get(conn, ActionItem, review.action_id)
        source = (self._get(conn, Meeting, action.meeting_id)
                  if action.meeting_id is not None else None)
        if source is None or _order(source) >= _order(meeting):
            raise ValidationError("action", action.action[:60],
                                  Sentence(N_(
                "The {field} {value} did not come from an earlier meeting. Review only the "
                "actions earlier meetings agreed.")))
        if review.new_due_on is not None and review.new_due_on < meeting.held_on:
            raise ValidationError("new due on", review.new_due_on.isoformat(), Sentence(N_(
                "The {field} {value} is before this meeting. Use {date} or later."),
                date=meeting.held_on.isoformat()))

    @named(labels.review_action)
    def review_action(self, meeting_id: int, action_id: int, outcome: str, *,
                      new_due_on: dt.date | str | None = None,
                      reason: str = "") -> ActionReview:
        """Record what became of an earlier action and change the action to match.

        ``outcome`` is done (the action is marked done on the meeting's day), still_open
        (``new_due_on`` required: its new due date) or dropped (``reason`` required). The
        review and the change are stored together or not at all. Raises ValidationError,
        DuplicateError (already reviewed at this meeting) or NotFoundError.
        """
        meeting = self.get(Meeting, meeting_id)
        action = self.get(ActionItem, action_id)
        review = ActionReview(meeting_id=meeting_id, action_id=action_id, outcome=outcome,
                              new_due_on=cast(Any, new_due_on), reason=reason,
                              previous_status=action.status, previous_due_on=action.due_on)
        if not action.is_open:
            raise ValidationError("action", action.action[:60], Sentence(N_(
                "The {field} {value} is already marked \"{status}\". Only open actions are "
                "reviewed."), status=Sentence(ref_data.ACTION_STATUSES.raw.get(
                    action.status, action.status))))
        changes: dict[str, object]
        if review.outcome == "done":
            changes = {"status": "done", "done_on": meeting.held_on}
        elif review.outcome == "dropped":
            note = _("Dropped at the meeting of {date}: {reason}").format(
                date=format_date(meeting.held_on, "medium"), reason=review.reason)
            changes = {"status": "dropped",
                       "notes": f"{action.notes}\n{note}".strip()[:10_000]}
        else:
            changes = {"due_on": review.new_due_on}
        with self.transaction():
            stored = self.add(review)
            self.update(ActionItem, action_id, changes)
        return stored

    # -- the decision log ------------------------------------------------------------------

    def _check_decision(self, conn: sa.Connection, decision: Decision,
                        old: Decision | None) -> None:
        meeting = self._get(conn, Meeting, decision.meeting_id)
        if decision.agenda_item_id is not None:
            item = self._get(conn, AgendaItem, decision.agenda_item_id)
            if item.meeting_id != decision.meeting_id:
                raise ValidationError("agenda item", item.title,
                                      Sentence(N_(
                    "The {field} {value} belongs to another meeting. Pick an item of this "
                    "meeting's agenda, or none.")))
        if decision.supersedes_id is None or (
                old is not None and old.supersedes_id == decision.supersedes_id):
            return
        earlier = self._get(conn, Decision, decision.supersedes_id)
        earlier_meeting = self._get(conn, Meeting, earlier.meeting_id)
        if _order(earlier_meeting) > _order(meeting):
            raise ValidationError("supersedes", earlier.text[:60],
                                  Sentence(N_(
                "The {field} {value} was decided at a later meeting. A decision can only "
                "replace one made before it.")))
        table = table_for(Decision)
        other = conn.execute(sa.select(table.c.id).where(
            table.c.supersedes_id == earlier.id,
            table.c.id != (decision.id or 0))).first()
        if other is not None:
            raise ValidationError("supersedes", earlier.text[:60], Sentence(N_(
                "The {field} {value} is already replaced by decision {number}. Supersede that "
                "later decision instead."), number=other.id))
        seen = {decision.id}
        step: Decision | None = earlier
        while step is not None:
            if step.id in seen:
                raise ValidationError("supersedes", earlier.text[:60],
                                      Sentence(N_(
                    "The {field} {value} would make decisions replace each other in a loop. "
                    "Pick a decision this one really replaces.")))
            seen.add(step.id)
            step = (self._get(conn, Decision, step.supersedes_id)
                    if step.supersedes_id is not None else None)

    @named(labels.record_decision)
    def record_decision(self, decision: Decision, *, agreed: Iterable[int] = (),
                        stood_aside: Iterable[int] = ()) -> Decision:
        """Store a decision with who agreed and who stood aside, together or not at all."""
        with self.transaction():
            stored = self.add(decision)
            assert stored.id is not None
            self.set_stances(stored.id, agreed=agreed, stood_aside=stood_aside)
        return stored

    @named(labels.set_stances)
    def set_stances(self, decision_id: int, *, agreed: Iterable[int] = (),
                    stood_aside: Iterable[int] = ()) -> None:
        """Replace who agreed with and who stood aside from one decision.

        Raises ValidationError when one person is in both, NotFoundError for an unknown
        person or decision.
        """
        agreed, stood_aside = list(dict.fromkeys(agreed)), list(dict.fromkeys(stood_aside))
        both = set(agreed) & set(stood_aside)
        with self._write() as conn:
            self._get(conn, Decision, decision_id)
            if both:
                name = self._get(conn, Person, min(both)).name
                raise ValidationError("stood aside", name, Sentence(N_(
                    "The {field} {value} is also marked as agreeing. Mark each person either "
                    "agreed or stood aside.")))
            for person_id in (*agreed, *stood_aside):
                self._get(conn, Person, person_id)
            rows = ([{"decision_id": decision_id, "person_id": p, "stance": "agreed"}
                     for p in agreed]
                    + [{"decision_id": decision_id, "person_id": p, "stance": "stood_aside"}
                       for p in stood_aside])
            self._replace_links(conn, decision_stance, rows,
                                decision_stance.c.decision_id == decision_id,
                                entity_key="decision_id")

    def stances(self, decision_id: int) -> dict[str, list[Person]]:
        """``{"agreed": [...], "stood_aside": [...]}``: people by name."""
        people = table_for(Person)
        query = (sa.select(decision_stance.c.stance, people)
                 .join(people, people.c.id == decision_stance.c.person_id)
                 .where(decision_stance.c.decision_id == decision_id)
                 .order_by(people.c.name))
        result: dict[str, list[Person]] = {key: [] for key in STANCES}
        with self._read() as conn:
            for row in conn.execute(query).mappings():
                result[row["stance"]].append(self._load(Person, dict(row)))
        return result

    def stance_rows(self) -> list[tuple[int, int, str]]:
        """Every (decision id, person id, stance): for analyses and exports."""
        with self._read() as conn:
            return [(int(d), int(p), str(s)) for d, p, s in conn.execute(
                sa.select(decision_stance.c.decision_id, decision_stance.c.person_id,
                          decision_stance.c.stance))]

    def decisions(self, meeting_id: int | None = None) -> list[Decision]:
        """Decisions of one meeting (or all), oldest meeting first, then as recorded."""
        found = (self.all(Decision, meeting_id=meeting_id) if meeting_id is not None
                 else self.all(Decision))
        meetings = {m.id: m for m in self.all(Meeting)}
        return sorted(found, key=lambda d: (_order(meetings[d.meeting_id]), d.id))

    def superseded_by(self, decision_id: int) -> Decision | None:
        """The later decision that replaced this one, if any (the link the other way)."""
        found = self.all(Decision, supersedes_id=decision_id)
        return found[0] if found else None

    def search_decisions(self, words: str) -> list[Decision]:
        """Decisions of every meeting whose text or reason holds every word of ``words``.

        Case and accents as typed are compared the way names are (``model.text.fold``);
        newest meeting first. An empty search finds every decision.
        """
        terms = [fold(t) for t in (words or "").split()]
        found = [d for d in self.decisions()
                 if all(t in fold(f"{d.text} {d.rationale}") for t in terms)]
        return list(reversed(found))
