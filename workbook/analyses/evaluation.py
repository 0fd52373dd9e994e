"""Meeting evaluations: per-statement scores, comments and the trend across meetings.

Anonymity rule: a meeting's results (scores, spread, comments) are shown only once at
least ``MIN_ANSWERS`` people answered; below that only the count of answers is given, so
no single person's answer can be read off. Scores are means on the 1-5 scale over the
people who scored that statement (a skipped statement counts for nobody).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import reference
from ..i18n import _, format_number, ngettext
from ..model import MIN_ANSWERS, STATEMENT_KEYS, EvaluationAnswer, Meeting
from ..store import Workbook

__all__ = ["EvaluationPoint", "MeetingEvaluation", "StatementScore", "evaluate",
           "evaluation_line", "evaluation_trend"]


@dataclass(frozen=True)
class StatementScore:
    """One statement: its words, mean score (1-5), how many scored it, and the spread."""

    key: str
    statement: str
    mean: float | None
    scored: int
    spread: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5


@dataclass(frozen=True)
class MeetingEvaluation:
    """The evaluation of one meeting; ``shown`` False means too few answers to show any."""

    meeting_id: int
    held_on: dt.date
    answers: int
    shown: bool
    scores: tuple[StatementScore, ...]
    comments: tuple[str, ...]

    @property
    def overall(self) -> float | None:
        """The mean of the statement means; None when hidden or nothing was scored."""
        means = [s.mean for s in self.scores if s.mean is not None]
        return sum(means) / len(means) if self.shown and means else None

    @property
    def words(self) -> str:
        """What the evaluation says in one line, honest about hidden results."""
        if not self.answers:
            return _("Nobody has filled in the evaluation yet.")
        if not self.shown:
            return ngettext("{count} answered; results show once {least} people have answered, "
                            "so nobody's answer can be picked out.",
                            "{count} answered; results show once {least} people have answered, "
                            "so nobody's answer can be picked out.", self.answers).format(
                count=self.answers, least=MIN_ANSWERS)
        overall = self.overall
        if overall is None:
            return ngettext("{count} answered with comments only.",
                            "{count} answered with comments only.", self.answers).format(
                count=self.answers)
        return ngettext("{count} answered; on average {mean} out of 5.",
                        "{count} answered; on average {mean} out of 5.", self.answers).format(
            count=self.answers, mean=format_number(overall, digits=1))


@dataclass(frozen=True)
class EvaluationPoint:
    """One evaluated meeting in the trend: its day, answers and overall score (or None)."""

    meeting_id: int
    held_on: dt.date
    answers: int
    overall: float | None


def _evaluate(meeting: Meeting, answers: list[EvaluationAnswer]) -> MeetingEvaluation:
    assert meeting.id is not None
    shown = len(answers) >= MIN_ANSWERS
    scores = []
    for key in STATEMENT_KEYS:
        given = [getattr(a, key) for a in answers if getattr(a, key) is not None]
        spread = tuple(given.count(n) for n in range(1, 6)) if shown else (0, 0, 0, 0, 0)
        scores.append(StatementScore(
            key, reference.EVALUATION_STATEMENTS[key],
            sum(given) / len(given) if shown and given else None,
            len(given) if shown else 0, spread))  # type: ignore[arg-type]
    comments = tuple(a.comment.strip() for a in answers if a.comment.strip()) if shown else ()
    return MeetingEvaluation(meeting.id, meeting.held_on, len(answers), shown,
                             tuple(scores), comments)


def evaluate(wb: Workbook, meeting_id: int) -> MeetingEvaluation:
    """The evaluation of one meeting. Raises NotFoundError for an unknown meeting."""
    meeting = wb.get(Meeting, meeting_id)
    return _evaluate(meeting, wb.all(EvaluationAnswer, meeting_id=meeting_id))


def evaluation_trend(wb: Workbook, today: dt.date | None = None) -> list[EvaluationPoint]:
    """Every meeting up to ``today`` with at least one answer, oldest first.

    ``overall`` is None for a meeting with fewer than ``MIN_ANSWERS`` answers.
    """
    by_meeting: dict[int, list[EvaluationAnswer]] = {}
    for answer in wb.all(EvaluationAnswer):
        by_meeting.setdefault(answer.meeting_id, []).append(answer)
    meetings = [m for m in wb.all(Meeting) if m.id in by_meeting
                and (today is None or m.held_on <= today)]
    points = []
    for meeting in sorted(meetings, key=lambda m: (m.held_on, m.id)):
        result = _evaluate(meeting, by_meeting[meeting.id or 0])
        points.append(EvaluationPoint(result.meeting_id, result.held_on, result.answers,
                                      result.overall))
    return points


def evaluation_line(wb: Workbook, today: dt.date | None = None) -> str:
    """The evaluation trend in one line for start-here, latest last; "" when none shows.

    For example ``"3.6, 3.9, 4.1 out of 5 (up since the meeting before)"``.
    """
    scored = [p.overall for p in evaluation_trend(wb, today) if p.overall is not None]
    if not scored:
        return ""
    recent = ", ".join(format_number(v, digits=1) for v in scored[-4:])
    if len(scored) < 2:
        return _("{scores} out of 5 at the last evaluated meeting").format(scores=recent)
    change = scored[-1] - scored[-2]
    if change >= 0.1:
        return _("{scores} out of 5, latest last (up since the meeting before)").format(
            scores=recent)
    if change <= -0.1:
        return _("{scores} out of 5, latest last (down since the meeting before)").format(
            scores=recent)
    return _("{scores} out of 5, latest last (steady since the meeting before)").format(
        scores=recent)
