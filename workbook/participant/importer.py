"""Taking a contribution into the facilitator's workbook: preview, decide per item, apply.

``preview`` only reads: it lists a ``Step`` per thing the file would add or change, with
a conflict (the workbook already says something else: accepted only if the facilitator
says so) or the reason it cannot happen (imported before, vote closed, entry gone).

A file cannot prove who made it: anyone can type a name. So a step that speaks for a
person or an organisation already in the workbook (her ballot, her comment, the
organisation's profile, a new member of it) says so (``Step.speaks_for``) and, like a
conflict, is taken only when the facilitator ticks it; ``Plan.sender_warning`` says why.
``apply`` runs in one transaction: it re-makes the preview inside it and refuses if the
workbook changed meanwhile, so what is stored is exactly what was previewed. Every item is
written to the ledger (``imported_item``) and the file to ``imported_file``: the same file
or the same item again changes nothing. Dots of an anonymous vote go to the totals only;
the ledger keeps neither who gave them nor how (see ``contribution.item_key``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import reference
from ..errors import ImportFileError, Sentence, ValidationError
from ..i18n import (
    N_,
    _,
    current_language,
    format_datetime,
    format_list,
    ngettext,
    use_language,
)
from ..model import (
    Cause,
    Comment,
    EvaluationAnswer,
    NameCandidate,
    NameVote,
    Organisation,
    Person,
    Reading,
    Resource,
    Solution,
)
from ..model.text import comparable
from ..store import Workbook
from ..store.schema import imported_file, imported_item, vote_roll
from .contribution import Contribution, voter_token
from .items import MINE, describe, missing_reference

__all__ = ["ImportResult", "Plan", "Step", "apply", "preview"]

ORG, PERSON = "organisation", "person"  # keys of the steps made from the participant block


@dataclass(frozen=True)
class Step:
    """One thing the import would do, or would not do and why."""

    key: str                 # the item's key, or ORG / PERSON
    kind: str
    action: str              # add, fill, replace, vote, or none
    summary: str             # plain text; escape it before HTML
    note: str = ""           # the conflict, or why nothing happens
    conflict: bool = False   # stored data would be replaced: only if accepted explicitly
    needs: tuple[str, ...] = ()
    speaks_for: str = ""     # the stored person or organisation this step acts as, if any

    @property
    def possible(self) -> bool:
        return self.action != "none"

    @property
    def default(self) -> bool:
        """Accepted unless the facilitator says otherwise: possible, not a conflict, and not
        speaking for someone already in the workbook."""
        return self.possible and not self.conflict and not self.speaks_for

    @property
    def short_key(self) -> str:
        return self.key[:10]


@dataclass(frozen=True)
class Plan:
    """The preview of one contribution against the workbook as it is now."""

    contribution: Contribution
    steps: tuple[Step, ...]
    imported_on: dt.datetime | None = None  # when this very file was imported before
    language: str = "en"  # the language its sentences were made in (apply compares in it)

    @property
    def changes_nothing(self) -> bool:
        return not any(s.possible for s in self.steps)

    @property
    def sender_warning(self) -> str:
        """Why some steps are unticked: the file speaks for someone already in the
        workbook, and nothing in a file proves who sent it. Empty when it does not."""
        claimed = sorted({s.speaks_for for s in self.steps if s.speaks_for and s.possible})
        if not claimed:
            return ""
        return _("This file says it comes from {who}, already in the workbook. A file "
                 "cannot prove who made it: anyone can type a name. The items that speak for "
                 "them are left out unless you tick them; do so only if you know they sent "
                 "this file.").format(who=format_list(claimed))

    def step(self, key: str) -> Step:
        """The step whose key is ``key`` or starts with it (the short keys the CLI prints)."""
        found = [s for s in self.steps if s.key == key or s.key.startswith(key)]
        if len(found) != 1:
            raise ValidationError("item key", key, Sentence(N_(
                "The item key {value} names no single item of this preview. Use a key as the "
                "preview lists it.")))
        return found[0]


@dataclass
class ImportResult:
    """What an ``apply`` stored: (step, decision) pairs, decision accepted/rejected/skipped."""

    plan: Plan
    decisions: list[tuple[Step, str]] = field(default_factory=list)
    entities: dict[str, list[int]] = field(default_factory=dict)

    def count(self, decision: str) -> int:
        return sum(1 for _, d in self.decisions if d == decision)

    def summary(self) -> str:
        """One line for the status: who sent it, and how many steps were taken, rejected
        or not possible (in the current language)."""
        who = self.plan.contribution.participant_label
        if self.plan.imported_on is not None:
            return _("{who}: this file was imported on {when}; nothing changed.").format(
                who=who, when=format_datetime(self.plan.imported_on))
        return _("{who}: {accepted} added or changed, {rejected} rejected, {skipped} not "
                 "possible.").format(who=who, accepted=self.count("accepted"),
                                     rejected=self.count("rejected"),
                                     skipped=self.count("skipped"))


# -- preview ---------------------------------------------------------------------------

class _Context:
    """What the steps look up: the participant's organisation and person, the ledger."""

    def __init__(self, wb: Workbook, contribution: Contribution) -> None:
        person = contribution.participant
        self.org = wb.organisation_named(person["organisation"])
        self.person = (wb.person_named(person["name"], self.org.id)
                       if self.org is not None else None)
        keys = [i["item_key"] for i in contribution.items]
        with wb.reading() as conn:
            self.ledger = dict(conn.execute(sa.select(imported_item.c.item_key,
                                                      imported_item.c.decision)
                                            .where(imported_item.c.item_key.in_(keys))).all())
            self.roll = {(r.vote_id, r.voter) for r in conn.execute(sa.select(vote_roll))}


