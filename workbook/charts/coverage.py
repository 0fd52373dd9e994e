"""Resource coverage: how many resources address each root cause, gaps and duplication
marked in words as well as by colour and hatching."""

from __future__ import annotations

from typing import Any

from matplotlib.ticker import MaxNLocator

from ..i18n import _, ngettext
from .base import (
    PALETTE,
    Chart,
    capped,
    fit,
    listing,
    new_figure,
    room_for_labels,
    shorten,
    style,
    text_inches,
    wrapped,
)

__all__ = ["MAX_CAUSES", "coverage_chart"]

MAX_CAUSES = 30
"""Root causes drawn at most; gaps and duplications are drawn first."""


def _label(row: Any) -> str:
    if row.gap:
        return " " + _("GAP: no resource, no solution")
    # Two counts, each with its own plural: the owners are a phrase of their own.
    owners = ngettext("{count} owner", "{count} owners", row.owners).format(count=row.owners)
    resources = (ngettext("{count} resource from {owners}", "{count} resources from {owners}",
                          row.resources)
                 if row.resources else ngettext("{count} resource", "{count} resources", 0))
    words = resources.format(count=row.resources, owners=owners)
    if row.solutions:
        words = ngettext("{resources}, {count} solution", "{resources}, {count} solutions",
                         row.solutions).format(resources=words, count=row.solutions)
    if row.duplication:
        words = _("{resources} (possible duplication)").format(resources=words)
    return " " + words


def coverage_chart(coverage: Any, *, title: str | None = None) -> Chart | None:
    """Bars of linked resources per root cause, from ``analyses.coverage(wb)``.

    Gaps (no resource, no solution) are labelled GAP at zero; duplications are hatched
    and labelled. At most 30 causes are drawn (gaps, then duplications, then the rest);
    the text alternative says how many were left out. None for an empty table.
    """
    if coverage is None or len(coverage) == 0:
        return None
    title = title or _("Resources addressing each root cause")
    rows = sorted(coverage.itertuples(index=False),
                  key=lambda r: (not r.gap, not r.duplication, str(r.root_cause).casefold()))
    drawn = rows[:MAX_CAUSES]
    with style():
        figure = new_figure(11, 1.6 + 0.62 * len(drawn))
        ax = figure.add_subplot()
        positions = range(len(drawn))
        bars = ax.barh(positions, [r.resources for r in drawn],
                       color=[PALETTE["orange"] if r.duplication else PALETTE["blue"]
                              for r in drawn], edgecolor=PALETTE["black"])
        for bar, row in zip(bars, drawn, strict=True):
            if row.duplication:
                bar.set_hatch("//")
        for position, row in zip(positions, drawn, strict=True):
            ax.text(row.resources, position, _label(row), va="center", ha="left",
                    color=PALETTE["vermillion"] if row.gap else PALETTE["black"],
                    fontweight="bold" if row.gap else "normal")
        labels = [wrapped(r.root_cause, 42, 2) for r in drawn]
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(_("Active or planned resources linked"))
        ax.set_title(title, loc="left")
        fit(figure, left=text_inches(figure, labels) + 0.3)
        room_for_labels(ax, [r.resources for r in drawn], [_label(r) for r in drawn])
    gaps = [shorten(r.root_cause, 70) for r in rows if r.gap]
    doubled = [_("{cause} ({count} resources from {owners} owners)").format(
        cause=shorten(r.root_cause, 70), count=r.resources, owners=r.owners)
        for r in rows if r.duplication]
    covered = len(rows) - len(gaps) - len(doubled)
    sentences = [
        ngettext("Bar chart of the resources addressing each of {count} root cause.",
                 "Bar chart of the resources addressing each of {count} root causes.",
                 len(rows)).format(count=len(rows)),
        _("Gaps, with no resource and no solution: {causes}.").format(
            causes=listing(gaps, 10)) if gaps
        else _("No gaps: every root cause has a resource or a solution."),
        _("Possible duplication: {causes}.").format(causes=listing(doubled, 10))
        if doubled else "",
        ngettext("{count} other root cause is addressed.",
                 "{count} other root causes are addressed.", covered).format(count=covered),
        _("Only the first {count} causes are drawn.").format(count=MAX_CAUSES)
        if len(rows) > MAX_CAUSES else ""]
    alt = " ".join(s for s in sentences if s)
    return Chart(figure, capped(alt), title)
