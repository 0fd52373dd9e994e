"""Partner charts: the capacity heatmap and the health trend."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps

from ..i18n import _, format_date, ngettext
from ..store import Workbook
from .base import (
    PALETTE,
    Chart,
    capped,
    fit,
    listing,
    new_figure,
    plain,
    shorten,
    style,
    text_inches,
)

__all__ = ["MAX_ORGANISATIONS", "MAX_PARTNERS", "capacity_heatmap", "health_trend_chart"]

MAX_ORGANISATIONS = 12
"""Organisations drawn side by side in the heatmap at most (ours first)."""

MAX_PARTNERS = 25
"""Partners drawn in the health bar chart at most (slipping and lowest scores first)."""

CELL_POINTS = 13
"""Height of the numbers in the heatmap's cells, in points."""

_WHITE_UP_TO = 2  # cividis is dark at ratings 1 and 2: white numbers read best there

def capacity_heatmap(source: Any, *, title: str | None = None) -> Chart | None:
    """A grid of ratings: competencies down, organisations across, each cell numbered.

    ``source`` is a workbook or ``analyses.capacity_matrix(wb)``. Colour (cividis, safe
    for colour blindness) repeats the number written in each rated cell; unrated cells
    stay empty.
    At most 12 organisations are drawn. None when nothing is rated.
    """
    if isinstance(source, Workbook):
        from ..analyses import capacity_matrix

        source = capacity_matrix(source)
    if source is None or source.empty:
        return None
    title = title or _("Capacity ratings by competency")
    matrix = source.iloc[:MAX_ORGANISATIONS]
    grid = matrix.to_numpy(dtype=float).T  # competencies down, organisations across
    names, competencies = [str(n) for n in matrix.index], [str(c) for c in matrix.columns]
    cmap = colormaps["cividis"].with_extremes(bad=PALETTE["light"])
    with style():
        figure = new_figure(4.8 + 1.05 * len(names), 2.4 + 0.42 * len(competencies))
        ax = figure.add_subplot()
        ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0.5, vmax=4.5, aspect="auto")
        # Each rated cell shows its number; an empty cell reads as "not rated" by itself.
        # The numbers are drawn as glyph markers, one collection per rating: a grid of
        # 228 text artists would take several times as long to draw.
        for rating in range(1, 5):
            rows_at, cols_at = np.nonzero(grid == rating)
            if len(rows_at):
                ax.scatter(cols_at, rows_at, marker=f"${rating}$", s=CELL_POINTS ** 2,
                           c="white" if rating <= _WHITE_UP_TO else "black", linewidths=0,
                           gid=f"cell-{rating}", zorder=3)
        columns = [plain(n, 24) for n in names]
        ax.set_xticks(range(len(names)), columns, rotation=35, ha="left",
                      rotation_mode="anchor")
        ax.xaxis.tick_top()
        rows = [plain(c, 40) for c in competencies]
        ax.set_yticks(range(len(competencies)), rows)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(_("1 weak · 2 developing · 3 solid · 4 strong · empty: not rated"))
        ax.set_title(title, loc="left", pad=12)
        # Organisation names stand at 35 degrees above the grid: sin 35° ~ 0.57.
        slant = text_inches(figure, columns) * 0.57 + 0.25
        fit(figure, left=text_inches(figure, rows) + 0.3, top=slant + 0.6, bottom=0.6,
            right=max(0.3, text_inches(figure, columns[-1:]) * 0.82 - 0.4))
    sentences = [ngettext(
        "Grid of capacity ratings from 1 (weak) to 4 (strong): {count} organization on "
        "{competencies} competencies.",
        "Grid of capacity ratings from 1 (weak) to 4 (strong): {count} organizations on "
        "{competencies} competencies.", len(source)).format(
            count=len(source), competencies=len(competencies))]
    sentences += [_describe(name, matrix.loc[name]) for name in matrix.index]
    if len(source) > MAX_ORGANISATIONS:
        sentences.append(_("Only the first {count} organizations are drawn.").format(
            count=MAX_ORGANISATIONS))
    alt = " ".join(sentences)
    return Chart(figure, capped(alt), title)


def _describe(name: Any, ratings: Any) -> str:
    weak = [f"{c} ({v:.0f})" for c, v in ratings.items() if not pd.isna(v) and v <= 2]
    strong = [f"{c} ({v:.0f})" for c, v in ratings.items() if not pd.isna(v) and v >= 3]
    return _("{organization} rated {count}: weak at {weak}; strong at {strong}.").format(
        organization=shorten(str(name), 60), count=len(weak) + len(strong),
        weak=listing(weak, 6, ", ") if weak else _("none"),
        strong=listing(strong, 6, ", ") if strong else _("none"))


# -- health ---------------------------------------------------------------------------


def health_trend_chart(source: Any, organisation_id: int | None = None) -> Chart | None:
    """Partners' health scores (0-10), from a workbook or a trend table.

    With a workbook and ``organisation_id``: that partner's score at every check, as a
    labelled line. Otherwise (a workbook, or ``analyses.health_trend(wb)``, optionally
    narrowed to ``organisation_id``): one bar per partner for the latest score, the
    previous score marked and both written out; slipping partners first, then the lowest
    scores, 25 at most. None when there is no check to show.
    """
    if isinstance(source, Workbook):
        from ..analyses import health_history, health_trend

        if organisation_id is not None:
            history = health_history(source)
            history = history[history["organisation_id"] == organisation_id]
            trend = health_trend(source)
            trend = trend[trend["organisation_id"] == organisation_id]
            return _history_chart(history, trend)
        source = health_trend(source)
    if source is None:
        return None
    if organisation_id is not None:
        source = source[source["organisation_id"] == organisation_id]
    if source.empty:
        return None
    return _trend_bars(source)


