"""A quick poll in the live room: one question, answered on the phones, shown when revealed.

The facilitator opens a poll with a question and either two to eight choices or a 1-5
scale (``new_poll``); it is published with the session (``published["poll"]``) so the
phones show it. A phone's answer (``answer``) is one whole number: the choice's position
(1 = the first) or the score. Answers are anonymous: the inbox keeps only a keyed hash of
who answered (``forms.poll_hash``), and only each phone's last answer counts (``tally``).
The results are published, to the projected screen and the phones, only when the
facilitator reveals them. A poll's answers stay in the live inbox; nothing of them goes
into the workbook's records.

Shapes: a poll is a dict ``{"id": str, "question": str, "choices": [str] | None,
"revealed": bool, "results": [{"label": str, "count": int}] (once revealed)}``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Sentence, ValidationError, number_shown
from ..i18n import N_

__all__ = ["MAX_CHOICES", "SCALE", "answer", "new_poll", "tally"]

MAX_CHOICES = 8
MAX_QUESTION = 300
MAX_CHOICE = 120
SCALE = ("1", "2", "3", "4", "5")


def _plain(text: str) -> str:
    return " ".join(str(text).split())


def new_poll(question: str, choices: Iterable[str] | None) -> dict[str, Any]:
    """A poll to publish: ``choices`` None (or empty) for a 1-5 scale.

    Raises ``ValidationError`` for an empty or too long question, one choice only, more
    than ``MAX_CHOICES``, a too long choice or the same choice twice.
    """
    text = _plain(question)
    if not text:
        raise ValidationError("poll question", "", Sentence(N_(
            "The {field} is empty. Write the one question the room answers.")))
    if len(text) > MAX_QUESTION:
        raise ValidationError("poll question", "", Sentence(N_(
            "The {field} is too long ({length} characters). Keep it under {limit} "
            "characters."), length=number_shown(len(text)), limit=number_shown(MAX_QUESTION)))
    options = [_plain(c) for c in (choices or []) if _plain(c)]
    if options:
        if len(options) < 2 or len(options) > MAX_CHOICES:
            raise ValidationError("poll choices", len(options), Sentence(N_(
                "The {field} {value} is not 2 to 8 choices. Write 2 to 8 choices, one a line, "
                "or none for a 1-5 scale.")))
        long = [c for c in options if len(c) > MAX_CHOICE]
        if long:
            raise ValidationError("poll choice", long[0][:40] + "…", Sentence(N_(
                "The {field} {value} is too long. Keep each choice under {limit} "
                "characters."), limit=number_shown(MAX_CHOICE)))
        if len({c.casefold() for c in options}) != len(options):
            raise ValidationError("poll choices", "", Sentence(N_(
                "The {field} name the same choice twice. Make each choice different.")))
    return {"id": secrets.token_hex(6), "question": text, "choices": options or None,
            "revealed": False}


def labels(poll: Mapping[str, Any]) -> list[str]:
    """What each answer number means, in order (answer 1 first)."""
    return list(poll.get("choices") or SCALE)


def answer(form_value: str, poll: Mapping[str, Any] | None, poll_id: str) -> dict[str, Any]:
    """The checked answer a phone sent (``{"kind": "poll", "poll_id", "answer"}``).

    Raises ``ValidationError`` when no poll is open, the phone answered another (older)
    poll, or the answer is not one of the poll's.
    """
    if not poll:
        raise ValidationError("poll", "", Sentence(N_(
            "The {field} is not open. Wait until the facilitator opens a poll.")))
    if poll_id != poll.get("id"):
        raise ValidationError("poll", "", Sentence(N_(
            "The {field} has changed since the page was loaded. Reload the page and "
            "answer the poll it shows now.")))
    count = len(labels(poll))
    text = form_value.strip()
    if not text.isdigit() or not 1 <= int(text) <= count:
        raise ValidationError("poll answer", text[:20], Sentence(N_(
            "The {field} {value} is not one of the choices. Choose one answer, then send it.")))
    return {"kind": "poll", "poll_id": str(poll["id"]), "answer": int(text)}


def tally(poll: Mapping[str, Any], answers: Iterable[tuple[str, Mapping[str, Any]]]
          ) -> list[dict[str, Any]]:
    """``[{"label", "count"}]`` in the poll's order, from ``(voter, payload)`` pairs in the
    order received: the last valid answer of each voter to this poll counts."""
    names = labels(poll)
    last: dict[str, int] = {}
    for voter, payload in answers:
        value = payload.get("answer")
        if payload.get("poll_id") == poll.get("id") and isinstance(value, int) and \
                1 <= value <= len(names):
            last[voter] = value
    counts = [0] * len(names)
    for value in last.values():
        counts[value - 1] += 1
    return [{"label": n, "count": c} for n, c in zip(names, counts, strict=True)]
