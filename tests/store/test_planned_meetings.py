"""Planned meetings: planned until started, never the current meeting, upgraded from old
files and databases."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.analyses.counts import status_counts
from workbook.errors import ValidationError
from workbook.model import Meeting, current_meeting, next_meeting
from workbook.testing import add_action, add_meeting

TODAY = dt.date.today()
FIXTURE = Path(__file__).parents[1] / "fixtures" / "workbook_v1.sqlite"


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_planned_meeting_gets_an_agenda_drafted_from_open_actions(wb):
    """plan_meeting stores a planned meeting; its agenda lists the open actions, those due
    before it first, and leaves out those done."""
    add_action(wb, action="Send the grant letter", due_on=days(25))
    add_action(wb, action="Book the room", due_on=days(-3))
    add_action(wb, action="Already done", status="done")
    planned = wb.plan_meeting(days(21), "Settle the transit pilot", starts_at="08:30",
                              join_link="https://meet.example.org/x")
    assert planned.status == "planned" and planned.starts_at == "08:30"
    agenda = planned.agenda
    assert agenda[1].startswith("Review the action: Book the room (was due")
    assert agenda[2].startswith("Review the action: Send the grant letter (due")
    assert not any("Already done" in line for line in agenda)


@pytest.mark.parametrize(("fields", "field"), [
    ({"held_on": days(-1)}, "date"),
    ({"starts_at": "8.30"}, "starts at"),
    ({"starts_at": "25:00"}, "starts at"),
    ({"join_link": "javascript:alert(1)"}, "join link"),
])
def test_planned_meeting_refuses_a_bad_field(wb, fields, field):
    """A day in the past, a time that is not HH:MM, a link that is not a web address:
    refused with the field named, nothing stored."""
    values = {"held_on": days(7), **fields}
    with pytest.raises(ValidationError) as caught:
        wb.plan_meeting(values.pop("held_on"), "Plan", **values)
    assert caught.value.field == field
    assert wb.all(Meeting) == []


def test_planned_meeting_is_never_the_current_one(wb):
    """The last held meeting stays current and latest; the planned one is next; counts
    and last_meeting count held meetings only."""
    held = add_meeting(wb, held_on=days(-20), attendees=2)
    planned = wb.plan_meeting(days(22), "Next steps")
    meetings = wb.all(Meeting)
    assert current_meeting(meetings, TODAY).id == held.id
    assert wb.latest_meeting().id == held.id
    assert next_meeting(meetings, TODAY).id == planned.id == wb.next_meeting().id
    assert wb.previous_meeting(planned).id == held.id
    counts = status_counts(wb, today=TODAY)
    assert counts["meetings"] == 1 and counts["planned_meetings"] == 1
    assert counts["last_meeting"] == held.held_on.isoformat()
    assert counts["next_meeting"]["id"] == planned.id
    assert counts["next_meeting"]["held_on"] == days(22).isoformat()


def test_planned_meeting_today_is_next_until_started(wb):
    """Today's planned meeting is next, not current, until it is started; then it is the
    held, current meeting and nothing is planned."""
    add_meeting(wb, held_on=days(-30))
    planned = wb.plan_meeting(TODAY, "Today's meeting", location="Room 2")
    assert wb.latest_meeting().id != planned.id and wb.next_meeting().id == planned.id
    started = wb.start_meeting(planned.id)
    assert started.status == "held" and started.held_on == TODAY
    assert started.location == "Room 2" and started.agenda == planned.agenda
    assert wb.latest_meeting().id == planned.id and wb.next_meeting() is None
    assert wb.start_meeting(planned.id) == started  # again: nothing changes


def test_planned_meeting_started_early_is_dated_the_day_it_meets(wb):
    """A meeting planned for next week but held today is dated today."""
    planned = wb.plan_meeting(days(7), "Moved forward")
    assert wb.start_meeting(planned.id, on=TODAY).held_on == TODAY


def test_planned_meeting_missed_is_neither_current_nor_next(wb):
    """A planned meeting whose day passed without being started is not held and not next."""
    held = add_meeting(wb, held_on=days(-40))
    wb.add(Meeting(held_on=days(-5), objective="Never started", status="planned"))
    meetings = wb.all(Meeting)
    assert current_meeting(meetings, TODAY).id == held.id
    assert next_meeting(meetings, TODAY) is None


def test_planned_meeting_upgrade_of_an_old_file(tmp_path):
    """Opening a schema-1 file: a future meeting nobody attended becomes planned; a future
    one with attendance or a decision, and every past one, stay held."""
    path = Path(shutil.copy(FIXTURE, tmp_path / "old.sqlite"))
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for id_, day, decisions in ((10, days(12), "[]"), (11, days(14), "[]"),
                                    (12, days(16), '["Meet monthly"]')):
            conn.execute("INSERT INTO meeting (id, version, held_on, kind_of, objective, "
                         "location, agenda, notes, decisions) VALUES (?, 1, ?, 'regular', "
                         "'Later', '', '[]', '', ?)", (id_, day.isoformat(), decisions))
        conn.execute("INSERT INTO attendance (meeting_id, person_id) VALUES (11, 1)")
    with Workbook.open(path, daily_backup=False) as wb:
        status = {m.id: m.status for m in wb.all(Meeting)}
    assert status == {1: "held", 10: "planned", 11: "held", 12: "held"}


def test_planned_meeting_upgrade_of_an_older_database(pg_cluster):
    """A database at schema 6 gains the columns, and its empty future meeting is planned."""
    import psycopg

    from workbook.store import postgres
    from workbook.store.postgres import DbTarget
    from workbook.testing import make_workbook

    with contextlib.closing(psycopg.connect(pg_cluster.url(database="postgres"),
                                            autocommit=True)) as conn:
        conn.execute("CREATE DATABASE planned_upgrade")
    url = pg_cluster.url(database="planned_upgrade")
    target = DbTarget(url, "before-plans")
    with make_workbook(target) as wb:
        past = add_meeting(wb, held_on=days(-10), attendees=1)
        future = add_meeting(wb, held_on=days(10))
    with contextlib.closing(psycopg.connect(url, autocommit=True)) as conn:
        for column in ("status", "starts_at", "join_link"):
            conn.execute(f"ALTER TABLE meeting DROP COLUMN {column}")
        conn.execute("UPDATE alembic_version SET version_num = '0006' "
                     "WHERE version_num NOT LIKE 'live%'")
    postgres._READY.discard(url)  # as a new process would
    with Workbook.open(target) as wb:
        status = {m.id: m.status for m in wb.all(Meeting)}
    assert status == {past.id: "held", future.id: "planned"}
