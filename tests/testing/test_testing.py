"""The test factories: one-line valid data, and fast bulk data for benchmarks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from workbook import reference, testing
from workbook.errors import ValidationError, WorkbookExistsError
from workbook.model import (
    ActionItem,
    CapacityRating,
    Cause,
    HealthCheck,
    Meeting,
    Organisation,
    Person,
    Problem,
    Resource,
    Solution,
)


def test_make_workbook_is_in_memory_with_overrides():
    """Without a path the workbook lives in memory; keyword fields reach the partnership."""
    wb = testing.make_workbook(region="Otter Creek", working_title="Otter Makers")
    assert wb.path is None
    assert wb.partnership.region == "Otter Creek"
    assert wb.partnership.working_title == "Otter Makers"


def test_make_workbook_writes_a_file_and_never_overwrites(tmp_path):
    """With a path the workbook is a file, and an existing file is refused."""
    path = tmp_path / "w.sqlite"
    testing.make_workbook(path).close()
    assert path.exists()
    with pytest.raises(WorkbookExistsError):
        testing.make_workbook(path)


def test_add_organisation_gives_unique_default_names(wb):
    """Default organisation names differ, so adding several never hits the unique rule."""
    orgs = [testing.add_organisation(wb) for _ in range(4)]
    assert len({o.name for o in orgs}) == 4
    assert all(o.id is not None for o in orgs)


def test_add_organisation_takes_overrides(wb):
    """Overrides replace the defaults, including the partner type."""
    own = testing.add_organisation(wb, partner_type="own", name="Our Board")
    assert wb.own_organisation() == own
    assert own.name == "Our Board"


def test_add_person_creates_an_organisation_when_none_is_given(wb):
    """A person without an organisation gets a new one; a given one is used as is."""
    alone = testing.add_person(wb)
    org = testing.add_organisation(wb, partner_type="labour")
    member = testing.add_person(wb, org)
    assert wb.get(Organisation, alone.organisation_id).partner_type == "business"
    assert member.organisation_id == org.id
    assert alone.name != member.name


def test_add_meeting_marks_attendees_by_number_or_list(wb):
    """attendees=3 creates three people; a list marks exactly those people."""
    first = testing.add_meeting(wb, attendees=3)
    people = [testing.add_person(wb) for _ in range(2)]
    second = testing.add_meeting(wb, attendees=people, held_on=dt.date.today())
    assert len(wb.attendees(first.id)) == 3
    assert {p.id for p in wb.attendees(second.id)} == {p.id for p in people}


def test_add_action_defaults_owner_partner_and_done_date(wb):
    """The owner is created, the partner is the owner's organisation, done gets a date."""
    action = testing.add_action(wb)
    owner = wb.get(Person, action.owner_id)
    assert action.organisation_id == owner.organisation_id
    assert action.is_open and action.due_on > dt.date.today()
    done = testing.add_action(wb, status="done")
    assert done.done_on == dt.date.today()


def test_add_resource_and_solution_store_valid_entities(wb):
    """A resource gets an owner; a solution can be an existing resource for a cause."""
    resource = testing.add_resource(wb, resource_kind="funding")
    tree = testing.add_problem_tree(wb, depth=2)
    solution = testing.add_solution(wb, tree.problem, cause_id=tree.roots[0].id,
                                    solution_kind="existing", resource_id=resource.id)
    assert wb.get(Resource, resource.id).owner_id is not None
    assert wb.get(Solution, solution.id).resource_id == resource.id


def test_add_problem_tree_builds_chains_of_the_given_depth(wb):
    """depth=3, branches=2 gives two chains of three causes, each ending in a root."""
    tree = testing.add_problem_tree(wb, depth=3, branches=2)
    outline = wb.cause_tree(tree.problem.id)
    assert len(outline) == len(tree.causes) == 6
    assert max(depth for depth, _ in outline) == 3
    parents = {c.parent_id for c in tree.causes}
    assert all(root.is_root and root.id not in parents for root in tree.roots)
    assert len(tree.roots) == 2
    assert testing.add_problem_tree(wb).problem.statement != tree.problem.statement


def test_populate_makes_the_requested_counts(wb):
    """Exactly the requested organisations, resources, meetings and actions are added."""
    counts = testing.populate(wb, organisations=40, resources=120, meetings=12, actions=90,
                              problems=3, seed=1)
    assert wb.count(Organisation) == counts["organisation"] == 40
    assert wb.count(Resource) == counts["resource"] == 120
    assert wb.count(Meeting) == counts["meeting"] == 12
    assert wb.count(ActionItem) == counts["action"] == 90
    assert wb.count(Problem) == counts["problem"] == 3
    assert wb.count(Person) == counts["person"]
    assert wb.count(Cause) == counts["cause"]
    assert len(wb.attendance_rows()) == counts["attendance"]
    assert len(wb.resource_links()) == counts["resource_cause"]


