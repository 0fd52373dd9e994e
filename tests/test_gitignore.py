"""What git ignores: partners' data never reaches a repository by accident."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs a git checkout")


def ignored(path: str) -> bool:
    """Whether git would leave ``path`` (relative to the project) out of a commit."""
    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT,
                          check=False)
    assert done.returncode in (0, 1), done
    return done.returncode == 0


@pytest.mark.parametrize("path", [
    "data/riverside.sqlite", "data/demo.sqlite", "data/riverside.sqlite-wal",
    "data/backups/riverside-20270121-091500-daily.sqlite", "data/partners.csv",
    "exports/riverside-1a2b3c4d/2027-01-21-regular.html", "exports/tables.xlsx",
    "notebooks/data/riverside.sqlite", "notebooks/exports/a/b.html",
    ".workbook/current.json", "data/hub/secrets.json",
])
def test_gitignore_keeps_partners_data_out(path):
    """Workbooks, backups, exports and the current-partnership file are ignored."""
    assert ignored(path)


@pytest.mark.parametrize("path", [
    "data/README.md", "exports/.gitkeep", "data/meeting.sqlite",
    "tests/fixtures/workbook_v1.sqlite", "notebooks/01_kickoff.ipynb",
])
def test_gitignore_keeps_the_notes_fixtures_and_the_participants_copy(path):
    """The folders' notes, the test fixtures and the Binder participants' copy stay."""
    assert not ignored(path)
