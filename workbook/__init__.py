"""The facilitation workbook for sector partnerships.

    >>> from workbook import Workbook, Organisation
    >>> wb = Workbook.open("data/demo.sqlite")
    >>> wb.add(Organisation(name="Harbourline Fabrication", partner_type="business"))
"""

import gc as _gc

# Importing the package makes some hundred thousand objects that live as long as the
# process (SQLAlchemy, the tables, the model's classes) and no garbage; the cyclic
# collector would scan them over and over while they are made and after (a fifth of a
# fresh ``workbook export``, of a notebook's first cell). So it is paused for the import,
# what exists then is frozen (``gc.freeze``: left out of later collections; reference
# counting still frees it), and the collector is left on or off as it was found.
_collecting = _gc.isenabled()
_gc.disable()

try:
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
finally:
    _gc.freeze()
    if _collecting:
        _gc.enable()

__version__ = "0.1.0"

__all__ = [
    "ActionItem", "ActionReview", "AgendaItem", "CapacityRating", "Cause", "ChecklistMark",
    "Comment", "Decision", "EvaluationAnswer", "HealthCheck", "Meeting", "NameCandidate",
    "NameVote", "Organisation", "Outcome", "Partnership", "Person", "PhaseChange", "Problem",
    "Reading", "Resource", "ReviewNote", "Solution", "Win", "Workbook", "WorkbookError",
    "__version__", "reference",
]
