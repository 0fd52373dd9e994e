"""The facilitator's side: accepted items land in the workbook through the importer."""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from workbook.errors import WorkbookError
from workbook.live.room import InboxWatcher
from workbook.model import STATEMENT_KEYS, Cause, Comment, NameCandidate, Person, Resource

pytestmark = pytest.mark.slow


@pytest.fixture
def session(room, demo_wb):
    """An open session of meeting 1."""
    return room.open_session(demo_wb, 1, minutes=30)


def test_room_accepted_items_land_in_the_workbook(room, session, phone, demo_wb):
    """Idea, cause, resource, profile and comment become entries; the person is added."""
    phone.join(session.code, name="Nora Vale", organisation="Vale Robotics")
    problem = session.published["problems"][0]["id"]
    for form in ({"kind": "name_candidate", "name": "Kestrel Works", "rationale": "river"},
                 {"kind": "cause", "problem_id": str(problem), "statement": "No night bus"},
                 {"kind": "resource", "name": "Weld lab", "resource_kind": "facility",
                  "mine": "1"},
                 {"kind": "profile", "field": "mission", "value": "Robots for all"},
                 {"kind": "comment", "text": "Thanks"}):
        assert phone.send(session.code, **form).status_code == 200
    items = room.inbox(session)
    decided = [room.accept(demo_wb, session, i) for i in items]
    assert [d.status for d in decided] == ["accepted"] * 5
    org = demo_wb.organisation_named("Vale Robotics")
    assert org is not None and org.mission == "Robots for all"
    assert demo_wb.person_named("Nora Vale", org.id) is not None
    assert any(c.name == "Kestrel Works" for c in demo_wb.all(NameCandidate))
    assert any(c.statement == "No night bus" for c in demo_wb.all(Cause))
    assert [r.owner_id for r in demo_wb.all(Resource) if r.name == "Weld lab"] == [org.id]
    assert [c.text for c in demo_wb.all(Comment, author="Nora Vale")] == ["Thanks"]
    assert {i.status for i in room.inbox(session)} == {"accepted"}


def test_room_same_item_twice_is_taken_once(room, session, phone, demo_wb):
    """Sending the same comment twice adds it once; the second is marked rejected, with why."""
    phone.join(session.code)
    phone.send(session.code, kind="comment", text="Same words")
    phone.send(session.code, kind="comment", text="Same words")
    first, second = room.inbox(session)
    assert room.accept(demo_wb, session, first).status == "accepted"
    again = room.accept(demo_wb, session, second)
    assert again.status == "rejected" and "earlier" in again.note
    assert len(demo_wb.all(Comment, text="Same words")) == 1
    people = len(demo_wb.all(Person))
    assert room.reject(room.inbox(session)[0]).status == "rejected" and \
        len(demo_wb.all(Person)) == people


def test_room_anonymous_ballot_counts_once_and_results_wait_for_close(room, demo_wb, phone,
                                                                     service):
    """Dots count as they come; results show only after close; a second ballot is not counted."""
    vote = demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    session = room.publish(demo_wb, room.open_session(demo_wb, 1))
    cands = [c["id"] for c in session.published["vote"]["candidates"]]
    phone.join(session.code, name="Ann Onymous")
    phone.send(session.code, kind="dots", **{f"dots_{cands[0]}": "3"})
    phone.http.cookies.clear()
    phone.join(session.code, name="Ann Onymous")  # the same person again, a new cookie
    phone.send(session.code, kind="dots", **{f"dots_{cands[1]}": "3"})
    assert room.dots_in(session, vote.id) == (2, 6)
    assert "results" not in room.session(session.id).published["vote"]
    first, second = room.inbox(session)
    assert first.voter == second.voter and first.participant["name"] == ""
    assert room.accept(demo_wb, session, first).status == "accepted"
    assert room.accept(demo_wb, session, second).status == "rejected"
    assert demo_wb.ballots_cast(vote.id) == 1
    demo_wb.close_vote(vote.id)
    results = room.publish(demo_wb, session).published["vote"]["results"]
    assert results[0]["dots"] == 3
    assert "Ann Onymous" not in str(room.session(session.id).published)


