"""Partnership health: each partner's latest check against the one before, and whom to
strengthen this month.

A check asks the five questions of the health check (0 no, 1 partly, 2 yes); its score is
their sum, 0 to 10. A partner is *slipping* when its latest score is below the previous
one. Former partners and our own organisation are never suggested for strengthening.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from .. import reference
from ..i18n import _, format_date, ngettext
from ..model import HealthCheck, Organisation
from ..store import Workbook
from ..store.schema import table_for
from ._read import frame, read

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HEALTH_TREND_COLUMNS", "PartnerPick", "health_history", "health_trend",
           "partner_to_strengthen"]

QUESTIONS = tuple(q.key for q in reference.HEALTH_QUESTIONS)

HEALTH_TREND_COLUMNS = ("organisation_id", "organisation", "checked_on", "score",
                        "previous_checked_on", "previous_score", "change", "slipping",
                        "checks", *QUESTIONS, "not_yet")


@dataclass(frozen=True)
class PartnerPick:
    """The partner to strengthen this month, and why, in words."""

    organisation_id: int
    organisation: str
    score: int
    previous_score: int | None
    slipping: bool
    checked_on: dt.date
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Check:
    organisation_id: int
    organisation: str
    partner_type: str
    status: str
    checked_on: dt.date
    answers: tuple[int, ...]

    @property
    def score(self) -> int:
        return sum(self.answers)


def _checks(wb: Workbook) -> list[_Check]:
    """Every check, oldest first per organisation."""
    checks, orgs = table_for(HealthCheck), table_for(Organisation)
    (rows,) = read(wb, sa.select(orgs.c.id, orgs.c.name, orgs.c.partner_type, orgs.c.status,
                                 checks.c.checked_on, *(checks.c[q] for q in QUESTIONS))
                   .join(orgs, orgs.c.id == checks.c.organisation_id)
                   .order_by(orgs.c.id, checks.c.checked_on))
    return [_Check(r[0], r[1], r[2], r[3], r[4], tuple(int(a) for a in r[5:])) for r in rows]


def _by_partner(checks: list[_Check]) -> dict[int, list[_Check]]:
    grouped: dict[int, list[_Check]] = {}
    for check in checks:
        grouped.setdefault(check.organisation_id, []).append(check)
    return grouped


def health_history(wb: Workbook) -> pd.DataFrame:
    """Every check: ``organisation_id``, ``organisation``, ``checked_on``, ``score`` and the
    five answers (0-2, one column per question key), oldest first per partner."""
    rows = [(c.organisation_id, c.organisation, c.checked_on, c.score, *c.answers)
            for c in _checks(wb)]
    return frame(rows, ("organisation_id", "organisation", "checked_on", "score", *QUESTIONS),
                 {"score": "int64", **dict.fromkeys(QUESTIONS, "int64")})


def health_trend(wb: Workbook) -> pd.DataFrame:
    """One row per partner with a check: the latest score against the previous one.

    Columns: ``organisation_id``, ``organisation``, ``checked_on`` and ``score`` (latest),
    ``previous_checked_on`` and ``previous_score`` (empty with one check only),
    ``change`` (latest minus previous), ``slipping`` (the score fell), ``checks`` (how
    many), the latest answer to each question in words (one column per question key:
    Yes, Partly, No) and ``not_yet`` (the topics not answered yes, "; " separated).
    Lowest latest score first, then by name.
    """
    rows: list[tuple[Any, ...]] = []
    for history in _by_partner(_checks(wb)).values():
        latest = history[-1]
        previous = history[-2] if len(history) > 1 else None
        change = latest.score - previous.score if previous else None
        rows.append((latest.organisation_id, latest.organisation, latest.checked_on,
                     latest.score, previous.checked_on if previous else None,
                     previous.score if previous else None, change,
                     change is not None and change < 0, len(history),
                     *(reference.HEALTH_ANSWERS[a] for a in latest.answers),
                     "; ".join(_not_yet(latest))))
    rows.sort(key=lambda r: (r[3], r[1].casefold()))
    return frame(rows, HEALTH_TREND_COLUMNS,
                 {"score": "int64", "previous_score": "Int64", "change": "Int64",
                  "slipping": "bool", "checks": "int64"})


def _not_yet(check: _Check) -> list[str]:
    return [q.topic for q, a in zip(reference.HEALTH_QUESTIONS, check.answers, strict=True)
            if a < 2]


def partner_to_strengthen(wb: Workbook) -> PartnerPick | None:
    """The one partner to work on this month; None when no current partner was checked.

    The lowest latest score wins; on a tie a slipping partner goes first, then the one
    checked longest ago, then by name. The reasons name the score, any fall, and each
    question not yet answered yes.
    """
    candidates = [h for h in _by_partner(_checks(wb)).values()
                  if h[-1].partner_type != reference.OWN and h[-1].status != "former"]
    if not candidates:
        return None

    def slipping(history: list[_Check]) -> bool:
        return len(history) > 1 and history[-1].score < history[-2].score

    history = min(candidates, key=lambda h: (h[-1].score, not slipping(h), h[-1].checked_on,
                                             h[-1].organisation.casefold()))
    latest = history[-1]
    previous = history[-2] if len(history) > 1 else None
    reasons = [ngettext(
        "Lowest health score of the {count} partner checked: {score} of 10 on {date}.",
        "Lowest health score of the {count} partners checked: {score} of 10 on {date}.",
        len(candidates)).format(count=len(candidates), score=latest.score,
                                date=format_date(latest.checked_on))]
    if previous is not None and slipping(history):
        reasons.append(_("The score fell from {before} to {now} since the check of {date}."
                         ).format(before=previous.score, now=latest.score,
                                  date=format_date(previous.checked_on)))
    for question, answer in zip(reference.HEALTH_QUESTIONS, latest.answers, strict=True):
        if answer < 2:
            template = (_("{topic}: not yet. {question}") if answer == 0
                        else _("{topic}: only partly. {question}"))
            reasons.append(template.format(topic=_(question.topic), question=_(question.text)))
    return PartnerPick(organisation_id=latest.organisation_id,
                       organisation=latest.organisation, score=latest.score,
                       previous_score=previous.score if previous else None,
                       slipping=slipping(history), checked_on=latest.checked_on,
                       reasons=tuple(reasons))
