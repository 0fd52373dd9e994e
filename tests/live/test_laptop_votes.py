"""A named dot vote through the laptop's live room: nothing of a ballot shows before the
vote closes, a ballot waiting for confirmation is never dropped by closing, and a refusal
never reads as a success."""

from __future__ import annotations

import time

import pytest
from live_kit import Phone
from pg_cluster import ports_from_env

from workbook.model import Organisation, Person
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
def ballot(monkeypatch, demo_wb):
    """A named vote open on the phones and one ballot (2 + 1 dots) sent by a phone that
    speaks for a person already in the workbook: it waits for "Confirm and accept"."""
    monkeypatch.delenv("LIVE_FACILITATOR_DB_URL", raising=False)
    view = ContributionsView(demo_wb)
    view.laptop.local.ports = PORTS
    panel = view.laptop
    panel.meeting.value = 1
    vote = demo_wb.open_vote(dots_per_participant=3, anonymous=False)
    assert panel.start()
    live = panel.inbox
    live.publish()
    candidates = live.session.published["vote"]["candidates"]
    person = next(p for p in demo_wb.all(Person) if p.organisation_id is not None)
    org = demo_wb.get(Organisation, person.organisation_id)
    phone = Phone(panel.local.service.url)
    try:
        phone.join(live.session.code, name=person.name, organisation=org.name)
        sent = phone.send(live.session.code, kind="dots",
                          **{f"dots_{candidates[0]['id']}": "2",
                             f"dots_{candidates[1]['id']}": "1"})
        wait_for(lambda: len(live.rows) == 1)
        live.sent_page = sent.text  # what the phone read after sending
        yield demo_wb, view, live, vote, candidates, next(iter(live.rows.values()))
    finally:
        phone.close()
        view.close()


def test_phone_says_sent_without_claiming_the_facilitator_sees_the_dots(ballot):
    """Dots stay hidden until the vote closes: the phone says "Sent." and no more."""
    live = ballot[2]
    assert "✓ Sent.</p>" in live.sent_page and "sees it now" not in live.sent_page


def test_ballot_preview_shows_no_dots_per_name_while_the_vote_is_open(ballot):
    """Preview says "1 ballot, 3 dots" only: no candidate, on the row or in the status."""
    _wb, view, live, _vote, candidates, row = ballot
    live.show_preview(row)
    shown = plain_text(row.detail.value)
    assert "1 ballot, 3 dots" in shown
    assert candidates[0]["name"] not in shown and candidates[1]["name"] not in shown


def test_a_waiting_ballot_is_a_warning_named_once_and_hides_its_dots(ballot):
    """Accept on a ballot that speaks for someone: a warning (no ✓), capitalised, and the
    row's note names no candidate."""
    _wb, view, live, _vote, candidates, row = ballot
    live.accept(row)
    assert row.item.status == "new"
    assert view.status.value.count("⚠") == 1 and "✓" not in view.status.value
    assert view.status.text.startswith("⚠ Not taken yet")
    note = plain_text(row.detail.value)
    assert note.startswith("Waits for your confirmation")
    assert candidates[0]["name"] not in note + view.status.text


def test_closing_the_vote_asks_first_when_ballots_wait(ballot):
    """Close with a ballot waiting: it warns with the count and closes nothing; "Accept them,
    then close" counts the ballot and then closes."""
    wb, view, live, vote, candidates, _row = ballot
    live.close_vote()
    assert wb.open_vote_now() is not None and wb.open_vote_now().id == vote.id
    assert live.vote_confirm.layout.display is None
    assert "1 ballot still waits" in plain_text(live.vote_warning.value)
    assert "No dots were cast" not in plain_text(live.counts.value)
    live.accept_and_close.click()
    assert wb.open_vote_now() is None
    assert wb.ballots_cast(vote.id) == 1
    assert f"{candidates[0]['name']}: 2 dots" in plain_text(live.counts.value)
    assert live.vote_confirm.layout.display == "none"


def test_closing_anyway_leaves_the_waiting_ballot_out_knowingly(ballot):
    """"Close without them" closes with the ballot left in the inbox, as chosen."""
    wb, view, live, vote, *_ = ballot
    live.close_vote()
    live.close_anyway.click()
    assert wb.open_vote_now() is None and wb.ballots_cast(vote.id) == 0
