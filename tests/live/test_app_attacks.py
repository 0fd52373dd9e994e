"""The participant service under attack (field cases turn3/probe 12, 14, 17, 18, 19):
real servers on 127.0.0.1, requests as a script would send them."""

from __future__ import annotations

import json
import logging
import socket
import time

import httpx
import pytest
from live_kit import Phone

from workbook.live.limits import LogThrottle

pytestmark = pytest.mark.slow

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
           "Referrer-Policy")


@pytest.fixture
def session(room, demo_wb):
    return room.open_session(demo_wb, 1, minutes=30)


def test_app_every_response_carries_the_security_headers(session, phone, service):
    """Probe 17: tornado's own 404, the static files, the oversized body (413 page, not a
    bare 400) and a wrong method all carry the headers; no Server banner."""
    answers = {
        "unrouted": httpx.get(service.url + "no/such/path"),
        "outside prefix": httpx.get(f"http://127.0.0.1:{service.settings.port}/x"),
        "static": httpx.get(service.url + "static/live.css"),
        "static missing": httpx.get(service.url + "static/none.css"),
        "page": phone.get(f"s/{session.code}"),
        "wrong method": httpx.put(service.url + f"s/{session.code}"),
    }
    phone.join(session.code)
    phone.get(f"s/{session.code}")
    answers["too large"] = phone.post(f"s/{session.code}/send",
                                      {"kind": "comment", "text": "x" * 20_000})
    for name, answer in answers.items():
        for header in HEADERS:
            assert header in answer.headers, (name, header)
        assert "Server" not in answer.headers, name
    assert answers["too large"].status_code == 413
    assert "too much text" in answers["too large"].text
    assert answers["unrouted"].status_code == 404 and "no open session" in \
        answers["unrouted"].text


def test_app_emoji_with_quotes_that_grows_past_the_store_limit_is_a_clear_413(
        start_service, room, demo_wb):
    """Probe 18: a resource within every field limit whose stored JSON passes the inbox's
    16,000-octet check gets a message saying how much to cut (not a 500); a shorter one
    is taken."""
    running = start_service(max_body_bytes=65536)
    try:
        session = room.open_session(demo_wb, 1, minutes=30)
        phone = Phone(running.url)
        phone.join(session.code)

        def mix(emoji: int, quotes: int) -> str:
            return "\U0001F600" * emoji + '"' * quotes

        def send(name: int, target: int, notes: int) -> httpx.Response:  # emoji in each
            phone.get(f"s/{session.code}")
            return phone.http.post(running.url + f"s/{session.code}/send", files={
                "_xsrf": (None, phone.xsrf()), "kind": (None, "resource"),
                "resource_kind": (None, "program"), "name": (None, "Lab " + mix(name, 20)),
                "target_group": (None, mix(target, 380)), "notes": (None, mix(notes, 1950))},
                follow_redirects=False)

        answer = send(150, 600, 2050)
        assert answer.status_code == 413 and "cut about" in answer.text, answer.text[-400:]
        assert room.inbox(session) == []
        second = send(1, 1, 1)
        assert second.status_code == 303  # "Sent"
        assert len(room.inbox(session)) == 1
        phone.close()
    finally:
        running.stop()


def test_app_fresh_identities_from_one_client_hit_the_client_and_join_limits(
        start_service, room, demo_wb):
    """Probe 14: a script joining again and again under new names (a fresh cookie each
    time) is held by the limits per address and per session, not reset by them."""
    running = start_service(rate_per_minute=600, burst=100, max_items=100,
                       client_rate_per_minute=1, client_burst=5, joins_per_minute=1,
                       join_burst=4, max_session_items=1000)
    try:
        session = room.open_session(demo_wb, 1, minutes=30)
        sent = joined = 0
        for n in range(8):
            attacker = Phone(running.url)
            attacker.http.headers["X-Forwarded-For"] = "203.0.113.7"
            if attacker.join(session.code, name=f"Bot {n}").status_code == 200 and \
                    "Your join" not in attacker.last.text and "Say who" not in attacker.last.text:
                joined += 1
                for k in range(3):
                    if attacker.send(session.code, kind="comment",
                                     text=f"flood {n} {k}").status_code == 200:
                        sent += 1
            attacker.close()
        assert joined == 4  # the join burst, then "too many people joined"
        assert sent == 5    # the client's burst, whatever the cookies
        other = Phone(running.url)
        other.http.headers["X-Forwarded-For"] = "198.51.100.9"
        other.join(session.code, name="Real Person")
        assert other.send(session.code, kind="comment", text="heard").status_code == 200
        other.close()
        assert len(room.inbox(session)) == 6
    finally:
        running.stop()


