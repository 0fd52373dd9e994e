"""The dot-vote results: dots per candidate as labelled horizontal bars."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matplotlib.ticker import MaxNLocator

from .base import (
    PALETTE,
    Chart,
    capped,
    fit,
    listing,
    new_figure,
    plain,
    room_for_labels,
    shorten,
    style,
    text_inches,
)

__all__ = ["vote_results"]


def _pair(result: Any) -> tuple[str, int]:
    """(name, dots) from a ``VoteResult`` or a plain pair."""
    candidate = getattr(result, "candidate", None)
    if candidate is not None:
        return str(candidate.name), int(result.dots)
    name, dots = result
    return str(name), int(dots)


def vote_results(results: Iterable[Any], *, title: str = "Dots per name candidate"
                 ) -> Chart | None:
    """Bars of dots per candidate, most first, each labelled with its dots and share.

    ``results`` is what ``Workbook.results(vote_id)`` returns (or ``(name, dots)``
    pairs). None when there is no candidate.
    """
    pairs = sorted((_pair(r) for r in results), key=lambda p: (-p[1], p[0].casefold()))
    if not pairs:
        return None
    total = sum(d for _, d in pairs)
    top = pairs[0][1]
    with style():
        figure = new_figure(9, 1.4 + 0.55 * len(pairs))
        ax = figure.add_subplot()
        rows = range(len(pairs))
        colours = [PALETTE["blue"] if d == top and top else PALETTE["sky"] for _, d in pairs]
        ax.barh(rows, [d for _, d in pairs], color=colours, edgecolor=PALETTE["black"])
        labels = [plain(n, 40) for n, _ in pairs]
        ax.set_yticks(list(rows), labels)
        ax.invert_yaxis()
        words = []
        for row, (_, dots) in zip(rows, pairs, strict=True):
            share = f" ({100 * dots / total:.0f}%)" if total else ""
            mark = ", most dots" if dots == top and top else ""
            words.append(f" {dots} dot{'s' if dots != 1 else ''}{share}{mark}")
            ax.text(dots, row, words[-1], va="center", ha="left")
        ax.set_xlabel("Dots")
        ax.set_title(title, loc="left")
        fit(figure, left=text_inches(figure, labels) + 0.3)
        room_for_labels(ax, [d for _, d in pairs], words)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    winners = [shorten(n, 60) for n, d in pairs if d == top and top]
    parts = [f"{shorten(n, 60)}: {d} dot{'s' if d != 1 else ''}" for n, d in pairs]
    alt = (f"Bar chart of a dot vote on {len(pairs)} name candidates, {total} dots in all. "
           f"{listing(parts, 30)}."
           + (f" Most dots: {' and '.join(winners)}." if winners else " No dots were cast."))
    return Chart(figure, capped(alt), title)
