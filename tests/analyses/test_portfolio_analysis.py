"""The portfolio: one row per partnership, read from files and database partnerships alike."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import HealthCheck
from workbook.analyses.portfolio import portfolio, portfolio_targets, sort_rows
from workbook.testing import add_action, add_meeting, add_organisation, make_workbook

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def two(new_target):
    """A busy partnership (meetings, overdue action, partner health falling) and an empty one."""
    busy, quiet = new_target("busy"), new_target("quiet")
    with make_workbook(busy, working_title="Busy Builders") as wb:
        add_meeting(wb, held_on=dt.date(2026, 6, 1))
        add_meeting(wb, held_on=dt.date(2026, 6, 29), status="planned")
        add_action(wb, due_on=dt.date(2026, 6, 10))
        add_action(wb, due_on=dt.date(2026, 7, 10))
        org = add_organisation(wb)
        wb.add(HealthCheck(organisation_id=org.id, checked_on=dt.date(2026, 3, 1), services=2,
                           goals=2, referrals=2, contact=2, voice=2))
        wb.add(HealthCheck(organisation_id=org.id, checked_on=dt.date(2026, 6, 1), services=1,
                           goals=2, referrals=1, contact=2, voice=2))
    make_workbook(quiet, working_title="Quiet Quarry").close()
    return busy, quiet


def test_portfolio_rows_say_where_each_partnership_stands(two):
    """Phase, last and next meeting, actions, warnings and health trend per partnership."""
    busy, quiet = two
    rows = portfolio([busy, quiet], today=TODAY)
    first, second = rows
    assert first.target == busy and first.name == "Busy Builders"
    assert (first.last_meeting, first.next_meeting) == (dt.date(2026, 6, 1),
                                                       dt.date(2026, 6, 29))
    assert (first.open_actions, first.overdue_actions) == (2, 1)
    assert (first.health_trend, first.health_change) == ("falling", -2)
    assert first.phase == "preparation" and first.phase_title
    assert second.name == "Quiet Quarry" and second.last_meeting is None
    assert second.health_trend == "" and second.warnings  # no meetings yet: a warning


def test_portfolio_sorts_by_any_column(two):
    """Sorting by overdue actions, highest first, puts the busy one on top; by name, A-Z."""
    rows = portfolio(list(reversed(two)), today=TODAY)
    assert [r.name for r in sort_rows(rows, "overdue_actions", descending=True)][0] == \
        "Busy Builders"
    assert [r.name for r in sort_rows(rows, "name")] == ["Busy Builders", "Quiet Quarry"]
    assert [r.name for r in sort_rows(rows, "next_meeting")][-1] == "Quiet Quarry"  # none last


def test_portfolio_unreadable_workbook_is_a_row_with_the_reason(two, tmp_path):
    """A workbook that cannot be opened gets a row saying why; the others still show."""
    busy, _ = two
    rows = portfolio([tmp_path / "gone.sqlite", busy], today=TODAY)
    assert "No workbook" in rows[0].problem and rows[1].name == "Busy Builders"


def test_portfolio_targets_lists_database_and_folder(pg_url, tmp_path):
    """Every partnership the role sees in the database, then the folder's workbook files."""
    from workbook.store.postgres import DbTarget

    make_workbook(DbTarget(pg_url, "portfolio-listed")).close()
    make_workbook(tmp_path / "b.sqlite").close()
    make_workbook(tmp_path / "a.sqlite").close()
    found = portfolio_targets(pg_url, tmp_path)
    assert DbTarget(pg_url, "portfolio-listed") in found
    assert found[-2:] == [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
