"""Each section of a meeting summary: what it shows, and that it is left out when empty."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from workbook import (
    ActionItem,
    Cause,
    Meeting,
    NameCandidate,
    Organisation,
    Person,
    Resource,
    reference,
)
from workbook.demo.data import MEETINGS, ORGANISATIONS, PEOPLE, VOTE
from workbook.errors import ExportError
from workbook.export import build_summary, render_summary
from workbook.export.records import ROW_LIMIT
from workbook.store.schema import table_for
from workbook.testing import (
    add_action,
    add_meeting,
    add_organisation,
    add_person,
    add_problem_tree,
    add_resource,
    add_solution,
    populate,
)

TODAY = dt.date.today()
SECTIONS = ("glance", "meeting", "attendance", "time_boxes", "carry_over", "decisions", "wins",
            "offers", "naming", "resources", "framing", "actions", "progress", "momentum",
            "evaluation", "notes", "comments")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def backdate(wb, resource_id: int, *, created: dt.date, updated: dt.date | None = None) -> None:
    """Set a resource's timestamps directly (the store stamps them with the present)."""
    table = table_for(Resource)
    stamp = dt.datetime.combine(created, dt.time(12))
    later = dt.datetime.combine(updated, dt.time(12)) if updated else stamp
    with wb.engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.id == resource_id)
                     .values(created_at=stamp, updated_at=later))


# -- the demo workbook ------------------------------------------------------------------


@pytest.fixture
def demo_page(demo_wb, parse_page):
    rendered = render_summary(demo_wb)
    return rendered, parse_page(rendered.html)


def test_demo_summary_is_about_the_latest_meeting(demo_wb, demo_page):
    """Without a meeting id the summary covers the meeting held last."""
    rendered, page = demo_page
    latest = max(MEETINGS, key=lambda m: -m["ago"])
    assert rendered.summary.meeting.objective == latest["objective"]
    assert latest["objective"] in page.sections["meeting"]
    assert rendered.summary.meeting.id == demo_wb.latest_meeting().id


def test_demo_header_names_partnership_and_phase(demo_wb, demo_page):
    """The h1 carries the partnership's chosen name; its phase title is shown beside it."""
    _, page = demo_page
    partnership = demo_wb.partnership
    assert page.headings[0] == ("h1", partnership.display_name)
    phase_title = reference.phase(partnership.phase).title
    header = page.tags("header")[0].text
    assert phase_title in header and partnership.working_title in header


def test_demo_attendance_lists_everyone_grouped_by_type(demo_wb, demo_page):
    """Every attendee appears once, under their organisation, with the partner-type group."""
    rendered, page = demo_page
    latest = max(MEETINGS, key=lambda m: -m["ago"])
    names = {key: name for key, name, _, _ in PEOPLE}
    text = page.sections["attendance"]
    for key in latest["attendees"]:
        assert text.count(names[key]) == 1
    attendance = rendered.summary.attendance
    assert attendance.people == len(latest["attendees"])
    assert attendance.groups[0].partner_type == "Convening organisation"
    orgs = {o["key"]: o for o in ORGANISATIONS}
    people_org = {key: org for key, _, org, _ in PEOPLE}
    employers = sum(orgs[people_org[k]]["partner_type"] == "business" for k in latest["attendees"])
    assert attendance.employers_share == pytest.approx(employers / len(latest["attendees"]))


def test_demo_decisions_in_order(demo_page, parse_page):
    """The meeting's decisions are listed as typed, in order."""
    rendered, page = demo_page
    latest = max(MEETINGS, key=lambda m: -m["ago"])
    assert tuple(d.text for d in rendered.summary.decisions) == latest["decisions"]
    items = [e.text for e in page.tags("span") if e.attrs.get("class") == "typed"]
    assert all(d in items for d in latest["decisions"])


def test_demo_offers_cover_organisations_at_the_table(demo_page):
    """Brings and needs are shown for the organisations present, not for absent ones."""
    rendered, page = demo_page
    latest = max(MEETINGS, key=lambda m: -m["ago"])
    people_org = {key: org for key, _, org, _ in PEOPLE}
    present = {people_org[k] for k in latest["attendees"]}
    for org in ORGANISATIONS:
        shown = org["name"] in {o.organisation for o in rendered.summary.offers}
        assert shown == (org["key"] in present)
        if shown:
            assert org["needs"] in page.sections["offers"]


