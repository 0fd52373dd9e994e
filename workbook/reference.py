"""Reference content the workbook is built around, kept in one place.

Partner types, lifecycle phases and their checklists, the five health-check questions and
the capacity self-assessment (eight areas, nineteen competencies) follow the facts of the
source texts in ``shared/seeds``; every sentence here is our own. The model validates
against these keys, the views label with their titles, and nothing else repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTION_STATUSES",
    "CAPACITY_AREAS",
    "CAPACITY_RATINGS",
    "COMPETENCIES",
    "EVALUATION_SCALE",
    "EVALUATION_STATEMENTS",
    "HEALTH_ANSWERS",
    "HEALTH_QUESTIONS",
    "MEETING_KINDS",
    "ORGANISATION_STATUSES",
    "OWN",
    "PARTNER_TYPES",
    "PHASES",
    "RESOURCE_KINDS",
    "RESOURCE_STATUSES",
    "REVIEW_ASPECTS",
    "REVIEW_KINDS",
    "SOLUTION_KINDS",
    "SOLUTION_STATUSES",
    "Area",
    "ChecklistEntry",
    "Competency",
    "Phase",
    "Question",
    "phase",
]

OWN = "own"
"""Partner type of the intermediary's own organisation, listed first in every review."""

PARTNER_TYPES: dict[str, str] = {
    OWN: "Our organisation",
    "business": "Business",
    "community": "Community-based organisation",
    "government": "Government",
    "foundation": "Foundation",
    "labour": "Labour",
    "semi_public": "Semi-public (college, university, health or transport authority)",
}

ORGANISATION_STATUSES: dict[str, str] = {
    "prospect": "Prospect: not yet approached",
    "engaged": "Engaged: talking with us",
    "active": "Active partner",
    "paused": "Paused",
    "former": "Former partner",
}

MEETING_KINDS: dict[str, str] = {
    "kickoff": "Kick-off",
    "regular": "Regular partnership meeting",
    "working_group": "Working group",
    "review": "Partner review",
    "planning": "Planning session",
    "celebration": "Renewal or celebration",
}

RESOURCE_KINDS: dict[str, str] = {
    "program": "Program",
    "funding": "Funding",
    "policy": "Policy",
    "service": "Service",
    "facility": "Facility",
    "curriculum": "Curriculum",
    "data": "Data or research",
}

RESOURCE_STATUSES: dict[str, str] = {
    "active": "Running now",
    "planned": "Planned",
    "paused": "Paused",
    "retired": "Retired",
}

SOLUTION_KINDS: dict[str, str] = {
    "new": "Something new",
    "existing": "An existing resource",
}

SOLUTION_STATUSES: dict[str, str] = {
    "idea": "Idea",
    "agreed": "Agreed",
    "in_progress": "Under way",
    "done": "In place",
    "failed": "Tried, did not work",
    "dropped": "Dropped",
}

ACTION_STATUSES: dict[str, str] = {
    "open": "Open",
    "in_progress": "Under way",
    "done": "Done",
    "dropped": "Dropped",
}

REVIEW_ASPECTS: dict[str, str] = {
    "mission": "Mission",
    "competencies": "Core competencies",
    "decision_making": "Decision making",
    "financing": "Financing",
    "culture": "Culture",
}

REVIEW_KINDS: dict[str, str] = {
    "confluence": "Confluence: where we line up",
    "conflict": "Conflict: where we may pull apart",
    "competition": "Competition: where we chase the same thing",
    "opportunity": "Opportunity: what we could do together",
}

CAPACITY_RATINGS: dict[int, str] = {
    1: "Weak",
    2: "Developing",
    3: "Solid",
    4: "Strong",
}

