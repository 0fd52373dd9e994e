"""Every view's header names the partnership and the meeting it works on."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from workbook import Workbook
from workbook.model import Meeting, current_meeting
from workbook.views.widgets.base import long_date, plain_text

VIEWS = [
    ("start", "StartView"), ("kickoff", "KickoffView"), ("naming", "NamingView"),
    ("resource_map", "ResourceMapView"), ("problems", "ProblemFramingView"),
    ("partners", "PartnersView"), ("actions", "ActionPlanView"),
    ("lifecycle", "LifecycleView"), ("summary", "MeetingSummaryView"),
    ("contributions", "ContributionsView"), ("outcomes", "OutcomesView"),
]


@pytest.fixture
def demo(demo_path):
    wb = Workbook.open(demo_path, daily_backup=False)
    yield wb
    wb.close()


@pytest.mark.parametrize(("module", "name"), VIEWS)
def test_header_names_partnership_and_meeting_held(demo, module, name):
    """Under its title each view says which partnership and which meeting (the one last
    held, never the planned one) it works on."""
    cls = getattr(importlib.import_module(f"workbook.views.steps.{module}"), name)
    view = cls.show(demo)
    header = plain_text(view.context.value)
    held = current_meeting(demo.all(Meeting), dt.date.today())
    assert header.startswith(f"Partnership: {demo.partnership.display_name}.")
    assert f"Meeting: {long_date(held.held_on)}" in header
    assert "(planned)" not in header
    assert view.widget.children[2] is view.context  # right under the title
    view.close()


def test_header_without_a_meeting_names_the_planned_one(wb):
    """No meeting held yet: the header says so and when the next one is planned."""
    from workbook.views.steps.actions import ActionPlanView

    day = dt.date.today() + dt.timedelta(days=9)
    wb.plan_meeting(day, "First meeting")
    view = ActionPlanView.show(wb)
    assert plain_text(view.context.value) == (
        f"Partnership: {wb.partnership.display_name}. No meeting held yet; the next one is "
        f"planned for {long_date(day)}.")
    view.close()
