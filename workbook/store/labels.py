"""What each domain method's step is called in the history and in Undo.

One function per method, taking the method's own arguments (the store first). Kept in one
place so the words people read about their changes are written, and translated, once.
"""

from __future__ import annotations

from typing import Any

from .. import reference
from ..model import ActionItem, NameCandidate, Organisation, Person, Resource
from .log import shorten

__all__ = [
    "add_attendee", "add_win", "cast_dots", "choose_name", "close_vote", "credit_partners",
    "link_resource", "mark_checklist", "move_to_phase", "open_vote", "rate",
    "record_decision", "remove_attendee", "reopen_vote", "review_action", "set_resource_links",
    "set_stances", "time_agenda", "unlink_resource",
]


def add_attendee(wb: Any, meeting_id: int, person_id: int) -> str:
    return f"Mark {wb.get(Person, person_id).name} present"


def remove_attendee(wb: Any, meeting_id: int, person_id: int) -> str:
    return f"Mark {wb.get(Person, person_id).name} not present"


def link_resource(wb: Any, resource_id: int, cause_id: int) -> str:
    return f"Link “{shorten(wb.get(Resource, resource_id).name)}” to a root cause"


def unlink_resource(wb: Any, resource_id: int, cause_id: int) -> str:
    return f"Unlink “{shorten(wb.get(Resource, resource_id).name)}” from a root cause"


def set_resource_links(wb: Any, resource_id: int, *_: Any) -> str:
    return f"Change the root causes “{shorten(wb.get(Resource, resource_id).name)}” addresses"


def rate(wb: Any, organisation_id: int | None, competency: str, *_: Any, **__: Any) -> str:
    who = wb.get(Organisation, organisation_id).name if organisation_id else "our organization"
    return f"Rate {who} on {competency}"


def move_to_phase(wb: Any, phase: str, **_: Any) -> str:
    return f"Move to the {reference.phase(phase).title} phase"


def mark_checklist(wb: Any, phase: str, item: str, *, done: bool, **_: Any) -> str:
    return "Tick a checklist item" if done else "Untick a checklist item"


def open_vote(wb: Any, **_: Any) -> str:
    return "Open a name vote"


def cast_dots(wb: Any, vote_id: int, allocations: Any, *, person_id: int | None = None,
              voter: str | None = None) -> str:
    if person_id is not None:
        return f"Record the dots of {wb.get(Person, person_id).name}"
    return "Record a ballot"


def close_vote(wb: Any, *_: Any, **__: Any) -> str:
    return "Close the name vote"


def reopen_vote(wb: Any, *_: Any) -> str:
    return "Reopen the name vote"


def choose_name(wb: Any, candidate_id: int, *_: Any, **__: Any) -> str:
    return f"Choose the name “{shorten(wb.get(NameCandidate, candidate_id).name)}”"


def time_agenda(wb: Any, *_: Any, **__: Any) -> str:
    return "Time the agenda"


def review_action(wb: Any, meeting_id: int, action_id: int, *_: Any, **__: Any) -> str:
    return f"Review the action “{shorten(wb.get(ActionItem, action_id).action)}”"


def record_decision(wb: Any, decision: Any, **_: Any) -> str:
    return f"Record the decision “{shorten(decision.text)}”"


def set_stances(wb: Any, *_: Any, **__: Any) -> str:
    return "Change who agreed with a decision"


def add_win(wb: Any, win: Any, *_: Any) -> str:
    return f"Log the win “{shorten(win.description)}”"


def credit_partners(wb: Any, *_: Any) -> str:
    return "Change the partners credited with a win"
