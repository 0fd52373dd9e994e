"""Progress on every outcome as HTML a view can show: a table and the stale-outcome flags.

Shown on start-here and in the outcomes view. Rows come from ``analyses.progress``; an
outcome without a reading for more than ``reference.STALE_DAYS`` days is flagged in words
("no reading for 125 days"), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from ... import reference
from ...analyses.progress import OutcomeProgress, format_value, outcome_progress
from ...store import Workbook
from .tables import html_table

__all__ = ["progress_html", "progress_rows", "stale_html"]

HEADERS = ["Outcome", "Latest reading", "Read on", "Baseline", "Benchmark", "Target",
           "Standing"]


def _standing(p: OutcomeProgress) -> str:
    if p.latest_on is None:
        return f"{p.status_title}: no reading yet"
    if p.stale:
        return f"{p.status_title} (no reading for {p.days_since} days)"
    return p.status_title


def progress_rows(progress: Sequence[OutcomeProgress]) -> list[list[object]]:
    """One row per outcome in the order of ``HEADERS``."""
    return [[p.description,
             format_value(p.latest_value, p.unit) if p.latest_value is not None
             else p.latest_text,
             p.latest_on, format_value(p.baseline, p.unit),
             format_value(p.benchmark, p.unit) or p.benchmark_text,
             format_value(p.target, p.unit) or p.target_text, _standing(p)]
            for p in progress]


def stale_html(progress: Sequence[OutcomeProgress]) -> str:
    """A warning line per outcome nobody has read for more than 90 days; "" if none."""
    stale = [p for p in progress if p.stale]
    if not stale:
        return ""
    items = "".join(
        f"<li>⚠ Warning: {html.escape(p.description)} has "
        + (f"had no reading for {p.days_since} days" if p.days_since is not None
           else "never been read")
        + "; ask the partner who holds the figures.</li>" for p in stale)
    return f'<ul class="pwb-warn" role="status">{items}</ul>'


def progress_html(wb: Workbook, *, today: dt.date | None = None) -> str:
    """Every outcome's standing as a table, then the stale-outcome warnings."""
    progress = outcome_progress(wb, today=today)
    if not progress:
        return ("<p>No outcomes yet. Agree on a few in the Outcomes and wins notebook, "
                "each with a benchmark and a target.</p>")
    rows = progress_rows(progress)
    classes = ["pwb-overdue" if p.stale else "" for p in progress]
    return (html_table(HEADERS, rows, caption="Progress on each outcome", row_classes=classes)
            + stale_html(progress)
            + f"<p>An outcome is flagged when it has no reading for more than "
              f"{reference.STALE_DAYS} days.</p>")