def test_demo_naming_shown_only_for_the_meeting_where_the_vote_closed(demo_wb, parse_page):
    """The vote results appear in the summary of the meeting that closed it, and only there."""
    keys = [m["key"] for m in MEETINGS]
    meetings = sorted((m for m in demo_wb.all(Meeting) if m.status == "held"),
                      key=lambda m: (m.held_on, m.id))
    by_key = dict(zip(keys, meetings, strict=True))
    closing = by_key[VOTE["meeting"]]
    rendered = render_summary(demo_wb, closing.id, charts=False)
    naming = rendered.summary.naming
    assert naming is not None and naming.chosen == VOTE["chosen"]
    dots: dict[str, int] = {}
    for _, ballot in VOTE["ballots"]:
        for name, n in ballot.items():
            dots[name] = dots.get(name, 0) + n
    assert {r.name: r.dots for r in naming.results} == dots
    assert [r.dots for r in naming.results] == sorted(dots.values(), reverse=True)
    assert naming.ballots == len(VOTE["ballots"])
    assert VOTE["reason"] in parse_page(rendered.html).sections["naming"]
    assert render_summary(demo_wb, charts=False).summary.naming is None


def test_demo_framing_lists_every_problem_and_warns(demo_wb, demo_page):
    """Every problem is listed with its root causes; unrooted solutions raise a warning."""
    rendered, page = demo_page
    framing = rendered.summary.framing
    unrooted = demo_wb.unrooted_solutions()
    assert [p.statement for p in framing.problems] == [p.statement for p in demo_wb.problems()]
    roots = [c for c in demo_wb.all(Cause) if c.is_root]
    assert sum(p.root_causes for p in framing.problems) == len(roots)
    for solution in unrooted:
        assert any(solution.description in w for w in framing.warnings)
        assert solution.description in page.sections["framing"]


def test_demo_actions_agreed_carried_and_overdue(demo_wb, demo_page):
    """Actions of the meeting are 'agreed'; earlier open ones are overdue or carried over."""
    rendered, _ = demo_page
    actions = rendered.summary.actions
    meeting = demo_wb.latest_meeting()
    mine = [a for a in demo_wb.all(ActionItem) if a.meeting_id == meeting.id]
    assert sorted(a.action for a in actions.agreed) == sorted(a.action for a in mine)
    earlier_open = [a for a in demo_wb.all(ActionItem)
                    if a.meeting_id != meeting.id and a.is_open]
    late = [a for a in earlier_open if a.due_on and a.due_on < meeting.held_on]
    assert sorted(a.action for a in actions.overdue) == sorted(a.action for a in late)
    assert {a.action for a in actions.carried} == {
        a.action for a in earlier_open if a not in late}
    assert all(row.days_overdue > 0 for row in actions.overdue)


def test_demo_sections_in_page_order(demo_page):
    """Sections come in the documented order, each with exactly one h2."""
    rendered, page = demo_page
    present = [s for s in SECTIONS if s in page.sections]
    assert list(page.sections) == present
    assert [h for h in page.headings if h[0] == "h1"] == [page.headings[0]]
    assert sum(1 for h in page.headings if h[0] == "h2") == len(page.sections)


# -- a sparse workbook ------------------------------------------------------------------


def test_sparse_summary_leaves_empty_sections_out(sparse_wb, parse_page):
    """A bare meeting yields the header and the meeting section; nothing shows blank."""
    rendered = render_summary(sparse_wb)
    page = parse_page(rendered.html)
    assert list(page.sections) == ["glance", "meeting"]
    assert "Meet for the first time" in page.sections["meeting"]
    assert "Agenda" not in page.sections["meeting"]
    for text in page.sections.values():
        assert text.strip()
    assert "<table" not in rendered.html.split('id="meeting"')[1].split("</section>")[0]


def test_summary_of_unknown_meeting_is_refused(sparse_wb):
    """An id that is not a meeting, or not a number, gets a message naming it."""
    with pytest.raises(ExportError, match="999"):
        build_summary(sparse_wb, 999)
    with pytest.raises(ExportError, match="'soon'"):
        build_summary(sparse_wb, "soon")


def test_summary_of_empty_workbook_is_refused(wb):
    """A workbook without meetings has nothing to summarise, and says so."""
    with pytest.raises(ExportError, match="no meeting"):
        build_summary(wb)


def test_attendance_without_organisation_is_grouped_apart(wb):
    """People with no organisation are listed under their own heading, not dropped."""
    loner = wb.add(Person(name="Solo Consultant"))
    meeting = add_meeting(wb, attendees=[loner, add_person(wb)])
    attendance = build_summary(wb, meeting.id).attendance
    names = [org.organisation for g in attendance.groups for org in g.organisations]
    assert "No organisation recorded" in names
    assert attendance.people == 2 and attendance.employers_share == pytest.approx(0.5)


