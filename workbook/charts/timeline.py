"""The lifecycle timeline: phases as labelled spans, meetings as ticks beneath them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from matplotlib import dates as mdates
from matplotlib.ticker import FuncFormatter

from .. import reference
from ..i18n import _, format_date, ngettext
from ..model import Meeting, PhaseChange
from ..store import Workbook
from .base import PALETTE, Chart, capped, fit, listing, new_figure, style

__all__ = ["lifecycle_timeline"]

_PHASE_COLOURS = dict(zip((p.key for p in reference.PHASES),
                          ("sky", "yellow", "orange", "green", "blue", "purple"), strict=True))
_RAW_TITLES = {p.key: p.title for p in reference.PHASES}


class _PhaseTitles:
    """A phase's title in the reader's language (``reference`` marks them for the
    catalog)."""

    def __getitem__(self, key: str) -> str:
        return _(_RAW_TITLES[key])


_TITLES = _PhaseTitles()


def _spans(history: Sequence[PhaseChange], end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    ordered = sorted(history, key=lambda c: (c.changed_on, c.id or 0))
    return [(change.phase, change.changed_on,
             ordered[n + 1].changed_on if n + 1 < len(ordered) else end)
            for n, change in enumerate(ordered)]


def _month_label(value: float, position: int | None = None) -> str:
    """A tick's label: the month and year of a matplotlib date number, via Babel."""
    return format_date(mdates.num2date(value).date(), "MMM y")


def lifecycle_timeline(source: Workbook | Sequence[PhaseChange],
                       meetings: Sequence[Meeting | dt.date] | None = None, *,
                       today: dt.date | None = None) -> Chart | None:
    """Phases as spans (each named on it) over time, and a tick for every meeting.

    Call it with a workbook (its phase history and meetings; with no history yet, the
    current phase runs from the day the partnership was created), or with a phase
    history and meetings (or their dates). The last phase runs to ``today`` or the last
    meeting, whichever is later. None when there is neither a phase nor a meeting.
    """
    today = today or dt.date.today()
    if isinstance(source, Workbook):
        history = list(source.phase_history())
        meetings = source.all(Meeting)
        if not history:
            partnership = source.partnership
            history = [PhaseChange(phase=partnership.phase,
                                   changed_on=partnership.created_on or today)]
    else:
        history = list(source)
    days = sorted(m if isinstance(m, dt.date) else m.held_on for m in (meetings or ()))
    if not history and not days:
        return None
    end = max([today, *days[-1:]])
    spans = _spans(history, end)
    start = min([s for _, s, _ in spans] + days[:1])
    title = _("Where the partnership stands: phases and meetings")
    with style():
        figure = new_figure(12, 3.6)
        ax = figure.add_subplot()
        for n, (phase, begin, finish) in enumerate(spans):
            left, width = mdates.date2num(begin), max((finish - begin).days, 0.5)
            ax.broken_barh([(left, width)], (0.55, 0.8), gid="phase-span",
                           facecolors=PALETTE[_PHASE_COLOURS[phase]],
                           edgecolors=PALETTE["black"])
            # Narrow spans get their name above the bar, staggered so names do not collide.
            narrow = width < (end - start).days / 8
            inside_dark = not narrow and _PHASE_COLOURS[phase] == "blue"
            ax.text(left + width / 2, 1.6 + 0.35 * (n % 2) if narrow else 0.95, _TITLES[phase],
                    ha="center", va="center", fontweight="bold",
                    color="white" if inside_dark else "black")
        if days:
            ax.vlines([mdates.date2num(d) for d in days], -0.35, 0.35, colors=PALETTE["black"],
                      linewidth=2, gid="meeting-ticks")
        ax.set_yticks([0, 0.95], [_("Meetings"), _("Phase")])
        ax.set_ylim(-0.6, 2.2)
        ax.set_xlim(mdates.date2num(start) - 5, mdates.date2num(end) + 5)
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        # Months in the reader's language ("Mar 2026", "mar 2026"), not strftime's English.
        ax.xaxis.set_major_formatter(FuncFormatter(_month_label))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_title(title, loc="left")
        fit(figure, left=1.2, bottom=0.8)
    phases = [ngettext("{phase} from {day} ({count} day)", "{phase} from {day} ({count} days)",
                       (f - b).days).format(phase=_TITLES[p], day=format_date(b),
                                            count=(f - b).days) for p, b, f in spans]
    sentences = [_("Timeline from {start} to {end}.").format(start=format_date(start),
                                                             end=format_date(end))]
    if spans:
        sentences.append(_("Phases: {phases}. Current phase: {phase}.").format(
            phases=listing(phases, 12), phase=_TITLES[spans[-1][0]]))
    if days:
        sentences.append(ngettext(
            "{count} meeting, the first on {first}, the last on {last}: {days}.",
            "{count} meetings, the first on {first}, the last on {last}: {days}.",
            len(days)).format(count=len(days), first=format_date(days[0]),
                              last=format_date(days[-1]),
                              days=listing([format_date(d) for d in days], 24, "; ")))
    else:
        sentences.append(_("No meeting yet."))
    alt = " ".join(sentences)
    return Chart(figure, capped(alt), title)
