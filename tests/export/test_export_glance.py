"""The summary leads with "At a glance", and comes in two editions (partners, facilitator)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.errors import ExportError
from workbook.export import build_summary, render_summary
from workbook.export.editions import edition_of
from workbook.export.glance import local_time_zone, next_meeting, upcoming_meeting
from workbook.i18n import format_date
from workbook.model import Comment, Meeting
from workbook.testing import add_meeting


def facilitator_only_texts(summary) -> list[str]:
    """Every text of the demo's summary that is meant for the facilitator alone."""
    texts = [*(summary.momentum.warnings if summary.momentum else ()),
             *(summary.evaluation.result.comments if summary.evaluation else ()),
             *(c.text for c in summary.comments)]
    texts += [line.strip() for line in summary.notes.splitlines() if line.strip()]
    return texts


def test_glance_comes_before_attendance(demo_wb, parse_page):
    """The page opens with "At a glance" (right after the header), before who came."""
    page = parse_page(render_summary(demo_wb, charts=False).html)
    order = list(page.sections)
    assert order[0] == "glance"
    assert order.index("glance") < order.index("attendance") < order.index("actions")
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert h2[0] == "At a glance"


def test_glance_lists_decisions_actions_by_owner_and_questions(demo_wb, parse_page):
    """Decisions as recorded; every open action under its owner, soonest due first."""
    summary = build_summary(demo_wb)
    glance = summary.glance
    assert glance.decisions == tuple(d.text for d in summary.decisions)
    listed = [a.action for o in glance.owners for a in o.actions]
    actions = summary.actions
    expected = [*actions.agreed, *actions.overdue, *actions.carried]
    assert sorted(listed) == sorted(a.action for a in expected)
    for group in glance.owners:
        assert {a.owner for a in group.actions} == {group.owner}
        dues = [a.due_on or dt.date.max for a in group.actions]
        assert dues == sorted(dues)
    owners = [o.owner.casefold() for o in glance.owners]
    assert owners == sorted(owners)
    section = parse_page(render_summary(demo_wb, charts=False).html).sections["glance"]
    late = actions.overdue[0]
    assert late.action in section and f"overdue by {late.days_overdue} days" in section
    assert "When and where do we meet next?" not in section  # the demo plans its next one
    assert demo_wb.next_meeting(dt.date.today()).objective in section


def test_glance_lists_the_most_pressing_thirty_and_says_how_many_more(wb, parse_page):
    """Past thirty open actions the glance stays a glance: the most overdue first, then the
    soonest due, each under its owner, and a line counting the rest; the record (which the
    packet's e-mail drafts read) keeps them all."""
    from workbook.export.records import GLANCE_LIMIT
    from workbook.testing import add_action, add_person

    today = dt.date.today()
    meeting = add_meeting(wb, held_on=today - dt.timedelta(days=1), attendees=2)
    people = [add_person(wb, name=f"Owner {n:02}") for n in range(8)]
    for n in range(GLANCE_LIMIT + 12):  # due from 10 days ago to 31 days ahead
        add_action(wb, action=f"Task {n:02}", owner_id=people[n % 8].id, meeting_id=meeting.id,
                   due_on=today + dt.timedelta(days=n - 10))
    summary = build_summary(wb, meeting.id)
    every = [a.action for o in summary.glance.owners for a in o.actions]
    assert len(every) == GLANCE_LIMIT + 12
    section = parse_page(render_summary(wb, meeting.id, charts=False).html).sections["glance"]
    shown = [f"Task {n:02}" for n in range(GLANCE_LIMIT + 12) if f"Task {n:02}" in section]
    assert shown == [f"Task {n:02}" for n in range(GLANCE_LIMIT)]  # the latest due are left
    assert "12 more open actions are listed under Actions below." in section
    actions = parse_page(render_summary(wb, meeting.id, charts=False).html).sections["actions"]
    assert all(f"Task {n:02}" in actions for n in range(GLANCE_LIMIT + 12))


def test_glance_names_the_chosen_name_as_a_decision(demo_wb):
    """At the meeting whose vote chose the name, the name is one of the decisions."""
    chosen_on = demo_wb.partnership.name_chosen_on
    meeting = next(m for m in demo_wb.all(Meeting) if m.held_on == chosen_on)
    glance = build_summary(demo_wb, meeting.id).glance
    assert f"The partnership's name is “{demo_wb.partnership.name}”." in glance.decisions


