"""Progress on the partnership's outcomes: each one's readings against baseline, benchmark
and target, and whether anyone has read it lately.

Everything is measured as of one day (``today``, the real date unless given): readings
dated after it are left out. The *baseline* is the outcome's own baseline value, or else
its first numeric reading. The *direction* says which way is better: for "lower is better"
(time to fill an opening) a value at or under the target meets it. An outcome is *stale*
when it has no reading at all, or none in the last ``reference.STALE_DAYS`` (90) days.
Wins are counted by meeting: a meeting's *new* wins are those won after the meeting
before it, up to this meeting's day (open-ended for the latest meeting, like the summary's
other "what is new" lists), plus any recorded at the meeting itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .. import reference
from ..i18n import N_, Titles
from ..model import Meeting, Organisation, Outcome, Reading, Win
from ..store import Workbook
from .momentum import momentum

__all__ = ["FROM_MOMENTUM", "STATUSES", "OutcomeProgress", "WinRow", "format_value",
           "momentum_reading", "new_wins", "outcome_progress", "progress_of", "stale_outcomes"]

STATUSES: Titles[str] = Titles({
    "target_met": N_("Target met"),
    "beats_benchmark": N_("Better than the benchmark"),
    "below_benchmark": N_("Not yet at the benchmark"),
    "improving": N_("Better than the baseline"),
    "slipping": N_("Worse than the baseline"),
    "steady": N_("Same as the baseline"),
    "no_comparison": N_("Nothing to compare with yet"),
    "text_only": N_("Read in words only"),
    "no_reading": N_("No reading yet"),
})
"""What the latest reading says about an outcome, from best news to no news."""


@dataclass(frozen=True)
class OutcomeProgress:
    """One outcome as it stands on ``as_of``; values are in ``unit``, None where unknown."""

    outcome_id: int
    description: str
    unit: str
    direction: str  # "higher" or "lower"
    baseline: float | None
    baseline_is_first_reading: bool
    benchmark: float | None
    target: float | None
    benchmark_text: str
    target_text: str
    points: tuple[tuple[dt.date, float], ...]  # numeric readings, oldest first
    readings: int  # readings up to as_of, numeric or not
    latest_on: dt.date | None
    latest_value: float | None  # the latest numeric reading's value
    latest_text: str  # the latest reading's text (words, or its note on a number)
    as_of: dt.date

    @property
    def days_since(self) -> int | None:
        """Days since the latest reading; None when never read."""
        return (self.as_of - self.latest_on).days if self.latest_on else None

    @property
    def stale(self) -> bool:
        """Never read, or not read for more than ``reference.STALE_DAYS`` days."""
        days = self.days_since
        return days is None or days > reference.STALE_DAYS

    @property
    def sign(self) -> int:
        return 1 if self.direction == "higher" else -1

    @property
    def change(self) -> float | None:
        """Latest value minus the baseline (in the unit; positive means it went up)."""
        if self.latest_value is None or self.baseline is None:
            return None
        return self.latest_value - self.baseline

    @property
    def share_of_way(self) -> float | None:
        """How far from baseline to target the latest value is: 0 at baseline, 1 at target.

        None without a baseline, a target or a value, or when they coincide. Below 0 means
        it moved the wrong way; above 1, past the target.
        """
        if None in (self.latest_value, self.baseline, self.target) or \
                self.target == self.baseline:
            return None
        assert self.latest_value is not None and self.baseline is not None
        assert self.target is not None
        return (self.latest_value - self.baseline) / (self.target - self.baseline)

    @property
    def status(self) -> str:
        """A key of ``STATUSES``."""
        if self.readings == 0:
            return "no_reading"
        value = self.latest_value
        if value is None:
            return "text_only"
        if self.target is not None and self.sign * (value - self.target) >= 0:
            return "target_met"
        if self.benchmark is not None:
            return ("beats_benchmark" if self.sign * (value - self.benchmark) >= 0
                    else "below_benchmark")
        if self.baseline is None or (self.baseline_is_first_reading and len(self.points) < 2):
            return "no_comparison"  # the only reading cannot be compared with itself
        moved = self.sign * (value - self.baseline)
        return "improving" if moved > 0 else "slipping" if moved < 0 else "steady"

    @property
    def status_title(self) -> str:
        return STATUSES[self.status]


def format_value(value: float | None, unit: str = "") -> str:
    """``61.5%``, ``$18.25 per hour``, ``1,204 people``: a value as people read it."""
    if value is None:
        return ""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    unit = unit.strip()
    if not unit:
        return number
    if unit == "%":
        return f"{number}%"
    if unit.startswith("$"):
        rest = unit[1:].strip()
        money = f"{value:,.2f}" if value % 1 else number
        return f"${money}" + (f" {rest}" if rest else "")
    return f"{number} {unit}"


def progress_of(outcome: Outcome, readings: Sequence[Reading], as_of: dt.date
                ) -> OutcomeProgress:
    """The progress of one outcome from its readings (any order; later days ignored)."""
    kept = sorted((r for r in readings if r.read_on <= as_of),
                  key=lambda r: (r.read_on, r.id or 0))
    points = tuple((r.read_on, r.value) for r in kept if r.value is not None)
    latest = kept[-1] if kept else None
    latest_number = next((r for r in reversed(kept) if r.value is not None), None)
    baseline = outcome.baseline_value
    from_first = False
    if baseline is None and points:
        baseline, from_first = points[0][1], True
    return OutcomeProgress(
        outcome_id=outcome.id or 0, description=outcome.description, unit=outcome.unit,
        direction=outcome.direction, baseline=baseline,
        baseline_is_first_reading=from_first, benchmark=outcome.benchmark_value,
        target=outcome.target_value, benchmark_text=outcome.benchmark,
        target_text=outcome.target, points=points, readings=len(kept),
        latest_on=latest.read_on if latest else None,
        # The latest reading decides: a later reading in words replaces an older number.
        latest_value=latest.value if latest is not None and latest is latest_number else None,
        latest_text=(latest.text if latest else ""), as_of=as_of)


def outcome_progress(wb: Workbook, *, today: dt.date | None = None) -> list[OutcomeProgress]:
    """Every outcome's progress as of ``today``, in the order the outcomes were added."""
    today = today or dt.date.today()
    by_outcome: dict[int, list[Reading]] = {}
    for reading in wb.all(Reading):
        by_outcome.setdefault(reading.outcome_id, []).append(reading)
    return [progress_of(o, by_outcome.get(o.id or 0, []), today) for o in wb.all(Outcome)]


