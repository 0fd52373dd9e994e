"""What each domain method's step is called in the history and in Undo.

One function per method, taking the method's own arguments (the store first). Kept in one
place so the words people read about their changes are written, and translated, once.

A label is put in words from the catalog when the step is made, in the language current
then (the facilitator's), and stored as text: a step made in Spanish reads in Spanish in
everyone's history, and a label stored before stays in the language it was made in (what
it changed, ``Step.what()``, is worded anew in the reader's language each time).
"""

from __future__ import annotations

from typing import Any

from .. import reference
from ..i18n import _
from ..model import ActionItem, NameCandidate, Organisation, Person, Resource
from .log import shorten

__all__ = [
    "add_attendee", "add_win", "cast_dots", "choose_name", "close_vote", "credit_partners",
    "link_resource", "mark_checklist", "move_to_phase", "open_vote", "rate",
    "record_decision", "remove_attendee", "reopen_vote", "review_action", "set_resource_links",
    "set_stances", "time_agenda", "unlink_resource",
]


def add_attendee(wb: Any, meeting_id: int, person_id: int) -> str:
    return _("Mark {name} present").format(name=wb.get(Person, person_id).name)


def remove_attendee(wb: Any, meeting_id: int, person_id: int) -> str:
    return _("Mark {name} not present").format(name=wb.get(Person, person_id).name)


def link_resource(wb: Any, resource_id: int, cause_id: int) -> str:
    return _("Link “{resource}” to a root cause").format(
        resource=shorten(wb.get(Resource, resource_id).name))


def unlink_resource(wb: Any, resource_id: int, cause_id: int) -> str:
    return _("Unlink “{resource}” from a root cause").format(
        resource=shorten(wb.get(Resource, resource_id).name))


def set_resource_links(wb: Any, resource_id: int, *_args: Any) -> str:
    return _("Change the root causes “{resource}” addresses").format(
        resource=shorten(wb.get(Resource, resource_id).name))


def rate(wb: Any, organisation_id: int | None, competency: str, *_args: Any, **_kw: Any) -> str:
    title = _(reference.COMPETENCIES[competency][1].title) \
        if competency in reference.COMPETENCIES else competency
    if not organisation_id:
        return _("Rate our organization on {competency}").format(competency=title)
    return _("Rate {organization} on {competency}").format(
        organization=wb.get(Organisation, organisation_id).name, competency=title)


def move_to_phase(wb: Any, phase: str, **_kw: Any) -> str:
    return _("Move to the {phase} phase").format(phase=_(reference.phase(phase).title))


def mark_checklist(wb: Any, phase: str, item: str, *, done: bool, **_kw: Any) -> str:
    return _("Tick a checklist item") if done else _("Untick a checklist item")


def open_vote(wb: Any, **_kw: Any) -> str:
    return _("Open a name vote")


def cast_dots(wb: Any, vote_id: int, allocations: Any, *, person_id: int | None = None,
              voter: str | None = None) -> str:
    if person_id is not None:
        return _("Record the dots of {name}").format(name=wb.get(Person, person_id).name)
    return _("Record a ballot")


def close_vote(wb: Any, *_args: Any, **_kw: Any) -> str:
    return _("Close the name vote")


def reopen_vote(wb: Any, *_args: Any) -> str:
    return _("Reopen the name vote")


def choose_name(wb: Any, candidate_id: int, *_args: Any, **_kw: Any) -> str:
    return _("Choose the name “{name}”").format(
        name=shorten(wb.get(NameCandidate, candidate_id).name))


def time_agenda(wb: Any, *_args: Any, **_kw: Any) -> str:
    return _("Time the agenda")


def review_action(wb: Any, meeting_id: int, action_id: int, *_args: Any, **_kw: Any) -> str:
    return _("Review the action “{action}”").format(
        action=shorten(wb.get(ActionItem, action_id).action))


def record_decision(wb: Any, decision: Any, **_kw: Any) -> str:
    return _("Record the decision “{decision}”").format(decision=shorten(decision.text))


def set_stances(wb: Any, *_args: Any, **_kw: Any) -> str:
    return _("Change who agreed with a decision")


def add_win(wb: Any, win: Any, *_args: Any) -> str:
    return _("Log the win “{win}”").format(win=shorten(win.description))


def credit_partners(wb: Any, *_args: Any) -> str:
    return _("Change the partners credited with a win")
