"""Meeting mode holds the meeting it runs: planned ones start here, the last item finishes."""

from __future__ import annotations

import datetime as dt

from workbook.model import AgendaItem, Meeting
from workbook.testing import add_meeting
from workbook.views.steps.meeting import MeetingView
from workbook.views.steps.summary import MeetingSummaryView
from workbook.views.widgets.base import plain_text

TODAY = dt.date.today()
PLANNED = ("Welcome, introductions and who is at the table",
           "Next steps: who does what by when, and when we meet next")


def _plan_today(wb):
    """Today's meeting as the start page plans it (two agenda lines, nothing timed), and
    one planned four weeks on."""
    today = wb.plan_meeting(TODAY, "Kick-off", agenda=PLANNED, starts_at="14:30")
    later = wb.plan_meeting(TODAY + dt.timedelta(weeks=4), "Second meeting")
    return today, later


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_planned_meeting_shows_its_agenda_and_starts_here(wb):
    """Today's planned meeting opens with its planned agenda; one click holds it, its agenda
    goes on the clock, and the header names it."""
    planned, _later = _plan_today(wb)
    view = MeetingView.show(wb)
    assert view.meeting_id == planned.id
    assert view.starter.start_planned.layout.display is None
    shown = plain_text(view.item_heading.value)
    assert all(line in shown for line in PLANNED)
    assert "(planned)" in plain_text(view.context.value)
    view.starter.start_planned.click()
    held = wb.get(Meeting, planned.id)
    assert held.status == "held" and held.held_on == TODAY
    assert [i.title for i in wb.agenda_items(planned.id)] == list(PLANNED)
    assert view.flow.current_step.activity == "attendance"
    assert view.starter.start_planned.layout.display == "none"
    header = plain_text(view.context.value)
    assert "Meeting:" in header and "(planned)" not in header
    assert "No meeting held yet" not in header


def test_starting_the_clock_starts_the_planned_meeting(wb):
    """The clock's first Start on today's planned meeting holds it too."""
    planned, _later = _plan_today(wb)
    view = MeetingView.show(wb)
    view.timebox.start_button.click()
    assert wb.get(Meeting, planned.id).status == "held"
    assert view.timebox.countdown.running
    assert view.timebox.current == wb.agenda_items(planned.id)[0].id


def test_the_clock_does_not_start_a_meeting_planned_for_a_later_day(wb):
    """A meeting planned for another day is not held by a stray Start; the line says how."""
    later = wb.plan_meeting(TODAY + dt.timedelta(days=9), "Later", agenda=PLANNED)
    view = MeetingView.show(wb)
    view.setup_button.click()
    view.timebox.start_button.click()
    assert wb.get(Meeting, later.id).status == "planned"
    assert not view.timebox.countdown.running
    assert "Start this planned meeting now" in view.status.text


def test_summary_opens_on_the_meeting_held_in_meeting_mode(wb):
    """After a meeting run in meeting mode the summary picks it, not the one planned ahead."""
    planned, _later = _plan_today(wb)
    MeetingView.show(wb).starter.start_planned.click()
    summary = MeetingSummaryView.show(wb)
    assert summary.meeting.value == planned.id
    assert "nothing to summarize" not in plain_text(summary.page.value)


def test_standard_agenda_completes_the_planned_one(wb):
    """"Use the standard agenda" keeps the planned lines and adds every activity they miss,
    in the usual order."""
    planned, _later = _plan_today(wb)
    view = MeetingView.show(wb)
    view.starter.start_planned.click()
    assert view.setup_button.layout.display is None
    view.setup_button.click()
    items = wb.agenda_items(planned.id)
    titles = [i.title for i in items]
    assert titles[0] == PLANNED[0] and titles[-1] == PLANNED[1]
    assert "Name vote" in titles and "Evaluation" in titles and "Decision" in titles
    assert len(titles) == 9 and [i.position for i in items] == list(range(1, 10))
    assert "Welcome and introductions" not in titles  # the planned welcome stands for it
    assert view.setup_button.layout.display == "none"


