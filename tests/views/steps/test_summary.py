"""The meeting summary view: the latest meeting by default, any meeting on request."""

from __future__ import annotations

import datetime as dt

from ipywidgets.widgets.widget import _instances

from workbook import Meeting, Workbook
from workbook.testing import add_action, add_meeting, add_organisation, add_person
from workbook.views.steps.summary import MeetingSummaryView

TODAY = dt.date.today()


def test_summary_shows_latest_meeting_by_default(wb):
    """The view opens on the latest meeting: objective, attendees by organisation, decisions."""
    org = add_organisation(wb, name="Harbour Fabrication", brings="A training cell",
                           needs="Welders")
    ada = add_person(wb, org, name="Ada Quill")
    add_meeting(wb, held_on=TODAY - dt.timedelta(days=40), objective="Older objective")
    latest = add_meeting(wb, held_on=TODAY - dt.timedelta(days=1), attendees=[ada],
                         objective="Agree on apprentices", decisions=("Start in March",))
    view = MeetingSummaryView(wb)
    assert view.meeting.value == latest.id
    page = view.page.value
    for text in ("Agree on apprentices", "Ada Quill", "Harbour Fabrication", "Business",
                 "Start in March", "A training cell", "Welders"):
        assert text in page
    assert "Older objective" not in page


def test_summary_actions_agreed_carried_and_overdue(wb):
    """Actions agreed at the meeting, carried over and overdue are each listed."""
    owner = add_person(wb, name="Bea Santos")
    first = add_meeting(wb, held_on=TODAY - dt.timedelta(days=60))
    second = add_meeting(wb, held_on=TODAY - dt.timedelta(days=5))
    add_action(wb, action="Late from before", owner_id=owner.id, meeting_id=first.id,
               due_on=TODAY - dt.timedelta(days=30))
    add_action(wb, action="Carried, not due", owner_id=owner.id, meeting_id=first.id,
               due_on=TODAY + dt.timedelta(days=30))
    add_action(wb, action="Agreed here", owner_id=owner.id, meeting_id=second.id)
    page = MeetingSummaryView(wb).page.value
    glance, actions = page.split('class="pwb-summary-actions"')
    assert "Agreed here" in glance and "Late from before" in glance  # at a glance too
    page = actions
    assert page.index("Agreed here") < page.index("Late from before")
    assert "Overdue" in page and "Carried over" in page and "Carried, not due" in page


def test_summary_pick_an_earlier_meeting(wb):
    """Picking an earlier meeting shows that meeting's objective instead."""
    early = add_meeting(wb, held_on=TODAY - dt.timedelta(days=90), objective="The kickoff")
    add_meeting(wb, held_on=TODAY, objective="Today's meeting")
    view = MeetingSummaryView(wb)
    view.meeting.value = early.id
    glance, record = view.page.value.split('class="pwb-summary-meeting"')
    assert "The kickoff" in record and "Today" not in record
    assert "Today" in glance  # announced as the next meeting


def test_summary_escapes_typed_text(wb):
    """Markup typed into a meeting is shown as text, never run."""
    add_meeting(wb, objective='<img src=x onerror="alert(1)">', decisions=("<script>x</script>",))
    page = MeetingSummaryView(wb).page.value
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_summary_without_meetings_says_what_to_do(wb):
    """A workbook without meetings gets a plain message instead of an error."""
    view = MeetingSummaryView(wb)
    assert "No meeting yet" in view.page.value


def test_summary_meeting_removed_elsewhere_is_reported(wb):
    """A meeting removed in another kernel is reported in the status line, not raised."""
    meeting = add_meeting(wb)
    view = MeetingSummaryView(wb)
    other = Workbook(wb.engine, wb.path, wb.db)  # another kernel: its listeners are its own
    other.delete(Meeting, meeting.id)
    view.draw()
    assert view.status.text.startswith("✗") and str(meeting.id) in view.status.text


def test_summary_meeting_removed_in_another_view_is_no_longer_offered(wb):
    """A meeting removed by another view of the same kernel leaves the picker at once."""
    meeting = add_meeting(wb)
    view = MeetingSummaryView(wb)
    wb.delete(Meeting, meeting.id)
    assert meeting.id not in [v for _, v in view.meeting.options]
    assert "No meeting yet" in view.page.value


def test_summary_reload_picks_up_new_meetings(wb):
    """Reload lists meetings added since the view was built, keeping the picked one."""
    first = add_meeting(wb, held_on=TODAY - dt.timedelta(days=3))
    view = MeetingSummaryView(wb)
    add_meeting(wb, held_on=TODAY, objective="Added later")
    view.reload_button.click()
    assert len(view.meeting.options) == 2 and view.meeting.value == first.id


def test_summary_show_twice_closes_first(wb):
    """Re-running the cell closes the widgets of the first view."""
    before = set(_instances)
    add_meeting(wb)
    first = MeetingSummaryView.show(wb)
    second = MeetingSummaryView.show(wb)
    assert first.meeting.comm is None and second.meeting.comm is not None
    second.close()
    assert set(_instances) - before == set()  # layouts and styles too


