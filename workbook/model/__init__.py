"""Plain data for every step of the facilitator's journey; no files, widgets or templates."""

from .base import MAX_TEXT, Entity, Rule, check_text
from .carryover import REVIEW_OUTCOMES, ActionReview
from .decisions import DECISION_METHODS, STANCES, Decision
from .evaluation import MIN_ANSWERS, STATEMENT_KEYS, EvaluationAnswer
from .lifecycle import ChecklistMark, PhaseChange
from .measurement import Reading, Win
from .meetings import MEETING_STATUSES, ActionItem, Comment, Meeting
from .naming import VOTE_STATUSES, NameCandidate, NameVote
from .organisations import CapacityRating, HealthCheck, Organisation, Person, ReviewNote
from .partnership import Outcome, Partnership
from .problems import Cause, Problem, Solution, check_no_cycle
from .resources import Resource
from .schedule import current_meeting, draft_agenda, next_meeting
from .timebox import AgendaItem, TimeLeft, time_left

ENTITIES: tuple[type[Entity], ...] = (
    Partnership, Outcome, Organisation, Person, Meeting, AgendaItem, ActionItem, ActionReview,
    Decision, EvaluationAnswer, Comment, NameCandidate, NameVote, Resource, Problem, Cause,
    Solution, ReviewNote, CapacityRating, HealthCheck, PhaseChange, ChecklistMark, Reading,
    Win,
)
"""Every stored entity, in an order where each one's references come before it."""

__all__ = [
    "DECISION_METHODS", "ENTITIES", "MAX_TEXT", "MEETING_STATUSES", "MIN_ANSWERS",
    "REVIEW_OUTCOMES", "STANCES",
    "STATEMENT_KEYS", "VOTE_STATUSES", "ActionItem", "ActionReview", "AgendaItem",
    "Decision", "EvaluationAnswer", "TimeLeft", "time_left", "CapacityRating", "Cause",
    "ChecklistMark", "Comment", "Entity", "HealthCheck", "Meeting", "NameCandidate", "NameVote",
    "Organisation", "Outcome", "Partnership", "Person", "PhaseChange", "Problem", "Reading",
    "Resource", "ReviewNote", "Rule", "Solution", "Win", "check_no_cycle", "check_text",
    "current_meeting", "draft_agenda", "next_meeting",
]
