"""Progress on outcomes: each outcome's readings over time against its benchmark and target.

One panel per outcome with numeric readings: the readings as a line with dots, the target
as a dashed line and the benchmark as a dotted one, each named in words at the right edge
(so no colour carries meaning alone). The text alternative states every panel's readings,
baseline, benchmark, target and where the latest value stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from matplotlib.ticker import MaxNLocator

from ..analyses.progress import OutcomeProgress, format_value
from ..i18n import _, format_date, ngettext
from .base import PALETTE, Chart, capped, fit, listing, new_figure, plain, shorten, style

__all__ = ["MAX_PANELS", "MAX_POINTS", "outcome_trend_chart"]

MAX_PANELS = 8
"""Outcomes drawn at most in one figure; the alt text says how many were left out."""

MAX_POINTS = 60
"""The most recent readings drawn per outcome."""


def outcome_trend_chart(progress: OutcomeProgress | Sequence[OutcomeProgress]
                        ) -> Chart | None:
    """Readings over time of one outcome, or of several (a panel each, two to a row).

    Outcomes without a numeric reading are left out; None when none has one.
    """
    items = [progress] if isinstance(progress, OutcomeProgress) else list(progress)
    drawable = [p for p in items if p.points]
    if not drawable:
        return None
    drawn = drawable[:MAX_PANELS]
    columns = 1 if len(drawn) == 1 else 2
    rows = -(-len(drawn) // columns)
    title = (_("Progress: {outcome}").format(outcome=plain(drawn[0].description, 60))
             if len(drawn) == 1 else _("Progress on our outcomes"))
    with style():
        figure = new_figure(9.5 if columns == 1 else 13, 0.9 + 3.6 * rows)
        axes = figure.subplots(rows, columns, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index < len(drawn):
                _panel(ax, drawn[index], single=len(drawn) == 1)
            else:
                ax.set_visible(False)
        figure.suptitle(title, x=0.01, ha="left")
        fit(figure, left=0.9, right=1.5, top=0.9, bottom=0.6, hspace=0.55)
        if columns == 2:
            figure.subplots_adjust(wspace=0.45)
    alt = _alt(drawn, len(drawable), len(items))
    return Chart(figure, capped(alt), title.replace(r"\$", "$"))


def _panel(ax: Any, progress: OutcomeProgress, *, single: bool) -> None:
    # Days as plain numbers with a few ticks placed by hand: matplotlib's date locators and
    # axhline cost more than the rest of the summary's charts together.
    points = progress.points[-MAX_POINTS:]
    xs = [d.toordinal() for d, _ in points]
    values = [v for _, v in points]
    first, last = min(xs), max(xs)
    if first == last:  # one day: give the axis some width to place ticks on
        first, last = first - 20, last + 20
    margin = (last - first) * 0.04
    left, right = first - margin, last + margin
    ax.set_xlim(left, right)
    ticks = _month_ticks(first, last)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    ax.plot(xs, values, color=PALETTE["blue"], marker="o", linewidth=2.5, markersize=6,
            gid=f"readings-{progress.outcome_id}")
    ends = [(progress.target, _("target"), "--", PALETTE["vermillion"]),
            (progress.benchmark, _("benchmark"), ":", PALETTE["black"])]
    if progress.baseline is not None and not progress.baseline_is_first_reading:
        ends.append((progress.baseline, _("baseline"), "-.", PALETTE["grey"]))
    lines = [(value, word, dash, colour) for value, word, dash, colour in ends
             if value is not None]
    everything = list(values) + [value for value, *_ in lines]
    low, high = min(everything), max(everything)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    bottom, top = (min(0, low - pad) if low >= 0 else low - pad), high + pad
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))  # few ticks: each costs drawing time
    for value, _word, dash, colour in lines:
        ax.plot([left, right], [value, value], color=colour, linestyle=dash, linewidth=1.8,
                gid=f"{_LINE_IDS.get(dash, 'value')}-line", scalex=False, scaley=False)
    _name_lines(ax, lines, (top - bottom) * 0.07)
    if progress.unit:
        ax.set_ylabel(plain(progress.unit, 24))
    if not single:
        ax.text(0, 1.05, plain(shorten(progress.description, 48), 48), transform=ax.transAxes,
                ha="left", va="bottom", fontsize=12)
    ax.annotate(format_value(values[-1], progress.unit).replace("$", r"\$"),
                (xs[-1], values[-1]), textcoords="offset points", xytext=(0, 9), ha="center")


_LINE_IDS = {"--": "target", ":": "benchmark", "-.": "baseline"}
"""The SVG id of each reference line, by its dash (ids are code: never translated)."""


def _month(day: dt.date) -> str:
    """``"Mar 2026"`` in English, ``"mar 2026"`` in Spanish (CLDR's abbreviated month)."""
    return format_date(day, "MMM y")


def _day(day: dt.date) -> str:
    return format_date(day, "d MMM y")


def _month_ticks(first: int, last: int, most: int = 4) -> list[tuple[int, str]]:
    """At most ``most`` first-of-month days between two ordinals, labelled "Mar 2026"."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // most))
    ticks = []
    year, month = start.year, start.month
    while True:
        day = dt.date(year, month, 1)
        if day > end:
            break
        if day.toordinal() >= first:
            ticks.append((day.toordinal(), _month(day)))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if not ticks:  # a span inside one month: name its first day
        ticks.append((first, _day(start)))
    return ticks


def _name_lines(ax: Any, lines: list[tuple[float, str, str, str]], gap: float) -> None:
    """Name each line at the right edge; lines at one value share a label, close labels
    are pushed apart so they never print over each other."""
    merged: list[tuple[float, str, str]] = []
    for value, word, _dash, colour in sorted(lines, key=lambda line: line[0]):
        if merged and merged[-1][0] == value:
            merged[-1] = (value, _("{first}\nand {second}").format(first=merged[-1][1],
                                                                   second=word), merged[-1][2])
        else:
            merged.append((value, word, colour))
    placed: list[float] = []
    for value, words, colour in merged:
        at = max(value, placed[-1] + gap) if placed else value
        placed.append(at)
        ax.text(1.01, at, words, transform=ax.get_yaxis_transform(), ha="left", va="center",
                color=PALETTE["black"] if colour == PALETTE["grey"] else colour,
                gid="line-name")


def _alt(drawn: list[OutcomeProgress], drawable: int, total: int) -> str:
    parts = []
    for p in drawn:
        readings = [_("{day}: {value}").format(day=format_date(d), value=format_value(v, p.unit))
                    for d, v in p.points]
        lines = [template.format(value=format_value(value, p.unit)) for template, value in (
            (_("baseline {value}"), p.baseline), (_("benchmark {value}"), p.benchmark),
            (_("target {value}"), p.target)) if value is not None]
        direction = (_("higher is better") if p.direction == "higher"
                     else _("lower is better"))
        parts.append(_("{outcome} ({direction}; {lines}): {readings}. Latest: {status}.").format(
            outcome=shorten(p.description, 80), direction=direction,
            lines=", ".join(lines) or _("no baseline, benchmark or target"),
            readings=listing(readings, 12, ", "), status=p.status_title.lower()))
    sentences = [
        _("Line chart of readings over time, with target and benchmark as lines.")
        if len(drawn) == 1 else
        _("Line charts of {count} outcomes' readings over time, with target and benchmark as "
          "lines.").format(count=len(drawn)),
        *parts]
    if drawable > len(drawn):
        sentences.append(_("{count} more outcomes with readings are not drawn.").format(
            count=drawable - len(drawn)))
    if total > drawable:
        sentences.append(ngettext("{count} outcome has no reading in numbers yet.",
                                  "{count} outcomes have no reading in numbers yet.",
                                  total - drawable).format(count=total - drawable))
    return " ".join(sentences)
