"""Which workbook a notebook opens, and what it says when there is none."""

from __future__ import annotations

import pytest

from workbook.errors import WorkbookMissingError
from workbook.testing import make_workbook
from workbook.views.widgets import session
from workbook.views.widgets.session import open_from_env, workbook_path


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with data/ and notebooks/, and no WORKBOOK set."""
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    for name in ("WORKBOOK", "WORKBOOK_DB", "WORKBOOK_PARTNERSHIP"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_session_defaults_to_the_projects_demo_from_the_notebooks_folder(project):
    """Run from notebooks/, the default is data/demo.sqlite of the same project."""
    assert workbook_path(project / "notebooks") == project.resolve() / "data" / "demo.sqlite"


def test_session_workbook_variable_wins(project, monkeypatch):
    """$WORKBOOK names the workbook, wherever the notebook runs."""
    chosen = project / "elsewhere.sqlite"
    make_workbook(chosen, working_title="Elsewhere").close()
    monkeypatch.setenv("WORKBOOK", str(chosen))
    wb = open_from_env(project / "notebooks")
    try:
        assert wb.partnership.working_title == "Elsewhere"
    finally:
        wb.close()


def test_session_missing_workbook_says_what_to_do(project):
    """No workbook: the message names the path and the commands that make one."""
    with pytest.raises(WorkbookMissingError) as caught:
        open_from_env(project / "notebooks")
    message = str(caught.value)
    assert str(project.resolve() / "data" / "demo.sqlite") in message
    assert "make run" in message and "workbook new" in message and "WORKBOOK" in message
    assert not (project / "data" / "demo.sqlite").exists()


def test_session_database_variables_open_that_partnership(project, monkeypatch, pg_url):
    """$WORKBOOK_DB and $WORKBOOK_PARTNERSHIP open a partnership in a database, over $WORKBOOK."""
    from workbook.store.postgres import DbTarget

    make_workbook(DbTarget(pg_url, "session-env"), working_title="In the database").close()
    monkeypatch.setenv("WORKBOOK", str(project / "missing.sqlite"))
    monkeypatch.setenv("WORKBOOK_DB", pg_url)
    monkeypatch.setenv("WORKBOOK_PARTNERSHIP", "session-env")
    wb = open_from_env(project / "notebooks")
    try:
        assert wb.partnership.working_title == "In the database"
    finally:
        wb.close()
    monkeypatch.delenv("WORKBOOK_DB")
    with pytest.raises(WorkbookMissingError, match="WORKBOOK_DB"):
        open_from_env(project / "notebooks")


def test_session_opens_the_projects_current_partnership(project):
    """With no variable set, every notebook opens what was chosen for the project."""
    from workbook.store.current import choose

    chosen = project / "data" / "riverside.sqlite"
    make_workbook(chosen, working_title="Riverside Makers").close()
    choose(project, chosen)
    wb = open_from_env(project / "notebooks")
    try:
        assert wb.partnership.working_title == "Riverside Makers"
    finally:
        wb.close()


def test_session_relative_workbook_variable_is_read_from_the_project(project, monkeypatch):
    """``WORKBOOK=data/x.sqlite`` means the project's data/, not notebooks/data/."""
    make_workbook(project / "data" / "x.sqlite", working_title="From the root").close()
    monkeypatch.setenv("WORKBOOK", "data/x.sqlite")
    assert workbook_path(project / "notebooks") == project.resolve() / "data" / "x.sqlite"
    wb = open_from_env(project / "notebooks")
    try:
        assert wb.partnership.working_title == "From the root"
    finally:
        wb.close()


def test_session_variable_overrides_the_chosen_partnership(project, monkeypatch):
    """$WORKBOOK (a hub's setting) wins over the project's choice, and never goes stale."""
    from workbook.store.current import choose
    from workbook.views.widgets.session import stale_message

    for name in ("chosen", "hub"):
        make_workbook(project / "data" / f"{name}.sqlite", working_title=name).close()
    choose(project, project / "data" / "chosen.sqlite")
    monkeypatch.setenv("WORKBOOK", str(project / "data" / "hub.sqlite"))
    wb = open_from_env(project / "notebooks")
    try:
        assert wb.partnership.working_title == "hub"
        assert stale_message(wb) is None
    finally:
        wb.close()


def test_session_view_of_a_partnership_no_longer_current_says_so_and_stores_nothing(project):
    """After another choice, an open view names both, refuses changes, and the next run
    of the notebook opens the new one."""
    from workbook.model import Organisation
    from workbook.store.current import choose
    from workbook.views.steps.resource_map import ResourceMapView

    first, second = project / "data" / "first.sqlite", project / "data" / "second.sqlite"
    make_workbook(first, working_title="First").close()
    make_workbook(second, working_title="Second").close()
    choose(project, first)
    wb = open_from_env(project / "notebooks")
    view = ResourceMapView.show(wb)
    assert "Partnership: First" in view.context.value
    choose(project, second)
    before = len(wb.all(Organisation))
    view.run(lambda: wb.add(Organisation(name="Should not land")), done="stored")
    assert "second.sqlite" in view.status.text and "Nothing was stored" in view.status.text
    assert len(wb.all(Organisation)) == before
    assert "second.sqlite" in view.context.value and "Run this notebook again" in (
        view.context.value)
    view.close()
    wb.close()
    again = open_from_env(project / "notebooks")
    try:
        assert again.partnership.working_title == "Second"
        fresh = ResourceMapView.show(again)
        assert "Partnership: Second" in fresh.context.value
        assert "Run this notebook again" not in fresh.context.value
        fresh.close()
    finally:
        again.close()


def test_session_opens_when_the_disk_is_too_full_for_the_days_backup(project, monkeypatch,
                                                                     capsys):
    """Probe 35: the morning after a disk filled up, the day's backup cannot be made; the
    notebook opens the workbook all the same, says so and what to do, and saves changes;
    once there is room the next open makes the backup."""
    import errno

    from workbook import Organisation
    from workbook.store import backups, list_backups

    chosen = project / "data" / "ours.sqlite"
    make_workbook(chosen).close()
    monkeypatch.setenv("WORKBOOK", str(chosen))

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "_copy", full)
    shown: list[str] = []
    monkeypatch.setattr(session, "_show_notice", shown.append)  # under the cell, in a lab
    wb = open_from_env(project / "notebooks")
    try:
        said = " ".join(shown)
        assert "backup" in said and "full" in said and "free some space" in said
        wb.add(Organisation(name="Still Works", partner_type="business"))
    finally:
        wb.close()
    assert list_backups(chosen) == []
    monkeypatch.undo()
    monkeypatch.setenv("WORKBOOK", str(chosen))
    with open_from_env(project / "notebooks") as again:
        assert again.organisation_named("Still Works") is not None
    assert capsys.readouterr().out == ""
    assert [b.reason for b in list_backups(chosen)] == ["daily"]