def preview(wb: Workbook, contribution: Contribution) -> Plan:
    """What importing ``contribution`` would do now; reads only."""
    with wb.reading() as conn:
        row = conn.execute(sa.select(imported_file.c.imported_at).where(
            imported_file.c.content_hash == contribution.content_hash)).first()
    ctx = _Context(wb, contribution)
    steps = _participant_steps(contribution, ctx)
    needs_org = (ORG,) if any(s.key == ORG for s in steps) else ()
    needs_person = (PERSON,) if any(s.key == PERSON for s in steps) else ()
    for item in contribution.items:
        steps.append(_item_step(wb, contribution, ctx, item, needs_org, needs_person))
    steps = [_speaking_for(step, contribution, ctx) for step in steps]
    if row is not None:
        note = _("this file was imported on {when}").format(
            when=format_datetime(row.imported_at))
        steps = [Step(s.key, s.kind, "none", s.summary, note) for s in steps]
    return Plan(contribution, tuple(steps), row.imported_at if row is not None else None,
                current_language())


# Steps that act as the organisation: its profile, its resources, a member or comment of it.
_FOR_ORGANISATION = {PERSON, "profile", "comment"}


def _speaking_for(step: Step, contribution: Contribution, ctx: _Context) -> Step:
    """``step`` marked with the stored person or organisation it would act as, if any."""
    if not step.possible or step.key == ORG:
        return step
    who = ""
    if ctx.person is not None:
        who = (_("{person} of {organization}").format(person=ctx.person.name,
                                                      organization=ctx.org.name)
               if ctx.org is not None else ctx.person.name)
    elif ctx.org is not None and (step.kind in _FOR_ORGANISATION or step.key == PERSON or (
            step.kind == "resource" and _item(contribution, step.key).get("owner") == MINE)):
        who = ctx.org.name
    if not who:
        return step
    said = _("speaks for {who}, already in the workbook; take it only if you know who sent "
             "it").format(who=who)
    return dataclasses.replace(step, speaks_for=who, note=_("{note}; {more}").format(
        note=step.note, more=said) if step.note else said)


def _item(contribution: Contribution, key: str) -> Mapping[str, Any]:
    return next((i for i in contribution.items if i["item_key"] == key), {})


