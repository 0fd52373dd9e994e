"""What the phone pages say that is made of stored or raised English: in the phone's language.

The model's refusals (``errors.ValidationError`` and kin) are English sentences built for
the facilitator's screen. A phone set to Spanish must not read them, so ``refusal`` says
the same thing from the exception's parts (its class, field and problem) with sentences of
the catalog. ``meeting_label`` names the session's meeting from what was published (its
day and objective) in the phone's language, not the facilitator's.

Both read the language of the request (``i18n.set_language_here``, done by the page).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ..errors import ChoiceError, RequiredError, TooLongError, ValidationError, WorkbookError
from ..i18n import N_, Titles, _, format_date, format_number, ngettext
from .forms import MAX_FIELD, PROFILE_TITLES, TooManyDots

__all__ = ["FIELD_TITLES", "meeting_label", "refusal"]

FIELD_TITLES: Titles[str] = Titles({
    "name": N_("Name"), "organisation": N_("Your organization"), "role": N_("Your role"),
    "partner type": N_("Your organization is"), "text": N_("Comment"),
    "rationale": N_("Why this name"), "statement": N_("Why does it happen?"),
    "evidence": N_("How do you know?"), "resource kind": N_("Kind"),
    "target group": N_("Who it is for"), "target_group": N_("Who it is for"),
    "notes": N_("Notes"), "comment": N_("Anything else?"), "value": N_("Your answer"),
    "problem": N_("Problem"), "poll answer": N_("Your answer"), "field": N_("Part of the profile"),
    "profile field": N_("Part of the profile"), "answer": N_("Your answer"),
    "ticket": N_("Your join ticket"), "join ticket": N_("Your join ticket"),
})
"""The form labels a refusal names, by the field the model names (English keys)."""

_SAID: dict[tuple[str, str], str] = {
    ("dots", "were not given to any name"): N_("Put at least one dot on a name, then cast "
                                               "your dots."),
    ("vote", "is not open"): N_("No vote is open: wait until the facilitator opens it."),
    ("evaluation", "is not open in this session"): N_(
        "The evaluation is not open in this session: the facilitator opens it."),
    ("evaluation", "is empty"): N_("Score at least one statement or leave a comment, then "
                                   "send."),
    ("join ticket", "is missing"): N_("Type the code on the join ticket the facilitator "
                                      "gave you."),
    ("join ticket", "is not one of this session's"): N_(
        "That join ticket is not one of this session's. Check the code on your ticket "
        "(letters and digits, no 0, O, 1 or I), or ask the facilitator for one."),
    ("poll", "has changed since the page was loaded"): N_(
        "The poll has changed since this page was loaded. Reload the page and answer the "
        "poll it shows now."),
    ("poll", "is not open"): N_("No poll is open: wait until the facilitator opens one."),
}
"""Refusals that are whole sentences of their own, by (field, problem)."""


def _field(name: str) -> str | None:
    if name in FIELD_TITLES:
        return FIELD_TITLES[name]
    if name in PROFILE_TITLES:
        return PROFILE_TITLES[name]
    return None


_PROBLEM = re.compile(r"The \{field\} (?:\{value\} )?(.+?)(?: \(|\. |\.$|: )")


def _problem(exc: ValidationError) -> str:
    """What is wrong, as the model says it after the field: ``"is not open"``, from a
    catalog sentence (``"The {field} is not open. Wait ..."``) or an older message's piece."""
    if isinstance(exc.problem, str):
        return exc.problem
    found = _PROBLEM.match(exc.problem.template)
    return found[1] if found else exc.problem.english


def refusal(exc: WorkbookError) -> str:
    """``exc`` (raised while checking a phone's form) as one sentence in the phone's
    language, naming the form's field and what to do; never the model's English."""
    if not isinstance(exc, ValidationError):
        return _("This could not be sent as it is: check what you typed, then send again.")
    if isinstance(exc, TooManyDots):
        return ngettext("You gave more dots than you have: give at most {count} dot in all.",
                        "You gave more dots than you have: give at most {count} dots in all.",
                        exc.allowed).format(count=format_number(exc.allowed))
    problem = _problem(exc)
    said = _SAID.get((exc.field, problem))
    if said:
        return _(said)
    if exc.field.startswith("dots for "):
        return _("Dots are whole numbers, 0 or more: check the dots you gave, then cast "
                 "them again.")
    field = _field(exc.field)
    if field is None:
        return _("Something you typed could not be accepted: check the form, then send "
                 "again.")
    if isinstance(exc, RequiredError):
        return _("“{field}” is empty: fill it in, then send again.").format(field=field)
    if isinstance(exc, TooLongError):
        return _("“{field}” is {length} characters long, over the limit of {limit}: "
                 "shorten it, then send again.").format(
            field=field, length=format_number(exc.length), limit=format_number(exc.limit))
    if problem == "is too long":
        return _("“{field}” is too long: keep it under {limit} characters.").format(
            field=field, limit=format_number(MAX_FIELD))
    if isinstance(exc, ChoiceError) or problem == "is not one of the choices":
        return _("“{field}” is not one of the choices: choose one the page offers, then "
                 "send again.").format(field=field)
    return _("“{field}” could not be accepted as it is: check it, then send again.").format(
        field=field)


def meeting_label(session: Mapping[str, Any]) -> str:
    """The session's meeting as the phone names it: ``"November 17, 2026: objective"``
    in the page's language, from the published meeting; the stored label (written in the
    facilitator's language) for a session published before meetings were."""
    published = session.get("published") or {}
    if "meeting" not in published:
        return str(session.get("meeting_label", ""))
    meeting = published["meeting"]
    if not isinstance(meeting, Mapping):
        return _("Live session")
    try:
        day = dt.date.fromisoformat(str(meeting.get("held_on", "")))
    except ValueError:
        return str(session.get("meeting_label", ""))
    return _("{date}: {objective}").format(date=format_date(day),
                                           objective=str(meeting.get("objective", "")))
