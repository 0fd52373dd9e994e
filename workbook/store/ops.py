"""Domain operations over the generic store: attendance, links, the tree, lifecycle.

Votes live in ``voting.py``, which this builds on.

Each public method is one short transaction. The ``_check_<kind>`` methods are found by
``Store._check`` and hold the rules that need other rows (one own organisation, causes in
the same problem and free of loops, one open vote at a time).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from .. import reference
from ..errors import ChoiceError, DuplicateError, Sentence, ValidationError
from ..i18n import N_
from ..model import (
    ActionItem,
    Cause,
    ChecklistMark,
    Entity,
    Meeting,
    Organisation,
    Person,
    PhaseChange,
    Problem,
    Resource,
    Solution,
    check_no_cycle,
    schedule,
)
from ..model.text import comparable
from . import labels
from .bulk import Bulk
from .checks import require_id
from .layouts import SheetLayouts
from .log import log_change, named, row_json
from .measurement import Measurement
from .meeting_room import MeetingRoom
from .schema import attendance, imported_file, imported_item, resource_cause, table_for
from .voting import VoteResult, Voting

__all__ = ["VoteResult", "Workbook"]


class Workbook(Voting, Measurement, MeetingRoom, Bulk, SheetLayouts):
    """An open partnership workbook: every read and change the views and tools need."""

    # -- organisations and people ----------------------------------------------------------

    def _check_organisation(self, conn: sa.Connection, org: Organisation,
                            old: Organisation | None) -> None:
        if org.partner_type != reference.OWN:
            return
        if old is not None and old.partner_type == reference.OWN:
            return  # it was our own already: no other can have become so meanwhile
        table = table_for(Organisation)
        other = conn.execute(sa.select(table.c.name).where(
            table.c.partner_type == reference.OWN, table.c.id != (org.id or 0))).first()
        if other is not None:
            raise DuplicateError("partner type", reference.OWN, Sentence(N_(
                "The {field} {value} is already given to {name}. Only one organization can be "
                "our own; change that one first."), name=repr(other.name)))

    def own_organisation(self) -> Organisation | None:
        found = self.all(Organisation, partner_type=reference.OWN)
        return found[0] if found else None

    def person_named(self, name: str, organisation_id: int | None) -> Person | None:
        """The person with a name that prints like ``name`` at this organisation, if stored.

        Names are compared by ``model.text.comparable`` (case, invisible characters and
        runs of space ignored).
        """
        key = comparable(name)
        return next((p for p in self.all(Person, organisation_id=organisation_id)
                     if comparable(p.name) == key), None)

    def organisation_named(self, name: str) -> Organisation | None:
        """The organisation whose name prints like ``name`` (see ``person_named``), if any."""
        key = comparable(name)
        return next((o for o in self.all(Organisation) if comparable(o.name) == key), None)

    # -- meetings and attendance -----------------------------------------------------------

    def latest_meeting(self, *, on_or_before: dt.date | None = None) -> Meeting | None:
        """The meeting held or last held (optionally up to a day); never a planned one
        (``model.schedule.current_meeting``)."""
        return schedule.current_meeting(self.all(Meeting), on_or_before)

    def previous_meeting(self, meeting: Meeting) -> Meeting | None:
        """The held meeting before ``meeting``, or None."""
        return schedule.previous_meeting(self.all(Meeting), meeting)

    def next_meeting(self, today: dt.date | None = None) -> Meeting | None:
        """The earliest meeting planned on or after ``today`` (default: the computer's
        date), or None (``model.schedule.next_meeting``)."""
        return schedule.next_meeting(self.all(Meeting), today or dt.date.today())

    def plan_meeting(self, held_on: dt.date, objective: str, *,
                     draft_agenda: bool = True, **fields: Any) -> Meeting:
        """Store the next meeting as planned: its date, objective and the other fields of
        ``Meeting`` given (``starts_at``, ``location``, ``join_link``, ``kind_of``,
        ``agenda``). Without an ``agenda``, and unless ``draft_agenda`` is False, it gets
        one drafted from the actions still open (``model.schedule.draft_agenda``).

        Raises ``ValidationError`` for a refused field or a day before today.
        """
        planned = Meeting(held_on=held_on, objective=objective, status="planned", **fields)
        today = dt.date.today()
        if planned.held_on < today:
            raise ValidationError("date", planned.held_on.isoformat(), Sentence(N_(
                "The {field} {value} is in the past. Plan the next meeting for today or a later "
                "day; a meeting already held is started, not planned.")))
        if draft_agenda and not planned.agenda:
            planned = dataclasses.replace(
                planned, agenda=schedule.draft_agenda(self.all(ActionItem), planned.held_on))
        return self.add(planned)

    def start_meeting(self, meeting_id: int | None, *, on: dt.date | None = None) -> Meeting:
        """Turn a planned meeting into the one being held, dated ``on`` (default today):
        what was planned (objective, agenda, place) is kept. Starting a meeting already
        held changes nothing.

        Raises ``NotFoundError`` for an unknown meeting.
        """
        meeting = self.get(Meeting, meeting_id)
        if meeting.status == "held":
            return meeting
        day = on or dt.date.today()
        return self.update(Meeting, meeting_id, {"status": "held", "held_on": day},
                           expected={"status": "planned"})

    def attendees(self, meeting_id: int | None) -> list[Person]:
        people = table_for(Person)
        query = (sa.select(people).join(attendance, attendance.c.person_id == people.c.id)
                 .where(attendance.c.meeting_id == meeting_id).order_by(people.c.name))
        with self._read() as conn:
            return [self._load(Person, row) for row in conn.execute(query).mappings()]

    @named(labels.add_attendee)
    def add_attendee(self, meeting_id: int | None, person_id: int | None) -> None:
        """Mark a person present; marking them twice changes nothing."""
        with self._write() as conn:
            self._get(conn, Meeting, meeting_id)
            self._get(conn, Person, person_id)
            exists = conn.execute(sa.select(attendance.c.person_id).where(
                attendance.c.meeting_id == meeting_id,
                attendance.c.person_id == person_id)).first()
            if exists is None:
                row = {"meeting_id": meeting_id, "person_id": person_id}
                conn.execute(sa.insert(attendance).values(**row))
                log_change(conn, "link_add", "attendance", meeting_id, None, row_json(row))

    @named(labels.remove_attendee)
    def remove_attendee(self, meeting_id: int | None, person_id: int | None) -> None:
        with self._write() as conn:
            gone = conn.execute(sa.delete(attendance).where(
                attendance.c.meeting_id == meeting_id, attendance.c.person_id == person_id))
            if gone.rowcount:
                log_change(conn, "link_remove", "attendance", meeting_id,
                           row_json({"meeting_id": meeting_id, "person_id": person_id}), None)

    def attendance_rows(self) -> list[tuple[int, int]]:
        """Every (meeting id, person id) pair: for analyses and exports."""
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(sa.select(attendance.c.meeting_id,
                                                             attendance.c.person_id))]

    # -- resources and the causes they address --------------------------------------------

    @named(labels.link_resource)
    def link_resource(self, resource_id: int, cause_id: int) -> None:
        with self._write() as conn:
            self._get(conn, Resource, resource_id)
            self._get(conn, Cause, cause_id)
            exists = conn.execute(sa.select(resource_cause.c.cause_id).where(
                resource_cause.c.resource_id == resource_id,
                resource_cause.c.cause_id == cause_id)).first()
            if exists is None:
                row = {"resource_id": resource_id, "cause_id": cause_id}
                conn.execute(sa.insert(resource_cause).values(**row))
                log_change(conn, "link_add", "resource_cause", resource_id, None,
                           row_json(row))

    @named(labels.unlink_resource)
    def unlink_resource(self, resource_id: int, cause_id: int) -> None:
        with self._write() as conn:
            gone = conn.execute(sa.delete(resource_cause).where(
                resource_cause.c.resource_id == resource_id,
                resource_cause.c.cause_id == cause_id))
            if gone.rowcount:
                log_change(conn, "link_remove", "resource_cause", resource_id,
                           row_json({"resource_id": resource_id, "cause_id": cause_id}), None)

    @named(labels.set_resource_links)
    def set_resource_links(self, resource_id: int, cause_ids: Iterable[int]) -> None:
        """Make ``cause_ids`` exactly the causes a resource is linked to, in one transaction."""
        wanted = set(cause_ids)
        with self._write() as conn:
            self._get(conn, Resource, resource_id)
            for cause_id in wanted:
                self._get(conn, Cause, cause_id)
            current = {r.cause_id for r in conn.execute(sa.select(resource_cause.c.cause_id)
                       .where(resource_cause.c.resource_id == resource_id))}
            if current - wanted:
                conn.execute(sa.delete(resource_cause).where(
                    resource_cause.c.resource_id == resource_id,
                    resource_cause.c.cause_id.in_(current - wanted)))
            for cause_id in sorted(current - wanted):
                log_change(conn, "link_remove", "resource_cause", resource_id,
                           row_json({"resource_id": resource_id, "cause_id": cause_id}), None)
            for cause_id in sorted(wanted - current):
                row = {"resource_id": resource_id, "cause_id": cause_id}
                conn.execute(sa.insert(resource_cause).values(**row))
                log_change(conn, "link_add", "resource_cause", resource_id, None,
                           row_json(row))

    def resource_links(self) -> list[tuple[int, int]]:
        """Every (resource id, cause id) link."""
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(sa.select(resource_cause.c.resource_id,
                                                             resource_cause.c.cause_id))]

    def retire_resource(self, resource_id: int) -> Resource:
        return self.update(Resource, resource_id, {"status": "retired"})

    # -- problems, causes, solutions -----------------------------------------------------

    def _check_cause(self, conn: sa.Connection, cause: Cause, old: Cause | None) -> None:
        if old is not None and old.problem_id != cause.problem_id:
            raise ValidationError("problem", cause.problem_id, Sentence(N_(
                "The {field} {value} cannot change for a cause. Add the cause again under the "
                "other problem.")))
        if cause.parent_id is None:
            return
        table = table_for(Cause)
        rows = conn.execute(sa.select(table.c.id, table.c.parent_id, table.c.problem_id)
                            .where(table.c.problem_id == cause.problem_id)).all()
        parents = {r.id: r.parent_id for r in rows}
        if cause.parent_id not in parents:
            raise ValidationError("parent", cause.parent_id, Sentence(N_(
                "The {field} {value} is a cause of another problem. Pick a cause of the same "
                "problem, or none.")))
        check_no_cycle(cause.id, cause.parent_id, parents)

    def _check_solution(self, conn: sa.Connection, solution: Solution,
                        old: Solution | None) -> None:
        if solution.cause_id is None:
            return
        cause = self._get(conn, Cause, solution.cause_id)
        if cause.problem_id != solution.problem_id:
            raise ValidationError("cause", solution.cause_id, Sentence(N_(
                "The {field} {value} belongs to another problem. Pick a cause of this "
                "solution's problem.")))

    def _before_delete(self, conn: sa.Connection, cls: type[Entity], entity_id: int) -> None:
        if cls is Cause:
            table = table_for(Cause)
            if conn.execute(sa.select(table.c.id).where(table.c.parent_id == entity_id)
                            ).first() is not None:
                raise ValidationError("cause", entity_id, Sentence(N_(
                    "The {field} {value} still has causes beneath it. Remove or move those "
                    "first.")))
            solutions = table_for(Solution)
            for row in list(conn.execute(sa.select(solutions).where(
                    solutions.c.cause_id == entity_id)).mappings()):
                before = self._load(Solution, dict(row))
                after = dataclasses.replace(before, cause_id=None, version=before.version + 1)
                conn.execute(sa.update(solutions).where(solutions.c.id == before.id)
                             .values(cause_id=None, version=after.version))
                log_change(conn, "update", "solution", before.id, row_json(before),
                           row_json(after))

    def cause_tree(self, problem_id: int | None) -> list[tuple[int, Cause]]:
        """The causes of one problem in outline order, each with its depth (1 = a why)."""
        causes = self.all(Cause, problem_id=problem_id)
        children: dict[int | None, list[Cause]] = {}
        for cause in causes:
            children.setdefault(cause.parent_id, []).append(cause)
        ordered: list[tuple[int, Cause]] = []
        stack = [(1, c) for c in reversed(children.get(None, []))]
        while stack:
            depth, cause = stack.pop()
            ordered.append((depth, cause))
            stack.extend((depth + 1, c) for c in reversed(children.get(cause.id, [])))
        return ordered

    def unrooted_solutions(self) -> list[Solution]:
        """Solutions with no root cause behind them: attached to nothing, or to a symptom."""
        roots = {c.id for c in self.all(Cause) if c.is_root}
        return [s for s in self.all(Solution) if s.cause_id not in roots]

    def problems(self) -> list[Problem]:
        return self.all(Problem)

    # -- partners: capacity ------------------------------------------------------------

    @named(labels.rate)
    def rate(self, organisation_id: int | None, competency: str, rating: int, *,
             priority: bool = False, notes: str = "") -> Entity:
        """Set (or change) one organisation's rating on one competency."""
        from ..model import CapacityRating

        existing = self.all(CapacityRating, organisation_id=organisation_id,
                            competency=competency)
        if existing:
            return self.update(CapacityRating, existing[0].id,
                               {"rating": rating, "priority": priority, "notes": notes})
        return self.add(CapacityRating(organisation_id=require_id(Organisation, organisation_id),
                                       competency=competency,
                                       rating=rating, priority=priority, notes=notes))

    # -- lifecycle ---------------------------------------------------------------------

    @named(labels.move_to_phase)
    def move_to_phase(self, phase: str, *, changed_on: dt.date | None = None,
                      note: str = "") -> PhaseChange:
        """Record entering ``phase`` and make it the partnership's current phase."""
        change = PhaseChange(phase=phase, changed_on=changed_on or dt.date.today(), note=note)
        history = self.phase_history()
        if history and change.changed_on < history[-1].changed_on:
            raise ValidationError("changed on", change.changed_on.isoformat(), Sentence(N_(
                "The {field} {value} is before the last recorded phase change. Use {date} or "
                "later."), date=history[-1].changed_on.isoformat()))
        with self.transaction():  # one step to undo: the change and the current phase
            stored = self.add(change)
            self.update_partnership(phase=phase)
        return stored

    def phase_history(self) -> list[PhaseChange]:
        return sorted(self.all(PhaseChange), key=lambda c: (c.changed_on, c.id))

    def correct_phase_change(self, change_id: int, changes: dict[str, Any],
                             expected: dict[str, Any] | None = None) -> PhaseChange:
        """Correct a recorded phase change; the current phase follows the latest one.

        One step of Undo. Raises ``ConflictError`` when ``expected`` no longer holds and
        the model's ``ValidationError`` for a value it refuses.
        """
        with self.transaction():
            stored = self.update(PhaseChange, change_id, changes, expected=expected)
            self._follow_latest_phase()
        return stored

    def remove_phase_change(self, change_id: int) -> list[tuple[str, int, str]]:
        """Remove a recorded phase change; the current phase becomes that of the latest
        one left (unchanged when none is left). One step of Undo; returns ``remove``'s list."""
        with self.transaction():
            gone = self.remove(PhaseChange, change_id)
            self._follow_latest_phase()
        return gone

    def phase_after_removal(self, change_id: int) -> str:
        """The phase the partnership would be in once ``change_id`` is removed."""
        left = [c for c in self.phase_history() if c.id != change_id]
        return left[-1].phase if left else self.partnership.phase

    def _follow_latest_phase(self) -> None:
        history = self.phase_history()
        if history and history[-1].phase != self.partnership.phase:
            self.update_partnership(phase=history[-1].phase)

    @named(labels.mark_checklist)
    def mark_checklist(self, phase: str, item: str, *, done: bool,
                       done_on: dt.date | None = None, evidence: str = "") -> ChecklistMark:
        """Tick (or untick) one item of a phase's checklist, with when and the evidence."""
        if done and done_on is None:
            done_on = dt.date.today()
        mark = ChecklistMark(phase=phase, item=item, done=done,
                             done_on=done_on if done else None, evidence=evidence)
        existing = self.all(ChecklistMark, phase=phase, item=item)
        if existing:
            return self.update(ChecklistMark, existing[0].id,
                               {"done": mark.done, "done_on": mark.done_on,
                                "evidence": mark.evidence})
        return self.add(mark)

    def checklist(self, phase: str) -> list[tuple[reference.ChecklistEntry, ChecklistMark | None]]:
        """A phase's checklist with what has been marked of it."""
        if phase not in {p.key for p in reference.PHASES}:
            raise ChoiceError("phase", phase, [p.key for p in reference.PHASES])
        marks = {m.item: m for m in self.all(ChecklistMark, phase=phase)}
        return [(entry, marks.get(entry.key)) for entry in reference.phase(phase).checklist]

    # -- convenience used by views and tools ---------------------------------------------

    def add_many(self, entities: Iterable[Entity]) -> list[Entity]:
        return [self.add(e) for e in entities]

    def replace(self, entity: Entity, **changes: Any) -> Entity:
        """Update a stored entity from a changed copy of it (fields that differ only)."""
        assert entity.id is not None
        return self.update(type(entity), entity.id, changes)

    # -- the ledger of contribution files ------------------------------------------------

    def record_imported_item(self, item_key: str, decision: str, entity_kind: str | None,
                             entity_id: int | None) -> None:
        """Note that a contribution item was accepted or rejected, in the running step, so
        the same item is never taken twice; Undo of the import forgets it again."""
        with self._write() as conn:
            self._add_links(conn, imported_item, [{
                "item_key": item_key, "decision": decision, "entity_kind": entity_kind,
                "entity_id": entity_id}])

    def record_imported_file(self, content_hash: str, participant: str) -> None:
        """Note that a contribution file was imported whole, in the running step."""
        with self._write() as conn:
            self._add_links(conn, imported_file, [{
                "content_hash": content_hash, "participant": participant,
                "imported_at": dt.datetime.now().replace(microsecond=0)}])
