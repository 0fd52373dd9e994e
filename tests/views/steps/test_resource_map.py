"""The resource map view driven without a browser: filters, edits, links, coverage, import."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.model import Resource
from workbook.testing import add_organisation, add_problem_tree, add_resource
from workbook.views.steps.resource_map import ResourceMapView
from workbook.views.widgets.base import plain_text


def _upload(view: ResourceMapView, name: str, data: bytes) -> None:
    view.importer.upload.value = ({"name": name, "type": "", "size": len(data),
                                   "content": memoryview(data),
                                   "last_modified": dt.datetime.now(dt.UTC)},)


@pytest.fixture
def mapped(wb):
    college = add_organisation(wb, name="Valley College", partner_type="semi_public")
    board = add_organisation(wb, name="Workforce Board", partner_type="government")
    add_resource(wb, name="Bridge Program", owner_id=college.id, target_group="Youth")
    add_resource(wb, name="Training Fund", resource_kind="funding", owner_id=board.id,
                 status="planned", notes="Pays tuition for night classes")
    return wb, college, board


def test_resource_map_filters_by_kind_status_owner_and_words(mapped):
    """Each filter narrows the table; the words search reaches the notes too."""
    wb, college, board = mapped
    view = ResourceMapView.show(wb)
    assert "2 of 2 entries" in view.table.value
    view.kind_filter.value = "funding"
    assert "Training Fund" in view.table.value and "Bridge Program" not in view.table.value
    view.kind_filter.value = None
    view.owner_filter.value = college.id
    assert "Bridge Program" in view.table.value and "Training Fund" not in view.table.value
    view.owner_filter.value = None
    view.status_filter.value = "planned"
    assert "1 of 2 entries" in view.table.value
    view.status_filter.value = None
    view.text_filter.value = "tuition NIGHT"
    assert "Training Fund" in view.table.value and "Bridge Program" not in view.table.value


def test_resource_map_adds_an_entry(mapped):
    """Filling the form and pressing Add stores the entry with its owner."""
    wb, college, _ = mapped
    view = ResourceMapView.show(wb)
    form = view.editor.form
    form.inputs["name"].value = "Open Plant Days"
    form.inputs["resource_kind"].value = "service"
    form.inputs["owner_id"].value = college.id
    form.inputs["found_on"].value = dt.date(2026, 2, 1)
    view.editor.save_button.click()
    stored = wb.all(Resource, name="Open Plant Days")
    assert len(stored) == 1
    assert (stored[0].resource_kind, stored[0].owner_id) == ("service", college.id)
    assert "Added Open Plant Days" in view.status.text
    assert "Open Plant Days" in view.table.value


def test_resource_map_refuses_an_entry_without_a_name(mapped):
    """An empty name is refused under the field and in the status; nothing is stored."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    view.editor.save_button.click()
    assert "name" in view.editor.form.error_text("name")
    assert "is empty" in view.status.text
    assert wb.count(Resource) == 2


def test_resource_map_refuses_a_duplicate_entry(mapped):
    """The same name with the same owner is refused with the model's message."""
    wb, college, _ = mapped
    view = ResourceMapView.show(wb)
    view.editor.form.inputs["name"].value = "bridge program"
    view.editor.form.inputs["owner_id"].value = college.id
    view.editor.save_button.click()
    assert "already used" in view.editor.form.error_text("name")
    assert wb.count(Resource) == 2


def test_resource_map_edits_the_picked_entry(mapped):
    """Picking an entry fills the form; saving stores only what changed."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    bridge = wb.all(Resource, name="Bridge Program")[0]
    view.editor.picker.value = bridge.id
    assert view.editor.form.inputs["target_group"].value == "Youth"
    view.editor.form.inputs["target_group"].value = "Adults returning to work"
    view.editor.save_button.click()
    assert wb.get(Resource, bridge.id).target_group == "Adults returning to work"
    assert "Saved Bridge Program" in view.status.text


def test_resource_map_edit_is_refused_when_changed_elsewhere(mapped):
    """An edit of a field someone else changed meanwhile is refused, theirs is kept."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    bridge = wb.all(Resource, name="Bridge Program")[0]
    view.editor.picker.value = bridge.id
    wb.update(Resource, bridge.id, {"target_group": "Veterans"})  # another kernel
    view.editor.form.inputs["target_group"].value = "Adults"
    view.editor.save_button.click()
    assert "changed elsewhere" in view.status.text
    assert wb.get(Resource, bridge.id).target_group == "Veterans"


