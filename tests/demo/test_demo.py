"""The demo workbook: a complete, current-looking story with something for every analysis."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from workbook import reference
from workbook.demo import build_demo
from workbook.errors import WorkbookExistsError
from workbook.model import (
    ActionItem,
    CapacityRating,
    Cause,
    ChecklistMark,
    Comment,
    HealthCheck,
    Meeting,
    NameCandidate,
    NameVote,
    Organisation,
    Outcome,
    Person,
    Problem,
    Resource,
    ReviewNote,
    Solution,
)
from workbook.testing import make_workbook

TODAY = dt.date.today()


def _employer_share(wb, meeting_id):
    orgs = {o.id: o for o in wb.all(Organisation)}
    people = wb.attendees(meeting_id)
    return sum(orgs[p.organisation_id].is_employer for p in people) / len(people)


def test_demo_partnership_has_vision_goals_and_outcomes(demo_wb):
    """Region, intermediary, vision, shared goals and measured outcomes are filled in."""
    partnership = demo_wb.partnership
    assert partnership.sector and partnership.region and partnership.intermediary
    assert partnership.vision and len(partnership.shared_goals) >= 3
    outcomes = demo_wb.all(Outcome)
    assert len(outcomes) >= 3
    assert all(o.measure and o.benchmark and o.target and o.due_on for o in outcomes)


def test_demo_covers_every_partner_type_and_our_own(demo_wb):
    """At least twelve partners of all six types, plus exactly one own organisation."""
    orgs = demo_wb.all(Organisation)
    types = Counter(o.partner_type for o in orgs)
    assert set(types) == set(reference.PARTNER_TYPES)
    assert types[reference.OWN] == 1
    assert len(orgs) - 1 >= 12
    assert demo_wb.own_organisation().name == demo_wb.partnership.intermediary


def test_demo_organisations_have_full_profiles_and_people(demo_wb):
    """Every organisation has the review profile, both WIIFM lists and someone to ask."""
    people = Counter(p.organisation_id for p in demo_wb.all(Person))
    for org in demo_wb.all(Organisation):
        for field in ("mission", "competencies", "decision_making", "financing", "culture",
                      "brings", "needs"):
            assert getattr(org, field).strip(), (org.name, field)
        assert people[org.id] >= 1, org.name


def test_demo_has_its_next_meeting_planned(demo_wb):
    """One planned meeting about three weeks ahead, with a time, place, link and an agenda
    drafted from the actions still open; it is not the current meeting."""
    from workbook.model import current_meeting, next_meeting

    meetings = demo_wb.all(Meeting)
    upcoming = next_meeting(meetings, TODAY)
    assert upcoming is not None and upcoming.status == "planned"
    assert 14 <= (upcoming.held_on - TODAY).days <= 35
    assert upcoming.starts_at and upcoming.location and upcoming.join_link
    assert any(line.startswith("Review the action") for line in upcoming.agenda)
    assert demo_wb.attendees(upcoming.id) == []
    assert current_meeting(meetings, TODAY).held_on < TODAY


def test_demo_meetings_span_nine_months_ending_weeks_ago(demo_wb):
    """Six or more meetings held over about nine months; the last about three weeks ago."""
    meetings = sorted((m for m in demo_wb.all(Meeting) if m.status == "held"),
                      key=lambda m: m.held_on)
    assert len(meetings) >= 6
    assert 240 <= (meetings[-1].held_on - meetings[0].held_on).days <= 300
    assert 10 <= (TODAY - meetings[-1].held_on).days <= 35
    assert meetings[0].kind_of == "kickoff"
    for meeting in meetings:
        assert meeting.objective and meeting.agenda and meeting.notes
        assert demo_wb.decisions(meeting.id)
        assert len(demo_wb.attendees(meeting.id)) >= 5


def test_demo_employers_fill_most_rooms_but_not_all(demo_wb):
    """Employers are at least half of most meetings held, and under half of at least one."""
    shares = [_employer_share(demo_wb, m.id) for m in demo_wb.all(Meeting) if m.status == "held"]
    below = [s for s in shares if s < 0.5]
    assert 1 <= len(below) < len(shares) / 2


def test_demo_resource_map_covers_every_kind_with_details(demo_wb):
    """25+ resources of all seven kinds, fully described, some retired or planned."""
    resources = demo_wb.all(Resource)
    assert len(resources) >= 25
    assert {r.resource_kind for r in resources} == set(reference.RESOURCE_KINDS)
    for r in resources:
        assert r.owner_id and r.target_group and r.eligibility and r.capacity, r.name
        assert r.funding_source and r.referral and r.found_on, r.name
    statuses = Counter(r.status for r in resources)
    assert statuses["retired"] >= 1 and statuses["planned"] >= 1
    found = sorted(r.found_on for r in resources)
    assert (found[-1] - found[0]).days >= 180
    assert len({(d.year, d.month) for d in found}) >= 5


def test_demo_problems_have_why_chains_down_to_roots(demo_wb):
    """Two or three problems, each with evidenced why-chains two or three deep."""
    problems = demo_wb.all(Problem)
    assert 2 <= len(problems) <= 3
    for problem in problems:
        outline = demo_wb.cause_tree(problem.id)
        assert 2 <= max(depth for depth, _ in outline) <= 3
        assert any(c.is_root for _, c in outline)
        assert all(c.evidence for _, c in outline)
        parents = {c.parent_id for _, c in outline}
        assert all(c.id not in parents for _, c in outline if c.is_root)


def test_demo_has_a_failed_earlier_try_with_lessons(demo_wb):
    """One solution was tried before and failed, and says why."""
    failed = demo_wb.all(Solution, status="failed")
    assert failed
    assert all(s.tried_before and s.tried_on < TODAY and len(s.lessons) > 40 for s in failed)


def test_demo_has_solutions_without_a_root_cause(demo_wb):
    """Unrooted solutions exist: one straight from the problem, one under a symptom."""
    unrooted = demo_wb.unrooted_solutions()
    assert any(s.cause_id is None for s in unrooted)
    assert any(s.cause_id is not None and not demo_wb.get(Cause, s.cause_id).is_root
               for s in unrooted)


def test_demo_existing_solutions_are_resources_on_the_map(demo_wb):
    """Some solutions are existing resources, and each points at a stored resource."""
    existing = demo_wb.all(Solution, solution_kind="existing")
    assert len(existing) >= 2
    assert all(demo_wb.get(Resource, s.resource_id) for s in existing)


def test_demo_root_causes_show_gaps_and_duplication(demo_wb):
    """Some root causes have no resource; one has several resources from several owners."""
    roots = {c.id for c in demo_wb.all(Cause) if c.is_root}
    owners = {r.id: r.owner_id for r in demo_wb.all(Resource)}
    linked = defaultdict(set)
    for resource_id, cause_id in demo_wb.resource_links():
        linked[cause_id].add(resource_id)
    gaps = [c for c in roots if not linked[c]]
    duplicated = [c for c in roots if len({owners[r] for r in linked[c]}) >= 3]
    assert len(gaps) >= 2
    assert duplicated


def test_demo_capacity_shows_weak_spots_partners_can_fill(demo_wb):
    """Our own organisation is rated on all 19; weak priorities are strong in partners."""
    own = demo_wb.own_organisation()
    ratings = demo_wb.all(CapacityRating)
    mine = {r.competency: r for r in ratings if r.organisation_id == own.id}
    assert set(mine) == set(reference.COMPETENCIES)
    weak = {k for k, r in mine.items() if r.rating <= 2 and r.priority}
    assert len(weak) >= 2
    others = [r for r in ratings if r.organisation_id != own.id]
    assert len({r.organisation_id for r in others}) >= 4
    assert any(r.competency in weak and r.rating >= 4 for r in others)


def test_demo_review_notes_cover_all_four_kinds(demo_wb):
    """Review notes name confluence, conflict, competition and opportunity across aspects."""
    notes = demo_wb.all(ReviewNote)
    assert {n.note_kind for n in notes} == set(reference.REVIEW_KINDS)
    assert len({n.aspect for n in notes}) >= 4


def test_demo_health_checks_improve_and_slip(demo_wb):
    """Five or more partners checked on two dates; most improve, one slips."""
    by_org = defaultdict(list)
    for check in demo_wb.all(HealthCheck):
        by_org[check.organisation_id].append(check)
    twice = {org: sorted(c, key=lambda c: c.checked_on) for org, c in by_org.items()
             if len({x.checked_on for x in c}) >= 2}
    assert len(twice) >= 5
    changes = [checks[-1].score - checks[0].score for checks in twice.values()]
    assert sum(c > 0 for c in changes) >= 3
    assert any(c < 0 for c in changes)


def test_demo_actions_are_done_open_and_overdue(demo_wb):
    """Actions are done, open and overdue; each has an owner, a partner and a meeting."""
    meetings = {m.id: m for m in demo_wb.all(Meeting)}
    actions = demo_wb.all(ActionItem)
    statuses = Counter(a.status for a in actions)
    assert statuses["done"] >= 3 and statuses["open"] >= 3
    assert sum(a.is_open and a.due_on < TODAY for a in actions) >= 2
    assert any(a.is_open and a.due_on >= TODAY for a in actions)
    for a in actions:
        assert a.owner_id and a.organisation_id and a.meeting_id in meetings
        assert a.due_on > meetings[a.meeting_id].held_on
        if a.status == "done":
            assert meetings[a.meeting_id].held_on <= a.done_on <= TODAY


def test_demo_phase_history_ends_at_stewarding(demo_wb):
    """Phases run preparation to stewarding in order; past checklists are done."""
    history = demo_wb.phase_history()
    assert [c.phase for c in history] == ["preparation", "planning", "prospecting",
                                          "developing", "stewarding"]
    assert all(c.note for c in history)
    assert demo_wb.partnership.phase == "stewarding"
    for phase in ("preparation", "planning", "prospecting", "developing"):
        marks = demo_wb.checklist(phase)
        assert all(m is not None and m.done and m.done_on and m.evidence for _, m in marks)
    stewarding = [m for _, m in demo_wb.checklist("stewarding")]
    done = sum(m is not None and m.done for m in stewarding)
    assert 1 <= done < len(stewarding)
    assert all(m.done_on <= TODAY for m in demo_wb.all(ChecklistMark) if m.done)


def test_demo_name_was_chosen_by_a_closed_vote(demo_wb):
    """A closed dot vote on proposed names picked the name the partnership now carries."""
    candidates = demo_wb.all(NameCandidate)
    assert len(candidates) >= 3
    assert all(c.proposed_by_id and c.rationale for c in candidates)
    votes = demo_wb.all(NameVote)[-1:]  # the first, tied show of dots was only a round
    assert [v.status for v in demo_wb.all(NameVote)] == ["closed", "closed"]
    results = demo_wb.results(votes[0].id)
    assert results[0].dots > results[1].dots
    partnership = demo_wb.partnership
    assert partnership.name == results[0].candidate.name != partnership.working_title
    assert partnership.name_reason and partnership.name_chosen_on == votes[0].closed_on
    assert demo_wb.ballots_cast(votes[0].id) >= 5


def test_demo_has_comments_on_meetings(demo_wb):
    """A few comments, each tied to a meeting and a person's organisation."""
    comments = demo_wb.all(Comment)
    assert len(comments) >= 2
    assert all(c.meeting_id and c.organisation_id and c.created_at for c in comments)