def test_offers_skip_organisations_with_nothing_recorded(wb):
    """An organisation at the table without brings or needs is not listed in that section."""
    quiet = add_organisation(wb, brings="", needs="")
    loud = add_organisation(wb, brings="A training room", needs="")
    meeting = add_meeting(wb, attendees=[add_person(wb, quiet), add_person(wb, loud)])
    offers = build_summary(wb, meeting.id).offers
    assert [o.organisation for o in offers] == [loud.name]


def test_naming_hidden_while_the_vote_is_open(wb):
    """An open vote's dots never reach a summary: its results are still hidden."""
    meeting = add_meeting(wb)
    person = add_person(wb)
    first = wb.add(NameCandidate(name="First Name", meeting_id=meeting.id))
    wb.add(NameCandidate(name="Second Name", meeting_id=meeting.id))
    vote = wb.open_vote(meeting_id=meeting.id, opened_on=meeting.held_on)
    wb.cast_dots(vote.id, {first.id: 2}, person_id=person.id)
    assert build_summary(wb, meeting.id).naming is None
    wb.close_vote(vote.id, closed_on=meeting.held_on)
    naming = build_summary(wb, meeting.id).naming
    assert naming.results[0].name == "First Name" and naming.results[0].dots == 2
    assert naming.chosen == ""  # closed, but no name chosen yet


def test_resources_window_starts_after_previous_meeting(wb):
    """Entries added or changed after the previous meeting's day are listed, older ones not."""
    add_meeting(wb, held_on=days_ago(40))
    middle = add_meeting(wb, held_on=days_ago(20))
    add_meeting(wb, held_on=days_ago(5))
    old = add_resource(wb, name="Old program")
    new = add_resource(wb, name="New program")
    touched = add_resource(wb, name="Touched program")
    late = add_resource(wb, name="Late program")
    backdate(wb, old.id, created=days_ago(60))
    backdate(wb, new.id, created=days_ago(30))
    backdate(wb, touched.id, created=days_ago(60), updated=days_ago(25))
    backdate(wb, late.id, created=days_ago(10))
    resources = build_summary(wb, middle.id).resources
    rows = {r.name: r.change for r in resources.rows}
    assert rows == {"New program": "added", "Touched program": "changed"}
    assert (resources.added, resources.changed) == (1, 1)
    assert resources.since == days_ago(40) and resources.until == days_ago(20)
    latest = build_summary(wb).resources
    assert {r.name for r in latest.rows} == {"Late program"} and latest.until is None


def test_resources_list_is_capped_and_counted(wb, parse_page):
    """Past the row limit the rest is counted and pointed to the tables export."""
    add_meeting(wb, held_on=days_ago(30))
    add_meeting(wb, held_on=days_ago(1))
    populate(wb, organisations=1, resources=ROW_LIMIT + 7, meetings=0, actions=0, problems=0)
    assert wb.count(Resource) == ROW_LIMIT + 7
    rendered = render_summary(wb, charts=False)
    resources = rendered.summary.resources
    assert len(resources.rows) == ROW_LIMIT and resources.hidden == 7
    assert "7 more entries" in parse_page(rendered.html).sections["resources"]


def test_framing_warns_about_gaps_and_unrooted_solutions(wb):
    """A root cause with nothing on it and a solution on a symptom are both warned about."""
    add_meeting(wb)
    tree = add_problem_tree(wb, depth=2, branches=2, statement="Nobody applies")
    covered, bare = tree.roots
    add_solution(wb, tree.problem, cause_id=covered.id, description="Open days", status="agreed")
    add_solution(wb, tree.problem, cause_id=tree.causes[0].id, description="Bigger ads")
    framing = build_summary(wb).framing
    assert any(bare.statement in w and "Nothing addresses" in w for w in framing.warnings)
    assert any("Bigger ads" in w and "no root cause" in w for w in framing.warnings)
    assert not any(covered.statement in w for w in framing.warnings)
    assert [s.description for s in framing.problems[0].unrooted] == ["Bigger ads"]


def test_framing_names_linked_resources_with_owner(wb):
    """Resources linked to a root cause are listed with the organisation that owns them."""
    add_meeting(wb)
    tree = add_problem_tree(wb, depth=1)
    owner = add_organisation(wb, name="Valley College")
    resource = add_resource(wb, name="Evening lab", owner_id=owner.id)
    wb.link_resource(resource.id, tree.roots[0].id)
    cause = build_summary(wb).framing.problems[0].causes[0]
    assert cause.resources == ("Evening lab (Valley College)",)