def test_room_rechecks_a_row_that_breaks_the_rules(room, session, live_db, demo_wb):
    """A row written past the service (bad payload) is refused on accept; nothing stored."""
    with psycopg.connect(live_db.participant_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO live.inbox (session_id, participant_name, organisation, "
                     "partner_type, kind, payload) VALUES (%s, 'Eve', 'X', 'business', 'comment', "
                     "'{\"text\": \"hi\", \"run\": \"import os\"}')", (session.id,))
    (row,) = room.inbox(session)
    before = len(demo_wb.all(Comment))
    with pytest.raises(WorkbookError, match="run"):
        room.accept(demo_wb, session, row)
    assert len(demo_wb.all(Comment)) == before and room.inbox(session)[0].status == "new"


def test_room_watcher_hands_over_new_rows_as_they_arrive(room, session, phone):
    """A row sent after the watcher started reaches it through the database's notification
    (the watcher's own poll and sweep are set to ten minutes, so only that can bring it)."""
    seen: list = []
    watcher = InboxWatcher(room, session, seen.extend, interval=600, sweep=600).start()
    try:
        time.sleep(0.3)
        phone.join(session.code)
        phone.send(session.code, kind="comment", text="Fast")
        answered = time.monotonic()
        while not seen and time.monotonic() - answered < 5:
            time.sleep(0.02)
        assert [i.payload["text"] for i in seen] == ["Fast"]
    finally:
        started = time.monotonic()
        watcher.stop()
    assert watcher.error is None and not watcher.running
    assert time.monotonic() - started < 2  # woken, not left waiting ten minutes


def test_room_watcher_does_not_skip_a_row_committed_after_a_later_one(room, session,
                                                                    live_db):
    """A row whose id is lower but whose commit comes later is still handed over."""
    seen: list = []
    watcher = InboxWatcher(room, session, seen.extend, interval=0.2, sweep=600).start()
    insert = ("INSERT INTO live.inbox (session_id, participant_name, organisation, "
              "partner_type, kind, payload) VALUES (%s, 'A', 'B', 'business', 'comment', %s)")
    try:
        time.sleep(0.3)
        with psycopg.connect(live_db.participant_dsn) as slow, \
                psycopg.connect(live_db.participant_dsn, autocommit=True) as quick:
            slow.execute(insert, (session.id, '{"text": "slow"}'))      # lower id, open
            quick.execute(insert, (session.id, '{"text": "quick"}'))    # higher id, committed
            deadline = time.monotonic() + 2
            while len(seen) < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            slow.commit()
        deadline = time.monotonic() + 2
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert sorted(i.payload["text"] for i in seen) == ["quick", "slow"]
    assert seen[0].payload["text"] == "quick" and seen[0].id > seen[1].id


def test_room_other_facilitator_cannot_decide(room, session, phone, live_db, demo_wb):
    """Bob's room sees nothing of alice's session."""
    from workbook.live.room import LiveRoom

    phone.join(session.code)
    phone.send(session.code, kind="comment", text="For alice")
    bob = LiveRoom(live_db.facilitators["fac_bob"], "http://x/", "demo")
    assert bob.inbox(session) == []
    with pytest.raises(WorkbookError):
        bob.reject(room.inbox(session)[0])


def test_room_accepted_evaluation_is_stored_nameless_and_hidden_below_three(room, demo_wb,
                                                                           service):
    """Accepting a phone's evaluation stores an EvaluationAnswer and nobody's name; the
    same participant's second one is refused; results show only from three answers."""
    import datetime as dt

    import sqlalchemy as sa
    from live_kit import Phone

    from workbook.analyses.evaluation import evaluate
    from workbook.model import EvaluationAnswer, Meeting, Organisation
    from workbook.store.schema import imported_file, imported_item

    meeting = demo_wb.add(Meeting(held_on=dt.date(2026, 11, 30), objective="Evaluate"))
    session = room.open_session(demo_wb, meeting.id, minutes=30)
    people, orgs = len(demo_wb.all(Person)), len(demo_wb.all(Organisation))
    names = ["Ivy Ash", "Jon Birch", "Kim Cedar"]
    for n, name in enumerate(names[:2]):
        p = Phone(service.url)
        p.join(session.code, name=name, organisation="Grove Co")
        p.send(session.code, kind="evaluation", score_objective_met=str(n + 2),
               comment=f"secret remark {n}")
        if n == 0:  # the same participant on another phone (a fresh cookie) tries again
            p.http.cookies.clear()
            p.join(session.code, name=name, organisation="Grove Co")
            p.send(session.code, kind="evaluation", score_objective_met="5", comment="")
        p.close()
    first, again, second = room.inbox(session)
    assert "2" not in room.preview(demo_wb, session, first).replace("1 of 7", "")
    assert room.accept(demo_wb, session, first).status == "accepted"
    refused = room.accept(demo_wb, session, again)
    assert refused.status == "rejected" and "earlier" in refused.note
    assert room.accept(demo_wb, session, second).status == "accepted"
    answers = demo_wb.all(EvaluationAnswer, meeting_id=meeting.id)
    assert sorted(a.objective_met for a in answers) == [2, 3]
    assert (len(demo_wb.all(Person)), len(demo_wb.all(Organisation))) == (people, orgs)
    with demo_wb._read() as conn:
        ledger = conn.execute(sa.select(imported_item.c.entity_id)).scalars().all()
        files = conn.execute(sa.select(imported_file.c.participant)).scalars().all()
    assert None in ledger and not any(n in str(files) for n in names)
    hidden = evaluate(demo_wb, meeting.id)
    assert not hidden.shown and hidden.comments == () and \
        all(s.spread == (0, 0, 0, 0, 0) for s in hidden.scores)
    p = Phone(service.url)
    p.join(session.code, name=names[2], organisation="Grove Co")
    p.send(session.code, kind="evaluation", score_objective_met="4", comment="")
    p.close()
    assert room.accept(demo_wb, session, room.inbox(session)[-1]).status == "accepted"
    shown = evaluate(demo_wb, meeting.id)
    assert shown.shown and shown.scores[0].spread == (0, 1, 1, 1, 0)


def test_room_refuses_an_evaluation_of_another_meeting(room, session, live_db, demo_wb):
    """A row written past the service for another meeting is refused; nothing stored."""
    from workbook.model import EvaluationAnswer

    with psycopg.connect(live_db.participant_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO live.inbox (session_id, participant_name, organisation, "
                     "voter, kind, payload) VALUES (%s, '', '', 'live-evaluation:x', "
                     "'evaluation', %s)", (session.id, json.dumps(
                         {"meeting_id": 2, "comment": "", "scores": {
                             k: 3 for k in STATEMENT_KEYS}})))
    (row,) = room.inbox(session)
    before = len(demo_wb.all(EvaluationAnswer))
    with pytest.raises(WorkbookError, match="not the meeting of this live session"):
        room.accept(demo_wb, session, row)
    assert len(demo_wb.all(EvaluationAnswer)) == before
