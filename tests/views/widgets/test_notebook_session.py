"""Which workbook a notebook opens, and what it says when there is none."""

from __future__ import annotations

import pytest

from workbook.errors import WorkbookMissingError
from workbook.testing import make_workbook
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
    wb = open_from_env(project / "notebooks")
    try:
        said = capsys.readouterr().out
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
