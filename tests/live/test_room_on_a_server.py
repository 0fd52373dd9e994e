"""The facilitator's room accepting into a workbook kept on PostgreSQL: each accepted item
is one step of its history (an edit's history travels with its COMMIT there), which one
Undo takes back whole."""

from __future__ import annotations

import itertools

import pytest
from pg_cluster import clone_partnership

from workbook import Workbook
from workbook.model import Comment, Organisation
from workbook.store.postgres import DbTarget

pytestmark = pytest.mark.slow

_slugs = itertools.count(1)


@pytest.fixture
def server_wb(request, pg_url):
    master = request.getfixturevalue("_demo_masters").target(pg_url)
    target = DbTarget(pg_url, f"room-server-{next(_slugs)}")
    clone_partnership(master.url, master.slug, target.slug)
    wb = Workbook.open(target)
    yield wb
    wb.drop()
    wb.close()


def test_room_accepts_into_a_server_workbook_one_undoable_step_each(room, phone, server_wb):
    wb = server_wb
    session = room.open_session(wb, 1, minutes=30)
    phone.join(session.code, name="Nora Vale", organisation="Vale Robotics")
    phone.send(session.code, kind="profile", field="mission", value="Robots for all")
    phone.send(session.code, kind="comment", text="Thanks")
    before = len(wb.steps(10_000))
    decided = [room.accept(wb, session, i) for i in room.inbox(session)]
    assert [d.status for d in decided] == ["accepted", "accepted"]
    steps = wb.steps(2)
    assert len(wb.steps(10_000)) == before + 2
    assert all(s.source == "live room" and s.label for s in steps), steps
    org = wb.organisation_named("Vale Robotics")
    assert org is not None and org.mission == "Robots for all"
    assert [c.text for c in wb.all(Comment, author="Nora Vale")] == ["Thanks"]
    wb.undo()  # the comment
    assert wb.all(Comment, author="Nora Vale") == []
    wb.undo()  # the organisation, its person and its mission
    assert wb.organisation_named("Vale Robotics") is None
    assert all(o.name != "Vale Robotics" for o in wb.all(Organisation))
