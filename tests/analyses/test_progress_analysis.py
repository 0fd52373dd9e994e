"""Progress on outcomes against baseline, benchmark and target; stale outcomes; new wins."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import Meeting, Organisation, Outcome, Partnership, Reading, Win, Workbook
from workbook.analyses.progress import (
    format_value,
    new_wins,
    outcome_progress,
    progress_of,
    stale_outcomes,
)

TODAY = dt.date(2026, 6, 30)


def _outcome(**fields):
    return Outcome(id=1, description=fields.pop("description", "Retention"), **fields)


def _readings(*pairs):
    return [Reading(id=n, outcome_id=1, read_on=day, value=value if isinstance(value, float | int)
                    else None, text=value if isinstance(value, str) else "")
            for n, (day, value) in enumerate(pairs, start=1)]


@pytest.mark.parametrize(("direction", "value", "status"), [
    ("higher", 76, "target_met"),
    ("higher", 75, "target_met"),
    ("higher", 70, "beats_benchmark"),
    ("higher", 62, "below_benchmark"),
    ("lower", 20, "target_met"),
    ("lower", 30, "target_met"),
    ("lower", 64, "beats_benchmark"),
    ("lower", 70, "below_benchmark"),
])
def test_status_against_target_and_benchmark(direction, value, status):
    """The latest value meets the target or beats the benchmark the way the direction says."""
    target, benchmark = (75, 65) if direction == "higher" else (30, 65)
    outcome = _outcome(direction=direction, target_value=target, benchmark_value=benchmark,
                       baseline_value=60)
    progress = progress_of(outcome, _readings(("2026-05-31", value)), TODAY)
    assert progress.status == status


def test_baseline_falls_back_to_first_reading():
    """Without a baseline value, the first numeric reading is the baseline."""
    progress = progress_of(_outcome(), _readings(("2026-01-31", 50), ("2026-06-01", 55)),
                           TODAY)
    assert progress.baseline == 50 and progress.baseline_is_first_reading
    assert progress.change == 5 and progress.status == "improving"
    single = progress_of(_outcome(), _readings(("2026-06-01", 55)), TODAY)
    assert single.status == "no_comparison"


def test_lower_is_better_reads_a_fall_as_improving():
    """For time to fill, going down from the baseline is progress."""
    outcome = _outcome(direction="lower", baseline_value=60, target_value=30, unit="days")
    progress = progress_of(outcome, _readings(("2026-06-01", 45)), TODAY)
    assert progress.status == "improving" and progress.share_of_way == pytest.approx(0.5)
    worse = progress_of(outcome, _readings(("2026-06-01", 70)), TODAY)
    assert worse.status == "slipping" and worse.share_of_way < 0


def test_latest_reading_in_words_replaces_older_number():
    """A later reading in words is the latest: no number is claimed for it."""
    progress = progress_of(_outcome(target_value=10),
                           _readings(("2026-01-31", 12), ("2026-06-01", "counting again")),
                           TODAY)
    assert progress.latest_value is None and progress.status == "text_only"
    assert progress.latest_text == "counting again" and len(progress.points) == 1


def test_future_readings_are_left_out():
    """Readings dated after ``today`` do not count yet."""
    progress = progress_of(_outcome(), _readings(("2026-06-01", 5), ("2026-07-31", 9)), TODAY)
    assert progress.readings == 1 and progress.latest_value == 5


@pytest.mark.parametrize(("last", "stale"), [(None, True), ("2026-06-30", False),
                                             ("2026-04-01", False), ("2026-03-31", True)])
def test_stale_after_ninety_days(last, stale):
    """No reading, or none for more than 90 days, flags the outcome; 90 days exactly not."""
    readings = _readings((last, 1)) if last else []
    progress = progress_of(_outcome(), readings, TODAY)
    assert progress.stale is stale
    assert (progress in stale_outcomes([progress])) is stale


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (61.5, "%", "61.5%"), (75.0, "%", "75%"), (18.25, "$ per hour", "$18.25 per hour"),
    (1204, "people", "1,204 people"), (3.333333, "", "3.33"), (None, "%", ""),
])
def test_format_value(value, unit, shown):
    """Values are written the way people read them, with the outcome's unit."""
    assert format_value(value, unit) == shown


def test_outcome_progress_reads_the_workbook():
    """Every outcome comes back, each with its own readings."""
    wb = Workbook.memory(Partnership(working_title="V", sector="S", region="R"))
    a = wb.add(Outcome(description="A", target_value=10))
    wb.add(Outcome(description="B"))
    wb.add(Reading(outcome_id=a.id, read_on="2026-06-01", value=11))
    result = outcome_progress(wb, today=TODAY)
    assert [(p.description, p.status) for p in result] == [("A", "target_met"),
                                                           ("B", "no_reading")]


def test_new_wins_of_a_meeting_name_only_with_consent():
    """A meeting's new wins are those since the meeting before; names need consent."""
    wb = Workbook.memory(Partnership(working_title="V", sector="S", region="R"))
    org = wb.add(Organisation(name="Acme"))
    first = wb.add(Meeting(held_on="2026-03-01", objective="Kick off"))
    second = wb.add(Meeting(held_on="2026-04-01", objective="Review"))
    wb.add(Win(won_on="2026-02-20", description="Old win"))
    wb.add_win(Win(won_on="2026-03-10", description="Hired as a welder",
                   person_name="Dana", consent_on="2026-03-11"), [org.id])
    wb.add(Win(won_on="2026-03-20", description="Hired as a fitter"))
    wb.add(Win(won_on="2026-02-10", description="Told at the meeting", meeting_id=second.id))
    rows = new_wins(wb, second, first, is_latest=True)
    assert [r.description for r in rows] == ["Told at the meeting", "Hired as a welder",
                                             "Hired as a fitter"]
    assert rows[1].person == "Dana" and rows[1].partners == ("Acme",)
    assert rows[2].person == ""
    assert [r.description for r in new_wins(wb, first, None, is_latest=False)] == ["Old win"]


def test_partnership_indicators_read_from_momentum(demo_wb):
    """Employer share, meeting rate and actions done come from the momentum figures."""
    from workbook.analyses import momentum
    from workbook.analyses.progress import momentum_reading

    figures = momentum(demo_wb)
    share = momentum_reading(demo_wb, "employer_share")
    assert share == round(100 * figures.last_meeting_employer_share, 1)
    assert momentum_reading(demo_wb, "actions_done") == round(100 * figures.action_completion, 1)
    assert momentum_reading(demo_wb, "meetings_per_month") == round(
        figures.meetings_per_month_recent, 2)
    assert momentum_reading(demo_wb, "retained_90") is None
    assert momentum_reading(demo_wb, None) is None


def test_momentum_reading_without_meetings_is_none(wb):
    """No meeting and no action yet: nothing to read."""
    from workbook.analyses.progress import momentum_reading

    assert momentum_reading(wb, "employer_share") is None
    assert momentum_reading(wb, "meetings_per_month") is None
    assert momentum_reading(wb, "actions_done") is None
