"""Summary sections of the meeting itself: decisions, time boxes, carry-over, evaluation.

Each builder returns a plain record (or ``None``/empty when there is nothing to say) that
a fragment template renders; everything typed is escaped there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..analyses.evaluation import EvaluationPoint, MeetingEvaluation, evaluate, evaluation_trend
from ..i18n import _, format_date
from ..model import DECISION_METHODS, REVIEW_OUTCOMES, ActionItem, Meeting, Person
from ..model.timebox import clock
from ..reference import ACTION_STATUSES
from ..store import Workbook

__all__ = ["CarryOver", "DecisionRow", "Evaluation", "ReviewRow", "TimeBoxes", "TimeRow",
           "carry_over", "decision_rows", "evaluation", "time_boxes"]


@dataclass(frozen=True)
class DecisionRow:
    text: str
    method: str
    agenda_item: str
    rationale: str
    agreed: tuple[str, ...]
    stood_aside: tuple[str, ...]
    supersedes: str  # "<text> (<date>)" of the decision this one replaces, or ""
    superseded_by: str  # the same for a later decision that replaced this one


@dataclass(frozen=True)
class TimeRow:
    title: str
    minutes: int
    spent: str  # M:SS, or "" when the item was not run
    over: str  # M:SS over the time box, or ""


@dataclass(frozen=True)
class TimeBoxes:
    rows: tuple[TimeRow, ...]
    planned_minutes: int
    spent: str
    overruns: int


@dataclass(frozen=True)
class ReviewRow:
    action: str
    owner: str
    outcome: str
    before: str  # status and due date before the review
    after: str  # what changed
    reason: str


@dataclass(frozen=True)
class CarryOver:
    reviewed: tuple[ReviewRow, ...]
    not_reviewed: int  # open actions of earlier meetings this meeting did not review


@dataclass(frozen=True)
class Evaluation:
    result: MeetingEvaluation
    trend: tuple[EvaluationPoint, ...]


def _meetings(wb: Workbook) -> dict[int, Meeting]:
    return {m.id: m for m in wb.all(Meeting) if m.id is not None}


def decision_rows(wb: Workbook, meeting: Meeting, *,
                  people: Mapping[int, str] | None = None) -> tuple[DecisionRow, ...]:
    """The meeting's decisions in the order they were recorded, with their links.

    ``people`` (id -> name), when the caller has read them already, spares reading every
    person again; without it they are read only if someone took a stance.
    """
    assert meeting.id is not None
    own = wb.decisions(meeting.id)
    if not own:
        return ()
    meetings = _meetings(wb)
    items = {i.id: i.title for i in wb.agenda_items(meeting.id)}
    own_ids = {d.id for d in own}
    taken = [row for row in wb.stance_rows() if row[0] in own_ids]
    if people is None:
        people = {int(p.id or 0): p.name for p in wb.all(Person)} if taken else {}
    stances: dict[int, dict[str, list[str]]] = {}
    for decision_id, person_id, stance in taken:
        stances.setdefault(decision_id, {}).setdefault(stance, []).append(
            people.get(person_id, ""))
    every = {d.id: d for d in wb.decisions()}

    def named(decision_id: int | None) -> str:
        other = every.get(decision_id) if decision_id is not None else None
        if other is None:
            return ""
        return _("{decision} ({date})").format(
            decision=other.text, date=format_date(meetings[other.meeting_id].held_on))

    later = {d.supersedes_id: d.id for d in every.values() if d.supersedes_id is not None}
    rows = []
    for d in own:
        stance_of = stances.get(d.id or 0, {})
        rows.append(DecisionRow(
            d.text, DECISION_METHODS.get(d.method, d.method),
            items.get(d.agenda_item_id, "") if d.agenda_item_id else "", d.rationale,
            tuple(sorted(stance_of.get("agreed", []), key=str.casefold)),
            tuple(sorted(stance_of.get("stood_aside", []), key=str.casefold)),
            named(d.supersedes_id), named(later.get(d.id or 0))))
    return tuple(rows)


def time_boxes(wb: Workbook, meeting: Meeting) -> TimeBoxes | None:
    """Planned and actual minutes per timed agenda item; None when the agenda was not timed."""
    assert meeting.id is not None
    items = wb.agenda_items(meeting.id)
    if not items:
        return None
    rows = tuple(TimeRow(i.title, i.minutes,
                         clock(i.spent_seconds) if i.spent_seconds is not None else "",
                         clock(i.overrun_seconds) if i.overrun_seconds else "")
                 for i in items)
    return TimeBoxes(rows, sum(i.minutes for i in items),
                     clock(sum(i.spent_seconds or 0 for i in items)),
                     sum(1 for i in items if i.overrun_seconds))


def _state(status: str, due: dt.date | None) -> str:
    word = ACTION_STATUSES.get(status, status)
    if due:
        return _("{status}, due {date}").format(status=word, date=format_date(due))
    return _("{status}, no due date").format(status=word)


def carry_over(wb: Workbook, meeting: Meeting) -> CarryOver | None:
    """What the meeting reviewed of earlier actions; None when it reviewed none."""
    assert meeting.id is not None
    reviews = wb.reviews(meeting.id)
    if not reviews:
        return None
    actions = {a.id: a for a in wb.all(ActionItem)}
    people = {p.id: p.name for p in wb.all(Person)}
    rows = []
    for r in reviews:
        action = actions[r.action_id]
        if r.outcome == "done":
            after = _("Marked done")
        elif r.outcome == "dropped":
            after = _("Dropped")
        else:
            assert r.new_due_on is not None
            after = (_("New due date {date}").format(date=format_date(r.new_due_on))
                     if r.new_due_on != r.previous_due_on else _("Due date kept"))
        rows.append(ReviewRow(action.action, people.get(action.owner_id, ""),
                              REVIEW_OUTCOMES.get(r.outcome, r.outcome),
                              _state(r.previous_status, r.previous_due_on), after, r.reason))
    return CarryOver(tuple(rows), len(wb.actions_to_review(meeting.id)))


def evaluation(wb: Workbook, meeting: Meeting) -> Evaluation | None:
    """The meeting's evaluation and the trend up to it; None when nobody answered."""
    assert meeting.id is not None
    result = evaluate(wb, meeting.id)
    if not result.answers:
        return None
    trend = tuple(p for p in evaluation_trend(wb, meeting.held_on))
    return Evaluation(result, trend)