def test_build_demo_follows_the_given_today(tmp_path):
    """The story moves with ``today``: the last meeting stays about three weeks back."""
    day = dt.date(2031, 3, 15)
    wb = build_demo(tmp_path / "d.sqlite", today=day)
    try:
        last = wb.latest_meeting()
        assert 10 <= (day - last.held_on).days <= 35
        assert wb.partnership.created_on < min(m.held_on for m in wb.all(Meeting))
    finally:
        wb.close()


def test_build_demo_refuses_to_overwrite_and_leaves_the_file_alone(demo_path):
    """Without overwrite=True an existing file is refused and stays byte for byte."""
    before = demo_path.read_bytes()
    with pytest.raises(WorkbookExistsError):
        build_demo(demo_path)
    assert demo_path.read_bytes() == before
    assert not demo_path.with_name(demo_path.name + "-wal").exists()


def test_build_demo_overwrites_when_asked(tmp_path):
    """overwrite=True replaces an existing workbook with the demo."""
    path = tmp_path / "w.sqlite"
    make_workbook(path, working_title="Something else").close()
    wb = build_demo(path, overwrite=True)
    try:
        assert wb.partnership.working_title != "Something else"
        assert wb.count(Organisation) >= 13
    finally:
        wb.close()


def test_demo_resources_are_dated_to_the_day_they_were_found(demo_wb):
    """Each entry counts as entered on its found day, not when the demo was built."""
    for resource in demo_wb.all(Resource):
        assert resource.created_at.date() == resource.found_on
        assert resource.updated_at == resource.created_at


