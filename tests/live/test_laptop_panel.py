"""The start/stop panel of the laptop's live room in the contributions view, from Python."""

from __future__ import annotations

import time

import httpx
import pytest
from live_kit import Phone
from pg_cluster import ports_from_env

from workbook.views.steps.contributions import ContributionsView
from workbook.views.widgets.base import plain_text

pytestmark = pytest.mark.slow

PORTS = ports_from_env(range(9500, 9600))


def wait_for(predicate, seconds: float = 10.0) -> None:
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < seconds, "not shown within the time"
        time.sleep(0.05)


@pytest.fixture
def view(monkeypatch, demo_wb):
    monkeypatch.delenv("LIVE_FACILITATOR_DB_URL", raising=False)
    v = ContributionsView(demo_wb)
    v.laptop.local.ports = PORTS
    yield v
    if v.laptop.local.running:  # closing the view leaves the room running: stop it here
        v.laptop.local.stop()
    v.close()


def test_laptop_panel_aims_at_the_meeting_held_not_the_planned_one(view, demo_wb):
    """The demo plans its next meeting; the panel starts on the one held last, and so
    does ``workbook live`` without ``--meeting``."""
    import datetime as dt

    from workbook.live.commands import _latest_meeting
    from workbook.model import Meeting, current_meeting

    meetings = demo_wb.all(Meeting)
    held = current_meeting(meetings, dt.date.today())
    assert any(m.status == "planned" for m in meetings) and held is not None
    assert view.laptop.meeting.value == held.id
    assert _latest_meeting(demo_wb) == held.id


def test_laptop_panel_starts_shows_input_polls_and_stops(view, demo_wb):
    """One button starts the room and a session; a phone's input shows; the poll's result
    shows only after the reveal; Stop closes it and the phone reaches nothing."""
    panel = view.laptop
    assert view.live is None and panel is not None
    assert "stopped" in plain_text(panel.reach.value)
    panel.meeting.value = 1
    assert panel.start()
    assert "Only this laptop" in plain_text(panel.reach.value)
    assert panel.start_button.disabled and not panel.stop_button.disabled
    live = panel.inbox
    session = live.session
    assert session is not None and session.code in live.join.value
    assert "data:image/svg+xml;base64," in live.join.value
    phone = Phone(panel.local.service.url)
    try:
        phone.join(session.code, name="Ann Lee")
        phone.send(session.code, kind="comment", text="Hello <b>room</b>")
        problem = live.session.published["problems"][0]["id"]
        phone.send(session.code, kind="cause", problem_id=str(problem),
                   statement="Buses stop at six")
        wait_for(lambda: len(live.rows) == 2)
        comment, cause = live.rows.values()
        assert "Hello <b>" not in comment.text.value
        assert "Hello <b>room</b>" in plain_text(comment.text.value)
        assert "Buses stop" not in plain_text(cause.text.value) + plain_text(
            live.counts.value)  # hidden on the projected screen until the reveal
        live.show_preview(cause)
        assert "Buses stop" not in plain_text(cause.detail.value)
        live.reveal()
        assert "Cause: Buses stop at six" in plain_text(cause.text.value)
        live.poll.question.value = "Rate the room"
        live.poll.open()
        poll_id = live.session.published["poll"]["id"]
        phone.send(session.code, kind="poll", poll_id=poll_id, answer="4")
        wait_for(lambda: len(live.rows) == 3)
        shown = plain_text(live.poll.result.value)
        assert "1 answered so far" in shown and "4: 1" not in shown
        live.poll.reveal()
        assert "4: 1" in plain_text(live.poll.result.value)
        url = panel.local.service.url
        panel.stop()
        assert "stopped" in plain_text(panel.reach.value) and panel.inbox is None
        with pytest.raises(httpx.TransportError):
            httpx.get(url + "health", timeout=2)
    finally:
        phone.close()


def test_laptop_panel_keeps_the_room_when_the_view_closes(view, demo_wb):
    """Re-running the cell (closing the view) leaves the room running; the view built
    again shows it (same service, same session); its Stop stops it."""
    assert view.laptop.start()
    service = view.laptop.local.service
    code = view.laptop.inbox.session.code
    view.close()
    assert service.running
    again = ContributionsView(demo_wb)
    try:
        assert again.laptop.local.service is service
        assert again.laptop.inbox is not None and again.laptop.inbox.session.code == code
        again.laptop.stop()
        assert not service.running
    finally:
        again.close()


def test_laptop_panel_says_why_it_cannot_start(view, monkeypatch):
    """No network: the status says so, nothing runs, the button stays usable."""
    monkeypatch.setattr("workbook.live.laptop.lan_address", lambda: None)
    view.laptop.reach_choice.value = True
    assert not view.laptop.start()
    assert "not on a network" in view.status.text
    assert not view.laptop.start_button.disabled


def test_laptop_panel_says_when_the_room_stops_unexpectedly(view):
    """The service killed from outside: the panel says so and Start works again."""
    panel = view.laptop
    panel.check_every = 0.1
    assert panel.start()
    first = panel.inbox.session
    panel.local.service.process.kill()
    wait_for(lambda: "stopped unexpectedly" in plain_text(panel.reach.value))
    assert not panel.start_button.disabled and panel.stop_button.disabled
    assert panel.start()
    assert panel.inbox.session.code != first.code
    assert panel.local.inbox.session(first.id).state == "closed"
    panel.stop()
