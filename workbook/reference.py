"""Reference content the workbook is built around, kept in one place.

Partner types, lifecycle phases and their checklists, the five health-check questions and
the capacity self-assessment (eight areas, nineteen competencies) follow the facts of the
source texts in ``shared/seeds``; every sentence here is our own. The model validates
against these keys, the views label with their titles, and nothing else repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, Titles

__all__ = [
    "ACTION_STATUSES",
    "CAPACITY_AREAS",
    "CAPACITY_RATINGS",
    "COMPETENCIES",
    "DIRECTIONS",
    "EVALUATION_SCALE",
    "EVALUATION_STATEMENTS",
    "HEALTH_ANSWERS",
    "HEALTH_QUESTIONS",
    "INDICATORS",
    "INDICATOR_GROUPS",
    "INDICATOR_TITLES",
    "MEETING_KINDS",
    "ORGANISATION_STATUSES",
    "OWN",
    "PARTNER_TYPES",
    "PERSON_WIN_KINDS",
    "PHASES",
    "RESOURCE_KINDS",
    "RESOURCE_STATUSES",
    "REVIEW_ASPECTS",
    "REVIEW_KINDS",
    "SOLUTION_KINDS",
    "SOLUTION_STATUSES",
    "STALE_DAYS",
    "WIN_KINDS",
    "Area",
    "ChecklistEntry",
    "Competency",
    "IndicatorEntry",
    "Phase",
    "Question",
    "indicator",
    "phase",
]

OWN = "own"
"""Partner type of the intermediary's own organisation, listed first in every review."""

PARTNER_TYPES: Titles[str] = Titles({
    OWN: N_("Our organization"),
    "business": N_("Business"),
    "community": N_("Community-based organization"),
    "government": N_("Government"),
    "foundation": N_("Foundation"),
    "labour": N_("Labor"),
    "semi_public": N_("Semi-public (college, university, health or transport authority)"),
})

ORGANISATION_STATUSES: Titles[str] = Titles({
    "prospect": N_("Prospect: not yet approached"),
    "engaged": N_("Engaged: talking with us"),
    "active": N_("Active partner"),
    "paused": N_("Paused"),
    "former": N_("Former partner"),
})

MEETING_KINDS: Titles[str] = Titles({
    "kickoff": N_("Kick-off"),
    "regular": N_("Regular partnership meeting"),
    "working_group": N_("Working group"),
    "review": N_("Partner review"),
    "planning": N_("Planning session"),
    "celebration": N_("Renewal or celebration"),
})

RESOURCE_KINDS: Titles[str] = Titles({
    "program": N_("Program"),
    "funding": N_("Funding"),
    "policy": N_("Policy"),
    "service": N_("Service"),
    "facility": N_("Facility"),
    "curriculum": N_("Curriculum"),
    "data": N_("Data or research"),
})

RESOURCE_STATUSES: Titles[str] = Titles({
    "active": N_("Running now"),
    "planned": N_("Planned"),
    "paused": N_("Paused"),
    "retired": N_("Retired"),
})

SOLUTION_KINDS: Titles[str] = Titles({
    "new": N_("Something new"),
    "existing": N_("An existing resource"),
})

SOLUTION_STATUSES: Titles[str] = Titles({
    "idea": N_("Idea"),
    "agreed": N_("Agreed"),
    "in_progress": N_("Under way"),
    "done": N_("In place"),
    "failed": N_("Tried, did not work"),
    "dropped": N_("Dropped"),
})