def _history_chart(history: Any, trend: Any) -> Chart | None:
    if history.empty:
        return None
    name = str(history["organisation"].iloc[0])
    days, scores = list(history["checked_on"]), [int(s) for s in history["score"]]
    title = _("Health of the partnership with {organization}").format(
        organization=shorten(name, 50))
    with style():
        figure = new_figure(9, 4.6)
        ax = figure.add_subplot()
        positions = range(len(days))
        ax.plot(positions, scores, color=PALETTE["blue"], marker="o", markersize=9,
                linewidth=2.5, gid="health-line")
        for x, score in zip(positions, scores, strict=True):
            change = score - scores[x - 1] if x else 0
            words = (_("{score} of 10, down {change}") if change < 0 else
                     _("{score} of 10, up {change}") if change else _("{score} of 10")
                     ).format(score=score, change=abs(change))
            ax.annotate(words, (x, score), textcoords="offset points",
                        xytext=(0, 10), ha="center")
        ax.set_xticks(list(positions), [format_date(d, "medium") for d in days])
        ax.set_ylim(0, 11.5)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel(_("Score (of 10)"))
        ax.set_xlim(-0.5, len(days) - 0.5)
        ax.set_title(plain(title, 90), loc="left")
        fit(figure, left=0.9)
    points = "; ".join(_("{day}: {value}").format(day=format_date(d), value=s)
                       for d, s in zip(days, scores, strict=True))
    sentences = [ngettext(
        "Line chart of the health score of {organization}, out of 10, at each of {count} "
        "check: {points}.",
        "Line chart of the health score of {organization}, out of 10, at each of {count} "
        "checks: {points}.", len(days)).format(organization=shorten(name, 60),
                                               count=len(days), points=points)]
    if len(scores) > 1:
        change = scores[-1] - scores[-2]
        sentences.append(
            _("Slipping: the score fell by {change} since the previous check.").format(
                change=-change) if change < 0 else
            _("The score changed by {change} since the previous check.").format(
                change=f"{change:+d}"))
    if not trend.empty and trend["not_yet"].iloc[0]:
        sentences.append(_("Not yet answered yes at the last check: {questions}.").format(
            questions=trend["not_yet"].iloc[0]))
    alt = " ".join(sentences)
    return Chart(figure, capped(alt), title)


def _trend_bars(trend: Any) -> Chart:
    everyone = sorted(trend.itertuples(index=False),
                      key=lambda r: (not r.slipping, r.score, str(r.organisation).casefold()))
    rows = everyone[:MAX_PARTNERS]
    title = _("Partners' latest health score")
    with style():
        figure = new_figure(10, 1.6 + 0.6 * len(rows))
        ax = figure.add_subplot()
        positions = range(len(rows))
        ax.barh(positions, [r.score for r in rows], color=PALETTE["sky"],
                edgecolor=PALETTE["black"])
        earlier = [(p, r.previous_score) for p, r in zip(positions, rows, strict=True)
                   if not pd.isna(r.previous_score)]
        if earlier:
            ax.scatter([s for _, s in earlier], [p for p, _ in earlier], marker="D", s=70,
                       facecolors="white", edgecolors=PALETTE["black"], zorder=3)
        for position, row in zip(positions, rows, strict=True):
            ax.text(10.3, position, _bar_words(row), va="center", ha="left")
        labels = [plain(r.organisation, 36) for r in rows]
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 16)
        ax.set_xticks(range(0, 11, 2))
        ax.set_xlabel(_("Bar: latest score (of 10)   ◇ previous score"), loc="left")
        ax.spines["bottom"].set_bounds(0, 10)
        ax.set_title(title, loc="left")
        fit(figure, left=text_inches(figure, labels) + 0.3)
    slipping = [shorten(r.organisation, 50) for r in rows if r.slipping]
    sentences = [
        ngettext("Bar chart of the latest health score, out of 10, of {count} partner: "
                 "{scores}.",
                 "Bar chart of the latest health score, out of 10, of {count} partners: "
                 "{scores}.", len(rows)).format(
            count=len(rows), scores=listing([f"{shorten(r.organisation, 50)} {_bar_words(r)}"
                                             for r in rows], 20)),
        _("Slipping: {partners}.").format(partners=listing(slipping, 10, ", ")) if slipping
        else _("No partner is slipping.")]
    if len(everyone) > MAX_PARTNERS:
        sentences.append(_("Only {drawn} of {count} partners are drawn: the slipping ones "
                           "and the lowest scores.").format(drawn=MAX_PARTNERS,
                                                            count=len(everyone)))
    alt = " ".join(sentences)
    return Chart(figure, capped(alt), title)


def _bar_words(row: Any) -> str:
    previous = row.previous_score
    if pd.isna(previous):
        return _("{score} (first check)").format(score=row.score)
    change = row.score - previous
    words = (_("{score} (was {previous}, slipping)") if change < 0 else
             _("{score} (was {previous}, up)") if change > 0 else
             _("{score} (was {previous}, unchanged)"))
    return words.format(score=row.score, previous=previous)
