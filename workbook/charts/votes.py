"""The dot-vote results: dots per candidate as labelled horizontal bars."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matplotlib.ticker import MaxNLocator

from ..i18n import _, format_list, format_number, format_percent, ngettext
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


def _dots_label(dots: int, total: int, most: bool) -> str:
    """``"5 dots (42%), most dots"``: a bar's label."""
    values = {"count": format_number(dots),
              "share": format_percent(dots / total) if total else ""}
    if not total:
        return ngettext("{count} dot", "{count} dots", dots).format(**values)
    if most:
        return ngettext("{count} dot ({share}), most dots", "{count} dots ({share}), most dots",
                        dots).format(**values)
    return ngettext("{count} dot ({share})", "{count} dots ({share})", dots).format(**values)


def _pair(result: Any) -> tuple[str, int]:
    """(name, dots) from a ``VoteResult`` or a plain pair."""
    candidate = getattr(result, "candidate", None)
    if candidate is not None:
        return str(candidate.name), int(result.dots)
    name, dots = result
    return str(name), int(dots)


def vote_results(results: Iterable[Any], *, title: str | None = None) -> Chart | None:
    """Bars of dots per candidate, most first, each labelled with its dots and share.

    ``results`` is what ``Workbook.results(vote_id)`` returns (or ``(name, dots)``
    pairs). None when there is no candidate.
    """
    pairs = sorted((_pair(r) for r in results), key=lambda p: (-p[1], p[0].casefold()))
    if not pairs:
        return None
    title = title or _("Dots per name candidate")
    total = sum(d for _name, d in pairs)
    top = pairs[0][1]
    with style():
        figure = new_figure(9, 1.4 + 0.55 * len(pairs))
        ax = figure.add_subplot()
        rows = range(len(pairs))
        colours = [PALETTE["blue"] if d == top and top else PALETTE["sky"] for _name, d in pairs]
        ax.barh(rows, [d for _name, d in pairs], color=colours, edgecolor=PALETTE["black"])
        labels = [plain(n, 40) for n, _dots in pairs]
        ax.set_yticks(list(rows), labels)
        ax.invert_yaxis()
        words = []
        for row, (_name, dots) in zip(rows, pairs, strict=True):
            words.append(" " + _dots_label(dots, total, dots == top and bool(top)))
            ax.text(dots, row, words[-1], va="center", ha="left")
        ax.set_xlabel(_("Dots"))
        ax.set_title(title, loc="left")
        fit(figure, left=text_inches(figure, labels) + 0.3)
        room_for_labels(ax, [d for _name, d in pairs], words)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    winners = [shorten(n, 60) for n, d in pairs if d == top and top]
    parts = [ngettext("{name}: {count} dot", "{name}: {count} dots", d).format(
        name=shorten(n, 60), count=format_number(d)) for n, d in pairs]
    alt = " ".join([
        ngettext("Bar chart of a dot vote on {count} name candidate, {total} dots in all.",
                 "Bar chart of a dot vote on {count} name candidates, {total} dots in all.",
                 len(pairs)).format(count=len(pairs), total=format_number(total)),
        listing(parts, 30) + ".",
        _("Most dots: {names}.").format(names=format_list(winners)) if winners
        else _("No dots were cast.")])
    return Chart(figure, capped(alt), title)