ACTION_STATUSES: Titles[str] = Titles({
    "open": N_("Open"),
    "in_progress": N_("Under way"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
})

REVIEW_ASPECTS: Titles[str] = Titles({
    "mission": N_("Mission"),
    "competencies": N_("Core competencies"),
    "decision_making": N_("Decision making"),
    "financing": N_("Financing"),
    "culture": N_("Culture"),
})

REVIEW_KINDS: Titles[str] = Titles({
    "confluence": N_("Confluence: where we line up"),
    "conflict": N_("Conflict: where we may pull apart"),
    "competition": N_("Competition: where we chase the same thing"),
    "opportunity": N_("Opportunity: what we could do together"),
})

CAPACITY_RATINGS: Titles[int] = Titles({
    1: N_("Weak"),
    2: N_("Developing"),
    3: N_("Solid"),
    4: N_("Strong"),
})

HEALTH_ANSWERS: Titles[int] = Titles({
    0: N_("No"),
    1: N_("Partly"),
    2: N_("Yes"),
})


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    text: str


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    summary: str
    checklist: tuple[ChecklistEntry, ...]


def _checklist(*items: tuple[str, str]) -> tuple[ChecklistEntry, ...]:
    return tuple(ChecklistEntry(key, text) for key, text in items)


PHASES: tuple[Phase, ...] = (
    Phase(
        "preparation",
        N_("Preparation"),
        N_("Look back at how past partnerships went and take stock of what we bring and lack."),
        _checklist(
            ("history", N_("Past and present partnerships reviewed: what worked, what did not")),
            ("strengths", N_("Our own strengths and weaknesses written down")),
            ("self_assessment", N_("Capacity self-assessment completed")),
            ("changes", N_("Changes we must make before inviting others agreed")),
        ),
    ),
    Phase(
        "planning",
        N_("Planning"),
        N_("Draw up how the partnership will run and share out who leads which part."),
        _checklist(
            ("vision", N_("Shared vision and goals drafted")),
            ("procedures", N_("Ground rules and procedures for working together drafted")),
            ("leads", N_("A lead named for each part of partnership development")),
            ("outcomes", N_("Measurable outcomes and benchmarks proposed")),
        ),
    ),
    Phase(
        "prospecting",
        N_("Prospecting"),
        N_("Find, research and screen the organizations that could join."),
        _checklist(
            ("long_list", N_("A long list of possible partners gathered")),
            ("research", N_("Each candidate researched: mission, money, decision making")),
            ("screened", N_("Candidates screened against what the partnership needs")),
            ("wiifm", N_("What each side gains written down before any agreement")),
        ),
    ),
    Phase(
        "developing",
        N_("Developing"),
        N_("Agree how partners will behave and who answers for what."),
        _checklist(
            ("kickoff", N_("Kick-off meeting held with a clear objective")),
            ("named", N_("The effort has a name the partners chose")),
            ("responsibilities", N_("Responsibilities and expectations agreed in writing")),
            ("resource_map", N_("Resource map started and shared")),
            ("implementation", N_("Partners told plainly that planning has turned into doing")),
        ),
    ),
    Phase(
        "stewarding",
        N_("Stewarding"),
        N_("Keep watch over actions, communication and accountability, and fix trouble early."),
        _checklist(
            ("cadence", N_("Meetings held regularly, each with an objective")),
            ("actions_tracked",
             N_("Every agreed action has an owner and a date, and is followed up")),
            ("troubleshooters", N_("A small team ready to spot and solve problems")),
            ("health_checks", N_("Health check done with each partner")),
        ),
    ),
    Phase(
        "renewing",
        N_("Renewing"),
        N_("Weigh what was achieved, celebrate it and decide what comes next."),
        _checklist(
            ("evaluated", N_("Accountability and results evaluated with partners")),
            ("celebrated", N_("Achievements celebrated, credit shared")),
            ("next_steps", N_("Next steps decided together")),
            ("innovation", N_("New ideas invited for the next round")),
        ),
    ),
)

_PHASES_BY_KEY = {p.key: p for p in PHASES}


def phase(key: str) -> Phase:
    """The phase with ``key``; ``KeyError`` for an unknown one (the model checks first)."""
    return _PHASES_BY_KEY[key]


@dataclass(frozen=True)
class Question:
    key: str
    topic: str
    text: str


HEALTH_QUESTIONS: tuple[Question, ...] = (
    Question(
        "services",
        N_("Knowing each other's services"),
        N_("Do we know what this partner offers and what a referral to them takes, "
        "and do they know the same of us?"),
    ),
    Question(
        "goals",
        N_("Knowing each other's goals"),
        N_("Do we understand what this partner must achieve, funding targets included, "
        "and have we told them what we need from the partnership?"),
    ),
    Question(
        "referrals",
        N_("Referrals both ways"),
        N_("Is there an agreed way to send people to this partner, and do they know how to "
        "send people to us?"),
    ),
    Question(
        "contact",
        N_("Contact beyond referrals"),
        N_("Do we talk with this partner apart from passing on referrals?"),
    ),
    Question(
        "voice",
        N_("A voice in decisions"),
        N_("Is this partner asked before we decide things that change how we work with them "
        "or with the people we both serve?"),
    ),
)


@dataclass(frozen=True)
class Competency:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    competencies: tuple[Competency, ...]


CAPACITY_AREAS: tuple[Area, ...] = (
    Area(
        "purpose",
        N_("Purpose and mission"),
        (
            Competency("vision_goals", N_("Vision and goals"),
                       N_("Long-range goals are clear, shared inside and outside, and steer "
                       "strategy.")),
            Competency("focus_disadvantaged", N_("Focus on disadvantaged workers"),
                       N_("The mix of strategies improves job prospects for workers facing "
                          "barriers.")),
            Competency("focus_sector", N_("Focus on the sector"),
                       N_("The work clearly targets one industry or a few.")),
        ),
    ),
    Area(
        "industry",
        N_("Industry knowledge"),
        (
            Competency("sector_expertise", N_("Sector expertise"),
                       N_("We speak employers' language, follow industry and labor-market trends "
                       "and use labor-market data.")),
        ),
    ),
    Area(
        "change",
        N_("Leveraging change"),
        (
            Competency("systems_change", N_("Systems-change strategy"),
                       N_("We aim at root problems in how the industry hires, pays, promotes and "
                       "keeps people, or in the workforce system itself.")),
            Competency("political_savvy", N_("Political savvy"),
                       N_("We understand the power dynamics around the sector and grow our own "
                          "base.")),
        ),
    ),
    Area(
        "partnerships",
        N_("Partnerships"),
        (
            Competency("collaboration", N_("Collaboration"),
                       N_("We convene very different parties and find common ground among them.")),
            Competency("community_relationships", N_("Community relationships"),
                       N_("We know the barriers the target population faces and keep ties with "
                       "community groups.")),
            Competency("employer_engagement", N_("Employer engagement"),
                       N_("Employers with real authority take part and invest time, in-kind "
                       "support or money.")),
            Competency("workforce_system", N_("Connection to the workforce system"),
                       N_("The workforce board and its staff help set priorities, fund and "
                          "connect.")),
            Competency("education", N_("Connection to colleges and schools"),
                       N_("A local college or school opens its training to job seekers, workers "
                       "and employers.")),
            Competency("regional_alignment", N_("Alignment with regional needs"),
                       N_("The strategies fit regional workforce and economic priorities and meet "
                       "key industry needs.")),
        ),
    ),
    Area(
        "information",
        N_("Information management"),
        (
            Competency("performance_management", N_("Performance management"),
                       N_("Participant and employer outcomes are collected and used, with "
                       "indicators and benchmarks built in.")),
            Competency("data_use", N_("Use of data"),
                       N_("Statistics, outcomes and finances guide the choice of strategies.")),
        ),
    ),
    Area(
        "finance",
        N_("Financial systems and health"),
        (
            Competency("financial_management", N_("Financial management"),
                       N_("Sound controls and cash-flow management; budgets inform decisions.")),
            Competency("fundraising", N_("Fundraising and stability"),
                       N_("Sustainability is planned from the start; funding comes from several "
                       "sources.")),
        ),
    ),
    Area(
        "people",
        N_("Human resources"),
        (
            Competency("leadership", N_("Project leadership"),
                       N_("Leadership is effective and the work would survive a change of "
                          "leader.")),
            Competency("staffing", N_("Staffing"),
                       N_("Staff are experienced, serve employers and job seekers alike and are "
                       "well supported.")),
        ),
    ),
    Area(
        "communications",
        N_("Marketing and communications"),
        (
            Competency("communications", N_("Communications"),
                       N_("We tell what the initiative does and achieves clearly and keep at it.")),
        ),
    ),
)

COMPETENCIES: dict[str, tuple[Area, Competency]] = {
    c.key: (area, c) for area in CAPACITY_AREAS for c in area.competencies
}


# -- shared measurement ------------------------------------------------------------------
# A partnership agrees on a few outcomes, a benchmark to compare with and a target, and then
# keeps reading them. The indicators below are the ones sector partnerships commonly track;
# a facilitator picks one as a starting point or writes an outcome of their own.

DIRECTIONS: Titles[str] = Titles({
    "higher": N_("Higher is better"),
    "lower": N_("Lower is better"),
})
"""Which way an outcome should move."""

STALE_DAYS = 90
"""An outcome with no reading for more days than this is flagged: nobody is watching it."""


@dataclass(frozen=True)
class IndicatorEntry:
    """A common indicator: who it is about, what it counts, in what unit, which way is up."""

    key: str
    group: str  # a key of INDICATOR_GROUPS
    title: str
    measure: str
    unit: str
    direction: str  # "higher" or "lower"
    why: str


INDICATOR_GROUPS: Titles[str] = Titles({
    "job_seekers": N_("Job seekers"),
    "employers": N_("Employers"),
    "system": N_("The system"),
    "partnership": N_("The partnership itself"),
})

INDICATORS: tuple[IndicatorEntry, ...] = (
    IndicatorEntry("enrolled", "job_seekers", N_("People enrolled in training"),
                   N_("People who started a training or preparation program the partnership "
                   "runs or refers to, counted per quarter"), "people", "higher",
                   N_("Shows whether the programs reach the people they were built for.")),
    IndicatorEntry("completed", "job_seekers", N_("People completing training"),
                   N_("Share of those enrolled who finished and earned the credential"), "%",
                   "higher", N_("Enrollment without completion spends money and hope alike.")),
    IndicatorEntry("placed", "job_seekers", N_("People placed in jobs"),
                   N_("People who started work with a partner employer after the program"),
                   "people", "higher", N_("The result employers and job seekers both came for.")),
    IndicatorEntry("retained_90", "job_seekers", N_("Still employed after 90 days"),
                   N_("Share of people placed who are still on the payroll 90 days after they "
                   "started"), "%", "higher",
                   N_("Placement counts once; staying on shows the match was a good one.")),
    IndicatorEntry("starting_wage", "job_seekers", N_("Starting wage"),
                   N_("Median hourly wage of people placed, in the first pay period"),
                   "$ per hour", "higher", N_("Tells whether the jobs reached are ones that pay.")),
    IndicatorEntry("openings_filled", "employers", N_("Openings filled"),
                   N_("Openings at partner employers filled by people the partnership referred"),
                   "openings", "higher",
                   N_("The employers' side of placement: their demand actually met.")),
    IndicatorEntry("time_to_fill", "employers", N_("Time to fill an opening"),
                   N_("Median days from posting an opening to the new hire's first day"), "days",
                   "lower", N_("Employers feel a long vacancy first; it shortens when the "
                   "pipeline works.")),
    IndicatorEntry("employer_retention", "employers", N_("Employee retention"),
                   N_("Share of new hires at partner employers still employed after a year"), "%",
                   "higher", N_("Turnover costs employers more than recruiting does.")),
    IndicatorEntry("system_changes", "system", N_("Programs or policies changed"),
                   N_("Programs, curricula or policies that partners changed because of the "
                   "partnership, counted since it began"), "changes", "higher",
                   N_("Lasting change in how the system works outlives any one cohort.")),
    IndicatorEntry("employer_share", "partnership", N_("Employers' share of the room"),
                   N_("Share of the people at each meeting who come from businesses (from the "
                   "momentum figures)"), "%", "higher",
                   N_("A partnership led by industry keeps employers at the table.")),
    IndicatorEntry("meetings_per_month", "partnership", N_("Meetings per month"),
                   N_("Meetings held in the last 90 days, per month (from the momentum figures)"),
                   "meetings", "higher", N_("Regular meetings keep the work moving.")),
    IndicatorEntry("actions_done", "partnership", N_("Actions done"),
                   N_("Share of agreed actions marked done (from the action plan)"), "%",
                   "higher", N_("Partners who do what they agreed build trust.")),
)
"""Indicators sector partnerships commonly track, in our own words."""

INDICATOR_TITLES: dict[str, str] = {i.key: i.title for i in INDICATORS}


def indicator(key: str) -> IndicatorEntry:
    """The indicator with this key; KeyError if there is none."""
    for entry in INDICATORS:
        if entry.key == key:
            return entry
    raise KeyError(key)


WIN_KINDS: Titles[str] = Titles({
    "hired": N_("A person hired"),
    "apprentice": N_("An apprentice started"),
    "completed": N_("A person completed training"),
    "promoted": N_("A person promoted or given a raise"),
    "program_changed": N_("A program changed"),
    "policy_changed": N_("A policy changed"),
    "other": N_("Another success"),
})
"""Kinds of success a partnership tells; the ones about people say who only with consent."""

PERSON_WIN_KINDS = frozenset({"hired", "apprentice", "completed", "promoted"})

EVALUATION_STATEMENTS: Titles[str] = Titles({
    "objective_met": N_("We met the objective we set for this meeting."),
    "voices_heard": N_("Every voice around the table was heard."),
    "decisions_clear": N_("I know what we decided and who does what next."),
    "time_well_used": N_("Our time together was well used."),
    "worth_our_time": N_("This meeting was worth my organization's time."),
    "ready_to_act": N_("I leave ready to act on what we agreed."),
    "trust_growing": N_("I trust the other partners a little more than before."),
})
"""The close-of-meeting evaluation: short statements, each scored from 1 to 5."""

EVALUATION_SCALE: Titles[int] = Titles({
    1: N_("Strongly disagree"), 2: N_("Disagree"), 3: N_("Neither"), 4: N_("Agree"),
    5: N_("Strongly agree"),
})