def test_last_item_finishes_and_is_not_reported_as_not_reached(wb):
    """The last item's Next finishes the meeting: its time is stored, so the summary does
    not ask when it will be taken up."""
    planned, _later = _plan_today(wb)
    view = MeetingView.show(wb)
    view.starter.start_planned.click()
    view.next_button.click()
    assert view.next_button.description == "Finish the meeting"
    assert not view.next_button.disabled
    view.next_button.click()
    last = wb.agenda_items(planned.id)[-1]
    assert wb.get(AgendaItem, last.id).spent_seconds is not None
    page = plain_text(MeetingSummaryView.show(wb).page.value)
    assert f"“{PLANNED[1]}” was not reached" not in page


def test_no_meeting_offers_one_next_step_and_disables_the_rest(wb):
    """Without a meeting: one field and one button start today's; the clock, Next and the
    notes are disabled until then."""
    view = MeetingView.show(wb)
    assert view.starter.start_new.layout.display is None
    assert view.timebox.start_button.disabled and view.timebox.pause_button.disabled
    assert view.next_button.disabled and view.previous_button.disabled
    assert view.notes.save_button.disabled
    assert "kickoff notebook" not in plain_text(view.item_heading.value)
    view.starter.new_objective.value = "Agree why we meet"
    view.starter.start_new.click()
    (meeting,) = wb.all(Meeting)
    assert meeting.status == "held" and meeting.held_on == TODAY
    assert len(wb.agenda_items(meeting.id)) == 9
    assert view.meeting_id == meeting.id and not view.timebox.start_button.disabled
    assert view.starter.start_new.layout.display == "none"


def test_phones_panel_lives_below_the_sticky_header(tmp_path):
    """The live room's tall panel is not inside the sticky header, which keeps one row."""
    from workbook.testing import make_workbook

    wb = make_workbook(tmp_path / "room.sqlite")
    try:
        add_meeting(wb, held_on=TODAY)
        view = MeetingView.show(wb)
        view.phones_button.value = True
        assert not any(view.phones_box is c for c in _descendants(view.header))
        assert any(view.phones_box is c for c in _descendants(view.widget))
        assert list(view.header.children) == [view.header_row]
        view.close()
    finally:
        wb.close()


def test_next_meeting_is_planned_with_its_start_time(wb):
    """Planning the next meeting in meeting mode takes a start time, as the start page does."""
    meeting = add_meeting(wb, held_on=TODAY, agenda=("Plan the next meeting",),
                          starts_at="09:30")
    view = MeetingView.show(wb)
    view.time_button.click()
    assert view.shown_activity == "next_meeting"
    panel = view.activities["next_meeting"].panel
    inputs = panel.editor.form.inputs
    assert inputs["starts_at"].value == "09:30"
    inputs["starts_at"].value = "14:00"
    inputs["objective"].value = "Second meeting"
    panel.editor.save_button.click()
    (later,) = [m for m in wb.all(Meeting) if m.id != meeting.id]
    assert later.starts_at == "14:00"


def test_a_meeting_started_elsewhere_drops_the_offer_on_refresh(wb):
    """Started in the kickoff notebook meanwhile: meeting mode's redraw no longer offers it."""
    planned, _later = _plan_today(wb)
    view = MeetingView.show(wb)
    wb.start_meeting(planned.id)
    view.refresh()
    assert view.starter.start_planned.layout.display == "none"


def test_a_spanish_meeting_runs_on_a_spanish_agenda(wb):
    """A facilitator working in Spanish plans two Spanish lines and holds the meeting: the
    agenda is completed with the standard lines in Spanish, and each line opens its
    activity, as an English agenda does."""
    from workbook import i18n
    from workbook.views.steps.meeting_model import ACTIVITIES

    i18n.set_default_language("es")
    try:
        planned = wb.plan_meeting(TODAY, "Arranque", agenda=(
            "Bienvenida y quién está en la mesa", "Próximos pasos: quién hace qué y cuándo"),
            starts_at="14:30")
        view = MeetingView.show(wb)
        try:
            view.starter.start_planned.click()
            assert view.flow.current_step.activity == "attendance"
            view.set_up_agenda()
            titles = [s.title for s in view.flow.steps]
            opened = [s.activity for s in view.flow.steps]
        finally:
            view.close()
    finally:
        i18n.set_default_language(None)
    assert wb.get(Meeting, planned.id).status == "held"
    assert "Votación del nombre" in titles and "Name vote" not in titles
    assert set(opened) == set(ACTIVITIES) - {"notes"}
    assert opened[titles.index("Próximos pasos: quién hace qué y cuándo")] == "actions"
