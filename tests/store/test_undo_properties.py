"""Random sequences of steps through the public write entry points, on both backends:
undoing all of them gives the start again, and undoing k of n gives the state after n-k.

States are compared as JSON exports without ``exported_at``, without the history itself
and without row versions (Undo bumps a version so that a form showing the undone value
notices).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import (
    Cause,
    Decision,
    Meeting,
    Organisation,
    Person,
    Problem,
    Resource,
    Win,
)
from workbook.errors import WorkbookError
from workbook.interchange.jsonio import export_json
from workbook.interchange.sheet_store import store_resources
from workbook.testing import make_workbook

_names = itertools.count(1)

OPS = ("org", "person", "rename", "remove_person", "meeting_with_people", "attend",
       "unattend", "decision", "stances", "problem_and_cause", "link", "unlink", "win",
       "phase", "bulk_people", "resources_in_batches", "remove_org")


def state(wb: Any) -> dict[str, Any]:
    """The export without what Undo may rightly change (stamps of the export, versions)."""
    data = export_json(wb)
    for key in ("exported_at", "change_log", "change_step"):  # the history itself
        data.pop(key, None)
    for rows in data.values():
        if isinstance(rows, list):
            for row in rows:
                if isinstance(row, dict):
                    row.pop("version", None)
    return data


def _pick(items: list[Any], n: int) -> Any:
    return items[n % len(items)] if items else None


def apply_op(wb: Any, op: str, n: int) -> None:
    """One step through a public write entry point (refusals are fine: no step then)."""
    people = [p.id for p in wb.all(Person)]
    orgs = [o.id for o in wb.all(Organisation)]
    meetings = [m.id for m in wb.all(Meeting)]
    tag = next(_names)
    match op:
        case "org":
            wb.add(Organisation(name=f"Org {tag}", partner_type="business"))
        case "person":
            wb.add(Person(name=f"Person {tag}", organisation_id=_pick(orgs, n)))
        case "rename":
            if people:
                wb.update(Person, _pick(people, n), {"role": f"Role {tag}"})
        case "remove_person":
            if people:
                wb.remove(Person, _pick(people, n))
        case "remove_org":
            if orgs:
                wb.remove(Organisation, _pick(orgs, n))
        case "meeting_with_people":
            with wb.change(f"Meeting {tag} with attendance"):
                meeting = wb.add(Meeting(held_on=dt.date(2027, 1, 1) + dt.timedelta(tag),
                                         objective=f"Meeting {tag}"))
                for person_id in people[:n % 3]:
                    wb.add_attendee(meeting.id, person_id)
        case "attend":
            if meetings and people:
                wb.add_attendee(_pick(meetings, n), _pick(people, n))
        case "unattend":
            if meetings and people:
                wb.remove_attendee(_pick(meetings, n), _pick(people, n))
        case "decision":
            if meetings:
                wb.record_decision(Decision(meeting_id=_pick(meetings, n), text=f"D {tag}"),
                                   agreed=people[:2], stood_aside=people[2:3])
        case "stances":
            decisions = [d.id for d in wb.decisions()]
            if decisions:
                wb.set_stances(_pick(decisions, n), agreed=people[n % 2:3])
        case "problem_and_cause":
            with wb.change("Problem and cause"):
                problem = wb.add(Problem(statement=f"Problem {tag}"))
                wb.add(Cause(problem_id=problem.id, statement=f"Cause {tag}", is_root=True))
        case "link":
            resources = [r.id for r in wb.all(Resource)]
            causes = [c.id for c in wb.all(Cause)]
            if resources and causes:
                wb.link_resource(_pick(resources, n), _pick(causes, n))
        case "unlink":
            links = wb.resource_links()
            if links:
                wb.unlink_resource(*_pick(links, n))
        case "win":
            wb.add_win(Win(description=f"Win {tag}", won_on=dt.date(2027, 3, 1)), orgs[:2])
        case "phase":
            wb.move_to_phase(("planning", "prospecting", "developing")[n % 3],
                             changed_on=dt.date(2027, 4, 1) + dt.timedelta(tag))
        case "bulk_people":
            wb.add_all([Person(name=f"Bulk {tag}.{i}") for i in range(1 + n % 4)])
        case "resources_in_batches":
            store_resources(wb, [Resource(name=f"Program {tag}.{i}", resource_kind="program",
                                          owner_id=_pick(orgs, i))
                                 for i in range(1 + n % 5)], batch=2,
                            label=f"Import programs {tag}")


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50)), min_size=1,
                    max_size=14))
def test_undo_properties_undo_k_of_n_gives_the_state_after_n_minus_k(backend, new_target, ops):
    """Each successful step is one Undo; undoing them one by one walks the states back to
    the start, exactly."""
    wb = make_workbook(new_target(f"undo-{next(_names)}"))
    try:
        states = [state(wb)]
        for op, n in ops:
            before = len(wb.steps(10_000, include_undone=False))
            try:
                apply_op(wb, op, n)
            except WorkbookError:
                assert state(wb) == states[-1]  # a refused step leaves no trace
                continue
            if len(wb.steps(10_000, include_undone=False)) > before:
                states.append(state(wb))
        for expected in reversed(states[:-1]):
            wb.undo()
            assert state(wb) == expected
        assert wb.undo() is None
    finally:
        wb.close()
