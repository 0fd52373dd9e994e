"""The participant app's readings section: a partner's figure reaches the workbook only
through the facilitator's review of the contribution file."""

from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import Outcome, Workbook
from workbook.participant.contribution import parse
from workbook.participant.importer import apply, preview
from workbook.participant.session import open_read_only
from workbook.views.participant.app import NEW_ORG, ParticipantView


@pytest.fixture
def facilitator(demo_path: Path) -> Iterator[Workbook]:
    wb = Workbook.open(demo_path, daily_backup=False)
    yield wb
    wb.close()


@pytest.fixture
def shared(facilitator: Workbook, tmp_path: Path) -> Iterator[Workbook]:
    """The participant's read-only copy of the committed workbook."""
    target = tmp_path / "binder" / "data" / "meeting.sqlite"
    target.parent.mkdir(parents=True)
    facilitator.close()
    shutil.copyfile(facilitator.path, target)
    wb = open_read_only(target)
    yield wb
    wb.close()


def _view(wb: Workbook, tmp_path: Path) -> ParticipantView:
    view = ParticipantView(wb, folder=tmp_path / "drafts")
    view.name.value = "Priya Raman"
    view.organisation.value = NEW_ORG
    view.new_organisation.value = "Quintero Composites"
    view.partner_type.value = "business"
    view.me_button.click()
    return view


def test_reading_sent_from_the_app_imports_after_review(shared: Workbook, demo_path: Path,
                                                        tmp_path: Path) -> None:
    """A figure typed in the app lands in the file and, once accepted, in the workbook."""
    view = _view(shared, tmp_path)
    outcome = next(o for o in shared.all(Outcome) if o.indicator == "retained_90")
    section = view.readings
    section.outcome.value = outcome.id
    assert "%" in section.unit.value
    day = dt.date.today() - dt.timedelta(days=1)
    section.form.inputs["read_on"].value = day
    section.form.inputs["value"].value = "74"
    section.form.inputs["source"].value = "Our payroll"
    section.button.click()
    assert "Reading added" in section.status.value
    view.file_button.click()
    payload = re.search(r'href="data:application/json;base64,([^"]+)"', view.download.value)
    raw = base64.b64decode(payload[1])
    with Workbook.open(demo_path, daily_backup=False) as wb:
        before = len(wb.readings(outcome.id))
        plan = preview(wb, parse(raw, wb))
        apply(wb, plan)
        stored = wb.readings(outcome.id)
        assert len(stored) == before + 1
        new = next(r for r in stored if r.read_on == day)
        assert (new.value, new.reported_by, new.source) == (74.0, "Priya Raman", "Our payroll")


def test_reading_with_a_unit_in_the_value_is_refused_under_the_field(shared: Workbook,
                                                                     tmp_path: Path) -> None:
    """"74%" is not a number: the message says to leave the unit out; nothing is kept."""
    view = _view(shared, tmp_path)
    view.readings.outcome.value = shared.all(Outcome)[0].id
    view.readings.form.inputs["value"].value = "74%"
    view.readings.button.click()
    assert "leave the unit out" in view.readings.form.error_text("value")
    assert view.draft.items == []
