"""The live panel of the contributions view (views/steps/live_room.py), driven from Python.

It lives beside the other live tests because it needs their PostgreSQL and service.
"""

from __future__ import annotations

import time

import pytest

from workbook.model import Comment, NameCandidate
from workbook.views.steps.contributions import ContributionsView
from workbook.views.widgets.base import plain_text

pytestmark = pytest.mark.slow


def wait_for(predicate, seconds: float = 2.0) -> float:
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < seconds, "not shown within the time"
        time.sleep(0.02)
    return time.monotonic() - start


@pytest.fixture
def view(monkeypatch, live_db, service, demo_wb):
    """The contributions view on a server with the live room configured."""
    monkeypatch.setenv("LIVE_FACILITATOR_DB_URL", live_db.facilitators["fac_alice"])
    monkeypatch.setenv("LIVE_PUBLIC_URL", service.url)
    v = ContributionsView(demo_wb)
    yield v
    v.close()


def test_live_panel_is_absent_without_a_live_room(monkeypatch, demo_wb):
    """Without LIVE_FACILITATOR_DB_URL the view is the file import it always was."""
    monkeypatch.delenv("LIVE_FACILITATOR_DB_URL", raising=False)
    v = ContributionsView(demo_wb)
    assert v.live is None
    v.close()


def test_live_panel_shows_input_live_and_takes_it_in(view, phone, service, demo_wb):
    """Open, two phones send, rows show within 2 s without a reload, accept lands them."""
    panel = view.live
    panel.meeting.value = 1
    session = panel.open()
    assert session is not None and session.code in panel.join.value
    assert "data:image/svg+xml;base64," in panel.join.value
    from live_kit import Phone
    other = Phone(service.url)
    phone.join(session.code, name="Ana Ruiz")
    other.join(session.code, name="Ben Ode", organisation="Ode Labour")
    phone.send(session.code, kind="name_candidate", name="Hidden Gem", rationale="")
    other.send(session.code, kind="comment", text="Live comment")
    wait_for(lambda: len(panel.rows) == 2)
    texts = [plain_text(r.text.value) for r in panel.rows.values()]
    assert "Hidden Gem" not in " ".join(texts) and "hidden until you reveal" in texts[0]
    assert "Ben Ode (Ode Labour): Comment: Live comment" in texts[1]
    assert "2 received" in plain_text(panel.counts.value)
    for row in list(panel.rows.values()):
        panel.show_preview(row)
        assert "Hidden Gem" not in plain_text(row.detail.value)
    panel.accept_all()
    assert any(c.name == "Hidden Gem" for c in demo_wb.all(NameCandidate))
    assert [c.text for c in demo_wb.all(Comment, author="Ben Ode")] == ["Live comment"]
    assert all("accepted" in plain_text(r.text.value) for r in panel.rows.values())
    panel.reveal()
    assert "Hidden Gem" in plain_text(next(iter(panel.rows.values())).text.value)
    assert "Hidden Gem" in phone.get(f"s/{session.code}").text
    panel.close()
    assert phone.get(f"s/{session.code}").status_code == 404
    assert panel.watcher is None and "closed" in plain_text(panel.join.value)
    other.close()


def test_live_panel_escapes_what_participants_typed(view, phone):
    """A participant's markup is shown as text in the facilitator's panel."""
    panel = view.live
    session = panel.open()
    phone.join(session.code, name="<b>Bold</b>", organisation="<i>Org</i>")
    phone.send(session.code, kind="comment", text="<img src=x onerror=alert(1)>")
    wait_for(lambda: len(panel.rows) == 1)
    markup = next(iter(panel.rows.values())).text.value
    assert "<img" not in markup and "<b>Bold" not in markup and "&lt;img" in markup


def test_live_panel_counts_dots_live_and_shows_results_only_when_closed(view, phone, demo_wb):
    """While the vote is open the panel and phones show how many dots came in, not for
    whom; closing the vote shows the results in both places."""
    vote = demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    panel = view.live
    session = panel.open()
    panel.publish()
    candidates = panel.session.published["vote"]["candidates"]
    phone.join(session.code, name="Dee Dot")
    phone.send(session.code, kind="dots", **{f"dots_{candidates[0]['id']}": "2",
                                            f"dots_{candidates[1]['id']}": "1"})
    wait_for(lambda: len(panel.rows) == 1)
    counts = plain_text(panel.counts.value)
    assert "1 ballot, 3 dots in all" in counts and candidates[0]["name"] not in counts
    row = next(iter(panel.rows.values()))
    assert "anonymous" in plain_text(row.text.value) and "Dee Dot" not in row.text.value
    shown = phone.get(f"s/{session.code}").text.split("<main>", 1)[1]  # not the script's words
    assert "Results:" not in shown
    panel.accept(row)
    assert demo_wb.ballots_cast(vote.id) == 1
    panel.close_vote()
    assert f"{candidates[0]['name']}: 2 dots" in plain_text(panel.counts.value)
    page = phone.get(f"s/{session.code}").text.split("<main>", 1)[1]
    assert "The vote is closed. Results:" in page and "2 dots" in page