def _participant_steps(contribution: Contribution, ctx: _Context) -> list[Step]:
    person = contribution.participant
    steps = []
    if ctx.org is None:
        note = ("" if person["new_organisation"] else _(
            "picked from the list in the participant's copy, but not in this workbook now"))
        partner_type = person["partner_type"]
        steps.append(Step(ORG, "organisation", "add", _(
            "New organization: {name} ({partner_type})").format(
                name=person["organisation"],
                partner_type=reference.PARTNER_TYPES.get(partner_type, partner_type)), note))
    if ctx.person is None:
        summary = (_("New person: {name}, {role}, of {organization}") if person["role"] else
                   _("New person: {name}, of {organization}")).format(
            name=person["name"], role=person["role"], organization=person["organisation"])
        steps.append(Step(PERSON, "person", "add", summary,
                          needs=(ORG,) if ctx.org is None else ()))
    return steps


def _item_step(wb: Workbook, contribution: Contribution, ctx: _Context,
               item: Mapping[str, Any], needs_org: tuple[str, ...],
               needs_person: tuple[str, ...]) -> Step:
    kind, key = item["kind"], item["item_key"]
    vote = wb.all(NameVote, id=item["vote_id"]) if kind == "dots" else []
    hide = bool(vote and vote[0].anonymous)
    summary = describe(wb, item, hide_dots=hide)

    def none(why: str) -> Step:
        return Step(key, kind, "none", summary, why)

    if key in ctx.ledger:
        return none(_EARLIER.get(ctx.ledger[key], _EARLIER["skipped"])())
    problem = missing_reference(wb, item)
    if problem:
        return none(problem)
    match kind:
        case "profile":
            current = getattr(ctx.org, item["field"]) if ctx.org is not None else ""
            if not current.strip():
                return Step(key, kind, "fill", summary, needs=needs_org)
            if current.strip() == item["value"].strip():
                return none(_("the workbook says the same already"))
            return Step(key, kind, "replace", summary,
                        _("the workbook says {current}; accepting replaces it").format(
                            current=_quote(current)), conflict=True)
        case "name_candidate":
            if any(comparable(c.name) == comparable(item["name"])
                   for c in wb.all(NameCandidate)):
                return none(_("a candidate of that name is in the workbook already"))
            return Step(key, kind, "add", summary)
        case "dots":
            person_id = ctx.person.id if ctx.person is not None else None
            voters = {voter_token(contribution.participant)}
            if person_id is not None:
                voters.add(f"person:{person_id}")
            if any((item["vote_id"], v) in ctx.roll for v in voters):
                return none(_("{name} has voted in this vote already; a participant's dots "
                              "count once").format(name=contribution.participant["name"]))
            needs = () if hide else needs_person
            return Step(key, kind, "vote", summary, needs=needs)
        case "resource":
            owner = _owner_id(item, ctx)
            if owner is not None or item["owner"] != MINE:
                same = [r for r in wb.all(Resource, owner_id=owner)
                        if comparable(r.name) == comparable(item["name"])]
                if same:
                    return none(_("a resource of that name and owner is on the map already"))
            return Step(key, kind, "add", summary,
                        needs=needs_org if item["owner"] == MINE else ())
        case "cause":
            if any(c.statement.strip().casefold() == item["statement"].strip().casefold()
                   and c.parent_id == item["parent_id"]
                   for c in wb.all(Cause, problem_id=item["problem_id"])):
                return none(_("the same cause is in the tree already"))
            return Step(key, kind, "add", summary)
        case "solution":
            if any(s.description.strip().casefold() == item["description"].strip().casefold()
                   for s in wb.all(Solution, problem_id=item["problem_id"])):
                return none(_("the same solution is listed already"))
            return Step(key, kind, "add", summary)
        case "comment":
            if any(c.text.strip() == item["text"].strip()
                   for c in wb.all(Comment, author=contribution.participant["name"])):
                return none(_("the same comment by the same person is there already"))
            return Step(key, kind, "add", summary)
        case "reading":
            if wb.all(Reading, outcome_id=item["outcome_id"], read_on=item["read_on"]):
                return none(_("the workbook has a reading of this outcome on that day"))
            return Step(key, kind, "add", summary)
        case "evaluation":
            return Step(key, kind, "add", summary)  # needs nobody: it is stored nameless
    raise AssertionError(kind)


