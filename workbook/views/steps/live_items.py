"""How the room's items read on the facilitator's screen: one plain line each, its sender.

An idea, a cause or a resource says only that it is there until the facilitator reveals
them all (the live room's panel is projected); dots say how many, never for whom; an
evaluation or a poll answer never shows what it says. Plain text: the panel escapes it.
"""

from __future__ import annotations

from typing import Any

from ...i18n import N_, _, ngettext
from ...live.forms import PROFILE_TITLES
from ...live.room import InboxItem
from ...model.field_labels import field_label

__all__ = ["HIDDEN", "KIND_TITLES", "ballot_line", "sender", "step_action", "summary"]

HIDDEN = {"name_candidate": N_("Idea"), "cause": N_("Cause"), "resource": N_("Resource")}
"""What the room sends that stays hidden on the projected screen until the reveal."""
KIND_TITLES = {"name_candidate": N_("Idea"), "cause": N_("Cause"), "resource": N_("Resource"),
               "profile": N_("Profile"), "comment": N_("Comment"), "dots": N_("Dots"),
               "solution": N_("Solution"), "evaluation": N_("Evaluation"),
               "poll": N_("Poll answer")}


def _short(value: Any, limit: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def summary(item: InboxItem, *, revealed: bool) -> str:
    """One plain line for an inbox row (escape it before HTML); needs no workbook.

    An idea, a cause or a resource says only that it is there until ``revealed`` (the
    panel is on the projected screen); dots say only how many.
    """
    p = item.payload
    if item.kind in HIDDEN and not revealed:
        return _("{HIDDEN} (hidden until you reveal all ideas)").format(HIDDEN=_(HIDDEN[item.kind]))
    match item.kind:
        case "name_candidate":
            return _("Idea: {short}").format(short=_short(p.get('name', ''))) if revealed else \
                _("Idea (hidden until you reveal all ideas)")
        case "dots":
            allocations = p.get("allocations", [])
            total = sum(int(a.get("dots", 0)) for a in allocations
                        if isinstance(a, dict) and isinstance(a.get("dots"), int))
            return _("Dots in vote {get}: {total} in all").format(get=p.get('vote_id'), total=total)
        case "cause":
            return _("Cause: {short}").format(short=_short(p.get('statement', '')))
        case "resource":
            return _("Resource: {short}").format(short=_short(p.get('name', '')))
        case "profile":
            return _("Profile, {field}: {short}").format(
                field=_profile_field(str(p.get("field", ""))), short=_short(p.get("value", "")))
        case "comment":
            return _("Comment: {short}").format(short=_short(p.get('text', '')))
        case "evaluation":  # never the scores or the comment: fewer than 3 must not show
            scores = p.get("scores")
            scored = sum(1 for v in scores.values() if v is not None) \
                if isinstance(scores, dict) else 0
            if str(p.get("comment", "")).strip():
                return _("Meeting evaluation (anonymous): {scored} statements scored, with a "
                         "comment").format(scored=scored)
            return _("Meeting evaluation (anonymous): {scored} statements scored").format(
                scored=scored)
        case "poll":  # never the answer: results show only when revealed
            return _("Poll answer (anonymous; counted in the results you reveal)")
    return _(KIND_TITLES[item.kind]) if item.kind in KIND_TITLES else item.kind


_ACTIONS = {"add": N_("add"), "fill": N_("fill in"), "replace": N_("replace"),
            "vote": N_("count dots"), "none": N_("nothing")}
"""A plan step's action as the contributions view words it."""


def step_action(action: str) -> str:
    """A plan step's action in words ("add", "fill in"), in the current language."""
    return _(_ACTIONS[action]) if action in _ACTIONS else action


def _profile_field(name: str) -> str:
    """A profile field as the phone's form titles it (``"How it decides"``)."""
    return PROFILE_TITLES[name] if name in PROFILE_TITLES else field_label(name)


def sender(item: InboxItem) -> str:
    """Who sent ``item``, for the facilitator: the name and organization they typed, or
    "anonymous" in the current language."""
    if item.anonymous:
        return _("anonymous")
    return _("{name} ({organization})").format(name=item.participant.get("name", ""),
                                               organization=item.participant.get(
                                                   "organisation", ""))


def ballot_line(item: InboxItem) -> str:
    """What a ballot says while its vote is open: how many dots, never for whom."""
    allocations = item.payload.get("allocations", [])
    total = sum(int(a.get("dots", 0)) for a in allocations
                if isinstance(a, dict) and isinstance(a.get("dots"), int))
    return ngettext("1 ballot, {dots} dot; who got it shows when the vote closes.",
                    "1 ballot, {dots} dots; who got them shows when the vote closes.",
                    total).format(dots=total)
