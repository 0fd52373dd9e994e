"""The demo workbook: an invented advanced-manufacturing partnership, nine months in.

    >>> from workbook.demo import build_demo
    >>> wb = build_demo("data/demo.sqlite")

Everything is written through the ordinary ``Workbook`` API, so the demo is valid by the
same rules as typed-in data. Dates are counted back from today: the last meeting was about
three weeks ago, whenever the demo is built. The data lives in ``demo_data``, ``demo_map``
and ``demo_progress``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from ..model import (
    STATEMENT_KEYS,
    ActionItem,
    ActionReview,
    AgendaItem,
    Cause,
    Comment,
    Decision,
    Entity,
    EvaluationAnswer,
    HealthCheck,
    Meeting,
    NameCandidate,
    Organisation,
    Outcome,
    Partnership,
    Person,
    Problem,
    Resource,
    ReviewNote,
    Solution,
    draft_agenda,
)
from ..store import Workbook
from ..store.checks import require_id
from ..store.postgres import DbTarget
from . import data as demo_data
from . import measurement as demo_measurement
from . import meeting_room as demo_room
from . import progress as demo_progress
from . import resource_map as demo_map

__all__ = ["build_demo"]


def build_demo(path: str | os.PathLike[str] | DbTarget, *, overwrite: bool = False,
               today: dt.date | None = None) -> Workbook:
    """Write the demo workbook to ``path`` (a file, or a database partnership) and return it open.

    An existing file is refused with ``WorkbookExistsError`` and left untouched, unless
    ``overwrite`` is true. ``today`` moves the whole story in time (tests pin it).
    """
    builder = _Builder(today or dt.date.today())
    fields = {k: v for k, v in demo_data.PARTNERSHIP.items() if k != "ago"}
    partnership = Partnership(**fields, created_on=builder.day(demo_data.PARTNERSHIP["ago"]))
    wb = Workbook.create(path, partnership, overwrite=overwrite)
    try:
        with wb.change("Write the demo partnership", source="demo"):
            builder.build(wb)
        wb.forget_history()  # the story starts as it is: Undo must not unbuild the demo
    except BaseException:
        wb.close()
        raise
    return wb


def _stored(entity: Entity) -> int:
    """The id the workbook gave ``entity`` when it was added."""
    return require_id(type(entity), entity.id)


class _Builder:
    """Turns the keyed demo data into stored entities, remembering ids by key."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.org: dict[str, int] = {}
        self.person: dict[str, int] = {}
        self.meeting: dict[str, int] = {}
        self.resource: dict[str, int] = {}
        self.cause: dict[str, int] = {}
        self.problem: dict[str, int] = {}

    def day(self, ago: int) -> dt.date:
        return self.today - dt.timedelta(days=ago)

    def build(self, wb: Workbook) -> None:
        self._people(wb)
        self._outcomes(wb)
        self._meetings(wb)
        self._naming(wb)
        self._resources(wb)
        self._problems(wb)
        self._partners(wb)
        self._actions(wb)
        self._lifecycle(wb)
        demo_measurement.add_measurement(wb, self.day, self.org)
        self._meeting_room(wb)
        self._next_meeting(wb)

    def _people(self, wb: Workbook) -> None:
        for entry in demo_data.ORGANISATIONS:
            fields = {k: v for k, v in entry.items() if k != "key"}
            self.org[entry["key"]] = _stored(wb.add(Organisation(**fields)))
        for key, name, org, role in demo_data.PEOPLE:
            email = f"{name.split()[0].lower()}@{org}.example.org"
            self.person[key] = _stored(wb.add(Person(name=name, organisation_id=self.org[org],
                                                     role=role, email=email)))

    def _outcomes(self, wb: Workbook) -> None:
        for entry in demo_data.OUTCOMES:
            measured = demo_measurement.OUTCOME_MEASURES.get(entry["description"], {})
            wb.add(Outcome(description=entry["description"], measure=entry["measure"],
                           benchmark=entry["benchmark"], target=entry["target"],
                           due_on=self.day(entry["due"]), owner_id=self.org[entry["owner"]],
                           **measured))

    def _meetings(self, wb: Workbook) -> None:
        for entry in demo_data.MEETINGS:
            fields = {k: v for k, v in entry.items()
                      if k not in ("key", "ago", "attendees", "decisions")}
            meeting = wb.add(Meeting(held_on=self.day(entry["ago"]), **fields))
            self.meeting[entry["key"]] = _stored(meeting)
            for person in entry["attendees"]:
                wb.add_attendee(meeting.id, self.person[person])

    def _next_meeting(self, wb: Workbook) -> None:
        fields = {k: v for k, v in demo_data.NEXT_MEETING.items() if k != "in"}
        on = self.day(-demo_data.NEXT_MEETING["in"])
        wb.add(Meeting(held_on=on, status="planned",
                       agenda=draft_agenda(wb.all(ActionItem), on), **fields))

    def _naming(self, wb: Workbook) -> None:
        proposed_at = self.meeting["naming"]
        candidates: dict[str, int] = {}
        for name, person, rationale in demo_data.NAME_CANDIDATES:
            candidates[name] = _stored(wb.add(NameCandidate(
                name=name, proposed_by_id=self.person[person], rationale=rationale,
                meeting_id=proposed_at)))
        show = demo_room.SHOW_OF_DOTS
        held = wb.get(Meeting, self.meeting[show["meeting"]])
        first = wb.open_vote(dots_per_participant=show["dots"], meeting_id=held.id,
                             opened_on=held.held_on,
                             max_dots_per_candidate=show["per_candidate"])
        assert first.id is not None
        for person, names in show["ballots"]:
            wb.cast_dots(first.id, {candidates[name]: 1 for name in names},
                         person_id=self.person[person])
        wb.close_vote(first.id, closed_on=held.held_on)
        vote_spec = demo_data.VOTE
        meeting = wb.get(Meeting, self.meeting[vote_spec["meeting"]])
        vote = wb.open_vote(dots_per_participant=vote_spec["dots"],
                            anonymous=vote_spec["anonymous"], meeting_id=meeting.id,
                            opened_on=meeting.held_on)
        for person, dots in vote_spec["ballots"]:
            wb.cast_dots(vote.id, {candidates[name]: n for name, n in dots.items()},
                         person_id=self.person[person] if person else None)
        wb.close_vote(vote.id, closed_on=meeting.held_on)
        wb.choose_name(candidates[vote_spec["chosen"]], vote_spec["reason"],
                       chosen_on=meeting.held_on)

    def _resources(self, wb: Workbook) -> None:
        for entry in demo_map.RESOURCES:
            fields: dict[str, Any] = {k: v for k, v in entry.items()
                                      if k not in ("key", "kind", "owner", "found")}
            resource = wb.add(Resource(resource_kind=entry["kind"],
                                       owner_id=self.org[entry["owner"]],
                                       found_on=self.day(entry["found"]), **fields))
            self.resource[entry["key"]] = _stored(resource)
        # The store stamps entries with the time they are typed in, which for the demo is
        # the moment it is built. Date them to the day they were found instead, so each
        # summary lists as new only what arrived since the meeting before it.
        wb.set_stamps(Resource, {
            self.resource[entry["key"]]: dt.datetime.combine(self.day(entry["found"]),
                                                             dt.time(10, 0))
            for entry in demo_map.RESOURCES})

    def _problems(self, wb: Workbook) -> None:
        for entry in demo_map.PROBLEMS:
            raiser = wb.get(Person, self.person[entry["raised_by"]])
            meeting = wb.get(Meeting, self.meeting[entry["meeting"]])
            problem = wb.add(Problem(statement=entry["statement"], raised_by_id=raiser.id,
                                     organisation_id=raiser.organisation_id,
                                     meeting_id=meeting.id, raised_on=meeting.held_on))
            self.problem[entry["key"]] = _stored(problem)
            for key, parent, statement, evidence, is_root in entry["causes"]:
                self.cause[key] = _stored(wb.add(Cause(
                    problem_id=_stored(problem),
                    parent_id=self.cause[parent] if parent else None,
                    statement=statement, evidence=evidence, is_root=is_root)))
        for resource_key, cause_key in demo_map.LINKS:
            wb.link_resource(self.resource[resource_key], self.cause[cause_key])
        for entry in demo_map.SOLUTIONS:
            resource = entry.get("resource")
            tried = entry.get("tried")
            wb.add(Solution(
                problem_id=self.problem[entry["problem"]],
                cause_id=self.cause[entry["cause"]] if entry["cause"] else None,
                description=entry["description"], status=entry["status"],
                solution_kind="existing" if resource else "new",
                resource_id=self.resource[resource] if resource else None,
                tried_before=tried is not None,
                tried_on=self.day(tried) if tried is not None else None,
                lessons=entry.get("lessons", "")))

    def _partners(self, wb: Workbook) -> None:
        own = self.org["board"]
        for competency, (rating, priority, notes) in demo_progress.OWN_CAPACITY.items():
            wb.rate(own, competency, rating, priority=priority, notes=notes)
        for org, ratings in demo_progress.PARTNER_CAPACITY.items():
            for competency, rating in ratings.items():
                wb.rate(self.org[org], competency, rating)
        for aspect, kind, org, text in demo_progress.REVIEW_NOTES:
            wb.add(ReviewNote(aspect=aspect, note_kind=kind, text=text,
                              organisation_id=self.org[org]))
        for org, ago, answers, notes in demo_progress.HEALTH_CHECKS:
            services, goals, referrals, contact, voice = answers
            wb.add(HealthCheck(organisation_id=self.org[org], checked_on=self.day(ago),
                               services=services, goals=goals, referrals=referrals,
                               contact=contact, voice=voice, notes=notes))

    def _actions(self, wb: Workbook) -> None:
        for meeting, action, org, owner, due, status, done, notes in demo_progress.ACTIONS:
            wb.add(ActionItem(action=action, organisation_id=self.org[org],
                              owner_id=self.person[owner], due_on=self.day(due), status=status,
                              meeting_id=self.meeting[meeting],
                              done_on=self.day(done) if done is not None else None,
                              notes=notes))
        for author, meeting, text, ago in demo_progress.COMMENTS:
            person = wb.get(Person, self.person[author])
            stamp = dt.datetime.combine(self.day(ago), dt.time(17, 30))
            wb.add(Comment(author=person.name, organisation_id=person.organisation_id,
                           meeting_id=self.meeting[meeting], text=text, created_at=stamp))

    def _lifecycle(self, wb: Workbook) -> None:
        for phase, ago, note in demo_progress.PHASES:
            wb.move_to_phase(phase, changed_on=self.day(ago), note=note)
        for phase, item, ticked_ago, evidence in demo_progress.CHECKLIST:
            wb.mark_checklist(phase, item, done=ticked_ago is not None,
                              done_on=self.day(ticked_ago) if ticked_ago is not None else None,
                              evidence=evidence)

    def _meeting_room(self, wb: Workbook) -> None:
        """Timed agendas, the decision log, carried-over actions and evaluations."""
        items: dict[tuple[str, str], int] = {}
        for key, boxes in demo_room.TIMED_AGENDAS.items():
            meeting_id = self.meeting[key]
            timed = wb.time_agenda(meeting_id)
            for item, (minutes, spent) in zip(timed, boxes, strict=True):
                assert item.id is not None
                wb.update(AgendaItem, item.id, {"minutes": minutes})
                if spent is not None:
                    wb.record_time_spent(item.id, spent * 60)
                items[(key, item.title)] = item.id
        decided: dict[tuple[str, int], int] = {}
        for entry in demo_data.MEETINGS:
            for n, text in enumerate(entry.get("decisions", ())):
                how = demo_room.DECISIONS.get((entry["key"], n), {})
                agenda = how.get("agenda")
                decided[(entry["key"], n)] = wb.record_decision(
                    Decision(meeting_id=self.meeting[entry["key"]], text=text,
                             method=how.get("method", "consensus"),
                             rationale=how.get("rationale", ""),
                             agenda_item_id=items[(entry["key"], agenda)] if agenda else None),
                    agreed=[self.person[p] for p in how.get("agreed", ())],
                    stood_aside=[self.person[p] for p in how.get("stood_aside", ())]).id or 0
        for key, text, method, rationale, replaces in demo_room.EXTRA_DECISIONS:
            wb.add(Decision(meeting_id=self.meeting[key], text=text, method=method,
                            rationale=rationale, supersedes_id=decided[replaces]))
        actions = {a.action: a for a in wb.all(ActionItem)}
        for key, text, outcome, new_due, reason, status, due in demo_room.REVIEWS:
            wb.add(ActionReview(
                meeting_id=self.meeting[key], action_id=actions[text].id or 0, outcome=outcome,
                new_due_on=self.day(new_due) if new_due is not None else None, reason=reason,
                previous_status=status, previous_due_on=self.day(due) if due else None))
        for key, answers in demo_room.EVALUATIONS.items():
            wb.add_all([EvaluationAnswer(meeting_id=self.meeting[key], comment=comment,
                                         **_scores(scores)) for scores, comment in answers])


def _scores(scores: tuple[int | None, ...]) -> dict[str, Any]:
    """Evaluation scores keyed by statement, in the order of ``STATEMENT_KEYS``."""
    return dict(zip(STATEMENT_KEYS, scores, strict=True))
