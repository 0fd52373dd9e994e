"""The participant app driven without a browser: a session's input becomes a file that
imports exactly as previewed, and the shared workbook is never written."""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import NameCandidate, Organisation, Problem, Workbook
from workbook.participant.contribution import parse
from workbook.participant.importer import apply, preview
from workbook.participant.session import open_read_only
from workbook.testing.contributions import changes, file_state, snapshot
from workbook.views.participant.app import NEW_ORG, ParticipantView
from workbook.views.participant.state import problems_html


@pytest.fixture
def facilitator(demo_path: Path) -> Iterator[Workbook]:
    """The facilitator's workbook with an anonymous three-dot vote open."""
    wb = Workbook.open(demo_path, daily_backup=False)
    wb.open_vote(dots_per_participant=3, anonymous=True)
    yield wb
    wb.close()


@pytest.fixture
def shared(facilitator: Workbook, tmp_path: Path) -> Iterator[Workbook]:
    """The participant's Binder copy of the committed workbook, opened read-only."""
    target = tmp_path / "binder" / "data" / "meeting.sqlite"
    target.parent.mkdir(parents=True)
    facilitator.close()  # the last connection folds the WAL in, as before a commit
    shutil.copyfile(facilitator.path, target)
    wb = open_read_only(target)
    yield wb
    wb.close()


VISITOR = "visitor=" + "c" * 32  # this browser's key, as the Voila template adds it


def _view(wb: Workbook, tmp_path: Path, query: str = VISITOR) -> ParticipantView:
    return ParticipantView(wb, query=query, folder=tmp_path / "drafts")


def _say_who(view: ParticipantView, name: str = "Rosa Quintero",
             organisation: str = "Quintero Composites") -> None:
    view.name.value = name
    view.organisation.value = NEW_ORG
    view.new_organisation.value = organisation
    view.partner_type.value = "business"
    view.me_button.click()


def _fill_everything(view: ParticipantView, wb: Workbook) -> None:
    _say_who(view)
    view.profile.inputs["brings"].value = "Two shop floors for job shadowing"
    view.profile_button.click()
    view.naming.form.inputs["name"].value = "Composite Valley Works"
    view.naming.propose_button.click()
    first, second = list(view.naming.dots)[:2]
    view.naming.dots[first].value = 2
    view.naming.dots[second].value = 1
    view.naming.dots_button.click()
    view.resources.form.inputs["name"].value = "Layup bootcamp"
    view.resources.form.inputs["resource_kind"].value = "curriculum"
    view.resources.owner.value = "mine"
    view.resources.button.click()
    problem = wb.problems()[0]
    view.problems.problem.value = problem.id
    view.problems.under.value = wb.cause_tree(problem.id)[0][1].id
    view.problems.cause_form.inputs["statement"].value = "Supervisors get no coaching time"
    view.problems.cause_button.click()
    view.problems.solution_form.inputs["description"].value = "A buddy on every first shift"
    view.problems.solution_button.click()
    view.comment.value = "Glad to host the next meeting <b>on site</b>."
    view.comment_button.click()
    view.evaluation.scores["objective_met"].value = 4
    view.evaluation.scores["worth_our_time"].value = 5
    view.evaluation.comment.value = "Short and useful"
    view.evaluation.button.click()


def _downloaded(view: ParticipantView) -> bytes:
    view.file_button.click()
    payload = re.search(r'href="data:application/json;base64,([^"]+)"', view.download.value)
    assert payload, view.send_status.text
    return base64.b64decode(payload[1])


def test_participant_round_trip_imports_exactly_as_previewed(
        shared: Workbook, facilitator: Workbook, demo_path: Path, tmp_path: Path) -> None:
    """The app's file adds what its preview lists, row for row; a second import adds none."""
    view = _view(shared, tmp_path)
    _fill_everything(view, shared)
    assert len(view.draft.items) == 8, view.status.text
    raw = _downloaded(view)
    assert "send it to the facilitator" in view.send_status.text

    wb = Workbook.open(demo_path, daily_backup=False)
    try:
        plan = preview(wb, parse(raw, wb))
        expected = {"organisation": 1, "person": 1, "name_candidate": 1, "tally": 2,
                    "vote_roll": 1, "resource": 1, "cause": 1, "solution": 1, "comment": 1,
                    "evaluation": 1, "imported_item": 8, "imported_file": 1,
                    "change_log": 19, "change_step": 1}
        assert sorted(s.kind for s in plan.steps if s.default) == sorted(
            ["organisation", "person", "profile", "name_candidate", "dots", "resource",
             "cause", "solution", "comment", "evaluation"])
        before = snapshot(wb)
        apply(wb, plan)
        diff = changes(before, snapshot(wb))
        assert {t: len(added) for t, (added, gone) in diff.items()} == expected
        assert all(not gone for _, gone in diff.values())
        org = wb.organisation_named("Quintero Composites")
        assert org.brings == "Two shop floors for job shadowing"
        assert wb.all(NameCandidate, name="Composite Valley Works")[0].proposed_by_id

        rows, state = snapshot(wb), file_state(demo_path)
        again = preview(wb, parse(raw, wb))
        apply(wb, again)
        assert again.changes_nothing
        assert snapshot(wb) == rows and file_state(demo_path) == state
    finally:
        wb.close()


