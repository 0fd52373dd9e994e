"""The participant service against a real PostgreSQL: join, send, limits, nothing readable."""

from __future__ import annotations

import pytest

from workbook.live.room import LiveRoom

pytestmark = pytest.mark.slow


@pytest.fixture
def session(room: LiveRoom, demo_wb):
    """An open session for the demo's first meeting, with an anonymous vote open."""
    demo_wb.open_vote(dots_per_participant=3, anonymous=True)
    opened = room.open_session(demo_wb, 1, minutes=30)
    return room.publish(demo_wb, opened)


def test_app_join_then_send_every_kind_lands_in_the_inbox(room, session, phone, demo_wb):
    """A participant joins with a name and sends each kind; each is one inbox row."""
    assert phone.join(session.code).status_code == 200
    assert "You are Ana Ruiz, Acme Tools" in phone.last.text
    problem = session.published["problems"][0]["id"]
    candidates = session.published["vote"]["candidates"]
    sends = [
        {"kind": "name_candidate", "name": "Valley Works", "rationale": "short"},
        {"kind": "cause", "problem_id": str(problem), "statement": "No bus at 6am",
         "evidence": ""},
        {"kind": "resource", "name": "Night bus", "resource_kind": "service", "mine": "1",
         "target_group": "", "notes": ""},
        {"kind": "profile", "field": "mission", "value": "Make tools"},
        {"kind": "comment", "text": "Good meeting"},
        {"kind": "dots", f"dots_{candidates[0]['id']}": "2",
         f"dots_{candidates[1]['id']}": "1"},
    ]
    for form in sends:
        reply = phone.send(session.code, **form)
        assert reply.status_code == 200 and "Sent." in reply.text, reply.text[-800:]
    rows = room.inbox(session)
    assert [r.kind for r in rows] == [f["kind"] for f in sends]
    named = [r for r in rows if r.kind != "dots"]
    assert {r.participant["name"] for r in named} == {"Ana Ruiz"}
    assert rows[2].payload["owner"] == "mine"


def test_app_anonymous_dots_carry_no_name(room, session, phone):
    """In an anonymous vote the inbox row holds only a keyed voter hash, never the name."""
    phone.join(session.code, name="Secret Voter", organisation="Hidden Org")
    cand = session.published["vote"]["candidates"][0]["id"]
    phone.send(session.code, kind="dots", **{f"dots_{cand}": "3"})
    (row,) = room.inbox(session)
    assert row.participant == {"name": "", "organisation": "", "role": "",
                               "partner_type": ""}
    assert row.voter.startswith("live:") and "secret" not in row.voter.casefold()


def test_app_bad_input_is_refused_with_a_message_and_not_stored(room, session, phone):
    """Too many dots or an empty idea gets a clear message; nothing reaches the inbox."""
    phone.join(session.code)
    cand = session.published["vote"]["candidates"][0]["id"]
    reply = phone.send(session.code, kind="dots", **{f"dots_{cand}": "9"})
    assert reply.status_code == 400 and "at most 3 dots" in reply.text
    reply = phone.send(session.code, kind="name_candidate", name="  ", rationale="")
    assert reply.status_code == 400 and "name" in reply.text.casefold()
    reply = phone.send(session.code, kind="shell", text="rm -rf /")
    assert reply.status_code == 400
    assert room.inbox(session) == []


def test_app_markup_sent_is_escaped_and_never_runs(room, session, phone):
    """Markup in a name comes back escaped; pages carry a CSP allowing only own scripts."""
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    phone.join(session.code, name=evil[:60], organisation='"><b>org</b>')
    page = phone.last.text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&quot;&gt;&lt;b&gt;" in page
    csp = phone.last.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.replace(f'<script src="{phone.base}', "")


def test_app_post_without_xsrf_token_is_refused(session, phone):
    """A form posted from another site (no XSRF token) is refused with 403."""
    phone.get(f"s/{session.code}")
    reply = phone.post(f"s/{session.code}/me", {"name": "A", "organisation": "B",
                                                "partner_type": "business"}, xsrf=False)
    assert reply.status_code == 403


def test_app_rate_and_total_limits_per_participant(room, session, phone, service):
    """After the burst a quick sender must wait; another participant is not held up."""
    phone.join(session.code)
    codes = [phone.send(session.code, kind="comment", text=f"c{i}").status_code
             for i in range(service.settings.burst + 2)]
    assert codes[:service.settings.burst] == [200] * service.settings.burst
    assert codes[-1] == 429 and "wait" in phone.last.text
    from live_kit import Phone
    other = Phone(service.url)
    other.join(session.code, name="Ben Ode")
    assert other.send(session.code, kind="comment", text="mine").status_code == 200
    other.close()
    assert len(room.inbox(session)) == service.settings.burst + 1


