"""Momentum indicators and their plain warnings, as HTML a view can show.

The figures come from ``workbook.analyses.momentum`` (days since the last meeting, meeting
cadence, share of meetings with an objective, attendance, employers' share of the room,
action completion, overdue actions) and the warnings from ``momentum_warnings``. Shown by
the lifecycle and summary views.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

from ...i18n import _
from .analyses_out import MISSING, analysis
from .tables import html_table

__all__ = ["momentum_html", "momentum_parts", "warnings_html"]


def momentum_parts(wb: Any, *, today: dt.date | None = None
                   ) -> tuple[list[tuple[str, str, str]], list[str]] | None:
    """(indicator rows: label, value, how counted; warnings); None without the analyses."""
    figures = analysis("momentum", wb, today=today)
    if figures is None:
        return None
    rows = [(i.label, i.value, i.note) for i in figures.indicators]
    return rows, list(analysis("momentum_warnings", figures) or ())


def warnings_html(warnings: Iterable[str]) -> str:
    """Warnings as a list marked in words ("Warning:"), not by colour alone."""
    items = "".join("<li>⚠ " + html.escape(_("Warning: {warning}").format(warning=w)) + "</li>"
                    for w in warnings)
    if not items:
        return ('<p class="pwb-ok">✓ ' + html.escape(_("No warnings: momentum is holding."))
                + "</p>")
    return f'<ul class="pwb-warn" role="status">{items}</ul>'


def momentum_html(wb: Any, *, today: dt.date | None = None) -> str:
    """The indicators as a table followed by the warnings."""
    parts = momentum_parts(wb, today=today)
    if parts is None:
        return f"<p>{html.escape(_(MISSING))}</p>"
    rows, warnings = parts
    return (html_table([_("Indicator"), _("Value"), _("How it was counted")], rows,
                       caption=_("Momentum indicators")) + warnings_html(warnings))