def test_actions_measured_on_the_meeting_day(wb):
    """Open earlier actions split into overdue and carried; done-before ones disappear."""
    first = add_meeting(wb, held_on=days_ago(60))
    second = add_meeting(wb, held_on=days_ago(30))
    later = add_meeting(wb, held_on=days_ago(2))
    owner = add_person(wb)
    add_action(wb, action="Late one", meeting_id=first.id, owner_id=owner.id,
               due_on=days_ago(45))
    add_action(wb, action="Not yet due", meeting_id=first.id, owner_id=owner.id,
               due_on=days_ago(10))
    add_action(wb, action="Done early", meeting_id=first.id, owner_id=owner.id,
               status="done", done_on=days_ago(50), due_on=days_ago(55))
    add_action(wb, action="Done after", meeting_id=first.id, owner_id=owner.id,
               status="done", done_on=days_ago(20), due_on=days_ago(25))
    add_action(wb, action="Dropped", meeting_id=first.id, owner_id=owner.id,
               status="dropped", due_on=days_ago(40))
    add_action(wb, action="New today", meeting_id=second.id, owner_id=owner.id,
               due_on=days_ago(16))
    add_action(wb, action="From the future", meeting_id=later.id, owner_id=owner.id)
    actions = build_summary(wb, second.id).actions
    assert [a.action for a in actions.agreed] == ["New today"]
    assert [(a.action, a.days_overdue) for a in actions.overdue] == [("Late one", 15)]
    assert {a.action for a in actions.carried} == {"Not yet due", "Done after"}
    assert actions.agreed[0].owner == owner.name


def test_actions_section_absent_without_actions(sparse_wb):
    """No actions at all: the section is left out, not shown empty."""
    assert build_summary(sparse_wb).actions is None


def test_sections_use_titles_not_keys(wb):
    """Choice fields show their titles (partner type, resource kind), never raw keys."""
    org = add_organisation(wb, partner_type="semi_public")
    meeting = add_meeting(wb, attendees=[add_person(wb, org)], kind_of="working_group")
    summary = build_summary(wb, meeting.id)
    assert summary.meeting.kind_title == reference.MEETING_KINDS["working_group"]
    assert summary.attendance.groups[0].partner_type == reference.PARTNER_TYPES["semi_public"]
    assert wb.get(Organisation, org.id).partner_type == "semi_public"


def test_demo_momentum_as_of_the_meeting(demo_wb, demo_page):
    """Momentum is measured on the meeting's day, with the gap since the previous meeting."""
    rendered, page = demo_page
    momentum = rendered.summary.momentum
    labels = [i.label for i in momentum.indicators]
    meeting = demo_wb.latest_meeting()
    previous = demo_wb.previous_meeting(meeting)
    gap = next(i for i in momentum.indicators if i.label == "Days since the previous meeting")
    assert gap.value == str((meeting.held_on - previous.held_on).days)
    assert "Days since the last meeting" not in labels
    held = next(i for i in momentum.indicators if i.label == "Meetings held")
    assert held.value == str(len(MEETINGS))
    assert "Days since the previous meeting" in page.sections["momentum"]


def test_momentum_warns_about_a_long_gap(wb):
    """More than 45 days between two meetings is named as a warning in that summary."""
    add_meeting(wb, held_on=days_ago(100), attendees=2)
    meeting = add_meeting(wb, held_on=days_ago(10), attendees=2)
    momentum = build_summary(wb, meeting.id).momentum
    assert any(w.startswith("90 days passed") for w in momentum.warnings)


def test_demo_charts_sit_in_their_sections(demo_wb, parse_page):
    """Framing and momentum carry a chart in the latest summary; naming where the vote closed."""
    rendered = render_summary(demo_wb)
    sections = [c.metadata["workbook"]["section"] for c in rendered.notebook.cells
                for o in c.outputs if "image/svg+xml" in o["data"]]
    assert sections == ["framing", "progress", "momentum"]
    meetings = sorted(demo_wb.all(Meeting), key=lambda m: (m.held_on, m.id))
    closing = meetings[[m["key"] for m in MEETINGS].index(VOTE["meeting"])]
    charted = render_summary(demo_wb, closing.id)
    figures = parse_page(charted.html).tags("figcaption")
    assert [f.text for f in figures][0] == "Dots per name candidate"
