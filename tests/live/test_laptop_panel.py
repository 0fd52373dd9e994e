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


def _read(widget) -> list[str]:
    """What a person reads of a widget tree: HTML, buttons and their tips, descriptions,
    placeholders and options."""
    import ipywidgets as w

    from workbook.testing.pseudo import html_text

    out = []
    if isinstance(widget, w.HTML | w.Label):
        out.append(html_text(widget.value))
    if isinstance(widget, w.DOMWidget) and getattr(widget, "description", ""):
        out.append(widget.description)
    if getattr(widget, "tooltip", None):
        out.append(str(widget.tooltip))
    if isinstance(getattr(widget, "placeholder", None), str):
        out.append(widget.placeholder)
    if isinstance(widget, w.widgets.widget_selection._Selection):
        out += [str(label) for label, _value in widget._options_full]
    for child in getattr(widget, "children", ()):
        out += _read(child)
    return out


def test_laptop_panel_has_no_unwrapped_english(monkeypatch, demo_wb):
    """The laptop's live room in the pseudo language, running with a phone's comment,
    cause and profile answer received, previewed, revealed, accepted and rejected: every
    label, row, count, note and status is from the catalog or typed."""
    from workbook import i18n
    from workbook.testing.pseudo import english_left, strict_markers, typed_texts

    monkeypatch.delenv("LIVE_FACILITATOR_DB_URL", raising=False)
    i18n.set_default_language(i18n.PSEUDO)
    sent = ["Ann Lee", "Harbor Tools", "Hello room", "Buses stop at six", "We train welders"]
    try:
        with strict_markers():
            view = ContributionsView(demo_wb)
            view.laptop.local.ports = PORTS
            panel = view.laptop
            assert panel.start()
            live = panel.inbox
            code = live.session.code
            phone = Phone(panel.local.service.url)
            try:
                phone.join(code, name="Ann Lee", organisation="Harbor Tools")
                phone.send(code, kind="comment", text="Hello room")
                problem = live.session.published["problems"][0]["id"]
                phone.send(code, kind="cause", problem_id=str(problem),
                           statement="Buses stop at six")
                phone.send(code, kind="profile", field="mission", value="We train welders")
                wait_for(lambda: len(live.rows) == 3)
                comment, cause, profile = live.rows.values()
                for row in (comment, cause, profile):
                    live.show_preview(row)
                shown = _read(panel.widget)  # ideas hidden
                live.reveal()
                live.accept(comment)
                shown.append(view.status.text)
                live.reject(cause)
                shown.append(view.status.text)
                shown += _read(panel.widget)
            finally:
                phone.close()
            url = panel.local.service.url
            panel.stop()
            shown += _read(panel.widget) + [view.status.text]
            view.close()
    finally:
        i18n.set_default_language(None)
    text = "\n".join(shown)
    typed = typed_texts(demo_wb, [*sent, code, url, url.rstrip("/")])
    left = english_left(text, typed)
    assert left == [], [line for line in text.splitlines() if set(english_left(line, typed))]
    assert "⟦" in text
