"""A portfolio: where each of many partnerships stands, one row each, for a workforce board.

``portfolio(targets, today)`` reads each workbook (a file, or a partnership in a
database; the partnerships of one database all at once) and returns one ``PortfolioRow``
per target: the phase, the last and the next meeting, the momentum warnings, the open and
overdue actions and the health trend. A workbook that cannot be opened gets a row that
says why, instead of stopping the rest.
``portfolio_targets`` finds the workbooks: every partnership the connecting role may see
in a database, and the workbook files of a folder. ``sort_rows`` orders rows by one column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import reference
from ..errors import WorkbookError
from ..i18n import N_
from ..model import Meeting, current_meeting, next_meeting
from ..store import Workbook
from ..store.portfolio import PartnershipFigures
from ..store.postgres import DbTarget, partnerships
from .counts import OPEN_STATUSES, status_counts

__all__ = ["SORT_KEYS", "PortfolioRow", "portfolio", "portfolio_row", "portfolio_targets",
           "row_of_figures", "sort_rows"]

_PHASE_ORDER = {p.key: n for n, p in enumerate(reference.PHASES)}


@dataclass(frozen=True)
class PortfolioRow:
    """Where one partnership stands (``problem`` set, and the rest empty, if unreadable).

    ``health_trend`` is ``"rising"``, ``"steady"`` or ``"falling"`` (the partners' latest
    health-check scores against their previous ones, summed), or ``""`` before any
    partner has been checked twice; ``health_change`` is that sum.
    """

    target: Path | DbTarget
    name: str = ""
    phase: str = ""
    phase_title: str = ""
    last_meeting: dt.date | None = None
    next_meeting: dt.date | None = None
    warnings: tuple[str, ...] = field(default=())
    open_actions: int = 0
    overdue_actions: int = 0
    health_trend: str = ""
    health_change: int | None = None
    problem: str = ""

    @property
    def where(self) -> str:
        """How a notebook opens it: the environment variables to set."""
        if isinstance(self.target, DbTarget):
            return f"WORKBOOK_DB=… WORKBOOK_PARTNERSHIP={self.target.slug}"
        return f"WORKBOOK={self.target}"


def _health(wb: Workbook) -> tuple[str, int | None]:
    from .health import health_trend

    trend = health_trend(wb)
    changes = [int(c) for c in trend["change"].dropna()] if len(trend) else []
    if not changes:
        return "", None
    total = sum(changes)
    return ("rising" if total > 0 else "falling" if total < 0 else "steady"), total


def _warnings(wb: Workbook, today: dt.date) -> tuple[str, ...]:
    from .momentum import momentum, warnings

    return tuple(warnings(momentum(wb, today=today)))


def portfolio_row(wb: Workbook, target: Path | DbTarget, today: dt.date) -> PortfolioRow:
    """The row of one open workbook, as of ``today``."""
    counts = status_counts(wb, today=today)
    meetings = wb.all(Meeting)
    last, upcoming = current_meeting(meetings, today), next_meeting(meetings, today)
    trend, change = _health(wb)
    return PortfolioRow(
        target=target, name=counts["display_name"], phase=counts["phase"],
        phase_title=reference.phase(counts["phase"]).title,
        last_meeting=last.held_on if last else None,
        next_meeting=upcoming.held_on if upcoming else None,
        warnings=_warnings(wb, today), open_actions=int(counts["open_actions"]),
        overdue_actions=int(counts["overdue_actions"]), health_trend=trend,
        health_change=change)


def portfolio(targets: Iterable[Path | DbTarget], *,
              today: dt.date | None = None) -> list[PortfolioRow]:
    """One row per target, in the order given; never writes (no daily backup either).

    The partnerships of one database are read together (``store.portfolio``: a few
    queries for all of them, as the role, row-level security deciding which); a file,
    or a partnership that read does not show (not yours, or gone), is opened alone, so
    its row says why it cannot be read.
    """
    today = today or dt.date.today()
    targets = list(targets)
    known = _read_databases([t for t in targets if isinstance(t, DbTarget)], today)
    rows = []
    for target in targets:
        if isinstance(target, DbTarget) and target in known:
            rows.append(known[target])
            continue
        try:
            with Workbook.open(target, daily_backup=False) as wb:
                rows.append(portfolio_row(wb, target, today))
        except WorkbookError as exc:
            rows.append(PortfolioRow(target=target, name=str(target), problem=str(exc)))
    return rows


def _read_databases(targets: list[DbTarget], today: dt.date) -> dict[DbTarget, PortfolioRow]:
    from ..store.portfolio import read_portfolio

    by_url: dict[str, list[DbTarget]] = {}
    for target in targets:
        by_url.setdefault(target.url, []).append(target)
    rows: dict[DbTarget, PortfolioRow] = {}
    for url, wanted in by_url.items():
        try:
            figures = read_portfolio(url, today, [t.slug for t in wanted])
        except WorkbookError:
            continue  # each target, opened alone, gets its row with the reason
        for target in wanted:
            if figures is not None and target.slug in figures:
                rows[target] = row_of_figures(figures[target.slug], target, today)
    return rows


def row_of_figures(figures: PartnershipFigures, target: Path | DbTarget,
                   today: dt.date) -> PortfolioRow:
    """The row of one partnership from what ``store.portfolio`` read of it: the same
    figures ``portfolio_row`` finds by opening it (the momentum it builds on the way
    holds what the warnings read, not every figure: employers only at the last meeting,
    and no figures per meeting)."""
    from .momentum import momentum_of_columns, warnings

    people = list(figures.held_people)
    employers = [0] * len(people)
    if people:  # who was at the last meeting, as counted with their organisations
        people[-1], employers[-1] = figures.last_heads
    state = momentum_of_columns(today, figures.held_days, sum(figures.held_objectives),
                                people, employers, figures.actions)
    open_actions = sum(n for status, n, _ in figures.actions if status in OPEN_STATUSES)
    overdue = sum(late for status, _, late in figures.actions if status in OPEN_STATUSES)
    trend, change = _trend_of(figures.checks)
    days = figures.held_days
    return PortfolioRow(
        target=target, name=figures.display_name, phase=figures.phase,
        phase_title=reference.phase(figures.phase).title,
        last_meeting=days[-1] if days else None, next_meeting=figures.next_planned,
        warnings=tuple(warnings(state)), open_actions=open_actions, overdue_actions=overdue,
        health_trend=trend, health_change=change)


def _trend_of(checks: Iterable[tuple[int, dt.date, int]]) -> tuple[str, int | None]:
    """As ``_health``: each partner's latest score against its previous one, summed."""
    by_partner: dict[int, list[int]] = {}
    for organisation_id, _day, score in checks:
        by_partner.setdefault(organisation_id, []).append(score)
    changes = [s[-1] - s[-2] for s in by_partner.values() if len(s) > 1]
    if not changes:
        return "", None
    total = sum(changes)
    return ("rising" if total > 0 else "falling" if total < 0 else "steady"), total


