"""Plain records of one meeting's summary: what the partners' export shows, nothing more.

Records know nothing of HTML, notebooks or files. Text in them is exactly what was typed
(untrusted: the renderers escape it). ``to_data`` turns a record into JSON-ready data
(dates as ISO strings) for the notebook's ``application/json`` outputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..analyses.momentum import Indicator
from ..i18n import N_, _, format_date
from .measurement import Progress, Wins
from .room import CarryOver, DecisionRow, Evaluation, TimeBoxes

__all__ = [
    "ActionRow",
    "Actions",
    "Attendance",
    "CauseRow",
    "CommentRow",
    "EDITIONS",
    "Framing",
    "Glance",
    "Indicator",
    "MeetingInfo",
    "Momentum",
    "NextMeeting",
    "Naming",
    "Offer",
    "OrganisationGroup",
    "OwnerActions",
    "PartnershipInfo",
    "ProblemRow",
    "ResourceChanges",
    "ResourceRow",
    "SolutionRow",
    "Summary",
    "TypeGroup",
    "VoteRow",
    "to_data",
]

EDITIONS = {"partners": N_("Partners' summary"), "facilitator": N_("Facilitator's record")}
"""The two editions of a summary: what partners receive, and the full record."""

ROW_LIMIT = 150
"""Longest table a summary lists; the rest is counted and left to ``export-tables``."""
GLANCE_LIMIT = 30
"""The most actions "At a glance" lists under "Who does what by when" (the Actions
section lists up to ``ROW_LIMIT`` of each kind)."""


@dataclass(frozen=True)
class PartnershipInfo:
    name: str
    working_title: str
    sector: str
    region: str
    intermediary: str
    phase: str  # the phase title, e.g. "Stewarding"


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    held_on: dt.date
    kind: str  # key, e.g. "regular"
    kind_title: str
    objective: str
    location: str
    agenda: tuple[str, ...]
    previous_on: dt.date | None


@dataclass(frozen=True)
class OrganisationGroup:
    organisation: str
    people: tuple[tuple[str, str], ...]  # (name, role)


@dataclass(frozen=True)
class TypeGroup:
    partner_type: str  # title, e.g. "Business"
    organisations: tuple[OrganisationGroup, ...]

    @property
    def people(self) -> int:
        return sum(len(o.people) for o in self.organisations)


@dataclass(frozen=True)
class Attendance:
    groups: tuple[TypeGroup, ...]
    people: int
    organisations: int
    employers_share: float | None  # people from businesses / all people, 0..1


@dataclass(frozen=True)
class Offer:
    organisation: str
    partner_type: str
    brings: str
    needs: str


@dataclass(frozen=True)
class VoteRow:
    name: str
    dots: int
    rationale: str


@dataclass(frozen=True)
class Naming:
    closed_on: dt.date | None
    ballots: int
    anonymous: bool
    results: tuple[VoteRow, ...]
    chosen: str
    reason: str
    outcome: str = ""  # the leader, or the tie, in a sentence
    dots_each: int = 0
    one_per_candidate: bool = False


@dataclass(frozen=True)
class ResourceRow:
    name: str
    kind: str
    owner: str
    status: str
    target_group: str
    change: str  # "added" or "changed"
    on: dt.date


@dataclass(frozen=True)
class ResourceChanges:
    since: dt.date | None  # the previous meeting's date; None for the first meeting
    until: dt.date | None  # None when open-ended (the latest meeting)
    added: int
    changed: int
    rows: tuple[ResourceRow, ...]  # at most ROW_LIMIT, added first

    @property
    def hidden(self) -> int:
        return self.added + self.changed - len(self.rows)


@dataclass(frozen=True)
class SolutionRow:
    description: str
    status: str
    kind: str
    resource: str
    lessons: str


@dataclass(frozen=True)
class CauseRow:
    """A root cause, with the map entries linked to it and the solutions attached."""

    statement: str
    evidence: str
    resources: tuple[str, ...]  # "name (owner)", or "name (owner; retired)"
    solutions: tuple[SolutionRow, ...]


@dataclass(frozen=True)
class ProblemRow:
    statement: str
    raised_by: str
    causes: tuple[CauseRow, ...]
    root_causes: int
    unrooted: tuple[SolutionRow, ...]  # solutions with no root cause behind them


@dataclass(frozen=True)
class Framing:
    problems: tuple[ProblemRow, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ActionRow:
    action: str
    organisation: str
    owner: str
    due_on: dt.date | None
    status: str
    agreed_on: dt.date | None
    days_overdue: int | None


@dataclass(frozen=True)
class Actions:
    as_of: dt.date
    agreed: tuple[ActionRow, ...]
    carried: tuple[ActionRow, ...]
    overdue: tuple[ActionRow, ...]
    hidden: dict[str, int] = field(default_factory=dict)  # rows left out per list


@dataclass(frozen=True)
class Momentum:
    indicators: tuple[Indicator, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Everything one meeting's summary shows; ``None`` or empty means "leave it out"."""

    partnership: PartnershipInfo
    meeting: MeetingInfo
    attendance: Attendance | None
    decisions: tuple[DecisionRow, ...]
    offers: tuple[Offer, ...]
    naming: Naming | None
    resources: ResourceChanges | None
    framing: Framing | None
    actions: Actions | None
    momentum: Momentum | None
    exported_on: dt.date = field(default_factory=dt.date.today)
    progress: Progress | None = None  # shared measurement: see measurement.py
    wins: Wins | None = None
    time_boxes: TimeBoxes | None = None
    carry_over: CarryOver | None = None
    evaluation: Evaluation | None = None
    glance: Glance | None = None
    edition: str = "facilitator"  # a key of EDITIONS
    notes: str = ""  # the facilitator's notes of the meeting (facilitator's record only)
    comments: tuple[CommentRow, ...] = ()  # raw comments (facilitator's record only)

    @property
    def title(self) -> str:
        return _("{name}: {kind}, {date}").format(name=self.partnership.name,
                                                 kind=self.meeting.kind_title,
                                                 date=format_date(self.meeting.held_on))