def test_app_session_total_holds_across_clients(start_service, room, demo_wb):
    """The session's own total: no mix of clients sends more than it."""
    running = start_service(max_session_items=3)
    try:
        session = room.open_session(demo_wb, 1, minutes=30)
        codes = []
        for n in range(5):
            phone = Phone(running.url)
            phone.http.headers["X-Forwarded-For"] = f"198.51.100.{n + 1}"
            phone.join(session.code, name=f"Person {n}")
            codes.append(phone.send(session.code, kind="comment", text=f"c{n}").status_code)
            phone.close()
        assert codes == [200, 200, 200, 429, 429]
        assert len(room.inbox(session)) == 3
    finally:
        running.stop()


def test_app_join_tickets_make_one_ballot_per_person(live_db, room, demo_wb, service):
    """Probe 12: with tickets, joining again under other names casts no second ballot:
    every ballot of one ticket carries the same voter key, so the roll counts one; a
    phone without a valid ticket cannot join."""
    vote = demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    session = room.open_session(demo_wb, 1, minutes=30, tickets=2)
    assert len(session.tickets) == 2 and all(len(t) == 6 for t in session.tickets)
    stored = room.session(session.id)
    assert not any(t in json.dumps(stored.published) for t in session.tickets)
    candidate = session.published["vote"]["candidates"][0]["id"]
    keys = set()
    for n in range(3):
        phone = Phone(service.url)
        phone.get(f"s/{session.code}")
        refused = phone.post(f"s/{session.code}/me", {"name": f"Me {n}", "organisation": "X",
                                                      "partner_type": "business",
                                                      "ticket": "ZZZZZZ"})
        assert refused.status_code == 400 and "not one of this session" in refused.text
        phone.post(f"s/{session.code}/me", {"name": f"Me {n}", "organisation": f"Org {n}",
                                            "partner_type": "business",
                                            "ticket": session.tickets[0].lower()})
        answer = phone.send(session.code, kind="dots", vote_id=str(vote.id),
                            **{f"dots_{candidate}": "3"})
        assert answer.status_code == 200, answer.text[:300]
        phone.close()
    ballots = [i for i in room.inbox(session) if i.kind == "dots"]
    keys = {i.voter for i in ballots}
    assert len(ballots) == 3 and len(keys) == 1
    decided = [room.accept(demo_wb, session, i).status for i in ballots]
    assert decided == ["accepted", "rejected", "rejected"]
    assert demo_wb.ballots_cast(vote.id) == 1


def test_app_slow_clients_are_cut_off_and_capped(start_service, session):
    """Probe 19: a half-sent request is closed after the header timeout; past the cap a
    connection is closed at once; once the slow ones are gone a phone is served."""
    running = start_service(header_timeout=1, max_connections=12)
    try:
        port = running.settings.port
        slow = []
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /live/ HTTP/1.1\r\nHost: x\r\n")
            slow.append(sock)
        started = time.monotonic()
        closed = 0
        for sock in slow:
            try:
                closed += sock.recv(1) == b""
            except (ConnectionResetError, TimeoutError):
                closed += 1
        assert closed == 20 and time.monotonic() - started < 4
        assert running.server.refused >= 8
        assert httpx.get(running.url + f"s/{session.code}", timeout=5).status_code == 200
        for sock in slow:
            sock.close()
    finally:
        running.stop()


def test_app_repeated_log_lines_are_held_back():
    """Probe 19: a failure logged in a loop writes one line per ten seconds, then says
    how many were held back."""
    now = [0.0]
    throttle = LogThrottle(10, clock=lambda: now[0])
    logger = logging.getLogger("test.live.flood")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(throttle)
    logger.addHandler(handler)
    try:
        for _ in range(10_000):
            logger.error("accept failed: Too many open files")
        now[0] = 11
        logger.error("accept failed: Too many open files")
    finally:
        logger.removeHandler(handler)
    assert len(records) == 2 and "9999 more like it held back" in records[1].getMessage()
