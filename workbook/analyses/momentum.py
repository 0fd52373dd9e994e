"""Momentum: is the partnership's energy holding? Derived from meetings and actions only.

Everything is measured as of one day (``today``, the real date unless given): meetings
dated after it have not happened yet and are left out. Attendance figures count the
meetings whose attendance was recorded (a meeting with nobody marked present says more
about the record than about the room). An *employer* is a person of a business
organisation. An action is *overdue* when it is open or under way and its due date is
before ``today``; due today is not overdue yet; no due date is never overdue.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa

from .. import reference
from ..i18n import _, format_date, format_number, format_percent, ngettext
from ..model import ActionItem, Meeting, Organisation, Person
from ..store import Workbook
from ..store.schema import attendance, table_for
from ._read import OPEN_ACTION, day_of, frame, read
from .evaluation import EvaluationPoint, evaluation_trend

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DAYS_PER_MONTH", "FALLING_BELOW", "MAX_DAYS_BETWEEN", "RECENT_DAYS", "Indicator",
           "MeetingFigures", "Momentum", "MomentumPoint", "meeting_figures", "momentum",
           "momentum_frame", "momentum_of", "momentum_of_columns", "momentum_points",
           "momentum_points_frame", "warnings"]

MAX_DAYS_BETWEEN = 45
"""More days than this since the last meeting earns a warning."""

RECENT_DAYS = 90
"""The window of the recent meeting rate."""

DAYS_PER_MONTH = 365.25 / 12

FALLING_BELOW = 0.9
"""Attendance is falling when the later half of the meetings averages below this share
of the earlier half (a drop of more than a tenth)."""


@dataclass(frozen=True)
class Indicator:
    """One line of the momentum table: what, how much, and a note on how it was counted."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class MeetingFigures:
    """Who was in the room at one meeting."""

    meeting_id: int
    held_on: dt.date
    kind: str
    attendees: int
    employers: int

    @property
    def employer_share(self) -> float | None:
        """Employers / attendees; None when no attendance was recorded."""
        return self.employers / self.attendees if self.attendees else None


