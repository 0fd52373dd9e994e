"""The participant app's screens: the plain-Python model (which meeting, which activities,
next / back) and the page that renders it one activity at a time."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

from workbook import Meeting, Workbook, i18n
from workbook.i18n import format_date
from workbook.participant.session import open_read_only
from workbook.views.participant.app import SEND_BACK, ParticipantView
from workbook.views.participant.screens import (
    SCREENS,
    Screens,
    aimed_meeting,
    offered,
)
from workbook.views.widgets.base import plain_text

VISITOR = "visitor=" + "e" * 32
DAY = dt.date(2026, 6, 1)


def _meeting(id_: int, on: dt.date, status: str = "held") -> Meeting:
    return Meeting(id=id_, held_on=on, objective=f"Meeting {id_}", status=status)


MEETINGS = [_meeting(1, dt.date(2026, 2, 1)), _meeting(2, dt.date(2026, 5, 1)),
            _meeting(3, dt.date(2026, 7, 1), "planned")]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_default_language(None)
    yield
    i18n.set_default_language(None)
    w.Widget.close_all()


@pytest.fixture
def shared(demo_path: Path, tmp_path: Path) -> Iterator[Workbook]:
    """The demo (seven meetings held, the eighth planned) as a participant opens it."""
    target = tmp_path / "binder" / "data" / "meeting.sqlite"
    target.parent.mkdir(parents=True)
    shutil.copyfile(demo_path, target)
    wb = open_read_only(target)
    yield wb
    wb.close()


# -- the model ----------------------------------------------------------------------------

def test_aimed_meeting_is_the_one_held_never_the_planned_one() -> None:
    assert aimed_meeting(MEETINGS, None, DAY) == (MEETINGS[1], "")
    # A meeting planned after today is never the page's meeting, even when the link asks.
    meeting, why = aimed_meeting(MEETINGS, 3, DAY)
    assert meeting is MEETINGS[1]
    assert "Meeting 3 has not been held yet" in why
    # Even when its day has come: not held is not held.
    assert aimed_meeting(MEETINGS, 3, dt.date(2026, 8, 1))[0] is MEETINGS[1]
    assert aimed_meeting(MEETINGS, 1, DAY) == (MEETINGS[0], "")
    meeting, why = aimed_meeting(MEETINGS, 99, DAY)
    assert meeting is MEETINGS[1] and "99 is not in this workbook" in why


def test_aimed_meeting_before_any_held_date_and_with_none_held() -> None:
    # Today earlier than every held meeting (a clock off, dates typed ahead): the last held.
    assert aimed_meeting(MEETINGS, None, dt.date(2025, 1, 1))[0] is MEETINGS[1]
    assert aimed_meeting([MEETINGS[2]], None, DAY) == (None, "")
    assert aimed_meeting([], None, DAY) == (None, "")


def test_offered_screens_follow_the_workbook() -> None:
    every = [s.key for s in offered(has_meeting=True, has_outcomes=True)]
    assert every == [s.key for s in SCREENS]
    assert every[0] == "you" and every[-1] == "send"
    fewer = [s.key for s in offered(has_meeting=False, has_outcomes=False)]
    assert "evaluation" not in fewer and "readings" not in fewer
    assert len(fewer) == len(SCREENS) - 2


def test_screens_next_back_go_and_their_ends() -> None:
    screens = Screens(offered(has_meeting=True, has_outcomes=False))
    assert screens.current.key == "you" and not screens.has_back and screens.has_next
    assert screens.back().key == "you"  # stays put at the start
    assert screens.neighbour(-1) is None and screens.neighbour(1).key == "organization"
    assert screens.next().key == "organization"
    assert screens.position() == "Step 2 of 8"
    assert screens.go("send").key == "send" and not screens.has_next
    assert screens.next().key == "send"  # stays put at the end
    assert screens.back().key == "evaluation"
    with pytest.raises(KeyError):
        screens.go("readings")  # not offered without outcomes
    with pytest.raises(ValueError):
        Screens([])


def test_screen_titles_and_position_in_spanish() -> None:
    i18n.set_default_language("es")
    screens = Screens(SCREENS)
    assert screens.current.label == "Quién es usted"
    assert screens.position() == "Paso 1 de 9"


# -- the page rendering it ------------------------------------------------------------------

def _shown_pages(view: ParticipantView) -> list[str]:
    return [key for key, page in view.pages.items() if page.layout.display != "none"]


def _texts(widget: w.Widget) -> Iterator[str]:
    if isinstance(widget, w.HTML):
        yield plain_text(widget.value)
    for child in getattr(widget, "children", ()):
        yield from _texts(child)


def test_page_shows_one_activity_at_a_time(shared: Workbook, tmp_path: Path) -> None:
    view = ParticipantView(shared, query=VISITOR, folder=tmp_path)
    assert _shown_pages(view) == ["you"]
    assert view.back_button.layout.display == "none"
    assert view.next_button.description == "Next: Your organization"
    view.next_button.click()
    assert _shown_pages(view) == ["organization"] and view.chooser.value == "organization"
    assert view.back_button.description == "Back: Who you are"
    view.chooser.value = "evaluation"
    assert _shown_pages(view) == ["evaluation"]
    assert "Step 8 of 9" in view.position.value  # the demo tracks outcomes: nine screens
    view.chooser.value = "send"
    assert view.next_button.layout.display == "none"
    view.back_button.click()
    assert _shown_pages(view) == ["evaluation"]
    # Every activity's page is there, on its own screen.
    assert set(view.pages) == {s.key for s in SCREENS}
    view.close()


def test_the_send_back_warning_is_said_once(shared: Workbook, tmp_path: Path) -> None:
    view = ParticipantView(shared, query=VISITOR, folder=tmp_path)
    text = "\n".join(_texts(view.widget))
    assert text.count(SEND_BACK[:60]) == 1
    view.close()


def test_page_is_about_the_meeting_held_even_when_the_link_names_the_planned_one(
        shared: Workbook, tmp_path: Path) -> None:
    meetings = shared.all(Meeting)
    planned = next(m for m in meetings if m.status == "planned")
    held = shared.latest_meeting(on_or_before=dt.date.today())
    view = ParticipantView(shared, query=f"meeting={planned.id}&{VISITOR}", folder=tmp_path)
    assert view.meeting.id == held.id and view.draft.meeting_id == held.id
    assert "has not been held yet" in view.notice.value
    # The header names the held meeting (the demo's story moves with today).
    assert format_date(held.held_on, language="en") in view.context.value
    assert "planned" not in view.context.value
    assert view.evaluation.meeting_id == held.id
    view.close()


def test_language_switch_keeps_the_screen_and_the_header(shared: Workbook,
                                                          tmp_path: Path) -> None:
    view = ParticipantView(shared, query=VISITOR, folder=tmp_path)
    view.chooser.value = "problems"
    view.language.value = "es"
    assert _shown_pages(view) == ["problems"]
    assert view.chooser.value == "problems"
    assert "Reunión" in view.context.value  # the header, redrawn in Spanish
    assert view.context in view.widget.children
    assert view.next_button.description.startswith("Siguiente")
    view.close()
