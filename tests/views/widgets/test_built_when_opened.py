"""Issue 28: what nobody opened is not built; opened, it shows the right content; a change
redraws what it touched. Pinned by counts and contents, never by timings."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import ipywidgets as w
import pytest

from workbook.i18n import format_date
from workbook.model import Organisation, Outcome, Person, Reading, Resource
from workbook.store.listing import columns
from workbook.testing import add_meeting, add_organisation, add_person
from workbook.views.steps import decisions_panel, offers_panel
from workbook.views.steps.kickoff import KickoffView
from workbook.views.steps.meeting import MeetingView
from workbook.views.steps.outcomes import OutcomesView
from workbook.views.steps.partners import PartnersView
from workbook.views.steps.resource_map import ResourceMapView
from workbook.views.widgets.base import View
from workbook.views.widgets.forms import EntityForm
from workbook.views.widgets.lazy import LazySection, folded


def _count_builds(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[object]:
    """Record every instance of ``module.name`` made from now on."""
    made: list[object] = []
    original = getattr(module, name)

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(module, name, Counted)
    return made


# -- the kickoff's folded sections ------------------------------------------------------------


def test_kickoff_builds_the_decision_log_only_when_opened(wb, monkeypatch):
    """Opening the kickoff builds no decisions panel; opening its section builds one, once,
    showing the decisions of the meeting picked."""
    made = _count_builds(monkeypatch, decisions_panel, "DecisionsPanel")
    add_meeting(wb, objective="Agree on apprentices", decisions=("Start in March",))
    view = KickoffView(wb)
    assert made == [] and not view.decisions.built
    assert all(not s.built for s in view.room_panels)
    view.decisions.widget.selected_index = 0  # the facilitator opens "Decisions"
    assert len(made) == 1 and view.decisions.built
    assert "Start in March" in view.decisions.table.value
    view.decisions.widget.selected_index = None
    view.decisions.widget.selected_index = 0
    assert len(made) == 1  # opened again: the same panel
    view.close()


_KICKOFF_START = """
import json, sys
from workbook.views import open_from_env
from workbook.views.steps.kickoff import KickoffView
view = KickoffView(open_from_env())
before = sorted(sys.modules)
view.time_boxes.open()
view.attendance_import.open()
view.evaluation.open()
view.decisions.open()
view.carry_over.open()
print(json.dumps({"before": before, "after": sorted(sys.modules),
                  "clock": type(view.time_boxes.countdown).__name__,
                  "statements": len(view.evaluation.scores)}))
"""

LATER = ("anywidget", "workbook.interchange.attendance", "workbook.analyses",
         "workbook.views.steps.attendance_import", "workbook.views.steps.timebox_panel",
         "workbook.views.steps.evaluation_panel", "workbook.views.steps.decisions_panel",
         "workbook.views.steps.carryover_panel")
"""Modules only the kickoff's folded sections need."""