@dataclass(frozen=True)
class Momentum:
    """The momentum figures of a workbook as of ``as_of``; None where there is no basis."""

    as_of: dt.date
    meetings: int
    first_meeting_on: dt.date | None
    last_meeting_on: dt.date | None
    days_since_last_meeting: int | None
    meetings_per_month: float | None  # (meetings - 1) over the months from first to last
    meetings_last_90_days: int
    meetings_per_month_recent: float  # meetings in the last 90 days, per month
    meetings_with_objective: int
    share_with_objective: float | None
    mean_attendance: float | None
    attendance_first_half: float | None
    attendance_last_half: float | None
    attendance_trend: float | None  # last half minus first half, people per meeting
    employer_share: float | None  # employers among all attendances recorded
    last_meeting_attendees: int | None
    last_meeting_employers: int | None
    last_meeting_employer_share: float | None
    actions: int
    actions_done: int
    actions_dropped: int
    action_completion: float | None  # done / (all actions not dropped)
    open_actions: int
    overdue_actions: int
    per_meeting: tuple[MeetingFigures, ...] = ()
    evaluations: tuple[EvaluationPoint, ...] = ()  # evaluated meetings, oldest first

    @property
    def attendance_falling(self) -> bool:
        """True when the later meetings average less than 90% of the earlier ones."""
        first, last = self.attendance_first_half, self.attendance_last_half
        return first is not None and last is not None and last < first * FALLING_BELOW

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The figures as labelled lines, for tables in views and summaries."""
        if not self.meetings:
            return (Indicator(_("Meetings held"), "0", _("no meeting on or before {date}").format(
                date=_day(self.as_of))), *self._action_indicators())
        assert self.last_meeting_on is not None and self.first_meeting_on is not None
        rate = ("" if self.meetings_per_month is None
                else format_number(self.meetings_per_month, digits=1))
        lines = [
            Indicator(_("Meetings held"), format_number(self.meetings),
                      _("since {date}").format(date=_day(self.first_meeting_on))),
            Indicator(_("Days since the last meeting"),
                      _("n/a") if self.days_since_last_meeting is None
                      else format_number(self.days_since_last_meeting),
                      _("last met on {date}").format(date=_day(self.last_meeting_on))),
            Indicator(_("Meetings per month"), rate or _("n/a"),
                      ngettext("{rate} in the last {count} day", "{rate} in the last {count} days",
                               RECENT_DAYS).format(
                          rate=format_number(self.meetings_per_month_recent, digits=1),
                          count=RECENT_DAYS)),
            Indicator(_("Meetings with an objective"), _percent(self.share_with_objective),
                      _("{part} of {whole}").format(part=self.meetings_with_objective,
                                                    whole=self.meetings)),
        ]
        if self.mean_attendance is not None:
            note = ""
            if self.attendance_first_half is not None and self.attendance_last_half is not None:
                note = _("earlier half {earlier}, later half {later}").format(
                    earlier=format_number(self.attendance_first_half, digits=1),
                    later=format_number(self.attendance_last_half, digits=1))
            lines.append(Indicator(_("People per meeting"),
                                   format_number(self.mean_attendance, digits=1), note))
            every = (_("all meetings") if self.last_meeting_employer_share is None else
                     _("all meetings; {part} of {whole} at the last meeting").format(
                         part=self.last_meeting_employers, whole=self.last_meeting_attendees))
            lines.append(Indicator(_("Employers' share of the room"),
                                   _percent(self.employer_share), every))
        return (*lines, *self._action_indicators(), *self._evaluation_indicators())

    def _evaluation_indicators(self) -> tuple[Indicator, ...]:
        scored = [p for p in self.evaluations if p.overall is not None]
        if not scored:
            return ()
        last = scored[-1]
        assert last.overall is not None
        trend = " ".join(f"{_day(p.held_on)}: {format_number(p.overall or 0, digits=1)}"
                         for p in scored[-4:])
        return (Indicator(_("Meeting evaluation (1 to 5)"), format_number(last.overall, digits=1),
                          _("by meeting, latest last: {trend}").format(trend=trend)),)

    def _action_indicators(self) -> tuple[Indicator, ...]:
        counted = self.actions - self.actions_dropped
        return (
            Indicator(_("Actions done"), _percent(self.action_completion),
                      _("{part} of {whole} not dropped").format(part=self.actions_done,
                                                                whole=counted)),
            Indicator(_("Open actions"), format_number(self.open_actions),
                      _("open or under way")),
            Indicator(_("Overdue actions"), format_number(self.overdue_actions),
                      _("due before {date} and still open").format(date=_day(self.as_of))),
        )


def _day(value: dt.date) -> str:
    return format_date(value, "medium")


def _percent(share: float | None) -> str:
    return _("n/a") if share is None else format_percent(share)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _meeting_figures(wb: Workbook, as_of: dt.date) -> tuple[list[sa.Row], list[sa.Row],
                                                            list[MeetingFigures]]:
    """(meeting rows, action rows by status, figures per meeting), in one read."""
    meetings, people = table_for(Meeting), table_for(Person)
    orgs, actions = table_for(Organisation), table_for(ActionItem)
    employer = sa.case((orgs.c.partner_type == "business", 1), else_=0)
    overdue = sa.case((sa.and_(actions.c.status.in_(OPEN_ACTION),
                               actions.c.due_on.is_not(None), actions.c.due_on < as_of), 1),
                      else_=0)
    meeting_rows, head_rows, action_rows = read(
        wb,
        sa.select(meetings.c.id, meetings.c.held_on, meetings.c.kind_of, meetings.c.objective)
        .where(meetings.c.held_on <= as_of, meetings.c.status == "held")
        .order_by(meetings.c.held_on, meetings.c.id),
        sa.select(attendance.c.meeting_id, sa.func.count(), sa.func.sum(employer))
        .select_from(attendance.join(people, people.c.id == attendance.c.person_id)
                     .outerjoin(orgs, orgs.c.id == people.c.organisation_id))
        .group_by(attendance.c.meeting_id),
        sa.select(actions.c.status, sa.func.count(), sa.func.sum(overdue))
        .group_by(actions.c.status),
    )
    heads = {m: (int(n), int(e or 0)) for m, n, e in head_rows}
    return meeting_rows, action_rows, meeting_figures(meeting_rows, heads)


def meeting_figures(meeting_rows: Sequence[Any], heads: Mapping[int, tuple[int, int]]
                    ) -> list[MeetingFigures]:
    """``MeetingFigures`` of held meetings (rows with ``id``, ``held_on``, ``kind_of``),
    ``heads`` giving each meeting's (people present, employers) when recorded."""
    return [MeetingFigures(r.id, r.held_on, reference.MEETING_KINDS.get(r.kind_of, r.kind_of),
                           *heads.get(r.id, (0, 0))) for r in meeting_rows]


