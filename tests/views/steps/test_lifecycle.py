"""The lifecycle view, driven without a browser: checklist, moving on, history, momentum."""

from __future__ import annotations

import datetime as dt

from ipywidgets.widgets.widget import _instances

from workbook import ChecklistMark, PhaseChange, reference
from workbook.i18n import format_date
from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps.lifecycle import LifecycleView

TODAY = dt.date.today()


def _row(view: LifecycleView, item: str):
    return next(r for r in view.rows if r.item == item)


def test_lifecycle_shows_current_phase_and_its_checklist(wb):
    """The view opens on the current phase with one row per checklist item, in words."""
    view = LifecycleView(wb)
    phase = reference.phase(wb.partnership.phase)
    assert phase.title in view.current.value
    shown = [r.done.description for r in view.rows if r.item is not None]
    assert shown == [entry.text for entry in phase.checklist]
    hidden = [r for r in view.rows if r.item is None]
    assert all(r.widget.layout.display == "none" for r in hidden)


def test_lifecycle_tick_item_with_date_and_evidence(wb):
    """Ticking an item stores done, its date and the evidence; unticking keeps the row."""
    view = LifecycleView(wb)
    row = _row(view, "history")
    row.done.value = True
    row.done_on.value = TODAY - dt.timedelta(days=2)
    row.evidence.value = "Notes of the review meeting"
    row.save.click()
    [mark] = wb.all(ChecklistMark)
    assert (mark.phase, mark.item, mark.done, mark.done_on, mark.evidence) == (
        "preparation", "history", True, TODAY - dt.timedelta(days=2),
        "Notes of the review meeting")
    assert "1 of 4" in view.current.value
    row.done.value = False
    row.save.click()
    mark = wb.get(ChecklistMark, mark.id)
    assert (mark.done, mark.done_on) == (False, None)


def test_lifecycle_too_long_evidence_is_refused_next_to_the_row(wb):
    """Evidence past its length limit shows the message on that row; it is not stored."""
    view = LifecycleView(wb)
    row = _row(view, "strengths")
    row.evidence.value = "x" * 3_000
    row.save.click()
    assert wb.all(ChecklistMark) == []
    assert "evidence" in row.error.value and "limit" in row.error.value


def test_lifecycle_a_tick_is_saved_at_once(wb):
    """Ticking an item stores it with today's date, without pressing a button; unticking
    stores that too."""
    view = LifecycleView(wb)
    row = _row(view, "strengths")
    row.done.value = True
    [mark] = wb.all(ChecklistMark)
    assert mark.done and mark.done_on is not None
    assert "Ticked" in view.status.text
    row.done.value = False
    assert wb.get(ChecklistMark, mark.id).done is False


def test_lifecycle_checklist_of_another_phase(wb):
    """Picking another phase shows its items, and a tick is stored under that phase."""
    view = LifecycleView(wb)
    view.phase.value = "developing"
    row = _row(view, "named")
    row.done.value = True
    row.save.click()
    [mark] = wb.all(ChecklistMark)
    assert (mark.phase, mark.item) == ("developing", "named")
    assert len([r for r in view.rows if r.item]) == len(reference.phase("developing").checklist)


def test_lifecycle_move_to_phase_keeps_history(wb):
    """Moving on stores the change with its note, updates the phase and lists the history."""
    view = LifecycleView(wb)
    assert view.move_form.inputs["phase"].value == "planning"  # the next phase is suggested
    view.move_form.inputs["note"].value = "Stock taken; time to plan with partners."
    view.move_button.click()
    assert wb.partnership.phase == "planning"
    [change] = wb.all(PhaseChange)
    assert (change.phase, change.changed_on, change.note) == (
        "planning", TODAY, "Stock taken; time to plan with partners.")
    assert "Planning" in view.current.value and "Stock taken" in view.history.value
    assert view.phase.value == "planning"


def test_lifecycle_move_dated_before_last_change_is_refused(wb):
    """A phase change dated before the last one is refused with the model's message."""
    wb.move_to_phase("planning", changed_on=TODAY)
    view = LifecycleView(wb)
    view.move_form.inputs["changed_on"].value = TODAY - dt.timedelta(days=10)
    view.move_button.click()
    assert wb.partnership.phase == "planning"
    assert len(wb.all(PhaseChange)) == 1
    assert "before the last" in view.move_form.error_text("changed_on")


def test_lifecycle_momentum_warns_in_plain_words(wb):
    """A long gap since the last meeting and too few employers are warned about in words."""
    community = add_organisation(wb, partner_type="community")
    people = [add_person(wb, community) for _ in range(3)]
    add_meeting(wb, held_on=TODAY - dt.timedelta(days=60), attendees=people)
    view = LifecycleView(wb)
    page = view.momentum.value
    assert "Days since the last meeting" in page and "<td><bdi>60</bdi></td>" in page
    assert "Warning: 60 days have passed" in page
    assert "fewer than half the room" in page


def test_lifecycle_momentum_without_trouble_says_so(wb):
    """A recent meeting with employers in the majority and nothing overdue gives no warning."""
    employer = add_organisation(wb, partner_type="business")
    add_meeting(wb, held_on=TODAY - dt.timedelta(days=5),
                attendees=[add_person(wb, employer) for _ in range(2)])
    view = LifecycleView(wb)
    assert "Warning" not in view.momentum.value and "No warnings" in view.momentum.value


def test_lifecycle_demo_history_and_timeline_with_text(demo_wb):
    """On the demo every phase change is listed and the timeline has its text alternative."""
    view = LifecycleView(demo_wb)
    for change in demo_wb.phase_history():
        assert format_date(change.changed_on, "medium") in view.history.value
    view.timeline.open()
    timeline = view.timeline.value
    assert "<img" in timeline and 'alt="Timeline' in timeline
    assert "Current phase: Stewarding" in timeline


def test_lifecycle_show_twice_closes_first_and_stores_once(wb):
    """Re-running the cell closes the old view; one click on the new one stores one mark."""
    before = set(_instances)
    first = LifecycleView.show(wb)
    second = LifecycleView.show(wb)
    assert first.move_button.comm is None and first.rows[0].save.comm is None
    second.rows[0].done.value = True
    second.rows[0].save.click()
    assert len(wb.all(ChecklistMark)) == 1
    second.close()
    assert set(_instances) - before == set()  # layouts and styles too


def test_lifecycle_phase_change_corrected_removed_and_undone(wb):
    """A phase change is corrected and removed from the view (the current phase follows the
    latest change left, and the confirmation says so); Undo brings it back."""
    first = wb.move_to_phase("planning", changed_on=dt.date(2026, 1, 5))
    wb.move_to_phase("prospecting", changed_on=dt.date(2026, 3, 1), note="tpyo")
    view = LifecycleView(wb)
    editor = view.change_editor
    latest = editor.entity_id
    assert latest is not None and latest != first.id
    editor.form.inputs["note"].value = "typo fixed"
    editor.form.inputs["phase"].value = "developing"
    editor.save_button.click()
    assert wb.get(PhaseChange, latest).note == "typo fixed"
    assert wb.partnership.phase == "developing"
    editor.remove_button.click()
    assert "goes back to Planning" in editor.confirm_text.value
    editor.confirm_button.click()
    assert [c.id for c in wb.phase_history()] == [first.id]
    assert wb.partnership.phase == "planning" and "Planning" in view.current.value
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [c.note for c in wb.phase_history()] == ["", "typo fixed"]
    assert wb.partnership.phase == "developing"
    assert "typo fixed" in view.history.value