def test_app_oversized_body_is_refused(session, phone, service):
    """A body over the size limit is cut off before any checking or storing."""
    phone.join(session.code)
    reply = phone.send(session.code, kind="comment",
                       text="x" * (service.settings.max_body_bytes + 10))
    assert reply.status_code in (400, 413)


def test_app_closed_session_and_wrong_code_lead_nowhere(room, session, phone, demo_wb):
    """After close the join link is a 404 page and a send is refused."""
    phone.join(session.code)
    phone.get(f"s/{session.code}")
    token = phone.xsrf()
    room.close(session)
    assert phone.get(f"s/{session.code}").status_code == 404
    reply = phone.http.post(f"{phone.base}s/{session.code}/send",
                            data={"kind": "comment", "text": "late", "_xsrf": token})
    assert reply.status_code == 404
    assert phone.get("s/NOSUCH99").status_code == 404
    assert room.inbox(session) == []


def test_app_no_url_shows_others_submissions_before_the_reveal(room, session, phone, service,
                                                             demo_wb):
    """Another participant's idea appears on no page or JSON until the facilitator reveals."""
    from live_kit import Phone
    other = Phone(service.url)
    other.join(session.code, name="Ben Ode")
    other.send(session.code, kind="name_candidate", name="Zebra Secret Idea", rationale="")
    other.send(session.code, kind="comment", text="Private comment text")
    phone.join(session.code)
    paths = ["", f"s/{session.code}", f"s/{session.code}/state", f"s/{session.code}/send",
             f"s/{session.code}/me", f"s/{session.code}/inbox", "inbox", "static/../room.py",
             "static/live.js", "health", f"s/{session.code}/state?all=1", "../hub/"]
    for path in paths:
        text = phone.get(path).text
        assert "Zebra Secret Idea" not in text and "Private comment text" not in text, path
    room.reveal(demo_wb, room.session(session.id))
    assert "Zebra Secret Idea" in phone.get(f"s/{session.code}").text
    assert "Zebra Secret Idea" in phone.get(f"s/{session.code}/state").text
    for path in paths:
        assert "Private comment text" not in phone.get(path).text, path
    other.close()


def test_app_page_fits_a_phone_and_loads_nothing_from_elsewhere(session, phone):
    """The page sets a mobile viewport and refers only to its own static files."""
    phone.join(session.code)
    page = phone.last.text
    assert 'name="viewport" content="width=device-width' in page
    assert "http" not in page.replace(phone.base, "")
    assert phone.get("static/live.css").status_code == 200


def _evaluation(**scores: str) -> dict[str, str]:
    return {"kind": "evaluation", **{f"score_{k}": v for k, v in scores.items()}}


def test_app_evaluation_lands_in_the_inbox_without_a_name_once_per_phone(room, session, phone):
    """The evaluation reaches the inbox with no name, only a keyed hash; the same phone
    cannot send a second one, not even after saying it is someone else."""
    phone.join(session.code, name="Quiet Voice", organisation="Shy Org")
    page = phone.last.text
    assert 'name="score_objective_met" value="5"' in page and "worth my organization" in page
    reply = phone.send(session.code, comment="Too long <b>today</b>",
                       **_evaluation(objective_met="2", voices_heard="5"))
    assert reply.status_code == 200 and "You have sent your evaluation" in reply.text
    (row,) = room.inbox(session)
    assert row.kind == "evaluation" and row.participant == {
        "name": "", "organisation": "", "role": "", "partner_type": ""}
    assert row.voter.startswith("live-evaluation:") and "quiet" not in row.voter.casefold()
    assert row.payload["meeting_id"] == 1 and row.payload["scores"]["objective_met"] == 2
    assert "Quiet Voice" not in str(row.payload) and "Shy Org" not in str(row.payload)
    phone.post(f"s/{session.code}/leave", {})
    phone.join(session.code, name="Someone Else")
    reply = phone.send(session.code, **_evaluation(objective_met="5"))
    assert reply.status_code == 409 and "already" in reply.text
    assert len(room.inbox(session)) == 1


def test_app_evaluation_is_offered_only_for_a_session_of_a_meeting(room, demo_wb, phone):
    """A session opened without a meeting offers no evaluation and refuses one sent."""
    session = room.open_session(demo_wb, None, minutes=30)
    phone.join(session.code)
    assert "The evaluation opens when" in phone.last.text
    reply = phone.send(session.code, **_evaluation(objective_met="4"))
    assert reply.status_code == 400 and "not open" in reply.text
    assert room.inbox(session) == []
