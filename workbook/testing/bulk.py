"""Bulk data for benchmarks: thousands of plausible rows in one transaction.

Part of ``workbook.testing`` (which re-exports ``populate``): every row is validated by
constructing its entity, then written with bulk inserts, so a large workbook takes a
fraction of a second instead of minutes of ``Workbook.add`` calls.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from .. import reference
from ..errors import ValidationError
from ..model import (
    ActionItem,
    CapacityRating,
    Cause,
    Decision,
    Entity,
    HealthCheck,
    Meeting,
    Organisation,
    Person,
    Problem,
    Resource,
    Solution,
)
from ..store import Workbook
from ..store.schema import table_for

__all__ = ["PARTNER_MIX", "populate"]

PARTNER_MIX: tuple[tuple[str, int], ...] = (
    ("business", 50), ("community", 14), ("government", 10), ("foundation", 6),
    ("labour", 6), ("semi_public", 14),
)
"""Weights of partner types in generated data: about half the partners are employers."""



def _today() -> dt.date:
    return dt.date.today()




class _Bulk:
    """Rows for one transaction: ids handed out past each table's current maximum."""

    def __init__(self, wb: Workbook, conn: sa.Connection) -> None:
        self.wb = wb
        self.conn = conn
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.next_id: dict[str, int] = {}

    def add(self, entity: Entity) -> int:
        kind = entity.kind
        if kind not in self.next_id:
            table = table_for(kind)
            self.next_id[kind] = int(self.conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()) + 1
        new_id = self.next_id[kind]
        self.next_id[kind] += 1
        self.rows.setdefault(kind, []).append({"id": new_id, "version": 1, **entity.values()})
        return new_id

    def flush(self, kinds: Sequence[str]) -> None:
        for kind in kinds:
            if self.rows.get(kind):
                self.wb.insert_rows(kind, self.rows.pop(kind))


