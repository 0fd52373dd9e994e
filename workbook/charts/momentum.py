"""Momentum: who came to each meeting, and how much of the room were employers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..i18n import _, format_date, format_percent, ngettext
from ..store import Workbook
from .base import PALETTE, Chart, capped, fit, listing, new_figure, style

__all__ = ["MAX_MEETINGS", "momentum_chart"]

MAX_MEETINGS = 24
"""The most recent meetings drawn at most."""


def _meeting_line(row: Any) -> str:
    """``"January 21, 2027: 12 people, 5 employers (42%)"`` for the alt text."""
    count = int(row.employers)
    values: dict[str, Any] = {"day": format_date(row.held_on),
                              "people": int(row.attendees), "count": count}
    if row.employer_share == row.employer_share:  # not NaN
        values["share"] = format_percent(row.employer_share)
        return ngettext("{day}: {people} people, {count} employer ({share})",
                        "{day}: {people} people, {count} employers ({share})",
                        count).format(**values)
    return ngettext("{day}: {people} people, {count} employer",
                    "{day}: {people} people, {count} employers", count).format(**values)


def momentum_chart(source: Any, *, today: dt.date | None = None) -> Chart | None:
    """Attendees per meeting (employers and others stacked, totals written on top) and,
    below, the employers' share of the room against the half-way line.

    ``source`` is a workbook or ``analyses.momentum_frame(wb)``; the last 24 meetings
    are drawn. Others are hatched as well as coloured. None when no meeting was held.
    """
    if isinstance(source, Workbook):
        from ..analyses import momentum_frame

        source = momentum_frame(source, today=today)
    if source is None or source.empty:
        return None
    rows = list(source.itertuples(index=False))
    drawn = rows[-MAX_MEETINGS:]
    title = _("Attendance and employers' share of the room")
    positions = range(len(drawn))
    employers = [int(r.employers) for r in drawn]
    others = [int(r.attendees) - int(r.employers) for r in drawn]
    with style():
        figure = new_figure(max(8.0, 2.0 + 0.55 * len(drawn)), 7.2)
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        top.bar(positions, employers, color=PALETTE["blue"], edgecolor=PALETTE["black"],
                label=_("Employers"), gid="employer-bars")
        top.bar(positions, others, bottom=employers, color=PALETTE["orange"], hatch="//",
                edgecolor=PALETTE["black"], label=_("Others"), gid="other-bars")
        for x, row in zip(positions, drawn, strict=True):
            top.text(x, int(row.attendees), str(int(row.attendees)), ha="center", va="bottom")
        top.set_ylim(0, max(int(r.attendees) for r in drawn) * 1.25 + 1)
        top.set_ylabel(_("People"))
        top.yaxis.get_major_locator().set_params(integer=True)
        top.legend(loc="upper left", ncols=2)
        top.set_title(title, loc="left")
        shares = [(x, 100 * r.employer_share) for x, r in zip(positions, drawn, strict=True)
                  if r.employer_share == r.employer_share]
        bottom.axhline(50, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5)
        # Named just outside the plot, where no point of the line can cover the words.
        bottom.text(1.01, 50, _("half\nthe room"), ha="left", va="center",
                    transform=bottom.get_yaxis_transform(), color=PALETTE["vermillion"])
        if shares:
            bottom.plot([x for x, _ in shares], [s for _, s in shares], color=PALETTE["blue"],
                        marker="o", linewidth=2, gid="share-line")
        bottom.set_ylim(0, 105)
        bottom.set_ylabel(_("Employers (%)"))
        bottom.set_xticks(list(positions), [format_date(r.held_on, "medium") for r in drawn],
                          rotation=45, ha="right", rotation_mode="anchor")
        bottom.set_xlim(-0.6, len(drawn) - 0.4)
        fit(figure, left=1.0, right=1.2, bottom=1.3, hspace=0.12)
    lines = [_meeting_line(r) for r in drawn]
    under_half = sum(1 for r in drawn if r.employer_share == r.employer_share
                     and r.employer_share < 0.5)
    alt = " ".join([
        _("Bar and line chart of the last {drawn} of {count} meetings.").format(
            drawn=len(drawn), count=len(rows)),
        listing(lines, MAX_MEETINGS) + ".",
        ngettext("Employers were fewer than half the room at {count} of them.",
                 "Employers were fewer than half the room at {count} of them.",
                 under_half).format(count=under_half)])
    return Chart(figure, capped(alt), title)
