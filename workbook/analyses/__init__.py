"""What the workbook's data says: gaps, capacity, momentum, health and actions.

Plain functions over an open ``Workbook`` that return pandas DataFrames or small frozen
records; they only read. Functions that depend on the date take ``today`` so a result
can be reproduced (tests and exports pin it).

    >>> from workbook.analyses import momentum, warnings
    >>> figures = momentum(wb)
    >>> warnings(figures)
"""

from .actions import carried_over, partner_completion
from .capacity import capacity_gaps, capacity_matrix
from .health import PartnerPick, health_history, health_trend, partner_to_strengthen
from .momentum import (
    Indicator,
    MeetingFigures,
    Momentum,
    momentum,
    momentum_frame,
    warnings,
)
from .resources import coverage, duplications, gaps

momentum_warnings = warnings
"""The same as ``warnings``, under the name the views look for."""

__all__ = [
    "Indicator", "MeetingFigures", "Momentum", "PartnerPick", "capacity_gaps",
    "capacity_matrix", "carried_over", "coverage", "duplications", "gaps", "health_history",
    "health_trend", "momentum", "momentum_frame", "momentum_warnings", "partner_completion",
    "partner_to_strengthen", "warnings",
]