def test_kickoff_imports_its_folded_sections_when_they_are_opened(demo_path, tmp_path):
    """A fresh kernel's kickoff imports none of ``LATER`` (the countdown's anywidget, the
    attendance readers, the analyses); opening the sections imports them and they work."""
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "WORKBOOK": str(demo_path),
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH"))
                                         if p)}
    done = subprocess.run([sys.executable, "-c", _KICKOFF_START], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert sorted(set(LATER) & set(seen["before"])) == []
    assert sorted(set(LATER) - set(seen["after"])) == []
    assert seen["clock"] == "Countdown" and seen["statements"] > 0


_MEETING_START = """
import json, sys
from workbook.views import open_from_env
from workbook.views.steps.meeting import MeetingView
view = MeetingView(open_from_env())
before = sorted(sys.modules)
view.phones_button.value = True
print(json.dumps({"before": before, "after": sorted(sys.modules)}))
view.phones_button.value = False
"""

ROOM = ("psycopg", "tornado", "workbook.live.room", "workbook.live.app",
        "sqlalchemy.dialects.postgresql")
"""What only a live room (or a database) needs: the meeting notebook on a workbook file
imports none of it until the facilitator lets phones in."""


def test_meeting_imports_the_live_room_when_phones_are_let_in(demo_path, tmp_path):
    """Meeting mode on a file checks for a running laptop room without importing the
    room (psycopg, tornado: a fifth of a second); letting phones in imports it."""
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "WORKBOOK": str(demo_path),
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH"))
                                         if p)}
    done = subprocess.run([sys.executable, "-c", _MEETING_START], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert sorted(set(ROOM) & set(seen["before"])) == []
    assert "workbook.live.room" in seen["after"]


def test_kickoff_section_built_while_locked_is_locked(wb):
    """Without a meeting everything below the meeting form is disabled, a section built
    later too; starting the meeting unlocks it."""
    add_organisation(wb, name="Acme Plastics")
    view = KickoffView(wb)
    assert view.meeting_id is None
    panel = view.evaluation.build()
    assert panel.hand_in.disabled
    form = view.meeting_panel.form
    form.inputs["objective"].value = "Agree what the partnership is for"
    view.meeting_panel.save_button.click()
    assert view.meeting_id is not None and not panel.hand_in.disabled
    view.close()


def test_kickoff_loads_its_meeting_once(wb, monkeypatch):
    """The kickoff opens on the meeting last held, drawn once (not first for "(start a new
    meeting)", then again)."""
    meeting = add_meeting(wb, objective="Agree on apprentices")
    loads: list[int | None] = []
    original = KickoffView._meeting_loaded

    def counted(self, meeting_id):
        loads.append(meeting_id)
        return original(self, meeting_id)

    monkeypatch.setattr(KickoffView, "_meeting_loaded", counted)
    view = KickoffView(wb)
    assert loads == [meeting.id] and view.meeting_id == meeting.id
    view.close()


def test_lazy_section_remembers_the_meeting_until_built(wb):
    """``load`` before the panel exists is applied when it is built; ``refresh`` before
    builds nothing."""
    calls: list[tuple[str, object]] = []

    class Panel:
        def __init__(self) -> None:
            calls.append(("built", None))
            self.widget = w.HTML("panel")

        def load(self, meeting_id):
            calls.append(("load", meeting_id))

        def refresh(self):
            calls.append(("refresh", None))

    view = KickoffView(wb)
    section: LazySection[Panel] = LazySection(view, "A section", Panel)
    section.load(7)
    section.refresh()
    assert calls == [] and not section.built
    section.open()
    assert calls == [("built", None), ("load", 7)]
    section.refresh()
    assert calls[-1] == ("refresh", None)
    view.close()


def test_folded_places_its_buttons_under_the_panel_once_built(wb):
    view = KickoffView(wb)
    button = w.Button(description="Remove this")
    section, panel = folded(view, "Fold", lambda: type("P", (), {"widget": w.HTML("x")})(),
                            after=[button])
    holder = section.children[0]
    assert holder.children == ()
    section.selected_index = 0
    assert holder.children[1] is button and panel.built
    view.close()


# -- tabs and sections of other views -----------------------------------------------------------


def test_partners_tabs_are_built_when_first_opened(wb):
    """Capacity and health are built when their tab opens; a change elsewhere does not
    build them."""
    add_organisation(wb, name="Our Board", partner_type="own")
    view = PartnersView(wb)
    assert not view.capacity.built and not view.health.built and not view.note_panel.built
    add_person(wb, name="Ada Quill")  # a change made elsewhere: the view redraws
    assert not view.capacity.built
    view.tabs.selected_index = 2
    assert view.capacity.built and len(view.capacity.rows) == 19
    assert not view.health.built
    view.close()


def test_resource_map_editor_tab_is_built_when_opened(wb):
    org = add_organisation(wb, name="Valley College")
    wb.add(Resource(name="Night welding class", owner_id=org.id))
    view = ResourceMapView(wb)
    assert not view.editor.built and not view.importer.built
    assert "Night welding class" in view.table.value
    view.tabs.selected_index = 1
    assert view.editor.built
    assert "Night welding class" in [label for label, _ in view.editor.picker.options]
    view.close()


def test_outcomes_reading_corrector_is_built_when_opened(wb):
    """The corrector is folded; opened, it lists the picked outcome's readings."""
    outcome = wb.add(Outcome(description="Still employed after 90 days", unit="%"))
    wb.add(Reading(outcome_id=outcome.id, read_on=dt.date(2026, 1, 31), value=61.0))
    view = OutcomesView(wb)
    assert not view.corrector.built and not view.sheet.built
    view.corrector_section.selected_index = 0
    assert view.corrector.built
    assert [label for label, _ in view.corrector.picker.options] == ["Jan 31, 2026: 61%"]
    assert view.remove_button in view.corrector_section.children[0].children
    view.close()


# -- smaller parts made on first use -----------------------------------------------------------


def test_form_makes_an_error_line_only_for_a_refused_field(wb):
    form = EntityForm(wb, Organisation, ["name", "partner_type"])
    assert form.errors == {} and form.error_text("name") == ""
    form.show_error("name", "The name is empty.")
    assert list(form.errors) == ["name"] and "The name is empty." in form.error_text("name")
    row = form.widget.children[0]
    assert row.children[-1] is form.errors["name"]
    form.clear_errors()
    assert form.error_text("name") == "" and len(form.errors) == 1  # kept, emptied


def test_form_lays_out_its_inputs_bare_until_one_is_refused(wb):
    """A form is its inputs in one box (no box per field); a refused field gets its box
    and line where it stands, in a fold too, and the input keeps its place and value."""
    from workbook.views.participant.sections import fold_fields

    form = EntityForm(wb, Organisation, ["name", "partner_type", "mission"])
    assert list(form.widget.children) == [form.inputs[n] for n in form.fields]
    fold = fold_fields(form, ["mission"], "More")
    form.inputs["mission"].value = "Jobs for the valley"
    form.show_error("mission", "Too long.")
    [row] = fold.children[0].children
    assert list(row.children) == [form.inputs["mission"], form.errors["mission"]]
    assert form.values()["mission"] == "Jobs for the valley"
    assert form.widget.children[0] is form.inputs["name"]  # the others as they were


def test_undo_question_and_remove_question_are_built_when_asked(wb):
    add_organisation(wb, name="Acme Plastics")
    view = PartnersView(wb)
    assert view.undo_panel._question is None
    assert view.profiles._confirm is None
    view.undo_panel.ask()
    assert view.undo_panel._question is not None
    assert view.undo_panel.question in view.undo_panel.widget.children
    view.profiles.load(view.profiles.picker.options[1][1])
    view.profiles.ask_remove()
    assert view.profiles._confirm is not None
    assert view.profiles.confirm_box.layout.display is None
    assert "Acme Plastics" in view.profiles.confirm_text.value
    view.close()


def test_naming_results_chart_is_drawn_when_opened(wb, monkeypatch):
    """A vote closed before the view opened: the table shows, the chart is drawn only when
    its section is opened."""
    from workbook.model import NameCandidate
    from workbook.views.steps import naming

    drawn: list[object] = []
    monkeypatch.setattr(naming, "chart_html", lambda chart: drawn.append(chart) or "<img>")
    monkeypatch.setattr(naming, "make_chart", lambda *args: "chart")
    ada = add_person(wb, name="Ada Quill")
    first = wb.add(NameCandidate(name="Skills Bridge"))
    wb.add(NameCandidate(name="Valley Makers"))
    vote = wb.open_vote()
    wb.cast_dots(vote.id, {first.id: 3}, person_id=ada.id)
    wb.close_vote(vote.id)
    view = naming.NamingView(wb)
    assert drawn == [] and "Skills Bridge" in view.results_table.value
    view.results_chart.open()
    assert drawn == ["chart"] and view.results_chart.value == "<img>"
    view.close()


def test_embedded_step_view_is_not_redrawn_right_after_it_is_built(wb, monkeypatch):
    """Opening the resource review in the meeting builds the map once and does not redraw
    it at once; opening it again later redraws it (it may have changed meanwhile)."""
    from workbook.views.steps.resource_map import ResourceMapView as Map

    refreshes: list[int] = []
    original = Map.refresh
    monkeypatch.setattr(Map, "refresh", lambda self: refreshes.append(1) or original(self))
    add_meeting(wb, objective="Review resources")
    view = MeetingView(wb)
    before = len(refreshes)
    view._open_activity("resources")
    assert len(refreshes) == before + 1  # the one the view's own build makes
    view._open_activity("resources")
    assert len(refreshes) == before + 2
    view.close()


def test_offers_table_words_the_rows_shown_and_counts_the_rest(wb, monkeypatch):
    monkeypatch.setattr(offers_panel, "OFFER_ROWS", 3)
    for n in range(5):
        add_organisation(wb, name=f"Org {n}", brings=f"Brings {n}")
    view = KickoffView(wb)
    table = view.offers.table.value
    assert table.count("<tr>") == 1 + 3  # header and three rows
    assert "Showing 3 of 5 rows" in table
    view.close()


def test_decisions_panel_still_builds_on_its_own(wb, monkeypatch):
    """The panel the meeting view's decision activity uses is the same class, unchanged."""
    made = _count_builds(monkeypatch, decisions_panel, "TickList")
    view: View = KickoffView(wb)
    assert made == []  # the folded decision log made no tick lists
    view.decisions.build()
    assert len(made) == 4
    view.close()


# -- reads -----------------------------------------------------------------------------------


def test_columns_reads_the_fields_asked_for(wb):
    org = add_organisation(wb, name="Valley College")
    wb.add(Resource(name="Night class", owner_id=org.id))
    wb.add(Resource(name="Day class"))
    assert columns(wb, Resource, "name", "owner_id") == [
        (1, "Night class", org.id), (2, "Day class", None)]
    assert columns(wb, Person) == []
    with pytest.raises(KeyError):
        columns(wb, Resource, "no_such_field")


def test_dates_are_worded_in_the_language_asked_each_time():
    day = dt.date(2027, 1, 21)
    assert format_date(day) == "January 21, 2027"
    assert format_date(day, language="es") == "21 de enero de 2027"
    assert format_date(day) == "January 21, 2027"
    assert format_date(day, "medium") == "Jan 21, 2027"


def test_decision_corrections_fill_their_tick_lists_when_opened(wb):
    """The decision log's "Correct or remove a decision" makes its tick lists of who agreed
    when it is opened, listing the people present."""
    ana = add_person(wb, name="Ana Ruiz")
    add_meeting(wb, objective="Agree on apprentices", attendees=[ana],
                decisions=("Host in March",))
    view = KickoffView(wb)
    panel = view.decisions.build()
    assert [v for _, v in panel.agreed.options] == [ana.id]
    assert panel.fix_agreed.options == [] and not panel.editor.built
    panel.fix.selected_index = 0
    assert panel.editor.built and [v for _, v in panel.fix_agreed.options] == [ana.id]
    assert panel.fix_agreed.widget in panel.fix.children[0].children
    view.close()


def test_action_plan_works_out_its_picker_once(wb, monkeypatch):
    """The action plan's picker lists every action once while the view is built: loading
    the entry already listed does not work out thousands of options again; picking an
    entry from the list does not either."""
    from workbook.testing import add_action
    from workbook.views.steps.actions import ActionPlanView as ActionsView

    owner = add_person(wb, name="Rosa Quintero")
    with wb.change("Add 120 actions"):
        for n in range(120):  # more than a picker lists without a search
            add_action(wb, action=f"Draft the pathway map {n}", owner_id=owner.id)
    calls: list[int] = []
    original = ActionsView._action_choices

    def counted(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(ActionsView, "_action_choices", counted)
    view = ActionsView(wb)
    assert len(calls) == 1
    picker = view.editor.picker
    listed = [value for _label, value in picker.options if value is not None]
    picker.value = listed[-1]
    assert len(calls) == 1 and view.editor.entity_id == listed[-1]
    view.close()


def test_edit_panel_reads_an_entry_history_only_when_it_is_opened(wb, monkeypatch):
    """Loading entries reads no history; opening "History of this entry" reads and shows
    the one on screen, and, open, it follows the entry picked next."""
    acme = add_organisation(wb, name="Acme Plastics")
    wb.update(Organisation, acme.id, {"name": "Acme Plastic Parts"})
    other = add_organisation(wb, name="Valley College")
    reads: list[int] = []
    original = wb.history
    monkeypatch.setattr(wb, "history", lambda cls, entity_id, **kw: reads.append(entity_id)
                        or original(cls, entity_id, **kw))
    view = PartnersView(wb)
    panel = view.profiles
    panel.load(acme.id)
    panel.load(other.id)
    panel.load(acme.id)
    assert reads == []
    panel.history_box.selected_index = 0  # the facilitator opens it
    assert reads == [acme.id] and "Acme Plastic Parts" in panel.history.value
    panel.load(other.id)
    assert reads[-1] == other.id and "Acme Plastic Parts" not in panel.history.value
    view.close()