def test_glance_shows_next_meeting_with_place_and_join_link(demo_wb, parse_page):
    """A meeting dated later is the next one; a link in its location is the join link."""
    latest = demo_wb.latest_meeting()
    later = latest.held_on + dt.timedelta(days=28)
    add_meeting(demo_wb, held_on=later + dt.timedelta(days=30), objective="Far away")
    add_meeting(demo_wb, held_on=later, objective="Choose the second cohort's trades",
                location="Harrowgate training room, https://meet.example.org/kvmwp-jan")
    page = parse_page(render_summary(demo_wb, latest.id, charts=False).html)
    section = page.sections["glance"]
    assert format_date(later, language="en") in section  # "December 16, 2026"
    assert "Harrowgate training room" in section
    assert "https://meet.example.org/kvmwp-jan" in section
    assert "Choose the second cohort's trades" in section
    assert "When and where do we meet next?" not in section
    upcoming = next_meeting(demo_wb, latest)
    assert upcoming.place == "Harrowgate training room"
    assert upcoming.join_link == "https://meet.example.org/kvmwp-jan"
    assert upcoming.starts_at is None and upcoming.time_zone == local_time_zone()


def test_glance_names_the_time_zone_in_the_readers_language(demo_wb, parse_page,
                                                            monkeypatch):
    """The next meeting's zone reads as words ("Eastern Time", "hora oriental"), never as
    its IANA name, and a resource-map row's change reads as a whole phrase in Spanish."""
    monkeypatch.setenv("TZ", "America/New_York")
    latest = demo_wb.latest_meeting()
    assert next_meeting(demo_wb, latest).starts_at is not None  # the demo's next meeting
    english = parse_page(render_summary(demo_wb, latest.id, charts=False).html)
    spanish = render_summary(demo_wb, latest.id, charts=False, language="es").html
    assert "Eastern Time" in english.sections["glance"]
    assert "hora oriental" in spanish
    assert "America/New_York" not in spanish
    assert "se agregó el" in spanish or "se modificó el" in spanish


def test_upcoming_meeting_is_the_earliest_later_one(wb):
    """Earlier meetings and the meeting itself are never "next"; none later gives None."""
    day = dt.date(2027, 3, 1)
    first = add_meeting(wb, held_on=day)
    assert upcoming_meeting(wb, first) is None
    add_meeting(wb, held_on=day - dt.timedelta(days=9))
    third = add_meeting(wb, held_on=day + dt.timedelta(days=40))
    second = add_meeting(wb, held_on=day + dt.timedelta(days=20))
    assert upcoming_meeting(wb, first).id == second.id
    assert upcoming_meeting(wb, second).id == third.id


def test_local_time_zone_reads_tz_and_never_answers_utc(monkeypatch):
    """``TZ`` names the zone; UTC (a server's default) gives the fallback zone instead."""
    monkeypatch.setenv("TZ", "America/Chicago")
    assert local_time_zone() == "America/Chicago"
    monkeypatch.setenv("TZ", "UTC")
    assert local_time_zone() not in ("UTC", "Etc/UTC")


# -- editions ------------------------------------------------------------------------


def test_partners_edition_holds_no_facilitator_only_text(demo_wb):
    """At every demo meeting, the warnings, notes and comments of the facilitator's record
    are in it and nowhere in the partners' summary."""
    latest = demo_wb.latest_meeting()
    demo_wb.add(Comment(author="Dana", meeting_id=latest.id,
                        text="Ask Priya privately about the late maths class."))
    seen: list[str] = []
    for meeting in demo_wb.all(Meeting, status="held"):  # a planned one has no summary yet
        record = render_summary(demo_wb, meeting.id, charts=False, edition="facilitator")
        partners = render_summary(demo_wb, meeting.id, charts=False)
        assert partners.summary.edition == "partners"
        assert "Facilitator's record" in record.html
        assert "Facilitator's record" not in partners.html
        texts = facilitator_only_texts(record.summary)
        for text in texts:
            assert text in record.html, text
            assert text not in partners.html, text
        seen += texts
    assert any("The employers should lead; invite them back." in t for t in seen)
    assert "Keep to the clock next time." in seen
    assert "Ask Priya privately about the late maths class." in seen
    assert len(seen) >= 15


def test_partners_edition_drops_an_empty_momentum_section(demo_wb):
    """Momentum with warnings and no figures leaves nothing for partners: no section."""
    from workbook.export.editions import for_partners

    summary = build_summary(demo_wb)
    bare = dataclasses.replace(summary, momentum=dataclasses.replace(
        summary.momentum, indicators=()))
    assert for_partners(bare).momentum is None


def test_unknown_edition_is_refused():
    """An edition that does not exist gets a message naming both editions."""
    assert edition_of(None) == "partners" and edition_of(" Facilitator ") == "facilitator"
    with pytest.raises(ExportError, match="'board'.*partners.*facilitator"):
        edition_of("board")


def test_export_command_writes_the_chosen_edition(demo_path, tmp_path, capsys):
    """``--edition facilitator`` writes the record beside, never over, the partners' file."""
    assert main(["export", str(demo_path), "--out", str(tmp_path)]) == 0
    partners = capsys.readouterr().out.strip()
    assert main(["export", str(demo_path), "--out", str(tmp_path),
                 "--edition", "facilitator"]) == 0
    record = capsys.readouterr().out.strip()
    assert record.endswith("-facilitator.html") and partners != record
    assert "Keep to the clock next time." in Path(record).read_text(encoding="utf-8")
    assert "Keep to the clock next time." not in Path(partners).read_text(encoding="utf-8")