def test_participant_session_never_writes_the_shared_workbook(shared: Workbook,
                                                              tmp_path: Path) -> None:
    """A whole session, file included, leaves the participant's copy byte for byte."""
    path = tmp_path / "binder" / "data" / "meeting.sqlite"
    before = file_state(path)
    view = _view(shared, tmp_path)
    _fill_everything(view, shared)
    _downloaded(view)
    assert file_state(path) == before


def test_participant_must_say_who_first(shared: Workbook, tmp_path: Path) -> None:
    """A comment before the name is refused, with the reason next to the button."""
    view = _view(shared, tmp_path)
    view.comment.value = "Hello"
    view.comment_button.click()
    assert "Say who you are first" in view.comment_status.value
    assert view.draft.items == []


def test_participant_bad_input_shows_the_models_message(shared: Workbook,
                                                        tmp_path: Path) -> None:
    """A resource without a name is refused under the name field; nothing is kept."""
    view = _view(shared, tmp_path)
    _say_who(view)
    view.resources.button.click()
    assert "name" in view.resources.form.error_text("name")
    assert "is empty" in view.resources.status.value
    assert view.draft.items == []


def test_participant_tried_solution_needs_lessons(shared: Workbook, tmp_path: Path) -> None:
    """The model's rule for solutions tried before shows under the lessons field."""
    view = _view(shared, tmp_path)
    _say_who(view)
    view.problems.solution_form.inputs["description"].value = "Job fairs"
    view.problems.solution_form.inputs["tried_before"].value = True
    view.problems.solution_button.click()
    assert "tried before" in view.problems.solution_form.error_text("lessons")


def test_participant_too_many_dots_are_refused(shared: Workbook, tmp_path: Path) -> None:
    """More dots than the vote gives are refused and none are kept."""
    view = _view(shared, tmp_path)
    _say_who(view)
    for box in list(view.naming.dots.values())[:2]:
        box.value = 3
    view.naming.dots_button.click()
    assert "each participant has 3" in view.naming.status.value
    assert view.draft.items == []


def test_participant_reload_offers_the_draft_back(shared: Workbook, tmp_path: Path) -> None:
    """A reloaded page finds the draft, and one click restores the items and the name."""
    first = _view(shared, tmp_path)
    _say_who(first)
    first.comment.value = "Do not lose me"
    first.comment_button.click()
    first.close()
    again = _view(shared, tmp_path)
    assert again.resume_box.layout.display is None
    again.resume_button.click()
    assert again.name.value == "Rosa Quintero"
    assert [i["text"] for i in again.draft.items] == ["Do not lose me"]
    assert "Do not lose me" in again.items_html.value


def test_participant_remove_takes_an_item_out(shared: Workbook, tmp_path: Path) -> None:
    """Removing the picked item leaves the others."""
    view = _view(shared, tmp_path)
    _say_who(view)
    for text in ("One", "Two"):
        view.comment.value = text
        view.comment_button.click()
    view.remove_pick.value = 0
    view.remove_button.click()
    assert [i["text"] for i in view.draft.items] == ["Two"]


def test_participant_meeting_from_the_link(shared: Workbook, tmp_path: Path) -> None:
    """?meeting=1 shows that meeting; a meeting not in the workbook falls back, saying so."""
    assert _view(shared, tmp_path, "meeting=1").meeting.id == 1
    view = _view(shared, tmp_path, "meeting=999")
    assert view.meeting.id == shared.latest_meeting().id
    assert "999 is not in this workbook" in view.notice.value


