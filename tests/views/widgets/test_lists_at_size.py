"""Lists that stay usable with thousands of rows: search, pages, pickers, folded charts, reads."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest
import sqlalchemy as sa

from workbook.model import Organisation, Person
from workbook.testing import add_meeting, add_organisation, add_person, populate
from workbook.views.steps.kickoff import KickoffView
from workbook.views.steps.partners import PartnersView
from workbook.views.widgets.charts_out import FoldedChart
from workbook.views.widgets.checklist import ChecklistModel, Entry, PagedChecklist
from workbook.views.widgets.pickers import PICKER_LIMIT, narrow
from workbook.views.widgets.reads import forget, reading_pass


def _entries(n: int) -> list[Entry]:
    return [Entry(i, f"Person {i:04d}", f"Org {i // 10}") for i in range(n)]


# -- the checklist model ------------------------------------------------------------------


def test_checklist_pages_through_every_entry_once():
    model = ChecklistModel(page_size=30)
    model.set_entries(_entries(75))
    assert model.pages == 3 and model.paged
    seen = []
    for page in range(model.pages):
        model.go(page)
        seen += [e.key for e in model.visible()]
    assert seen == list(range(75))
    model.go(99)
    assert model.page == 2 and len(model.visible()) == 15
    assert model.summary("people") == "Showing 61–75 of 75 people."


def test_checklist_search_finds_by_name_group_and_words_in_any_case():
    model = ChecklistModel(page_size=10)
    entries = _entries(200) + [Entry("x", "Ann Oduya, Plant manager", "Acme Plastics (Business)",
                                     "ann@acme.example")]
    model.set_entries(entries)
    model.go(5)
    model.search("oduya ACME")
    assert model.page == 0 and [e.key for e in model.visible()] == ["x"]
    model.search("plastics")  # the group heading: the organisation
    assert [e.key for e in model.matches()] == ["x"]
    model.search("ann@acme")
    assert [e.key for e in model.matches()] == ["x"]
    model.search("nobody like this")
    assert model.matches() == [] and model.pages == 1
    assert "No one of the 201 people matches" in model.summary("people")


def test_checklist_keeps_a_page_that_still_exists_when_entries_change():
    model = ChecklistModel(page_size=10)
    model.set_entries(_entries(50))
    model.go(3)
    model.set_entries(_entries(45))
    assert model.page == 3
    model.set_entries(_entries(12))
    assert model.page == 1
    assert model.position(11) == 1 and model.position("none") is None


# -- the paged tick list ------------------------------------------------------------------


def test_paged_checklist_reuses_its_boxes_and_reports_ticks_by_key():
    ticked = []
    checklist = PagedChecklist(lambda key, on, _box: ticked.append((key, on)), page_size=5)
    checklist.set_entries(_entries(23))
    first_page = checklist.boxes
    assert list(first_page) == [0, 1, 2, 3, 4]
    boxes_before = {id(b) for b in first_page.values()}
    checklist.turn(1)
    assert list(checklist.boxes) == [5, 6, 7, 8, 9]
    assert {id(b) for b in checklist.boxes.values()} == boxes_before  # relabelled, not rebuilt
    checklist.boxes[7].value = True
    assert ticked == [(7, True)] and checklist.checked == {7}
    checklist.turn(-1)
    assert not any(b.value for b in checklist.boxes.values())  # page one: nobody ticked
    checklist.search("Person 0007")
    assert list(checklist.boxes) == [7] and checklist.boxes[7].value is True
    assert ticked == [(7, True)]  # drawing the page did not tick anyone
    checklist.close()


def test_paged_checklist_hides_search_and_paging_for_a_short_list():
    checklist = PagedChecklist(lambda *_: None, page_size=30)
    checklist.set_entries(_entries(12))
    assert checklist.controls.layout.display == "none" and len(checklist.boxes) == 12
    checklist.set_entries(_entries(31))
    assert checklist.controls.layout.display is None
    assert checklist.next_button.disabled is False and checklist.previous_button.disabled
    checklist.close()


def test_kickoff_attendance_at_size_searches_and_pages(tmp_path):
    from workbook import Workbook
    from workbook.testing import make_partnership

    wb = Workbook.create(tmp_path / "big.sqlite", make_partnership())
    populate(wb, organisations=120, resources=0, meetings=3, actions=0, problems=0)
    people = wb.all(Person)
    assert len(people) > 200
    view = KickoffView.show(wb)
    assert len(view.boxes) == view.attendance.checklist.model.page_size  # a page, not everyone
    target = people[-1]
    view.attendance.checklist.search(target.name)
    assert target.id in view.boxes
    view.boxes[target.id].value = not view.boxes[target.id].value
    present = {p.id for p in wb.attendees(view.meeting_id)}
    assert (target.id in present) == view.boxes[target.id].value
    view.attendance.checklist.search("")
    view.attendance.checklist.turn(1)
    assert target.id not in view.boxes or view.attendance.checklist.model.pages == 2
    view.close()
    wb.close()


def test_kickoff_shows_a_newcomer_on_the_page_holding_them(wb):
    acme = add_organisation(wb, name="Acme Plastics")
    for n in range(40):
        add_person(wb, acme, name=f"Zed Person {n:02d}")
    add_meeting(wb, held_on=dt.date(2026, 3, 1))
    view = KickoffView.show(wb)
    view.attendance.checklist.search("Zed Person 39")
    view.person_form.inputs["name"].value = "Aaron Early"
    view.person_org.value = acme.id
    view.add_person_button.click()
    [aaron] = wb.all(Person, name="Aaron Early")
    assert view.attendance.checklist.model.query == ""  # the search that hid him was cleared
    assert view.boxes[aaron.id].value is True


# -- pickers ------------------------------------------------------------------------------


def test_narrow_keeps_matches_in_order_up_to_the_limit_and_the_one_on_screen():
    options = [(f"Entry {n}", n) for n in range(500)]
    shown, found = narrow(options, "", limit=100)
    assert found == 500 and [v for _, v in shown] == list(range(100))
    shown, found = narrow(options, "entry 49", limit=100)
    assert found == 15 and [v for _, v in shown] == [49, 149, 249, 349, 449, *range(490, 500)]
    shown, found = narrow(options, "entry 49", limit=3, keep=7)
    assert [v for _, v in shown] == [49, 149, 249, 7] and found == 15


def test_edit_panel_picker_searches_past_the_limit(wb):
    for n in range(PICKER_LIMIT + 30):
        wb.add(Organisation(name=f"Employer {n:03d}"))
    view = PartnersView.show(wb)
    panel = view.profiles
    assert panel.find.layout.display is None
    assert len(panel.picker.options) == PICKER_LIMIT + 1  # and "(add an organisation)"
    assert f"of {PICKER_LIMIT + 30:,} entries" in panel.found_note.value
    panel.find.value = "employer 12"
    labels = [label for label, _ in panel.picker.options]
    assert labels[1:] == [f"Employer {n:03d}" for n in (12, 112, *range(120, 130))]
    target = next(v for label, v in panel.picker.options if label == "Employer 125")
    panel.picker.value = target
    assert panel.form.inputs["name"].value == "Employer 125"
    panel.find.value = "employer 00"
    assert target in [v for _, v in panel.picker.options]  # the entry on screen stays listed
    assert panel.picker.value == target


def test_edit_panel_with_few_entries_has_no_search(wb):
    wb.add(Organisation(name="Acme Plastics"))
    view = PartnersView.show(wb)
    assert view.profiles.find.layout.display == "none"
    assert view.profiles.found_note.value == ""


# -- folded charts and shared reads -------------------------------------------------------


def test_folded_chart_draws_when_opened_and_redraws_only_while_open():
    calls = []

    def draw() -> str:
        calls.append(1)
        return f"<p>chart {len(calls)}</p>"

    chart = FoldedChart("Show the chart", draw)
    chart.refresh()
    assert calls == [] and chart.value == ""
    chart.open()
    assert chart.value == "<p>chart 1</p>"
    chart.refresh()
    assert chart.value == "<p>chart 2</p>"
    chart.widget.selected_index = None
    chart.refresh()
    chart.refresh()
    assert len(calls) == 2
    chart.open()
    assert chart.value == "<p>chart 3</p>"
    chart.close()
    chart.widget.close()


def test_reading_pass_reads_each_kind_once_until_a_change(wb):
    """A view's pass is the store's memory (``Workbook.remembering``): a list read once
    per pass, read again after a change or ``forget``, every time outside a pass."""
    reads: list[str] = []

    def heard(_conn, _cursor, statement, *_rest):
        if "FROM organisation ORDER BY organisation.id" in statement:  # a whole-list read
            reads.append(statement)

    add_organisation(wb, name="Acme Plastics")
    sa.event.listen(wb.engine, "before_cursor_execute", heard)
    try:
        wb.all(Organisation)
        wb.all(Organisation)
        assert len(reads) == 2  # outside a pass every call reads
        reads.clear()
        with reading_pass(wb):
            first = wb.all(Organisation)
            first.append("not shared")  # a caller's list is its own
            assert [o.name for o in wb.all(Organisation)] == ["Acme Plastics"]
            assert len(reads) == 1
            add_organisation(wb, name="Valley College")  # a change empties the memory
            assert len(wb.all(Organisation)) == 2 and len(reads) == 2
            forget(wb)
            wb.all(Organisation)
            assert len(reads) == 3
            with reading_pass(wb):  # re-entrant: the inner block shares the outer pass
                wb.all(Organisation)
            assert len(reads) == 3
        wb.all(Organisation)
        assert len(reads) == 4
    finally:
        sa.event.remove(wb.engine, "before_cursor_execute", heard)


@pytest.fixture(autouse=True)
def _close_widgets():
    yield
    w.Widget.close_all()


def test_tick_list_of_many_people_pages_and_keeps_ticks_off_the_page():
    from workbook.views.widgets.ticklist import TickList

    told = []
    ticks = TickList("Agreed")
    ticks.on_tick = lambda value, on: told.append((value, on))
    ticks.set_options([(f"Person {n:04d}", n) for n in range(500)])
    assert len(ticks.boxes) == 30  # a page, not five hundred boxes
    ticks.value = (3, 420)
    assert ticks.value == (3, 420) and told == []  # set from Python: nobody is told
    ticks._list.search("Person 0420")
    assert ticks.boxes[420].value is True
    ticks.boxes[420].value = False
    assert told == [(420, False)] and ticks.value == (3,)
    ticks.set_options([(f"Person {n:04d}", n) for n in range(10)])
    assert ticks.value == (3,)  # the tick stays on a value still offered
    ticks.close()


def test_paged_checklist_makes_its_search_only_once_a_page_is_full():
    """A short list has no search box or page buttons at all (nothing to send to the
    browser); past a page they are made, once, and stay when the list shrinks again."""
    checklist = PagedChecklist(lambda *_: None, page_size=5)
    checklist.set_entries(_entries(4))
    texts = [c for c in checklist.widget.children[0].children if isinstance(c, w.Text)]
    assert texts == [] and checklist.controls.children == ()
    checklist.set_entries(_entries(12))
    search = checklist.search_box
    assert search in checklist.controls.children and checklist.controls.layout.display is None
    checklist.search("Person 0011")
    assert list(checklist.boxes) == [11]
    checklist.search("")
    checklist.set_entries(_entries(3))
    assert checklist.search_box is search and checklist.controls.layout.display == "none"
    checklist.close()


def test_paged_checklist_groups_hold_their_heading_and_boxes():
    """Each group is one box: its heading first, then its people's tick boxes; a page
    turn relabels them and drops groups no longer shown."""
    checklist = PagedChecklist(lambda *_: None, page_size=15)
    checklist.set_entries(_entries(23))
    groups = checklist.body.children
    assert len(groups) == 2  # Org 0 (0-9) and Org 1 (10-14)
    heading, *boxes = groups[0].children
    assert "Org 0" in heading.value and [b.description for b in boxes] == [
        f"Person {i:04d}" for i in range(10)]
    checklist.turn(1)
    assert [len(g.children) - 1 for g in checklist.body.children] == [5, 3]  # 15-19, 20-22
    assert "Org 1" in checklist.body.children[0].children[0].value
    checklist.close()


def test_edit_panel_with_few_entries_makes_no_search_box(wb):
    """Under the limit the picker's Find box is not made at all; past it, it is."""
    wb.add(Organisation(name="Acme Plastics"))
    view = PartnersView.show(wb)
    assert not any(isinstance(c, w.Text) and c.description == "Find"
                   for c in view.profiles.widget.children)
    for n in range(PICKER_LIMIT + 1):
        wb.add(Organisation(name=f"Employer {n:03d}"))
    view.profiles.refresh_options()
    assert view.profiles.widget.children[0] is view.profiles.find
    assert view.profiles.find.layout.display is None
    view.close()


def test_paged_checklist_boxes_share_one_layout_and_style():
    """A page of tick boxes is one layout and one style for all of them (a widget each
    is sent to the browser), and a page turn keeps them."""
    checklist = PagedChecklist(lambda *_: None, page_size=10)
    checklist.set_entries(_entries(25))
    boxes = list(checklist.boxes.values())
    assert len({id(b.layout) for b in boxes}) == 1 and len({id(b.style) for b in boxes}) == 1
    checklist.turn(1)
    assert {id(b.layout) for b in checklist.boxes.values()} == {id(boxes[0].layout)}
    checklist.close()