def portfolio_targets(db_url: str | None = None,
                      folder: Path | None = None) -> list[Path | DbTarget]:
    """Every partnership in the database at ``db_url`` the role may see, by slug, then the
    workbook files (``*.sqlite``) directly in ``folder``, by name."""
    found: list[Path | DbTarget] = []
    if db_url:
        found += [DbTarget(db_url, m.slug) for m in partnerships(db_url)]
    if folder is not None and folder.is_dir():
        found += sorted(folder.glob("*.sqlite"))
    return found


def _date_key(value: dt.date | None) -> tuple[int, dt.date]:
    return (1, dt.date.max) if value is None else (0, value)


SORT_KEYS: dict[str, tuple[str, Callable[[PortfolioRow], Any]]] = {
    "name": (N_("Partnership"), lambda r: r.name.casefold()),
    "phase": (N_("Phase"), lambda r: _PHASE_ORDER.get(r.phase, -1)),
    "last_meeting": (N_("Last meeting"), lambda r: _date_key(r.last_meeting)),
    "next_meeting": (N_("Next meeting"), lambda r: _date_key(r.next_meeting)),
    "warnings": (N_("Momentum warnings"), lambda r: len(r.warnings)),
    "open_actions": (N_("Open actions"), lambda r: r.open_actions),
    "overdue_actions": (N_("Overdue actions"), lambda r: r.overdue_actions),
    "health": (N_("Health trend"), lambda r: (r.health_change is None, r.health_change or 0)),
}
"""Column key: (its heading, the sort key of a row). Unknown dates sort last."""


def sort_rows(rows: Iterable[PortfolioRow], key: str = "name", *,
              descending: bool = False) -> list[PortfolioRow]:
    """``rows`` ordered by the column ``key`` (see ``SORT_KEYS``), ties by name.

    Raises ``KeyError`` for an unknown column.
    """
    _, by = SORT_KEYS[key]
    ordered = sorted(rows, key=lambda r: r.name.casefold())
    return sorted(ordered, key=by, reverse=descending)