def populate(wb: Workbook, organisations: int = 1000, resources: int = 5000,
             meetings: int = 300, actions: int = 3000, *, problems: int = 20,
             seed: int = 0) -> dict[str, int]:
    """Fill ``wb`` fast with plausible data for benchmarks; returns rows added per kind.

    Adds exactly the requested organisations (the first is our own organisation when the
    workbook has none; the rest are partners, about half of them businesses), resources,
    meetings and actions, plus two people per organisation, 4 to 15 attendees per meeting,
    ``problems`` cause trees three deep with resources linked to most root causes, capacity
    ratings and two health checks for a tenth of the partners. Meetings run weekly (closer
    together for huge counts) up to ten days ago; actions are open, under way, done or
    dropped, and a share of the open ones are overdue.
    Everything is written in one transaction: all of it is stored, or none of it.
    """
    rng = random.Random(seed)
    today = _today()
    now = dt.datetime.now().replace(microsecond=0)
    existing_names = {o.name.casefold() for o in wb.all(Organisation)}
    has_own = wb.own_organisation() is not None
    types, weights = zip(*PARTNER_MIX, strict=True)
    counts: dict[str, int] = {}

    with wb.change("Add benchmark data", source="testing"), wb.reading() as conn:
        bulk = _Bulk(wb, conn)
        org_ids: list[int] = []
        org_type: dict[int, str] = {}
        serial = 0
        for index in range(organisations):
            kind = reference.OWN if index == 0 and not has_own else rng.choices(types, weights)[0]
            serial += 1
            name = f"{_ORG_STEMS[kind]} {serial}"
            while name.casefold() in existing_names:
                serial += 1
                name = f"{_ORG_STEMS[kind]} {serial}"
            org = Organisation(name=name, partner_type=kind,
                               status=rng.choice(("active", "active", "active", "engaged")),
                               mission=f"Mission of {name}.", brings="Know-how and contacts",
                               needs="Skilled people", competencies="Training and hiring")
            org_id = bulk.add(org)
            org_ids.append(org_id)
            org_type[org_id] = kind

        person_ids: list[int] = []
        person_org: dict[int, int] = {}
        for org_id in org_ids:
            for n in (1, 2):
                person_id = bulk.add(Person(name=f"Contact {n} of organisation {org_id}",
                                            organisation_id=org_id,
                                            role=rng.choice(_ROLES),
                                            email=f"contact{n}.org{org_id}@example.org"))
                person_ids.append(person_id)
                person_org[person_id] = org_id
        bulk.flush(["organisation", "person"])
        counts.update(organisation=organisations, person=len(person_ids))
        new_orgs = list(org_ids)
        # Rows stored before are fair game too, so populate(wb, organisations=0) still works.
        orgs, people = table_for(Organisation), table_for(Person)
        for org_id, kind in conn.execute(sa.select(orgs.c.id, orgs.c.partner_type)):
            if org_id not in org_type:
                org_ids.append(org_id)
                org_type[org_id] = kind
        for person_id, org_id in conn.execute(sa.select(people.c.id, people.c.organisation_id)):
            if person_id not in person_org:
                person_ids.append(person_id)
                person_org[person_id] = org_id
        if actions and not person_ids:
            raise ValidationError("actions", actions, "need owners but there are no people",
                                  "Ask for some organisations too (each gets two people).")

        meeting_days: dict[int, dt.date] = {}
        attendance_rows: list[dict[str, int]] = []
        # Weekly, but closer together for huge counts so no date falls before 1990.
        step = max(1, min(7, 20 * 365 // max(meetings, 1)))
        for index in range(meetings):
            held_on = today - dt.timedelta(days=10 + step * (meetings - 1 - index))
            meeting_id = bulk.add(Meeting(
                held_on=held_on, kind_of="kickoff" if index == 0 else rng.choice(_KINDS),
                objective=f"Agree next steps, meeting {index + 1}",
                agenda=("Welcome", "Actions", "Resource map", "Next steps"),
                notes="Partners reported on progress."))
            bulk.add(Decision(meeting_id=meeting_id, text="Keep meeting monthly"))
            meeting_days[meeting_id] = held_on
            if person_ids:
                size = min(len(person_ids), rng.randint(4, 15))
                attendance_rows += [{"meeting_id": meeting_id, "person_id": p}
                                    for p in rng.sample(person_ids, size)]
        bulk.flush(["meeting", "decision"])
        if attendance_rows:
            wb.insert_rows("attendance", attendance_rows, entity_key="meeting_id")
        counts.update(meeting=meetings, decision=meetings, attendance=len(attendance_rows))

        first_day = min(meeting_days.values(), default=today - dt.timedelta(days=365))
        span = max((today - first_day).days, 1)
        resource_ids: list[int] = []
        for index in range(resources):
            kind = rng.choice(tuple(reference.RESOURCE_KINDS))
            resource_ids.append(bulk.add(Resource(
                name=f"{reference.RESOURCE_KINDS[kind]} {index + 1}", resource_kind=kind,
                owner_id=rng.choice(org_ids) if org_ids else None,
                target_group=rng.choice(_TARGETS), eligibility="Residents of the region",
                capacity=f"{rng.randint(5, 200)} people a year",
                funding_source=rng.choice(_FUNDERS), referral="Call the program office",
                status=rng.choices(_RESOURCE_STATUSES, (80, 8, 4, 8))[0],
                found_on=first_day + dt.timedelta(days=rng.randint(0, span)),
                created_at=now, updated_at=now)))
        bulk.flush(["resource"])
        counts["resource"] = resources

        for index in range(actions):
            owner = rng.choice(person_ids)
            agreed_at = rng.choice(list(meeting_days)) if meeting_days else None
            start = (meeting_days[agreed_at] if agreed_at is not None
                     else today - dt.timedelta(days=60))
            due = start + dt.timedelta(days=rng.randint(7, 60))
            status = rng.choices(("done", "open", "in_progress", "dropped"), (55, 30, 10, 5))[0]
            done_on = (min(today, start + dt.timedelta(days=rng.randint(1, 60)))
                       if status == "done" else None)
            bulk.add(ActionItem(action=f"Action {index + 1}: follow up with the partner",
                                organisation_id=person_org[owner], owner_id=owner,
                                due_on=due, status=status, meeting_id=agreed_at,
                                done_on=done_on))
        bulk.flush(["action"])
        counts["action"] = actions

        counts.update(_populate_problems(bulk, rng, problems, resource_ids, meeting_days))
        counts.update(_populate_partners(bulk, rng, new_orgs, org_type, today))
    return counts


def _populate_problems(bulk: _Bulk, rng: random.Random, problems: int,
                       resource_ids: list[int], meeting_days: dict[int, dt.date]
                       ) -> dict[str, int]:
    table = table_for(Problem)
    taken = {s.casefold() for s in bulk.conn.execute(sa.select(table.c.statement)).scalars()}
    links: list[dict[str, int | None]] = []
    causes = solutions = 0
    number = 0
    for _ in range(problems):
        number += 1
        while f"problem {number}: openings stay unfilled" in taken:
            number += 1
        problem_id = bulk.add(Problem(statement=f"Problem {number}: openings stay unfilled",
                                      meeting_id=rng.choice(list(meeting_days))
                                      if meeting_days else None))
        for branch in (1, 2):
            parent: int | None = None
            for level in (1, 2, 3):
                # Parents come before their children in the one bulk insert, so every
                # foreign key is satisfied row by row.
                parent = bulk.add(Cause(problem_id=problem_id, parent_id=parent,
                                        statement=f"Why {branch}.{level}",
                                        evidence="Employer survey", is_root=level == 3))
                causes += 1
            if resource_ids and rng.random() < 0.8:
                links += [{"resource_id": r, "cause_id": parent}
                          for r in rng.sample(resource_ids, min(len(resource_ids),
                                                                 rng.randint(1, 4)))]
            bulk.add(Solution(problem_id=problem_id, cause_id=parent,
                              description=f"Fix for why {branch}.3",
                              status=rng.choice(("idea", "agreed", "in_progress", "done"))))
            solutions += 1
    bulk.flush(["problem", "cause", "solution"])
    if links:
        bulk.wb.insert_rows("resource_cause", links, entity_key="resource_id")
    return {"problem": problems, "cause": causes, "solution": solutions,
            "resource_cause": len(links)}


def _populate_partners(bulk: _Bulk, rng: random.Random, org_ids: list[int],
                       org_type: dict[int, str], today: dt.date) -> dict[str, int]:
    """Ratings and health checks for the new organisations only (they are unique per org)."""
    rated = [o for o in org_ids if org_type[o] == reference.OWN]
    partners = [o for o in org_ids if org_type[o] != reference.OWN]
    sample = rng.sample(partners, len(partners) // 10)
    ratings = checks = 0
    for org_id in rated + sample:
        for competency in reference.COMPETENCIES:
            bulk.add(CapacityRating(organisation_id=org_id, competency=competency,
                                    rating=rng.randint(1, 4), priority=rng.random() < 0.2))
            ratings += 1
    for org_id in sample:
        for checked_on in (today - dt.timedelta(days=120), today - dt.timedelta(days=20)):
            answers: dict[str, Any] = {q.key: rng.randint(0, 2)
                                       for q in reference.HEALTH_QUESTIONS}
            bulk.add(HealthCheck(organisation_id=org_id, checked_on=checked_on, **answers))
            checks += 1
    bulk.flush(["capacity_rating", "health_check"])
    return {"capacity_rating": ratings, "health_check": checks}


_ORG_STEMS = {
    reference.OWN: "Valley Workforce Board", "business": "Precision Works",
    "community": "Neighbourhood Centre", "government": "County Office",
    "foundation": "Family Foundation", "labour": "Machinists Local",
    "semi_public": "Technical College",
}
_ROLES = ("Plant manager", "HR director", "Program lead", "Director", "Trainer", "Organiser")
_KINDS = ("regular", "regular", "regular", "working_group", "review", "planning")
_TARGETS = ("Young adults", "Incumbent workers", "Job seekers", "Veterans", "New arrivals")
_FUNDERS = ("Federal workforce funds", "State budget", "Foundation grant", "Employer dues")
_RESOURCE_STATUSES = ("active", "planned", "paused", "retired")
