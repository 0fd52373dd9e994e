"""Factories that build workbook data in one line, for tests and benchmarks.

Every ``add_*`` helper stores one valid entity through the ordinary ``Workbook`` API and
returns it with its id; keyword arguments override any field, and a reference that is not
given is filled by creating what it points at (an action without an owner gets a new
person at a new organisation). Default names count up per workbook, so they stay unique.

    >>> from workbook import testing
    >>> wb = testing.make_workbook()
    >>> meeting = testing.add_meeting(wb, attendees=3)
    >>> testing.populate(wb, organisations=50, resources=200, meetings=10, actions=80)

``populate`` is the exception: it writes thousands of rows in one transaction with bulk
inserts, for benchmarks, after validating each row by constructing its entity.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import reference
from ..model import (
    ActionItem,
    Cause,
    Decision,
    Entity,
    Meeting,
    Organisation,
    Partnership,
    Person,
    Problem,
    Resource,
    Solution,
)
from ..store import Workbook
from ..store.checks import require_id
from ..store.postgres import DbTarget
from .bulk import PARTNER_MIX, populate

__all__ = [
    "ProblemTree",
    "add_action",
    "add_meeting",
    "add_organisation",
    "add_person",
    "add_problem_tree",
    "add_resource",
    "add_solution",
    "make_partnership",
    "make_workbook",
    "PARTNER_MIX",
    "populate",
]

def _today() -> dt.date:
    return dt.date.today()


def _next_name(wb: Workbook, cls: type[Entity], field: str, stem: str) -> str:
    """``"<stem> <n>"`` with the first n (from the row count up) not used yet."""
    number = wb.count(cls) + 1
    while wb.all(cls, **{field: f"{stem} {number}"}):
        number += 1
    return f"{stem} {number}"


def make_partnership(**overrides: Any) -> Partnership:
    """A valid partnership; any field can be overridden."""
    fields: dict[str, Any] = {
        "working_title": "Test Manufacturing Partnership",
        "sector": "Advanced manufacturing",
        "region": "Test Valley",
        "intermediary": "Test Workforce Board",
        "vision": "Good jobs in the valley's plants, filled by people from the valley.",
        "shared_goals": ("Fill entry-level openings", "Grow skilled technicians"),
    }
    fields.update(overrides)
    return Partnership(**fields)


def make_workbook(path: str | os.PathLike[str] | DbTarget | None = None,
                  **partnership_fields: Any) -> Workbook:
    """A new workbook: in memory when ``path`` is None, else a file or a database
    partnership (``DbTarget``), never overwritten."""
    partnership = make_partnership(**partnership_fields)
    if path is None:
        return Workbook.memory(partnership)
    return Workbook.create(path, partnership)


def add_organisation(wb: Workbook, **overrides: Any) -> Organisation:
    """Store an organisation (a business unless ``partner_type`` says otherwise)."""
    fields: dict[str, Any] = {"partner_type": "business", "status": "active",
                              "mission": "Make good parts and keep good people.",
                              "brings": "Shop-floor know-how", "needs": "Skilled applicants"}
    fields.update(overrides)
    if "name" not in fields:
        stem = "Our Organisation" if fields["partner_type"] == reference.OWN else "Organisation"
        fields["name"] = _next_name(wb, Organisation, "name", stem)
    return wb.add(Organisation(**fields))


def add_person(wb: Workbook, organisation: Organisation | int | None = None,
               **overrides: Any) -> Person:
    """Store a person at ``organisation`` (a new business when none is given)."""
    if "organisation_id" not in overrides:
        if organisation is None:
            organisation = add_organisation(wb)
        overrides["organisation_id"] = _id(organisation)
    fields: dict[str, Any] = {"role": "Plant manager"}
    fields.update(overrides)
    if "name" not in fields:
        fields["name"] = _next_name(wb, Person, "name", "Person")
    return wb.add(Person(**fields))


def add_meeting(wb: Workbook, *, attendees: int | Iterable[Person | int] = (),
                **overrides: Any) -> Meeting:
    """Store a meeting (today, with an objective) and mark ``attendees`` present.

    ``attendees`` is a list of people or ids, or a number of new people to create;
    ``decisions`` (texts) are stored as decision records of the meeting, in order.
    """
    fields: dict[str, Any] = {"held_on": _today(), "kind_of": "regular",
                              "objective": "Agree the next steps on entry-level hiring",
                              "agenda": ("Welcome", "Progress on actions", "Next steps")}
    decisions = tuple(overrides.pop("decisions", ()))
    fields.update(overrides)
    meeting = wb.add(Meeting(**fields))
    for text in decisions:
        wb.add(Decision(meeting_id=meeting.id or 0, text=text))
    people = ([add_person(wb) for _ in range(attendees)] if isinstance(attendees, int)
              else list(attendees))
    for person in people:
        wb.add_attendee(meeting.id, _id(person))
    return meeting


def add_action(wb: Workbook, **overrides: Any) -> ActionItem:
    """Store an open action due in two weeks; the owner is created when not given.

    The partner organisation defaults to the owner's own organisation.
    """
    fields: dict[str, Any] = {"action": "Send the draft job profile to the partners",
                              "due_on": _today() + dt.timedelta(days=14), "status": "open"}
    fields.update(overrides)
    if fields.get("owner_id") is None:
        fields["owner_id"] = add_person(wb).id
    if "organisation_id" not in fields:
        fields["organisation_id"] = wb.get(Person, fields["owner_id"]).organisation_id
    if fields["status"] == "done" and "done_on" not in fields:
        fields["done_on"] = _today()
    return wb.add(ActionItem(**fields))


def add_resource(wb: Workbook, **overrides: Any) -> Resource:
    """Store an active program on the resource map, owned by a new organisation if none."""
    fields: dict[str, Any] = {"resource_kind": "program", "status": "active",
                              "target_group": "Job seekers new to manufacturing",
                              "found_on": _today()}
    fields.update(overrides)
    if "owner_id" not in fields:
        fields["owner_id"] = add_organisation(wb, partner_type="community").id
    if "name" not in fields:
        fields["name"] = _next_name(wb, Resource, "name", "Resource")
    return wb.add(Resource(**fields))


@dataclass(frozen=True)
class ProblemTree:
    """What ``add_problem_tree`` stored: the problem, its causes in order, and the roots."""

    problem: Problem
    causes: tuple[Cause, ...]
    roots: tuple[Cause, ...]


def add_problem_tree(wb: Workbook, depth: int = 3, *, branches: int = 1,
                     **problem_overrides: Any) -> ProblemTree:
    """Store a problem with ``branches`` why-chains, each ``depth`` causes deep.

    The deepest cause of each chain is flagged as a root cause.
    """
    if "statement" not in problem_overrides:
        problem_overrides["statement"] = _next_name(wb, Problem, "statement",
                                                    "Openings stay unfilled, problem")
    problem = wb.add(Problem(**{"raised_on": _today(), **problem_overrides}))
    causes: list[Cause] = []
    roots: list[Cause] = []
    for branch in range(1, branches + 1):
        parent: Cause | None = None
        for level in range(1, depth + 1):
            parent = wb.add(Cause(problem_id=require_id(Problem, problem.id),
                                  parent_id=parent.id if parent else None,
                                  statement=f"Why {branch}.{level}",
                                  evidence="Said by two employers", is_root=level == depth))
            causes.append(parent)
        if parent is not None:
            roots.append(parent)
    return ProblemTree(problem, tuple(causes), tuple(roots))


def add_solution(wb: Workbook, problem: Problem | int, **overrides: Any) -> Solution:
    """Store a new-idea solution for ``problem`` (attach it with ``cause_id=``)."""
    fields: dict[str, Any] = {"description": "Try something new", "status": "idea"}
    fields.update(overrides)
    return wb.add(Solution(problem_id=_id(problem), **fields))


def _id(item: Entity | int) -> int:
    return item if isinstance(item, int) else int(item.id)  # type: ignore[arg-type]
