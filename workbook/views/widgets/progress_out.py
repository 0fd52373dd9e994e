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
from ...i18n import N_, _, ngettext
from ...store import Workbook
from .tables import html_table

__all__ = ["progress_html", "progress_rows", "stale_html"]

HEADERS = [N_("Outcome"), N_("Latest reading"), N_("Read on"), N_("Baseline"),
           N_("Benchmark"), N_("Target"), N_("Standing")]


def _standing(p: OutcomeProgress) -> str:
    if p.latest_on is None:
        return _("{status}: no reading yet").format(status=p.status_title)
    if p.stale and p.days_since is not None:
        return ngettext("{status} (no reading for {count} day)",
                        "{status} (no reading for {count} days)", p.days_since).format(
            status=p.status_title, count=p.days_since)
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
    def line(p: OutcomeProgress) -> str:
        if p.days_since is None:
            return _("Warning: {outcome} has never been read; ask the partner who holds the "
                     "figures.").format(outcome=p.description)
        return ngettext("Warning: {outcome} has had no reading for {count} day; ask the "
                        "partner who holds the figures.",
                        "Warning: {outcome} has had no reading for {count} days; ask the "
                        "partner who holds the figures.", p.days_since).format(
            outcome=p.description, count=p.days_since)

    items = "".join(f"<li>⚠ {html.escape(line(p))}</li>" for p in stale)
    return f'<ul class="pwb-warn" role="status">{items}</ul>'


def progress_html(wb: Workbook, *, today: dt.date | None = None) -> str:
    """Every outcome's standing as a table, then the stale-outcome warnings."""
    progress = outcome_progress(wb, today=today)
    if not progress:
        return "<p>" + html.escape(_("No outcomes yet. Agree on a few in the Outcomes and "
                                     "wins notebook, each with a benchmark and a target.")) \
            + "</p>"
    rows = progress_rows(progress)
    classes = ["pwb-overdue" if p.stale else "" for p in progress]
    return (html_table([_(h) for h in HEADERS], rows, caption=_("Progress on each outcome"),
                       row_classes=classes)
            + stale_html(progress) + "<p>" + html.escape(ngettext(
                "An outcome is flagged when it has no reading for more than {count} day.",
                "An outcome is flagged when it has no reading for more than {count} days.",
                reference.STALE_DAYS).format(count=reference.STALE_DAYS)) + "</p>")
