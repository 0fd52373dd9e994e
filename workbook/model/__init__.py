"""Plain data for every step of the facilitator's journey; no files, widgets or templates."""

from .base import MAX_TEXT, Entity, Rule, check_text
from .lifecycle import ChecklistMark, PhaseChange
from .measurement import Reading, Win
from .meetings import ActionItem, Comment, Meeting
from .naming import VOTE_STATUSES, NameCandidate, NameVote
from .organisations import CapacityRating, HealthCheck, Organisation, Person, ReviewNote
from .partnership import Outcome, Partnership
from .problems import Cause, Problem, Solution, check_no_cycle
from .resources import Resource

ENTITIES: tuple[type[Entity], ...] = (
    Partnership, Outcome, Organisation, Person, Meeting, ActionItem, Comment, NameCandidate,
    NameVote, Resource, Problem, Cause, Solution, ReviewNote, CapacityRating, HealthCheck,
    PhaseChange, ChecklistMark, Reading, Win,
)
"""Every stored entity, in an order where each one's references come before it."""

__all__ = [
    "ENTITIES", "MAX_TEXT", "VOTE_STATUSES", "ActionItem", "CapacityRating", "Cause",
    "ChecklistMark", "Comment", "Entity", "HealthCheck", "Meeting", "NameCandidate", "NameVote",
    "Organisation", "Outcome", "Partnership", "Person", "PhaseChange", "Problem", "Reading",
    "Resource", "ReviewNote", "Rule", "Solution", "Win", "check_no_cycle", "check_text",
]
