"""The start view driven without a browser: open, create, where it stands, edit, links."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from workbook import Workbook
from workbook.model import Partnership
from workbook.testing import add_action, add_meeting, make_workbook
from workbook.views.steps.start import NOTEBOOKS, StartView


def _standing(view: StartView) -> dict[str, str]:
    """The where-it-stands table as {row heading: text}."""
    pairs = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', view.standing.value)
    return dict(pairs)


def test_start_shows_where_the_partnership_stands(wb):
    """Name, phase, last and next meeting, open and overdue actions are shown."""
    today = dt.date.today()
    add_meeting(wb, held_on=today - dt.timedelta(days=20), objective="Agree the goals")
    add_meeting(wb, held_on=today + dt.timedelta(days=10), objective="Plan the job fair",
                status="planned")
    add_action(wb, due_on=today - dt.timedelta(days=3))
    add_action(wb, due_on=today + dt.timedelta(days=3))
    add_action(wb, status="done")
    view = StartView.show(wb)
    facts = _standing(view)
    assert facts["Partnership"] == "Test Manufacturing Partnership"
    assert facts["Phase"].startswith("Preparation")
    assert "Agree the goals" in facts["Last meeting"]
    assert "Plan the job fair" in facts["Next meeting"]
    assert facts["Actions"] == "2 open, 1 overdue"


def test_start_says_when_there_are_no_meetings(wb):
    """With no meetings, the view says none were held or planned."""
    facts = _standing(StartView.show(wb))
    assert facts["Last meeting"] == "none held yet"
    assert facts["Next meeting"] == "none planned yet"


def test_start_links_every_other_notebook(wb):
    """Every step notebook on disk is linked, relatively, in order, and described in words."""
    view = StartView.show(wb)
    hrefs = re.findall(r'href="([^"]+)"', view.links.value)
    assert hrefs == [file for file, _, _ in NOTEBOOKS]
    folder = Path(__file__).resolve().parents[3] / "notebooks"
    assert hrefs == sorted(p.name for p in folder.glob("[0-9]*.ipynb")
                           if p.name != "00_start_here.ipynb")


def test_start_edits_the_partnership(wb):
    """Vision and goals typed in are stored; the table follows."""
    view = StartView.show(wb)
    inputs = view.editor.form.inputs
    inputs["vision"].value = "Every plant finds its people"
    inputs["shared_goals"].value = "Fill openings\nGrow technicians\nKeep people"
    inputs["working_title"].value = "Valley Plants Partnership"
    view.editor.save_button.click()
    stored = wb.partnership
    assert stored.vision == "Every plant finds its people"
    assert stored.shared_goals == ("Fill openings", "Grow technicians", "Keep people")
    assert _standing(view)["Partnership"] == "Valley Plants Partnership"


def test_start_refuses_an_empty_working_title(wb):
    """Clearing the working title is refused under the field; nothing changes."""
    view = StartView.show(wb)
    view.editor.form.inputs["working_title"].value = ""
    view.editor.save_button.click()
    assert "is empty" in view.editor.form.error_text("working_title")
    assert wb.partnership.working_title == "Test Manufacturing Partnership"


def test_start_edit_refused_when_changed_elsewhere(wb):
    """A vision changed in another kernel meanwhile is not overwritten."""
    view = StartView.show(wb)
    wb.update_partnership(vision="Theirs")
    view.editor.form.inputs["vision"].value = "Mine"
    view.editor.save_button.click()
    assert "changed elsewhere" in view.status.text
    assert wb.partnership.vision == "Theirs"


def test_start_creates_a_workbook_and_switches_to_it(wb, tmp_path):
    """Create writes a new workbook at the typed path and the view shows it."""
    view = StartView.show(wb)
    target = tmp_path / "care.sqlite"
    view.path.value = str(target)
    view.new_form.inputs["working_title"].value = "Care Careers"
    view.new_form.inputs["sector"].value = "Health care"
    view.new_form.inputs["region"].value = "North Shore"
    view.create_button.click()
    assert target.exists()
    assert view.wb is not wb and view.wb.partnership.working_title == "Care Careers"
    assert _standing(view)["Sector and region"] == "Health care, North Shore"
    assert view.editor.form.inputs["working_title"].value == "Care Careers"
    view.close()


def test_start_create_refuses_an_existing_file_and_an_empty_title(wb, tmp_path):
    """Creating over a file, or with no title, is refused; the file is untouched."""
    existing = tmp_path / "ours.sqlite"
    make_workbook(existing, working_title="Ours").close()
    before = existing.read_bytes()
    view = StartView.show(wb)
    view.path.value = str(existing)
    view.create_button.click()
    assert "is empty" in view.new_form.error_text("working_title")
    for name, value in (("working_title", "Theirs"), ("sector", "Retail"), ("region", "X")):
        view.new_form.inputs[name].value = value
    view.create_button.click()
    assert "already exists" in view.status.text
    assert existing.read_bytes() == before
    assert view.wb is wb


def test_start_opens_another_workbook(wb, tmp_path):
    """Open switches the view to the typed workbook; a missing one gives a clear message."""
    other = tmp_path / "other.sqlite"
    make_workbook(other, working_title="Other Partnership").close()
    view = StartView.show(wb)
    view.path.value = str(tmp_path / "missing.sqlite")
    view.open_button.click()
    assert "missing.sqlite" in view.status.text and view.wb is wb
    view.path.value = str(other)
    view.open_button.click()
    assert view.wb.partnership.working_title == "Other Partnership"
    assert _standing(view)["Partnership"] == "Other Partnership"
    view.editor.form.inputs["vision"].value = "Stored in the other one"
    view.editor.save_button.click()
    view.close()
    with Workbook.open(other, daily_backup=False) as reopened:
        assert reopened.partnership.vision == "Stored in the other one"
    assert wb.partnership.vision != "Stored in the other one"


def test_start_refuses_an_empty_path(wb):
    """Open with no path typed says what to type; the view keeps its workbook."""
    view = StartView.show(wb)
    view.path.value = "  "
    view.open_button.click()
    assert "workbook file" in view.status.text
    assert view.wb is wb


def test_start_shows_the_chosen_name_with_the_working_title(wb):
    """Once named, the partnership shows by its name, the working title beside it."""
    wb.update_partnership(name="Valley Makers")
    facts = _standing(StartView.show(wb))
    assert facts["Partnership"] == "Valley Makers (working title: Test Manufacturing Partnership)"


def test_start_shows_momentum_warnings_when_the_analyses_give_them(wb, monkeypatch):
    """Warnings from the momentum analysis are listed under the table."""
    from workbook.views.steps import start

    monkeypatch.setattr(start, "momentum_parts", lambda _wb, today: (
        [], ["No meeting for 60 days"]))
    view = StartView.show(wb)
    assert "No meeting for 60 days" in view.standing.value
    monkeypatch.setattr(start, "momentum_parts", lambda _wb, today: None)
    view = StartView.show(wb)
    assert "Warning" not in view.standing.value


def test_start_show_twice_closes_the_first_view(wb):
    """Re-running the cell closes the old widgets and leaves one working view."""
    first = StartView.show(wb)
    old = first.editor.save_button
    second = StartView.show(wb)
    assert old.comm is None
    second.editor.form.inputs["vision"].value = "Once"
    second.editor.save_button.click()
    assert wb.partnership.vision == "Once"
    assert wb.partnership.version == 2


@pytest.mark.parametrize("field", ["working_title", "sector", "region", "intermediary",
                                   "vision", "shared_goals"])
def test_start_form_shows_every_partnership_field(wb, field):
    """Each editable field of the partnership is in the form with its stored value."""
    view = StartView.show(wb)
    stored = getattr(wb.partnership, field)
    shown = view.editor.form.inputs[field].value
    assert shown == ("\n".join(stored) if isinstance(stored, tuple) else stored)
    assert field in Partnership.rules()


def test_start_notebook_only_imports_builds_and_shows(notebook_cells):
    """notebooks/00_start_here.ipynb: a guide, then cells that import and show StartView."""
    nb = notebook_cells("00_start_here")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "wb = open_from_env()" in code
    assert "StartView.show(wb)" in nb.cells[-1].source
    assert "What to do" in nb.cells[0].source


def test_start_close_leaves_no_widget_open(wb, live_widgets):
    """Closing the view closes every widget it made, layouts and styles included."""
    before = live_widgets()
    StartView.show(wb).close()
    assert live_widgets() == before


def test_start_create_reads_a_typed_path_from_the_project_and_makes_it_current(
        wb, _own_project_folder):
    """``data/riverside.sqlite`` lands in the project's data/ (not notebooks/data/), the
    message shows where, and it becomes the partnership every notebook opens."""
    from workbook.store.current import current_target

    project = _own_project_folder
    view = StartView.show(wb, root=project)
    view.path.value = "data/riverside.sqlite"
    for name, value in (("working_title", "Riverside Makers"), ("sector", "Manufacturing"),
                        ("region", "Riverside")):
        view.new_form.inputs[name].value = value
    view.create_button.click()
    made = project.resolve() / "data" / "riverside.sqlite"
    assert made.exists() and not (project / "notebooks" / "data").exists()
    assert str(made) in view.status.text and "current partnership" in view.status.text
    assert current_target(project) == made
    assert view.path.value == "data/riverside.sqlite"
    assert "Partnership: Riverside Makers" in view.context.value
    view.close()


def test_start_offers_the_partnerships_chosen_before(wb, _own_project_folder, tmp_path):
    """Opening two workbooks puts both in the recent list; picking one opens it again."""
    from workbook.store.current import current_target

    project = _own_project_folder
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    make_workbook(first, working_title="First").close()
    make_workbook(second, working_title="Second").close()
    view = StartView.show(wb, root=project)
    for path in (first, second):
        view.path.value = str(path)
        view.open_button.click()
    assert [value for _, value in view.recent.options] == [second.resolve(), first.resolve()]
    view.recent.value = first.resolve()
    view.recent_button.click()
    assert view.wb.partnership.working_title == "First"
    assert current_target(project) == first.resolve()
    view.close()


def test_start_database_partnership_needs_both_fields(wb):
    """Open with no database address or no short name says which is missing."""
    view = StartView.show(wb)
    view.db_button.click()
    assert "database" in view.status.text and view.wb is wb
    view.db_url.value = "postgresql://ana@localhost/nowhere"
    view.db_button.click()
    assert "short name" in view.status.text and view.wb is wb


def test_start_says_when_an_environment_variable_decides(wb, tmp_path, monkeypatch):
    """With WORKBOOK set, choosing here still opens it here and says the others follow
    the variable."""
    other = tmp_path / "other.sqlite"
    make_workbook(other, working_title="Other").close()
    monkeypatch.setenv("WORKBOOK", str(tmp_path / "hub.sqlite"))
    view = StartView.show(wb)
    view.path.value = str(other)
    view.open_button.click()
    assert view.wb.partnership.working_title == "Other"
    assert "WORKBOOK" in view.status.text and "Restart JupyterLab" in view.status.text
    view.close()


def test_start_plans_the_next_meeting_with_a_drafted_agenda(wb):
    """The next-meeting form stores a planned meeting (agenda drafted from the open
    actions); the standing table names it, and it is not the current meeting."""
    from workbook.model import Meeting

    add_action(wb, action="Book the welding bays", due_on=dt.date.today())
    view = StartView.show(wb)
    day = dt.date.today() + dt.timedelta(days=21)
    inputs = view.next_meeting.form.inputs
    inputs["held_on"].value = day
    inputs["starts_at"].value = "14:30"
    inputs["objective"].value = "Plan the job fair"
    inputs["location"].value = "Eastbank, room 2"
    view.next_meeting.plan_button.click()
    [planned] = wb.all(Meeting)
    assert planned.status == "planned" and planned.starts_at == "14:30"
    assert any("Book the welding bays" in line for line in planned.agenda)
    assert "Planned:" in view.status.text
    assert "at 14:30, Eastbank, room 2" in _standing(view)["Next meeting"]
    assert "Plan the job fair" in view.next_meeting.planned.value
    assert "No meeting held yet; the next one is planned" in view.context.value
    view.close()


def test_start_plan_refuses_a_bad_time_under_its_field(wb):
    """A start time that is not HH:MM is refused under that field; nothing is stored."""
    from workbook.model import Meeting

    view = StartView.show(wb)
    inputs = view.next_meeting.form.inputs
    inputs["held_on"].value = dt.date.today() + dt.timedelta(days=3)
    inputs["starts_at"].value = "2pm"
    inputs["objective"].value = "Plan"
    view.next_meeting.plan_button.click()
    assert "HH:MM" in view.next_meeting.form.error_text("starts_at")
    assert wb.all(Meeting) == []
    view.close()


def test_start_create_with_the_open_workbook_still_shown_makes_a_new_file(
        _own_project_folder):
    """The file box starts on the open workbook (the demo): Create leaves it alone and
    makes ``data/<title>.sqlite`` (numbered when taken), never suggesting ``--force``."""
    project = _own_project_folder
    (project / "data").mkdir(exist_ok=True)
    demo = make_workbook(project / "data" / "demo.sqlite", working_title="Demo")
    make_workbook(project / "data" / "care-careers.sqlite", working_title="Taken").close()
    view = StartView.show(demo, root=project)
    assert view.path.value == "data/demo.sqlite"
    for name, value in (("working_title", "Care Careers"), ("sector", "Health care"),
                        ("region", "North Shore")):
        view.new_form.inputs[name].value = value
    view.create_button.click()
    made = project.resolve() / "data" / "care-careers-2.sqlite"
    assert made.exists() and view.wb.partnership.working_title == "Care Careers"
    assert str(made) in view.status.text and "--force" not in view.status.text
    view.close()
    demo.close()
    with Workbook.open(project / "data" / "demo.sqlite", daily_backup=False) as again:
        assert again.partnership.working_title == "Demo"


def test_start_create_over_a_typed_existing_file_says_what_to_do_in_the_view(wb, tmp_path):
    """A typed file that exists is refused in the view's words, not the command line's."""
    existing = tmp_path / "ours.sqlite"
    make_workbook(existing, working_title="Ours").close()
    view = StartView.show(wb)
    view.path.value = str(existing)
    for name, value in (("working_title", "Theirs"), ("sector", "Retail"), ("region", "X")):
        view.new_form.inputs[name].value = value
    view.create_button.click()
    assert "already exists" in view.status.text and "--force" not in view.status.text
    assert "Open" in view.status.text
    view.close()