def test_demo_has_a_year_of_readings_and_a_stale_outcome(demo_wb):
    """Every outcome has a unit, numbers and readings spanning about a year; one is stale."""
    from workbook.analyses.progress import outcome_progress

    outcomes = demo_wb.all(Outcome)
    assert all(o.unit and o.target_value is not None for o in outcomes)
    readings = demo_wb.readings()
    days = sorted(r.read_on for r in readings)
    assert (days[-1] - days[0]).days >= 330 and len(readings) >= 30
    progress = outcome_progress(demo_wb)
    assert all(p.readings for p in progress)
    stale = [p.description for p in progress if p.stale]
    assert stale == ["Incumbent workers completing a credential"]
    statuses = {p.status for p in progress}
    assert {"beats_benchmark", "target_met", "text_only"} <= statuses


def test_demo_wins_credit_partners_and_name_only_with_consent(demo_wb):
    """A few wins, each credited to partners; the one naming a person has consent."""
    from workbook import Win

    wins = demo_wb.all(Win)
    assert len(wins) >= 4
    assert all(demo_wb.credited_partners(w.id) for w in wins)
    named = [w for w in wins if w.person_name]
    assert named and all(w.consent_on is not None for w in named)
    assert any(not w.person_name and w.win_kind == "hired" for w in wins)
    last = demo_wb.latest_meeting()
    previous = demo_wb.previous_meeting(last)
    assert any(w.won_on > previous.held_on for w in wins)