def test_populate_default_size_fills_the_benchmark_workbook(wb):
    """The defaults give the benchmark sizes: 1000, 5000, 300 and 3000."""
    counts = testing.populate(wb)
    assert (wb.count(Organisation), wb.count(Resource), wb.count(Meeting),
            wb.count(ActionItem)) == (1000, 5000, 300, 3000)
    assert counts["capacity_rating"] == wb.count(CapacityRating) > 0
    assert counts["health_check"] == wb.count(HealthCheck) > 0


def test_populate_mixes_partner_types_with_about_half_businesses(wb):
    """One own organisation, every partner type present, businesses near half."""
    testing.populate(wb, organisations=400, resources=0, meetings=0, actions=0, problems=0)
    types = Counter(o.partner_type for o in wb.all(Organisation))
    assert types[reference.OWN] == 1
    assert set(types) == set(reference.PARTNER_TYPES)
    assert 0.4 <= types["business"] / 399 <= 0.6


def test_populate_rows_pass_the_model_rules(wb):
    """Every stored row, rebuilt through the model, is accepted unchanged."""
    testing.populate(wb, organisations=30, resources=60, meetings=8, actions=50, problems=2)
    for cls in (Organisation, Person, Meeting, Resource, ActionItem, Problem, Cause, Solution,
                CapacityRating, HealthCheck):
        for entity in wb.all(cls):
            assert dataclasses.replace(entity) == entity


def test_populate_keeps_names_unique_and_dates_plausible(wb):
    """Names never repeat, even over two runs; meetings lie in the past with attendees."""
    testing.populate(wb, organisations=50, resources=80, meetings=10, actions=20, seed=1)
    testing.populate(wb, organisations=50, resources=80, meetings=10, actions=20, seed=2)
    names = [o.name.casefold() for o in wb.all(Organisation)]
    assert len(names) == len(set(names)) == 100
    resources = [(r.name, r.owner_id) for r in wb.all(Resource)]
    assert len(resources) == len(set(resources))
    problems = [p.statement for p in wb.all(Problem)]
    assert len(problems) == len(set(problems))
    today = dt.date.today()
    attended = {meeting for meeting, _ in wb.attendance_rows()}
    for meeting in wb.all(Meeting):
        assert today - dt.timedelta(days=3 * 365) < meeting.held_on < today
        assert meeting.id in attended
    assert wb.count(Organisation, partner_type=reference.OWN) == 1


def test_populate_actions_mix_done_open_and_overdue(wb):
    """Actions come done (with a date), open, and overdue, each from a meeting."""
    testing.populate(wb, organisations=30, resources=0, meetings=10, actions=200)
    actions = wb.all(ActionItem)
    statuses = Counter(a.status for a in actions)
    assert {"done", "open", "in_progress", "dropped"} <= set(statuses)
    assert all(a.done_on is not None for a in actions if a.status == "done")
    today = dt.date.today()
    assert any(a.is_open and a.due_on < today for a in actions)
    assert all(a.meeting_id is not None and a.owner_id is not None for a in actions)


def test_populate_is_repeatable_for_a_seed():
    """The same seed gives the same data; another seed gives different data."""
    def snapshot(seed):
        wb = testing.make_workbook()
        testing.populate(wb, organisations=30, resources=30, meetings=5, actions=30, seed=seed)
        return [(o.name, o.partner_type) for o in wb.all(Organisation)], \
            [(a.status, a.owner_id) for a in wb.all(ActionItem)]

    assert snapshot(3) == snapshot(3)
    assert snapshot(3) != snapshot(4)


def test_populate_uses_stored_people_when_adding_no_organisations(wb):
    """organisations=0 still yields actions, owned by people already in the workbook."""
    person = testing.add_person(wb)
    testing.populate(wb, organisations=0, resources=0, meetings=2, actions=5)
    assert {a.owner_id for a in wb.all(ActionItem)} == {person.id}


def test_populate_refuses_actions_without_anyone_to_own_them(wb):
    """Actions in an empty workbook with no organisations asked for are refused, none stored."""
    with pytest.raises(ValidationError, match="actions"):
        testing.populate(wb, organisations=0, resources=5, meetings=1, actions=3)
    assert wb.count(Resource) == wb.count(Meeting) == 0