def test_live_panel_says_when_the_inbox_stops_and_reconnects(view, phone, live_db):
    """Probe 34: a dropped database connection is reported and mended by itself; what
    came meanwhile shows once; Reconnect still works and shows nothing twice."""
    panel = view.live
    session = panel.open()
    phone.join(session.code)
    phone.send(session.code, kind="comment", text="before")
    wait_for(lambda: len(panel.rows) == 1)
    with live_db.admin() as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE usename = 'fac_alice' AND query LIKE '%%LISTEN%%' "
                      "OR (usename = 'fac_alice' AND state = 'idle')")
    wait_for(lambda: "lost its database connection" in view.status.text, seconds=5)
    phone.send(session.code, kind="comment", text="meanwhile")
    wait_for(lambda: len(panel.rows) == 2, seconds=10)
    assert "connected again" in view.status.text
    panel.reconnect()
    phone.send(session.code, kind="comment", text="after")
    wait_for(lambda: len(panel.rows) == 3)
    texts = [plain_text(r.text.value) for r in panel.rows.values()]
    assert [t.rsplit(": ", 1)[1] for t in texts] == ["before", "meanwhile", "after"]


def test_live_panel_evaluation_shows_no_name_scores_or_comment_and_accept_stores_it(
        view, phone, demo_wb):
    """An evaluation row says only that it came (anonymous, how many scored); accepting
    it stores one EvaluationAnswer for the session's meeting and no person."""
    from workbook.model import EvaluationAnswer, Person

    panel = view.live
    panel.meeting.value = 1
    session = panel.open()
    phone.join(session.code, name="Eve Eval", organisation="Eval Org")
    phone.send(session.code, kind="evaluation", score_objective_met="1",
               score_trust_growing="2", comment="zebra remark")
    wait_for(lambda: len(panel.rows) == 1)
    row = next(iter(panel.rows.values()))
    panel.show_preview(row)
    shown = plain_text(row.text.value) + plain_text(row.detail.value)
    assert "anonymous" in shown and "2 statements scored" in plain_text(row.text.value)
    assert "Eve Eval" not in shown and "zebra" not in shown and "Eval Org" not in shown
    before, people = len(demo_wb.all(EvaluationAnswer, meeting_id=1)), len(demo_wb.all(Person))
    panel.accept(row)
    answers = demo_wb.all(EvaluationAnswer, meeting_id=1)
    assert len(answers) == before + 1 and len(demo_wb.all(Person)) == people
    assert "accepted" in plain_text(row.text.value)


def test_live_panel_opens_on_the_meeting_held_not_the_one_planned(view, demo_wb):
    """The demo plans its next meeting; the live session is offered for the one held."""
    import datetime as dt

    assert demo_wb.next_meeting(dt.date.today()) is not None
    assert view.live.meeting.value == demo_wb.latest_meeting().id


def test_live_panel_pages_a_flood_instead_of_a_row_per_item(view, live_db):
    """Probe 14: 2,000 items make one page of 50 rows (not 40,000 widgets); older and
    newer pages show on request; counts and Accept every new item see them all."""
    import datetime as dt

    from workbook.live.room import InboxItem
    from workbook.views.steps.live_room import PAGE

    panel = view.live
    now = dt.datetime.now(dt.UTC)
    flood = [InboxItem(n, 1, {"name": "Bot", "organisation": "B", "role": "",
                              "partner_type": "business"}, "", "comment",
                       {"text": f"flood {n}"}, now, "new") for n in range(1, 2001)]
    for start in range(0, 2000, 100):
        panel._arrived(flood[start:start + 100])
    assert len(panel.rows) == PAGE == len(panel.inbox_box.children)
    assert len(panel.items) == 2000
    assert "2000 received" in plain_text(panel.counts.value).replace(",", "")
    assert "of 2,000" in plain_text(panel.page_label.value)
    panel.show_page(panel.pages - 1)
    assert list(panel.rows) == list(range(1951, 2001))
    panel.show_page(1)
    assert list(panel.rows) == list(range(51, 101)) and not panel.following
    panel._arrived([InboxItem(2001, 1, flood[0].participant, "", "comment",
                              {"text": "late"}, now, "new")])
    assert 2001 not in panel.rows and len(panel.items) == 2001  # kept, not shown here
    assert "Join tickets" in panel.ticket_count.description
    assert "cannot tell one person from several" in plain_text(panel.widget.children[2].value)
