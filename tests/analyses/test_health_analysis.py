"""Partnership health: the trend per partner and the partner to strengthen."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from workbook import HealthCheck, reference
from workbook.analyses import health_history, health_trend, partner_to_strengthen
from workbook.testing import add_organisation

DAY = dt.date(2026, 3, 1)


def _check(wb, org, days_later=0, **answers):
    fields = dict.fromkeys((q.key for q in reference.HEALTH_QUESTIONS), 2)
    fields.update(answers)
    return wb.add(HealthCheck(organisation_id=org.id,
                              checked_on=DAY + dt.timedelta(days=days_later), **fields))


def test_health_trend_flags_a_falling_score_as_slipping(wb):
    """Latest 7 after 10: change -3, slipping; a rising partner is not slipping."""
    falling, rising = add_organisation(wb, name="Falling"), add_organisation(wb, name="Rising")
    _check(wb, falling, 0)
    _check(wb, falling, 30, goals=0, voice=1)
    _check(wb, rising, 0, services=0)
    _check(wb, rising, 30)
    table = health_trend(wb).set_index("organisation")
    assert (table.loc["Falling", "score"], table.loc["Falling", "previous_score"]) == (7, 10)
    assert table.loc["Falling", "change"] == -3
    assert bool(table.loc["Falling", "slipping"]) is True
    assert bool(table.loc["Rising", "slipping"]) is False
    assert table.loc["Falling", "goals"] == "No"
    assert table.loc["Falling", "voice"] == "Partly"
    assert table.loc["Falling", "not_yet"] == "Knowing each other's goals; A voice in decisions"


def test_health_trend_compares_the_two_latest_checks_by_date(wb):
    """Checks added out of date order are still compared latest against the one before."""
    org = add_organisation(wb)
    _check(wb, org, 60, services=1)  # latest: 9
    _check(wb, org, 0, services=0, goals=0)  # oldest: 6
    _check(wb, org, 30, services=0)  # previous: 8
    row = health_trend(wb).iloc[0]
    assert (row.score, row.previous_score, row.checks) == (9, 8, 3)
    assert row.checked_on == DAY + dt.timedelta(days=60)
    assert bool(row.slipping) is False


def test_health_trend_with_one_check_has_no_previous_and_is_not_slipping(wb):
    """A single check gives an empty previous score and change."""
    _check(wb, add_organisation(wb), 0, referrals=0)
    row = health_trend(wb).iloc[0]
    assert row.score == 8
    assert pd.isna(row.previous_score) and pd.isna(row.change)
    assert bool(row.slipping) is False


def test_health_history_lists_every_check_with_its_score(wb):
    """One row per check, with the score as the sum of the answers."""
    org = add_organisation(wb)
    _check(wb, org, 0, contact=1)
    _check(wb, org, 10, contact=0, voice=0)
    table = health_history(wb)
    assert list(table["score"]) == [9, 6]


def test_partner_to_strengthen_is_the_lowest_latest_score(wb):
    """The partner with the lowest latest score is picked, with the questions as reasons."""
    low, high = add_organisation(wb, name="Low"), add_organisation(wb, name="High")
    _check(wb, low, 0, referrals=0, contact=1)
    _check(wb, high, 0, referrals=0)
    pick = partner_to_strengthen(wb)
    assert (pick.organisation_id, pick.organisation, pick.score) == (low.id, "Low", 7)
    assert any(r.startswith("Referrals both ways: not yet") for r in pick.reasons)
    assert any(r.startswith("Contact beyond referrals: only partly") for r in pick.reasons)
    assert not any(r.startswith("A voice in decisions") for r in pick.reasons)


def test_partner_to_strengthen_prefers_the_slipping_partner_on_a_tie(wb):
    """Equal latest scores: the one whose score fell goes first, and that is a reason."""
    steady, slipping = add_organisation(wb, name="A Steady"), add_organisation(wb, name="B Slip")
    _check(wb, steady, 0, goals=0)
    _check(wb, steady, 40, goals=0)
    _check(wb, slipping, 0)
    _check(wb, slipping, 50, goals=0)
    pick = partner_to_strengthen(wb)
    assert pick.organisation == "B Slip" and pick.slipping
    assert "fell from 10 to 8" in " ".join(pick.reasons)


def test_partner_to_strengthen_then_prefers_the_oldest_check(wb):
    """Equal scores, neither slipping: the partner checked longest ago goes first."""
    recent, old = add_organisation(wb, name="A Recent"), add_organisation(wb, name="B Old")
    _check(wb, recent, 90, voice=0)
    _check(wb, old, 10, voice=0)
    assert partner_to_strengthen(wb).organisation == "B Old"


def test_partner_to_strengthen_skips_our_own_and_former_partners(wb):
    """Only current partners are suggested; None when no one else was checked."""
    own = add_organisation(wb, partner_type=reference.OWN)
    gone = add_organisation(wb, status="former")
    _check(wb, own, 0, services=0, goals=0)
    _check(wb, gone, 0, services=0, goals=0)
    assert partner_to_strengthen(wb) is None
    current = add_organisation(wb, name="Current")
    _check(wb, current, 0)
    assert partner_to_strengthen(wb).organisation == "Current"
