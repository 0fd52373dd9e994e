"""The demo's shared measurement: how its outcomes are counted, a year of readings, its wins.

Outcomes are matched by their description in ``data.OUTCOMES``. Days are counted back from
the demo's today, like the rest of the story. The credential outcome stops being read four
months before today (its last reading is in words), so start-here and the summary have a
stale outcome to flag; the employer-seat readings come from each meeting's attendance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ..model import Meeting, Organisation, Outcome, Person, Reading, Win
from ..store import Workbook

__all__ = ["OUTCOME_MEASURES", "READINGS", "WINS", "add_measurement"]

RETENTION = "Entry-level hires still employed after 90 days"
APPRENTICES = "Apprentices enrolled in machining and maintenance trades"
CREDENTIALS = "Incumbent workers completing a credential"
SEATS = "Employer seats at partnership meetings"

OUTCOME_MEASURES: dict[str, dict[str, Any]] = {
    RETENTION: {"unit": "%", "direction": "higher", "indicator": "retained_90",
                "benchmark_value": 61, "target_value": 75},
    APPRENTICES: {"unit": "apprentices", "direction": "higher", "indicator": "enrolled",
                  "baseline_value": 9, "benchmark_value": 9, "target_value": 30},
    CREDENTIALS: {"unit": "workers a year", "direction": "higher", "indicator": None,
                  "baseline_value": 22, "benchmark_value": 22, "target_value": 60},
    SEATS: {"unit": "%", "direction": "higher", "indicator": "employer_share",
            "baseline_value": 53, "target_value": 50},
}
"""Unit, direction, indicator and numbers of each demo outcome, by description."""

_MONTHS = tuple(355 - 30 * n for n in range(12))  # a reading a month for a year

# outcome: (days ago, value or words, reporting organisation, reported by, source, note)
READINGS: dict[str, tuple[tuple[int, float | str, str, str, str, str], ...]] = {
    RETENTION: tuple(
        (ago, value, "board", "Mei Hartmann", "State wage records, matched by the board", note)
        for ago, value, note in zip(_MONTHS, (58, 59, 61, 60, 63, 64, 66, 65, 68, 69, 71, 72),
                                    ("Before the partnership: the five founding firms.",
                                     "", "The baseline quarter the benchmark comes from.",
                                     "", "", "Mentors started at two firms.", "", "",
                                     "", "", "", "Best month yet; summer hires included."),
                                    strict=True)),
    APPRENTICES: tuple(
        (ago, value, "apprenticeship", "Lena Morrow", "Registered apprenticeship records", "")
        for ago, value in zip(_MONTHS, (8, 8, 9, 9, 11, 12, 14, 15, 17, 18, 20, 21),
                              strict=True)),
    CREDENTIALS: (
        (355, 22, "college", "Ana Villanueva", "College completion records",
         "The year before the partnership."),
        (265, 25, "college", "Ana Villanueva", "College completion records", ""),
        (175, 31, "college", "Ana Villanueva", "College completion records",
         "Evening CNC class counted for the first time."),
        (125, "College records moving to a new system; the count resumes next term", "college",
         "Ana Villanueva", "Email from the dean", ""),
    ),
}
"""Readings typed in by the partners; employer seats are read from attendance instead."""

# (days ago, kind, description, person named or "", consent days ago or None, partners,
#  outcome or None, story)
WINS: tuple[tuple[int, str, str, str, int | None, tuple[str, ...], str | None, str], ...] = (
    (240, "apprentice", "First registered apprentice hired through the partnership: a "
     "machining apprentice at a member firm", "", None,
     ("harrowgate", "apprenticeship", "college"), APPRENTICES,
     "Referred by a job coach, placed with a mentor on the first day."),
    (150, "program_changed", "The college added an evening CNC class timed to second-shift "
     "hours", "", None, ("college", "lindqvist", "local318"), CREDENTIALS,
     "Employers asked for it at the root-cause meeting; the union helped set the hours."),
    (95, "hired", "A newcomer with welding experience from abroad hired as a fabricator once "
     "the credential was recognised", "", None, ("newarrivals", "millrace", "board"),
     RETENTION, ""),
    (40, "hired", "Hired as a maintenance technician after the pre-apprenticeship course",
     "Marisol Vega", 38, ("eastbank", "brightwater", "college"), RETENTION,
     "She asked for her name to be used so that others at the centre could see it happen."),
    (12, "policy_changed", "The first bus on route 7 now leaves at 5:10, so first-shift workers "
     "in the east of the valley can reach the industrial park", "", None,
     ("transit", "county", "orrin"), None, "Raised by employers at the planning meeting."),
)
"""A few wins, each credited to the partnership with the partners who contributed."""


def add_measurement(wb: Workbook, day: Callable[[int], dt.date], orgs: Mapping[str, int]
                    ) -> None:
    """Store the demo's readings and wins; ``day(n)`` is the date n days before today."""
    outcomes = {o.description: o.id for o in wb.all(Outcome)}
    readings = []
    for description, entries in READINGS.items():
        for ago, value, org, person, source, note in entries:
            number = None if isinstance(value, str) else float(value)
            outcome_id = outcomes[description]
            assert outcome_id is not None
            readings.append(Reading(
                outcome_id=outcome_id, read_on=day(ago),
                value=number, text="" if number is not None else str(value),
                reported_by=person, organisation_id=orgs[org], source=source, note=note))
    readings += _seat_readings(wb, outcomes[SEATS], orgs["board"])
    wb.add_all(readings)
    for ago, kind, text, person, consent, partners, outcome, story in WINS:
        wb.add_win(Win(won_on=day(ago), win_kind=kind, description=text, person_name=person,
                       consent_on=day(consent) if consent is not None else None,
                       consent_note="Agreed in writing to be named in partnership summaries"
                       if person else "",
                       outcome_id=outcomes[outcome] if outcome else None, story=story),
                   [orgs[p] for p in partners])


def _seat_readings(wb: Workbook, outcome_id: int | None, board: int) -> list[Reading]:
    """One reading per meeting: the share of the room from businesses."""
    business = {o.id for o in wb.all(Organisation) if o.partner_type == "business"}
    people = {p.id: p.organisation_id for p in wb.all(Person)}
    present: dict[int, list[int]] = {}
    for meeting_id, person_id in wb.attendance_rows():
        present.setdefault(meeting_id, []).append(person_id)
    out = []
    for meeting in sorted(wb.all(Meeting), key=lambda m: m.held_on):
        room = present.get(meeting.id or 0, [])
        if not room or outcome_id is None:
            continue
        share = 100 * sum(people.get(p) in business for p in room) / len(room)
        out.append(Reading(outcome_id=outcome_id, read_on=meeting.held_on,
                           value=round(share, 1), reported_by="Dana Okafor",
                           organisation_id=board, source="Attendance taken at the meeting"))
    return out
