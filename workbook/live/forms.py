"""From a phone's form to a contribution item, checked by the same rules as a file.

A form is a flat mapping of field names to strings (what a browser posts). ``participant``
and ``item`` turn it into the dicts ``participant.items`` checks, so a phone can send
exactly what a contribution file can carry, and nothing else. Every error is a
``ValidationError`` naming the field, written for the participant.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from .. import reference
from ..errors import ChoiceError, Sentence, ValidationError, number_shown
from ..i18n import N_, Titles
from ..model import STATEMENT_KEYS
from ..participant.items import MAX_DOTS, MINE, PROFILE_FIELDS, check_item, check_participant
from . import polls

__all__ = ["PHONE_KINDS", "PROFILE_TITLES", "TooManyDots", "evaluation_hash", "item", "participant",
           "poll_hash", "voter_hash"]

PHONE_KINDS: Titles[str] = Titles({
    "name_candidate": N_("Idea for the name"),
    "cause": N_("Cause (why does the problem happen?)"),
    "resource": N_("Resource (a program, fund, service ...)"),
    "profile": N_("About my organization"),
    "comment": N_("Comment"),
    "dots": N_("My dots"),
    "evaluation": N_("How was this meeting? (anonymous)"),
    "poll": N_("Quick poll (anonymous)"),
})
PROFILE_TITLES: Titles[str] = Titles({
    "mission": N_("Mission"), "competencies": N_("Core competencies"),
    "decision_making": N_("How it decides"), "financing": N_("How it is financed"),
    "culture": N_("Culture"), "brings": N_("What it brings"), "needs": N_("What it needs"),
    "website": N_("Website"),
})
"""What the phone's profile menu calls each part of an organization's profile."""
MAX_FIELD = 4_000  # characters of one form field, before the model's own limits


class TooManyDots(ValidationError):
    """More dots given than the vote allows; ``allowed`` is how many each person has."""

    def __init__(self, total: int, allowed: int) -> None:
        self.allowed = allowed
        super().__init__("dots", total, Sentence(N_(
            "The {field} {value} are more than you have. Give at most {allowed} dots in all."),
            allowed=allowed))


def _get(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "")
    if len(value) > MAX_FIELD:
        raise ValidationError(name.replace("_", " "), "", Sentence(N_(
            "The {field} is too long ({length} characters). Keep it under {limit} "
            "characters."), length=number_shown(len(value)), limit=number_shown(MAX_FIELD)))
    # U+2028 and U+2029 end a line in some readers (and in JavaScript): they count as the
    # line breaks they are, so a one-line field refuses them as it refuses "\n".
    return (value.replace("\r\n", "\n").replace("\r", "\n")
            .replace("\u2028", "\n").replace("\u2029", "\n"))


def participant(form: Mapping[str, str]) -> dict[str, Any]:
    """Who the participant says they are: name, organisation, role, partner type."""
    partner_type = _get(form, "partner_type") or "business"
    if partner_type not in reference.PARTNER_TYPES or partner_type == reference.OWN:
        raise ChoiceError("partner type", partner_type,
                          tuple(k for k in reference.PARTNER_TYPES if k != reference.OWN))
    return check_participant({"name": _get(form, "name").strip(),
                              "role": _get(form, "role").strip(),
                              "organisation": _get(form, "organisation").strip(),
                              "partner_type": partner_type, "new_organisation": True})


def _whole(name: str, text: str, low: int, high: int) -> int:
    text = text.strip() or "0"
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(name, text, Sentence(N_(
            "The {field} {value} is not a whole number in range. Give a number from {low} to "
            "{high}."), low=low, high=high))
    return int(text)


def item(form: Mapping[str, str], who: Mapping[str, Any],
         published: Mapping[str, Any]) -> dict[str, Any]:
    """The checked item a form describes, against what the facilitator published.

    ``published`` is the session's published state (problems, vote). Raises
    ``ValidationError``/``ChoiceError`` naming the field.
    """
    kind = _get(form, "kind")
    if kind not in PHONE_KINDS:
        raise ChoiceError("kind", kind, tuple(PHONE_KINDS))
    if kind == "poll":  # not a contribution item: it stays in the live inbox
        return polls.answer(_get(form, "answer"), published.get("poll"),
                            _get(form, "poll_id"))
    raw: dict[str, Any] = {"kind": kind}
    match kind:
        case "name_candidate":
            raw.update(name=_get(form, "name"), rationale=_get(form, "rationale"))
        case "cause":
            problems = {str(p["id"]): p["id"] for p in published.get("problems", [])}
            choice = _get(form, "problem_id")
            if choice not in problems:
                raise ChoiceError("problem", choice, tuple(problems) or ("(none open)",))
            raw.update(problem_id=problems[choice], parent_id=None,
                       statement=_get(form, "statement"), evidence=_get(form, "evidence"))
        case "resource":
            raw.update(name=_get(form, "name"), resource_kind=_get(form, "resource_kind"),
                       owner=MINE if form.get("mine") else None,
                       target_group=_get(form, "target_group"), eligibility="",
                       capacity="", funding_source="", referral="", notes=_get(form, "notes"))
        case "profile":
            raw.update(field=_get(form, "field"), value=_get(form, "value"))
            if raw["field"] not in PROFILE_FIELDS:
                raise ChoiceError("profile field", raw["field"], PROFILE_FIELDS)
        case "comment":
            raw.update(text=_get(form, "text"))
        case "dots":
            vote = published.get("vote") or {}
            if vote.get("status") != "open":
                raise ValidationError("vote", "", Sentence(N_(
                    "The {field} is not open. Wait until the facilitator opens the "
                    "vote.")))
            allocations = []
            for cand in vote.get("candidates", []):
                dots = _whole(f"dots for {cand['name']}",
                              _get(form, f"dots_{cand['id']}"), 0, MAX_DOTS)
                if dots:
                    allocations.append({"candidate_id": cand["id"], "dots": dots})
            total = sum(a["dots"] for a in allocations)
            if not allocations:
                raise ValidationError("dots", 0, Sentence(N_(
                    "The {field} {value} were not given to any name. Put at least one dot on a "
                    "name.")))
            if total > int(vote.get("dots", 0)):
                raise TooManyDots(total, int(vote.get("dots", 0)))
            raw.update(vote_id=vote["id"], allocations=allocations)
        case "evaluation":
            evaluation = published.get("evaluation") or {}
            if not evaluation.get("meeting_id"):
                raise ValidationError("evaluation", "", Sentence(N_(
                    "The {field} is not open in this session. The facilitator opens it "
                    "for a meeting; ask them.")))
            scores: dict[str, int | None] = {}
            for key in STATEMENT_KEYS:
                given = _get(form, f"score_{key}").strip()
                scores[key] = (_whole(reference.EVALUATION_STATEMENTS[key], given, 1, 5)
                               if given else None)
            raw.update(meeting_id=int(evaluation["meeting_id"]), scores=scores,
                       comment=_get(form, "comment"))
    return check_item(raw, who["name"])


TICKET_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TICKET_LENGTH = 6


def ticket_hash(code: str, ticket: str) -> str:
    """What a session publishes of one join ticket (the ticket itself is never stored)."""
    return hashlib.sha256(f"live-ticket\x00{code}\x00{ticket}".encode()).hexdigest()[:24]


def ticket(raw: str, code: str, published: list[str]) -> str:
    """The join ticket typed on the phone, checked against the session's ("" when the
    session hands out none). Raises ``ValidationError`` for a missing or unknown one."""
    if not published:
        return ""
    typed = "".join(c for c in str(raw).upper() if c.isalnum())[:20]
    if not typed:
        raise ValidationError("join ticket", "", Sentence(N_(
            "The {field} is missing. Type the code on the join ticket the facilitator "
            "gave you.")))
    if ticket_hash(code, typed) not in set(published):
        raise ValidationError("join ticket", typed, Sentence(N_(
            "The {field} {value} is not one of this session's. Check the code on your ticket "
            "(letters and digits, no 0, O, 1 or I), or ask the facilitator for one.")))
    return typed


def ticket_key(secret: str, code: str, ticket: str) -> str:
    """The participant key of a ticket: the same on every phone that joins with it."""
    digest = hmac.new(secret.encode(), f"ticket\x00{code}\x00{ticket}".encode(),
                      hashlib.sha256).hexdigest()
    return "t" + digest[:31]


def _person(who: Mapping[str, Any]) -> str:
    """Who a keyed hash stands for: the ticket when there is one, else name and org."""
    if who.get("t"):
        return f"ticket\x00{who['t']}"
    return f"{who['name'].strip().casefold()}\x00{who['organisation'].strip().casefold()}"


def voter_hash(secret: str, code: str, who: Mapping[str, Any]) -> str:
    """The roll key of an anonymous ballot: one per join ticket (when the session hands
    them out; else per name and organisation) per session, and without the service's
    secret nobody can tell whose it is (not even the facilitator)."""
    text = f"{code}\x00{_person(who)}"
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return "live:" + digest[:40]


def evaluation_hash(secret: str, scope: str, who: Mapping[str, Any]) -> str:
    """The key that keeps a meeting's evaluation to one per participant: the same name and
    organisation give the same key for every session of the meeting (``scope``, published
    by the facilitator), and without the service's secret nobody can tell whose it is."""
    text = f"evaluation\x00{scope}\x00{_person(who)}"
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return "live-evaluation:" + digest[:40]


def poll_hash(secret: str, poll_id: str, who: Mapping[str, Any]) -> str:
    """The key under which a quick-poll answer is counted: one per join ticket (else per
    name and organisation) per poll (a later answer replaces an earlier one), and nobody
    can tell whose it is."""
    text = f"poll\x00{poll_id}\x00{_person(who)}"
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return "live-poll:" + digest[:40]