_EARLIER = {
    "accepted": lambda: _("accepted when an earlier file brought the same item"),
    "rejected": lambda: _("rejected when an earlier file brought the same item"),
    "skipped": lambda: _("skipped when an earlier file brought the same item"),
}
"""Why an item an earlier file brought is not taken again, by the ledger's decision."""


def _owner_id(item: Mapping[str, Any], ctx: _Context) -> int | None:
    if item["owner"] == MINE:
        return ctx.org.id if ctx.org is not None else None
    return item["owner"]


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= 80 else flat[:77] + '…'}”"


# -- apply -----------------------------------------------------------------------------

def _decide(plan: Plan, accepted: Collection[str] | None,
            rejected: Collection[str]) -> dict[str, str]:
    chosen = {plan.step(k).key for k in accepted} if accepted is not None else None
    refused = {plan.step(k).key for k in rejected}
    decisions: dict[str, str] = {}
    for step in plan.steps:  # participant steps come first, so needs are decided before
        if not step.possible:
            decisions[step.key] = "skipped"
            continue
        wanted = (step.key in chosen) if chosen is not None else step.default
        if step.key in refused:
            wanted = False
        if wanted and any(decisions.get(n) != "accepted" for n in step.needs):
            decisions[step.key] = "skipped"
        else:
            decisions[step.key] = "accepted" if wanted else "rejected"
    return decisions


def apply(wb: Workbook, plan: Plan, *, accepted: Collection[str] | None = None,
          rejected: Collection[str] = ()) -> ImportResult:
    """Store what ``plan`` previewed, in one transaction; nothing at all if anything fails.

    ``accepted``: the step keys to take (None: every step whose ``default`` is true);
    ``rejected``: keys to leave out even so. A step whose ``needs`` were not accepted is
    skipped. Raises ``ImportFileError`` if the workbook changed since the preview.
    """
    result = ImportResult(plan)
    if plan.imported_on is not None:
        return result
    decisions = _decide(plan, accepted, rejected)
    contribution = plan.contribution
    with wb.change(_("Import the contribution of {participant}").format(
            participant=contribution.participant_label)) as change:
        with use_language(plan.language):  # the same words as the plan, to compare
            fresh = preview(wb, contribution)
        if fresh.steps != plan.steps:
            raise ImportFileError(Sentence(N_(
                "The workbook changed since the preview (another notebook saved something); "
                "nothing was imported. Preview the file again and decide on what it shows "
                "now.")))
        ids = _Ids(wb, contribution)
        decided_before = set(_Context(wb, contribution).ledger)
        for step in plan.steps:
            decision = decisions[step.key]
            entity: tuple[str, int] | None = None
            if decision == "accepted":
                entity = _do(wb, contribution, step, ids)
                result.entities.setdefault(entity[0], []).append(entity[1])
            result.decisions.append((step, decision))
            if step.key not in (ORG, PERSON) and step.key not in decided_before:
                _ledger(wb, step.key, decision, entity)
        wb.record_imported_file(contribution.content_hash, contribution.participant_label)
        taken = sum(len(ids) for ids in result.entities.values())
        change.label = ngettext("Import the contribution of {participant} ({count} entry "
                                "taken)",
                                "Import the contribution of {participant} ({count} entries "
                                "taken)", taken).format(
            participant=contribution.participant_label, count=taken)
    return result


class _Ids:
    """The participant's organisation and person ids as the import goes along."""

    def __init__(self, wb: Workbook, contribution: Contribution) -> None:
        ctx = _Context(wb, contribution)
        self.org = ctx.org.id if ctx.org is not None else None
        self.person = ctx.person.id if ctx.person is not None else None


