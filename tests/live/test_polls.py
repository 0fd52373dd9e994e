"""The quick poll: its rules (no server) and a poll on the hub's PostgreSQL backend."""

from __future__ import annotations

import pytest

from workbook.errors import ValidationError
from workbook.live import polls


def test_polls_new_poll_checks_question_and_choices():
    """A 1-5 scale without choices; 2 to 8 distinct, short choices otherwise."""
    scale = polls.new_poll("  How   useful was today?  ", None)
    assert scale["question"] == "How useful was today?" and scale["choices"] is None
    assert polls.labels(scale) == ["1", "2", "3", "4", "5"]
    assert polls.new_poll("Day?", ["Monday", " ", "Friday"])["choices"] == ["Monday", "Friday"]
    for question, choices, words in (("", None, "empty"), ("x" * 301, None, "too long"),
                                     ("Day?", ["Monday"], "2 to 8"),
                                     ("Day?", [str(n) for n in range(9)], "2 to 8"),
                                     ("Day?", ["Monday", "monday"], "twice"),
                                     ("Day?", ["M" * 121, "F"], "too long")):
        with pytest.raises(ValidationError, match=words):
            polls.new_poll(question, choices)


def test_polls_answer_must_be_one_of_the_open_poll():
    poll = polls.new_poll("Day?", ["Monday", "Friday"])
    assert polls.answer("2", poll, poll["id"]) == {"kind": "poll", "poll_id": poll["id"],
                                                   "answer": 2}
    for value, poll_id, words in (("3", poll["id"], "not one of"), ("0", poll["id"], "not one"),
                                  ("<b>", poll["id"], "not one"), ("1", "old", "changed")):
        with pytest.raises(ValidationError, match=words):
            polls.answer(value, poll, poll_id)
    with pytest.raises(ValidationError, match="not open"):
        polls.answer("1", None, "")


def test_polls_tally_counts_each_voters_last_answer_to_this_poll():
    poll = polls.new_poll("Rate it", None)
    rows = [("a", {"poll_id": poll["id"], "answer": 5}), ("a", {"poll_id": poll["id"],
                                                                "answer": 4}),
            ("b", {"poll_id": poll["id"], "answer": 4}), ("c", {"poll_id": "old", "answer": 1}),
            ("d", {"poll_id": poll["id"], "answer": 9}), ("e", {"poll_id": poll["id"],
                                                                "answer": "2"})]
    assert [r["count"] for r in polls.tally(poll, rows)] == [0, 0, 0, 2, 0]


@pytest.mark.slow
def test_polls_on_the_hub_backend(room, phone, demo_wb):
    """The same poll through PostgreSQL: answers anonymous, results only once revealed."""
    session = room.open_poll(demo_wb, room.open_session(demo_wb, 1), "Rate it", None)
    poll_id = session.published["poll"]["id"]
    phone.join(session.code, name="Pat Lee")
    assert "Sent" in phone.send(session.code, kind="poll", poll_id=poll_id, answer="5").text
    state = phone.get(f"s/{session.code}/state").json()
    assert state["poll"]["question"] == "Rate it" and "results" not in state["poll"]
    (item,) = room.inbox(session)
    assert item.kind == "poll" and item.participant["name"] == "" and item.voter
    assert room.accept(demo_wb, session, item).note == "poll answer counted"
    session = room.reveal_poll(demo_wb, session)
    assert session.published["poll"]["results"][4] == {"label": "5", "count": 1}
    assert phone.get(f"s/{session.code}/state").json()["poll"]["results"][4]["count"] == 1
