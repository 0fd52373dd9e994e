"""The facilitation workbook for sector partnerships.

    >>> from workbook import Workbook, Organisation
    >>> wb = Workbook.open("data/demo.sqlite")
    >>> wb.add(Organisation(name="Harbourline Fabrication", partner_type="business"))
"""

from . import reference
from .errors import WorkbookError
from .model import (
    ActionItem,
    ActionReview,
    AgendaItem,
    CapacityRating,
    Cause,
    ChecklistMark,
    Comment,
    Decision,
    EvaluationAnswer,
    HealthCheck,
    Meeting,
    NameCandidate,
    NameVote,
    Organisation,
    Outcome,
    Partnership,
    Person,
    PhaseChange,
    Problem,
    Reading,
    Resource,
    ReviewNote,
    Solution,
    Win,
)
from .store import Workbook

__version__ = "0.1.0"

__all__ = [
    "ActionItem", "ActionReview", "AgendaItem", "CapacityRating", "Cause", "ChecklistMark",
    "Comment", "Decision", "EvaluationAnswer", "HealthCheck", "Meeting", "NameCandidate",
    "NameVote", "Organisation", "Outcome", "Partnership", "Person", "PhaseChange", "Problem",
    "Reading", "Resource", "ReviewNote", "Solution", "Win", "Workbook", "WorkbookError",
    "__version__", "reference",
]