def test_summary_demo_latest_meeting(demo_wb):
    """The demo's latest meeting shows its objective, the employers' share and momentum."""
    view = MeetingSummaryView(demo_wb)
    latest = demo_wb.latest_meeting()
    assert view.meeting.value == latest.id
    assert latest.objective in view.page.value.replace("&#39;", "'").replace("&#x27;", "'")
    assert "Momentum" in view.page.value


def test_summary_comment_corrected_removed_and_undone(wb):
    """A comment is corrected and removed from the summary view; Undo brings it back."""
    from workbook.model import Comment
    from workbook.testing import add_meeting

    meeting = add_meeting(wb)
    comment = wb.add(Comment(author="Ana Ruiz", meeting_id=meeting.id, text="Grat meeting"))
    view = MeetingSummaryView(wb)
    editor = view.comment_editor
    assert editor.entity_id == comment.id and "Ana Ruiz: Grat meeting" in \
        editor.picker.options[0][0]
    editor.form.inputs["text"].value = "Great meeting"
    editor.save_button.click()
    assert wb.get(Comment, comment.id).text == "Great meeting"
    editor.remove_button.click()
    assert "Nothing else goes with it" in editor.confirm_text.value
    editor.confirm_button.click()
    assert wb.all(Comment) == [] and editor.picker.options == ()
    view.undo_button.click()  # asks first, naming the step
    view.undo_panel.confirm_button.click()
    assert [c.text for c in wb.all(Comment)] == ["Great meeting"]
    assert len(editor.picker.options) == 1


def test_summary_edition_choice_shows_and_exports_the_record(wb, tmp_path, monkeypatch):
    """The partners' edition is shown first; the facilitator's record adds the notes, and
    the export writes the edition shown."""
    monkeypatch.chdir(tmp_path)  # a workbook in a database exports under the working folder
    add_meeting(wb, objective="Agree on apprentices", notes="Ask Ray about the booths.")
    view = MeetingSummaryView(wb)
    assert view.edition.value == "partners"
    assert "Ask Ray about the booths." not in view.page.value
    view.edition.value = "facilitator"
    assert "Ask Ray about the booths." in view.page.value
    view.export_button.click()
    written = list(tmp_path.rglob("*-facilitator.html"))
    assert len(written) == 1
    assert "Ask Ray about the booths." in written[0].read_text(encoding="utf-8")


def test_summary_packet_button_writes_the_packet(wb, tmp_path, monkeypatch):
    """The packet button writes minutes, drafts and tables and says where, nothing sent."""
    monkeypatch.chdir(tmp_path)
    org = add_organisation(wb, name="Harbour Fabrication")
    ada = add_person(wb, org, name="Ada Quill", email="ada@harbour.example.org")
    meeting = add_meeting(wb, attendees=[ada], decisions=("Start in March",))
    add_action(wb, action="Book the hall", owner_id=ada.id, meeting_id=meeting.id)
    view = MeetingSummaryView(wb)
    view.packet_button.click()
    (folder,) = [p for p in tmp_path.rglob("*-packet") if p.is_dir()]
    assert (folder / "minutes.docx").is_file()
    assert (folder / "follow-up-harbour-fabrication.eml").is_file()
    assert (folder / "tables" / "tables.xlsx").is_file()
    assert "e-mail drafts to check and send yourself" in view.status.value


def test_summary_comment_marked_to_share_reaches_the_partners(wb):
    """An unmarked comment stays out of the partners' summary; marked to share, it is in."""
    from workbook.model import Comment

    meeting = add_meeting(wb)
    comment = wb.add(Comment(author="Ana Ruiz", meeting_id=meeting.id,
                             text="The van pilot saved my shift"))
    view = MeetingSummaryView(wb)
    assert "The van pilot saved my shift" not in view.page.value
    editor = view.comment_editor
    assert editor.entity_id == comment.id
    editor.form.inputs["shared"].value = True
    editor.save_button.click()
    assert wb.get(Comment, comment.id).shared
    assert "The van pilot saved my shift" in view.page.value
    assert "Comments shared with partners" in view.page.value


def test_summary_export_language_is_the_partnerships_main_language(wb, tmp_path, monkeypatch):
    """The export menu starts on the partnership's first language, not the facilitator's
    (English here); it follows a change of the partnership's languages until the
    facilitator picks one; the summary and the packet are written in it."""
    monkeypatch.chdir(tmp_path)
    add_meeting(wb)
    wb.update_partnership(languages=("es", "en"))
    view = MeetingSummaryView(wb)
    try:
        assert view.export_language.value == "es"
        view.export_button.click()
        written = sorted(tmp_path.rglob("*.html"))
        assert written and '<html lang="es"' in written[-1].read_text("utf-8")
        view.packet_button.click()
        minutes = sorted(tmp_path.rglob("*.docx"))
        import docx

        assert minutes and docx.Document(str(minutes[-1])).core_properties.language == "es-US"
        wb.update_partnership(languages=("en", "es"))
        view.refresh()
        assert view.export_language.value == "en"
        view.export_language.value = "es"  # the facilitator's choice stays
        wb.update_partnership(languages=("en",))
        view.refresh()
        assert view.export_language.value == "es"
    finally:
        view.close()