def momentum(wb: Workbook, today: dt.date | None = None) -> Momentum:
    """The momentum figures of ``wb`` as of ``today`` (the real date unless given)."""
    as_of = day_of(today)
    meeting_rows, action_rows, figures = _meeting_figures(wb, as_of)
    return momentum_of(as_of, meeting_rows, action_rows, figures,
                       tuple(evaluation_trend(wb, as_of)))


def momentum_of(as_of: dt.date, meeting_rows: Sequence[Any],
                action_rows: Iterable[tuple[str, int, int | None]],
                figures: Sequence[MeetingFigures],
                evaluations: tuple[EvaluationPoint, ...] = ()) -> Momentum:
    """The momentum figures from rows already read: held meetings up to ``as_of``, oldest
    first (``held_on``, ``objective``), (status, count, overdue count) of the actions, and
    ``meeting_figures`` (one per meeting, in the same order)."""
    return momentum_of_columns(
        as_of, [r.held_on for r in meeting_rows],
        sum(1 for r in meeting_rows if (r.objective or "").strip()),
        [f.attendees for f in figures], [f.employers for f in figures], action_rows,
        per_meeting=tuple(figures), evaluations=evaluations)


def momentum_of_columns(as_of: dt.date, days: Sequence[dt.date], with_objective: int,
                        attendees: Sequence[int], employers: Sequence[int],
                        action_rows: Iterable[tuple[str, int, int | None]], *,
                        per_meeting: tuple[MeetingFigures, ...] = (),
                        evaluations: tuple[EvaluationPoint, ...] = ()) -> Momentum:
    """``momentum_of`` from columns, without an object per meeting (the portfolio reads
    thousands of meetings at once): the held meetings' days up to ``as_of``, oldest first;
    how many of them had an objective written down; each one's people present (0: not
    recorded) and employers among them, in the same order; the action rows."""
    count = len(days)
    first = days[0] if days else None
    last = days[-1] if days else None
    rate = None
    if first is not None and last is not None and count >= 2 and last > first:
        rate = (count - 1) / ((last - first).days / DAYS_PER_MONTH)
    # Days are oldest first: the recent ones are those after the window's start.
    recent = len(days) - bisect.bisect_right(days, as_of - dt.timedelta(days=RECENT_DAYS))

    recorded = [n for n in attendees if n]
    half = len(recorded) // 2
    first_half = _mean(recorded[:half]) if half else None
    last_half = _mean(recorded[len(recorded) - half:]) if half else None
    trend = last_half - first_half if first_half is not None and last_half is not None else None
    heads = sum(recorded)
    employed = sum(employers)  # none where nobody was recorded present
    final = (attendees[-1], employers[-1]) if attendees else None

    by_status = {status: (int(n), int(late or 0)) for status, n, late in action_rows}
    total = sum(n for n, _ in by_status.values())
    done = by_status.get("done", (0, 0))[0]
    dropped = by_status.get("dropped", (0, 0))[0]
    return Momentum(
        as_of=as_of, meetings=count, first_meeting_on=first, last_meeting_on=last,
        days_since_last_meeting=(as_of - last).days if last is not None else None,
        meetings_per_month=rate, meetings_last_90_days=recent,
        meetings_per_month_recent=recent / (RECENT_DAYS / DAYS_PER_MONTH),
        meetings_with_objective=with_objective,
        share_with_objective=with_objective / count if count else None,
        mean_attendance=_mean(recorded), attendance_first_half=first_half,
        attendance_last_half=last_half, attendance_trend=trend,
        employer_share=employed / heads if heads else None,
        last_meeting_attendees=final[0] if final else None,
        last_meeting_employers=final[1] if final else None,
        last_meeting_employer_share=final[1] / final[0] if final and final[0] else None,
        actions=total, actions_done=done, actions_dropped=dropped,
        action_completion=done / (total - dropped) if total - dropped else None,
        open_actions=sum(by_status.get(s, (0, 0))[0] for s in OPEN_ACTION),
        overdue_actions=sum(by_status.get(s, (0, 0))[1] for s in OPEN_ACTION),
        per_meeting=per_meeting,
        evaluations=evaluations,
    )