def test_resource_map_retires_the_picked_entry(mapped):
    """Retire keeps the entry and sets its status to retired."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    fund = wb.all(Resource, name="Training Fund")[0]
    view.editor.picker.value = fund.id
    view.retire_button.click()
    assert wb.get(Resource, fund.id).status == "retired"
    assert wb.count(Resource) == 2
    assert view.editor.form.inputs["status"].value == "retired"


def test_resource_map_retire_needs_a_picked_entry(mapped):
    """With no entry picked, Retire is disabled and changes nothing."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    assert view.retire_button.disabled
    view.retire()
    assert "Pick an entry" in view.status.text
    assert all(r.status != "retired" for r in wb.all(Resource))


def test_resource_map_links_an_entry_to_root_causes(mapped):
    """The picked root causes become exactly the entry's links; unpicking removes one."""
    wb, _, _ = mapped
    tree = add_problem_tree(wb, depth=2, branches=2)
    view = ResourceMapView.show(wb)
    bridge = wb.all(Resource, name="Bridge Program")[0]
    view.editor.picker.value = bridge.id
    roots = [c.id for c in tree.roots]
    assert sorted(v for _, v in view.causes.options) == sorted(roots)
    view.causes.value = tuple(roots)
    view.link_button.click()
    assert sorted(c for r, c in wb.resource_links() if r == bridge.id) == sorted(roots)
    view.causes.value = (roots[0],)
    view.link_button.click()
    assert [c for r, c in wb.resource_links() if r == bridge.id] == [roots[0]]
    view.editor.picker.value = None
    view.editor.picker.value = bridge.id
    assert view.causes.value == (roots[0],)


def test_resource_map_shows_gaps_and_duplication_per_root_cause(mapped):
    """A root cause with nothing behind it is a gap; two owners on one cause is duplication."""
    wb, college, board = mapped
    tree = add_problem_tree(wb, depth=1, branches=2)
    covered, empty = tree.roots
    for resource in wb.all(Resource):
        wb.link_resource(resource.id, covered.id)
    view = ResourceMapView.show(wb)
    assert view.coverage_table.value == ""  # drawn when its tab is opened, not before
    view.tabs.selected_index = 3
    table = view.coverage_table.value
    assert table.count("<tr>") == 3  # header and two root causes
    rows = table.split("<tr>")[1:]
    gap_row = next(r for r in rows if f">{empty.statement}<" in r)
    dup_row = next(r for r in rows if f">{covered.statement}<" in r)
    assert "gap" in gap_row and "duplication" not in gap_row
    assert "possible duplication" in dup_row
    assert "Bridge Program, Training Fund" in dup_row


def test_resource_map_import_stores_exactly_the_previewed_rows(mapped):
    """Upload, preview, Import: the previewed new rows are stored; known ones are skipped."""
    wb, college, _ = mapped
    view = ResourceMapView.show(wb)
    _upload(view, "scan.csv", b"Name,Owner,Kind\nBridge Program,valley college,program\n"
                              b"Night Classes,Valley College,curriculum\n")
    importer = view.importer
    assert importer.mapping["name"].value == "Name"
    assert importer.mapping["owner"].value == "Owner"
    assert "1 new entries, 1 already on the map (skipped), 0 with errors" in \
        importer.summary.value
    assert "Night Classes" in importer.preview_table.value
    previewed = [r.entity for r in importer.rows if r.outcome == "new"]
    importer.import_button.click()
    assert "Imported 1 entries" in view.status.text
    stored = wb.all(Resource, name="Night Classes")
    assert len(stored) == 1 and wb.count(Resource) == 3
    assert (stored[0].owner_id, stored[0].resource_kind) == (previewed[0].owner_id,
                                                            previewed[0].resource_kind)
    assert importer.import_button.disabled