FROM_MOMENTUM: dict[str, str] = {
    "employer_share": "the employers' share of the room at the last meeting",
    "meetings_per_month": "meetings per month over the last 90 days",
    "actions_done": "the share of agreed actions done (dropped ones left out)",
}
"""Partnership indicators whose reading the momentum figures give (see ``momentum``)."""


def momentum_reading(wb: Workbook, indicator: str | None, *,
                     today: dt.date | None = None) -> float | None:
    """Today's value of a partnership indicator from the momentum figures, in its unit.

    Percentages come as 0..100, rounded to one decimal. None for an indicator not in
    ``FROM_MOMENTUM``, or when the figures have no basis yet (no meeting, no action).
    """
    if indicator not in FROM_MOMENTUM:
        return None
    figures = momentum(wb, today=today)
    if indicator == "employer_share":
        share = figures.last_meeting_employer_share
    elif indicator == "actions_done":
        share = figures.action_completion
    else:
        return round(figures.meetings_per_month_recent, 2) if figures.meetings else None
    return None if share is None else round(100 * share, 1)


def stale_outcomes(progress: Sequence[OutcomeProgress]) -> list[OutcomeProgress]:
    """The outcomes nobody has read for more than ``reference.STALE_DAYS`` days (or ever)."""
    return [p for p in progress if p.stale]


@dataclass(frozen=True)
class WinRow:
    """A win as the partners are told it: the person named only with consent recorded."""

    win_id: int
    won_on: dt.date
    kind: str  # the title, e.g. "A person hired"
    description: str
    person: str  # "" unless the person agreed to be named
    partners: tuple[str, ...]  # the partners credited, by name
    outcome: str
    story: str


def new_wins(wb: Workbook, meeting: Meeting, previous: Meeting | None, *,
             is_latest: bool) -> list[WinRow]:
    """The wins new at ``meeting`` (see the module notes), oldest first."""
    since = previous.held_on if previous else None
    until = None if is_latest else meeting.held_on
    orgs = {o.id: o.name for o in wb.all(Organisation)}
    outcomes = {o.id: o.description for o in wb.all(Outcome)}
    credits: dict[int, list[str]] = {}
    for win_id, org_id in wb.win_partner_rows():
        credits.setdefault(win_id, []).append(orgs.get(org_id, ""))
    rows = []
    for win in wb.all(Win):
        at_meeting = win.meeting_id == meeting.id
        in_window = (since is None or win.won_on > since) and (until is None
                                                               or win.won_on <= until)
        if not (at_meeting or (in_window and win.meeting_id in (None, meeting.id))):
            continue
        rows.append(WinRow(
            win_id=win.id or 0, won_on=win.won_on,
            kind=reference.WIN_KINDS.get(win.win_kind, win.win_kind),
            description=win.description,
            person=win.person_name if win.names_person else "",
            partners=tuple(sorted(credits.get(win.id or 0, []), key=str.casefold)),
            outcome=outcomes.get(win.outcome_id, "") if win.outcome_id else "",
            story=win.story))
    return sorted(rows, key=lambda r: (r.won_on, r.win_id))