def _items_by_key(contribution: Contribution) -> dict[str, Mapping[str, Any]]:
    return {i["item_key"]: i for i in contribution.items}


def _do(wb: Workbook, contribution: Contribution, step: Step, ids: _Ids) -> tuple[str, int]:
    """Carry out one accepted step; returns the kind and id of the entry it stored."""
    kind, entity_id = _do_step(wb, contribution, step, ids)
    assert entity_id is not None, "a stored entry always has an id"
    return kind, entity_id


def _do_step(wb: Workbook, contribution: Contribution, step: Step,
             ids: _Ids) -> tuple[str, int | None]:
    person = contribution.participant
    meeting = contribution.meeting_id
    if step.key == ORG:
        ids.org = wb.add(Organisation(name=person["organisation"],
                                      partner_type=person["partner_type"])).id
        return "organisation", ids.org
    if step.key == PERSON:
        ids.person = wb.add(Person(name=person["name"], role=person["role"],
                                   organisation_id=ids.org)).id
        return "person", ids.person
    item = _items_by_key(contribution)[step.key]
    match item["kind"]:
        case "profile":
            org = wb.get(Organisation, ids.org)
            wb.update(Organisation, org.id, {item["field"]: item["value"]},
                      expected={item["field"]: getattr(org, item["field"])})
            return "organisation", org.id
        case "name_candidate":
            return "name_candidate", wb.add(NameCandidate(
                name=item["name"], rationale=item["rationale"], proposed_by_id=ids.person,
                meeting_id=meeting)).id
        case "dots":
            vote = wb.get(NameVote, item["vote_id"])
            allocations = {e["candidate_id"]: e["dots"] for e in item["allocations"]}
            if vote.anonymous and ids.person is None:
                wb.cast_dots(vote.id, allocations, voter=voter_token(person))
            else:
                wb.cast_dots(vote.id, allocations, person_id=ids.person)
            return "name_vote", vote.id
        case "resource":
            owner = ids.org if item["owner"] == MINE else item["owner"]
            fields = {k: v for k, v in item.items() if k not in ("kind", "item_key", "owner")}
            return "resource", wb.add(Resource(**fields, owner_id=owner)).id
        case "cause":
            return "cause", wb.add(Cause(problem_id=item["problem_id"],
                                         parent_id=item["parent_id"],
                                         statement=item["statement"],
                                         evidence=item["evidence"])).id
        case "solution":
            return "solution", wb.add(Solution(
                problem_id=item["problem_id"], cause_id=item["cause_id"],
                description=item["description"], resource_id=item["resource_id"],
                solution_kind="existing" if item["resource_id"] else "new",
                tried_before=item["tried_before"], lessons=item["lessons"])).id
        case "comment":
            return "comment", wb.add(Comment(author=person["name"], organisation_id=ids.org,
                                             meeting_id=meeting, text=item["text"])).id
        case "reading":
            reading = wb.add(Reading(
                outcome_id=item["outcome_id"], read_on=item["read_on"], value=item["value"],
                text=item["text"], reported_by=person["name"], organisation_id=ids.org,
                source=item["source"] or _("Contribution from {participant}").format(
                    participant=contribution.participant_label),
                note=item["note"]))
            assert reading.id is not None
            return "reading", reading.id
        case "evaluation":
            answer = wb.add(EvaluationAnswer(meeting_id=item["meeting_id"],
                                             comment=item["comment"], **item["scores"]))
            return "evaluation", answer.id or 0
    raise AssertionError(item["kind"])


def _ledger(wb: Workbook, key: str, decision: str, entity: tuple[str, int] | None) -> None:
    kind, entity_id = entity if entity is not None else (None, None)
    if kind in ("name_vote", "evaluation"):
        entity_id = None  # the ledger must not tie a ballot or an evaluation to its file
    wb.record_imported_item(key, decision, kind, entity_id)