@pytest.mark.parametrize("meeting", ["9" * 5_000, "9" * 21, "1" + "0" * 40, "x" * 3_000])
def test_participant_overlong_meeting_in_the_link_is_refused(shared: Workbook, tmp_path: Path,
                                                           meeting: str) -> None:
    """A meeting value longer than an id can be shows the latest meeting, with a message."""
    view = _view(shared, tmp_path, f"meeting={meeting}&{VISITOR}")
    assert view.meeting.id == shared.latest_meeting().id
    assert "latest meeting" in view.notice.value


def test_participant_second_visitor_is_not_offered_the_first_ones_draft(
        shared: Workbook, tmp_path: Path) -> None:
    """Two browsers on one server: the second sees no draft and cannot take up the first's,
    not even by typing the same name."""
    first = _view(shared, tmp_path, "meeting=1&visitor=" + "d" * 32)
    _say_who(first)
    first.comment.value = "For the facilitator only"
    first.comment_button.click()
    first.close()
    for query in ("visitor=" + "e" * 32, "", "visitor=not-a-key", "visitor=" + "D" * 32):
        second = _view(shared, tmp_path, query)
        assert second.resume_box.layout.display == "none"
        assert second.drafts.options == ()
        _say_who(second)
        assert second.draft.items == []
        assert "For the facilitator only" not in second.items_html.value
        second.close()
    again = _view(shared, tmp_path, "visitor=" + "d" * 32)  # the first browser, reloaded
    assert again.resume_box.layout.display is None


def test_participant_show_twice_closes_the_first(shared: Workbook, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-running the cell closes the old page; one click adds one item."""
    monkeypatch.setenv("WORKBOOK_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("QUERY_STRING", "")
    old = ParticipantView.show(shared)
    new = ParticipantView.show(shared)
    assert old.comment_button.comm is None and new.comment_button.comm is not None
    _say_who(new)
    new.comment.value = "Only once"
    new.comment_button.click()
    assert len(new.draft.items) == 1
    new.close()


def test_participant_text_is_escaped_everywhere(facilitator: Workbook, tmp_path: Path) -> None:
    """Markup typed by anyone shows as text in the state and in the draft list."""
    facilitator.add(Problem(statement="<img src=x onerror=alert(1)>"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in problems_html(facilitator)
    assert "<img src=x" not in problems_html(facilitator)
    view = _view(facilitator, tmp_path)
    _say_who(view, name="<b>Eve</b>", organisation="<i>Org</i>")
    view.comment.value = "<script>alert('x')</script>"
    view.comment_button.click()
    assert "&lt;script&gt;" in view.items_html.value
    assert "<script>" not in view.items_html.value and "<b>Eve" not in view.items_html.value


def test_participant_known_organisation_profile_prefilled(shared: Workbook,
                                                          tmp_path: Path) -> None:
    """Picking a listed organisation fills the profile form with what is stored."""
    org = next(o for o in shared.all(Organisation) if o.mission)
    view = _view(shared, tmp_path)
    view.name.value = "Dana Field"
    view.organisation.value = org.name
    view.me_button.click()
    assert view.profile.inputs["mission"].value == org.mission


def test_participant_opens_the_committed_meeting_workbook(shared: Workbook, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """From the notebooks folder, the app opens data/meeting.sqlite, and only for reading."""
    from workbook.errors import WorkbookError
    from workbook.views.participant.app import open_for_participant

    monkeypatch.delenv("WORKBOOK", raising=False)
    (tmp_path / "binder" / "notebooks").mkdir()
    wb = open_for_participant(tmp_path / "binder" / "notebooks")
    try:
        assert wb.partnership_uid() == shared.partnership_uid()
        with pytest.raises(WorkbookError):
            wb.add(Organisation(name="Nope", partner_type="business"))
    finally:
        wb.close()


def test_participant_app_opens_on_the_meeting_held_not_the_one_planned(
        shared: Workbook, tmp_path: Path) -> None:
    """The demo has its next meeting planned; the app (no meeting asked for) is about the
    meeting last held, and its evaluation goes to that meeting."""
    import datetime as dt

    from workbook import Meeting
    from workbook.model import current_meeting, next_meeting

    today = dt.date.today()
    meetings = shared.all(Meeting)
    assert next_meeting(meetings, today) is not None  # the demo plans its next meeting
    view = _view(shared, tmp_path)
    assert view.meeting is not None
    assert view.meeting.id == current_meeting(meetings, today).id
    assert view.meeting.status == "held" and view.meeting.held_on <= today
    assert view.draft.meeting_id == view.meeting.id
    view.close()
