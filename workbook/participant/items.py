"""What a contribution may carry: the kinds of item, their exact fields and their checks.

An item is a plain JSON object with a ``kind`` and exactly the fields ``FIELDS`` lists for
that kind: a missing or an extra key is refused. ``check_item`` checks the JSON types
strictly, then builds the model entity the item would become, so the model's own rules
(lengths, allowed values, control characters, rules across fields) decide; the
``ValidationError`` it raises names the field. ``missing_reference`` checks what needs the
workbook (the problem, cause, vote, candidates or organisation an item points at) and only
reads. ``describe`` says in one line what an item is, for previews and the draft list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

from .. import reference
from ..errors import ChoiceError, NotFoundError, RequiredError, Sentence, ValidationError
from ..i18n import N_, _, format_date, format_decimal
from ..model import (
    STATEMENT_KEYS,
    Cause,
    Comment,
    Entity,
    EvaluationAnswer,
    Meeting,
    NameCandidate,
    NameVote,
    Organisation,
    Outcome,
    Person,
    Problem,
    Reading,
    Resource,
    Solution,
)
from ..model.field_labels import field_label
from ..model.naming import MAX_DOTS as MODEL_MAX_DOTS
from ..store import Workbook
from ..store.words import noun

__all__ = ["FIELDS", "KINDS", "MAX_DOTS", "PROFILE_FIELDS", "check_item", "check_participant",
           "check_plain", "describe", "missing_reference"]

PROFILE_FIELDS: tuple[str, ...] = ("mission", "competencies", "decision_making", "financing",
                                   "culture", "brings", "needs", "website")
"""The parts of an organisation's profile a participant may fill in for their own."""

FIELDS: dict[str, tuple[str, ...]] = {
    "profile": ("field", "value"),
    "name_candidate": ("name", "rationale"),
    "dots": ("vote_id", "allocations"),
    "resource": ("name", "resource_kind", "owner", "target_group", "eligibility", "capacity",
                 "funding_source", "referral", "notes"),
    "cause": ("problem_id", "parent_id", "statement", "evidence"),
    "solution": ("problem_id", "cause_id", "description", "resource_id", "tried_before",
                 "lessons"),
    "comment": ("text",),
    "reading": ("outcome_id", "read_on", "value", "text", "source", "note"),
    # Anonymous: stored without the participant's name (see importer).
    "evaluation": ("meeting_id", "scores", "comment"),
}
KINDS: tuple[str, ...] = tuple(FIELDS)

PARTICIPANT_FIELDS = ("name", "role", "organisation", "partner_type", "new_organisation")

MAX_DOTS = MODEL_MAX_DOTS  # the most dots a vote can give one participant
MINE = "mine"  # a resource owned by the participant's own organisation

# Characters that reorder how text is displayed ("Trojan Source"): nobody types them, and in
# a file from outside they can make a preview say something other than what gets stored.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def check_plain(field: str, value: str) -> None:
    """Refuse the invisible characters that make text display in another order."""
    for char in value:
        if char in _BIDI_CONTROLS:
            raise ValidationError(field.replace("_", " "), value, Sentence(N_(
                "The {field} {value} contains the direction control {control}. Retype the "
                "text without it; it can hide what the text says."),
                control=f"U+{ord(char):04X}"))


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(field.replace("_", " "), value, Sentence(N_(
            "The {field} {value} is not text. Give it as text in quotes.")))
    check_plain(field, value)
    return value


