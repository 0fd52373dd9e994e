"""The project's current partnership: chosen once, kept in .workbook/current.json."""

from __future__ import annotations

import json
import os
import stat

import pytest

from workbook.errors import SettingsError, WorkbookError
from workbook.store.current import (
    MAX_RECENT,
    choose,
    current_target,
    project_root,
    recent_targets,
    resolve_typed,
    settings_file,
)
from workbook.store.postgres import DbTarget


@pytest.fixture
def project(tmp_path):
    """A project folder with data/ and notebooks/."""
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    return tmp_path.resolve()


def test_current_none_chosen_yet(project):
    """A project where nothing was chosen has no current partnership and no recent list."""
    assert current_target(project) is None
    assert recent_targets(project) == []


def test_current_choose_keeps_a_file_relative_to_the_project(project):
    """A file inside the project is stored from its root, and read back as a full path."""
    chosen = project / "data" / "riverside.sqlite"
    where = choose(project, chosen)
    assert where == settings_file(project)
    assert json.loads(where.read_text())["current"] == {"file": "data/riverside.sqlite"}
    assert current_target(project) == chosen


def test_current_choose_keeps_a_database_partnership(project):
    """A database partnership is kept as its URL and short name."""
    target = DbTarget("postgresql://ana@dbhost/partnerships", "riverside")
    choose(project, target)
    assert current_target(project) == target


def test_current_recent_list_newest_first_without_repeats(project):
    """Choosing again moves an entry to the front; the list keeps at most MAX_RECENT."""
    files = [project / "data" / f"p{i}.sqlite" for i in range(MAX_RECENT + 2)]
    for path in files:
        choose(project, path)
    choose(project, files[3])
    recent = recent_targets(project)
    assert recent[0] == files[3] and len(recent) == MAX_RECENT
    assert len(set(recent)) == len(recent)
    assert recent[1] == files[-1]


def test_current_settings_are_private_and_never_committed(project):
    """The file is readable by its owner only, and its folder ignores itself in git."""
    where = choose(project, DbTarget("postgresql://ana:secret@h/db", "riverside"))
    assert stat.S_IMODE(os.stat(where).st_mode) == 0o600
    assert (where.parent / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"current": {"file": 3}}',
                                     '{"current": {"file": "a", "db": "b"}}',
                                     '{"recent": "x"}'])
def test_current_damaged_file_says_how_to_mend_it(project, content):
    """A damaged settings file is refused with a message naming it and the fix."""
    where = settings_file(project)
    where.parent.mkdir()
    where.write_text(content)
    with pytest.raises(SettingsError) as caught:
        current_target(project)
        recent_targets(project)
    assert str(where) in str(caught.value) and "00_start_here" in str(caught.value)
    assert isinstance(caught.value, WorkbookError)
    choose(project, project / "data" / "x.sqlite")  # choosing again mends it
    assert current_target(project) == project / "data" / "x.sqlite"


def test_current_huge_file_is_not_read(project):
    """A settings file far larger than ours is refused, not parsed."""
    where = settings_file(project)
    where.parent.mkdir()
    where.write_text('{"current": null, "pad": "' + "x" * 100_000 + '"}')
    with pytest.raises(SettingsError, match="larger"):
        current_target(project)


def test_current_project_root_found_from_the_notebooks_folder(project):
    """From notebooks/ (or deeper), the root is the folder with data/ and notebooks/."""
    deeper = project / "notebooks" / "extra"
    deeper.mkdir()
    assert project_root(project / "notebooks") == project
    assert project_root(deeper) == project


def test_current_project_root_prefers_the_settings_folder(tmp_path):
    """A folder with .workbook/ is a project root even without data/ and notebooks/."""
    (tmp_path / ".workbook").mkdir()
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert project_root(tmp_path / "a" / "b") == tmp_path.resolve()


def test_current_typed_paths_are_read_from_the_project_root(project, tmp_path):
    """data/x.sqlite typed anywhere means the project's data/; absolute paths stay."""
    assert resolve_typed("data/x.sqlite", project) == project / "data" / "x.sqlite"
    assert resolve_typed(str(tmp_path / "y.sqlite"), project) == tmp_path / "y.sqlite"
    assert resolve_typed("~/z.sqlite", project).is_absolute()