def test_partners_edition_holds_comments_marked_to_share(demo_wb, parse_page):
    """A comment marked ``shared`` is in both editions; an unmarked one only in the record."""
    meeting = demo_wb.latest_meeting()
    demo_wb.add(Comment(author="Hana", meeting_id=meeting.id, shared=True,
                        text="Our members will come to the open day."))
    demo_wb.add(Comment(author="Dana", meeting_id=meeting.id,
                        text="Ask Priya privately about the late maths class."))
    partners = parse_page(render_summary(demo_wb, charts=False).html)
    record = parse_page(render_summary(demo_wb, charts=False, edition="facilitator").html)
    assert "Our members will come to the open day." in partners.sections["comments"]
    assert "Ask Priya privately" not in partners.text
    assert "Ask Priya privately" in record.sections["comments"]
    assert "(shared with partners)" in record.sections["comments"]


def test_glance_counts_and_the_drafts_list_actions_the_actions_section_cuts(wb, parse_page):
    """Past ``ROW_LIMIT`` overdue actions the Actions section lists only the first ones;
    the glance still counts every action it leaves out, does not claim Actions lists
    them, and the packet's e-mail drafts (``partner_drafts``) still give each
    organization every one of its actions."""
    from workbook.export.packet import partner_drafts
    from workbook.export.records import GLANCE_LIMIT, ROW_LIMIT
    from workbook.testing import add_action, add_organisation, add_person

    today = dt.date.today()
    earlier = add_meeting(wb, held_on=today - dt.timedelta(days=60))
    meeting = add_meeting(wb, held_on=today - dt.timedelta(days=1), attendees=1)
    orgs = [add_organisation(wb, name=f"Partner {n}") for n in range(4)]
    people = [add_person(wb, org, name=f"Owner {n}") for n, org in enumerate(orgs)]
    total = ROW_LIMIT + 10
    with wb.change("Many overdue actions"):
        for n in range(total):  # all overdue on the meeting's day
            add_action(wb, action=f"Task {n:03}", owner_id=people[n % 4].id,
                       meeting_id=earlier.id, due_on=today - dt.timedelta(days=40 - n % 30))
    summary = build_summary(wb, meeting.id, edition="partners")
    assert summary.actions.hidden == {"overdue": 10}  # the Actions section's own cut
    assert sum(len(o.actions) for o in summary.glance.owners) == total
    drafts = {d.organisation: len(d.actions) for d in partner_drafts(wb, summary)
              if d.organisation.startswith("Partner")}
    assert drafts == {f"Partner {n}": total // 4 for n in range(4)}
    page = parse_page(render_summary(wb, meeting.id, charts=False).html)
    section = " ".join(page.sections["glance"].split())
    more = total - GLANCE_LIMIT
    assert f"{more} more actions are not listed here" in section
    assert "listed under Actions below" not in section
    # The notebook's data of the section is what the page shows, as for every section.
    from workbook.export.render import render_fragments
    [data] = [f.data for f in render_fragments(summary) if f.key == "glance"]
    assert sum(len(o["actions"]) for o in data["owners"]) == GLANCE_LIMIT
    # The minutes' glance is a glance too: the same most pressing, the same count.
    import io

    import docx

    from workbook.export.minutes import minutes_docx
    document = docx.Document(io.BytesIO(minutes_docx(summary, [])))
    glance_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Owner")
    assert len(glance_table.rows) == 1 + GLANCE_LIMIT
    assert any(f"{more} more actions are not listed here" in p.text
               for p in document.paragraphs)


def test_glance_says_when_an_action_is_already_done_or_under_way(wb, parse_page):
    """An action agreed at the meeting and done since (or under way) says so under "Who does
    what by when"; an open one goes without a word, in Spanish too."""
    from workbook.i18n import use_language
    from workbook.testing import add_action

    meeting = add_meeting(wb, held_on=dt.date.today() - dt.timedelta(days=3), attendees=1)
    add_action(wb, action="Book the room", meeting_id=meeting.id, status="done")
    add_action(wb, action="Draft the job profile", meeting_id=meeting.id,
               status="in_progress")
    add_action(wb, action="Call the college", meeting_id=meeting.id)
    section = parse_page(render_summary(wb, meeting.id, charts=False).html).sections["glance"]
    lines = {line.split(" — ")[0].strip(): line for line in section.splitlines() if " — " in line}
    assert lines["Book the room"].rstrip().endswith("(Done)")
    assert lines["Draft the job profile"].rstrip().endswith("(Under way)")
    assert "(" not in lines["Call the college"]
    with use_language("es"):
        spanish = parse_page(render_summary(wb, meeting.id, charts=False).html)
    glance = spanish.sections["glance"]
    assert "Book the room" in glance and "(Cumplida)" in glance and "(En curso)" in glance
    assert "(Abierta)" not in glance
