"""``workbook use``: the project's current partnership from a terminal."""

from __future__ import annotations

import pytest

from workbook import cli
from workbook.store.current import current_target
from workbook.store.postgres import DbTarget
from workbook.testing import make_workbook


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    return tmp_path.resolve()


def test_cli_use_makes_a_file_current(project, capsys):
    """``use PATH`` checks the workbook, then every notebook of the project opens it."""
    make_workbook(project / "data" / "riverside.sqlite", working_title="Riverside").close()
    assert cli.main(["use", "../data/riverside.sqlite"]) == 0
    assert current_target(project) == project / "data" / "riverside.sqlite"
    out = capsys.readouterr().out
    assert "Riverside" in out and str(project / "data" / "riverside.sqlite") in out
    assert cli.main(["use"]) == 0
    assert "riverside.sqlite" in capsys.readouterr().out


def test_cli_use_refuses_what_is_not_a_workbook(project, capsys):
    """A missing file is refused in one line and nothing is chosen."""
    assert cli.main(["use", "../data/missing.sqlite"]) == 2
    assert "missing.sqlite" in capsys.readouterr().err
    assert current_target(project) is None


def test_cli_use_a_database_partnership(project, pg_url, capsys):
    """``use --db URL --partnership SLUG`` keeps the database partnership."""
    target = DbTarget(pg_url, "use-cli")
    make_workbook(target, working_title="In the database").close()
    assert cli.main(["use", "--db", pg_url, "--partnership", "use-cli"]) == 0
    assert current_target(project) == target
    assert "In the database" in capsys.readouterr().out