@overload
def _id(field: str, value: Any) -> int: ...
@overload
def _id(field: str, value: Any, *, optional: bool) -> int | None: ...
def _id(field: str, value: Any, *, optional: bool = False) -> int | None:
    """``value`` as an entry's id (a whole number from 1), or None when optional."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(field.replace("_", " "), value, Sentence(N_(
            "The {field} {value} is not an id. Use the id of an entry of the workbook (a "
            "whole number from 1).")))
    return value


def _bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field.replace("_", " "), value, Sentence(N_(
            "The {field} {value} is not true or false. Use true or false.")))
    return value


def _exact_keys(what: str, data: Any, keys: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError(what, data, Sentence(N_(
            "The {field} {value} is not an object. Give it as {shape}."), shape="{...}"))
    missing = [k for k in keys if k not in data]
    if missing:
        raise RequiredError(f"{what} {missing[0]}", None, Sentence(N_(
            "Every {what} needs: {keys}."), what=what, keys=", ".join(keys)))
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise ValidationError(f"{what} key", unknown[0], Sentence(N_(
            "The key {value} is not a field of a {what}. Use only: {keys}."), what=what,
            keys=", ".join(keys)))
    return data


def check_participant(data: Any) -> dict[str, Any]:
    """Who is contributing, normalised by the Person and Organisation rules."""
    data = _exact_keys("participant", data, PARTICIPANT_FIELDS)
    texts = {k: _text(k, data[k]) for k in ("name", "role", "organisation", "partner_type")}
    new = _bool("new_organisation", data["new_organisation"])
    person = Person(name=texts["name"], role=texts["role"])
    org = Organisation(name=texts["organisation"], partner_type=texts["partner_type"])
    if new and org.partner_type == reference.OWN:
        raise ValidationError("partner type", org.partner_type, Sentence(N_(
            "The {field} {value} cannot be given to a new organization from outside. Pick "
            "the type that describes the organization (business, labor, government ...).")))
    return {"name": person.name, "role": person.role, "organisation": org.name,
            "partner_type": org.partner_type, "new_organisation": new}


def _allocations(value: Any) -> list[dict[str, int]]:
    if not isinstance(value, list) or not value:
        raise ValidationError("allocations", value, Sentence(N_(
            "The {field} {value} is not a list of dots. Give one {shape} per candidate."),
            shape='{"candidate_id": ..., "dots": ...}'))
    if len(value) > 2 * MAX_DOTS:
        raise ValidationError("allocations", f"{len(value)} entries", Sentence(N_(
            "The {field} have too many entries ({count}). Put dots on at most {limit} "
            "candidates."), count=len(value), limit=MAX_DOTS))
    seen: set[int] = set()
    out = []
    for entry in value:
        entry = _exact_keys("allocation", entry, ("candidate_id", "dots"))
        candidate = _id("candidate_id", entry["candidate_id"])
        dots = entry["dots"]
        if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
            raise ValidationError("dots", dots, Sentence(N_(
                "The {field} {value} is not a number of dots. Give each candidate from 1 to "
                "{limit} dots."), limit=MAX_DOTS))
        if candidate in seen:
            raise ValidationError("candidate_id", candidate, Sentence(N_(
                "The candidate {value} is given dots twice. Put all of a candidate's dots in "
                "one entry.")))
        seen.add(candidate)
        out.append({"candidate_id": candidate, "dots": dots})
    total = sum(e["dots"] for e in out)
    if total > MAX_DOTS:
        raise ValidationError("dots", total, Sentence(N_(
            "The {value} dots are more than any vote gives. Give at most {limit} dots in "
            "all."), limit=MAX_DOTS))
    return out


def _owner(value: Any) -> int | str | None:
    if value is None or value == MINE:
        return value
    return _id("owner", value)


def check_item(item: Any, author: str = "participant") -> dict[str, Any]:
    """The item with its values as the model normalises them, or a ``ValidationError``.

    ``author`` is the participant's name (a comment's author). The item carries no
    ``item_key`` here: keys belong to the file (see ``contribution``).
    """
    if not isinstance(item, Mapping):
        raise ValidationError("item", item, Sentence(N_(
            "The item {value} is not an object. Give each item as {shape}."), shape="{...}"))
    kind = item.get("kind")
    if kind not in FIELDS:
        raise ChoiceError("kind", kind, KINDS)
    data = _exact_keys(kind.replace("_", " "), {k: v for k, v in item.items() if k != "kind"},
                       FIELDS[kind])
    out: dict[str, Any] = {"kind": kind}
    match kind:
        case "profile":
            field = data["field"]
            if field not in PROFILE_FIELDS:
                raise ChoiceError("profile field", field, PROFILE_FIELDS)
            value = Organisation.rules()[field].apply(field, _text(field, data["value"]))
            if not value.strip():
                raise RequiredError(field.replace("_", " "), value,
                                    Sentence(N_("Write something, or leave this part out.")))
            out.update(field=field, value=value)
        case "name_candidate":
            cand = NameCandidate(name=_text("name", data["name"]),
                                 rationale=_text("rationale", data["rationale"]))
            out.update(name=cand.name, rationale=cand.rationale)
        case "dots":
            out.update(vote_id=_id("vote_id", data["vote_id"]),
                       allocations=_allocations(data["allocations"]))
        case "resource":
            texts: dict[str, Any] = {k: _text(k, data[k]) for k in FIELDS["resource"]
                                     if k != "owner"}
            res = Resource(**texts)
            out.update({k: getattr(res, k) for k in texts}, owner=_owner(data["owner"]))
        case "cause":
            cause = Cause(problem_id=_id("problem_id", data["problem_id"]),
                          parent_id=_id("parent_id", data["parent_id"], optional=True),
                          statement=_text("statement", data["statement"]),
                          evidence=_text("evidence", data["evidence"]))
            out.update(problem_id=cause.problem_id, parent_id=cause.parent_id,
                       statement=cause.statement, evidence=cause.evidence)
        case "solution":
            resource_id = _id("resource_id", data["resource_id"], optional=True)
            sol = Solution(problem_id=_id("problem_id", data["problem_id"]),
                           cause_id=_id("cause_id", data["cause_id"], optional=True),
                           description=_text("description", data["description"]),
                           solution_kind="existing" if resource_id else "new",
                           resource_id=resource_id,
                           tried_before=_bool("tried_before", data["tried_before"]),
                           lessons=_text("lessons", data["lessons"]))
            out.update(problem_id=sol.problem_id, cause_id=sol.cause_id,
                       description=sol.description, resource_id=sol.resource_id,
                       tried_before=sol.tried_before, lessons=sol.lessons)
        case "comment":
            comment = Comment(author=author, text=_text("text", data["text"]))
            out.update(text=comment.text)
        case "reading":
            value = data["value"]
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, int | float)):
                raise ValidationError("value", value, Sentence(N_(
                    "The value {value} is not a number. Give the value as a number, or null "
                    "and a text.")))
            outcome_id: Any = _id("outcome_id", data["outcome_id"])
            read_on: Any = _text("read_on", data["read_on"])  # the model parses the day
            reading = Reading(outcome_id=outcome_id, read_on=read_on, value=value,
                              text=_text("text", data["text"]), reported_by=author,
                              source=_text("source", data["source"]),
                              note=_text("note", data["note"]))
            out.update(outcome_id=reading.outcome_id, read_on=reading.read_on.isoformat(),
                       value=reading.value, text=reading.text, source=reading.source,
                       note=reading.note)
        case "evaluation":
            scores: dict[str, Any] = _scores(data["scores"])
            answer = EvaluationAnswer(meeting_id=_id("meeting_id", data["meeting_id"]) or 0,
                                      comment=_text("comment", data["comment"]), **scores)
            out.update(meeting_id=answer.meeting_id, scores=answer.scores(),
                       comment=answer.comment)
    return out


def _scores(value: Any) -> dict[str, int | None]:
    """One score (1 to 5) or null per evaluation statement, exactly those keys."""
    data = _exact_keys("scores", value, STATEMENT_KEYS)
    out: dict[str, int | None] = {}
    for key in STATEMENT_KEYS:
        score = data[key]
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
            raise ValidationError(key.replace("_", " "), score, Sentence(N_(
                "The {field} {value} is not a score. Give a whole number from 1 to 5, or null "
                "to skip it.")))
        out[key] = score
    return out


# -- what needs the workbook -------------------------------------------------------------

def _find(wb: Workbook, cls: type, entity_id: int | None) -> Any:
    if entity_id is None:
        return None
    try:
        return wb.get(cls, entity_id)
    except NotFoundError:
        return False


def missing_reference(wb: Workbook, item: Mapping[str, Any]) -> str:
    """Why ``item`` cannot be added to this workbook as it stands now, or "" if it can."""
    kind = item["kind"]
    if kind in ("cause", "solution"):
        problem = _find(wb, Problem, item["problem_id"])
        if problem is False:
            return _("problem {number} is not in the workbook (any more)").format(
                number=item["problem_id"])
        under = _find(wb, Cause, item["parent_id" if kind == "cause" else "cause_id"])
        if under is False or (under and under.problem_id != problem.id):
            which = item["parent_id" if kind == "cause" else "cause_id"]
            return _("cause {number} is not a cause of problem {problem} in the workbook"
                     ).format(number=which, problem=problem.id)
    if kind == "reading" and _find(wb, Outcome, item["outcome_id"]) is False:
        return _("outcome {number} is not in the workbook (any more)").format(
            number=item["outcome_id"])
    if kind == "solution" and _find(wb, Resource, item["resource_id"]) is False:
        return _("resource {number} is not in the workbook (any more)").format(
            number=item["resource_id"])
    if kind == "resource" and isinstance(item["owner"], int) and \
            _find(wb, Organisation, item["owner"]) is False:
        return _("organization {number} is not in the workbook (any more)").format(
            number=item["owner"])
    if kind == "evaluation" and _find(wb, Meeting, item["meeting_id"]) is False:
        return _("meeting {number} is not in the workbook").format(number=item["meeting_id"])
    if kind == "dots":
        vote = _find(wb, NameVote, item["vote_id"])
        if vote is False:
            return _("vote {number} is not in the workbook").format(number=item["vote_id"])
        if vote.status != "open":
            return _("vote {number} is closed, so dots can no longer be counted").format(
                number=vote.id)
        for entry in item["allocations"]:
            if _find(wb, NameCandidate, entry["candidate_id"]) is False:
                return _("name candidate {number} is not in the workbook").format(
                    number=entry["candidate_id"])
        total = sum(e["dots"] for e in item["allocations"])
        if total > vote.dots_per_participant:
            return _("{total} dots were given but each participant has {allowed} in vote "
                     "{number}").format(total=total, allowed=vote.dots_per_participant,
                                        number=vote.id)
        cap = vote.max_dots_per_candidate
        if cap is not None and max(e["dots"] for e in item["allocations"]) > cap:
            return _("vote {number} allows at most {cap} dots on one candidate").format(
                number=vote.id, cap=cap)
    return ""


def _label(wb: Workbook, cls: type[Entity], entity_id: int | None, attr: str) -> str:
    found = _find(wb, cls, entity_id)
    if not found:
        return _("{kind} {number}").format(kind=noun(cls.kind), number=entity_id)
    text = " ".join(getattr(found, attr).split())
    return text if len(text) <= 70 else text[:67] + "…"


def describe(wb: Workbook, item: Mapping[str, Any], *, hide_dots: bool = False) -> str:
    """One plain line saying what the item adds (escape it before putting it in HTML)."""
    kind = item["kind"]
    match kind:
        case "profile":
            return _("Profile, {field}: {value}").format(
                field=_profile_field(item["field"]), value=item["value"])
        case "name_candidate":
            if item["rationale"]:
                return _("Name proposed: {name} ({why})").format(name=item["name"],
                                                                 why=item["rationale"])
            return _("Name proposed: {name}").format(name=item["name"])
        case "dots":
            total = sum(e["dots"] for e in item["allocations"])
            if hide_dots:
                return _("Dots in vote {number}: {total} in all; the vote is anonymous, so "
                         "who got them is not shown").format(number=item["vote_id"],
                                                             total=total)
            spread = ", ".join(
                _("{name}: {dots}").format(
                    name=_label(wb, NameCandidate, e["candidate_id"], "name"), dots=e["dots"])
                for e in item["allocations"])
            return _("Dots in vote {number}: {spread}").format(number=item["vote_id"],
                                                               spread=spread)
        case "resource":
            kind_title = reference.RESOURCE_KINDS.get(item["resource_kind"], "").lower()
            owner = item["owner"]
            if owner == MINE:
                return _("Resource: {name} ({kind} of my organization)").format(
                    name=item["name"], kind=kind_title)
            if owner:
                return _("Resource: {name} ({kind} of {owner})").format(
                    name=item["name"], kind=kind_title,
                    owner=_label(wb, Organisation, owner, "name"))
            return _("Resource: {name} ({kind})").format(name=item["name"], kind=kind_title)
        case "cause":
            under = (_label(wb, Cause, item["parent_id"], "statement") if item["parent_id"]
                     else _label(wb, Problem, item["problem_id"], "statement"))
            return _("Cause: {statement} (why: {under})").format(statement=item["statement"],
                                                                  under=under)
        case "solution":
            under = (_label(wb, Cause, item["cause_id"], "statement") if item["cause_id"]
                     else _label(wb, Problem, item["problem_id"], "statement"))
            return _("Solution: {description} (for: {under})").format(
                description=item["description"], under=under)
        case "comment":
            return _("Comment: {text}").format(text=item["text"])
        case "reading":
            outcome = _find(wb, Outcome, item["outcome_id"])
            unit = f" {outcome.unit}" if outcome and outcome.unit else ""
            said = (f"{format_decimal(item['value'])}{unit}" if item["value"] is not None
                    else item["text"])
            values = {"outcome": _label(wb, Outcome, item["outcome_id"], "description"),
                      "date": _reading_day(item["read_on"]), "value": said,
                      "words": item["text"]}
            if item["value"] is not None and item["text"]:
                return _("Reading of {outcome} on {date}: {value} ({words})").format(**values)
            return _("Reading of {outcome} on {date}: {value}").format(**values)
        case "evaluation":
            # The scores stay out of previews: the file names its sender, the answer not.
            scored = sum(1 for v in item["scores"].values() if v is not None)
            if item["comment"].strip():
                return _("Meeting evaluation (anonymous): {scored} of {total} statements "
                         "scored, with a comment").format(scored=scored,
                                                          total=len(item["scores"]))
            return _("Meeting evaluation (anonymous): {scored} of {total} statements "
                     "scored").format(scored=scored, total=len(item["scores"]))
    raise AssertionError(kind)


def _profile_field(name: str) -> str:
    """A profile field as a form labels it (``"Mission"``)."""
    return field_label(name)


def _reading_day(value: Any) -> str:
    """A reading's day in words (``"January 31, 2027"``); as written if it is no date."""
    import datetime as dt

    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day)