def warnings(m: Momentum) -> list[str]:
    """What the facilitator should act on, in plain words; empty when momentum holds."""
    found: list[str] = []
    if not m.meetings:
        found.append(_("No meeting has been held yet: a kick-off with a clear objective gets "
                       "the partnership going."))
    days = m.days_since_last_meeting
    if days is not None and days > MAX_DAYS_BETWEEN and m.last_meeting_on is not None:
        found.append(_("{count} days have passed since the last meeting ({date}): more than "
                       "{most} days between meetings lets energy drain away. Set the next "
                       "date.").format(count=days, date=_day(m.last_meeting_on),
                                       most=MAX_DAYS_BETWEEN))
    missing = m.meetings - m.meetings_with_objective
    if missing:
        found.append(ngettext("{count} meeting of {whole} had no objective written down: give "
                              "every meeting a clear one.",
                              "{count} meetings of {whole} had no objective written down: give "
                              "every meeting a clear one.", missing).format(
            count=missing, whole=m.meetings))
    share = m.last_meeting_employer_share
    if share is not None and share < 0.5:
        found.append(_("Employers were {part} of {whole} people at the last meeting: fewer "
                       "than half the room. The employers should lead; invite them back.").format(
            part=m.last_meeting_employers, whole=m.last_meeting_attendees))
    if m.overdue_actions:
        found.append(ngettext("{count} action is overdue: follow up with the owners before "
                              "the next meeting.",
                              "{count} actions are overdue: follow up with the owners before "
                              "the next meeting.", m.overdue_actions).format(
            count=m.overdue_actions))
    if m.attendance_falling:
        assert m.attendance_first_half is not None and m.attendance_last_half is not None
        found.append(_("Attendance is falling: the later meetings drew {later} people on "
                       "average, the earlier ones {earlier}. Ask partners what would bring "
                       "them back.").format(
            later=format_number(m.attendance_last_half, digits=1),
            earlier=format_number(m.attendance_first_half, digits=1)))
    return found


class MomentumPoint(NamedTuple):
    """One meeting in ``momentum_points``: the columns of ``momentum_frame``."""

    meeting_id: int
    held_on: dt.date
    kind: str
    attendees: int
    employers: int
    employer_share: float  # NaN when no attendance was recorded


MOMENTUM_COLUMNS = MomentumPoint._fields


def momentum_frame(wb: Workbook, today: dt.date | None = None) -> pd.DataFrame:
    """One row per meeting held up to ``today``, oldest first, for charts.

    Columns: ``meeting_id``, ``held_on`` (date), ``kind`` (words), ``attendees``,
    ``employers`` and ``employer_share`` (NaN when no attendance was recorded).
    """
    return momentum_points_frame(momentum_points(wb, today))


def momentum_points(wb: Workbook, today: dt.date | None = None) -> list[MomentumPoint]:
    """The rows of ``momentum_frame`` as plain named tuples, without pandas."""
    _, _, figures = _meeting_figures(wb, day_of(today))
    return [MomentumPoint(f.meeting_id, f.held_on, f.kind, f.attendees, f.employers,
                          f.employer_share if f.employer_share is not None else float("nan"))
            for f in figures]


def momentum_points_frame(points: Iterable[MomentumPoint]) -> pd.DataFrame:
    """``points`` (from ``momentum_points``) as the DataFrame ``momentum_frame`` returns."""
    return frame(points, MOMENTUM_COLUMNS,
                 {"attendees": "int64", "employers": "int64", "employer_share": "float64"})