def to_data(value: Any) -> Any:
    """JSON-ready copy of a record: dataclasses as dicts, dates and times as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


# -- at a glance, and what only the facilitator's record holds -------------------------


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting as the summary announces it (``glance.next_meeting``)."""

    held_on: dt.date
    kind_title: str
    objective: str
    starts_at: dt.time | None  # None: the time is not set yet (an all-day entry)
    ends_at: dt.time | None
    place: str  # a room or an address; "" when the meeting is online only
    join_link: str  # an https link to join online, or ""
    time_zone: str  # IANA name, e.g. "America/Chicago"


@dataclass(frozen=True)
class OwnerActions:
    """One owner's open commitments, soonest due first."""

    owner: str
    organisation: str
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class Glance:
    """What a partner needs first: decided, who does what by when, open, when next."""

    decisions: tuple[str, ...]  # this meeting's decisions, the chosen name included
    owners: tuple[OwnerActions, ...]
    questions: tuple[str, ...]
    next_meeting: NextMeeting | None
    not_in_actions: int = 0
    """How many of ``owners``' actions the Actions section leaves out (``ROW_LIMIT``)."""

    def most_pressing(self, limit: int = GLANCE_LIMIT) -> tuple[tuple[OwnerActions, ...], int]:
        """The owners' actions the section shows, and how many more there are.

        Every action when there are ``limit`` or fewer; else the ``limit`` most pressing
        (overdue first, the longest overdue first, then the soonest due), still grouped
        by owner in ``owners``' order. ``owners`` itself keeps them all (the packet's
        e-mail drafts list each organization's).
        """
        every = [a for o in self.owners for a in o.actions]
        if len(every) <= limit:
            return self.owners, 0
        pressing = sorted(every, key=lambda a: (-(a.days_overdue or 0),
                                                a.due_on or dt.date.max))[:limit]
        kept = {id(a) for a in pressing}
        shown = tuple(OwnerActions(o.owner, o.organisation,
                                   tuple(a for a in o.actions if id(a) in kept))
                      for o in self.owners if any(id(a) in kept for a in o.actions))
        return shown, len(every) - limit

    def as_shown(self) -> Glance:
        """The glance as the page shows it (``owners`` cut to ``most_pressing``): the
        notebook's data of the section, like its other sections', is what the page shows."""
        shown, _more = self.most_pressing()
        return dataclasses.replace(self, owners=shown)


@dataclass(frozen=True)
class CommentRow:
    author: str
    organisation: str
    text: str
    shared: bool = False  # marked by the facilitator to share with partners