HEALTH_ANSWERS: dict[int, str] = {
    0: "No",
    1: "Partly",
    2: "Yes",
}


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
        "Preparation",
        "Look back at how past partnerships went and take stock of what we bring and lack.",
        _checklist(
            ("history", "Past and present partnerships reviewed: what worked, what did not"),
            ("strengths", "Our own strengths and weaknesses written down"),
            ("self_assessment", "Capacity self-assessment completed"),
            ("changes", "Changes we must make before inviting others agreed"),
        ),
    ),
    Phase(
        "planning",
        "Planning",
        "Draw up how the partnership will run and share out who leads which part.",
        _checklist(
            ("vision", "Shared vision and goals drafted"),
            ("procedures", "Ground rules and procedures for working together drafted"),
            ("leads", "A lead named for each part of partnership development"),
            ("outcomes", "Measurable outcomes and benchmarks proposed"),
        ),
    ),
    Phase(
        "prospecting",
        "Prospecting",
        "Find, research and screen the organisations that could join.",
        _checklist(
            ("long_list", "A long list of possible partners gathered"),
            ("research", "Each candidate researched: mission, money, decision making"),
            ("screened", "Candidates screened against what the partnership needs"),
            ("wiifm", "What each side gains written down before any agreement"),
        ),
    ),
    Phase(
        "developing",
        "Developing",
        "Agree how partners will behave and who answers for what.",
        _checklist(
            ("kickoff", "Kick-off meeting held with a clear objective"),
            ("named", "The effort has a name the partners chose"),
            ("responsibilities", "Responsibilities and expectations agreed in writing"),
            ("resource_map", "Resource map started and shared"),
            ("implementation", "Partners told plainly that planning has turned into doing"),
        ),
    ),
    Phase(
        "stewarding",
        "Stewarding",
        "Keep watch over actions, communication and accountability, and fix trouble early.",
        _checklist(
            ("cadence", "Meetings held regularly, each with an objective"),
            ("actions_tracked", "Every agreed action has an owner and a date, and is followed up"),
            ("troubleshooters", "A small team ready to spot and solve problems"),
            ("health_checks", "Health check done with each partner"),
        ),
    ),
    Phase(
        "renewing",
        "Renewing",
        "Weigh what was achieved, celebrate it and decide what comes next.",
        _checklist(
            ("evaluated", "Accountability and results evaluated with partners"),
            ("celebrated", "Achievements celebrated, credit shared"),
            ("next_steps", "Next steps decided together"),
            ("innovation", "New ideas invited for the next round"),
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
        "Knowing each other's services",
        "Do we know what this partner offers and what a referral to them takes, "
        "and do they know the same of us?",
    ),
    Question(
        "goals",
        "Knowing each other's goals",
        "Do we understand what this partner must achieve, funding targets included, "
        "and have we told them what we need from the partnership?",
    ),
    Question(
        "referrals",
        "Referrals both ways",
        "Is there an agreed way to send people to this partner, and do they know how to "
        "send people to us?",
    ),
    Question(
        "contact",
        "Contact beyond referrals",
        "Do we talk with this partner apart from passing on referrals?",
    ),
    Question(
        "voice",
        "A voice in decisions",
        "Is this partner asked before we decide things that change how we work with them "
        "or with the people we both serve?",
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
        "Purpose and mission",
        (
            Competency("vision_goals", "Vision and goals",
                       "Long-range goals are clear, shared inside and outside, and steer "
                       "strategy."),
            Competency("focus_disadvantaged", "Focus on disadvantaged workers",
                       "The mix of strategies improves job prospects for workers facing barriers."),
            Competency("focus_sector", "Focus on the sector",
                       "The work clearly targets one industry or a few."),
        ),
    ),
    Area(
        "industry",
        "Industry knowledge",
        (
            Competency("sector_expertise", "Sector expertise",
                       "We speak employers' language, follow industry and labour-market trends "
                       "and use labour-market data."),
        ),
    ),
    Area(
        "change",
        "Leveraging change",
        (
            Competency("systems_change", "Systems-change strategy",
                       "We aim at root problems in how the industry hires, pays, promotes and "
                       "keeps people, or in the workforce system itself."),
            Competency("political_savvy", "Political savvy",
                       "We understand the power dynamics around the sector and grow our own base."),
        ),
    ),
    Area(
        "partnerships",
        "Partnerships",
        (
            Competency("collaboration", "Collaboration",
                       "We convene very different parties and find common ground among them."),
            Competency("community_relationships", "Community relationships",
                       "We know the barriers the target population faces and keep ties with "
                       "community groups."),
            Competency("employer_engagement", "Employer engagement",
                       "Employers with real authority take part and invest time, in-kind "
                       "support or money."),
            Competency("workforce_system", "Connection to the workforce system",
                       "The workforce board and its staff help set priorities, fund and connect."),
            Competency("education", "Connection to colleges and schools",
                       "A local college or school opens its training to job seekers, workers "
                       "and employers."),
            Competency("regional_alignment", "Alignment with regional needs",
                       "The strategies fit regional workforce and economic priorities and meet "
                       "key industry needs."),
        ),
    ),
    Area(
        "information",
        "Information management",
        (
            Competency("performance_management", "Performance management",
                       "Participant and employer outcomes are collected and used, with "
                       "indicators and benchmarks built in."),
            Competency("data_use", "Use of data",
                       "Statistics, outcomes and finances guide the choice of strategies."),
        ),
    ),
    Area(
        "finance",
        "Financial systems and health",
        (
            Competency("financial_management", "Financial management",
                       "Sound controls and cash-flow management; budgets inform decisions."),
            Competency("fundraising", "Fundraising and stability",
                       "Sustainability is planned from the start; funding comes from several "
                       "sources."),
        ),
    ),
    Area(
        "people",
        "Human resources",
        (
            Competency("leadership", "Project leadership",
                       "Leadership is effective and the work would survive a change of leader."),
            Competency("staffing", "Staffing",
                       "Staff are experienced, serve employers and job seekers alike and are "
                       "well supported."),
        ),
    ),
    Area(
        "communications",
        "Marketing and communications",
        (
            Competency("communications", "Communications",
                       "We tell what the initiative does and achieves clearly and keep at it."),
        ),
    ),
)

COMPETENCIES: dict[str, tuple[Area, Competency]] = {
    c.key: (area, c) for area in CAPACITY_AREAS for c in area.competencies
}

EVALUATION_STATEMENTS: dict[str, str] = {
    "objective_met": "We met the objective we set for this meeting.",
    "voices_heard": "Every voice around the table was heard.",
    "decisions_clear": "I know what we decided and who does what next.",
    "time_well_used": "Our time together was well used.",
    "worth_our_time": "This meeting was worth my organisation's time.",
    "ready_to_act": "I leave ready to act on what we agreed.",
    "trust_growing": "I trust the other partners a little more than before.",
}
"""The close-of-meeting evaluation: short statements, each scored from 1 to 5."""

EVALUATION_SCALE: dict[int, str] = {
    1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree",
}