def test_resource_map_import_with_an_unknown_owner_stores_nothing(mapped):
    """A row naming an unknown owner is listed with its row number; Import stores nothing."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    _upload(view, "scan.csv", b"Name,Owner\nNight Classes,Valley College\n"
                              b"Mystery Fund,Nowhere Inc\n")
    importer = view.importer
    assert "1 with errors" in importer.summary.value
    assert "<td>3</td>" in importer.errors_table.value
    assert "Nowhere Inc" in importer.errors_table.value
    assert importer.import_button.disabled
    importer.import_button.click()
    assert "nothing was imported" in view.status.text.lower()
    assert wb.count(Resource) == 2


def test_resource_map_remapping_a_column_makes_a_new_preview(mapped):
    """Unmapping the bad owner column turns the errors into importable rows."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    _upload(view, "scan.csv", b"Name,Owner\nMystery Fund,Nowhere Inc\n")
    importer = view.importer
    assert "1 with errors" in importer.summary.value
    importer.mapping["owner"].value = None
    assert "1 new entries" in importer.summary.value
    importer.import_button.click()
    assert wb.all(Resource, name="Mystery Fund")[0].owner_id is None


def test_resource_map_import_refuses_a_malformed_sheet(mapped):
    """A file that is not a sheet, or lacks a name column, is refused and stores nothing."""
    wb, _, _ = mapped
    view = ResourceMapView.show(wb)
    _upload(view, "scan.pdf", b"%PDF-1.4")
    assert "not a CSV, text or spreadsheet" in view.status.text
    assert view.importer.import_button.disabled
    _upload(view, "scan.csv", b"Owner,Notes\nValley College,x\n")
    # No column is a name: the panel asks which one holds it instead of guessing.
    assert "Choose the column that holds each entry's name" in plain_text(
        view.importer.questions.value)
    assert view.importer.import_button.disabled
    view.importer.do_import()
    assert wb.count(Resource) == 2


def test_resource_map_show_twice_closes_the_first_view(mapped):
    """Re-running the cell closes the old widgets; one click then stores one entry."""
    wb, _, _ = mapped
    first = ResourceMapView.show(wb)
    old_button = first.editor.save_button
    second = ResourceMapView.show(wb)
    assert old_button.comm is None and first.table.comm is None
    second.editor.form.inputs["name"].value = "Once"
    second.editor.save_button.click()
    assert len(wb.all(Resource, name="Once")) == 1


def test_resource_map_notebook_only_imports_builds_and_shows(notebook_cells):
    """notebooks/03_resource_map.ipynb: a title, then cells that import and show ResourceMapView."""
    nb = notebook_cells("03_resource_map")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "wb = open_from_env()" in code
    assert "ResourceMapView.show(wb)" in nb.cells[-1].source
    assert "\n" not in nb.cells[0].source.strip()  # a title: the guide is in the view


def test_resource_map_close_leaves_no_widget_open(mapped, live_widgets):
    """Closing the view closes every widget it made, layouts and styles included."""
    wb, _, _ = mapped
    before = live_widgets()
    ResourceMapView.show(wb).close()
    assert live_widgets() == before


def test_resource_map_coverage_chart_has_its_text_alternative(mapped, monkeypatch):
    """The coverage chart shows as an image whose alt text names the gap."""
    import workbook.charts
    from workbook.charts.coverage import coverage_chart

    monkeypatch.setattr(workbook.charts, "coverage_chart", coverage_chart, raising=False)
    wb, _, _ = mapped
    tree = add_problem_tree(wb, depth=1)
    view = ResourceMapView.show(wb)
    view.tabs.selected_index = 3
    assert '<img src="data:image/png;base64,' in view.coverage_chart.value
    alt = view.coverage_chart.value.split('alt="')[1].split('"')[0]
    assert tree.roots[0].statement in alt
